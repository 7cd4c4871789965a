// Continuous samplers built on uniform and normal draws (brainstate's RandomState methods rand,
// random, uniform, randn, normal, truncated_normal, lognormal, exponential, gumbel, laplace,
// logistic, standard_cauchy, pareto, rayleigh, weibull, weibull_min, maxwell, power, triangular,
// vonmises, wald and the *_like helpers), each a function of a key source. Layer: random.

import { isFloat, np, prng, ValueError, whileLoop, type Array, type DType } from "@brainstate/core";
import { environ } from "@brainstate/state";
import {
  above,
  atLeast,
  broadcastTo,
  checkDomain,
  checkOptions,
  checkSize,
  defaultShape,
  floatDType,
  floatParam,
  isMissing,
  shapeOf,
  sizeToShape,
  checkRuntime,
  type ParamLike,
} from "../internal/args.js";
import { takeKey, takeKeys, type KeySource } from "../internal/keys.js";
import type { DimsAndOptions, KeyDTypeOptions, SampleOptions, TruncatedNormalOptions } from "./options.js";

const SAMPLE_OPTIONS = ["size", "key", "dtype"] as const;

/** Splits `rand(3, 2, { key })` into its dimensions and options. */
function dimsAndOptions(where: string, args: DimsAndOptions): { dims: number[]; options: KeyDTypeOptions | undefined } {
  const last = args[args.length - 1];
  const hasOptions = last !== undefined && typeof last === "object";
  const dims = (hasOptions ? args.slice(0, -1) : args) as unknown[];
  const options = hasOptions ? (last as KeyDTypeOptions) : undefined;
  checkOptions(where, options, ["key", "dtype"]);
  return { dims: sizeToShape(where, dims as number[]), options };
}

/** `value·scale + loc`, skipping the parts that were not given (brainstate's `_loc_scale`). */
function locScale(value: Array, loc: ParamLike | null | undefined, scale: ParamLike | null | undefined): Array {
  const scaled = isMissing(scale) ? value : np.multiply(value, scale);
  return isMissing(loc) ? scaled : np.add(scaled, loc);
}

/** The next float after each element of `x` towards +∞ (`up`) or −∞ (lax.nextafter with an infinite target). */
function nextAfter(x: Array, up: boolean): Array {
  const eps = x.dtype === "float64" ? 2 ** -52 : 2 ** -23;
  const smallest = x.dtype === "float64" ? 2 ** -1074 : 2 ** -149;
  // 0.6 ulp rounds to exactly one ulp of |x|, at binade edges too.
  const step = np.maximum(np.multiply(np.abs(x), 0.6 * eps), smallest);
  const moved = up ? np.add(x, step) : np.subtract(x, step);
  return np.where(np.isinf(x), x, moved);
}

/** U[0, 1) of `dims` (brainstate's `rand`). */
export function rand(src: KeySource, args: DimsAndOptions): Array {
  const { dims, options } = dimsAndOptions("rand", args);
  const dtype = floatDType("rand", options?.dtype);
  return prng.uniform(takeKey("rand", src, options?.key), dims, { dtype });
}

/** Standard normal samples of `dims` (brainstate's `randn`). */
export function randn(src: KeySource, args: DimsAndOptions): Array {
  const { dims, options } = dimsAndOptions("randn", args);
  const dtype = floatDType("randn", options?.dtype);
  return prng.normal(takeKey("randn", src, options?.key), dims, { dtype });
}

/** U[0, 1) of `size` (brainstate's `random`, `random_sample`, `ranf`, `sample`). */
export function random(src: KeySource, where: string, options: SampleOptions | undefined): Array {
  checkOptions(where, options, SAMPLE_OPTIONS);
  const shape = sizeToShape(where, options?.size);
  const dtype = floatDType(where, options?.dtype);
  return prng.uniform(takeKey(where, src, options?.key), shape, { dtype });
}

/** U[low, high) (brainstate's `uniform`). */
export function uniform(src: KeySource, low: ParamLike, high: ParamLike, options: SampleOptions | undefined): Array {
  checkOptions("uniform", options, SAMPLE_OPTIONS);
  const shape = defaultShape("uniform", options?.size, low, high);
  checkSize("uniform", shape, shapeOf("uniform", low), shapeOf("uniform", high));
  const dtype = floatDType("uniform", options?.dtype);
  return prng.uniform(takeKey("uniform", src, options?.key), shape, { minval: low, maxval: high, dtype });
}

