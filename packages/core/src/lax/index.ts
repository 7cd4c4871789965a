// The lax namespace: thin, typed wrappers over core's primitives with JAX's names. Unlike np,
// lax functions never promote or broadcast — operands must already agree. Layer 11.

import type { Array } from "../array/Array.js";
import { checkDType, type DType } from "../dtype/dtype.js";
import { checkOptions, DTypeError, ShapeError } from "../errors/errors.js";
import { cummaxP, cumminP, cumprodP, cumsumP, type CumulativeParams } from "../primitives/cumulative.js";
import { dotGeneralP } from "../primitives/dot.js";
import * as P from "../primitives/elementwise.js";
import {
  broadcastInDimP,
  concatenateP,
  iotaP,
  padP,
  reshapeP,
  revP,
  sliceP,
  transposeP,
} from "../primitives/movement.js";
import { argmaxP, argminP, reduceMaxP, reduceMinP, reduceProdP, reduceSumP, type ReduceParams } from "../primitives/reduce.js";
import { sortP } from "../primitives/sort.js";
import { normalizeAxes, normalizeAxis } from "../shape/shape.js";
import type { Primitive } from "../trace/primitive.js";
import { formatShape } from "../util/assert.js";
import { scalarOf } from "./scalar.js";

export {
  convGeneralDilated,
  padtypeToPads,
  reduceWindow,
  type ConvDimensionNumbersSpec,
  type ConvOptions,
  type PaddingSpec,
  type ReduceWindowOptions,
} from "./conv.js";
export type { ConvDimensionNumbers } from "../primitives/conv.js";
export type { WindowComputation } from "../primitives/reduceWindow.js";

const un = (p: Primitive<P.NoParams>) => (x: Array): Array => p.bind1([x], {});
const bin = (p: Primitive<P.NoParams>) => (x: Array, y: Array): Array => p.bind1([x, y], {});

/** `-x`. @public */
export const neg = un(P.negP);
/** Sign (-1, 0, 1; NaN stays NaN). @public */
export const sign = un(P.signP);
/** `|x|`. @public */
export const abs = un(P.absP);
/** Round toward −∞ (floats). @public */
export const floor = un(P.floorP);
/** Round toward +∞ (floats). @public */
export const ceil = un(P.ceilP);
/** `e^x` (floats). @public */
export const exp = un(P.expP);
/** `e^x − 1`, accurate near 0 (floats). @public */
export const expm1 = un(P.expm1P);
/** Natural logarithm (floats). @public */
export const log = un(P.logP);
/** `log(1 + x)`, accurate near 0 (floats). @public */
export const log1p = un(P.log1pP);
/** Square root (floats). @public */
export const sqrt = un(P.sqrtP);
/** Cube root (floats). @public */
export const cbrt = un(P.cbrtP);
/** Sine (floats). @public */
export const sin = un(P.sinP);
/** Cosine (floats). @public */
export const cos = un(P.cosP);
/** Tangent (floats). @public */
export const tan = un(P.tanP);
/** Arcsine (floats). @public */
export const asin = un(P.asinP);
/** Arccosine (floats). @public */
export const acos = un(P.acosP);
/** Arctangent (floats). @public */
export const atan = un(P.atanP);
/** Hyperbolic sine (floats). @public */
export const sinh = un(P.sinhP);
/** Hyperbolic cosine (floats). @public */
export const cosh = un(P.coshP);
/** Hyperbolic tangent (floats). @public */
export const tanh = un(P.tanhP);
/** Inverse hyperbolic sine (floats). @public */
export const asinh = un(P.asinhP);
/** Inverse hyperbolic cosine (floats). @public */
export const acosh = un(P.acoshP);
/** Inverse hyperbolic tangent (floats). @public */
export const atanh = un(P.atanhP);
/** Bitwise not (integers) or logical not (bool). @public */
export const bitwiseNot = un(P.notP);
/** True where `x` is neither infinite nor NaN (floats). @public */
export const isFinite = un(P.isFiniteP);

/** `x + y` (equal shapes and dtypes). @public */
export const add = bin(P.addP);
/** `x − y`. @public */
export const sub = bin(P.subP);
/** `x · y`. @public */
export const mul = bin(P.mulP);
/** `x / y` (integers truncate toward zero). @public */
export const div = bin(P.divP);
/** Remainder with the sign of `x` (C's `fmod`). @public */
export const rem = bin(P.remP);
/** `x ** y`. @public */
export const pow = bin(P.powP);
/** Elementwise maximum (NaN propagates). @public */
export const max = bin(P.maxP);
/** Elementwise minimum (NaN propagates). @public */
export const min = bin(P.minP);
/** `atan2(x, y)` (floats). @public */
export const atan2 = bin(P.atan2P);
/** Bitwise and (integers) or logical and (bool). @public */
export const bitwiseAnd = bin(P.andP);
/** Bitwise or (integers) or logical or (bool). @public */
export const bitwiseOr = bin(P.orP);
/** Bitwise xor (integers) or logical xor (bool). @public */
export const bitwiseXor = bin(P.xorP);
/** `x << y` (integers; shifts of 32 or more give 0). @public */
export const shiftLeft = bin(P.shiftLeftP);
/** `x == y` (bool result). @public */
export const eq = bin(P.eqP);
/** `x != y`. @public */
export const ne = bin(P.neP);
/** `x < y`. @public */
export const lt = bin(P.ltP);
/** `x <= y`. @public */
export const le = bin(P.leP);
/** `x > y`. @public */
export const gt = bin(P.gtP);
/** `x >= y`. @public */
export const ge = bin(P.geP);

