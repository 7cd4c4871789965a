// The `conv_general_dilated` primitive (XLA/JAX convolution: strides, explicit padding, lhs and
// rhs dilation, dimension numbers, feature and batch groups) with its JVP, transpose and batching
// rules, and its "conv" routine, whose generic lowering is one reduction kernel over (input
// channel in group, window position). Layer 10.

import type { Array } from "../array/Array.js";
import { ShapedArray } from "../array/aval.js";
import type { BufferSpec } from "../backend/backend.js";
import { defineRoutine } from "../backend/routines.js";
import { AxisError, DTypeError, ShapeError, ValueError } from "../errors/errors.js";
import { add, and, constant, div, eq, GIDX, idx, le, load, lt, max, min, mul, ravel, rem, RIDX, sub, unravel, where } from "../kernel/build.js";
import type { Exp, Kernel } from "../kernel/ir.js";
import { definePrimitive, type BatchRule, type JvpRule, type Primitive, type TransposeRule } from "../trace/primitive.js";
import { formatShape, prod } from "../util/assert.js";
import { revP } from "./movement.js";
import * as ops from "./ops.js";
import { batchToFront, isLinear, known } from "./rules.js";

/**
 * Which axis plays which role, as JAX's `ConvDimensionNumbers`:
 * `lhs = [batch, feature, ...spatial]`, `rhs = [outFeature, inFeature, ...spatial]`,
 * `out = [batch, feature, ...spatial]`, each listing axis numbers of that array.
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

/** Splits axis `src` of `x` into `[size1, n / size1]` (JAX's `_reshape_axis_out_of`). */
function reshapeAxisOutOf(src: number, size1: number, x: Array): Array {
  const shape = [...x.shape];
  shape.splice(src, 1, size1, (x.shape[src] as number) / size1);
  return ops.reshape(x, shape);
}

/**
 * Merges axis `src` of `x` into axis `dst` as its major part (JAX's `_reshape_axis_into`); `dst`
 * numbers the axes of `x` without `src`.
 */
function reshapeAxisInto(src: number, dst: number, x: Array): Array {
  const moved = ops.moveAxis(x, src, dst);
  const shape = x.shape.filter((_, k) => k !== src);
  shape[dst] = (shape[dst] as number) * (x.shape[src] as number);
  return ops.reshape(moved, shape);
}

/** Swaps the first two entries of a dimension-number list (features ↔ batch, out ↔ in). */
const specTranspose = (spec: readonly number[]): number[] => [spec[1] as number, spec[0] as number, ...spec.slice(2)];

const spatialOf = (shape: readonly number[], spec: readonly number[]): number[] => spec.slice(2).map((a) => shape[a] as number);

/**
 * The `[lo, hi]` padding (possibly negative) that turns a windowed op's output cotangent, dilated
 * by the window strides, into a full correlation with the window that lands on every input
 * position (JAX's `_conv_general_vjp_lhs_padding`). Shared with `reduce_window`'s transpose.
 * @beta
 */
export function windowVjpLhsPadding(
  inShape: readonly number[],
  window: readonly number[],
  strides: readonly number[],
  outShape: readonly number[],
  padding: readonly (readonly [number, number])[],
  lhsDilation: readonly number[],
  rhsDilation: readonly number[],
): [number, number][] {
  return inShape.map((n, k) => {
    const lhsD = dilateDim(n, lhsDilation[k] as number);
    const rhsD = dilateDim(window[k] as number, rhsDilation[k] as number);
    const outD = dilateDim(outShape[k] as number, strides[k] as number);
    const before = rhsD - (padding[k] as readonly [number, number])[0] - 1;
    return [before, lhsD + rhsD - 1 - outD - before];
  });
}

