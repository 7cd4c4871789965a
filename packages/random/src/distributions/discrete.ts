// Integer-valued and index samplers (brainstate's randint, random_integers, randint_like,
// bernoulli, binomial, poisson, geometric, negative_binomial, hypergeometric, logseries, zipf,
// multinomial, categorical, choice, permutation, shuffle), each a function of a key source.
// Rejection samplers run a vectorised whileLoop until every element is accepted. Layer: random.

import { Array, DTypeError, np, prng, ValueError, whileLoop, type DType } from "@brainstate/core";
import { environ } from "@brainstate/state";
import { Tracer } from "@brainstate/core/extend";
import {
  atLeast,
  broadcastShapes,
  broadcastTo,
  checkDomain,
  checkOptions,
  checkRuntime,
  checkSize,
  defaultShape,
  floatDType,
  floatParam,
  intDType,
  isMissing,
  param,
  shapeOf,
  sizeToShape,
  within,
  type Domain,
  type ParamLike,
} from "../internal/args.js";
import { takeKey, takeKeys, type KeySource } from "../internal/keys.js";
import { gamma } from "./gammaFamily.js";
import { poissonFrom } from "./poisson.js";
import type {
  BernoulliOptions,
  CategoricalOptions,
  ChoiceOptions,
  IntSampleOptions,
  KeyDTypeOptions,
  PermutationOptions,
  SampleOptions,
  ShuffleOptions,
} from "./options.js";

const SAMPLE_OPTIONS = ["size", "key", "dtype"] as const;

/** Non-negative integers (NaN rejected). */
const countDomain: Domain = {
  text: "a non-negative integer",
  js: (v) => v >= 0 && Number.isInteger(v),
  bad: (a) => np.logicalNot(np.logicalAnd(np.greaterEqual(a, 0), np.equal(np.floor(a), a))),
};

/** The float dtype integer-valued samplers compute in: float64 when asked for or when a parameter is float64, else the default float. */
function workDType(...params: (ParamLike | null | undefined)[]): DType {
  const wide = params.some((p) => p instanceof Array && p.dtype === "float64");
  return wide ? "float64" : environ.dftype();
}

/** Casts integer-valued float samples to the requested dtype. */
function asDType(x: Array, dtype: DType): Array {
  return x.dtype === dtype ? x : x.astype(dtype);
}

/** `randint` reporting errors as `where`. */
function randintAs(where: string, src: KeySource, lo: ParamLike, hi: ParamLike, options: IntSampleOptions | undefined): Array {
  checkOptions(where, options, SAMPLE_OPTIONS);
  const shape = defaultShape(where, options?.size, lo, hi);
  checkSize(where, shape, shapeOf(where, lo), shapeOf(where, hi));
  const dtype = intDType(options?.dtype);
  if (dtype !== "int32" && dtype !== "uint32") {
    throw new DTypeError(`${where}: dtype must be an integer dtype ('int32' or 'uint32'), got ${JSON.stringify(dtype)}`);
  }
  return prng.randint(takeKey(where, src, options?.key), shape, lo, hi, { dtype });
}

/** Uniform integers in [low, high) (brainstate's `randint`; one bound means [0, low)). */
export function randint(src: KeySource, low: ParamLike, high: ParamLike | null | undefined, options: IntSampleOptions | undefined): Array {
  return isMissing(high) ? randintAs("randint", src, 0, low, options) : randintAs("randint", src, low, high, options);
}

/** Uniform integers in [low, high], both included (brainstate's `random_integers`, as documented: one bound means [1, low]). */
export function randomIntegers(src: KeySource, low: ParamLike, high: ParamLike | null | undefined, options: IntSampleOptions | undefined): Array {
  const [lo, hi] = isMissing(high) ? [1, low] : [low, high];
  const inclusive = typeof hi === "number" ? hi + 1 : np.add(param("randomIntegers", hi), 1);
  return randintAs("randomIntegers", src, lo, inclusive, options);
}

