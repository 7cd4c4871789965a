// Poisson counts from one key, as JAX's `random.poisson` (Knuth below rate 10, Hörmann's PTRS
// above), with JAX's data-dependent while loops as core whileLoops. Shared by poisson,
// negativeBinomial and noncentralChisquare. Layer: random.

import { np, prng, whileLoop, type Array } from "@brainstate/core";
import type { ParamLike } from "../internal/args.js";

/**
 * Knuth's Poisson sampler as JAX's `_poisson_knuth`, in a whileLoop: count uniforms until their
 * product drops below e^(−λ), every element in one vectorised round, until all are done.
 */
function poissonKnuth(key: Array, lam: Array): Array {
  const shape = lam.shape;
  const negLam = np.negative(lam);
  const init: [Array, Array, Array] = [key, np.zeros(shape, { dtype: "int32" }), np.zeros(shape, { dtype: "float32" })];
  const [, k] = whileLoop(
    ([, , logProd]: [Array, Array, Array]) => np.any(np.greater(logProd, negLam)),
    ([rng, count, logProd]: [Array, Array, Array]): [Array, Array, Array] => {
      const [next, sub] = prng.splitKeys(rng, 2) as [Array, Array];
      const counted = np.where(np.greater(logProd, negLam), np.add(count, 1), count);
      return [next, counted, np.add(logProd, np.log(prng.uniform(sub, shape, { dtype: "float32" })))];
    },
    init,
  );
  return np.subtract(k, 1);
}

/**
 * Hörmann's transformed rejection with squeeze (PTRS, 1993) as JAX's `_poisson_rejection`, in a
 * whileLoop that runs until every element has accepted (each round accepts with probability ≥ 0.75
 * for λ ≥ 10; as in JAX, an element accepted again in a later round keeps the later proposal).
 */
function poissonRejection(key: Array, lam: Array): Array {
  const shape = lam.shape;
  const logLam = np.log(lam);
  const b = np.add(np.multiply(np.sqrt(lam), 2.53), 0.931);
  const a = np.add(np.multiply(b, 0.02483), -0.059);
  const invAlpha = np.add(np.divide(1.1328, np.subtract(b, 3.4)), 1.1239);
  const vr = np.subtract(0.9277, np.divide(3.6224, np.subtract(b, 2)));
  const init: [Array, Array, Array] = [key, np.full(shape, -1, { dtype: "float32" }), np.zeros(shape, { dtype: "bool" })];
  const [, kOut] = whileLoop(
    ([, , accepted]: [Array, Array, Array]) => np.logicalNot(np.all(accepted)),
    ([rng, kPrev, accepted]: [Array, Array, Array]): [Array, Array, Array] => {
      const [next, k0, k1] = prng.splitKeys(rng, 3) as [Array, Array, Array];
      const u = np.subtract(prng.uniform(k0, shape, { dtype: "float32" }), 0.5);
      const v = prng.uniform(k1, shape, { dtype: "float32" });
      const us = np.subtract(0.5, np.abs(u));
      const k = np.floor(np.add(np.add(np.multiply(np.add(np.divide(np.multiply(a, 2), us), b), u), lam), 0.43));
      const s = np.log(np.divide(np.multiply(v, invAlpha), np.add(np.divide(a, np.multiply(us, us)), b)));
      const t = np.subtract(np.add(np.negative(lam), np.multiply(k, logLam)), np.lgamma(np.add(k, 1)));
      const accept1 = np.logicalAnd(np.greaterEqual(us, 0.07), np.lessEqual(v, vr));
      const reject = np.logicalOr(np.less(k, 0), np.logicalAnd(np.less(us, 0.013), np.greater(v, us)));
      const accept = np.logicalOr(accept1, np.logicalAnd(np.logicalNot(reject), np.lessEqual(s, t)));
      return [next, np.where(accept, k, kPrev), np.logicalOr(accepted, accept)];
    },
    init,
  );
  return kOut.astype("int32");
}

/**
 * Poisson(λ) counts from one key as JAX's `random.poisson` (rates in float32; Knuth below 10,
 * PTRS rejection from 10 on, both from the same key; λ = 0 gives 0), with JAX's while loops as
 * core whileLoops, so the draw is exact and traces compactly under jit.
 */
export function poissonFrom(key: Array, lamIn: ParamLike, shape: readonly number[]): Array {
  const lam = np.broadcastTo(np.asArray(lamIn, "poisson").astype("float32"), shape);
  const useKnuth = np.logicalOr(np.isnan(lam), np.less(lam, 10));
  let result: Array;
  if (typeof lamIn === "number") result = lamIn < 10 ? poissonKnuth(key, lam) : poissonRejection(key, lam);
  else result = np.where(useKnuth, poissonKnuth(key, np.where(useKnuth, lam, 0)), poissonRejection(key, np.where(useKnuth, 1e5, lam)));
  return np.where(np.equal(lam, 0), 0, result);
}
