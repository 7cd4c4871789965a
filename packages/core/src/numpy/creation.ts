// The np array-creation functions: constant fills, ranges, identity-like matrices, triangles,
// diagonals and grids — built from primitives (iota, broadcast, compare) so they trace. Layer 12.

import type { Array } from "../array/Array.js";
import { checkDType, getDefaultFloatDType, isFloat, isInteger, scalarDType, type DType } from "../dtype/dtype.js";
import { checkOptions, ShapeError, ValueError } from "../errors/errors.js";
import { takeP } from "../primitives/gather.js";
import { broadcastInDimP, iotaP, reshapeP } from "../primitives/movement.js";
import { checkShape } from "../shape/shape.js";
import { formatShape, isJsArray } from "../util/assert.js";
import { asArray, scalar, type ArrayLike } from "./convert.js";
import * as E from "./elementwise.js";
import { broadcastTo, convert } from "./promote.js";

/** Options of the creation functions: the element type. @public */
export interface CreationOptions {
  /** Element type (each function documents its default). */
  dtype?: DType;
}

/** Options of `eye` and `tri`. @public */
export interface EyeOptions extends CreationOptions {
  /** Diagonal offset: 0 the main diagonal, positive above it, negative below. @defaultValue 0 */
  k?: number;
}

/** Options of `linspace`. @public */
export interface LinspaceOptions extends CreationOptions {
  /** Whether `stop` is the last sample. @defaultValue true */
  endpoint?: boolean;
}

/** Options of `logspace`. @public */
export interface LogspaceOptions extends LinspaceOptions {
  /** Base of the powers. @defaultValue 10 */
  base?: number;
}

/** Options of `meshgrid`. @public */
export interface MeshgridOptions {
  /** `xy` (Cartesian: the first two output axes swapped) or `ij` (matrix indexing). @defaultValue "xy" */
  indexing?: "xy" | "ij";
}

function shapeArg(where: string, shape: number | readonly number[]): number[] {
  if (typeof shape !== "number" && !isJsArray(shape)) {
    throw new ShapeError(`${where}: shape must be a number or a list of numbers, got ${JSON.stringify(shape)}`);
  }
  return checkShape(where, typeof shape === "number" ? [shape] : shape);
}

function dtypeOption(where: string, options: CreationOptions | undefined, keys: readonly string[] = ["dtype"]): DType | undefined {
  checkOptions(where, options, keys);
  return options?.dtype === undefined ? undefined : checkDType(where, options.dtype);
}

/** The value a JS scalar takes in `dtype`, rejecting what NumPy rejects (NaN/inf or out-of-range into integers). */
function scalarIn(where: string, value: number | boolean, dtype: DType): number | boolean {
  if (typeof value === "boolean" || dtype === "bool" || isFloat(dtype)) return value;
  if (!Number.isFinite(value)) {
    throw new ValueError(`${where}: cannot convert ${value} to ${dtype}; NaN and infinities have no integer value — use a float dtype`);
  }
  const t = Math.trunc(value);
  const [lo, hi] = dtype === "int32" ? [-2147483648, 2147483647] : [0, 4294967295];
  if (t < lo || t > hi) throw new ValueError(`${where}: ${value} is out of range for ${dtype} [${lo}, ${hi}]`);
  return t;
}

/** A scalar broadcast to `shape`. */
function filled(value: number | boolean, dtype: DType, shape: readonly number[]): Array {
  const s = scalar(value, dtype);
  return shape.length === 0 ? s : broadcastInDimP.bind1([s], { shape, broadcastDimensions: [] });
}

function iota(dtype: DType, shape: readonly number[], dimension: number): Array {
  return iotaP.bind1([], { dtype, shape, dimension });
}

/**
 * An array of `shape` filled with 0 (default float dtype).
 * @throws {@link ShapeError} for negative or non-integer sizes.
 * @public
 */
