// The `conv_general_dilated` primitive (XLA/JAX convolution: strides, explicit padding, lhs and
// rhs dilation, dimension numbers, feature and batch groups) and its "conv" routine, whose generic
// lowering is one reduction kernel over (input channel in group, window position). Layer 10.

import { ShapedArray } from "../array/aval.js";
import type { BufferSpec } from "../backend/backend.js";
import { defineRoutine } from "../backend/routines.js";
import { AxisError, DTypeError, ShapeError, ValueError } from "../errors/errors.js";
import { add, and, constant, div, eq, GIDX, idx, le, load, lt, max, min, mul, ravel, rem, RIDX, sub, unravel, where } from "../kernel/build.js";
import type { Exp, Kernel } from "../kernel/ir.js";
import { definePrimitive } from "../trace/primitive.js";
import { formatShape, prod } from "../util/assert.js";

/**
 * Which axis plays which role, as JAX's `ConvDimensionNumbers`: `lhs = [batch, feature,
 * ...spatial]`, `rhs = [outFeature, inFeature, ...spatial]`, `out = [batch, feature, ...spatial]`,
 * each listing axis numbers of that array.
 * @public
 */
export interface ConvDimensionNumbers {
  readonly lhs: readonly number[];
  readonly rhs: readonly number[];
  readonly out: readonly number[];
}

/** Params of `conv_general_dilated` (padding explicit, per spatial dimension `[lo, hi]`). @beta */
export interface ConvParams {
  readonly windowStrides: readonly number[];
  readonly padding: readonly (readonly [number, number])[];
  readonly lhsDilation: readonly number[];
  readonly rhsDilation: readonly number[];
  readonly dimensionNumbers: ConvDimensionNumbers;
  readonly featureGroupCount: number;
  readonly batchGroupCount: number;
}

/** Size of a dimension of `n` elements with `d - 1` holes between neighbours. @beta */
export function dilateDim(n: number, d: number): number {
  return n === 0 ? 0 : (n - 1) * d + 1;
}

/** Output size of a strided window over a padded, dilated axis (0 when the window does not fit). @beta */
export function windowOutSize(inSize: number, lhsDil: number, lo: number, hi: number, window: number, winDil: number, stride: number): number {
  const padded = dilateDim(inSize, lhsDil) + lo + hi;
  const span = dilateDim(window, winDil);
  return padded < span ? 0 : Math.floor((padded - span) / stride) + 1;
}

function checkPerm(what: string, perm: readonly number[], ndim: number): void {
  const sorted = [...perm].sort((a, b) => a - b);
  if (perm.length !== ndim || sorted.some((p, k) => p !== k)) {
    throw new AxisError(`conv_general_dilated: ${what} dimension numbers ${formatShape(perm)} are not a permutation of the ${ndim} axes`);
  }
}

function checkPositiveList(what: string, list: readonly number[], d: number): void {
  if (list.length !== d || list.some((x) => !Number.isInteger(x) || x < 1)) {
    throw new ValueError(`conv_general_dilated: ${what} ${formatShape(list)} must list ${d} positive integers (one per spatial dimension)`);
  }
}

/**
 * `conv_general_dilated(lhs, rhs)`: N-d convolution (cross-correlation, as XLA) over operands of
 * one numeric dtype.
 * @beta
 */
export const convGeneralDilatedP = definePrimitive<ConvParams>({
  name: "conv_general_dilated",
  abstractEval([x, y], p) {
    const l = x as ShapedArray;
    const r = y as ShapedArray;
    if (l.dtype !== r.dtype) {
      throw new DTypeError(`conv_general_dilated: lhs has dtype ${l.dtype} but rhs has ${r.dtype}; cast one so that they match`);
    }
    if (l.dtype === "bool") throw new DTypeError("conv_general_dilated: bool operands are not supported; cast to a numeric dtype first");
    if (l.ndim !== r.ndim || l.ndim < 2) {
      throw new ShapeError(`conv_general_dilated: lhs ${formatShape(l.shape)} and rhs ${formatShape(r.shape)} must have the same rank, at least 2 (batch/feature plus spatial dims)`);
    }
    const dn = p.dimensionNumbers;
    checkPerm("lhs", dn.lhs, l.ndim);
    checkPerm("rhs", dn.rhs, l.ndim);
    checkPerm("out", dn.out, l.ndim);
    const d = l.ndim - 2;
    checkPositiveList("windowStrides", p.windowStrides, d);
    checkPositiveList("lhsDilation", p.lhsDilation, d);
    checkPositiveList("rhsDilation", p.rhsDilation, d);
    if (p.padding.length !== d || p.padding.some((q) => q.length !== 2 || !q.every(Number.isInteger))) {
      throw new ValueError(`conv_general_dilated: padding ${JSON.stringify(p.padding)} must hold ${d} [lo, hi] integer pairs`);
    }
    const fg = p.featureGroupCount;
    const bg = p.batchGroupCount;
    if (!Number.isInteger(fg) || fg < 1 || !Number.isInteger(bg) || bg < 1 || (fg > 1 && bg > 1)) {
      throw new ValueError(`conv_general_dilated: featureGroupCount ${fg} and batchGroupCount ${bg} must be positive integers, and at most one may exceed 1`);
    }
    const n = l.shape[dn.lhs[0] as number] as number;
    const c = l.shape[dn.lhs[1] as number] as number;
    const o = r.shape[dn.rhs[0] as number] as number;
    const i = r.shape[dn.rhs[1] as number] as number;
    if (c !== i * fg) {
      throw new ShapeError(
        `conv_general_dilated: lhs feature dimension has size ${c} but rhs input-feature dimension (${i}) × featureGroupCount (${fg}) is ${i * fg} (lhs ${formatShape(l.shape)}, rhs ${formatShape(r.shape)})`,
      );
    }
    if (o % fg !== 0 || o % bg !== 0) {
      throw new ShapeError(`conv_general_dilated: rhs output-feature dimension (${o}) must be divisible by featureGroupCount (${fg}) and batchGroupCount (${bg})`);
    }
    if (n % bg !== 0) throw new ShapeError(`conv_general_dilated: lhs batch dimension (${n}) must be divisible by batchGroupCount (${bg})`);
    const outShape: number[] = new globalThis.Array<number>(l.ndim).fill(0);
    outShape[dn.out[0] as number] = n / bg;
    outShape[dn.out[1] as number] = o;
    for (let s = 0; s < d; s++) {
      const [lo, hi] = p.padding[s] as readonly [number, number];
      outShape[dn.out[s + 2] as number] = windowOutSize(
        l.shape[dn.lhs[s + 2] as number] as number,
        p.lhsDilation[s] as number,
        lo,
        hi,
        r.shape[dn.rhs[s + 2] as number] as number,
        p.rhsDilation[s] as number,
        p.windowStrides[s] as number,
      );
    }
    return [new ShapedArray(outShape, l.dtype, l.weakType && r.weakType)];
  },
  routine: "conv",
});

