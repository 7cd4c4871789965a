// The np reductions: sum, mean, var/std, max/min, prod, any/all, argmax/argmin, logsumexp and
// friends over axes — NumPy names and semantics, JAX result dtypes. Layer 12.

import type { Array, Axis, ReduceOptions, VarOptions } from "../array/Array.js";
import { checkDType, getDefaultFloatDType, isFloat, type DType } from "../dtype/dtype.js";
import { AxisError, checkOptions, DTypeError, ShapeError, ValueError } from "../errors/errors.js";
import { broadcastInDimP, reshapeP } from "../primitives/movement.js";
import {
  argmaxP,
  argminP,
  reduceMaxP,
  reduceMinP,
  reduceProdP,
  reduceSumP,
  type ArgReduceParams,
  type ReduceParams,
} from "../primitives/reduce.js";
import { broadcastShapes, normalizeAxes, normalizeAxis } from "../shape/shape.js";
import type { Primitive } from "../trace/primitive.js";
import { formatShape, sameList } from "../util/assert.js";
import { asArray, scalar, type ArrayLike } from "./convert.js";
import * as E from "./elementwise.js";
import type { IsCloseOptions } from "./elementwise.js";
import { broadcastTo, convert, resultType } from "./promote.js";

/** Options of `sum`, `prod`, `mean`, `nansum` and `nanmean`: keepdims plus the dtype to compute in. @public */
export interface SumOptions extends ReduceOptions {
  /** Cast the input to this dtype before reducing (the result has this dtype). */
  dtype?: DType;
}

/** Options of `average`. @public */
export interface AverageOptions extends ReduceOptions {
  /** Weights of the elements: x's shape, or 1-d along a single `axis`. Without weights `average` is `mean`. */
  weights?: ArrayLike;
}

/** Options of `arrayEqual`. @public */
export interface ArrayEqualOptions {
  /** Whether NaN equals NaN. @defaultValue false */
  equalNan?: boolean;
}

interface Prepared {
  readonly a: Array;
  readonly axes: number[];
}

function prepare(where: string, x: ArrayLike, axis: Axis | undefined): Prepared {
  const a = asArray(x, where);
  return { a, axes: normalizeAxes(where, axis, a.ndim) };
}

/** The shape left after reducing `axes`, with size-1 entries there when `keepdims`. */
function outShape(shape: readonly number[], axes: readonly number[], keepdims: boolean): number[] {
  const out: number[] = [];
  shape.forEach((d, k) => {
    if (!axes.includes(k)) out.push(d);
    else if (keepdims) out.push(1);
  });
  return out;
}

/** Number of elements reduced into each output element. */
function reducedCount(shape: readonly number[], axes: readonly number[]): number {
  let n = 1;
  for (const k of axes) n *= shape[k] as number;
  return n;
}

function reshape(x: Array, shape: readonly number[]): Array {
  return sameList(x.shape, shape) ? x : reshapeP.bind1([x], { newShape: shape });
}

/** Reinserts the reduced axes as size-1 dimensions when `keepdims`. */
function finish(out: Array, inShape: readonly number[], axes: readonly number[], keepdims: boolean | undefined): Array {
  return keepdims ? reshape(out, outShape(inShape, axes, true)) : out;
}

function reduceWith(p: Primitive<ReduceParams>, a: Array, axes: readonly number[]): Array {
  return axes.length === 0 ? a : p.bind1([a], { axes });
}

/** A constant of `shape` (a broadcast scalar). */
function filled(value: number | boolean, dtype: DType, shape: readonly number[]): Array {
  return broadcastInDimP.bind1([scalar(value, dtype)], { shape, broadcastDimensions: [] });
}

function requestedDType(where: string, options: { dtype?: DType } | undefined): DType | undefined {
  return options?.dtype === undefined ? undefined : checkDType(where, options.dtype);
}

/** The float dtype a mean/variance of `d` is computed in: floats keep theirs, ints and bools use the default float. */
function floatOf(d: DType): DType {
  return isFloat(d) ? d : getDefaultFloatDType();
}

function toFloat(a: Array): Array {
  return isFloat(a.dtype) ? a : convert(a, getDefaultFloatDType());
}

