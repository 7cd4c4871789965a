// Continuous samplers built on uniform floats, ported from JAX 0.4's `jax.random`: uniform,
// normal, truncated normal, exponential, Gumbel, logistic, Laplace and Cauchy. Layer 13 (over np).

import type { Array } from "../array/Array.js";
import type { DType } from "../dtype/dtype.js";
import { checkOptions } from "../errors/errors.js";
import { asArray, type ArrayLike } from "../numpy/convert.js";
import * as E from "../numpy/elementwise.js";
import { erf, erfinv } from "../numpy/special.js";
import { sliceP } from "../primitives/movement.js";
import { broadcastShapes } from "../shape/shape.js";
import { prod } from "../util/assert.js";
import { randomWords } from "./keys.js";
import { checkKey, checkParamShapes, finfo, floatDType, nextToward, reshapeTo, toShape, u32, type ShapeLike } from "./util.js";

/** Options of samplers that only take a dtype. @public */
export interface DTypeOptions {
  /** Float dtype of the samples. @defaultValue the default float (float32) */
  dtype?: DType;
}

/** Options of `prng.uniform`. @public */
export interface UniformOptions extends DTypeOptions {
  /** Inclusive lower bound, broadcastable to the shape. @defaultValue 0 */
  minval?: ArrayLike;
  /** Exclusive upper bound, broadcastable to the shape. @defaultValue 1 */
  maxval?: ArrayLike;
}

/**
 * Floats uniform on [0, 1) with the mantissa taken from the top random bits: float32 uses one
 * word per sample, `(w >>> 9)·2⁻²³`; float64 uses two (the first half of the words as the high
 * halves of 64-bit values, as JAX with x64), `hi·2⁻³² + (lo >>> 12)·2⁻⁵²`. Both equal JAX's
 * bit-cast of `bits >> (width − nmant) | bits(1.0)` minus 1.
 */
export function unitFloats(key: Array, shape: readonly number[], dtype: DType): Array {
  const n = prod(shape);
  if (dtype === "float64") {
    const w = randomWords(key, 2 * n);
    const half = (i: number): Array => sliceP.bind1([w], { start: [i * n], limit: [(i + 1) * n], strides: [1] });
    const hi = E.multiply(E.astype(half(0), "float64"), 2 ** -32);
    const lo = E.multiply(E.astype(E.rightShift(half(1), u32(12)), "float64"), 2 ** -52);
    return reshapeTo(E.add(hi, lo), shape);
  }
  const w = randomWords(key, n);
  return reshapeTo(E.multiply(E.astype(E.rightShift(w, u32(9)), "float32"), 2 ** -23), shape);
}

/** A float parameter as a strongly typed array of `dtype`. */
export function floatParam(where: string, x: ArrayLike, dtype: DType): Array {
  return E.astype(asArray(x, where), dtype);
}

/** JAX's `_uniform` on a validated key: `max(minval, u·(maxval − minval) + minval)`. */
export function uniformIn(where: string, key: Array, shape: readonly number[], dtype: DType, minval: ArrayLike, maxval: ArrayLike): Array {
  const f = unitFloats(key, shape, dtype);
  if (minval === 0 && maxval === 1) return f;
  const lo = floatParam(where, minval, dtype);
  const hi = floatParam(where, maxval, dtype);
  checkParamShapes(where, shape, lo.shape, hi.shape);
  return E.maximum(lo, E.add(E.multiply(f, E.subtract(hi, lo)), lo));
}

/**
 * Uniform samples on [minval, maxval) (JAX's `random.uniform`; float32 results are bit-identical
 * to JAX's).
 * @throws {@link DTypeError} for a non-float dtype; {@link ShapeError} when the bounds do not broadcast to `shape`.
 * @example
 * ```ts
 * prng.uniform(prng.key(0), [3], { minval: -1, maxval: 1 })
 * ```
 * @public
 */
export function uniform(key: Array, shape: ShapeLike = [], options?: UniformOptions): Array {
  checkOptions("uniform", options, ["minval", "maxval", "dtype"]);
  const k = checkKey("uniform", key);
  const s = toShape("uniform", shape);
  const dtype = floatDType("uniform", options?.dtype);
  return uniformIn("uniform", k, s, dtype, options?.minval ?? 0, options?.maxval ?? 1);
}

/** Standard normal samples from a validated key: √2·erfinv(u), u uniform on [nextafter(−1, 0), 1). */
export function normalIn(key: Array, shape: readonly number[], dtype: DType): Array {
  const u = uniformIn("normal", key, shape, dtype, -(1 - finfo(dtype).epsneg), 1);
  return E.multiply(erfinv(u), Math.SQRT2);
}

/**
 * Standard normal samples (JAX's `random.normal`: √2·erfinv(u) with u uniform on
 * [nextafter(−1, 0), 1)).
 * @throws {@link DTypeError} for a non-float dtype.
 * @public
 */
