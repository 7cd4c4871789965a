// NumPy indexing on Arrays: `index` (NumPy's `x[...]`, basic and advanced), JAX's `at` updates,
// take / takeAlongAxis / putAlongAxis / compress, and the eager nonzero family. Layer 12.

import { Array, type ArrayAt, type IndexItem, type Slice } from "../array/Array.js";
import { fromData } from "../array/create.js";
import { isFloat, type DType } from "../dtype/dtype.js";
import { checkOptions, DTypeError, IndexError, OptionError, ShapeError, ValueError } from "../errors/errors.js";
import { selectP } from "../primitives/elementwise.js";
import { takeAlongAxisP, takeP } from "../primitives/gather.js";
import { iotaP, padP, reshapeP, revP, sliceP, transposeP } from "../primitives/movement.js";
import { scatterP, type ScatterMode } from "../primitives/scatter.js";
import { broadcastShapes, normalizeAxis } from "../shape/shape.js";
import { formatShape, isJsArray, prod, sameList } from "../util/assert.js";
import { array, asArray, scalar, type ArrayLike } from "./convert.js";
import { add, greaterEqual, less, logicalAnd, maximum, minimum, multiply, remainder, where } from "./elementwise.js";
import { broadcastTo, convert } from "./promote.js";

// ---------------------------------------------------------------------------------------------
// Small helpers over primitives

function reshapeTo(x: Array, shape: readonly number[]): Array {
  return sameList(x.shape, shape) ? x : reshapeP.bind1([x], { newShape: [...shape] });
}

function int32Array(values: readonly number[], shape: readonly number[]): Array {
  return fromData(Int32Array.from(values), shape, "int32");
}

/** `0, 1, …, size-1` laid out in x's shape: the flat position of every element. */
function positionsOf(x: Array): Array {
  const flat = iotaP.bind1([], { dtype: "int32", shape: [x.size], dimension: 0 });
  return reshapeTo(flat, x.shape);
}

function describe(v: unknown): string {
  if (v === null) return "null";
  if (v === undefined) return "undefined";
  if (typeof v === "string") return JSON.stringify(v);
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (v instanceof Array) return `an Array of ${v.dtype}${formatShape(v.shape)}`;
  return typeof v;
}

// ---------------------------------------------------------------------------------------------
// Parsing index items

/** Integer values (or 0/1 for masks) with their shape, known on the host. */
interface Host {
  readonly values: readonly number[];
  readonly shape: readonly number[];
}

type Parsed =
  | { readonly kind: "int"; readonly value: number }
  | { readonly kind: "slice"; readonly start: number | null; readonly stop: number | null; readonly step: number | null }
  | { readonly kind: "newaxis" }
  | { readonly kind: "ellipsis" }
  | { readonly kind: "array"; readonly device?: Array; readonly host?: Host }
  | { readonly kind: "mask"; readonly host: Host };

const SLICE_RE = /^\s*([+-]?\d+)?\s*:\s*([+-]?\d+)?\s*(?::\s*([+-]?\d+)?\s*)?$/;
const SLICE_KEYS = ["start", "stop", "step"];

function parseSliceString(s: string, fn: string): Parsed {
  const m = SLICE_RE.exec(s);
  if (!m) {
    throw new IndexError(
      `${fn}: cannot read ${JSON.stringify(s)} as an index; strings must be slices "start:stop:step" with optional integer parts (":", "1:3", "::-1", "-2:") or "..." — pass integers as numbers`,
    );
  }
  const part = (g: string | undefined): number | null => (g === undefined ? null : Number(g));
  return { kind: "slice", start: part(m[1]), stop: part(m[2]), step: part(m[3]) };
}

function parseSliceObject(o: Record<string, unknown>, fn: string): Parsed {
  for (const key of Object.keys(o)) {
    if (!SLICE_KEYS.includes(key)) {
      throw new IndexError(`${fn}: a slice object has the keys start, stop and step; got an unknown key '${key}'`);
    }
  }
  const part = (key: string): number | null => {
    const v = o[key];
    if (v === undefined || v === null) return null;
    if (typeof v !== "number" || !Number.isInteger(v)) {
      throw new IndexError(`${fn}: slice ${key} must be an integer, null or absent; got ${describe(v)}`);
    }
    return v;
  };
  return { kind: "slice", start: part("start"), stop: part("stop"), step: part("step") };
}