function additive(where: string, p: Primitive<ReduceParams>, x: ArrayLike, axis: Axis | undefined, options: SumOptions | undefined): Array {
  checkOptions(where, options, ["keepdims", "dtype"]);
  const { a, axes } = prepare(where, x, axis);
  const dtype = requestedDType(where, options);
  let src = dtype === undefined ? a : convert(a, dtype);
  // bool sums count (JAX: int32); a requested bool result is the count cast back to bool.
  if (src.dtype === "bool") src = convert(src, "int32");
  let out = reduceWith(p, src, axes);
  if (dtype === "bool") out = convert(out, "bool");
  return finish(out, a.shape, axes, options?.keepdims);
}

/**
 * Sum over `axis` (all axes when null/undefined). bool and int32 sum to int32, uint32 stays
 * uint32 (wrapping on overflow), floats keep their dtype; `dtype` casts the input first.
 * An empty axis sums to 0.
 * @throws {@link AxisError} for an axis out of range or repeated.
 * @example
 * ```ts
 * np.sum(np.array([[1, 2], [3, 4]]), 0) // [4, 6]
 * ```
 * @public
 */
export function sum(x: ArrayLike, axis?: Axis, options?: SumOptions): Array {
  return additive("sum", reduceSumP, x, axis, options);
}

/**
 * Product over `axis`; dtypes as `np.sum`. An empty axis gives 1.
 * @public
 */
export function prod(x: ArrayLike, axis?: Axis, options?: SumOptions): Array {
  return additive("prod", reduceProdP, x, axis, options);
}

function meanImpl(a: Array, axes: readonly number[], dtype: DType | undefined, keepdims: boolean | undefined): Array {
  const fdt = floatOf(dtype ?? a.dtype);
  const src = isFloat(a.dtype) && a.dtype === fdt ? a : convert(a, fdt);
  let out = E.divide(reduceWith(reduceSumP, src, axes), reducedCount(a.shape, axes));
  if (dtype !== undefined && dtype !== out.dtype) out = convert(out, dtype);
  return finish(out, a.shape, axes, keepdims);
}

/**
 * Arithmetic mean over `axis`, computed in float: ints and bools give the default float, floats
 * keep their dtype. The mean of an empty axis is NaN. `dtype` sets the result dtype.
 * @public
 */
export function mean(x: ArrayLike, axis?: Axis, options?: SumOptions): Array {
  checkOptions("mean", options, ["keepdims", "dtype"]);
  const { a, axes } = prepare("mean", x, axis);
  return meanImpl(a, axes, requestedDType("mean", options), options?.keepdims);
}

function varImpl(where: string, x: ArrayLike, axis: Axis | undefined, options: VarOptions | undefined): Array {
  checkOptions(where, options, ["keepdims", "ddof"]);
  const ddof = options?.ddof ?? 0;
  if (typeof ddof !== "number" || !Number.isFinite(ddof)) {
    throw new ValueError(`${where}: ddof must be a finite number (the divisor is n - ddof), got ${String(ddof)}`);
  }
  const { a, axes } = prepare(where, x, axis);
  const src = toFloat(a);
  const n = reducedCount(a.shape, axes);
  const m = reshape(E.divide(reduceWith(reduceSumP, src, axes), n), outShape(a.shape, axes, true));
  const centered = E.subtract(src, m);
  const ss = reduceWith(reduceSumP, E.multiply(centered, centered), axes);
  // NumPy divides by max(n - ddof, 0): 0/0 gives NaN, a positive sum over 0 gives inf.
  return finish(E.divide(ss, Math.max(n - ddof, 0)), a.shape, axes, options?.keepdims);
}

/**
 * Variance `sum((x - mean)²) / (n - ddof)` over `axis`, in float (ints give the default float).
 * `n - ddof ≤ 0` gives NaN or inf, as NumPy.
 * @throws {@link ValueError} when ddof is not a finite number.
 * @public
 */
export function var_(x: ArrayLike, axis?: Axis, options?: VarOptions): Array {
  return varImpl("var", x, axis, options);
}
export { var_ as var };

/**
 * Standard deviation: the square root of `np.var` (same options).
 * @public
 */
export function std(x: ArrayLike, axis?: Axis, options?: VarOptions): Array {
  return E.sqrt(varImpl("std", x, axis, options));
}