/** Uniform integers in [low, high) with the shape of `input`; `high` defaults to max(input) (brainstate's `randint_like`). */
export function randintLike(src: KeySource, input: ParamLike, low: ParamLike, high: ParamLike | null | undefined, options: KeyDTypeOptions | undefined): Array {
  checkOptions("randintLike", options, ["key", "dtype"]);
  const hi = isMissing(high) ? np.max(param("randintLike", input)) : high;
  return randintAs("randintLike", src, low, hi, { size: shapeOf("randintLike", input), key: options?.key ?? null, dtype: options?.dtype ?? null });
}

/** Booleans that are true with probability p (brainstate's `bernoulli`, with its documented check p ∈ [0, 1]). */
export function bernoulli(src: KeySource, p: ParamLike, options: BernoulliOptions | undefined): Array {
  const where = "bernoulli";
  checkOptions(where, options, ["size", "key"]);
  checkDomain(where, "p", p, within(0, 1));
  const shape = defaultShape(where, options?.size, p);
  checkSize(where, shape, shapeOf(where, p));
  return prng.bernoulli(takeKey(where, src, options?.key), globalThis.Array.isArray(p) ? param(where, p) : p, shape);
}

/** Poisson(lam) counts (brainstate's `poisson`). */
export function poisson(src: KeySource, lam: ParamLike, options: IntSampleOptions | undefined): Array {
  const where = "poisson";
  checkOptions(where, options, SAMPLE_OPTIONS);
  checkDomain(where, "lam", lam, atLeast(0));
  const shape = defaultShape(where, options?.size, lam);
  checkSize(where, shape, shapeOf(where, lam));
  const counts = poissonFrom(takeKey(where, src, options?.key), lam, shape);
  return asDType(counts, intDType(options?.dtype));
}

/**
 * Failures before the first success, floor(log(1 − U)/log(1 − p)), as floats (brainstate's
 * `geometric`: a zero-based count in the float dtype).
 */
export function geometric(src: KeySource, p: ParamLike, options: SampleOptions | undefined): Array {
  const where = "geometric";
  checkOptions(where, options, SAMPLE_OPTIONS);
  checkDomain(where, "p", p, within(0, 1, true, false));
  const dtype = floatDType(where, options?.dtype);
  const shape = defaultShape(where, options?.size, p);
  checkSize(where, shape, shapeOf(where, p));
  const u = prng.uniform(takeKey(where, src, options?.key), shape, { dtype });
  return np.floor(np.divide(np.log1p(np.negative(u)), np.log1p(np.negative(floatParam(where, p, dtype)))));
}

/** Values of Hörmann's table log(k!) − [(k + ½)log(k + 1) − (k + 1) + ½log(2π)] for k = 0…9. */
const STIRLING_TAIL = [
  0.08106146679532726, 0.04134069595540929, 0.02767792568499834, 0.02079067210376509, 0.01664469118982119,
  0.01387612882307075, 0.01189670994589177, 0.01041126526197209, 0.009255462182712733, 0.008330563433362871,
];

/** The Stirling-series remainder of log(k!): the table below 10, 1/12k' − 1/360k'³ + 1/1260k'⁵ (k' = k + 1) above. */
function stirlingTail(k: Array): Array {
  const table = np.array(STIRLING_TAIL, { dtype: k.dtype });
  const idx = np.clip(np.where(np.isfinite(k), k, 0), 0, 9).astype("int32");
  const kp1 = np.add(k, 1);
  const kp1sq = np.multiply(kp1, kp1);
  const series = np.divide(np.subtract(1 / 12, np.divide(np.subtract(1 / 360, np.divide(1 / 1260, kp1sq)), kp1sq)), kp1);
  return np.where(np.less(k, 10), np.take(table, idx), series);
}

/**
 * Binomial by inversion (sum of geometric waiting times) for the lanes in `active`, as brainstate's
 * `_binomial_inversion`, vectorised: every round draws one geometric per lane and the loop runs
 * until every active lane's waiting times exceed n (about n·p + 1 rounds, n·p < 10 here).
 */
