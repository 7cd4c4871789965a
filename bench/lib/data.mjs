// Deterministic benchmark inputs (bench layer, not shipped). The generator and seeds reproduce
// the peer scripts' streams (mulberry32 + uniform in shared/notes/peers/bench_data.mjs), so
// our figures use the same float32 values the peers were measured on.

/**
 * mulberry32: a 32-bit seeded PRNG returning floats in [0, 1).
 * @param {number} seed
 * @returns {() => number}
 */
export function mulberry32(seed) {
  let state = seed | 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `n` float32 values drawn uniformly from [lo, hi) by the mulberry32 stream of `seed`.
 * @param {number} seed
 * @param {number} n
 * @param {number} lo
 * @param {number} hi
 * @returns {Float32Array}
 */
export function uniform(seed, n, lo, hi) {
  const next = mulberry32(seed);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = lo + (hi - lo) * next();
  return out;
}

/** Elementwise workloads: 2^20 values in [-1, 1) (seed 301) and the chain constants a, b. */
export const EW = { n: 1 << 20, a: 0.5, b: 0.1, seed: 301 };

/** Small-array workload: one 4000-neuron population vector in [-1, 1) (seed 501). */
export const SMALL = { n: 4000, seed: 501 };

/** Row-sum workload: a [1000, 1000] matrix in [-1, 1) (seed 601; not in the peer scripts). */
export const ROWS = { n: 1000, seed: 601 };

/**
 * The two `n`×`n` matmul operands, row-major, in [-1, 1) (seeds 401+n and 402+n).
 * @param {number} n
 * @returns {[Float32Array, Float32Array]}
 */
export function matmulOperands(n) {
  return [uniform(401 + n, n * n, -1, 1), uniform(402 + n, n * n, -1, 1)];
}