function checkNonEmpty(where: string, op: string, a: Array, axes: readonly number[]): void {
  if (axes.some((k) => a.shape[k] === 0)) {
    throw new ValueError(
      `${where}: zero-size array to reduction operation ${op} which has no identity (shape ${formatShape(a.shape)}, axes ${formatShape(axes)}); reduce over non-empty axes or check x.size first`,
    );
  }
}

function extremum(where: string, op: string, p: Primitive<ReduceParams>, x: ArrayLike, axis: Axis | undefined, options: ReduceOptions | undefined): Array {
  checkOptions(where, options, ["keepdims"]);
  const { a, axes } = prepare(where, x, axis);
  checkNonEmpty(where, op, a, axes);
  return finish(reduceWith(p, a, axes), a.shape, axes, options?.keepdims);
}

/**
 * Maximum over `axis`; keeps the dtype; NaN propagates.
 * @throws {@link ValueError} when a reduced axis is empty (there is no identity).
 * @public
 */
export function max(x: ArrayLike, axis?: Axis, options?: ReduceOptions): Array {
  return extremum("max", "maximum", reduceMaxP, x, axis, options);
}

/**
 * Minimum over `axis`; keeps the dtype; NaN propagates.
 * @throws {@link ValueError} when a reduced axis is empty.
 * @public
 */
export function min(x: ArrayLike, axis?: Axis, options?: ReduceOptions): Array {
  return extremum("min", "minimum", reduceMinP, x, axis, options);
}

/**
 * Peak to peak `max - min` over `axis`.
 * @throws {@link ValueError} when a reduced axis is empty; {@link DTypeError} for bool input.
 * @public
 */
export function ptp(x: ArrayLike, axis?: Axis, options?: ReduceOptions): Array {
  checkOptions("ptp", options, ["keepdims"]);
  const { a, axes } = prepare("ptp", x, axis);
  if (a.dtype === "bool") throw new DTypeError("ptp: bool arrays have no difference (max - min); cast with astype('int32') first");
  checkNonEmpty("ptp", "maximum", a, axes);
  const out = E.subtract(reduceWith(reduceMaxP, a, axes), reduceWith(reduceMinP, a, axes));
  return finish(out, a.shape, axes, options?.keepdims);
}

function logical(where: string, isAny: boolean, x: ArrayLike, axis: Axis | undefined, options: ReduceOptions | undefined): Array {
  checkOptions(where, options, ["keepdims"]);
  const { a, axes } = prepare(where, x, axis);
  const b = a.dtype === "bool" ? a : E.notEqual(a, 0);
  const out = axes.some((k) => a.shape[k] === 0)
    ? filled(!isAny, "bool", outShape(a.shape, axes, false))
    : reduceWith(isAny ? reduceMaxP : reduceMinP, b, axes);
  return finish(out, a.shape, axes, options?.keepdims);
}

/**
 * True where any element along `axis` is nonzero (NaN counts as nonzero); false for an empty axis.
 * @public
 */
export function any(x: ArrayLike, axis?: Axis, options?: ReduceOptions): Array {
  return logical("any", true, x, axis, options);
}

/**
 * True where every element along `axis` is nonzero; true for an empty axis.
 * @public
 */
export function all(x: ArrayLike, axis?: Axis, options?: ReduceOptions): Array {
  return logical("all", false, x, axis, options);
}

function argExtremum(where: string, p: Primitive<ArgReduceParams>, x: ArrayLike, axis: number | null | undefined, options: ReduceOptions | undefined): Array {
  checkOptions(where, options, ["keepdims"]);
  const a = asArray(x, where);
  if (axis === null || axis === undefined) {
    if (a.size === 0) {
      throw new ValueError(`${where}: attempt to get ${where} of an empty sequence (shape ${formatShape(a.shape)}); there is no position to return`);
    }
    const out = p.bind1([reshape(a, [a.size])], { axis: 0 });
    return options?.keepdims ? reshape(out, a.shape.map(() => 1)) : out;
  }
  if (typeof axis !== "number") {
    throw new AxisError(`${where}: axis must be a single integer or null, got ${JSON.stringify(axis)}`);
  }
  const k = normalizeAxis(where, axis, a.ndim);
  if (a.shape[k] === 0) {
    throw new ValueError(`${where}: attempt to get ${where} of an empty axis ${axis} (shape ${formatShape(a.shape)}); there is no position to return`);
  }
  return finish(p.bind1([a], { axis: k }), a.shape, [k], options?.keepdims);
}