/** Reads a nested JS list of numbers or booleans into values and shape. */
function readList(list: readonly unknown[], fn: string): { values: (number | boolean)[]; shape: number[] } {
  const shape: number[] = [];
  let cur: unknown = list;
  while (isJsArray(cur)) {
    shape.push(cur.length);
    if (cur.length === 0) break;
    cur = cur[0];
  }
  const values: (number | boolean)[] = [];
  const rec = (v: unknown, d: number): void => {
    if (d === shape.length) {
      if (typeof v === "number" || typeof v === "boolean") {
        values.push(v);
        return;
      }
      throw new IndexError(`${fn}: index lists hold integers or booleans; found ${describe(v)}`);
    }
    if (!isJsArray(v) || v.length !== shape[d]) {
      throw new IndexError(`${fn}: ragged nested index list (shape ${formatShape(shape)} from its first elements); every row must have the same length`);
    }
    for (const e of v) rec(e, d + 1);
  };
  rec(list, 0);
  return { values, shape };
}

function parseList(list: readonly unknown[], fn: string): Parsed {
  const { values, shape } = readList(list, fn);
  const bools = values.filter((v) => typeof v === "boolean").length;
  if (bools > 0 && bools === values.length) {
    return { kind: "mask", host: { values: values.map((v) => (v ? 1 : 0)), shape } };
  }
  if (bools > 0) {
    throw new IndexError(`${fn}: an index list mixes booleans and numbers; use all booleans (a mask) or all integers`);
  }
  for (const v of values) {
    if (!Number.isInteger(v)) {
      throw new IndexError(`${fn}: arrays used as indices must be of integer (or boolean) type; the index list holds ${String(v)}`);
    }
  }
  return { kind: "array", host: { values: values as number[], shape } };
}

function parseArray(a: Array, fn: string): Parsed {
  if (a.dtype === "bool") {
    // A mask needs its data: this reads it (and throws ConcretizationError for a tracer).
    return { kind: "mask", host: { values: globalThis.Array.from(a.data(), (v) => (v !== 0 ? 1 : 0)), shape: a.shape } };
  }
  if (isFloat(a.dtype)) {
    throw new IndexError(`${fn}: arrays used as indices must be of integer (or boolean) type, got ${a.dtype}${formatShape(a.shape)}; cast with astype('int32')`);
  }
  return { kind: "array", device: a.dtype === "int32" ? a : convert(a, "int32") };
}

function parseItem(item: unknown, fn: string): Parsed {
  if (item === null) return { kind: "newaxis" };
  if (typeof item === "number") {
    if (!Number.isInteger(item)) {
      throw new IndexError(`${fn}: only integers, slices, "...", null (new axis) and integer or boolean arrays are valid indices; got ${item}`);
    }
    return { kind: "int", value: item };
  }
  if (typeof item === "boolean") return { kind: "mask", host: { values: [item ? 1 : 0], shape: [] } };
  if (typeof item === "string") return item.trim() === "..." ? { kind: "ellipsis" } : parseSliceString(item, fn);
  if (item instanceof Array) return parseArray(item, fn);
  if (isJsArray(item)) return parseList(item, fn);
  if (ArrayBuffer.isView(item)) return parseArray(array(item as unknown as ArrayLike), fn);
  if (typeof item === "object") return parseSliceObject(item as Record<string, unknown>, fn);
  throw new IndexError(`${fn}: only integers, slices, "...", null (new axis) and integer or boolean arrays are valid indices; got ${describe(item)}`);
}

// ---------------------------------------------------------------------------------------------
// Resolving items against a shape

/** One entry of a resolved index: every entry except `newaxis` addresses one operand axis of size `n`. */
type Resolved =
  | { readonly kind: "int"; readonly n: number; readonly value: number; readonly pos: number }
  | { readonly kind: "slice"; readonly n: number; readonly start: number; readonly len: number; readonly step: number; readonly pos: number }
  | { readonly kind: "newaxis"; readonly pos: number }
  | { readonly kind: "array"; readonly n: number; readonly device?: Array; readonly host?: Host; readonly pos: number };

/** Python's `slice.indices(n)` followed by the length of the selection. */
function sliceBounds(start: number | null, stop: number | null, step: number | null, n: number, fn: string): { start: number; len: number; step: number } {
  const st = step ?? 1;
  if (st === 0) throw new ValueError(`${fn}: slice step cannot be zero`);
  const lower = st > 0 ? 0 : -1;
  const upper = st > 0 ? n : n - 1;
  const fix = (v: number | null, dflt: number): number => {
    if (v === null) return dflt;
    return v < 0 ? Math.max(v + n, lower) : Math.min(v, upper);
  };
  const s = fix(start, st > 0 ? lower : upper);
  const e = fix(stop, st > 0 ? upper : lower);
  const len = st > 0 ? Math.max(0, Math.ceil((e - s) / st)) : Math.max(0, Math.ceil((s - e) / -st));
  return { start: s, len, step: st };
}