/** A sampler `standard(key, shape, dtype)` moved by `loc` and stretched by `scale` (brainstate's normal, gumbel, laplace, logistic). */
function locScaleSampler(
  where: string,
  standard: (key: Array, shape: number[], dtype: DType) => Array,
  src: KeySource,
  loc: ParamLike | null | undefined,
  scale: ParamLike | null | undefined,
  options: SampleOptions | undefined,
): Array {
  checkOptions(where, options, SAMPLE_OPTIONS);
  const shape = defaultShape(where, options?.size, loc, scale);
  checkSize(where, shape, shapeOf(where, loc), shapeOf(where, scale));
  const dtype = floatDType(where, options?.dtype);
  checkDomain(where, "scale", scale, atLeast(0));
  return locScale(standard(takeKey(where, src, options?.key), shape, dtype), loc, scale);
}

/** N(loc, scale²) (brainstate's `normal`). */
export function normal(src: KeySource, loc: ParamLike | null | undefined, scale: ParamLike | null | undefined, options: SampleOptions | undefined): Array {
  return locScaleSampler("normal", (k, s, dtype) => prng.normal(k, s, { dtype }), src, loc, scale, options);
}

/** Gumbel(loc, scale) (brainstate's `gumbel`). */
export function gumbel(src: KeySource, loc: ParamLike | null | undefined, scale: ParamLike | null | undefined, options: SampleOptions | undefined): Array {
  return locScaleSampler("gumbel", (k, s, dtype) => prng.gumbel(k, s, { dtype }), src, loc, scale, options);
}

/** Laplace(loc, scale) (brainstate's `laplace`). */
export function laplace(src: KeySource, loc: ParamLike | null | undefined, scale: ParamLike | null | undefined, options: SampleOptions | undefined): Array {
  return locScaleSampler("laplace", (k, s, dtype) => prng.laplace(k, s, { dtype }), src, loc, scale, options);
}

/** Logistic(loc, scale) (brainstate's `logistic`). */
export function logistic(src: KeySource, loc: ParamLike | null | undefined, scale: ParamLike | null | undefined, options: SampleOptions | undefined): Array {
  return locScaleSampler("logistic", (k, s, dtype) => prng.logistic(k, s, { dtype }), src, loc, scale, options);
}

/** A parameter-free standard sampler of `size` (standard_normal, standard_cauchy, standard_exponential). */
function standardSampler(where: string, standard: (key: Array, shape: number[], dtype: DType) => Array, src: KeySource, options: SampleOptions | undefined): Array {
  checkOptions(where, options, SAMPLE_OPTIONS);
  const shape = sizeToShape(where, options?.size);
  const dtype = floatDType(where, options?.dtype);
  return standard(takeKey(where, src, options?.key), shape, dtype);
}

/** N(0, 1) of `size` (brainstate's `standard_normal`). */
export function standardNormal(src: KeySource, options: SampleOptions | undefined): Array {
  return standardSampler("standardNormal", (k, s, dtype) => prng.normal(k, s, { dtype }), src, options);
}

/** Cauchy(0, 1) of `size` (brainstate's `standard_cauchy`). */
export function standardCauchy(src: KeySource, options: SampleOptions | undefined): Array {
  return standardSampler("standardCauchy", (k, s, dtype) => prng.cauchy(k, s, { dtype }), src, options);
}

/** Exp(1) of `size` (brainstate's `standard_exponential`). */
export function standardExponential(src: KeySource, options: SampleOptions | undefined): Array {
  return standardSampler("standardExponential", (k, s, dtype) => prng.exponential(k, s, { dtype }), src, options);
}

/** Exponential with mean `scale`: Exp(1)·scale (brainstate's `exponential`, with the documented `scale`). */
export function exponential(src: KeySource, scale: ParamLike | null | undefined, options: SampleOptions | undefined): Array {
  checkOptions("exponential", options, SAMPLE_OPTIONS);
  const shape = defaultShape("exponential", options?.size, scale);
  checkSize("exponential", shape, shapeOf("exponential", scale));
  const dtype = floatDType("exponential", options?.dtype);
  checkDomain("exponential", "scale", scale, atLeast(0));
  return locScale(prng.exponential(takeKey("exponential", src, options?.key), shape, { dtype }), null, scale);
}

