// Matrix-valued and vector-valued samplers (brainstate's multivariate_normal and orthogonal),
// each a function of a key source. Layer: random.

import { np, prng, ShapeError, ValueError, type Array } from "@brainstate/core";
import { checkOptions, checkRuntime, checkSize, floatDType, floatParam, isMissing, sizeToShape, staticCount, broadcastShapes, type ParamLike } from "../internal/args.js";
import { takeKey, type KeySource } from "../internal/keys.js";
import { cholesky, orthonormalQ, symmetricEigen } from "../internal/linalg.js";
import type { MultivariateNormalOptions, SampleOptions } from "./options.js";

const METHODS = ["cholesky", "svd", "eigh"];

/**
 * N(mean, cov) vectors: mean + F·z with F·Fᵀ = cov and z standard normal of shape [...size, n]
 * (brainstate's `multivariate_normal`). F is the Cholesky factor, or v·√w from the symmetric
 * eigendecomposition ('eigh'; 'svd' is the same factorisation, since the SVD of a symmetric
 * positive semi-definite matrix is its eigendecomposition).
 */
export function multivariateNormal(src: KeySource, mean: ParamLike, cov: ParamLike, options: MultivariateNormalOptions | undefined): Array {
  const where = "multivariateNormal";
  checkOptions(where, options, ["size", "method", "key", "dtype"]);
  const method = options?.method ?? "cholesky";
  if (!METHODS.includes(method)) {
    throw new ValueError(`${where}: method must be one of 'cholesky', 'svd', 'eigh', got ${JSON.stringify(method)}`);
  }
  const dtype = floatDType(where, options?.dtype);
  const mu = floatParam(where, mean, dtype);
  const sigma = floatParam(where, cov, dtype);
  if (mu.ndim < 1) throw new ShapeError(`${where}: mean must have at least one dimension (the vector), got a scalar`);
  if (sigma.ndim < 2) throw new ShapeError(`${where}: cov must have at least two dimensions (an n×n matrix), got shape [${sigma.shape.join(",")}]`);
  const n = mu.shape[mu.ndim - 1] as number;
  if (sigma.shape[sigma.ndim - 2] !== n || sigma.shape[sigma.ndim - 1] !== n) {
    throw new ShapeError(`${where}: cov must have shape [..., ${n}, ${n}] to match mean's ${n} entries, got shape [${sigma.shape.join(",")}]`);
  }
  const batch = broadcastShapes(where, mu.shape.slice(0, -1), sigma.shape.slice(0, -2));
  const size = isMissing(options?.size) ? batch : sizeToShape(where, options?.size);
  checkSize(where, size, mu.shape.slice(0, -1), sigma.shape.slice(0, -2));
  let factor: Array;
  if (method === "cholesky") {
    const { factor: l, minPivot } = cholesky(sigma);
    checkRuntime(
      np.logicalNot(np.greater(minPivot, 0)),
      `${where}: cov is not positive definite (a Cholesky pivot is not positive); use { method: 'eigh' } for a positive semi-definite covariance`,
    );
    factor = l;
  } else {
    const { w, v, offDiagonal } = symmetricEigen(sigma);
    const eps = dtype === "float64" ? 2 ** -52 : 2 ** -23;
    checkRuntime(np.greater(offDiagonal, 1e3 * eps * Math.max(1, n)), `${where}: the eigendecomposition of cov did not converge; check cov for NaN or huge entries`);
    const scale = np.max(np.abs(w), -1, { keepdims: true });
    checkRuntime(
      np.less(w, np.multiply(scale, -1e2 * eps * Math.max(1, n))),
      `${where}: cov is not positive semi-definite (it has a negative eigenvalue); a covariance must be symmetric with non-negative eigenvalues`,
    );
    factor = np.multiply(v, np.expandDims(np.sqrt(np.maximum(w, 0)), -2));
  }
  const z = prng.normal(takeKey(where, src, options?.key), [...size, n], { dtype });
  return np.add(mu, np.einsum("...ij,...j->...i", factor, z));
}

/**
 * Random n×n orthogonal matrices, Haar-distributed: the Q (with positive R diagonal) of the QR
 * factorisation of a standard normal matrix (brainstate's `orthogonal`). `n` is a static count.
 */
export function orthogonal(src: KeySource, n: number, options: SampleOptions | undefined): Array {
  const where = "orthogonal";
  checkOptions(where, options, ["size", "key", "dtype"]);
  const count = staticCount(where, "n", n);
  const size = sizeToShape(where, options?.size);
  const dtype = floatDType(where, options?.dtype);
  const z = prng.normal(takeKey(where, src, options?.key), [...size, count, count], { dtype });
  return count === 0 ? z : orthonormalQ(z);
}
