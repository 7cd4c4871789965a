// Timing for the benchmarks (bench layer): warm up, size an inner loop to a minimum time, then
// time repetitions (interleaved across libraries by the caller) and keep the median.
import { performance } from "node:perf_hooks";

/**
 * How one function will be timed.
 * @typedef {object} Plan
 * @property {number} inner  calls per repetition
 * @property {number} reps   repetitions to take
 */

/**
 * Warms `fn` up (at least two calls and `warmup` seconds: kernel caches, V8 tier-up, wasm
 * start-up), then times one call to size the inner loop so that a repetition lasts at least
 * `minTime` seconds. Functions slower than one second per call get at most 3 repetitions.
 * @param {() => unknown} fn
 * @param {{ reps: number, minTime: number, warmup: number }} options
 * @returns {Plan}
 */
export function plan(fn, { reps, minTime, warmup }) {
  const start = performance.now();
  let calls = 0;
  while (calls < 2 || (performance.now() - start) / 1000 < warmup) {
    fn();
    calls++;
  }
  const t0 = performance.now();
  fn();
  const one = (performance.now() - t0) / 1000;
  return { inner: Math.max(1, Math.ceil(minTime / Math.max(one, 1e-7))), reps: one > 1 ? Math.min(reps, 3) : reps };
}

/**
 * One repetition: seconds per call over `inner` back-to-back calls.
 * @param {() => unknown} fn
 * @param {number} inner
 * @returns {number}
 */
export function timeRep(fn, inner) {
  const t0 = performance.now();
  for (let i = 0; i < inner; i++) fn();
  return (performance.now() - t0) / 1000 / inner;
}

/**
 * @param {readonly number[]} values  at least one
 * @returns {number}
 */
export function median(values) {
  const sorted = [...values].sort((p, q) => p - q);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Largest |a[i] - b[i]|; NaN when the lengths differ or a difference is NaN.
 * @param {ArrayLike<number>} a
 * @param {ArrayLike<number>} b
 * @returns {number}
 */
export function maxAbsDiff(a, b) {
  if (a.length !== b.length) return NaN;
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - b[i]);
    if (Number.isNaN(d)) return NaN;
    if (d > m) m = d;
  }
  return m;
}
