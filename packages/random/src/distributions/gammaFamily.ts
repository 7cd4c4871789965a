// Samplers built on gamma draws (brainstate's gamma, standard_gamma, loggamma, beta, dirichlet,
// chisquare, t, standard_t, f, noncentral_chisquare, noncentral_f), each a function of a key
// source. Layer: random.

import { np, prng, ValueError, type Array, type DType } from "@brainstate/core";
import {
  above,
  atLeast,
  checkDomain,
  checkOptions,
  checkSize,
  defaultShape,
  floatDType,
  floatParam,
  isMissing,
  shapeOf,
  sizeToShape,
  type ParamLike,
} from "../internal/args.js";
import { takeKey, takeKeys, type KeySource } from "../internal/keys.js";
import { poissonFrom } from "./poisson.js";
import type { SampleOptions } from "./options.js";

const SAMPLE_OPTIONS = ["size", "key", "dtype"] as const;

/** Gamma(shape)·scale (brainstate's `gamma`). */
export function gamma(src: KeySource, shape: ParamLike, scale: ParamLike | null | undefined, options: SampleOptions | undefined): Array {
  const where = "gamma";
  checkOptions(where, options, SAMPLE_OPTIONS);
  const dtype = floatDType(where, options?.dtype);
  const size = defaultShape(where, options?.size, shape, scale);
  checkSize(where, size, shapeOf(where, shape), shapeOf(where, scale));
  checkDomain(where, "shape", shape, above(0));
  checkDomain(where, "scale", scale, atLeast(0));
  const g = prng.gamma(takeKey(where, src, options?.key), floatParam(where, shape, dtype), size, { dtype });
  return isMissing(scale) ? g : np.multiply(g, scale);
}

/** Gamma(shape, 1) (brainstate's `standard_gamma`). */
export function standardGamma(src: KeySource, shape: ParamLike, options: SampleOptions | undefined): Array {
  const where = "standardGamma";
  checkOptions(where, options, SAMPLE_OPTIONS);
  const dtype = floatDType(where, options?.dtype);
  const size = defaultShape(where, options?.size, shape);
  checkSize(where, size, shapeOf(where, shape));
  checkDomain(where, "shape", shape, above(0));
  return prng.gamma(takeKey(where, src, options?.key), floatParam(where, shape, dtype), size, { dtype });
}

/** log(Gamma(a, 1)), accurate where the gamma sample underflows (brainstate's `loggamma`). */
export function loggamma(src: KeySource, a: ParamLike, options: SampleOptions | undefined): Array {
  const where = "loggamma";
  checkOptions(where, options, SAMPLE_OPTIONS);
  const dtype = floatDType(where, options?.dtype);
  const size = defaultShape(where, options?.size, a);
  checkSize(where, size, shapeOf(where, a));
  checkDomain(where, "a", a, above(0));
  return prng.loggamma(takeKey(where, src, options?.key), floatParam(where, a, dtype), size, { dtype });
}

/** Beta(a, b) (brainstate's `beta`). */
export function beta(src: KeySource, a: ParamLike, b: ParamLike, options: SampleOptions | undefined): Array {
  const where = "beta";
  checkOptions(where, options, SAMPLE_OPTIONS);
  const dtype = floatDType(where, options?.dtype);
  const size = defaultShape(where, options?.size, a, b);
  checkSize(where, size, shapeOf(where, a), shapeOf(where, b));
  checkDomain(where, "a", a, above(0));
  checkDomain(where, "b", b, above(0));
  return prng.beta(takeKey(where, src, options?.key), floatParam(where, a, dtype), floatParam(where, b, dtype), size, { dtype });
}