/** Padding of the rhs-cotangent convolution (JAX's `_conv_general_vjp_rhs_padding`). */
function vjpRhsPadding(inShape: readonly number[], window: readonly number[], p: ConvParams, outShape: readonly number[]): [number, number][] {
  return inShape.map((n, k) => {
    const lhsD = dilateDim(n, p.lhsDilation[k] as number);
    const rhsD = dilateDim(window[k] as number, p.rhsDilation[k] as number);
    const outD = dilateDim(outShape[k] as number, p.windowStrides[k] as number);
    const lo = (p.padding[k] as readonly [number, number])[0];
    return [lo, outD - lhsD + (rhsD - lo - 1)];
  });
}

const conv = (lhs: Array, rhs: Array, p: ConvParams): Array => convGeneralDilatedP.bind1([lhs, rhs], p);

/**
 * The lhs cotangent (JAX's `_conv_general_dilated_transpose_lhs`): `ct` convolved with the
 * spatially reversed kernel whose in/out features are swapped (feature or batch groups moved
 * into its new output features), window strides becoming lhs dilation and vice versa.
 */
function convTransposeLhs(ct: Array, lhsShape: readonly number[], rhs: Array, p: ConvParams): Array {
  const dn = p.dimensionNumbers;
  const fg = p.featureGroupCount;
  const bg = p.batchGroupCount;
  let w = rhs;
  const groups = fg > 1 ? fg : bg;
  if (groups > 1) w = reshapeAxisInto(dn.rhs[0] as number, dn.rhs[1] as number, reshapeAxisOutOf(dn.rhs[0] as number, groups, w));
  const padding = windowVjpLhsPadding(spatialOf(lhsShape, dn.lhs), spatialOf(w.shape, dn.rhs), p.windowStrides, spatialOf(ct.shape, dn.out), p.padding, p.lhsDilation, p.rhsDilation);
  const reversed = revP.bind1([w], { dimensions: dn.rhs.slice(2) });
  let out = conv(ct, reversed, {
    windowStrides: p.lhsDilation,
    padding,
    lhsDilation: p.windowStrides,
    rhsDilation: p.rhsDilation,
    dimensionNumbers: { lhs: dn.out, rhs: specTranspose(dn.rhs), out: dn.lhs },
    featureGroupCount: groups,
    batchGroupCount: 1,
  });
  if (bg > 1) out = reshapeAxisInto(dn.lhs[1] as number, dn.lhs[0] as number, reshapeAxisOutOf(dn.lhs[1] as number, bg, out));
  return out;
}

/**
 * The rhs cotangent (JAX's `_conv_general_dilated_transpose_rhs`): the lhs convolved with `ct`,
 * batch and feature roles swapped, so feature groups become batch groups and vice versa.
 */
function convTransposeRhs(ct: Array, lhs: Array, rhsShape: readonly number[], p: ConvParams): Array {
  const dn = p.dimensionNumbers;
  const fg = p.featureGroupCount;
  const bg = p.batchGroupCount;
  const padding = vjpRhsPadding(spatialOf(lhs.shape, dn.lhs), spatialOf(rhsShape, dn.rhs), p, spatialOf(ct.shape, dn.out));
  return conv(lhs, ct, {
    windowStrides: p.rhsDilation,
    padding,
    lhsDilation: p.lhsDilation,
    rhsDilation: p.windowStrides,
    dimensionNumbers: { lhs: specTranspose(dn.lhs), rhs: specTranspose(dn.out), out: specTranspose(dn.rhs) },
    featureGroupCount: bg,
    batchGroupCount: fg,
  });
}

// d conv(l, r) = conv(dl, r) + conv(l, dr) (bilinear).
const convJvp: JvpRule<ConvParams> = ([l, r], [tl, tr], p) => {
  const out = conv(l as Array, r as Array, p);
  const a = tl ? conv(tl, r as Array, p) : null;
  const b = tr ? conv(l as Array, tr, p) : null;
  return [[out], [a && b ? ops.add(a, b) : (a ?? b)]];
};

