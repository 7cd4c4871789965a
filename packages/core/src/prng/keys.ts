// Threefry keys as JAX 0.4 builds them with its default implementation (threefry2x32,
// `jax_threefry_partitionable=False`, 32-bit mode): seeding, splitting, folding in data, and raw
// random bits. Keys are plain uint32 arrays of shape [2]. Layer 13 (over np).

import { Array } from "../array/Array.js";
import { DTypeError, ValueError } from "../errors/errors.js";
import { array } from "../numpy/convert.js";
import { astype } from "../numpy/elementwise.js";
import { concatenateP, sliceP } from "../primitives/movement.js";
import { threefry2x32 as threefryCipher } from "../primitives/random.js";
import { isInteger } from "../dtype/dtype.js";
import { prod } from "../util/assert.js";
import { checkKey, iota, keyWords, reshapeTo, toShape, type ShapeLike } from "./util.js";

/**
 * A PRNG key from an integer seed: `[0, seed mod 2³²]` as a uint32 array of shape [2], bit for bit
 * JAX's `random.PRNGKey(seed)` (= `key_data(random.key(seed))`) with 64-bit mode off, where seeds
 * wrap to their low 32 bits (so `key(-1)` is `[0, 4294967295]`). A 0-d int32/uint32 Array seed
 * works the same way (and can be traced).
 * @throws {@link ValueError} for a non-integer or unsafe (`|seed| > 2**53 - 1`) number.
 * @throws {@link DTypeError} for a seed Array that is not a 0-d integer array.
 * @example
 * ```ts
 * prng.key(0) // Array([0, 0], dtype=uint32)
 * ```
 * @public
 */
export function key(seed: number | Array): Array {
  if (seed instanceof Array) {
    if (!isInteger(seed.dtype) || seed.ndim !== 0) {
      throw new DTypeError(`key: a seed Array must be a 0-d int32 or uint32 array, got ${seed.dtype}[${seed.shape.join(",")}]`);
    }
    const low = reshapeTo(astype(seed, "uint32"), [1]);
    return concatenateP.bind1([array([0], { dtype: "uint32" }), low], { dimension: 0 });
  }
  if (typeof seed !== "number" || !Number.isSafeInteger(seed)) {
    throw new ValueError(`key: the seed must be an integer number (a safe integer, |seed| ≤ 2⁵³ − 1), got ${String(seed)}`);
  }
  // JAX converts the seed to int64, then (32-bit mode) to int32, keeping the low 32 bits; the high
  // key word is `seed >> 32` of a 32-bit value, which is 0.
  return array([0, seed >>> 0], { dtype: "uint32" });
}

/**
 * JAX's `prng.threefry_2x32(keypair, count)`: hashes a uint32 array of counters of any shape.
 * The flattened counters (padded with one 0 when their number is odd) are cut into halves that
 * form the cipher's two input words; the two output words are joined and cut back to the input's
 * size and shape.
 * @throws {@link DTypeError} when `count` is not uint32.
 * @public
 */
export function threefry2x32(keypair: Array, count: Array): Array {
  const k = checkKey("threefry2x32", keypair);
  if (!(count instanceof Array) || count.dtype !== "uint32") {
    throw new DTypeError(`threefry2x32: the counters must be a uint32 array, got ${count instanceof Array ? count.dtype : typeof count}`);
  }
  return reshapeTo(hashFlat(k, reshapeTo(count, [count.size])), count.shape);
}

/** Hashes 1-d uint32 counters under a validated key (JAX's threefry_2x32 on a flat array). */
function hashFlat(key: Array, flat: Array): Array {
  const n = flat.size;
  if (n === 0) return flat;
  const odd = n % 2;
  const padded = odd ? concatenateP.bind1([flat, array([0], { dtype: "uint32" })], { dimension: 0 }) : flat;
  const h = (n + odd) / 2;
  const half = (i: number): Array => sliceP.bind1([padded], { start: [i * h], limit: [(i + 1) * h], strides: [1] });
  const [k0, k1] = keyWords(key);
  const [y0, y1] = threefryCipher(k0, k1, half(0), half(1));
  const out = concatenateP.bind1([y0, y1], { dimension: 0 });
  return odd ? sliceP.bind1([out], { start: [0], limit: [n], strides: [1] }) : out;
}