/** `pred ? onTrue : onFalse` elementwise; `pred` is bool, all three share one shape. @public */
export function select(pred: Array, onTrue: Array, onFalse: Array): Array {
  return P.selectP.bind1([pred, onTrue, onFalse], {});
}

/** Converts to `newDtype` (floats → ints truncate toward zero, NaN → 0, out of range saturates). @public */
export function convertElementType(x: Array, newDtype: DType): Array {
  return P.convertP.bind1([x], { newDtype: checkDType("convertElementType", newDtype), weakType: false });
}

/** Broadcasts `x` into `shape`, operand axis k landing on output axis `broadcastDimensions[k]`. @public */
export function broadcastInDim(x: Array, shape: readonly number[], broadcastDimensions: readonly number[]): Array {
  return broadcastInDimP.bind1([x], { shape: [...shape], broadcastDimensions: [...broadcastDimensions] });
}

/** Adds leading axes of `sizes` (JAX's `lax.broadcast`). @public */
export function broadcast(x: Array, sizes: readonly number[]): Array {
  return broadcastInDim(x, [...sizes, ...x.shape], x.shape.map((_, k) => k + sizes.length));
}

/** Reshapes to `newSizes`; with `dimensions`, the axes are first transposed into that order. @public */
export function reshape(x: Array, newSizes: readonly number[], dimensions?: readonly number[] | null): Array {
  const src = dimensions === undefined || dimensions === null ? x : transpose(x, dimensions);
  return reshapeP.bind1([src], { newShape: [...newSizes] });
}

/** Permutes axes: output axis k is input axis `permutation[k]`. @public */
export function transpose(x: Array, permutation: readonly number[]): Array {
  return transposeP.bind1([x], { permutation: [...permutation] });
}

/**
 * Removes the size-1 axes `dimensions`.
 * @throws {@link ShapeError} when one of them does not have size 1.
 * @public
 */
export function squeeze(x: Array, dimensions: readonly number[]): Array {
  const axes = normalizeAxes("squeeze", dimensions, x.ndim);
  for (const a of axes) {
    if (x.shape[a] !== 1) throw new ShapeError(`squeeze: axis ${a} of shape ${formatShape(x.shape)} has size ${x.shape[a]}, not 1`);
  }
  return reshapeP.bind1([x], { newShape: x.shape.filter((_, k) => !axes.includes(k)) });
}

/** Inserts size-1 axes at `dimensions` (positions in the result). @public */
export function expandDims(x: Array, dimensions: readonly number[]): Array {
  const nd = x.ndim + dimensions.length;
  const axes = normalizeAxes("expandDims", dimensions, nd);
  const shape: number[] = [];
  let src = 0;
  for (let k = 0; k < nd; k++) shape.push(axes.includes(k) ? 1 : (x.shape[src++] as number));
  return reshapeP.bind1([x], { newShape: shape });
}

/** Static slice `[start, limit)` with positive `strides` (default 1) per axis. @public */
export function slice(x: Array, startIndices: readonly number[], limitIndices: readonly number[], strides?: readonly number[] | null): Array {
  return sliceP.bind1([x], { start: [...startIndices], limit: [...limitIndices], strides: strides ? [...strides] : x.shape.map(() => 1) });
}

/** Per-axis `[lo, hi, interior]` padding; negative lo/hi crop. @public */
export type PadConfig = readonly (readonly [number, number, number])[];

/** Pads with a scalar `paddingValue` (of `x`'s dtype) by `config`. @public */
export function pad(x: Array, paddingValue: Array | number | boolean, config: PadConfig): Array {
  const v = typeof paddingValue === "number" || typeof paddingValue === "boolean" ? scalarOf("pad", "padding value", paddingValue, x.dtype) : paddingValue;
  return padP.bind1([x, v], { lo: config.map((c) => c[0]), hi: config.map((c) => c[1]), interior: config.map((c) => c[2]) });
}

/** Joins operands (equal shapes except along `dimension`, one dtype). @public */
export function concatenate(operands: readonly Array[], dimension: number): Array {
  return concatenateP.bind1(operands, { dimension });
}

/** Reverses the order of elements along `dimensions`. @public */
export function rev(x: Array, dimensions: readonly number[]): Array {
  return revP.bind1([x], { dimensions: [...dimensions] });
}

/** `[0, 1, …, size − 1]` of `dtype`. @public */
export function iota(dtype: DType, size: number): Array {
  return iotaP.bind1([], { dtype, shape: [size], dimension: 0 });
}