/** Dirichlet(alpha): `alpha` has shape [..., k], the samples [...size, k] (brainstate's `dirichlet`). */
export function dirichlet(src: KeySource, alpha: ParamLike, options: SampleOptions | undefined): Array {
  const where = "dirichlet";
  checkOptions(where, options, SAMPLE_OPTIONS);
  const dtype = floatDType(where, options?.dtype);
  const al = floatParam(where, alpha, dtype);
  if (al.ndim < 1) throw new ValueError(`${where}: alpha must have at least one dimension (one concentration per category), got a scalar`);
  checkDomain(where, "alpha", alpha, above(0));
  const batch = isMissing(options?.size) ? al.shape.slice(0, -1) : sizeToShape(where, options?.size);
  checkSize(where, batch, al.shape.slice(0, -1));
  return prng.dirichlet(takeKey(where, src, options?.key), al, batch, { dtype });
}

/**
 * χ²(df) as the sum of `df` squared standard normals (brainstate's `chisquare`), so `df` is a
 * positive integer JS number; the normals are drawn as one [df, ...size] array.
 */
export function chisquare(src: KeySource, df: ParamLike, options: SampleOptions | undefined): Array {
  const where = "chisquare";
  checkOptions(where, options, SAMPLE_OPTIONS);
  if (typeof df !== "number" || !Number.isInteger(df) || df < 1) {
    throw new ValueError(
      `${where}: df must be a positive integer JS number (brainstate sums df squared standard normals), got ${typeof df === "object" ? "an array" : JSON.stringify(df)}; for a real or per-element df use 2·standardGamma(df / 2)`,
    );
  }
  const size = sizeToShape(where, options?.size);
  const dtype = floatDType(where, options?.dtype);
  const z = prng.normal(takeKey(where, src, options?.key), [df, ...size], { dtype });
  return np.sum(np.multiply(z, z), 0);
}

/** Student's t(df) = N·√((df/2)/Gamma(df/2)) from two keys (brainstate's `t` and JAX's `random.t`). */
function studentT(keys: Array[], df: Array, shape: number[], dtype: DType): Array {
  const n = prng.normal(keys[0] as Array, shape, { dtype });
  const half = np.divide(df, 2);
  const g = prng.gamma(keys[1] as Array, np.broadcastTo(half, shape), shape, { dtype });
  return np.multiply(n, np.sqrt(np.divide(half, g)));
}

/** Student's t with `df` degrees of freedom (brainstate's `t`; the state advances once for both draws). */
export function t(src: KeySource, df: ParamLike, options: SampleOptions | undefined): Array {
  const where = "t";
  checkOptions(where, options, SAMPLE_OPTIONS);
  const dtype = floatDType(where, options?.dtype);
  checkDomain(where, "df", df, above(0));
  const d = floatParam(where, df, dtype);
  const shape = defaultShape(where, options?.size, d);
  checkSize(where, shape, d.shape);
  return studentT(takeKeys(where, src, options?.key, 2), d, shape, dtype);
}

/** Student's t with `df` degrees of freedom (brainstate's `standard_t`, i.e. JAX's `random.t` on one key). */
export function standardT(src: KeySource, df: ParamLike, options: SampleOptions | undefined): Array {
  const where = "standardT";
  checkOptions(where, options, SAMPLE_OPTIONS);
  const dtype = floatDType(where, options?.dtype);
  checkDomain(where, "df", df, above(0));
  const d = floatParam(where, df, dtype);
  const shape = defaultShape(where, options?.size, d);
  checkSize(where, shape, d.shape);
  return studentT(prng.splitKeys(takeKey(where, src, options?.key), 2), d, shape, dtype);
}

/** χ²(k) = 2·Gamma(k/2) for a float array k broadcast to `shape`. */
function chi2(key: Array, k: Array, shape: number[], dtype: DType): Array {
  return np.multiply(prng.gamma(key, np.broadcastTo(np.multiply(k, 0.5), shape), shape, { dtype }), 2);
}