function checkInt(v: number, n: number, axis: number, fn: string): number {
  if (v < -n || v >= n) throw new IndexError(`${fn}: index ${v} is out of bounds for axis ${axis} with size ${n}`);
  return v < 0 ? v + n : v;
}

function consumedAxes(p: Parsed): number {
  switch (p.kind) {
    case "int":
    case "slice":
    case "array":
      return 1;
    case "mask":
      return p.host.shape.length;
    default:
      return 0;
  }
}

function resolve(shape: readonly number[], items: readonly unknown[], fn: string): Resolved[] {
  const parsed = items.map((it) => parseItem(it, fn));
  const ndim = shape.length;
  const ellipses = parsed.filter((p) => p.kind === "ellipsis").length;
  if (ellipses > 1) throw new IndexError(`${fn}: an index can only have a single ellipsis ("..."); got ${ellipses}`);
  const consumed = parsed.reduce((s, p) => s + consumedAxes(p), 0);
  if (consumed > ndim) {
    throw new IndexError(`${fn}: too many indices for array: array is ${ndim}-dimensional, but ${consumed} were indexed`);
  }
  const out: Resolved[] = [];
  let axis = 0;
  const full = (pos: number): Resolved => {
    const n = shape[axis++] as number;
    return { kind: "slice", n, start: 0, len: n, step: 1, pos };
  };
  parsed.forEach((p, pos) => {
    switch (p.kind) {
      case "ellipsis":
        for (let k = consumed; k < ndim; k++) out.push(full(pos));
        break;
      case "newaxis":
        out.push({ kind: "newaxis", pos });
        break;
      case "int": {
        const n = shape[axis] as number;
        out.push({ kind: "int", n, value: checkInt(p.value, n, axis, fn), pos });
        axis++;
        break;
      }
      case "slice": {
        const n = shape[axis++] as number;
        out.push({ kind: "slice", n, ...sliceBounds(p.start, p.stop, p.step, n, fn), pos });
        break;
      }
      case "array": {
        const n = shape[axis] as number;
        if (p.host) {
          const values = p.host.values.map((v) => checkInt(v, n, axis, fn));
          out.push({ kind: "array", n, host: { values, shape: p.host.shape }, pos });
        } else {
          out.push({ kind: "array", n, device: p.device as Array, pos });
        }
        axis++;
        break;
      }
      case "mask": {
        const ms = p.host.shape;
        if (ms.length === 0) {
          // A 0-d mask adds an axis of size 1 and selects it (true) or nothing (false).
          const values = p.host.values[0] ? [0] : [];
          out.push({ kind: "array", n: 1, host: { values, shape: [values.length] }, pos });
          break;
        }
        ms.forEach((d, j) => {
          if (d !== shape[axis + j]) {
            throw new IndexError(
              `${fn}: boolean index did not match indexed array along axis ${axis + j}; size of axis is ${shape[axis + j]} but size of corresponding boolean axis is ${d}`,
            );
          }
        });
        const coords: number[][] = ms.map(() => []);
        const strides = ms.map((_, j) => prod(ms.slice(j + 1)));
        p.host.values.forEach((v, flat) => {
          if (v === 0) return;
          ms.forEach((d, j) => (coords[j] as number[]).push(Math.floor(flat / (strides[j] as number)) % d));
        });
        coords.forEach((values, j) => out.push({ kind: "array", n: ms[j] as number, host: { values, shape: [values.length] }, pos }));
        axis += ms.length;
        break;
      }
    }
  });
  while (axis < ndim) out.push(full(parsed.length));
  return out;
}

// ---------------------------------------------------------------------------------------------
// Gathering

/**
 * `x[items]`. With `dropFill` (a 0-d scalar of x's dtype), index-array entries that are out of
 * range after wrapping negatives yield `dropFill` instead of a clamped element (used by `at` to
 * mark dropped update positions); without it they are clamped, as JAX's retrieval does.
 */