export function normal(key: Array, shape: ShapeLike = [], options?: DTypeOptions): Array {
  checkOptions("normal", options, ["dtype"]);
  const k = checkKey("normal", key);
  return normalIn(k, toShape("normal", shape), floatDType("normal", options?.dtype));
}

/**
 * Standard normal samples truncated to the open interval (lower, upper), as JAX's
 * `random.truncated_normal`: inverse-CDF sampling between erf(lower/√2) and erf(upper/√2), then
 * clamped strictly inside the bounds. `shape` defaults to the broadcast shape of the bounds.
 * @throws {@link ShapeError} when the bounds do not broadcast to `shape`.
 * @public
 */
export function truncatedNormal(
  key: Array,
  lower: ArrayLike,
  upper: ArrayLike,
  shape?: ShapeLike | null,
  options?: DTypeOptions,
): Array {
  checkOptions("truncatedNormal", options, ["dtype"]);
  const k = checkKey("truncatedNormal", key);
  const dtype = floatDType("truncatedNormal", options?.dtype);
  const lo = floatParam("truncatedNormal", lower, dtype);
  const hi = floatParam("truncatedNormal", upper, dtype);
  const s = shape === null || shape === undefined ? broadcastShapes("truncatedNormal", lo.shape, hi.shape) : toShape("truncatedNormal", shape);
  checkParamShapes("truncatedNormal", s, lo.shape, hi.shape);
  const a = erf(E.divide(lo, Math.SQRT2));
  const b = erf(E.divide(hi, Math.SQRT2));
  const u = uniformIn("truncatedNormal", k, s, dtype, a, b);
  const out = E.multiply(erfinv(u), Math.SQRT2);
  return E.clip(out, nextToward(lo, true), nextToward(hi, false));
}

/**
 * Exponential samples with rate 1 (JAX's `random.exponential`: −log1p(−u)).
 * @public
 */
export function exponential(key: Array, shape: ShapeLike = [], options?: DTypeOptions): Array {
  checkOptions("exponential", options, ["dtype"]);
  const k = checkKey("exponential", key);
  const u = uniformIn("exponential", k, toShape("exponential", shape), floatDType("exponential", options?.dtype), 0, 1);
  return E.negative(E.log1p(E.negative(u)));
}

/** Standard Gumbel samples from a validated key: −log(−log u), u uniform on [tiny, 1). */
export function gumbelIn(key: Array, shape: readonly number[], dtype: DType): Array {
  const u = uniformIn("gumbel", key, shape, dtype, finfo(dtype).tiny, 1);
  return E.negative(E.log(E.negative(E.log(u))));
}

/**
 * Standard Gumbel samples (JAX's `random.gumbel`: −log(−log u) with u uniform on [tiny, 1)).
 * @public
 */
export function gumbel(key: Array, shape: ShapeLike = [], options?: DTypeOptions): Array {
  checkOptions("gumbel", options, ["dtype"]);
  const k = checkKey("gumbel", key);
  return gumbelIn(k, toShape("gumbel", shape), floatDType("gumbel", options?.dtype));
}

/**
 * Standard logistic samples (JAX's `random.logistic`: log(u / (1 − u)) with u uniform on [eps, 1)).
 * @public
 */
export function logistic(key: Array, shape: ShapeLike = [], options?: DTypeOptions): Array {
  checkOptions("logistic", options, ["dtype"]);
  const k = checkKey("logistic", key);
  const dtype = floatDType("logistic", options?.dtype);
  const u = uniformIn("logistic", k, toShape("logistic", shape), dtype, finfo(dtype).eps, 1);
  return E.log(E.divide(u, E.subtract(1, u)));
}

/**
 * Standard Laplace samples (JAX's `random.laplace`: sign(u)·log1p(−|u|) with u uniform on
 * [−1 + epsneg, 1)).
 * @public
 */
export function laplace(key: Array, shape: ShapeLike = [], options?: DTypeOptions): Array {
  checkOptions("laplace", options, ["dtype"]);
  const k = checkKey("laplace", key);
  const dtype = floatDType("laplace", options?.dtype);
  const u = uniformIn("laplace", k, toShape("laplace", shape), dtype, -1 + finfo(dtype).epsneg, 1);
  return E.multiply(E.sign(u), E.log1p(E.negative(E.abs(u))));
}

/**
 * Standard Cauchy samples (JAX's `random.cauchy`: tan(π(u − ½)) with u uniform on [eps, 1)).
 * @public
 */
export function cauchy(key: Array, shape: ShapeLike = [], options?: DTypeOptions): Array {
  checkOptions("cauchy", options, ["dtype"]);
  const k = checkKey("cauchy", key);
  const dtype = floatDType("cauchy", options?.dtype);
  const u = uniformIn("cauchy", k, toShape("cauchy", shape), dtype, finfo(dtype).eps, 1);
  return E.tan(E.multiply(E.subtract(u, 0.5), Math.PI));
}