defineRoutine({
  name: "conv",
  doc: "conv_general_dilated: N-d convolution with padding, dilation and groups",
  lowerGeneric(emit, inputs, inSpecs, outSpecs, params) {
    const p = params as unknown as ConvParams;
    const [ls, rs] = inSpecs as [BufferSpec, BufferSpec];
    const os = outSpecs[0] as BufferSpec;
    const dn = p.dimensionNumbers;
    const d = ls.shape.length - 2;
    const n = ls.shape[dn.lhs[0] as number] as number;
    const o = rs.shape[dn.rhs[0] as number] as number;
    const inFeat = rs.shape[dn.rhs[1] as number] as number;
    const kSp = dn.rhs.slice(2).map((a) => rs.shape[a] as number);
    const out = unravel(GIDX, os.shape);
    const red = unravel(RIDX, [inFeat, ...kSp]);
    const f = out[dn.out[1] as number] as Exp;
    const ch = red[0] as Exp;
    const lhsIdx: Exp[] = new globalThis.Array<Exp>(d + 2);
    const rhsIdx: Exp[] = new globalThis.Array<Exp>(d + 2);
    const fg = p.featureGroupCount;
    const bg = p.batchGroupCount;
    const batch = out[dn.out[0] as number] as Exp;
    lhsIdx[dn.lhs[0] as number] = bg > 1 ? add(mul(div(f, idx(o / bg)), idx(n / bg)), batch) : batch;
    lhsIdx[dn.lhs[1] as number] = fg > 1 ? add(mul(div(f, idx(o / fg)), idx(inFeat)), ch) : ch;
    rhsIdx[dn.rhs[0] as number] = f;
    rhsIdx[dn.rhs[1] as number] = ch;
    let valid: Exp = constant(true, "bool");
    for (let s = 0; s < d; s++) {
      const inSize = ls.shape[dn.lhs[s + 2] as number] as number;
      const ld = p.lhsDilation[s] as number;
      const k = red[s + 1] as Exp;
      rhsIdx[dn.rhs[s + 2] as number] = k;
      const y = out[dn.out[s + 2] as number] as Exp;
      const lo = (p.padding[s] as readonly [number, number])[0];
      const pos = sub(add(mul(y, idx(p.windowStrides[s] as number)), mul(k, idx(p.rhsDilation[s] as number))), idx(lo));
      let ok = and(le(idx(0), pos), lt(pos, idx(dilateDim(inSize, ld))));
      if (ld > 1) ok = and(ok, eq(rem(pos, idx(ld)), idx(0)));
      valid = and(valid, ok);
      const q = ld > 1 ? div(pos, idx(ld)) : pos;
      lhsIdx[dn.lhs[s + 2] as number] = min(max(q, idx(0)), idx(Math.max(inSize - 1, 0)));
    }
    if (prod(ls.shape) === 0) {
      // An empty spatial lhs axis with padding: every window reads only padding.
      return [emit.kernel({ inputs: [ls.dtype, rs.dtype], size: prod(os.shape), dtype: os.dtype, exp: constant(0, os.dtype) }, inputs)];
    }
    const a = load(0, ls.dtype, ravel(lhsIdx, ls.shape));
    const b = load(1, rs.dtype, ravel(rhsIdx, rs.shape));
    const kernel: Kernel = {
      inputs: [ls.dtype, rs.dtype],
      size: prod(os.shape),
      dtype: os.dtype,
      // Padding and dilation holes read as zeros that are then multiplied (0 · inf is NaN, as XLA).
      exp: mul(where(valid, a, constant(0, os.dtype)), b),
      reduction: { op: "sum", size: inFeat * prod(kSp), accDtype: os.dtype },
    };
    return [emit.kernel(kernel, inputs)];
  },
});