function gather(x: Array, items: readonly unknown[], fn: string, dropFill?: Array): Array {
  const entries = resolve(x.shape, items, fn);
  const axes = entries.filter((e): e is Exclude<Resolved, { kind: "newaxis" }> => e.kind !== "newaxis");
  let y = reshapeTo(x, axes.map((e) => e.n));

  const start: number[] = [];
  const limit: number[] = [];
  const strides: number[] = [];
  const reversed: number[] = [];
  axes.forEach((e, k) => {
    if (e.kind === "int") {
      start.push(e.value);
      limit.push(e.value + 1);
      strides.push(1);
    } else if (e.kind === "slice") {
      const step = Math.abs(e.step);
      if (e.len === 0) {
        start.push(0);
        limit.push(0);
        strides.push(1);
      } else if (e.step > 0) {
        start.push(e.start);
        limit.push(e.start + (e.len - 1) * step + 1);
        strides.push(step);
      } else {
        start.push(e.start - (e.len - 1) * step);
        limit.push(e.start + 1);
        strides.push(step);
        if (e.len > 1) reversed.push(k);
      }
    } else {
      start.push(0);
      limit.push(e.n);
      strides.push(1);
    }
  });
  const identity = axes.every((e, k) => start[k] === 0 && limit[k] === e.n && strides[k] === 1);
  if (!identity) y = sliceP.bind1([y], { start, limit, strides });
  if (reversed.length > 0) y = revP.bind1([y], { dimensions: reversed });

  const hasArrays = axes.some((e) => e.kind === "array");
  const advAxes: number[] = [];
  axes.forEach((e, k) => {
    if (e.kind === "array" || (e.kind === "int" && hasArrays)) advAxes.push(k);
  });
  const basicDims = (e: Resolved): number[] => (e.kind === "slice" ? [e.len] : e.kind === "newaxis" ? [1] : []);
  if (advAxes.length === 0) return reshapeTo(y, entries.flatMap(basicDims));

  // Advanced indexing: one flat index over the merged advanced axes, then one gather.
  const advEntries = advAxes.map((k) => axes[k] as Exclude<Resolved, { kind: "newaxis" }>);
  const sizes = advAxes.map((k) => y.shape[k] as number);
  const M = prod(sizes);
  const arrays: Array[] = [];
  const terms: { arr: Array; stride: number; n: number; device: boolean }[] = [];
  advEntries.forEach((e, j) => {
    if (e.kind !== "array") return;
    const stride = prod(sizes.slice(j + 1));
    if (e.host) {
      const arr = int32Array(e.host.values, e.host.shape);
      arrays.push(arr);
      terms.push({ arr, stride, n: e.n, device: false });
    } else {
      const d = e.device as Array;
      const norm = where(less(d, 0), add(d, e.n), d);
      arrays.push(norm);
      terms.push({ arr: norm, stride, n: e.n, device: true });
    }
  });
  let B: number[];
  try {
    B = broadcastShapes(fn, ...arrays.map((a) => a.shape));
  } catch (err) {
    if (!(err instanceof ShapeError)) throw err;
    throw new IndexError(
      `${fn}: shape mismatch: indexing arrays could not be broadcast together with shapes ${arrays.map((a) => formatShape(a.shape)).join(" ")}`,
    );
  }
  const anyDevice = terms.some((t) => t.device);
  if (dropFill === undefined && M === 0 && prod(B) > 0) {
    throw new IndexError(`${fn}: cannot gather ${formatShape(B)} index positions from advanced axes of total size 0`);
  }
  let flat: Array | undefined;
  let valid: Array | undefined;
  for (const t of terms) {
    let a = t.arr;
    if (t.device && dropFill !== undefined) {
      const ok = logicalAnd(greaterEqual(a, 0), less(a, t.n));
      valid = valid === undefined ? ok : logicalAnd(valid, ok);
    } else if (t.device && advAxes.length > 1 && t.n > 0) {
      a = minimum(maximum(a, 0), t.n - 1);
    }
    const term = t.stride === 1 ? a : multiply(a, t.stride);
    flat = flat === undefined ? term : add(flat, term);
  }
  let flatIndex = broadcastTo(flat as Array, B, fn);
  if (valid !== undefined) flatIndex = where(broadcastTo(valid, B, fn), flatIndex, M);

  const adjacent = advEntries.every((e, j) => j === 0 || e.pos - (advEntries[j - 1] as Resolved).pos <= 1);
  let p0 = advAxes[0] as number;
  if (!adjacent) {
    const others = axes.map((_, k) => k).filter((k) => !advAxes.includes(k));
    const perm = [...advAxes, ...others];
    if (perm.some((p, k) => p !== k)) y = transposeP.bind1([y], { permutation: perm });
    p0 = 0;
  }
  y = reshapeTo(y, [...y.shape.slice(0, p0), M, ...y.shape.slice(p0 + advAxes.length)]);
  if (dropFill !== undefined && anyDevice) {
    const lo = y.shape.map(() => 0);
    const hi = y.shape.map((_, k) => (k === p0 ? 1 : 0));
    y = padP.bind1([y, dropFill], { lo, hi, interior: lo });
  }
  const out = takeP.bind1([y, flatIndex], { axis: p0 });

  let finalShape: number[];
  if (adjacent) {
    const first = advEntries[0] as Resolved;
    finalShape = entries.flatMap((e) => (e === first ? B : basicDims(e)));
  } else {
    finalShape = [...B, ...entries.flatMap(basicDims)];
  }
  return reshapeTo(out, finalShape);
}