/** `n` uint32 words from a validated key: threefry_2x32(key, iota(n)) (JAX's original random-bits scheme). */
export function randomWords(key: Array, n: number): Array {
  if (n >= 4294967295) {
    throw new ValueError(`random bits: ${n} words are more than one Threefry counter block (2³² − 1) holds`);
  }
  return hashFlat(key, iota("uint32", n));
}

/**
 * Splits a key into `num` new keys (or an array of keys of shape `num`), as JAX's `random.split`:
 * `threefry_2x32(key, iota(2·count))` reshaped to `[...num, 2]`.
 * @throws {@link ShapeError} for a bad key or count.
 * @example
 * ```ts
 * prng.split(prng.key(0), 3) // shape [3, 2]
 * ```
 * @public
 */
export function split(key: Array, num: ShapeLike = 2): Array {
  const k = checkKey("split", key);
  const shape = toShape("split", num);
  const words = randomWords(k, prod(shape) * 2);
  return reshapeTo(words, [...shape, 2]);
}

/**
 * The rows of `split(key, num)` as separate keys — the JS form of Python's
 * `k1, k2 = random.split(key)`.
 * @example
 * ```ts
 * const [k1, k2] = prng.splitKeys(key)
 * ```
 * @public
 */
export function splitKeys(key: Array, num = 2): Array[] {
  if (!Number.isInteger(num) || num < 0) throw new ValueError(`splitKeys: num must be a non-negative integer, got ${String(num)}`);
  const keys = split(checkKey("splitKeys", key), num);
  const out: Array[] = [];
  for (let i = 0; i < num; i++) {
    out.push(reshapeTo(sliceP.bind1([keys], { start: [i, 0], limit: [i + 1, 2], strides: [1, 1] }), [2]));
  }
  return out;
}

/**
 * Folds a 32-bit integer into a key, as JAX's `random.fold_in`: `threefry_2x32(key, [0, data])`.
 * `data` is a JS integer in [-2³¹, 2³²) (wrapped to uint32) or a 0-d integer Array.
 * @throws {@link ValueError} for data out of range or not an integer.
 * @public
 */
export function foldIn(key: Array, data: number | Array): Array {
  const k = checkKey("foldIn", key);
  let word: Array;
  if (data instanceof Array) {
    if (data.ndim !== 0 || !isInteger(data.dtype)) {
      throw new DTypeError(`foldIn: data must be a 0-d int32/uint32 array or an integer, got ${data.dtype}[${data.shape.join(",")}] (vmap over batches)`);
    }
    word = reshapeTo(astype(data, "uint32"), [1]);
  } else {
    if (typeof data !== "number" || !Number.isInteger(data) || data < -2147483648 || data > 4294967295) {
      throw new ValueError(`foldIn: data must be an integer in [-2³¹, 2³² − 1], got ${String(data)}`);
    }
    word = array([data >>> 0], { dtype: "uint32" });
  }
  return hashFlat(k, concatenateP.bind1([array([0], { dtype: "uint32" }), word], { dimension: 0 }));
}

/**
 * Uniform random bits of `shape` as uint32 words, as JAX's `random.bits` (dtype uint32): the
 * words `threefry_2x32(key, iota(size))`.
 * @throws {@link DTypeError} for another dtype (only uint32 exists).
 * @public
 */
export function bits(key: Array, shape: ShapeLike = [], dtype: "uint32" = "uint32"): Array {
  const k = checkKey("bits", key);
  if (dtype !== "uint32") {
    throw new DTypeError(`bits: dtype must be an unsigned integer dtype ('uint32'), got ${JSON.stringify(dtype)}`);
  }
  const s = toShape("bits", shape);
  return reshapeTo(randomWords(k, prod(s)), s);
}
