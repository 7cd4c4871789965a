// Poisson sampler ported from JAX 0.4's `random.poisson`: Knuth's product-of-uniforms method for
// rates below 10, Hörmann's transformed rejection (PTRS) above. JAX's data-dependent while loops
// become a fixed number of vectorised iterations that reproduce them exactly. Layer 13 (over np).

import type { Array } from "../array/Array.js";
import { checkOptions, DTypeError, ValueError } from "../errors/errors.js";
import { asArray, type ArrayLike } from "../numpy/convert.js";
import * as E from "../numpy/elementwise.js";
import { broadcastTo } from "../numpy/promote.js";
import { all } from "../numpy/reductions.js";
import { lgamma } from "../numpy/special.js";
import { uniformIn } from "./continuous.js";
import { splitKeys } from "./keys.js";
import { checkKey, checkParamShapes, toShape, type ShapeLike } from "./util.js";

/**
 * Iterations of Knuth's loop. JAX loops until every sample is done, which takes (largest sample + 1)
 * iterations; extra iterations change nothing, so the result is JAX's whenever every sample is
 * below this bound. For rates below 10, P(sample ≥ 56) < 7.8·10⁻²⁴; such a sample would read 55.
 */
const KNUTH_ITERATIONS = 56;

/**
 * Iterations of the rejection loop. JAX iterates while any sample is unaccepted (and re-draws
 * accepted ones meanwhile); here every iteration is gated on that same global condition, so the
 * result is JAX's whenever all samples are accepted within this many iterations. An iteration
 * accepts a sample with probability ≥ 0.75 for rates ≥ 10 (0.753 at 10, rising to 0.889 as the
 * rate grows; measured by simulating the acceptance test), so a sample survives all 40 with
 * probability below 0.248⁴⁰ ≈ 5·10⁻²⁵ (it would then read −1, JAX's initial value).
 */
const REJECTION_ITERATIONS = 40;

/** Knuth: count uniforms until their product drops below e^(−lam). */
function knuth(key: Array, lam: Array, shape: readonly number[]): Array {
  let k = broadcastTo(E.astype(asArray(0, "poisson"), "int32"), shape);
  let logProd = broadcastTo(E.astype(asArray(0, "poisson"), "float32"), shape);
  const negLam = E.negative(lam);
  let rng = key;
  for (let i = 0; i < KNUTH_ITERATIONS; i++) {
    const [next, sub] = splitKeys(rng, 2) as [Array, Array];
    rng = next;
    k = E.where(E.greater(logProd, negLam), E.add(k, 1), k);
    logProd = E.add(logProd, E.log(uniformIn("poisson", sub, shape, "float32", 0, 1)));
  }
  return E.subtract(k, 1);
}

/** Hörmann's PTRS, as JAX's `_poisson_rejection`, with the loop gated on "some sample unaccepted". */
function rejection(key: Array, lam: Array, shape: readonly number[]): Array {
  const logLam = E.log(lam);
  const b = E.add(E.multiply(E.sqrt(lam), 2.53), 0.931);
  const a = E.add(E.multiply(b, 0.02483), -0.059);
  const invAlpha = E.add(E.divide(1.1328, E.subtract(b, 3.4)), 1.1239);
  const vr = E.subtract(0.9277, E.divide(3.6224, E.subtract(b, 2)));
  let kOut = broadcastTo(E.astype(asArray(-1, "poisson"), "float32"), shape);
  let accepted = broadcastTo(asArray(false, "poisson"), shape);
  let rng = key;
  for (let i = 0; i < REJECTION_ITERATIONS; i++) {
    const running = E.logicalNot(all(accepted));
    const [next, sk0, sk1] = splitKeys(rng, 3) as [Array, Array, Array];
    rng = next;
    const u = E.subtract(uniformIn("poisson", sk0, shape, "float32", 0, 1), 0.5);
    const v = uniformIn("poisson", sk1, shape, "float32", 0, 1);
    const us = E.subtract(0.5, E.abs(u));
    const k = E.floor(E.add(E.add(E.multiply(E.add(E.divide(E.multiply(a, 2), us), b), u), lam), 0.43));
    const s = E.log(E.divide(E.multiply(v, invAlpha), E.add(E.divide(a, E.multiply(us, us)), b)));
    const t = E.subtract(E.add(E.negative(lam), E.multiply(k, logLam)), lgamma(E.add(k, 1)));
    const accept1 = E.logicalAnd(E.greaterEqual(us, 0.07), E.lessEqual(v, vr));
    const reject = E.logicalOr(E.less(k, 0), E.logicalAnd(E.less(us, 0.013), E.greater(v, us)));
    const accept = E.logicalAnd(running, E.logicalOr(accept1, E.logicalAnd(E.logicalNot(reject), E.lessEqual(s, t))));
    kOut = E.where(accept, k, kOut);
    accepted = E.logicalOr(accepted, accept);
  }
  return E.astype(kOut, "int32");
}

/** Options of `prng.poisson`. @public */
export interface PoissonOptions {
  /** Integer dtype of the samples. @defaultValue "int32" */
  dtype?: "int32";
}

/**
 * Poisson(lam) samples as JAX's `random.poisson` (rates in float32; Knuth below 10, rejection
 * above; rate 0 gives 0). Bit-identical to JAX except where lgamma's last bit flips a rejection
 * decision (rates ≥ 10) and with the negligible truncation probabilities stated in the source.
 * `shape` defaults to `lam`'s shape.
 * @throws {@link ValueError} for a negative JS-number rate; {@link ShapeError} when `lam` does not broadcast to `shape`.
 * @public
 */
export function poisson(key: Array, lam: ArrayLike, shape?: ShapeLike | null, options?: PoissonOptions): Array {
  checkOptions("poisson", options, ["dtype"]);
  const k = checkKey("poisson", key);
  if (options?.dtype !== undefined && options.dtype !== "int32") {
    throw new DTypeError(`poisson: dtype must be 'int32', got ${JSON.stringify(options.dtype)}`);
  }
  if (typeof lam === "number" && !(lam >= 0)) throw new ValueError(`poisson: the rate must be non-negative, got ${lam}`);
  const rate0 = E.astype(asArray(lam, "poisson"), "float32");
  const s = shape === null || shape === undefined ? [...rate0.shape] : toShape("poisson", shape);
  checkParamShapes("poisson", s, rate0.shape);
  const rate = broadcastTo(rate0, s, "poisson");
  const useKnuth = E.logicalOr(E.isnan(rate), E.less(rate, 10));
  const staticKnuth = typeof lam === "number" ? lam < 10 : null;
  let result: Array;
  if (staticKnuth === true) result = knuth(k, rate, s);
  else if (staticKnuth === false) result = rejection(k, rate, s);
  else {
    const kn = knuth(k, E.where(useKnuth, rate, 0), s);
    const rj = rejection(k, E.where(useKnuth, 1e5, rate), s);
    result = E.where(useKnuth, kn, rj);
  }
  return E.where(E.equal(rate, 0), 0, result);
}