/**
 * NumPy's `x[items]` with basic and advanced indexing: integers (negative count from the end),
 * slices (a {@link Slice} object or a string such as `":"`, `"1:3"`, `"::-1"`), `null` (new
 * axis), `"..."` (Ellipsis), integer Arrays or nested integer lists (gather; the index arrays
 * broadcast together), and bool Arrays or boolean lists (masks). Advanced-index dimensions go
 * where the first advanced index was when all advanced indices (integers count as advanced once
 * any array index is present) are adjacent, and first otherwise — NumPy's rule. Integer lists
 * are checked on the host (IndexError when out of range); integer Arrays wrap negatives once and
 * are clamped into range like JAX (their values may be traced). Masks need concrete data, so
 * they raise ConcretizationError inside a transformation.
 * @throws {@link IndexError} for out-of-range integers, too many indices, several ellipses,
 * unreadable slice strings, float index arrays, masks whose shape does not match, and index
 * arrays that do not broadcast.
 * @throws {@link ValueError} for a zero slice step.
 * @example
 * ```ts
 * index(x, 0, ":", null); index(x, "...", 1); index(x, [0, 2], "::-1")
 * ```
 * @public
 */
export function index(x: ArrayLike, ...items: IndexItem[]): Array {
  return gather(asArray(x, "index"), items, "index");
}

/**
 * A slice object, as Python's `slice`: `slice(stop)` is `:stop`, `slice(start, stop, step?)` is
 * `start:stop:step`; `null` leaves a part at its default.
 * @example
 * ```ts
 * index(x, slice(1, null, 2)) // x[1::2]
 * ```
 * @public
 */
export function slice(stop: number | null): Slice;
/** @public */
export function slice(start: number | null, stop: number | null, step?: number | null): Slice;
export function slice(a: number | null, b?: number | null, c?: number | null): Slice {
  if (b === undefined && c === undefined) return { start: null, stop: a, step: null };
  return { start: a, stop: b ?? null, step: c ?? null };
}

// ---------------------------------------------------------------------------------------------
// Indexed updates

function update(x: Array, items: readonly IndexItem[], values: ArrayLike, mode: ScatterMode): Array {
  const fn = `at.${mode}`;
  const only = items[0];
  // Fast path for the common `x.at(indexArray)` on a 1-d x: wrap negatives once and scatter
  // directly (the general path below gathers positions from an iota first; same semantics).
  if (items.length === 1 && x.ndim === 1 && only instanceof Array && (only.dtype === "int32" || only.dtype === "uint32")) {
    const idx = convert(only, "int32");
    return scatterUpdate(x, where(less(idx, 0), add(idx, x.shape[0] as number), idx), values, mode, fn);
  }
  return scatterUpdate(x, gather(positionsOf(x), items, fn, scalar(-1, "int32")), values, mode, fn);
}

/** Scatters `values` (cast to x's dtype, leading size-1 axes dropped, broadcast) into flat `positions` of x. */
function scatterUpdate(x: Array, positions: Array, values: ArrayLike, mode: ScatterMode, fn: string): Array {
  const shape = positions.shape;
  let v = convert(asArray(values, fn), x.dtype, x.weakType);
  let lead = 0;
  while (v.ndim - lead > shape.length && v.shape[lead] === 1) lead++;
  if (lead > 0) v = reshapeTo(v, v.shape.slice(lead));
  v = broadcastTo(v, shape, fn);
  const flat = reshapeTo(x, [x.size]);
  const out = scatterP.bind1([flat, positions, v], { mode, axis: 0 });
  return reshapeTo(out, x.shape);
}

/**
 * JAX's `x.at[items]`: `get()` is `np.index`; `set`, `add`, `mul`, `min` and `max` return a
 * new array with `x[items]` replaced or combined with `values`. Every index form of `index`
 * works; `values` broadcast to the shape of `x[items]` and are cast to x's dtype (as JAX does).
 * Repeated positions accumulate for `add`/`mul`/`min`/`max`; for `set` the last one in
 * row-major order of the index wins. Out-of-range values in integer index Arrays (after
 * wrapping negatives once) are dropped, as JAX's default; out-of-range integers and index lists
 * raise IndexError. On bool arrays `add`/`max` are logical or and `mul`/`min` logical and.
 * @example
 * ```ts
 * at(x, [0, 0]).add(1) // adds 2 to x[0]
 * ```
 * @public
 */
