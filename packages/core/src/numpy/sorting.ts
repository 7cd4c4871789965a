// The np sorting, searching and scan functions: sort, argsort, lexsort, searchsorted, unique
// (eager), cumsum, cumprod and diff — NumPy semantics, JAX dtypes (stable sorts, NaNs last). Layer 12.

import { Array } from "../array/Array.js";
import { fromData } from "../array/create.js";
import { checkDType, type DataArray, type DType } from "../dtype/dtype.js";
import { checkOptions, DTypeError, ShapeError, ValueError } from "../errors/errors.js";
import { cumprodP, cumsumP, type CumulativeParams } from "../primitives/cumulative.js";
import * as P from "../primitives/elementwise.js";
import { concatenateP, iotaP, reshapeP, sliceP } from "../primitives/movement.js";
import { searchsortedP, sortP } from "../primitives/sort.js";
import { normalizeAxis } from "../shape/shape.js";
import type { Primitive } from "../trace/primitive.js";
import { formatShape, sameList } from "../util/assert.js";
import { asArray, type ArrayLike } from "./convert.js";
import { broadcastTo, convert, resultType } from "./promote.js";

function flatten(x: Array): Array {
  return x.ndim === 1 ? x : reshapeP.bind1([x], { newShape: [x.size] });
}

/** The array and normalised axis of a sort-like call; `axis = null` sorts the flattened array. */
function prepareAxis(where: string, x: ArrayLike, axis: number | null | undefined, defaultAxis: number | null): { a: Array; axis: number } {
  const a0 = asArray(x, where);
  const ax = axis === undefined ? defaultAxis : axis;
  if (ax === null) return { a: flatten(a0), axis: 0 };
  return { a: a0, axis: normalizeAxis(where, ax, a0.ndim) };
}

function iotaLike(shape: readonly number[], axis: number): Array {
  return iotaP.bind1([], { dtype: "int32", shape, dimension: axis });
}

/**
 * NumPy's `sort`: a sorted copy along `axis` (default the last; `null` flattens first). Stable;
 * NaNs sort to the end.
 * @throws AxisError for an axis out of range (including any axis of a 0-d array).
 * @public
 */
export function sort(x: ArrayLike, axis: number | null = -1): Array {
  const { a, axis: ax } = prepareAxis("sort", x, axis, -1);
  return sortP.bind1([a], { axis: ax, numKeys: 1 });
}

/**
 * NumPy's `argsort`: int32 indices that sort `x` along `axis` (default the last; `null`
 * flattens). Stable: equal elements keep their order; NaNs go last.
 * @throws AxisError for an axis out of range.
 * @public
 */
export function argsort(x: ArrayLike, axis: number | null = -1): Array {
  const { a, axis: ax } = prepareAxis("argsort", x, axis, -1);
  return sortP.bind([a, iotaLike(a.shape, ax)], { axis: ax, numKeys: 1 })[1] as Array;
}

/**
 * NumPy's `lexsort`: int32 indices that sort by the last key first, then the one before, …
 * along `axis` (default the last). Keys share one shape.
 * @throws {@link ValueError} for no keys; {@link ShapeError} when the keys' shapes differ.
 * @public
 */
export function lexsort(keys: readonly ArrayLike[] | Array, axis = -1): Array {
  const list: Array[] =
    keys instanceof Array
      ? keys.ndim === 0
        ? []
        : globalThis.Array.from({ length: keys.shape[0] as number }, (_, i) => {
            const rest = keys.shape.slice(1);
            const row = sliceP.bind1([keys], {
              start: keys.shape.map((_d, k) => (k === 0 ? i : 0)),
              limit: keys.shape.map((d, k) => (k === 0 ? i + 1 : d)),
              strides: keys.shape.map(() => 1),
            });
            return reshapeP.bind1([row], { newShape: rest });
          })
      : keys.map((k) => asArray(k, "lexsort"));
  if (list.length === 0) throw new ValueError("lexsort: needs at least one key");
  const first = list[0] as Array;
  for (const k of list) {
    if (!sameList(k.shape, first.shape)) {
      throw new ShapeError(`lexsort: all keys need the same shape, got ${list.map((a) => formatShape(a.shape)).join(", ")}`);
    }
  }
  const ax = normalizeAxis("lexsort", axis, first.ndim);
  const ordered = [...list].reverse();
  const out = sortP.bind([...ordered, iotaLike(first.shape, ax)], { axis: ax, numKeys: ordered.length });
  return out[out.length - 1] as Array;
}

/** Which insertion point `np.searchsorted` returns among equal elements. @public */
export type SearchSide = "left" | "right";

