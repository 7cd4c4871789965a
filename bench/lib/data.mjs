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

/**
 * `n` float32 values from a normal distribution with standard deviation `std` (Box–Muller on
 * the mulberry32 stream of `seed`, one pair of draws per value, as the peer scripts do).
 * @param {number} seed
 * @param {number} n
 * @param {number} std
 * @returns {Float32Array}
 */
export function normal(seed, n, std) {
  const next = mulberry32(seed);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const u1 = 1 - next();
    const u2 = next();
    out[i] = std * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }
  return out;
}

/**
 * `n` integers drawn uniformly from 0 … k−1.
 * @param {number} seed
 * @param {number} n
 * @param {number} k
 * @returns {Int32Array}
 */
export function randint(seed, n, k) {
  const next = mulberry32(seed);
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.trunc(next() * k);
  return out;
}

/**
 * Row-major [labels.length, k] one-hot float32 matrix.
 * @param {Int32Array} labels
 * @param {number} k
 * @returns {Float32Array}
 */
export function oneHot(labels, k) {
  const out = new Float32Array(labels.length * k);
  for (let i = 0; i < labels.length; i++) out[i * k + labels[i]] = 1;
  return out;
}

/** MLP 784-256-10 training step: batch, layer sizes and SGD learning rate of the peer scripts. */
export const MLP = { B: 128, D: 784, H: 256, O: 10, lr: 0.05 };

/**
 * The MLP's initial parameters (He-scaled normal weights, zero biases; seeds 101, 102), its
 * input batch in [0, 1) (seed 103) and labels (seed 104), all row-major.
 */
export function mlpData() {
  const { B, D, H, O } = MLP;
  return {
    W1: normal(101, D * H, Math.sqrt(2 / D)),
    b1: new Float32Array(H),
    W2: normal(102, H * O, Math.sqrt(1 / H)),
    b2: new Float32Array(O),
    x: uniform(103, B * D, 0, 1),
    labels: randint(104, B, O),
  };
}

/**
 * Recurrent LIF network of the peer scripts, trained by BPTT with a sigmoid surrogate spike:
 * v_t = α·v_{t−1} + (1−α)·(x_t·Win + s_{t−1}·Wrec) − s_{t−1}·vth, s_t = H(v_t − vth)
 * (surrogate ds/dv = k·σ(k(v−vth))·(1−σ(k(v−vth)))), o_t = β·o_{t−1} + (1−β)·s_t·Wout,
 * loss = softmax cross-entropy of mean_t o_t; SGD on Win, Wrec, Wout.
 */
export const LIF = { T: 100, B: 32, I: 100, H: 128, O: 10, alpha: Math.exp(-1 / 20), beta: Math.exp(-1 / 10), vth: 1, k: 5, lr: 0.1, p: 0.05 };

/** The LIF network's weights (seeds 202–204), input spikes with probability p (seed 201, [T·B, I]) and labels (seed 205). */
export function lifData() {
  const { T, B, I, H, O, p } = LIF;
  const x = uniform(201, T * B * I, 0, 1);
  for (let i = 0; i < x.length; i++) x[i] = x[i] < p ? 1 : 0;
  return {
    Win: normal(202, I * H, 10 / Math.sqrt(I * p)),
    Wrec: normal(203, H * H, 0.5 / Math.sqrt(H)),
    Wout: normal(204, H * O, 1 / Math.sqrt(H)),
    x,
    labels: randint(205, B, O),
  };
}

/**
 * LIF population (not in the peer scripts): N neurons, T steps of dt ms, membrane and synaptic
 * time constants (ms), threshold (reset to 0); input per neuron and step uniform in [0, inputMax)
 * (seed 701), which drives every neuron to fire at about 56 Hz.
 */
export const LIF_POP = { N: 4000, T: 10000, dt: 0.1, tauM: 10, tauS: 5, vth: 1, inputMax: 0.048, seed: 701 };
