// Sorting primitives: `sort` (JAX's multi-operand, lexicographic, stable sort along one axis, NaNs
// last) through the "sort" routine, and `searchsorted` as one counting-reduction kernel, with
// their JVP and batching rules. Layer 10.

import type { Array } from "../array/Array.js";
import { ShapedArray } from "../array/aval.js";
import type { BufferSpec } from "../backend/backend.js";
import { defineRoutine } from "../backend/routines.js";
import { isFloat, type DType } from "../dtype/dtype.js";
import { AxisError, DTypeError, ShapeError, ValueError } from "../errors/errors.js";
import { and, cast, eq, GIDX, idx, load, lt, or, ravel, RIDX, unary, unravel, where } from "../kernel/build.js";
import type { Exp, Kernel } from "../kernel/ir.js";
import { definePrimitive, type BatchRule, type JvpRule, type Primitive } from "../trace/primitive.js";
import { formatShape, prod } from "../util/assert.js";
import { andP, isNanP, notP, orP } from "./elementwise.js";
import { takeAlongAxisP } from "./gather.js";
import * as ops from "./ops.js";
import { batchToFront, zeroJvp } from "./rules.js";

/** Params of `sort`: the sorted axis and how many leading operands are keys (the rest ride along). @beta */
export interface SortParams {
  readonly axis: number;
  readonly numKeys: number;
}

/** `a < b` in the total order used for sorting: NaN after every number (NumPy, JAX). @beta */
export function sortLess(a: Exp, b: Exp): Exp {
  if (!isFloat(a.dtype)) return lt(a, b);
  return or(lt(a, b), and(unary("isnan", b), unary("not", unary("isnan", a))));
}

/** `a == b` in the sorting order: NaNs equal each other. @beta */
export function sortEqual(a: Exp, b: Exp): Exp {
  if (!isFloat(a.dtype)) return eq(a, b);
  return or(eq(a, b), and(unary("isnan", a), unary("isnan", b)));
}

// d sort: the tangents permuted like their operands — sort an iota along, then gather with it.
const sortJvp: JvpRule<SortParams> = (primals, tangents, params) => {
  const first = primals[0] as Array;
  const outs = sortP.bind([...primals, ops.iota(first.shape, params.axis)], params);
  const perm = outs.pop() as Array;
  return [outs, tangents.map((t) => (t ? takeAlongAxisP.bind1([t, perm], { axis: params.axis }) : null))];
};

/**
 * `sort(operands…)`: sorts every operand along `axis` by the lexicographic order of the first
 * `numKeys` operands (stable; NaNs last). All operands share one shape; dtypes may differ.
 * @beta
 */
export const sortP: Primitive<SortParams> = definePrimitive<SortParams>({
  name: "sort",
  abstractEval(avals, { axis, numKeys }) {
    const first = avals[0];
    if (!first) throw new ValueError("sort: needs at least one operand");
    for (const a of avals) {
      if (a.ndim !== first.ndim || a.shape.some((d, k) => d !== first.shape[k])) {
        throw new ShapeError(`sort: operands have shapes ${avals.map((x) => formatShape(x.shape)).join(", ")}; all operands of one sort need the same shape`);
      }
    }
    if (first.ndim === 0) throw new AxisError("sort: cannot sort a 0-d array (shape []); reshape it to 1-d first");
    if (!Number.isInteger(axis) || axis < 0 || axis >= first.ndim) {
      throw new AxisError(`sort: axis ${axis} is out of range for shape ${formatShape(first.shape)}`);
    }
    if (!Number.isInteger(numKeys) || numKeys < 1 || numKeys > avals.length) {
      throw new ValueError(`sort: numKeys is ${numKeys} but there are ${avals.length} operands; it must be between 1 and the number of operands`);
    }
    return avals.map((a) => new ShapedArray(a.shape, a.dtype, a.weakType));
  },
  routine: "sort",
  jvp: sortJvp,
  transpose: "nonlinear",
  batch: (args, dims, params, size) => {
    const outs = sortP.bind(args.map((a, i) => batchToFront(a, dims[i] ?? null, size)), { axis: params.axis + 1, numKeys: params.numKeys });
    return [outs, outs.map(() => 0)];
  },
});

function withAxis(index: readonly Exp[], axis: number, value: Exp): Exp[] {
  return index.map((e, k) => (k === axis ? value : e));
}

