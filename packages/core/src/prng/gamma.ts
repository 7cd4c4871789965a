// Gamma-family samplers: gamma and loggamma by Marsaglia–Tsang rejection with a fixed number of
// vectorised proposal rounds (no data-dependent loop), and beta and dirichlet built on loggamma
// as JAX does. Layer 13 (over np).

import type { Array } from "../array/Array.js";
import type { DType } from "../dtype/dtype.js";
import { checkOptions, ValueError } from "../errors/errors.js";
import type { ArrayLike } from "../numpy/convert.js";
import * as E from "../numpy/elementwise.js";
import { broadcastTo } from "../numpy/promote.js";
import { any, argmax, max, sum } from "../numpy/reductions.js";
import { broadcastShapes } from "../shape/shape.js";
import { formatShape } from "../util/assert.js";
import { floatParam, normalIn, unitFloats, uniformIn, type DTypeOptions } from "./continuous.js";
import { splitKeys } from "./keys.js";
import { checkKey, checkParamShapes, floatDType, iota, reshapeTo, toShape, type ShapeLike } from "./util.js";

/**
 * Proposal rounds per sample. A Marsaglia–Tsang round (normal x, v = (1 + c·x)³, uniform u) is
 * accepted with probability ≥ 0.9517 for every shape a ≥ 1 (the minimum is at a = 1, where one
 * round fails with probability 0.0483; boosted shapes a < 1 use a + 1 ≥ 1). Sixteen independent
 * rounds all fail with probability ≤ 0.0483¹⁶ ≈ 8.9·10⁻²² per sample; only then is the sample
 * replaced by d = a − 1/3 (the proposal at x = 0).
 */
const GAMMA_ROUNDS = 16;

/**
 * Gamma(a) samples (or their logarithms) for a float array `a` of the result's shape. Keys: the
 * key splits into (proposal key, boost key) as JAX's `_gamma_one`; the proposal key splits into the
 * normal and uniform draws of all rounds at once.
 */
function gammaIn(key: Array, a: Array, logSpace: boolean): Array {
  const shape = a.shape;
  const dtype: DType = a.dtype;
  const boostMask = E.greaterEqual(a, 1);
  const alpha = E.where(boostMask, a, E.add(a, 1));
  const d = E.subtract(alpha, 1 / 3);
  const c = E.divide(1 / 3, E.sqrt(d));
  const [proposalKey, boostKey] = splitKeys(key, 2) as [Array, Array];
  const [xKey, uKey] = splitKeys(proposalKey, 2) as [Array, Array];
  const rounds = [GAMMA_ROUNDS, ...shape];
  const x = normalIn(xKey, rounds, dtype);
  const u = unitFloats(uKey, rounds, dtype);
  const v = E.add(E.multiply(x, c), 1);
  const X = E.multiply(x, x);
  const V = E.multiply(E.multiply(v, v), v);
  const squeeze = E.less(u, E.subtract(1, E.multiply(E.multiply(X, X), 0.0331)));
  const exact = E.less(E.log(u), E.add(E.multiply(X, 0.5), E.multiply(d, E.add(E.subtract(1, V), E.log(V)))));
  const accepted = E.logicalAnd(E.greater(v, 0), E.logicalOr(squeeze, exact));
  // The first accepted round: a one-hot mask over rounds, summed out (exact: one non-zero term).
  const first = argmax(E.astype(accepted, "int32"), 0, { keepdims: true });
  const roundIndex = reshapeTo(iota("int32", GAMMA_ROUNDS), [GAMMA_ROUNDS, ...shape.map(() => 1)]);
  const chosen = sum(E.where(E.equal(roundIndex, first), V, 0), 0);
  const Vs = E.where(any(accepted, 0), chosen, 1);
  const boostU = uniformIn("gamma", boostKey, shape, dtype, 0, 1);
  if (logSpace) {
    const logSamples = E.log1p(E.negative(boostU));
    const logBoost = E.where(E.logicalOr(boostMask, E.equal(logSamples, 0)), 0, E.multiply(logSamples, E.divide(1, a)));
    return E.add(E.add(E.log(d), E.log(Vs)), logBoost);
  }
  const boost = E.where(boostMask, 1, E.power(E.subtract(1, boostU), E.divide(1, a)));
  return E.multiply(E.multiply(d, Vs), boost);
}