/** F(dfnum, dfden) = (χ²(dfnum)/dfnum) / (χ²(dfden)/dfden), from the call's key split in two. */
export function f(src: KeySource, dfnum: ParamLike, dfden: ParamLike, options: SampleOptions | undefined): Array {
  const where = "f";
  checkOptions(where, options, SAMPLE_OPTIONS);
  const dtype = floatDType(where, options?.dtype);
  checkDomain(where, "dfnum", dfnum, above(0));
  checkDomain(where, "dfden", dfden, above(0));
  const a = floatParam(where, dfnum, dtype);
  const b = floatParam(where, dfden, dtype);
  const shape = defaultShape(where, options?.size, a, b);
  checkSize(where, shape, a.shape, b.shape);
  const [k1, k2] = prng.splitKeys(takeKey(where, src, options?.key), 2) as [Array, Array];
  return np.divide(np.divide(chi2(k1, a, shape, dtype), a), np.divide(chi2(k2, b, shape, dtype), b));
}

/**
 * Noncentral χ²(df, nonc) from three keys, as brainstate: i ~ Poisson(nonc/2), z ~ N(√nonc, 1);
 * χ²(df − 1) + z² when df > 1, else χ²(df + 2i).
 */
function noncentralChi2(keys: Array[], df: Array, nonc: Array, shape: number[], dtype: DType): Array {
  const i = poissonFrom(keys[0] as Array, np.multiply(nonc, 0.5), shape);
  const z = np.add(prng.normal(keys[1] as Array, shape, { dtype }), np.sqrt(nonc));
  const many = np.greater(df, 1);
  const df2 = np.where(many, np.subtract(df, 1), np.add(df, np.multiply(i.astype(dtype), 2)));
  const c = chi2(keys[2] as Array, df2, shape, dtype);
  return np.where(many, np.add(c, np.multiply(z, z)), c);
}

/** Noncentral χ² with `df` degrees of freedom and noncentrality `nonc` (brainstate's `noncentral_chisquare`). */
export function noncentralChisquare(src: KeySource, df: ParamLike, nonc: ParamLike, options: SampleOptions | undefined): Array {
  const where = "noncentralChisquare";
  checkOptions(where, options, SAMPLE_OPTIONS);
  const dtype = floatDType(where, options?.dtype);
  checkDomain(where, "df", df, above(0));
  checkDomain(where, "nonc", nonc, atLeast(0));
  const d = floatParam(where, df, dtype);
  const nc = floatParam(where, nonc, dtype);
  const shape = defaultShape(where, options?.size, d, nc);
  checkSize(where, shape, d.shape, nc.shape);
  return noncentralChi2(takeKeys(where, src, options?.key, 3), d, nc, shape, dtype);
}

/** Noncentral F = (χ²(dfnum, nonc)/dfnum) / (χ²(dfden)/dfden), as NumPy's `noncentral_f`, from the call's key. */
export function noncentralF(src: KeySource, dfnum: ParamLike, dfden: ParamLike, nonc: ParamLike, options: SampleOptions | undefined): Array {
  const where = "noncentralF";
  checkOptions(where, options, SAMPLE_OPTIONS);
  const dtype = floatDType(where, options?.dtype);
  checkDomain(where, "dfnum", dfnum, above(0));
  checkDomain(where, "dfden", dfden, above(0));
  checkDomain(where, "nonc", nonc, atLeast(0));
  const a = floatParam(where, dfnum, dtype);
  const b = floatParam(where, dfden, dtype);
  const nc = floatParam(where, nonc, dtype);
  const shape = defaultShape(where, options?.size, a, b, nc);
  checkSize(where, shape, a.shape, b.shape, nc.shape);
  const [k1, k2] = prng.splitKeys(takeKey(where, src, options?.key), 2) as [Array, Array];
  const num = np.divide(noncentralChi2(prng.splitKeys(k1, 3), a, nc, shape, dtype), a);
  return np.divide(num, np.divide(chi2(k2, b, shape, dtype), b));
}