export function at(x: ArrayLike, ...items: IndexItem[]): ArrayAt {
  const a = asArray(x, "at");
  return {
    get: () => gather(a, items, "at.get"),
    set: (values) => update(a, items, values, "set"),
    add: (values) => update(a, items, values, "add"),
    mul: (values) => update(a, items, values, "mul"),
    min: (values) => update(a, items, values, "min"),
    max: (values) => update(a, items, values, "max"),
  };
}

// ---------------------------------------------------------------------------------------------
// take, takeAlongAxis, putAlongAxis, compress

/** Out-of-bounds handling of `take`: `fill` (default) returns `fillValue`, `clip` clamps, `wrap` wraps modulo the axis size. @public */
export type TakeMode = "fill" | "clip" | "wrap";

/** Options of `np.take`. @public */
export interface TakeOptions {
  /** Out-of-bounds handling. @defaultValue "fill" */
  mode?: TakeMode;
  /** Value for out-of-bounds positions in `fill` mode; NaN for floats, the most negative int32, the largest uint32, true for bool by default. */
  fillValue?: number | boolean | null;
}

/** Options of `np.takeAlongAxis`. @public */
export interface TakeAlongAxisOptions {
  /** Out-of-bounds handling (`fill` or `clip`). @defaultValue "fill" */
  mode?: "fill" | "clip";
  /** Value for out-of-bounds positions in `fill` mode (defaults as in `np.TakeOptions`). */
  fillValue?: number | boolean | null;
}

/** JAX's default fill value for out-of-bounds gathers of `dtype`. */
function defaultFill(dtype: DType): number | boolean {
  switch (dtype) {
    case "bool":
      return true;
    case "int32":
      return -2147483648;
    case "uint32":
      return 4294967295;
    default:
      return NaN;
  }
}

/** Converts take-style indices (Array, list or number) into an int32 Array. */
function indexArray(indices: ArrayLike | readonly number[], fn: string): Array {
  if (typeof indices === "number") {
    if (!Number.isInteger(indices)) throw new DTypeError(`${fn}: indices must be integers; got ${indices}`);
    return scalar(indices, "int32");
  }
  let a: Array;
  if (indices instanceof Array) a = indices;
  else if (isJsArray(indices)) {
    const { values, shape } = readList(indices, fn);
    const bad = values.find((v) => typeof v !== "number" || !Number.isInteger(v));
    if (bad !== undefined) throw new DTypeError(`${fn}: indices must be integers; the list holds ${String(bad)}`);
    return int32Array(values as number[], shape);
  } else a = asArray(indices as ArrayLike, fn);
  if (a.dtype === "int32") return a;
  if (a.dtype === "uint32") return convert(a, "int32");
  throw new DTypeError(`${fn}: indices must have an integer dtype, got ${a.dtype}; cast with astype('int32')`);
}

function checkMode(fn: string, mode: unknown, allowed: readonly string[]): string {
  const m = mode ?? "fill";
  if (typeof m !== "string" || !allowed.includes(m)) {
    throw new OptionError(
      `${fn}: mode ${JSON.stringify(m)} is not supported; use ${allowed.map((s) => `'${s}'`).join(", ")} (there is no 'raise': indices may be traced values)`,
    );
  }
  return m;
}

/** `where(valid, taken, fill)` with `valid` broadcast into the result's shape at `offset`. */
function fillInvalid(taken: Array, valid: Array, offset: number, fillValue: number | boolean | null | undefined): Array {
  const shape = taken.shape;
  const v = reshapeTo(valid, [...shape.slice(0, offset).map(() => 1), ...valid.shape, ...shape.slice(offset + valid.ndim).map(() => 1)]);
  const fill = scalar(fillValue ?? defaultFill(taken.dtype), taken.dtype, taken.weakType);
  return selectP.bind1([broadcastTo(v, shape), taken, broadcastTo(fill, shape)], {});
}

/**
 * Elements of `x` at `indices` along `axis` (NumPy's `take`; `axis` null flattens first). The
 * result has shape `x.shape[:axis] + indices.shape + x.shape[axis+1:]`. Out-of-bounds handling
 * follows JAX: `fill` (default) wraps negative indices once and returns `fillValue` for the
 * rest; `clip` clamps into `[0, n)` (so negative indices give the first element, as NumPy's
 * clip); `wrap` takes indices modulo the axis size.
 * @throws {@link AxisError} for a bad axis; {@link DTypeError} for non-integer indices;
 * {@link OptionError} for unknown options or modes; {@link IndexError} for a non-empty take
 * from an empty axis.
 * @public
 */
