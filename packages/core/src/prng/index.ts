// The prng namespace: JAX-compatible counter-based random numbers (Threefry-2x32 keys as uint32
// arrays of shape [2]) and the samplers of `jax.random`. Layer 13.

export { bits, foldIn, key, split, splitKeys, threefry2x32 } from "./keys.js";
export {
  cauchy,
  exponential,
  gumbel,
  laplace,
  logistic,
  normal,
  truncatedNormal,
  uniform,
  type DTypeOptions,
  type UniformOptions,
} from "./continuous.js";
export {
  bernoulli,
  categorical,
  choice,
  permutation,
  randint,
  type CategoricalOptions,
  type ChoiceOptions,
  type PermutationOptions,
  type RandintOptions,
} from "./discrete.js";
export { beta, dirichlet, gamma, loggamma } from "./gamma.js";
export { poisson, type PoissonOptions } from "./poisson.js";
export type { ShapeLike } from "./util.js";