export function zeros(shape: number | readonly number[], options?: CreationOptions): Array {
  const dtype = dtypeOption("zeros", options) ?? getDefaultFloatDType();
  return filled(0, dtype, shapeArg("zeros", shape));
}

/**
 * An array of `shape` filled with 1 (default float dtype).
 * @public
 */
export function ones(shape: number | readonly number[], options?: CreationOptions): Array {
  const dtype = dtypeOption("ones", options) ?? getDefaultFloatDType();
  return filled(1, dtype, shapeArg("ones", shape));
}

/**
 * NumPy's `empty`: arrays are immutable, so it is `np.zeros`.
 * @public
 */
export function empty(shape: number | readonly number[], options?: CreationOptions): Array {
  const dtype = dtypeOption("empty", options) ?? getDefaultFloatDType();
  return filled(0, dtype, shapeArg("empty", shape));
}

function fullImpl(where: string, shape: readonly number[], fillValue: ArrayLike, dtype: DType | undefined): Array {
  if (typeof fillValue === "number" || typeof fillValue === "boolean") {
    const d = dtype ?? (typeof fillValue === "boolean" ? "bool" : getDefaultFloatDType());
    return filled(scalarIn(where, fillValue, d), d, shape);
  }
  const v = asArray(fillValue, where);
  return broadcastTo(convert(v, dtype ?? v.dtype), shape, where);
}

/**
 * An array of `shape` filled with `fillValue` (a scalar, or an array broadcast to shape). The
 * dtype defaults to the value's: bool for booleans, the default float for JS numbers (which carry
 * no int/float distinction; pass `{ dtype: 'int32' }` for integers), an array's own dtype.
 * @throws {@link ValueError} for NaN/inf or out-of-range values into an integer dtype;
 * {@link ShapeError} when an array value does not broadcast to shape.
 * @example
 * ```ts
 * np.full([2, 2], 7) // float32 [[7, 7], [7, 7]]
 * ```
 * @public
 */
export function full(shape: number | readonly number[], fillValue: ArrayLike, options?: CreationOptions): Array {
  const dtype = dtypeOption("full", options);
  return fullImpl("full", shapeArg("full", shape), fillValue, dtype);
}

function likeArgs(where: string, x: ArrayLike, options: CreationOptions | undefined): { shape: readonly number[]; dtype: DType } {
  const dtype = dtypeOption(where, options);
  const a = asArray(x, where);
  return { shape: a.shape, dtype: dtype ?? a.dtype };
}

/**
 * Zeros of x's shape and dtype (or `dtype`).
 * @public
 */
export function zerosLike(x: ArrayLike, options?: CreationOptions): Array {
  const { shape, dtype } = likeArgs("zerosLike", x, options);
  return filled(0, dtype, shape);
}

/**
 * Ones of x's shape and dtype (or `dtype`).
 * @public
 */
export function onesLike(x: ArrayLike, options?: CreationOptions): Array {
  const { shape, dtype } = likeArgs("onesLike", x, options);
  return filled(1, dtype, shape);
}

/**
 * `np.zerosLike` (arrays are immutable, so nothing is left uninitialised).
 * @public
 */
export function emptyLike(x: ArrayLike, options?: CreationOptions): Array {
  const { shape, dtype } = likeArgs("emptyLike", x, options);
  return filled(0, dtype, shape);
}

/**
 * `fillValue` in x's shape, with x's dtype (or `dtype`).
 * @throws {@link ValueError} for NaN/inf into an integer dtype.
 * @public
 */
export function fullLike(x: ArrayLike, fillValue: ArrayLike, options?: CreationOptions): Array {
  const { shape, dtype } = likeArgs("fullLike", x, options);
  return fullImpl("fullLike", shape, fillValue, dtype);
}

function finiteArg(where: string, name: string, v: unknown): number {
  if (typeof v !== "number" || !Number.isFinite(v)) {
    throw new ValueError(`${where}: ${name} must be a finite number, got ${JSON.stringify(v) ?? String(v)}`);
  }
  return v;
}