defineRoutine({
  name: "sort",
  doc: "sort: stable lexicographic sort of several operands along one axis (params: axis, numKeys)",
  lowerGeneric(emit, inputs, inSpecs, _outSpecs, params) {
    const { axis, numKeys } = params as unknown as SortParams;
    const shape = (inSpecs[0] as BufferSpec).shape;
    const n = shape[axis] as number;
    const size = prod(shape);
    const at = (slot: number, index: readonly Exp[]): Exp => load(slot, (inSpecs[slot] as BufferSpec).dtype, ravel(index, shape));
    // rank[i] = #{ j : key(j) precedes key(i) }, ties broken by position: a permutation of 0..n-1.
    const i = unravel(GIDX, shape);
    const j = withAxis(i, axis, RIDX);
    let precedes = lt(RIDX, i[axis] as Exp);
    for (let s = numKeys - 1; s >= 0; s--) {
      const kj = at(s, j);
      const ki = at(s, i);
      precedes = or(sortLess(kj, ki), and(sortEqual(kj, ki), precedes));
    }
    const keyDtypes: DType[] = inSpecs.slice(0, numKeys).map((s) => s.dtype);
    const rankKernel: Kernel = {
      inputs: keyDtypes,
      size,
      dtype: "int32",
      exp: cast(precedes, "int32"),
      reduction: { op: "sum", size: n, accDtype: "int32" },
    };
    const rank = emit.kernel(rankKernel, inputs.slice(0, numKeys));
    // pos[r] = the i whose rank is r (exactly one): max over i of where(rank[i] == r, i, -1).
    const r = unravel(GIDX, shape);
    const rankAt = load(0, "int32", ravel(withAxis(r, axis, RIDX), shape));
    const posKernel: Kernel = {
      inputs: ["int32"],
      size,
      dtype: "int32",
      exp: where(eq(rankAt, r[axis] as Exp), RIDX, idx(-1)),
      reduction: { op: "max", size: n, accDtype: "int32" },
    };
    const pos = emit.kernel(posKernel, [rank]);
    return inSpecs.map((spec, slot) => {
      const o = unravel(GIDX, shape);
      const src = load(1, spec.dtype, ravel(withAxis(o, axis, load(0, "int32", GIDX)), shape));
      const gather: Kernel = { inputs: ["int32", spec.dtype], size, dtype: spec.dtype, exp: src };
      return emit.kernel(gather, [pos, inputs[slot] as (typeof inputs)[number]]);
    });
  },
});

/** Params of `searchsorted`. @beta */
export interface SearchSortedParams {
  /** `left`: first position where `v` could be inserted; `right`: last. */
  readonly side: "left" | "right";
}

/** `a < b` elementwise in the sorting order (NaN after every number), on arrays. */
function sortLessArrays(a: Array, b: Array): Array {
  const less = ops.lt(a, b);
  if (!isFloat(a.dtype)) return less;
  return orP.bind1([less, andP.bind1([isNanP.bind1([b], {}), notP.bind1([isNanP.bind1([a], {})], {})], {})], {});
}

// Only the values batched: they keep their batch axis. A batched sorted array: count, per lane,
// the sorted elements before each value by comparing every pair (the same O(n) work per value as
// the kernel, materialised as a [lanes, ...values, n] mask).
const searchsortedBatch: BatchRule<SearchSortedParams> = ([a, v], [da, dv], params, size) => {
  const sorted = a as Array;
  const values = v as Array;
  if (da === null || da === undefined) return [[searchsortedP.bind1([sorted, values], params)], [dv ?? null]];
  const sb = batchToFront(sorted, da, size);
  const vb = batchToFront(values, dv ?? null, size);
  const n = sb.shape[1] as number;
  const shape = [...vb.shape, n];
  const s = ops.broadcastInDim(sb, shape, [0, vb.ndim]);
  const q = ops.broadcastInDim(vb, shape, vb.shape.map((_, k) => k));
  const before = params.side === "left" ? sortLessArrays(s, q) : notP.bind1([sortLessArrays(q, s)], {});
  return [[ops.reduceSum(ops.convert(before, "int32"), [vb.ndim])], [0]];
};

/**
 * `searchsorted(sorted, values)`: for each value, the insertion position in the 1-d `sorted`
 * operand (same dtype) that keeps it sorted, NaNs ordered last. Output int32 of the values' shape.
 * @beta
 */
export const searchsortedP: Primitive<SearchSortedParams> = definePrimitive<SearchSortedParams>({
  name: "searchsorted",
  abstractEval([s, v], { side }) {
    const a = s as ShapedArray;
    const b = v as ShapedArray;
    if (a.ndim !== 1) throw new ShapeError(`searchsorted: the sorted array must be 1-d, got shape ${formatShape(a.shape)}`);
    if (a.dtype !== b.dtype) {
      throw new DTypeError(`searchsorted: operands have dtypes ${a.dtype} and ${b.dtype}; promote them to one dtype first (np.searchsorted does)`);
    }
    if (side !== "left" && side !== "right") throw new ValueError(`searchsorted: side must be 'left' or 'right', got ${JSON.stringify(side)}`);
    return [new ShapedArray(b.shape, "int32")];
  },
  jvp: zeroJvp(() => searchsortedP),
  transpose: "nonlinear",
  batch: searchsortedBatch,
  lower: ({ inputs, inAvals, params }) => {
    const [sorted, values] = inputs as [(i: readonly Exp[]) => Exp, (i: readonly Exp[]) => Exp];
    const n = (inAvals[0] as ShapedArray).shape[0] as number;
    return {
      kind: "reduce",
      op: "sum",
      shape: [n],
      body: (out, [j]) => {
        const a = sorted([j as Exp]);
        const v = values(out);
        const counted = params.side === "left" ? sortLess(a, v) : unary("not", sortLess(v, a));
        return cast(counted, "int32");
      },
    };
  },
});