/** Validates a shape parameter and broadcasts it to the result shape. */
function shapeParam(where: string, x: ArrayLike, shape: ShapeLike | null | undefined, dtype: DType): Array {
  if (typeof x === "number" && !(x > 0)) {
    throw new ValueError(`${where}: the shape parameter must be positive, got ${x}`);
  }
  const a = floatParam(where, x, dtype);
  const s = shape === null || shape === undefined ? [...a.shape] : toShape(where, shape);
  checkParamShapes(where, s, a.shape);
  return broadcastTo(a, s, where);
}

/**
 * Gamma(a, 1) samples (density ∝ x^(a−1)e^(−x)), by Marsaglia–Tsang with JAX's boost
 * Gamma(a) = Gamma(a + 1)·U^(1/a) for `a < 1`. The distribution is JAX's, but the bits are not:
 * JAX loops per sample until acceptance, while this runs 16 vectorised proposal rounds and keeps
 * the first accepted one (all 16 fail with probability below 10⁻²¹).
 * @throws {@link ValueError} for a non-positive JS-number `a`; {@link ShapeError} when `a` does not broadcast to `shape`.
 * @public
 */
export function gamma(key: Array, a: ArrayLike, shape?: ShapeLike | null, options?: DTypeOptions): Array {
  checkOptions("gamma", options, ["dtype"]);
  const k = checkKey("gamma", key);
  return gammaIn(k, shapeParam("gamma", a, shape, floatDType("gamma", options?.dtype)), false);
}

/**
 * Logarithms of Gamma(a, 1) samples, accurate for small `a` where the samples underflow (JAX's
 * `random.loggamma`; same algorithm and caveats as `prng.gamma`).
 * @public
 */
export function loggamma(key: Array, a: ArrayLike, shape?: ShapeLike | null, options?: DTypeOptions): Array {
  checkOptions("loggamma", options, ["dtype"]);
  const k = checkKey("loggamma", key);
  return gammaIn(k, shapeParam("loggamma", a, shape, floatDType("loggamma", options?.dtype)), true);
}

/**
 * Beta(a, b) samples as JAX's `random.beta`: two log-gamma draws combined as
 * Ga / (Ga + Gb) without underflow. `shape` defaults to the broadcast shape of `a` and `b`.
 * @public
 */
export function beta(key: Array, a: ArrayLike, b: ArrayLike, shape?: ShapeLike | null, options?: DTypeOptions): Array {
  checkOptions("beta", options, ["dtype"]);
  const k = checkKey("beta", key);
  const dtype = floatDType("beta", options?.dtype);
  const fa = floatParam("beta", a, dtype);
  const fb = floatParam("beta", b, dtype);
  const s = shape === null || shape === undefined ? broadcastShapes("beta", fa.shape, fb.shape) : toShape("beta", shape);
  const [keyA, keyB] = splitKeys(k, 2) as [Array, Array];
  const logA = gammaIn(keyA, shapeParam("beta", typeof a === "number" ? a : fa, s, dtype), true);
  const logB = gammaIn(keyB, shapeParam("beta", typeof b === "number" ? b : fb, s, dtype), true);
  const logMax = E.maximum(logA, logB);
  const ga = E.exp(E.subtract(logA, logMax));
  const gb = E.exp(E.subtract(logB, logMax));
  return E.divide(ga, E.add(ga, gb));
}

/**
 * Dirichlet(alpha) samples as JAX's `random.dirichlet`: softmax of log-gamma draws along the last
 * axis. `alpha` has shape `[..., k]`; the result has shape `[...shape, k]` (`shape` defaults to
 * `alpha.shape[:-1]`).
 * @throws {@link ValueError} for a 0-d `alpha`.
 * @public
 */
export function dirichlet(key: Array, alpha: ArrayLike, shape?: ShapeLike | null, options?: DTypeOptions): Array {
  checkOptions("dirichlet", options, ["dtype"]);
  const k = checkKey("dirichlet", key);
  const dtype = floatDType("dirichlet", options?.dtype);
  const al = floatParam("dirichlet", alpha, dtype);
  if (al.ndim < 1) throw new ValueError(`dirichlet: alpha must have at least one dimension (the categories), got shape ${formatShape(al.shape)}`);
  const batch = shape === null || shape === undefined ? al.shape.slice(0, -1) : toShape("dirichlet", shape);
  checkParamShapes("dirichlet", batch, al.shape.slice(0, -1));
  const full = [...batch, al.shape[al.ndim - 1] as number];
  const logs = gammaIn(k, broadcastTo(al, full, "dirichlet"), true);
  const m = max(logs, -1, { keepdims: true });
  const e = E.exp(E.subtract(logs, m));
  return E.divide(e, sum(e, -1, { keepdims: true }));
}