function nonNegInt(where: string, name: string, v: unknown): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < 0) {
    throw new ValueError(`${where}: ${name} must be a non-negative integer, got ${JSON.stringify(v) ?? String(v)}`);
  }
  return v;
}

/**
 * `0, 1, …, stop-1`. int32 when every argument is an integer, else the default float (or `dtype`).
 * @throws {@link ValueError} for a zero step or non-finite arguments.
 * @public
 */
export function arange(stop: number, options?: CreationOptions): Array;
/**
 * `start, start+1, …` below `stop`.
 * @public
 */
export function arange(start: number, stop: number, options?: CreationOptions): Array;
/**
 * `start + i·step` for `i < ceil((stop - start) / step)` (NumPy's length rule).
 * @example
 * ```ts
 * np.arange(0, 1, 0.25) // float32 [0, 0.25, 0.5, 0.75]
 * ```
 * @public
 */
export function arange(start: number, stop: number | null, step: number | null, options?: CreationOptions): Array;
export function arange(
  a: number,
  b?: number | null | CreationOptions,
  c?: number | null | CreationOptions,
  d?: CreationOptions,
): Array {
  const isOpts = (v: unknown): v is CreationOptions => typeof v === "object" && v !== null;
  const options = isOpts(b) ? b : isOpts(c) ? c : d;
  const requested = dtypeOption("arange", options);
  const second = isOpts(b) ? undefined : b;
  const third = isOpts(c) ? undefined : c;
  let start = finiteArg("arange", "start", a);
  let stop: number;
  if (second === undefined || second === null) {
    stop = start;
    start = 0;
  } else {
    stop = finiteArg("arange", "stop", second);
  }
  const step = third === undefined || third === null ? 1 : finiteArg("arange", "step", third);
  if (step === 0) throw new ValueError("arange: step must not be zero (the range would never reach stop)");
  const length = Math.max(0, Math.ceil((stop - start) / step));
  const ints = [start, stop, step].every((v) => scalarDType(v) === "int32");
  const dtype = requested ?? (ints ? "int32" : getDefaultFloatDType());
  // Integer ranges are computed exactly in int32; others in the float result dtype (or the default float).
  const work: DType = ints && !isFloat(dtype) ? "int32" : isFloat(dtype) ? dtype : getDefaultFloatDType();
  let out = iota(work, [length], 0);
  if (step !== 1) out = E.multiply(out, step);
  if (start !== 0) out = E.add(out, start);
  return convert(out, dtype);
}

function spaced(start: number, stop: number, num: number, endpoint: boolean, work: DType): Array {
  const i = iota(work, [num], 0);
  const div = endpoint ? num - 1 : num;
  const delta = stop - start;
  let y: Array;
  if (div > 0) {
    const step = delta / div;
    y = step === 0 ? E.multiply(E.divide(i, div), delta) : E.multiply(i, step);
  } else {
    y = E.multiply(i, delta);
  }
  y = E.add(y, start);
  if (endpoint && num > 1) y = E.where(E.equal(i, num - 1), stop, y);
  return y;
}

/**
 * `num` evenly spaced samples from `start` to `stop` (inclusive unless `endpoint` is false);
 * default float dtype. Integer dtypes round toward -inf (NumPy 2).
 * @throws {@link ValueError} for a negative or non-integer num.
 * @example
 * ```ts
 * np.linspace(0, 1, 5) // [0, 0.25, 0.5, 0.75, 1]
 * ```
 * @public
 */
export function linspace(start: number, stop: number, num = 50, options?: LinspaceOptions): Array {
  const dtype = dtypeOption("linspace", options, ["dtype", "endpoint"]) ?? getDefaultFloatDType();
  const n = nonNegInt("linspace", "the number of samples num", num);
  const work = isFloat(dtype) ? dtype : getDefaultFloatDType();
  const y = spaced(start, stop, n, options?.endpoint ?? true, work);
  return convert(isInteger(dtype) ? E.floor(y) : y, dtype);
}