/**
 * Truncated normal on (lower, upper) of N(loc, scale²) by the inverse CDF, as brainstate's
 * `truncated_normal`: uniform between Φ-transformed bounds, erfinv, then clipped strictly inside.
 */
export function truncatedNormal(src: KeySource, lower: ParamLike, upper: ParamLike, options: TruncatedNormalOptions | undefined): Array {
  const where = "truncatedNormal";
  checkOptions(where, options, ["size", "loc", "scale", "key", "dtype"]);
  const dtype = floatDType(where, options?.dtype);
  const locIn = options?.loc ?? 0;
  const scaleIn = options?.scale ?? 1;
  checkDomain(where, "scale", scaleIn, above(0));
  const lo = floatParam(where, lower, dtype);
  const hi = floatParam(where, upper, dtype);
  const loc = floatParam(where, locIn, dtype);
  const scale = floatParam(where, scaleIn, dtype);
  const shape = defaultShape(where, options?.size, lo, hi, loc, scale);
  checkSize(where, shape, lo.shape, hi.shape, loc.shape, scale.shape);
  // brainstate's check: the mean must lie within 2 standard deviations of [lower, upper].
  checkRuntime(
    np.any(np.logicalOr(np.less(loc, np.subtract(lo, np.multiply(scale, 2))), np.greater(loc, np.add(hi, np.multiply(scale, 2))))),
    `${where}: loc is more than 2 scales outside [lower, upper]; the samples would be inaccurate — move loc closer to the interval or widen it`,
  );
  const cdf = (x: Array): Array => np.divide(np.add(1, np.erf(np.divide(x, Math.SQRT2))), 2);
  const l = cdf(np.divide(np.subtract(lo, loc), scale));
  const u = cdf(np.divide(np.subtract(hi, loc), scale));
  const key = takeKey(where, src, options?.key);
  const v = prng.uniform(key, shape, {
    dtype,
    minval: nextAfter(np.subtract(np.multiply(l, 2), 1), true),
    maxval: nextAfter(np.subtract(np.multiply(u, 2), 1), false),
  });
  const out = np.add(np.multiply(np.multiply(np.erfinv(v), scale), Math.SQRT2), loc);
  return np.clip(out, nextAfter(lo, true), nextAfter(hi, false));
}

/** exp(N(mean, sigma²)) (brainstate's `lognormal`). */
export function lognormal(src: KeySource, mean: ParamLike | null | undefined, sigma: ParamLike | null | undefined, options: SampleOptions | undefined): Array {
  checkOptions("lognormal", options, SAMPLE_OPTIONS);
  const shape = defaultShape("lognormal", options?.size, mean, sigma);
  checkSize("lognormal", shape, shapeOf("lognormal", mean), shapeOf("lognormal", sigma));
  const dtype = floatDType("lognormal", options?.dtype);
  checkDomain("lognormal", "sigma", sigma, atLeast(0));
  return np.exp(locScale(prng.normal(takeKey("lognormal", src, options?.key), shape, { dtype }), mean, sigma));
}

/** One-parameter sampler: checks, default size = the parameter's shape, and the draw `f(key, shape, dtype, a)`. */
function oneParam(
  where: string,
  name: string,
  src: KeySource,
  a: ParamLike,
  domain: Parameters<typeof checkDomain>[3],
  options: SampleOptions | undefined,
  draw: (key: Array, shape: number[], dtype: DType, a: Array) => Array,
): Array {
  checkOptions(where, options, SAMPLE_OPTIONS);
  const dtype = floatDType(where, options?.dtype);
  const shape = defaultShape(where, options?.size, a);
  checkSize(where, shape, shapeOf(where, a));
  checkDomain(where, name, a, domain);
  const param = floatParam(where, a, dtype);
  return draw(takeKey(where, src, options?.key), shape, dtype, param);
}

/** Classical Pareto with minimum 1 and shape a: exp(Exp(1)/a) (brainstate's `pareto`, which is JAX's `random.pareto`). */
export function pareto(src: KeySource, a: ParamLike, options: SampleOptions | undefined): Array {
  return oneParam("pareto", "a", src, a, above(0), options, (k, s, dtype, b) => np.exp(np.divide(prng.exponential(k, s, { dtype }), b)));
}

