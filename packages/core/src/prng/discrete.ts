// Discrete samplers ported from JAX 0.4's `jax.random`: bernoulli, randint, permutation (sorting
// by random keys), choice and categorical (Gumbel-max). Layer 13 (over np).

import type { Array } from "../array/Array.js";
import { getDefaultFloatDType, isFloat, type DType } from "../dtype/dtype.js";
import { checkOptions, DTypeError, ValueError } from "../errors/errors.js";
import { asArray, scalar, type ArrayLike } from "../numpy/convert.js";
import * as E from "../numpy/elementwise.js";
import { broadcastTo } from "../numpy/promote.js";
import { argmax } from "../numpy/reductions.js";
import { cumsumP } from "../primitives/cumulative.js";
import { takeP } from "../primitives/gather.js";
import { sliceP } from "../primitives/movement.js";
import { searchsortedP, sortP } from "../primitives/sort.js";
import { normalizeAxis } from "../shape/shape.js";
import { formatShape, isJsArray, prod, sameList } from "../util/assert.js";
import { gumbelIn, uniformIn } from "./continuous.js";
import { randomWords, splitKeys } from "./keys.js";
import { checkKey, checkParamShapes, iota, reshapeTo, toShape, u32, type ShapeLike } from "./util.js";

/**
 * Bernoulli samples: `uniform(key, shape) < p` (JAX's `random.bernoulli`, bit-identical for
 * float32 `p`). `shape` defaults to `p`'s shape. JS numbers are taken in the default float dtype.
 * @throws {@link DTypeError} when `p` is an integer or bool array.
 * @public
 */
export function bernoulli(key: Array, p: ArrayLike = 0.5, shape?: ShapeLike | null): Array {
  const k = checkKey("bernoulli", key);
  let prob = asArray(p, "bernoulli");
  if (typeof p === "number") prob = E.astype(prob, getDefaultFloatDType());
  if (!isFloat(prob.dtype)) {
    throw new DTypeError(`bernoulli: the probability p must have a float dtype, got ${prob.dtype}; cast it with astype('float32')`);
  }
  const s = shape === null || shape === undefined ? [...prob.shape] : toShape("bernoulli", shape);
  checkParamShapes("bernoulli", s, prob.shape);
  return E.less(uniformIn("bernoulli", k, s, prob.dtype, 0, 1), prob);
}

/** Options of `prng.randint`. @public */
export interface RandintOptions {
  /** Integer dtype of the samples. @defaultValue "int32" */
  dtype?: "int32" | "uint32";
}

const INT32_MAX = 2147483647;

/** A randint bound as an int32/uint32 array (JS numbers must fit int32, as JAX's 32-bit mode; floats truncate). */
function intBound(where: string, name: string, x: ArrayLike): Array {
  if (typeof x === "number") {
    const t = Math.trunc(x);
    if (!Number.isFinite(x) || t < -2147483648 || t > INT32_MAX) {
      throw new ValueError(`${where}: ${name} ${x} does not fit in int32; pass a uint32 array (np.array(v, { dtype: 'uint32' })) for larger bounds`);
    }
    return scalar(t, "int32");
  }
  const a = asArray(x, where);
  return a.dtype === "int32" || a.dtype === "uint32" ? a : E.astype(a, "int32");
}

/** JAX's `_convert_and_clip_integer`: converts between int32 and uint32, clipping instead of wrapping. */
function convertAndClip(x: Array, dtype: DType): Array {
  if (x.dtype === dtype) return x;
  if (x.dtype === "int32") return E.astype(E.maximum(x, scalar(0, "int32")), dtype);
  return E.astype(E.minimum(x, u32(INT32_MAX)), dtype);
}