/**
 * `base ** linspace(start, stop, num)`: samples evenly spaced on a log scale.
 * @throws {@link ValueError} for a negative or non-integer num.
 * @public
 */
export function logspace(start: number, stop: number, num = 50, options?: LogspaceOptions): Array {
  const dtype = dtypeOption("logspace", options, ["dtype", "endpoint", "base"]) ?? getDefaultFloatDType();
  const n = nonNegInt("logspace", "the number of samples num", num);
  const work = isFloat(dtype) ? dtype : getDefaultFloatDType();
  const y = E.power(options?.base ?? 10, spaced(start, stop, n, options?.endpoint ?? true, work));
  return convert(isInteger(dtype) ? E.floor(y) : y, dtype);
}

/** `cols - rows` over an [n, m] grid (int32): the diagonal offset of each position. */
function offsets(n: number, m: number): Array {
  return E.subtract(iota("int32", [n, m], 1), iota("int32", [n, m], 0));
}

function diagOffset(where: string, k: unknown): number {
  if (typeof k !== "number" || !Number.isInteger(k)) throw new ValueError(`${where}: the diagonal offset k must be an integer, got ${JSON.stringify(k)}`);
  return k;
}

function matrixArgs(
  where: string,
  n: number,
  m: number | null | EyeOptions | undefined,
  options: EyeOptions | undefined,
): { rows: number; cols: number; dtype: DType; k: number } {
  const opts = typeof m === "object" && m !== null ? m : options;
  const dtype = dtypeOption(where, opts, ["dtype", "k"]) ?? getDefaultFloatDType();
  const cols = typeof m === "number" ? m : n;
  const [rows, c] = checkShape(where, [n, cols]) as [number, number];
  return { rows, cols: c, dtype, k: diagOffset(where, opts?.k ?? 0) };
}

/**
 * An [N, M] matrix (M defaults to N) with ones on diagonal `k` and zeros elsewhere; default float.
 * @throws {@link ShapeError} for negative sizes; {@link ValueError} for a non-integer k.
 * @public
 */
export function eye(n: number, options?: EyeOptions): Array;
/**
 * An [N, M] matrix with ones on diagonal `k`.
 * @public
 */
export function eye(n: number, m: number | null, options?: EyeOptions): Array;
export function eye(n: number, m?: number | null | EyeOptions, options?: EyeOptions): Array {
  const { rows, cols, dtype, k } = matrixArgs("eye", n, m, options);
  return convert(E.equal(offsets(rows, cols), k), dtype);
}

/**
 * The [n, n] identity matrix (default float).
 * @public
 */
export function identity(n: number, options?: CreationOptions): Array {
  const dtype = dtypeOption("identity", options) ?? getDefaultFloatDType();
  const [size] = checkShape("identity", [n]) as [number];
  return convert(E.equal(offsets(size, size), 0), dtype);
}

/**
 * An [N, M] matrix with ones at and below diagonal `k` (`j ≤ i + k`); default float.
 * @public
 */
export function tri(n: number, options?: EyeOptions): Array;
/**
 * An [N, M] lower-triangular matrix of ones.
 * @public
 */
export function tri(n: number, m: number | null, options?: EyeOptions): Array;
export function tri(n: number, m?: number | null | EyeOptions, options?: EyeOptions): Array {
  const { rows, cols, dtype, k } = matrixArgs("tri", n, m, options);
  return convert(E.lessEqual(offsets(rows, cols), k), dtype);
}

function triangle(where: string, x: ArrayLike, k: number, lower: boolean): Array {
  const a = asArray(x, where);
  const kk = diagOffset(where, k);
  if (a.ndim < 2) {
    throw new ValueError(`${where}: needs an array of at least 2 dimensions (a matrix or a stack of them), got shape ${formatShape(a.shape)}`);
  }
  const off = offsets(a.shape[a.ndim - 2] as number, a.shape[a.ndim - 1] as number);
  const keep = lower ? E.lessEqual(off, kk) : E.greaterEqual(off, kk);
  return E.where(keep, a, scalar(a.dtype === "bool" ? false : 0, a.dtype, true));
}