/**
 * NumPy's `searchsorted`: for each element of `v`, the index in the sorted 1-d `a` where it
 * would be inserted to keep `a` sorted (`left`: before equal elements, `right`: after). NaNs
 * order last. Returns int32 of `v`'s shape.
 * @throws {@link ShapeError} when `a` is not 1-d; {@link ValueError} for a bad side.
 * @public
 */
export function searchsorted(a: ArrayLike, v: ArrayLike, side: SearchSide = "left"): Array {
  if (side !== "left" && side !== "right") throw new ValueError(`searchsorted: side must be 'left' or 'right', got ${JSON.stringify(side)}`);
  const { dtype, weak } = resultType(a, v);
  const s = convert(asArray(a, "searchsorted"), dtype, weak);
  const q = convert(asArray(v, "searchsorted"), dtype, weak);
  if (s.ndim !== 1) throw new ShapeError(`searchsorted: a must be 1-d (sorted), got shape ${formatShape(s.shape)}`);
  return searchsortedP.bind1([s, q], { side });
}

// ---------------------------------------------------------------------------------------------
// unique (eager)

interface UniqueParts {
  values: Array;
  indices: Array;
  inverse: Array;
  counts: Array;
}

function uniqueParts(where: string, x: ArrayLike): UniqueParts {
  const a = asArray(x, where);
  const data = a.data();
  const n = data.length;
  const order = globalThis.Array.from({ length: n }, (_, i) => i);
  const key = (i: number): number => data[i] as number;
  order.sort((i, j) => {
    const p = key(i);
    const q = key(j);
    if (p < q) return -1;
    if (p > q) return 1;
    if (p === q) return i - j;
    const np = p !== p;
    const nq = q !== q;
    return np === nq ? i - j : np ? 1 : -1;
  });
  const same = (p: number, q: number): boolean => p === q || (p !== p && q !== q);
  const vals: number[] = [];
  const firsts: number[] = [];
  const counts: number[] = [];
  const inverse = new Int32Array(n);
  for (const i of order) {
    const v = key(i);
    if (vals.length === 0 || !same(vals[vals.length - 1] as number, v)) {
      vals.push(v);
      firsts.push(i);
      counts.push(0);
    }
    counts[counts.length - 1] = (counts[counts.length - 1] as number) + 1;
    inverse[i] = vals.length - 1;
  }
  const store = new (data.constructor as new (xs: number[]) => DataArray)(vals);
  return {
    values: fromData(store, [vals.length], a.dtype),
    indices: fromData(Int32Array.from(firsts), [firsts.length], "int32"),
    inverse: fromData(inverse, [...a.shape], "int32"),
    counts: fromData(Int32Array.from(counts), [counts.length], "int32"),
  };
}

/**
 * NumPy's `unique`: the sorted distinct values of the flattened array (NaNs collapse into one,
 * last). Eager: it reads the data, so it cannot run inside a transformation.
 * @public
 */
export function unique(x: ArrayLike): Array {
  return uniqueParts("unique", x).values;
}

/** Result of `np.uniqueCounts`. @public */
export interface UniqueCountsResult {
  /** Sorted distinct values. */
  values: Array;
  /** How often each value occurs (int32). */
  counts: Array;
}

/** Result of `np.uniqueInverse`. @public */
export interface UniqueInverseResult {
  /** Sorted distinct values. */
  values: Array;
  /** For every element of the input (same shape), the index of its value in `values` (int32). */
  inverseIndices: Array;
}

/** Result of `np.uniqueAll`. @public */
export interface UniqueAllResult extends UniqueCountsResult, UniqueInverseResult {
  /** For every distinct value, the flat index of its first occurrence (int32). */
  indices: Array;
}

/** NumPy's `unique_counts`: distinct values and their counts. Eager. @public */
export function uniqueCounts(x: ArrayLike): UniqueCountsResult {
  const p = uniqueParts("uniqueCounts", x);
  return { values: p.values, counts: p.counts };
}

/** NumPy's `unique_inverse`: distinct values and, per input element, its value's index. Eager. @public */
export function uniqueInverse(x: ArrayLike): UniqueInverseResult {
  const p = uniqueParts("uniqueInverse", x);
  return { values: p.values, inverseIndices: p.inverse };
}

/** NumPy's `unique_all`: values, first indices, inverse indices and counts. Eager. @public */
export function uniqueAll(x: ArrayLike): UniqueAllResult {
  const p = uniqueParts("uniqueAll", x);
  return { values: p.values, indices: p.indices, inverseIndices: p.inverse, counts: p.counts };
}

// ---------------------------------------------------------------------------------------------
// scans