export function take(x: ArrayLike, indices: ArrayLike | readonly number[], axis?: number | null, options?: TakeOptions): Array {
  checkOptions("take", options, ["mode", "fillValue"]);
  const mode = checkMode("take", options?.mode, ["fill", "clip", "wrap"]);
  let a = asArray(x, "take");
  let ax = 0;
  if (axis === undefined || axis === null) a = reshapeTo(a, [a.size]);
  else ax = normalizeAxis("take", axis, a.ndim);
  const ind = indexArray(indices, "take");
  const n = a.shape[ax] as number;
  if (n === 0 && ind.size > 0) {
    throw new IndexError(`take: cannot take ${ind.size} elements from the empty axis ${ax} of shape ${formatShape(a.shape)}`);
  }
  if (n === 0 || ind.size === 0 || mode === "clip") return takeP.bind1([a, ind], { axis: ax });
  if (mode === "wrap") return takeP.bind1([a, remainder(ind, n)], { axis: ax });
  const norm = where(less(ind, 0), add(ind, n), ind);
  const taken = takeP.bind1([a, norm], { axis: ax });
  return fillInvalid(taken, logicalAnd(greaterEqual(norm, 0), less(norm, n)), ax, options?.fillValue);
}

/** Broadcasts `x` and `indices` against each other on every axis but `axis` (NumPy's take/put_along_axis). */
function alongAxis(fn: string, x: Array, ind: Array, axis: number | null): { a: Array; i: Array; ax: number } {
  if (axis === null) {
    if (ind.ndim !== 1) {
      throw new ShapeError(`${fn}: with axis null the indices must be 1-d (they index the flattened array); got shape ${formatShape(ind.shape)}`);
    }
    return { a: reshapeTo(x, [x.size]), i: ind, ax: 0 };
  }
  if (x.ndim !== ind.ndim) {
    throw new ShapeError(
      `${fn}: indices of shape ${formatShape(ind.shape)} and the array of shape ${formatShape(x.shape)} must have the same number of dimensions; add axes with expandDims`,
    );
  }
  const ax = normalizeAxis(fn, axis, x.ndim);
  const one = (s: readonly number[]): number[] => s.map((d, k) => (k === ax ? 1 : d));
  const b = broadcastShapes(fn, one(x.shape), one(ind.shape));
  const a = broadcastTo(x, b.map((d, k) => (k === ax ? (x.shape[ax] as number) : d)), fn);
  const i = broadcastTo(ind, b.map((d, k) => (k === ax ? (ind.shape[ax] as number) : d)), fn);
  return { a, i, ax };
}

/**
 * NumPy's `take_along_axis`: `out[..., j, ...] = x[..., indices[..., j, ...], ...]` along `axis`,
 * the other axes broadcast between `x` and `indices` (`axis` null: flattened `x`, 1-d indices).
 * Negative indices wrap once; out-of-bounds ones give `fillValue` (`fill`, the default, as JAX)
 * or are clamped (`clip`).
 * @throws {@link ShapeError} when the ranks differ or the other axes do not broadcast.
 * @throws {@link IndexError} for a non-empty gather from an empty axis.
 * @public
 */
export function takeAlongAxis(x: ArrayLike, indices: ArrayLike | readonly number[], axis: number | null, options?: TakeAlongAxisOptions): Array {
  checkOptions("takeAlongAxis", options, ["mode", "fillValue"]);
  const mode = checkMode("takeAlongAxis", options?.mode, ["fill", "clip"]);
  const { a, i, ax } = alongAxis("takeAlongAxis", asArray(x, "takeAlongAxis"), indexArray(indices, "takeAlongAxis"), axis);
  const n = a.shape[ax] as number;
  if (n === 0 && i.size > 0) {
    throw new IndexError(`takeAlongAxis: cannot take ${i.size} elements from the empty axis ${ax} of shape ${formatShape(a.shape)}`);
  }
  if (i.size === 0) return takeAlongAxisP.bind1([a, i], { axis: ax });
  const norm = where(less(i, 0), add(i, n), i);
  const taken = takeAlongAxisP.bind1([a, norm], { axis: ax });
  if (mode === "clip") return taken;
  return fillInvalid(taken, logicalAnd(greaterEqual(norm, 0), less(norm, n)), 0, options?.fillValue);
}

/**
 * The functional form of NumPy's `put_along_axis` (JAX's with `inplace=False`): a copy of `x`
 * with `values` written at `indices` along `axis`. Indices and values broadcast as in
 * `np.takeAlongAxis`; negative indices wrap once, out-of-bounds ones are dropped, and for
 * repeated positions the last write (row-major order of the indices) wins.
 * @public
 */