/**
 * The lower triangle of the last two axes: elements with `j ≤ i + k` kept, others zeroed.
 * @throws {@link ValueError} for arrays of fewer than 2 dimensions.
 * @public
 */
export function tril(x: ArrayLike, k = 0): Array {
  return triangle("tril", x, k, true);
}

/**
 * The upper triangle of the last two axes: elements with `j ≥ i + k` kept, others zeroed.
 * @throws {@link ValueError} for arrays of fewer than 2 dimensions.
 * @public
 */
export function triu(x: ArrayLike, k = 0): Array {
  return triangle("triu", x, k, false);
}

/**
 * For a 1-d `v`, the square matrix with v on diagonal `k`; for a 2-d `v`, its diagonal `k` as a 1-d array.
 * @throws {@link ValueError} for other ranks or a non-integer k.
 * @public
 */
export function diag(v: ArrayLike, k = 0): Array {
  const a = asArray(v, "diag");
  const kk = diagOffset("diag", k);
  if (a.ndim === 1) {
    const size = (a.shape[0] as number) + Math.abs(kk);
    if (size === 0 || a.shape[0] === 0) return filled(a.dtype === "bool" ? false : 0, a.dtype, [size, size]);
    // Row i holds v[i] (k ≥ 0); column j holds v[j] (k < 0). Out-of-range positions are masked below.
    const src = iota("int32", [size, size], kk >= 0 ? 0 : 1);
    const gathered = takeP.bind1([a, src], { axis: 0 });
    return E.where(E.equal(offsets(size, size), kk), gathered, scalar(a.dtype === "bool" ? false : 0, a.dtype, true));
  }
  if (a.ndim === 2) {
    const [rows, cols] = a.shape as [number, number];
    const r0 = Math.max(-kk, 0);
    const c0 = Math.max(kk, 0);
    const len = Math.max(0, Math.min(rows - r0, cols - c0));
    if (len === 0) return filled(a.dtype === "bool" ? false : 0, a.dtype, [0]);
    const flatIdx = E.add(E.multiply(iota("int32", [len], 0), cols + 1), r0 * cols + c0);
    return takeP.bind1([reshapeP.bind1([a], { newShape: [rows * cols] }), flatIdx], { axis: 0 });
  }
  throw new ValueError(`diag: input must be 1-d or 2-d, got shape ${formatShape(a.shape)}`);
}

/**
 * Coordinate arrays from 1-d coordinate vectors (inputs are flattened): with `xy` indexing the
 * outputs have shape [len(x1), len(x0), len(x2), …], with `ij` [len(x0), len(x1), …].
 * @throws {@link ValueError} for an unknown indexing.
 * @public
 */
export function meshgrid(xs: readonly ArrayLike[], options?: MeshgridOptions): Array[] {
  checkOptions("meshgrid", options, ["indexing"]);
  const indexing = options?.indexing ?? "xy";
  if (indexing !== "xy" && indexing !== "ij") {
    throw new ValueError(`meshgrid: indexing must be 'xy' or 'ij', got ${JSON.stringify(indexing)}`);
  }
  const flat = xs.map((x) => {
    const a = asArray(x, "meshgrid");
    return a.ndim === 1 ? a : reshapeP.bind1([a], { newShape: [a.size] });
  });
  const axisOf = (i: number): number => (indexing === "xy" && flat.length >= 2 && i < 2 ? 1 - i : i);
  const shape: number[] = new globalThis.Array<number>(flat.length).fill(0);
  flat.forEach((a, i) => (shape[axisOf(i)] = a.shape[0] as number));
  return flat.map((a, i) => broadcastInDimP.bind1([a], { shape, broadcastDimensions: [axisOf(i)] }));
}
