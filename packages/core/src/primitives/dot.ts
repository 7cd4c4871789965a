// The `dot_general` primitive (JAX's dimension numbers: contracting and batch axes) with its
// JVP, transpose and batching rules, and its "matmul" routine, whose generic lowering is one
// reduction kernel. Layer 10.

import type { Array } from "../array/Array.js";
import { ShapedArray } from "../array/aval.js";
import type { BufferSpec } from "../backend/backend.js";
import { defineRoutine } from "../backend/routines.js";
import { AxisError, DTypeError, ShapeError } from "../errors/errors.js";
import { acc, and, cast, GIDX, idx, load, lt, mul, ravel, RIDX, unravel } from "../kernel/build.js";
import type { Exp } from "../kernel/ir.js";
import { definePrimitive, type BatchRule, type JvpRule, type Primitive, type TransposeRule } from "../trace/primitive.js";
import { formatShape, prod } from "../util/assert.js";
import * as ops from "./ops.js";
import { batchToFront, isLinear, known } from "./rules.js";

/**
 * Params of `dot_general`: `contracting = [lhsAxes, rhsAxes]` are summed over pairwise,
 * `batch = [lhsAxes, rhsAxes]` are matched pairwise and kept (JAX's `dimension_numbers`).
 * @beta
 */
export interface DotGeneralParams {
  readonly contracting: readonly [readonly number[], readonly number[]];
  readonly batch: readonly [readonly number[], readonly number[]];
}

/** The axes of an operand that are neither contracted nor batched, in order. @beta */
export function freeAxes(ndim: number, contracting: readonly number[], batch: readonly number[]): number[] {
  const out: number[] = [];
  for (let k = 0; k < ndim; k++) if (!contracting.includes(k) && !batch.includes(k)) out.push(k);
  return out;
}

function checkAxes(side: string, a: ShapedArray, contracting: readonly number[], batch: readonly number[]): void {
  const seen = new Set<number>();
  for (const k of [...contracting, ...batch]) {
    if (!Number.isInteger(k) || k < 0 || k >= a.ndim) {
      throw new AxisError(`dot_general: ${side} axis ${k} is out of range for an operand of shape ${formatShape(a.shape)}; axes are 0..${a.ndim - 1}`);
    }
    if (seen.has(k)) {
      throw new AxisError(`dot_general: ${side} axis ${k} appears more than once in the contracting and batch dimensions ${formatShape(contracting)} / ${formatShape(batch)}`);
    }
    seen.add(k);
  }
}

function checkPairs(kind: string, l: ShapedArray, r: ShapedArray, la: readonly number[], ra: readonly number[]): void {
  if (la.length !== ra.length) {
    throw new ShapeError(`dot_general: lhs and rhs ${kind} dimensions differ in number (${formatShape(la)} vs ${formatShape(ra)})`);
  }
  la.forEach((a, i) => {
    const b = ra[i] as number;
    if (l.shape[a] !== r.shape[b]) {
      throw new ShapeError(
        `dot_general: ${kind} dimension sizes differ: lhs axis ${a} has size ${l.shape[a]} but rhs axis ${b} has size ${r.shape[b]} (shapes ${formatShape(l.shape)} and ${formatShape(r.shape)})`,
      );
    }
  });
}

/** Output shape of `dot_general`: batch dims, then lhs free dims, then rhs free dims. @beta */
export function dotGeneralShape(lhs: readonly number[], rhs: readonly number[], p: DotGeneralParams): number[] {
  const [lc, rc] = p.contracting;
  const [lb, rb] = p.batch;
  return [
    ...lb.map((k) => lhs[k] as number),
    ...freeAxes(lhs.length, lc, lb).map((k) => lhs[k] as number),
    ...freeAxes(rhs.length, rc, rb).map((k) => rhs[k] as number),
  ];
}

/** `count` consecutive integers from `start`. */
function run(start: number, count: number): number[] {
  return globalThis.Array.from({ length: count }, (_, k) => start + k);
}

