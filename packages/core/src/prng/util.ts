// Shared helpers of the prng namespace: key validation, static shape/dtype arguments, float
// constants (JAX's finfo) and small lax-level array builders. Layer 13 (over np).

import { Array } from "../array/Array.js";
import { getDefaultFloatDType, isFloat, type DType } from "../dtype/dtype.js";
import { DTypeError, ShapeError, ValueError } from "../errors/errors.js";
import { scalar } from "../numpy/convert.js";
import * as E from "../numpy/elementwise.js";
import { iotaP, reshapeP, sliceP } from "../primitives/movement.js";
import { broadcastShapes, checkShape } from "../shape/shape.js";
import { formatShape, isJsArray, sameList } from "../util/assert.js";

/** A shape argument: one size or a list of sizes. @public */
export type ShapeLike = number | readonly number[];

/**
 * Checks that `key` is one raw Threefry key: a uint32 Array of shape [2].
 * @throws {@link DTypeError} for another dtype; {@link ShapeError} for another shape.
 */
export function checkKey(where: string, key: unknown): Array {
  if (!(key instanceof Array)) {
    const what = key === null ? "null" : isJsArray(key) ? "a JS list" : typeof key;
    throw new ValueError(`${where}: the key must be an Array (from prng.key(seed) or prng.split), got ${what}`);
  }
  if (key.dtype !== "uint32") {
    throw new DTypeError(
      `${where}: a key is a uint32 array of shape [2] (from prng.key(seed) or prng.split), got dtype ${key.dtype}; do not convert keys`,
    );
  }
  if (key.ndim > 1 && key.shape[key.ndim - 1] === 2) {
    throw new ShapeError(
      `${where}: takes a single key of shape [2], got a batch of keys of shape ${formatShape(key.shape)}; pick one with keys.get(i) (or vmap over the batch)`,
    );
  }
  if (!sameList(key.shape, [2])) {
    throw new ShapeError(`${where}: a key has shape [2] (two uint32 words), got shape ${formatShape(key.shape)}`);
  }
  return key;
}

/** The two words of a key as 0-d uint32 arrays. */
export function keyWords(key: Array): [Array, Array] {
  const word = (i: number): Array =>
    reshapeP.bind1([sliceP.bind1([key], { start: [i], limit: [i + 1], strides: [1] })], { newShape: [] });
  return [word(0), word(1)];
}

/** Normalises a shape argument (a size or a list of sizes). */
export function toShape(where: string, shape: ShapeLike | null | undefined): number[] {
  if (shape === null || shape === undefined) return [];
  if (typeof shape === "number") return checkShape(where, [shape]);
  if (!isJsArray(shape)) throw new ShapeError(`${where}: shape must be a number or a list of numbers, got ${typeof shape}`);
  return checkShape(where, shape);
}

/** The float dtype requested by an options object (the default float when absent). */
export function floatDType(where: string, dtype: DType | undefined): DType {
  const d = dtype ?? getDefaultFloatDType();
  if (typeof d !== "string" || !isFloat(d)) {
    throw new DTypeError(`${where}: dtype must be a float dtype ('float32' or 'float64'), got ${JSON.stringify(d)}`);
  }
  return d;
}

/** JAX's `_check_shape`: parameter shapes must broadcast to exactly `shape`. */
export function checkParamShapes(where: string, shape: readonly number[], ...paramShapes: (readonly number[])[]): void {
  if (paramShapes.length === 0) return;
  const joint = broadcastShapes(where, shape, ...paramShapes);
  if (!sameList(joint, shape)) {
    throw new ShapeError(
      `${where}: parameter shapes ${paramShapes.map(formatShape).join(", ")} must broadcast to the requested shape ${formatShape(shape)}, but broadcasting gives ${formatShape(joint)}; pass a larger shape or omit it`,
    );
  }
}

/** Machine constants of a float dtype (NumPy's finfo). */
export interface FInfo {
  /** Mantissa bits (excluding the implicit one). */
  readonly nmant: number;
  /** Distance from 1 to the next larger float. */
  readonly eps: number;
  /** Distance from 1 to the next smaller float. */
  readonly epsneg: number;
  /** Smallest positive normal number. */
  readonly tiny: number;
  /** Largest finite number. */
  readonly max: number;
  /** Smallest positive subnormal number. */
  readonly minSubnormal: number;
}

/** finfo of float32 or float64. */
export function finfo(dtype: DType): FInfo {
  if (dtype === "float64") {
    return { nmant: 52, eps: 2 ** -52, epsneg: 2 ** -53, tiny: 2 ** -1022, max: Number.MAX_VALUE, minSubnormal: 2 ** -1074 };
  }
  return { nmant: 23, eps: 2 ** -23, epsneg: 2 ** -24, tiny: 2 ** -126, max: (2 - 2 ** -23) * 2 ** 127, minSubnormal: 2 ** -149 };
}

/** A strongly typed 0-d uint32 constant. */
export const u32 = (v: number): Array => scalar(v >>> 0, "uint32");

/** `0, 1, …, n-1` as a 1-d array of `dtype`. */
export function iota(dtype: DType, n: number): Array {
  return iotaP.bind1([], { dtype, shape: [n], dimension: 0 });
}

/**
 * The next representable value after `x` towards +∞ (`up`) or −∞, elementwise (lax.nextafter with
 * an infinite target). Adds a step of 0.6 ulp of |x| (rounded by the float arithmetic to exactly
 * one ulp, including at binade edges) or the smallest subnormal near zero.
 */
export function nextToward(x: Array, up: boolean): Array {
  const f = finfo(x.dtype);
  const step = E.maximum(E.multiply(E.abs(x), 0.6 * f.eps), f.minSubnormal);
  const moved = up ? E.add(x, step) : E.subtract(x, step);
  const fromInf = E.where(E.equal(x, up ? -Infinity : Infinity), up ? -f.max : f.max, moved);
  return E.where(E.equal(x, up ? Infinity : -Infinity), x, fromInf);
}

/** Reshapes without a kernel when the shape already matches. */
export function reshapeTo(x: Array, shape: readonly number[]): Array {
  return sameList(x.shape, shape) ? x : reshapeP.bind1([x], { newShape: shape });
}