/** JAX's `_randint` on a validated key and static shape. */
function randintIn(key: Array, shape: readonly number[], minval: ArrayLike, maxval: ArrayLike, dtype: "int32" | "uint32"): Array {
  const lo0 = intBound("randint", "minval", minval);
  const hi0 = intBound("randint", "maxval", maxval);
  checkParamShapes("randint", shape, lo0.shape, hi0.shape);
  // Only a uint32 maxval can exceed the int32 range; then the span is one larger.
  const outOfRange = hi0.dtype === "uint32" && dtype === "int32" ? E.greater(hi0, u32(INT32_MAX)) : null;
  const lo = convertAndClip(lo0, dtype);
  const hi = convertAndClip(hi0, dtype);
  const [k1, k2] = splitKeys(key, 2) as [Array, Array];
  const n = prod(shape);
  const higher = reshapeTo(randomWords(k1, n), shape);
  const lower = reshapeTo(randomWords(k2, n), shape);
  let span = E.astype(E.subtract(hi, lo), "uint32");
  // maxval ≤ minval gives span 1, so minval is returned (JAX issue #222).
  span = E.where(E.lessEqual(hi, lo), u32(1), span);
  if (outOfRange) span = E.where(E.logicalAnd(outOfRange, E.greater(hi, lo)), E.add(span, u32(1)), span);
  // The 64 random bits are reduced modulo span with 2³² mod span computed as (2¹⁶ mod span)² mod span
  // in wrapping uint32 arithmetic, exactly as JAX does.
  let multiplier = E.remainder(u32(65536), span);
  multiplier = E.remainder(E.multiply(multiplier, multiplier), span);
  const offset = E.remainder(E.add(E.multiply(E.remainder(higher, span), multiplier), E.remainder(lower, span)), span);
  return broadcastTo(E.add(lo, E.astype(offset, dtype)), shape);
}

/**
 * Uniform integers on [minval, maxval) (JAX's `random.randint`, bit-identical): two 32-bit draws
 * reduced modulo the span. `maxval ≤ minval` returns `minval`, as JAX.
 * @throws {@link ValueError} for JS bounds outside int32; {@link ShapeError} when the bounds do not broadcast to `shape`.
 * @example
 * ```ts
 * prng.randint(prng.key(0), [3, 3], 0, 8)
 * ```
 * @public
 */
export function randint(key: Array, shape: ShapeLike, minval: ArrayLike, maxval: ArrayLike, options?: RandintOptions): Array {
  checkOptions("randint", options, ["dtype"]);
  const k = checkKey("randint", key);
  const dtype = options?.dtype ?? "int32";
  if (dtype !== "int32" && dtype !== "uint32") {
    throw new DTypeError(`randint: dtype must be an integer dtype ('int32' or 'uint32'), got ${JSON.stringify(dtype)}`);
  }
  return randintIn(k, toShape("randint", shape), minval, maxval, dtype);
}

/**
 * JAX's `_shuffle`: sorts `x` along `axis` by fresh 32-bit random keys, ⌈3·ln(size)/ln(2³²−1)⌉
 * times (enough that ties between keys are negligible), with a stable sort.
 */
function shuffle(key: Array, x: Array, axis: number): Array {
  const rounds = Math.ceil((3 * Math.log(Math.max(1, x.size))) / Math.log(4294967295));
  let k = key;
  let out = x;
  for (let r = 0; r < rounds; r++) {
    const [next, sub] = splitKeys(k, 2) as [Array, Array];
    k = next;
    const sortKeys = reshapeTo(randomWords(sub, x.size), x.shape);
    out = sortP.bind([sortKeys, out], { axis, numKeys: 1 })[1] as Array;
  }
  return out;
}

/** Options of `prng.permutation`. @public */
export interface PermutationOptions {
  /** Axis to shuffle along. @defaultValue 0 */
  axis?: number;
  /** Shuffle every 1-d slice along `axis` independently (instead of permuting whole slices). @defaultValue false */
  independent?: boolean;
}

function checkCount(where: string, n: number): number {
  if (!Number.isInteger(n) || n < 0) throw new ValueError(`${where}: a count must be a non-negative integer, got ${n}`);
  return n;
}