function binomialInversion(key: Array, n: Array, q: Array, active: Array): Array {
  const shape = n.shape;
  const dtype = n.dtype;
  const log1q = np.log1p(np.negative(np.where(active, q, 0.5)));
  const init: [Array, Array, Array, Array] = [key, np.full(shape, -1, { dtype }), np.zeros(shape, { dtype }), active];
  const [, count] = whileLoop(
    ([, , , going]: [Array, Array, Array, Array]) => np.any(going),
    ([rng, i, acc, going]: [Array, Array, Array, Array]): [Array, Array, Array, Array] => {
      const [next, sub] = prng.splitKeys(rng, 2) as [Array, Array];
      const u = prng.uniform(sub, shape, { dtype });
      const geom = np.add(np.floor(np.divide(np.log1p(np.negative(u)), log1q)), 1);
      const acc2 = np.where(going, np.add(acc, geom), acc);
      return [next, np.where(going, np.add(i, 1), i), acc2, np.logicalAnd(going, np.lessEqual(acc2, n))];
    },
    init,
  );
  return count;
}

/**
 * Binomial by Hörmann's transformed rejection with squeeze (BTRS, 1993) for the lanes in
 * `active` (n·q ≥ 10, q ≤ ½), as brainstate's `_binomial_btrs`, vectorised: every round proposes
 * for all lanes and the loop runs until every active lane has accepted (acceptance ≥ 0.79 per round).
 */
function binomialBtrs(key: Array, nIn: Array, qIn: Array, active: Array): Array {
  const shape = nIn.shape;
  const dtype = nIn.dtype;
  // Inactive lanes get harmless parameters (n = 20, q = ½) and start accepted.
  const n = np.where(active, nIn, 20);
  const q = np.where(active, qIn, 0.5);
  const mu = np.multiply(n, q);
  const spq = np.sqrt(np.multiply(mu, np.subtract(1, q)));
  const c = np.add(mu, 0.5);
  const b = np.add(1.15, np.multiply(spq, 2.53));
  const a = np.add(np.add(-0.0873, np.multiply(b, 0.0248)), np.multiply(q, 0.01));
  const alpha = np.multiply(np.add(2.83, np.divide(5.1, b)), spq);
  const vr = np.subtract(0.92, np.divide(4.2, b));
  const m = np.floor(np.multiply(np.add(n, 1), q));
  const logP = np.log(q);
  const log1P = np.log1p(np.negative(q));
  const logH = np.add(
    np.multiply(np.add(m, 0.5), np.add(np.log(np.divide(np.add(m, 1), np.add(np.subtract(n, m), 1))), np.subtract(log1P, logP))),
    np.add(stirlingTail(m), stirlingTail(np.subtract(n, m))),
  );
  const init: [Array, Array, Array] = [key, np.full(shape, -1, { dtype }), np.logicalNot(active)];
  const [, kOut] = whileLoop(
    ([, , done]: [Array, Array, Array]) => np.logicalNot(np.all(done)),
    ([rng, kPrev, done]: [Array, Array, Array]): [Array, Array, Array] => {
      const [next, uKey, vKey] = prng.splitKeys(rng, 3) as [Array, Array, Array];
      const u = np.subtract(prng.uniform(uKey, shape, { dtype }), 0.5);
      const v = prng.uniform(vKey, shape, { dtype });
      const us = np.subtract(0.5, np.abs(u));
      const k = np.floor(np.add(np.multiply(np.add(np.divide(np.multiply(a, 2), us), b), u), c));
      const earlyAccept = np.logicalAnd(np.lessEqual(np.abs(u), 0.43), np.lessEqual(v, vr));
      const earlyReject = np.logicalOr(np.less(k, 0), np.greater(k, n));
      // log f(k) relative to the mode (Hörmann, bottom of p. 5).
      const nk1 = np.add(np.subtract(n, k), 1);
      const logF = np.add(
        np.add(
          np.multiply(np.add(n, 1), np.log(np.divide(np.add(np.subtract(n, m), 1), nk1))),
          np.multiply(np.add(k, 0.5), np.add(np.log(np.divide(nk1, np.add(k, 1))), np.subtract(logP, log1P))),
        ),
        np.add(np.subtract(stirlingTail(k), stirlingTail(np.subtract(n, k))), logH),
      );
      const g = np.add(np.divide(a, np.multiply(us, us)), b);
      const exact = np.lessEqual(np.log(np.divide(np.multiply(v, alpha), g)), logF);
      const accept = np.logicalOr(earlyAccept, np.logicalAnd(np.logicalNot(earlyReject), exact));
      const take = np.logicalAnd(accept, np.logicalNot(done));
      return [next, np.where(take, k, kPrev), np.logicalOr(done, accept)];
    },
    init,
  );
  return kOut;
}