/** Rayleigh(scale): scale·√(−2 log U) (brainstate's `rayleigh`; U is taken in (0, 1] so no sample is infinite). */
export function rayleigh(src: KeySource, scale: ParamLike, options: SampleOptions | undefined): Array {
  return oneParam("rayleigh", "scale", src, scale, atLeast(0), options, (k, s, dtype, sc) =>
    np.multiply(np.sqrt(np.multiply(np.log1p(np.negative(prng.uniform(k, s, { dtype }))), -2)), sc),
  );
}

/** Weibull(a): (−log(1 − U))^(1/a) (brainstate's `weibull`). */
export function weibull(src: KeySource, a: ParamLike, options: SampleOptions | undefined): Array {
  if (!isMissing(options?.size) && np.asArray(a, "weibull").size > 1) {
    throw new ValueError(`weibull: a must be a scalar when size is given (brainstate draws one shape for all samples), got shape [${shapeOf("weibull", a).join(",")}]; omit size to draw one sample per a`);
  }
  return oneParam("weibull", "a", src, a, above(0), options, (k, s, dtype, c) =>
    np.power(np.negative(np.log1p(np.negative(prng.uniform(k, s, { dtype })))), np.divide(1, c)),
  );
}

/** Weibull(a) divided by `scale` (brainstate's `weibull_min`). */
export function weibullMin(src: KeySource, a: ParamLike, scale: ParamLike | null | undefined, options: SampleOptions | undefined): Array {
  const where = "weibullMin";
  checkOptions(where, options, SAMPLE_OPTIONS);
  if (!isMissing(options?.size) && np.asArray(a, where).size > 1) {
    throw new ValueError(`${where}: a must be a scalar when size is given (brainstate draws one shape for all samples), got shape [${shapeOf(where, a).join(",")}]; omit size to draw one sample per a`);
  }
  const dtype = floatDType(where, options?.dtype);
  const shape = defaultShape(where, options?.size, a, scale);
  checkSize(where, shape, shapeOf(where, a), shapeOf(where, scale));
  checkDomain(where, "a", a, above(0));
  checkDomain(where, "scale", scale, above(0));
  const c = floatParam(where, a, dtype);
  const u = prng.uniform(takeKey(where, src, options?.key), shape, { dtype });
  const r = np.power(np.negative(np.log1p(np.negative(u))), np.divide(1, c));
  return isMissing(scale) ? r : np.divide(r, scale);
}

/** Maxwell: the Euclidean norm of 3 standard normals (brainstate's `maxwell`). */
export function maxwell(src: KeySource, options: SampleOptions | undefined): Array {
  checkOptions("maxwell", options, SAMPLE_OPTIONS);
  const shape = sizeToShape("maxwell", options?.size);
  const dtype = floatDType("maxwell", options?.dtype);
  const z = prng.normal(takeKey("maxwell", src, options?.key), [...shape, 3], { dtype });
  return np.sqrt(np.sum(np.multiply(z, z), -1));
}

/** Power(a) on [0, 1] with density a·x^(a−1): (1 − e^(−E))^(1/a), E ~ Exp(1) (NumPy's `power`). */
export function power(src: KeySource, a: ParamLike, options: SampleOptions | undefined): Array {
  return oneParam("power", "a", src, a, above(0), options, (k, s, dtype, c) =>
    np.power(np.negative(np.expm1(np.negative(prng.exponential(k, s, { dtype })))), np.divide(1, c)),
  );
}