/**
 * A random permutation of `arange(n)` (for a JS number) or of an array's slices along `axis`, as
 * JAX's `random.permutation` (bit-identical: the same sort keys and stable sorts).
 * @throws {@link ValueError} for a 0-d array or a bad count; {@link AxisError} for a bad axis.
 * @public
 */
export function permutation(key: Array, x: number | ArrayLike, options?: PermutationOptions): Array {
  checkOptions("permutation", options, ["axis", "independent"]);
  const k = checkKey("permutation", key);
  if (typeof x === "number") return shuffle(k, iota("int32", checkCount("permutation", x)), 0);
  const a = asArray(x, "permutation");
  if (a.ndim === 0) {
    throw new ValueError(`permutation: x must be a count (a JS number) or an array of at least 1 dimension, got a 0-d ${a.dtype} array`);
  }
  const axis = normalizeAxis("permutation", options?.axis ?? 0, a.ndim);
  if (options?.independent === true || a.ndim === 1) return shuffle(k, a, axis);
  const ind = shuffle(k, iota("int32", a.shape[axis] as number), 0);
  return takeP.bind1([a, ind], { axis });
}

/** Options of `prng.choice`. @public */
export interface ChoiceOptions {
  /** Shape of the draws. @defaultValue [] */
  shape?: ShapeLike;
  /** Draw with replacement. @defaultValue true */
  replace?: boolean;
  /** Probabilities of the entries (1-d, one per entry); uniform when absent. */
  p?: ArrayLike | null;
  /** Axis of `a` whose entries are drawn. @defaultValue 0 */
  axis?: number;
}

/** Static checks of a probability vector given as JS numbers: finite, non-negative, not all zero. */
function checkJsProbabilities(p: ArrayLike): void {
  if (!isJsArray(p)) return;
  const flat = (p as unknown[]).flat(Infinity) as unknown[];
  let total = 0;
  flat.forEach((v, i) => {
    if (typeof v !== "number" || !Number.isFinite(v) || v < 0) {
      throw new ValueError(`choice: probabilities must be finite and non-negative, got p[${i}] = ${String(v)}`);
    }
    total += v;
  });
  if (flat.length > 0 && total <= 0) throw new ValueError("choice: probabilities sum to 0; at least one entry must be positive");
}

/**
 * Random draws from `arange(a)` (JS number) or from the entries of `a` along `axis`, as JAX's
 * `random.choice`: uniform indices (with replacement), a permutation prefix (without), inverse
 * CDF sampling with `p` (with replacement) or Gumbel top-k with `p` (without). The result has
 * `shape` in place of `a`'s axis.
 * @throws {@link ValueError} for an empty population, `replace: false` with more draws than entries,
 * or a bad `p` (wrong length; negative, non-finite or all-zero JS entries).
 * @public
 */
