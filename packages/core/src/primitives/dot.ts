// The `dot_general` primitive (JAX's dimension numbers: contracting and batch axes) and its
// "matmul" routine, whose generic lowering is one reduction kernel. Layer 10.

import { ShapedArray } from "../array/aval.js";
import type { BufferSpec } from "../backend/backend.js";
import { defineRoutine } from "../backend/routines.js";
import { AxisError, DTypeError, ShapeError } from "../errors/errors.js";
import { acc, and, cast, GIDX, idx, load, lt, mul, ravel, RIDX, unravel } from "../kernel/build.js";
import type { Exp } from "../kernel/ir.js";
import { definePrimitive } from "../trace/primitive.js";
import { formatShape, prod } from "../util/assert.js";

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

/**
 * `dot_general(lhs, rhs)`: a generalised tensor contraction over operands of one dtype. The
 * result has the operands' dtype (int32/uint32 wrap; bool is or-of-ands).
 * @beta
 */
export const dotGeneralP = definePrimitive<DotGeneralParams>({
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