/** Triangular(left, mode, right) by inversion of its CDF (NumPy's `triangular`, as brainstate documents it). */
export function triangular(src: KeySource, left: ParamLike, mode: ParamLike, right: ParamLike, options: SampleOptions | undefined): Array {
  const where = "triangular";
  checkOptions(where, options, SAMPLE_OPTIONS);
  const dtype = floatDType(where, options?.dtype);
  const l = floatParam(where, left, dtype);
  const m = floatParam(where, mode, dtype);
  const r = floatParam(where, right, dtype);
  const shape = defaultShape(where, options?.size, l, m, r);
  checkSize(where, shape, l.shape, m.shape, r.shape);
  checkRuntime(
    np.any(np.logicalNot(np.logicalAnd(np.logicalAnd(np.lessEqual(l, m), np.lessEqual(m, r)), np.less(l, r)))),
    `${where}: the parameters must satisfy left ≤ mode ≤ right and left < right`,
  );
  const u = prng.uniform(takeKey(where, src, options?.key), shape, { dtype });
  const width = np.subtract(r, l);
  const leftWidth = np.subtract(m, l);
  const rightWidth = np.subtract(r, m);
  // F(x) = (x − l)² / ((r − l)(m − l)) on [l, m]; its value at m is fc = (m − l)/(r − l).
  const fc = np.divide(leftWidth, width);
  const below = np.add(l, np.sqrt(np.multiply(np.multiply(u, width), leftWidth)));
  const above_ = np.subtract(r, np.sqrt(np.multiply(np.multiply(np.subtract(1, u), width), rightWidth)));
  return np.where(np.lessEqual(u, fc), below, above_);
}

/** Float32/float64 cut-off below which brainstate's von Mises sampler uses s ≈ 1/κ. */
const VONMISES_CUTOFF: Record<string, number> = { float32: 2e-2, float64: 1.2e-4 };

/**
 * Von Mises(mu, kappa) on [−π, π) by Best and Fisher's rejection with a wrapped Cauchy envelope
 * (brainstate's `_von_mises_centered`, Devroye 1986 §9.4), run in a whileLoop until every sample
 * is accepted (brainstate stops after 100 rounds; the per-round acceptance is ≥ 0.65, so that cap
 * never binds in practice, and here there is none). kappa = 0 gives the uniform circle.
 */
export function vonmises(src: KeySource, mu: ParamLike, kappa: ParamLike, options: SampleOptions | undefined): Array {
  const where = "vonmises";
  checkOptions(where, options, SAMPLE_OPTIONS);
  const dtype = floatDType(where, options?.dtype);
  checkDomain(where, "kappa", kappa, atLeast(0));
  const m = floatParam(where, mu, dtype);
  const kIn = floatParam(where, kappa, dtype);
  const shape = defaultShape(where, options?.size, m, kIn);
  checkSize(where, shape, m.shape, kIn.shape);
  const key = takeKey(where, src, options?.key);
  const uniformCircle = np.equal(broadcastTo(where, kIn, shape), 0);
  // κ = 0 runs the loop with κ = 1 and is replaced by a uniform angle afterwards.
  const k = np.where(uniformCircle, 1, broadcastTo(where, kIn, shape));
  const r = np.add(1, np.sqrt(np.add(1, np.multiply(np.multiply(k, k), 4))));
  const rho = np.divide(np.subtract(r, np.sqrt(np.multiply(r, 2))), np.multiply(k, 2));
  const sExact = np.divide(np.add(1, np.multiply(rho, rho)), np.multiply(rho, 2));
  const s = np.where(np.greater(k, VONMISES_CUTOFF[dtype] ?? 2e-2), sExact, np.divide(1, k));
  const [loopKey, circleKey] = prng.splitKeys(key, 2) as [Array, Array];
  const init: [Array, Array, Array, Array] = [loopKey, np.zeros(shape, { dtype: "bool" }), np.zeros(shape, { dtype }), np.zeros(shape, { dtype })];
  const [, , uFinal, wFinal] = whileLoop(
    ([, done]: [Array, Array, Array, Array]) => np.logicalNot(np.all(done)),
    ([rng, done, uPrev, wPrev]: [Array, Array, Array, Array]): [Array, Array, Array, Array] => {
      const [next, uKey, vKey] = prng.splitKeys(rng, 3) as [Array, Array, Array];
      const u = prng.uniform(uKey, shape, { dtype, minval: -1, maxval: 1 });
      const z = np.cos(np.multiply(u, Math.PI));
      const w = np.divide(np.add(1, np.multiply(s, z)), np.add(s, z));
      const y = np.multiply(k, np.subtract(s, w));
      const v = prng.uniform(vKey, shape, { dtype });
      const accept = np.logicalOr(np.greaterEqual(np.multiply(y, np.subtract(2, y)), v), np.greaterEqual(np.add(np.log(np.divide(y, v)), 1), y));
      const take = np.logicalAnd(accept, np.logicalNot(done));
      return [next, np.logicalOr(done, accept), np.where(take, u, uPrev), np.where(take, w, wPrev)];
    },
    init,
  );
  const centered = np.multiply(np.sign(uFinal), np.arccos(np.clip(wFinal, -1, 1)));
  const angle = np.where(uniformCircle, prng.uniform(circleKey, shape, { dtype, minval: -Math.PI, maxval: Math.PI }), centered);
  const shifted = np.add(angle, m);
  return np.subtract(np.remainder(np.add(shifted, Math.PI), 2 * Math.PI), Math.PI);
}