/** The permutation that sorts `xs` ascending (NumPy's argsort of distinct integers). */
function argsort(xs: readonly number[]): number[] {
  return xs.map((_, k) => k).sort((a, b) => (xs[a] as number) - (xs[b] as number));
}

// d(l·r) = dl·r + l·dr (bilinear).
const dotJvp: JvpRule<DotGeneralParams> = ([l, r], [tl, tr], params) => {
  const out = dotGeneralP.bind1([l as Array, r as Array], params);
  const a = tl ? dotGeneralP.bind1([tl, r as Array], params) : null;
  const b = tr ? dotGeneralP.bind1([l as Array, tr], params) : null;
  return [[out], [a && b ? ops.add(a, b) : (a ?? b)]];
};

/**
 * The cotangent of the lhs `x` (JAX's `_dot_general_transpose_lhs`): contract `ct`'s y-free axes
 * with y's free axes, matching batch axes, then permute the result (batch, x-free, x-contracting
 * in y's order) back into x's axis order. `swapAns` says that `ct` lists y's free axes before
 * x's (the rhs cotangent, computed as the lhs cotangent of the swapped product).
 */
function transposeLhs(ct: Array, xNdim: number, y: Array, params: DotGeneralParams, swapAns: boolean): Array {
  const [xc, yc] = params.contracting;
  const [xb, yb] = params.batch;
  const xKept = freeAxes(xNdim, xc, xb);
  const yKept = freeAxes(y.ndim, yc, yb);
  const ansBatch = run(0, xb.length);
  const ansY = swapAns ? run(xb.length, yKept.length) : run(xb.length + xKept.length, yKept.length);
  const ycOrder = argsort(yc);
  const xcSortedByY = ycOrder.map((k) => xc[k] as number);
  const outAxes = argsort([...xb, ...xKept, ...xcSortedByY]);
  const r = dotGeneralP.bind1([ct, y], { contracting: [ansY, yKept], batch: [ansBatch, [...yb]] });
  return ops.transpose(r, outAxes);
}

const swapParams = (p: DotGeneralParams): DotGeneralParams => ({
  contracting: [p.contracting[1], p.contracting[0]],
  batch: [p.batch[1], p.batch[0]],
});

// Linear in each operand separately: ct·yᵀ for the lhs, xᵀ·ct for the rhs (as dot_generals).
const dotTranspose: TransposeRule<DotGeneralParams> = ([ct], [l, r], params) => {
  if (!ct) return [null, null];
  if (isLinear(l)) return [transposeLhs(ct, l.aval.ndim, known(r, "dot_general"), params, false), null];
  if (isLinear(r)) return [null, transposeLhs(ct, r.aval.ndim, known(l, "dot_general"), swapParams(params), true)];
  return [null, null];
};

// Batch axes to the front. Both batched: a new leading batch dimension pair, output axis 0.
// One batched: its lane axis is a free axis (the first of that operand's), whose output
// position follows the batch axes (and, for the rhs, the lhs's free axes).
const dotBatch: BatchRule<DotGeneralParams> = ([l, r], [dl, dr], params, size) => {
  const x = l as Array;
  const y = r as Array;
  const [lc, rc] = params.contracting;
  const [lb, rb] = params.batch;
  const up = (axes: readonly number[]): number[] => axes.map((k) => k + 1);
  if (dl !== null && dl !== undefined && dr !== null && dr !== undefined) {
    const p: DotGeneralParams = { contracting: [up(lc), up(rc)], batch: [[0, ...up(lb)], [0, ...up(rb)]] };
    return [[dotGeneralP.bind1([batchToFront(x, dl, size), batchToFront(y, dr, size)], p)], [0]];
  }
  if (dl !== null && dl !== undefined) {
    const p: DotGeneralParams = { contracting: [up(lc), [...rc]], batch: [up(lb), [...rb]] };
    return [[dotGeneralP.bind1([batchToFront(x, dl, size), y], p)], [lb.length]];
  }
  const p: DotGeneralParams = { contracting: [[...lc], up(rc)], batch: [[...lb], up(rb)] };
  const lFree = x.ndim - lc.length - lb.length;
  return [[dotGeneralP.bind1([x, batchToFront(y, dr ?? null, size)], p)], [lb.length + lFree]];
};