/**
 * Binomial(n, p) counts (brainstate's `binomial`): per element, inversion when n·min(p, 1 − p) < 10,
 * else BTRS, with p > ½ handled by symmetry; p = 1 gives n and n = 0 gives 0.
 */
export function binomial(src: KeySource, n: ParamLike, p: ParamLike, options: IntSampleOptions | undefined): Array {
  const where = "binomial";
  checkOptions(where, options, SAMPLE_OPTIONS);
  checkDomain(where, "n", n, countDomain);
  checkDomain(where, "p", p, within(0, 1));
  const shape = defaultShape(where, options?.size, n, p);
  checkSize(where, shape, shapeOf(where, n), shapeOf(where, p));
  const dtype = workDType(p);
  const nn = broadcastTo(where, floatParam(where, n, dtype), shape);
  const pp = broadcastTo(where, floatParam(where, p, dtype), shape);
  const key = takeKey(where, src, options?.key);
  const valid = np.logicalAnd(np.logicalAnd(np.isfinite(pp), np.greater(nn, 0)), np.greater(pp, 0));
  const interior = np.logicalAnd(valid, np.less(pp, 1));
  const low = np.lessEqual(pp, 0.5);
  const q = np.where(low, pp, np.subtract(1, pp));
  const small = np.less(np.multiply(nn, q), 10);
  const [invKey, btrsKey] = prng.splitKeys(key, 2) as [Array, Array];
  const k = np.where(
    small,
    binomialInversion(invKey, nn, q, np.logicalAnd(interior, small)),
    binomialBtrs(btrsKey, nn, q, np.logicalAnd(interior, np.logicalNot(small))),
  );
  const counts = np.where(interior, np.where(low, k, np.subtract(nn, k)), np.where(valid, nn, 0));
  return asDType(counts, intDType(options?.dtype));
}

/**
 * Failures before the n-th success, Poisson(Gamma(n)·(1 − p)/p) (brainstate's
 * `negative_binomial`; the gamma and the Poisson draw use two keys).
 */
export function negativeBinomial(src: KeySource, n: ParamLike, p: ParamLike, options: IntSampleOptions | undefined): Array {
  const where = "negativeBinomial";
  checkOptions(where, options, SAMPLE_OPTIONS);
  checkDomain(where, "n", n, { text: "positive", js: (v) => v > 0, bad: (a) => np.logicalNot(np.greater(a, 0)) });
  checkDomain(where, "p", p, within(0, 1, true, false));
  const shape = defaultShape(where, options?.size, n, p);
  checkSize(where, shape, shapeOf(where, n), shapeOf(where, p));
  const pp = param(where, p);
  const logits = np.subtract(np.log(pp), np.log1p(np.negative(pp)));
  const [gammaKey, poissonKey] = takeKeys(where, src, options?.key, 2) as [Array, Array];
  const rate = gamma(src, n, np.exp(np.negative(logits)), { size: shape, key: gammaKey, dtype: environ.dftype() });
  return poisson(src, rate, { key: poissonKey, dtype: intDType(options?.dtype) });
}

/**
 * Good items among `nsample` drawn without replacement from `ngood` good and `nbad` bad ones, by
 * drawing the items one at a time (the smaller of the sample and its complement): a vectorised
 * whileLoop of min(nsample, total − nsample) rounds at most.
 */