/**
 * Wald (inverse Gaussian) with `mean` and `scale` (shape λ), by Michael, Schucany and Haas's
 * transformation of a χ²₁ draw with a uniform choice between the two roots (brainstate's `wald`,
 * with its cancellation-free form of the root). Both draws come from the one key of the call.
 */
export function wald(src: KeySource, mean: ParamLike, scale: ParamLike, options: SampleOptions | undefined): Array {
  const where = "wald";
  checkOptions(where, options, SAMPLE_OPTIONS);
  const dtype = floatDType(where, options?.dtype);
  checkDomain(where, "mean", mean, above(0));
  checkDomain(where, "scale", scale, above(0));
  const mu = floatParam(where, mean, dtype);
  const lam = floatParam(where, scale, dtype);
  const shape = defaultShape(where, options?.size, mu, lam);
  checkSize(where, shape, mu.shape, lam.shape);
  // brainstate draws the uniform with the call's key and the normal with a second state key.
  const [uKey, nKey] = isMissing(options?.key) ? [src.splitKey(), src.splitKey()] : takeKeys(where, src, options?.key, 2);
  const z = prng.normal(nKey as Array, shape, { dtype });
  const chi2 = np.multiply(z, z);
  const u = prng.uniform(uKey as Array, shape, { dtype });
  // With w = μy/(2λ): x = μ(√(2/w + 1) − 1)/(√(2/w + 1) + 1) = μ·expm1(½·log1p(2/w))/(1 + √(2/w + 1)).
  const arg = np.divide(np.multiply(lam, 4), np.multiply(mu, chi2));
  const finiteArg = np.less(arg, Infinity);
  const safeArg = np.where(finiteArg, arg, 1);
  const denominator = np.add(1, np.sqrt(np.add(safeArg, 1)));
  const ratio = np.divide(np.expm1(np.multiply(np.log1p(safeArg), 0.5)), denominator);
  const x = np.multiply(mu, np.where(finiteArg, ratio, 1));
  return np.where(np.lessEqual(u, np.divide(mu, np.add(mu, x))), x, np.divide(np.multiply(mu, mu), x));
}

/** The float dtype of a `*Like` sample: the option, else the input's float dtype, else the default float. */
function likeDType(where: string, input: ParamLike, dtype: DType | null | undefined): DType {
  if (!isMissing(dtype)) return dtype;
  const a = np.asArray(input, where);
  return isFloat(a.dtype) ? a.dtype : environ.dftype();
}

/** U[0, 1) with the shape of `input` (brainstate's `rand_like`). */
export function randLike(src: KeySource, input: ParamLike, options: KeyDTypeOptions | undefined): Array {
  checkOptions("randLike", options, ["key", "dtype"]);
  const dtype = likeDType("randLike", input, options?.dtype);
  const u = prng.uniform(takeKey("randLike", src, options?.key), shapeOf("randLike", input), { dtype: isFloat(dtype) ? dtype : environ.dftype() });
  return u.dtype === dtype ? u : u.astype(dtype);
}

/** N(0, 1) with the shape of `input` (brainstate's `randn_like`). */
export function randnLike(src: KeySource, input: ParamLike, options: KeyDTypeOptions | undefined): Array {
  checkOptions("randnLike", options, ["key", "dtype"]);
  const dtype = likeDType("randnLike", input, options?.dtype);
  const z = prng.normal(takeKey("randnLike", src, options?.key), shapeOf("randnLike", input), { dtype: isFloat(dtype) ? dtype : environ.dftype() });
  return z.dtype === dtype ? z : z.astype(dtype);
}