export function putAlongAxis(x: ArrayLike, indices: ArrayLike | readonly number[], values: ArrayLike, axis: number | null): Array {
  const a = asArray(x, "putAlongAxis");
  const { a: pos, i, ax } = alongAxis("putAlongAxis", positionsOf(a), indexArray(indices, "putAlongAxis"), axis);
  const n = pos.shape[ax] as number;
  let targets: Array;
  if (n === 0 || i.size === 0) {
    targets = broadcastTo(scalar(-1, "int32"), i.shape);
  } else {
    const norm = where(less(i, 0), add(i, n), i);
    const taken = takeAlongAxisP.bind1([pos, norm], { axis: ax });
    targets = where(logicalAnd(greaterEqual(norm, 0), less(norm, n)), taken, -1);
  }
  const v = broadcastTo(convert(asArray(values, "putAlongAxis"), a.dtype, a.weakType), targets.shape, "putAlongAxis");
  const out = scatterP.bind1([reshapeTo(a, [a.size]), targets, v], { mode: "set", axis: 0 });
  return reshapeTo(out, a.shape);
}

/** Reads the truth values of `x` on the host (needs concrete data). */
function truthValues(x: Array): number[] {
  return globalThis.Array.from(x.data(), (v) => (v !== 0 ? 1 : 0));
}

/**
 * NumPy's `compress`: the slices of `x` along `axis` (flattened when null) where the 1-d
 * `condition` is true; a condition shorter than the axis counts as false past its end. Eager:
 * it reads `condition`.
 * @throws {@link ShapeError} for a condition that is not 1-d; {@link IndexError} when a true
 * entry lies beyond the axis.
 * @public
 */
export function compress(condition: ArrayLike, x: ArrayLike, axis?: number | null): Array {
  const c = asArray(condition, "compress");
  if (c.ndim !== 1) throw new ShapeError(`compress: the condition must be 1-d; got shape ${formatShape(c.shape)}`);
  let a = asArray(x, "compress");
  let ax = 0;
  if (axis === undefined || axis === null) a = reshapeTo(a, [a.size]);
  else ax = normalizeAxis("compress", axis, a.ndim);
  const n = a.shape[ax] as number;
  const picks: number[] = [];
  truthValues(c).forEach((v, k) => {
    if (v === 0) return;
    if (k >= n) throw new IndexError(`compress: index ${k} is out of bounds for axis ${ax} with size ${n} (the condition has ${c.size} entries)`);
    picks.push(k);
  });
  return takeP.bind1([a, int32Array(picks, [picks.length])], { axis: ax });
}

// ---------------------------------------------------------------------------------------------
// nonzero family (eager)

/** Multi-indices of the non-zero elements of `a`, row-major, one list per axis. */
function nonzeroCoords(a: Array): number[][] {
  const shape = a.shape;
  const coords: number[][] = shape.map(() => []);
  const strides = shape.map((_, j) => prod(shape.slice(j + 1)));
  truthValues(a).forEach((v, flat) => {
    if (v === 0) return;
    shape.forEach((d, j) => (coords[j] as number[]).push(Math.floor(flat / (strides[j] as number)) % d));
  });
  return coords;
}

/**
 * The indices of the non-zero (true) elements of `x`: one int32 array per axis, row-major order.
 * Eager: it reads the data, so it raises ConcretizationError inside a transformation.
 * @throws {@link ValueError} for a 0-d array (reshape it to `[1]` first, as NumPy requires).
 * @public
 */
export function nonzero(x: ArrayLike): Array[] {
  const a = asArray(x, "nonzero");
  if (a.ndim === 0) {
    throw new ValueError("nonzero: calling nonzero on 0-d arrays is not allowed; reshape it to [1] first (np.atleast1d)");
  }
  return nonzeroCoords(a).map((c) => int32Array(c, [c.length]));
}

/**
 * The indices of the non-zero elements, one row per element: int32 of shape `[count, ndim]`.
 * Eager (reads the data).
 * @public
 */
export function argwhere(x: ArrayLike): Array {
  const a = asArray(x, "argwhere");
  if (a.ndim === 0) {
    const count = truthValues(a)[0] ?? 0;
    return int32Array([], [count, 0]);
  }
  const coords = nonzeroCoords(a);
  const count = (coords[0] as number[]).length;
  const values: number[] = [];
  for (let r = 0; r < count; r++) for (const c of coords) values.push(c[r] as number);
  return int32Array(values, [count, a.ndim]);
}

/** Flat (row-major) positions of the non-zero elements of `x`, int32. Eager (reads the data). @public */
export function flatnonzero(x: ArrayLike): Array {
  const a = asArray(x, "flatnonzero");
  const picks: number[] = [];
  truthValues(a).forEach((v, k) => {
    if (v !== 0) picks.push(k);
  });
  return int32Array(picks, [picks.length]);
}