export function hypergeometric(src: KeySource, ngood: ParamLike, nbad: ParamLike, nsample: ParamLike, options: IntSampleOptions | undefined): Array {
  const where = "hypergeometric";
  checkOptions(where, options, SAMPLE_OPTIONS);
  checkDomain(where, "ngood", ngood, countDomain);
  checkDomain(where, "nbad", nbad, countDomain);
  checkDomain(where, "nsample", nsample, countDomain);
  const shape = defaultShape(where, options?.size, ngood, nbad, nsample);
  checkSize(where, shape, shapeOf(where, ngood), shapeOf(where, nbad), shapeOf(where, nsample));
  const dtype = workDType();
  const good = broadcastTo(where, floatParam(where, ngood, dtype), shape);
  const bad = broadcastTo(where, floatParam(where, nbad, dtype), shape);
  const ns = broadcastTo(where, floatParam(where, nsample, dtype), shape);
  const total = np.add(good, bad);
  checkRuntime(np.greater(ns, total), `${where}: nsample must be at most ngood + nbad (one cannot draw more items than there are)`);
  const complement = np.greater(ns, np.subtract(total, ns));
  const draws = np.where(complement, np.subtract(total, ns), ns);
  const key = takeKey(where, src, options?.key);
  const init: [Array, Array, Array, Array, Array] = [key, np.zeros([], { dtype }), good, total, np.zeros(shape, { dtype })];
  const rounds = np.max(np.concatenate([np.ravel(draws), np.zeros([1], { dtype })]));
  const [, , , , picked] = whileLoop(
    ([, j]: [Array, Array, Array, Array, Array]) => np.less(j, rounds),
    ([rng, j, goodLeft, totalLeft, got]: [Array, Array, Array, Array, Array]): [Array, Array, Array, Array, Array] => {
      const [next, sub] = prng.splitKeys(rng, 2) as [Array, Array];
      const going = np.less(j, draws);
      const u = prng.uniform(sub, shape, { dtype });
      const pick = np.logicalAnd(going, np.less(np.multiply(u, totalLeft), goodLeft)).astype(dtype);
      return [next, np.add(j, 1), np.subtract(goodLeft, pick), np.subtract(totalLeft, going.astype(dtype)), np.add(got, pick)];
    },
    init,
  );
  return asDType(np.where(complement, np.subtract(good, picked), picked), intDType(options?.dtype));
}

/**
 * Logarithmic series: P(k) = −p^k / (k·log(1 − p)), k ≥ 1, by Kemp's second accelerated generator
 * (LK, 1981) as NumPy's `logseries`, loop-free: V ≥ p gives 1; otherwise with q = 1 − (1 − p)^U,
 * V ≤ q² gives ⌊1 + log V / log q⌋, V < q gives 2, else 1.
 */
export function logseries(src: KeySource, p: ParamLike, options: IntSampleOptions | undefined): Array {
  const where = "logseries";
  checkOptions(where, options, SAMPLE_OPTIONS);
  checkDomain(where, "p", p, within(0, 1, false));
  const shape = defaultShape(where, options?.size, p);
  checkSize(where, shape, shapeOf(where, p));
  const dtype = workDType(p);
  const pp = broadcastTo(where, floatParam(where, p, dtype), shape);
  const [vKey, uKey] = prng.splitKeys(takeKey(where, src, options?.key), 2) as [Array, Array];
  // V in (0, 1] so that log V is finite.
  const v = np.subtract(1, prng.uniform(vKey, shape, { dtype }));
  const u = prng.uniform(uKey, shape, { dtype });
  const x = np.multiply(np.log1p(np.negative(pp)), u);
  const q = np.negative(np.expm1(x));
  // log q = log(−expm1(x)), computed as log1p(−eˣ) when eˣ is small, where q rounds to 1.
  const logQ = np.where(np.greater(x, -Math.LN2), np.log(q), np.log1p(np.negative(np.exp(x))));
  const logV = np.log(v);
  const tail = np.floor(np.add(1, np.divide(logV, logQ)));
  const k = np.where(np.greaterEqual(v, pp), 1, np.where(np.lessEqual(logV, np.multiply(logQ, 2)), tail, np.where(np.greaterEqual(v, q), 1, 2)));
  return asDType(k, intDType(options?.dtype));
}

/** The largest sample a zipf draw of `dtype` can hold; larger proposals are rejected (NumPy does the same at its int64 limit). */
function zipfLimit(dtype: DType): number {
  if (dtype === "uint32") return 4294967295;
  if (dtype === "float32") return 2 ** 24;
  if (dtype === "float64") return 2 ** 53;
  return 2147483647;
}