/** Options of `np.cumsum` and `np.cumprod`. @public */
export interface CumulativeOptions {
  /** Accumulate in (and return) this dtype; default: bool/int32 → int32, otherwise the input's. */
  dtype?: DType;
}

function cumulative(name: string, prim: Primitive<CumulativeParams>, x: ArrayLike, axis: number | null | undefined, options: CumulativeOptions | undefined): Array {
  checkOptions(name, options, ["dtype"]);
  const { a, axis: ax } = prepareAxis(name, x, axis, null);
  let dtype: DType;
  if (options?.dtype !== undefined) {
    dtype = checkDType(name, options.dtype);
    if (dtype === "bool") throw new DTypeError(`${name}: cannot accumulate in bool; pass dtype 'int32' (the default for bool input)`);
  } else {
    dtype = a.dtype === "bool" ? "int32" : a.dtype;
  }
  const b = convert(a, dtype, a.weakType && options?.dtype === undefined);
  return prim.bind1([b], { axis: ax, reverse: false });
}

/**
 * NumPy's `cumsum`: running sums along `axis` (default `null`: over the flattened array). Bool
 * and int32 accumulate in int32 (wrapping), as JAX.
 * @throws AxisError for an axis out of range; {@link DTypeError} for a bool `dtype`.
 * @public
 */
export function cumsum(x: ArrayLike, axis: number | null = null, options?: CumulativeOptions): Array {
  return cumulative("cumsum", cumsumP, x, axis, options);
}

/**
 * NumPy's `cumprod`: running products along `axis` (default `null`: flattened).
 * @throws AxisError for an axis out of range; {@link DTypeError} for a bool `dtype`.
 * @public
 */
export function cumprod(x: ArrayLike, axis: number | null = null, options?: CumulativeOptions): Array {
  return cumulative("cumprod", cumprodP, x, axis, options);
}

/** Options of `np.diff`. @public */
export interface DiffOptions {
  /** Values put before `x` along `axis` first (a scalar is broadcast to one slice). */
  prepend?: ArrayLike;
  /** Values put after `x` along `axis` first. */
  append?: ArrayLike;
}

function sliceAxis(x: Array, axis: number, start: number, stop: number): Array {
  return sliceP.bind1([x], {
    start: x.shape.map((_, k) => (k === axis ? start : 0)),
    limit: x.shape.map((d, k) => (k === axis ? stop : d)),
    strides: x.shape.map(() => 1),
  });
}

/**
 * NumPy's `diff`: the `n`-th discrete difference `x[1:] - x[:-1]` along `axis` (default the
 * last); bools use `!=`. `prepend`/`append` extend `x` along the axis first.
 * @throws {@link ValueError} for a 0-d input or a negative `n`; AxisError for a bad axis.
 * @public
 */
export function diff(x: ArrayLike, n = 1, axis = -1, options?: DiffOptions): Array {
  checkOptions("diff", options, ["prepend", "append"]);
  let a = asArray(x, "diff");
  if (a.ndim === 0) throw new ValueError("diff: needs an array of at least 1 dimension, got a 0-d array");
  if (!Number.isInteger(n) || n < 0) throw new ValueError(`diff: order n must be a non-negative integer, got ${n}`);
  const ax = normalizeAxis("diff", axis, a.ndim);
  const extra = [options?.prepend, options?.append];
  if (extra.some((e) => e !== undefined)) {
    const { dtype, weak } = resultType(a, ...extra.filter((e): e is ArrayLike => e !== undefined));
    const fit = (e: ArrayLike): Array => {
      const b = convert(asArray(e, "diff"), dtype, weak);
      if (b.ndim === 0) return broadcastTo(b, a.shape.map((d, k) => (k === ax ? 1 : d)), "diff");
      if (b.ndim !== a.ndim || b.shape.some((d, k) => k !== ax && d !== a.shape[k])) {
        throw new ShapeError(
          `diff: prepend/append of shape ${formatShape(b.shape)} does not fit x of shape ${formatShape(a.shape)}; it must be a scalar or match x on every axis but ${ax}`,
        );
      }
      return b;
    };
    const parts = [
      ...(options?.prepend !== undefined ? [fit(options.prepend)] : []),
      convert(a, dtype, weak),
      ...(options?.append !== undefined ? [fit(options.append)] : []),
    ];
    a = concatenateP.bind1(parts, { dimension: ax });
  }
  for (let k = 0; k < n; k++) {
    const len = a.shape[ax] as number;
    if (len === 0) break;
    const hi = sliceAxis(a, ax, 1, len);
    const lo = sliceAxis(a, ax, 0, len - 1);
    a = a.dtype === "bool" ? P.neP.bind1([hi, lo], {}) : P.subP.bind1([hi, lo], {});
  }
  return a;
}