const convTranspose: TransposeRule<ConvParams> = ([ct], [l, r], p) => {
  if (!ct) return [null, null];
  if (isLinear(l)) {
    const shape = l.aval.shape;
    return [ct.size === 0 || prod(shape) === 0 ? ops.full(shape, 0, l.aval.dtype) : convTransposeLhs(ct, shape, known(r, "conv_general_dilated"), p), null];
  }
  if (isLinear(r)) {
    const shape = r.aval.shape;
    return [null, ct.size === 0 || prod(shape) === 0 ? ops.full(shape, 0, r.aval.dtype) : convTransposeRhs(ct, known(l, "conv_general_dilated"), shape, p)];
  }
  return [null, null];
};

// JAX's `_conv_general_dilated_batch_rule`, with the lane axis first moved to the front: lanes of
// a batched lhs join its batch dimension (inside the batch groups), lanes of a batched rhs join
// its output features (inside the feature/batch groups), and both batched makes the lanes extra
// feature (or batch) groups.
const convBatch: BatchRule<ConvParams> = ([l, r], [dl, dr], p, size) => {
  const x = l as Array;
  const y = r as Array;
  const dn = p.dimensionNumbers;
  const fg = p.featureGroupCount;
  const bg = p.batchGroupCount;
  const lb = dl ?? null;
  const rb = dr ?? null;
  if (size === 0) {
    const unbatched = (a: Array, d: number | null): ShapedArray => new ShapedArray(d === null ? a.shape : a.shape.filter((_, k) => k !== d), a.dtype);
    const out = convGeneralDilatedP.def.abstractEval([unbatched(x, lb), unbatched(y, rb)], p)[0] as ShapedArray;
    return [[ops.full([0, ...out.shape], 0, out.dtype)], [0]];
  }
  const lhsN = dn.lhs[0] as number;
  const rhsO = dn.rhs[0] as number;
  const outN = dn.out[0] as number;
  const outC = dn.out[1] as number;
  if (lb !== null && rb !== null) {
    const yy = reshapeAxisInto(0, rhsO, batchToFront(y, rb, size));
    const xx = batchToFront(x, lb, size);
    const out =
      bg > 1
        ? conv(reshapeAxisInto(0, lhsN, xx), yy, { ...p, batchGroupCount: bg * size })
        : conv(reshapeAxisInto(0, dn.lhs[1] as number, xx), yy, { ...p, featureGroupCount: fg * size });
    return [[reshapeAxisOutOf(outC, size, out)], [outC]];
  }
  if (lb !== null) {
    let xx = batchToFront(x, lb, size);
    if (bg === 1) xx = reshapeAxisInto(0, lhsN, xx);
    else xx = reshapeAxisInto(lhsN, lhsN, reshapeAxisInto(0, lhsN + 1, reshapeAxisOutOf(lhsN + 1, bg, xx)));
    return [[reshapeAxisOutOf(outN, size, conv(xx, y, p))], [outN]];
  }
  const yy = batchToFront(y, rb, size);
  const groups = fg > 1 ? fg : bg;
  if (groups === 1) return [[reshapeAxisOutOf(outC, size, conv(x, reshapeAxisInto(0, rhsO, yy), p))], [outC]];
  const grouped = reshapeAxisInto(rhsO, rhsO, reshapeAxisInto(0, rhsO + 1, reshapeAxisOutOf(rhsO + 1, groups, yy)));
  const out = reshapeAxisOutOf(outC + 1, size, reshapeAxisOutOf(outC, groups, conv(x, grouped, p)));
  return [[reshapeAxisInto(outC, outC + 1, out)], [outC]];
};

/**
 * `conv_general_dilated(lhs, rhs)`: N-d convolution (cross-correlation, as XLA) over operands of
 * one numeric dtype.
 * @beta
 */
export const convGeneralDilatedP: Primitive<ConvParams> = definePrimitive<ConvParams>({
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
  jvp: convJvp,
  transpose: convTranspose,
  batch: convBatch,
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