/**
 * Zipf(a), P(k) ∝ k^(−a) for k ≥ 1, by Devroye's rejection from a Pareto envelope (as NumPy's
 * `zipf`), in a vectorised whileLoop until every element is accepted. Proposals above what the
 * dtype holds (2³¹ − 1 for int32) are rejected, so the samples are conditioned on fitting.
 */
export function zipf(src: KeySource, a: ParamLike, options: IntSampleOptions | undefined): Array {
  const where = "zipf";
  checkOptions(where, options, SAMPLE_OPTIONS);
  checkDomain(where, "a", a, { text: "greater than 1", js: (v) => v > 1, bad: (x) => np.logicalNot(np.greater(x, 1)) });
  const shape = defaultShape(where, options?.size, a);
  checkSize(where, shape, shapeOf(where, a));
  const outDType = intDType(options?.dtype);
  const dtype = workDType(a);
  const am1 = np.subtract(broadcastTo(where, floatParam(where, a, dtype), shape), 1);
  const b = np.power(2, am1);
  const limit = zipfLimit(outDType);
  const key = takeKey(where, src, options?.key);
  const init: [Array, Array, Array] = [key, np.ones(shape, { dtype }), np.zeros(shape, { dtype: "bool" })];
  const [, x] = whileLoop(
    ([, , done]: [Array, Array, Array]) => np.logicalNot(np.all(done)),
    ([rng, xPrev, done]: [Array, Array, Array]): [Array, Array, Array] => {
      const [next, uKey, vKey] = prng.splitKeys(rng, 3) as [Array, Array, Array];
      const u = np.subtract(1, prng.uniform(uKey, shape, { dtype }));
      const v = prng.uniform(vKey, shape, { dtype });
      const X = np.floor(np.power(u, np.divide(-1, am1)));
      const inRange = np.logicalAnd(np.greaterEqual(X, 1), np.lessEqual(X, limit));
      const T = np.power(np.add(1, np.divide(1, X)), am1);
      const accept = np.logicalAnd(inRange, np.lessEqual(np.divide(np.multiply(np.multiply(v, X), np.subtract(T, 1)), np.subtract(b, 1)), np.divide(T, b)));
      const take = np.logicalAnd(accept, np.logicalNot(done));
      return [next, np.where(take, X, xPrev), np.logicalOr(done, accept)];
    },
    init,
  );
  return asDType(x, outDType);
}

/**
 * Multinomial counts of `n` trials over the categories of `pvals` (last axis; the last category
 * takes the remaining probability, as NumPy): `max(n)` categorical draws by inversion, counted per
 * category, with the draws beyond each element's own n masked out (brainstate's `multinomial`).
 * The result has shape [...batch, ...size, k] where batch = broadcast(pvals.shape[:-1], n.shape).
 */