/** An array of `shape` whose elements are their index along `dimension`. @public */
export function broadcastedIota(dtype: DType, shape: readonly number[], dimension: number): Array {
  return iotaP.bind1([], { dtype, shape: [...shape], dimension });
}

const reduceWith = (p: Primitive<ReduceParams>, name: string) => (x: Array, axes: readonly number[]): Array =>
  p.bind1([x], { axes: normalizeAxes(name, axes, x.ndim) });

/** Sums over `axes`. @public */
export const reduceSum = reduceWith(reduceSumP, "reduceSum");
/** Multiplies over `axes`. @public */
export const reduceProd = reduceWith(reduceProdP, "reduceProd");
/** Maximum over `axes` (logical or on bool). @public */
export const reduceMax = reduceWith(reduceMaxP, "reduceMax");
/** Minimum over `axes` (logical and on bool). @public */
export const reduceMin = reduceWith(reduceMinP, "reduceMin");

function argReduce(p: typeof argmaxP, name: string, x: Array, axis: number, indexDtype: DType): Array {
  if (indexDtype !== "int32") throw new DTypeError(`${name}: indexDtype must be 'int32', got ${JSON.stringify(indexDtype)}`);
  return p.bind1([x], { axis: normalizeAxis(name, axis, x.ndim) });
}

/** Index of the first maximum along `axis` (NaN counts as the maximum). @public */
export function argmax(x: Array, axis: number, indexDtype: DType = "int32"): Array {
  return argReduce(argmaxP, "argmax", x, axis, indexDtype);
}

/** Index of the first minimum along `axis` (NaN counts as the minimum). @public */
export function argmin(x: Array, axis: number, indexDtype: DType = "int32"): Array {
  return argReduce(argminP, "argmin", x, axis, indexDtype);
}

/** Dimension numbers of `lax.dotGeneral`: `[[lhsContracting, rhsContracting], [lhsBatch, rhsBatch]]`. @public */
export type DotDimensionNumbers = readonly [readonly [readonly number[], readonly number[]], readonly [readonly number[], readonly number[]]];

/**
 * JAX's `lax.dot_general`: contracts the paired contracting axes and matches the paired batch
 * axes; the result is batch axes, then lhs's free axes, then rhs's. Operands share one dtype.
 * @public
 */
export function dotGeneral(lhs: Array, rhs: Array, dimensionNumbers: DotDimensionNumbers): Array {
  const [[lc, rc], [lb, rb]] = dimensionNumbers;
  return dotGeneralP.bind1([lhs, rhs], { contracting: [[...lc], [...rc]], batch: [[...lb], [...rb]] });
}

/** JAX's `lax.dot`: contracts the last axis of `lhs` with the first of `rhs` (vector/matrix products). @public */
export function dot(lhs: Array, rhs: Array): Array {
  return dotGeneral(lhs, rhs, [[[lhs.ndim - 1], [0]], [[], []]]);
}

/** Options of `lax.sort`. @public */
export interface SortOptions {
  /** The sorted axis (negative counts from the end). @defaultValue -1 */
  dimension?: number;
  /** Accepted for JAX compatibility; the sort is always stable. @defaultValue true */
  isStable?: boolean;
  /** How many leading operands are sort keys (compared lexicographically). @defaultValue 1 */
  numKeys?: number;
}

/**
 * JAX's `lax.sort`: sorts one operand, or several together ordered by the first `numKeys`
 * (stable; NaNs last).
 * @public
 */
export function sort(operand: Array, options?: SortOptions): Array;
/** @public */
export function sort(operands: readonly Array[], options?: SortOptions): Array[];
export function sort(operand: Array | readonly Array[], options?: SortOptions): Array | Array[] {
  checkOptions("sort", options, ["dimension", "isStable", "numKeys"]);
  const list = globalThis.Array.isArray(operand) ? (operand as readonly Array[]) : [operand as Array];
  const first = list[0];
  const axis = first === undefined ? 0 : normalizeAxis("sort", options?.dimension ?? -1, first.ndim);
  const out = sortP.bind(list, { axis, numKeys: options?.numKeys ?? 1 });
  return globalThis.Array.isArray(operand) ? out : (out[0] as Array);
}

/** JAX's `lax.sort_key_val`: sorts `keys` along `dimension` and permutes `values` alike. @public */
export function sortKeyVal(keys: Array, values: Array, dimension = -1): [Array, Array] {
  const [k, v] = sort([keys, values], { dimension, numKeys: 1 }) as [Array, Array];
  return [k, v];
}

const scan = (p: Primitive<CumulativeParams>, name: string) => (x: Array, axis = 0, reverse = false): Array =>
  p.bind1([x], { axis: normalizeAxis(name, axis, x.ndim), reverse });

/** Running sum along `axis` (from the end when `reverse`). @public */
export const cumsum = scan(cumsumP, "cumsum");
/** Running product along `axis`. @public */
export const cumprod = scan(cumprodP, "cumprod");
/** Running maximum along `axis`. @public */
export const cummax = scan(cummaxP, "cummax");
/** Running minimum along `axis`. @public */
export const cummin = scan(cumminP, "cummin");