/**
 * int32 position of the first maximum along `axis` (of the flattened array when axis is
 * null/undefined); the first NaN wins, as NumPy.
 * @throws {@link ValueError} for an empty axis or array.
 * @public
 */
export function argmax(x: ArrayLike, axis?: number | null, options?: ReduceOptions): Array {
  return argExtremum("argmax", argmaxP, x, axis, options);
}

/**
 * int32 position of the first minimum along `axis` (flattened when null/undefined).
 * @throws {@link ValueError} for an empty axis or array.
 * @public
 */
export function argmin(x: ArrayLike, axis?: number | null, options?: ReduceOptions): Array {
  return argExtremum("argmin", argminP, x, axis, options);
}

/**
 * `log(sum(exp(x)))` over `axis`, computed stably by shifting by the maximum; rows of -inf give
 * -inf, and an empty axis gives -inf. Result in float.
 * @public
 */
export function logsumexp(x: ArrayLike, axis?: Axis, options?: ReduceOptions): Array {
  checkOptions("logsumexp", options, ["keepdims"]);
  const { a, axes } = prepare("logsumexp", x, axis);
  const f = toFloat(a);
  if (axes.length === 0) return f;
  if (axes.some((k) => a.shape[k] === 0)) {
    return filled(-Infinity, f.dtype, outShape(a.shape, axes, options?.keepdims === true));
  }
  const m = reduceWith(reduceMaxP, f, axes);
  // A non-finite maximum (all -inf, +inf or NaN) is not subtracted: exp/log then give the right limit.
  const shift = E.where(E.isfinite(m), m, 0);
  const s = reduceWith(reduceSumP, E.exp(E.subtract(f, reshape(shift, outShape(a.shape, axes, true)))), axes);
  return finish(E.add(E.log(s), shift), a.shape, axes, options?.keepdims);
}

/**
 * True when every `|a − b| ≤ atol + rtol·|b|` (see `isclose`); a JS boolean, so the arrays must
 * be concrete.
 * @throws {@link ShapeError} when the shapes do not broadcast.
 * @public
 */
export function allclose(a: ArrayLike, b: ArrayLike, options?: IsCloseOptions): boolean {
  checkOptions("allclose", options, ["rtol", "atol", "equalNan"]);
  const x = asArray(a, "allclose");
  const y = asArray(b, "allclose");
  broadcastShapes("allclose", x.shape, y.shape);
  return all(E.isclose(x, y, options)).item() as boolean;
}

/**
 * True when both arrays have the same shape and equal elements (a JS boolean); NaN never
 * equals NaN unless `equalNan`.
 * @public
 */
export function arrayEqual(a: ArrayLike, b: ArrayLike, options?: ArrayEqualOptions): boolean {
  checkOptions("arrayEqual", options, ["equalNan"]);
  const x = asArray(a, "arrayEqual");
  const y = asArray(b, "arrayEqual");
  if (!sameList(x.shape, y.shape)) return false;
  let eq = E.equal(x, y);
  if (options?.equalNan) eq = E.logicalOr(eq, E.logicalAnd(E.isnan(x), E.isnan(y)));
  return all(eq).item() as boolean;
}

/**
 * Number of nonzero elements along `axis` (int32).
 * @public
 */
export function countNonzero(x: ArrayLike, axis?: Axis, options?: ReduceOptions): Array {
  checkOptions("countNonzero", options, ["keepdims"]);
  const { a, axes } = prepare("countNonzero", x, axis);
  const nz = convert(a.dtype === "bool" ? a : E.notEqual(a, 0), "int32");
  return finish(reduceWith(reduceSumP, nz, axes), a.shape, axes, options?.keepdims);
}

/**
 * Weighted mean `sum(x·w) / sum(w)` over `axis`, in float. Weights have x's shape, or are 1-d
 * of length `x.shape[axis]` for a single integer `axis`. Without weights, `np.mean`.
 * @throws {@link ShapeError} when the weights' shape does not fit.
 * @public
 */