/**
 * `dot_general(lhs, rhs)`: a generalised tensor contraction over operands of one dtype. The
 * result has the operands' dtype (int32/uint32 wrap; bool is or-of-ands).
 * @beta
 */
export const dotGeneralP: Primitive<DotGeneralParams> = definePrimitive<DotGeneralParams>({
  name: "dot_general",
  abstractEval([x, y], params) {
    const l = x as ShapedArray;
    const r = y as ShapedArray;
    if (l.dtype !== r.dtype) {
      throw new DTypeError(`dot_general: operands have dtypes ${l.dtype} and ${r.dtype}; they must match — promote first (np.matmul and np.dot promote for you)`);
    }
    const [lc, rc] = params.contracting;
    const [lb, rb] = params.batch;
    checkAxes("lhs", l, lc, lb);
    checkAxes("rhs", r, rc, rb);
    checkPairs("contracting", l, r, lc, rc);
    checkPairs("batch", l, r, lb, rb);
    return [new ShapedArray(dotGeneralShape(l.shape, r.shape, params), l.dtype, l.weakType && r.weakType)];
  },
  routine: "matmul",
  jvp: dotJvp,
  transpose: dotTranspose,
  batch: dotBatch,
});

/** Builds operand index lists from (batch, free, contracting) index expressions. */
function placeIndex(ndim: number, batchAxes: readonly number[], batchIdx: readonly Exp[], free: readonly number[], freeIdx: readonly Exp[], contr: readonly number[], contrIdx: readonly Exp[]): Exp[] {
  const out: Exp[] = new globalThis.Array<Exp>(ndim);
  batchAxes.forEach((k, i) => (out[k] = batchIdx[i] as Exp));
  free.forEach((k, i) => (out[k] = freeIdx[i] as Exp));
  contr.forEach((k, i) => (out[k] = contrIdx[i] as Exp));
  return out;
}

defineRoutine({
  name: "matmul",
  doc: "dot_general: batched tensor contraction (params: contracting, batch)",
  lowerGeneric(emit, inputs, inSpecs, outSpecs, params) {
    const p = params as unknown as DotGeneralParams;
    const [ls, rs] = inSpecs as [BufferSpec, BufferSpec];
    const out = outSpecs[0] as BufferSpec;
    const [lc, rc] = p.contracting;
    const [lb, rb] = p.batch;
    const lf = freeAxes(ls.shape.length, lc, lb);
    const rf = freeAxes(rs.shape.length, rc, rb);
    const kShape = lc.map((k) => ls.shape[k] as number);
    const o = unravel(GIDX, out.shape);
    const r = unravel(RIDX, kShape);
    const bIdx = o.slice(0, lb.length);
    const lIdx = placeIndex(ls.shape.length, lb, bIdx, lf, o.slice(lb.length, lb.length + lf.length), lc, r);
    const rIdx = placeIndex(rs.shape.length, rb, bIdx, rf, o.slice(lb.length + lf.length), rc, r);
    const a = load(0, ls.dtype, ravel(lIdx, ls.shape));
    const b = load(1, rs.dtype, ravel(rIdx, rs.shape));
    const isBool = out.dtype === "bool";
    const exp = isBool ? cast(and(a, b), "int32") : mul(a, b);
    const kernel = {
      inputs: [ls.dtype, rs.dtype],
      size: prod(out.shape),
      dtype: out.dtype,
      exp,
      reduction: {
        op: "sum" as const,
        size: prod(kShape),
        accDtype: exp.dtype,
        ...(isBool ? { epilogue: lt(idx(0), acc("int32")) } : {}),
      },
    };
    return [emit.kernel(kernel, inputs)];
  },
});