export function choice(key: Array, a: number | ArrayLike, options?: ChoiceOptions): Array {
  checkOptions("choice", options, ["shape", "replace", "p", "axis"]);
  const k = checkKey("choice", key);
  const shape = toShape("choice", options?.shape ?? []);
  const replace = options?.replace ?? true;
  let arr: Array | null = null;
  let axis = 0;
  let nInputs: number;
  if (typeof a === "number") {
    if (!Number.isInteger(a)) throw new ValueError(`choice: a count must be an integer, got ${a}`);
    nInputs = a;
  } else {
    arr = asArray(a, "choice");
    if (arr.ndim === 0) {
      throw new ValueError(`choice: a must be a count (a JS number) or an array of at least 1 dimension, got a 0-d ${arr.dtype} array`);
    }
    axis = normalizeAxis("choice", options?.axis ?? 0, arr.ndim);
    nInputs = arr.shape[axis] as number;
  }
  const nDraws = prod(shape);
  const outShape = arr === null ? shape : [...arr.shape.slice(0, axis), ...shape, ...arr.shape.slice(axis + 1)];
  const pick = (ind: Array): Array => (arr === null ? reshapeTo(ind, shape) : takeP.bind1([arr, reshapeTo(ind, shape)], { axis }));
  if (nDraws === 0) return broadcastTo(scalar(0, arr?.dtype ?? "int32"), outShape);
  if (nInputs <= 0) throw new ValueError(`choice: the population is empty (a = ${nInputs} entries); it must have at least one unless no samples are taken`);
  if (!replace && nDraws > nInputs) {
    throw new ValueError(`choice: cannot take a larger sample (${nDraws} draws) than the population (${nInputs} entries) when replace is false`);
  }
  const pIn = options?.p;
  if (pIn === null || pIn === undefined) {
    if (replace) return pick(randintIn(k, shape, 0, nInputs, "int32"));
    const perm = shuffle(k, iota("int32", nInputs), 0);
    return pick(sliceP.bind1([perm], { start: [0], limit: [nDraws], strides: [1] }));
  }
  checkJsProbabilities(pIn);
  let p = asArray(pIn, "choice");
  if (!isFloat(p.dtype)) p = E.astype(p, getDefaultFloatDType());
  if (!sameList(p.shape, [nInputs])) {
    throw new ValueError(`choice: p must be 1-d with one probability per entry (shape [${nInputs}]), got shape ${formatShape(p.shape)}`);
  }
  if (replace) {
    const cdf = cumsumP.bind1([p], { axis: 0, reverse: false });
    const total = reshapeTo(sliceP.bind1([cdf], { start: [nInputs - 1], limit: [nInputs], strides: [1] }), []);
    const r = E.multiply(total, E.subtract(1, uniformIn("choice", k, shape, p.dtype, 0, 1)));
    return pick(searchsortedP.bind1([cdf, r], { side: "left" }));
  }
  const g = E.subtract(E.negative(gumbelIn(k, [nInputs], p.dtype)), E.log(p));
  const order = sortP.bind([g, iota("int32", nInputs)], { axis: 0, numKeys: 1 })[1] as Array;
  return pick(sliceP.bind1([order], { start: [0], limit: [nDraws], strides: [1] }));
}

/** Options of `prng.categorical`. @public */
export interface CategoricalOptions {
  /** Axis of `logits` holding the categories. @defaultValue -1 */
  axis?: number;
  /** Result shape; must end with the batch shape of `logits` (its shape without `axis`). */
  shape?: ShapeLike;
}

/**
 * Samples category indices from unnormalised log-probabilities, as JAX's `random.categorical`:
 * `argmax(gumbel + logits)` along `axis`. Integer logits are promoted to the default float.
 * @throws {@link ValueError} for 0-d logits; {@link ShapeError} when `shape` does not end with the batch shape.
 * @public
 */
export function categorical(key: Array, logits: ArrayLike, options?: CategoricalOptions): Array {
  checkOptions("categorical", options, ["axis", "shape"]);
  const k = checkKey("categorical", key);
  let l = asArray(logits, "categorical");
  if (!isFloat(l.dtype)) l = E.astype(l, getDefaultFloatDType());
  if (l.ndim === 0) throw new ValueError("categorical: logits must have at least one dimension (the categories)");
  const axis = normalizeAxis("categorical", options?.axis ?? -1, l.ndim);
  const batchShape = l.shape.filter((_, i) => i !== axis);
  let shape: number[] = batchShape;
  if (options?.shape !== undefined) {
    shape = toShape("categorical", options.shape);
    checkParamShapes("categorical", shape, batchShape);
  }
  const prefix = shape.slice(0, shape.length - batchShape.length);
  const logitsShape = shape.slice(prefix.length);
  logitsShape.splice(axis, 0, l.shape[axis] as number);
  const g = gumbelIn(k, [...prefix, ...logitsShape], l.dtype);
  const lifted = reshapeTo(l, [...prefix.map(() => 1), ...l.shape]);
  return argmax(E.add(g, lifted), prefix.length + axis);
}