export function average(x: ArrayLike, axis?: Axis, options?: AverageOptions): Array {
  checkOptions("average", options, ["weights", "keepdims"]);
  if (options?.weights === undefined) return mean(x, axis, options?.keepdims === undefined ? undefined : { keepdims: options.keepdims });
  const { a, axes } = prepare("average", x, axis);
  let w = asArray(options.weights, "average");
  const fdt = floatOf(resultType(a, w).dtype);
  const af = convert(a, fdt);
  w = convert(w, fdt);
  if (!sameList(w.shape, a.shape)) {
    if (typeof axis !== "number") {
      throw new ShapeError(
        `average: weights of shape ${formatShape(w.shape)} differ from x's shape ${formatShape(a.shape)}; pass weights of x's shape, or 1-d weights with a single integer axis`,
      );
    }
    const k = axes[0] as number;
    if (w.ndim !== 1 || w.shape[0] !== a.shape[k]) {
      throw new ShapeError(
        `average: 1-d weights of length ${a.shape[k]} (x.shape[${axis}]) expected when shapes differ, got weights of shape ${formatShape(w.shape)} for x of shape ${formatShape(a.shape)}`,
      );
    }
    w = broadcastTo(reshape(w, a.shape.map((d, j) => (j === k ? d : 1))), a.shape, "average");
  }
  const out = E.divide(reduceWith(reduceSumP, E.multiply(af, w), axes), reduceWith(reduceSumP, w, axes));
  return finish(out, a.shape, axes, options.keepdims);
}

/**
 * `np.sum` treating NaN as 0 (integer and bool input as `sum`).
 * @public
 */
export function nansum(x: ArrayLike, axis?: Axis, options?: SumOptions): Array {
  checkOptions("nansum", options, ["keepdims", "dtype"]);
  const a = asArray(x, "nansum");
  return additive("nansum", reduceSumP, isFloat(a.dtype) ? E.where(E.isnan(a), 0, a) : a, axis, options);
}

/**
 * `np.mean` ignoring NaN: the sum of the non-NaN values over their count (NaN when all are NaN).
 * @public
 */
export function nanmean(x: ArrayLike, axis?: Axis, options?: SumOptions): Array {
  checkOptions("nanmean", options, ["keepdims", "dtype"]);
  const { a, axes } = prepare("nanmean", x, axis);
  const dtype = requestedDType("nanmean", options);
  if (!isFloat(a.dtype)) return meanImpl(a, axes, dtype, options?.keepdims);
  const nan = E.isnan(a);
  const total = reduceWith(reduceSumP, E.where(nan, 0, a), axes);
  const count = reduceWith(reduceSumP, convert(E.logicalNot(nan), a.dtype), axes);
  let out = E.divide(total, count);
  if (dtype !== undefined && dtype !== out.dtype) out = convert(out, dtype);
  return finish(out, a.shape, axes, options?.keepdims);
}

function nanExtremum(where: string, isMax: boolean, x: ArrayLike, axis: Axis | undefined, options: ReduceOptions | undefined): Array {
  checkOptions(where, options, ["keepdims"]);
  const { a, axes } = prepare(where, x, axis);
  checkNonEmpty(where, isMax ? "maximum" : "minimum", a, axes);
  if (!isFloat(a.dtype)) return finish(reduceWith(isMax ? reduceMaxP : reduceMinP, a, axes), a.shape, axes, options?.keepdims);
  const nan = E.isnan(a);
  const r = reduceWith(isMax ? reduceMaxP : reduceMinP, E.where(nan, isMax ? -Infinity : Infinity, a), axes);
  const allNan = reduceWith(reduceMinP, nan, axes);
  return finish(E.where(allNan, NaN, r), a.shape, axes, options?.keepdims);
}

/**
 * `np.max` ignoring NaN (NaN only where every element is NaN).
 * @throws {@link ValueError} when a reduced axis is empty.
 * @public
 */
export function nanmax(x: ArrayLike, axis?: Axis, options?: ReduceOptions): Array {
  return nanExtremum("nanmax", true, x, axis, options);
}

/**
 * `np.min` ignoring NaN (NaN only where every element is NaN).
 * @throws {@link ValueError} when a reduced axis is empty.
 * @public
 */
export function nanmin(x: ArrayLike, axis?: Axis, options?: ReduceOptions): Array {
  return nanExtremum("nanmin", false, x, axis, options);
}