export function multinomial(src: KeySource, n: ParamLike, pvals: ParamLike, options: IntSampleOptions | undefined): Array {
  const where = "multinomial";
  checkOptions(where, options, SAMPLE_OPTIONS);
  if (n instanceof Tracer) {
    throw new ValueError(`${where}: the number of trials n must be concrete (a JS number or an evaluated Array), not a traced value; pass it from outside jit/vmap`);
  }
  checkDomain(where, "n", n, countDomain);
  checkDomain(where, "pvals", pvals, within(0, 1));
  const nArr = param(where, n);
  const nValues = globalThis.Array.from(nArr.data() as ArrayLike<number>, Number);
  if (nValues.some((v) => !(v >= 0) || !Number.isInteger(v))) {
    throw new ValueError(`${where}: n must hold non-negative integers, got ${JSON.stringify(nValues.slice(0, 8))}`);
  }
  const nMax = nValues.reduce((m, v) => Math.max(m, v), 0);
  const dtype = workDType(pvals);
  const p = floatParam(where, pvals, dtype);
  if (p.ndim < 1) throw new ValueError(`${where}: pvals must have at least one dimension (one probability per category), got a scalar`);
  const k = p.shape[p.ndim - 1] as number;
  checkRuntime(np.greater(np.sum(p.get("...", `0:${Math.max(0, k - 1)}`), -1), 1), `${where}: the probabilities pvals[..., :-1] must sum to at most 1 (the last category takes the rest)`);
  const size = sizeToShape(where, options?.size);
  const batch = broadcastShapes(where, p.shape.slice(0, -1), nArr.shape);
  const outShape = [...batch, ...size];
  const key = takeKey(where, src, options?.key);
  const outDType = intDType(options?.dtype);
  if (nMax === 0 || k === 0) return np.zeros([...outShape, k], { dtype: outDType });
  // Boundaries of the first k − 1 categories, lifted to [...batch, 1 × size, k − 1].
  const cdf = np.cumsum(np.broadcastTo(p, [...batch, k]), -1).get("...", `0:${k - 1}`);
  const cdfLifted = np.reshape(cdf, [...batch, ...size.map(() => 1), k - 1]);
  const r = prng.uniform(key, [nMax, ...outShape, 1], { dtype });
  const index = np.sum(np.less(cdfLifted, r), -1);
  const trial = np.reshape(np.arange(nMax, { dtype: "int32" }), [nMax, ...outShape.map(() => 1)]);
  const nLifted = np.reshape(np.broadcastTo(nArr, batch), [...batch, ...size.map(() => 1)]);
  const counted = np.less(trial, nLifted);
  const categories = np.arange(k, { dtype: "int32" });
  const hits = np.logicalAnd(np.equal(np.expandDims(index, -1), categories), np.expandDims(counted, -1));
  return np.sum(hits.astype("int32"), 0).astype(outDType);
}

/** Category indices drawn from unnormalised log-probabilities (brainstate's `categorical`). */
export function categorical(src: KeySource, logits: ParamLike, options: CategoricalOptions | undefined): Array {
  const where = "categorical";
  checkOptions(where, options, ["axis", "size", "key"]);
  const l = param(where, logits);
  const coreOptions = isMissing(options?.size) ? { axis: options?.axis ?? -1 } : { axis: options?.axis ?? -1, shape: sizeToShape(where, options?.size) };
  return prng.categorical(takeKey(where, src, options?.key), l, coreOptions);
}

/** Draws from `arange(a)` or from the entries of `a`, with or without replacement, optionally weighted (brainstate's `choice`). */
export function choice(src: KeySource, a: number | ParamLike, options: ChoiceOptions | undefined): Array {
  const where = "choice";
  checkOptions(where, options, ["size", "replace", "p", "key"]);
  const shape = sizeToShape(where, options?.size);
  if (!isMissing(options?.p)) checkDomain(where, "p", options.p, atLeast(0));
  const population = typeof a === "number" ? a : globalThis.Array.isArray(a) ? param(where, a) : a;
  return prng.choice(takeKey(where, src, options?.key), population, {
    shape,
    replace: options?.replace ?? true,
    p: isMissing(options?.p) ? null : options.p,
  });
}

/** A permutation of `arange(x)` or a permuted copy of `x` along `axis` (brainstate's `permutation`). */
export function permutation(src: KeySource, x: number | ParamLike, options: PermutationOptions | undefined): Array {
  const where = "permutation";
  checkOptions(where, options, ["axis", "independent", "key"]);
  const input = typeof x === "number" ? x : globalThis.Array.isArray(x) ? param(where, x) : x;
  return prng.permutation(takeKey(where, src, options?.key), input, { axis: options?.axis ?? 0, independent: options?.independent ?? false });
}

/** A shuffled copy of `x` along `axis` (brainstate's `shuffle`; arrays are immutable, so nothing is shuffled in place). */
export function shuffle(src: KeySource, x: ParamLike, options: ShuffleOptions | undefined): Array {
  const where = "shuffle";
  checkOptions(where, options, ["axis", "key"]);
  const input = typeof x === "number" ? x : globalThis.Array.isArray(x) ? param(where, x) : x;
  return prng.permutation(takeKey(where, src, options?.key), input, { axis: options?.axis ?? 0 });
}
