// The module-level samplers of brainstate.random: each draws from the default state DEFAULT (or
// from the `key` option) and has the same parameters as the RandomState method of the same name.
// Layer: random. Ported from brainstate's random/_rand_funs.py.

import type { Array, np } from "@brainstate/core";
import type {
  BernoulliOptions,
  CategoricalOptions,
  ChoiceOptions,
  DimsAndOptions,
  IntSampleOptions,
  KeyDTypeOptions,
  MultivariateNormalOptions,
  PermutationOptions,
  SampleOptions,
  ShuffleOptions,
  TruncatedNormalOptions,
} from "./distributions/options.js";
import { DEFAULT } from "./RandomState.js";

/**
 * Uniform samples on [0, 1) of shape `dims` (NumPy's `rand`).
 * @param dimsAndOptions - the dimensions, optionally followed by `{ key, dtype }`
 * @returns a float array of shape `dims` (a 0-d array when no dimension is given)
 * @throws ShapeError for a dimension that is not a non-negative integer.
 * @example
 * ```ts
 * random.rand(3, 2)            // shape [3, 2]
 * random.rand(3, { key: 123 }) // equals prng.uniform(prng.key(123), [3])
 * ```
 * @public
 */
export function rand(...dimsAndOptions: DimsAndOptions): Array {
  return DEFAULT.rand(...dimsAndOptions);
}

/**
 * Uniform integers on [low, high); with one bound, on [0, low) (NumPy's `randint`; like JAX,
 * `high ≤ low` gives `low`).
 * @param low - inclusive lower bound (the exclusive upper bound when `high` is omitted)
 * @param high - exclusive upper bound
 * @returns integers of dtype `int32` (or `uint32`), of `size` or the broadcast shape of the bounds
 * @throws ShapeError when the bounds do not broadcast to `size`; ValueError for a non-integer dtype.
 * @example
 * ```ts
 * random.randint(2, 6, { size: [4, 3] })
 * ```
 * @public
 */
export function randint(low: np.ArrayLike, high?: np.ArrayLike | null, options?: IntSampleOptions): Array {
  return DEFAULT.randint(low, high, options);
}

/**
 * Uniform integers on [low, high], both included; with one bound, on [1, low] (NumPy's
 * `random_integers`, as brainstate documents it).
 * @throws ShapeError when the bounds do not broadcast to `size`.
 * @example
 * ```ts
 * random.randomIntegers(6, null, { size: [10] }) // dice rolls
 * ```
 * @public
 */
export function randomIntegers(low: np.ArrayLike, high?: np.ArrayLike | null, options?: IntSampleOptions): Array {
  return DEFAULT.randomIntegers(low, high, options);
}

/**
 * Standard normal samples of shape `dims` (NumPy's `randn`).
 * @param dimsAndOptions - the dimensions, optionally followed by `{ key, dtype }`
 * @example
 * ```ts
 * random.randn(3, 2)
 * ```
 * @public
 */
export function randn(...dimsAndOptions: DimsAndOptions): Array {
  return DEFAULT.randn(...dimsAndOptions);
}

/**
 * Uniform samples on [0, 1) of `size` (NumPy's `random`).
 * @example
 * ```ts
 * random.random({ size: [3, 2] })
 * ```
 * @public
 */
export function random(options?: SampleOptions): Array {
  return DEFAULT.random(options);
}

/** Uniform samples on [0, 1) of `size` (alias of {@link random}). @public */
export function randomSample(options?: SampleOptions): Array {
  return DEFAULT.randomSample(options);
}

/** Uniform samples on [0, 1) of `size` (alias of {@link random}). @public */
export function ranf(options?: SampleOptions): Array {
  return DEFAULT.ranf(options);
}

/** Uniform samples on [0, 1) of `size` (alias of {@link random}). @public */
export function sample(options?: SampleOptions): Array {
  return DEFAULT.sample(options);
}

/**
 * Draws from `arange(a)` (a JS number) or from the entries of `a` along axis 0: uniformly with
 * replacement, a random subset without replacement (`replace: false`), or weighted by `p`.
 * @throws ValueError for an empty population, more draws than entries without replacement, or a bad `p`.
 * @example
 * ```ts
 * random.choice(5, { size: 3, p: [0.1, 0.4, 0.2, 0, 0.3] })
 * ```
 * @public
 */
export function choice(a: number | np.ArrayLike, options?: ChoiceOptions): Array {
  return DEFAULT.choice(a, options);
}

/**
 * A random permutation of `arange(x)` (a JS number), or a permuted copy of `x` along `axis`
 * (whole slices move; with `independent: true` every 1-d slice is permuted on its own).
 * @throws ValueError for a 0-d array; AxisError for a bad axis.
 * @example
 * ```ts
 * random.permutation(10)
 * ```
 * @public
 */
export function permutation(x: number | np.ArrayLike, options?: PermutationOptions): Array {
  return DEFAULT.permutation(x, options);
}

/**
 * A shuffled copy of `x` along `axis` (arrays are immutable, so unlike NumPy nothing is shuffled in place).
 * @example
 * ```ts
 * const y = random.shuffle(np.arange(10))
 * ```
 * @public
 */
export function shuffle(x: np.ArrayLike, options?: ShuffleOptions): Array {
  return DEFAULT.shuffle(x, options);
}

/**
 * Beta(a, b) samples on [0, 1].
 * @param a - first shape parameter, positive
 * @param b - second shape parameter, positive
 * @throws ValueError (JS values) or RuntimeCheckError (arrays) for a non-positive parameter.
 * @example
 * ```ts
 * random.beta(2, 5, { size: 100 })
 * ```
 * @public
 */
export function beta(a: np.ArrayLike, b: np.ArrayLike, options?: SampleOptions): Array {
  return DEFAULT.beta(a, b, options);
}

/**
 * Exponential samples with mean `scale` (density e^(−x/scale)/scale). brainstate's code divides
 * by `scale` (a rate); this follows its documentation (a scale), see the README.
 * @param scale - mean, non-negative; 1 when omitted
 * @throws ValueError / RuntimeCheckError for a negative scale.
 * @example
 * ```ts
 * random.exponential(10, { size: [3, 2] }) // mean 10
 * ```
 * @public
 */
export function exponential(scale?: np.ArrayLike | null, options?: SampleOptions): Array {
  return DEFAULT.exponential(scale, options);
}

/**
 * Gamma samples with shape `shape` and scale `scale` (mean shape·scale).
 * @param shape - shape k, positive
 * @param scale - scale θ, non-negative; 1 when omitted
 * @throws ValueError / RuntimeCheckError for a non-positive shape or a negative scale.
 * @example
 * ```ts
 * random.gamma(2, 10, { size: [3, 2] })
 * ```
 * @public
 */
export function gamma(shape: np.ArrayLike, scale?: np.ArrayLike | null, options?: SampleOptions): Array {
  return DEFAULT.gamma(shape, scale, options);
}

/**
 * Gumbel samples with location `loc` and scale `scale` (standard sample·scale + loc).
 * @throws ValueError / RuntimeCheckError for a negative scale.
 * @example
 * ```ts
 * random.gumbel(0, 2, { size: [3, 2] })
 * ```
 * @public
 */
export function gumbel(loc?: np.ArrayLike | null, scale?: np.ArrayLike | null, options?: SampleOptions): Array {
  return DEFAULT.gumbel(loc, scale, options);
}

/**
 * Laplace (double exponential) samples with location `loc` and scale `scale`.
 * @throws ValueError / RuntimeCheckError for a negative scale.
 * @example
 * ```ts
 * random.laplace(0, 2, { size: [3, 2] })
 * ```
 * @public
 */
export function laplace(loc?: np.ArrayLike | null, scale?: np.ArrayLike | null, options?: SampleOptions): Array {
  return DEFAULT.laplace(loc, scale, options);
}

/**
 * Logistic samples with location `loc` and scale `scale`.
 * @throws ValueError / RuntimeCheckError for a negative scale.
 * @example
 * ```ts
 * random.logistic(0, 2, { size: [3, 2] })
 * ```
 * @public
 */
export function logistic(loc?: np.ArrayLike | null, scale?: np.ArrayLike | null, options?: SampleOptions): Array {
  return DEFAULT.logistic(loc, scale, options);
}

/**
 * Normal samples with mean `loc` and standard deviation `scale` (both optional: 0 and 1).
 * @throws ValueError / RuntimeCheckError for a negative scale; ShapeError when the parameters do not broadcast to `size`.
 * @example
 * ```ts
 * random.normal([0, 2, 4], [1, 2, 3]) // shape [3]
 * random.normal(null, null, { size: [2, 2], key: 0 })
 * ```
 * @public
 */
export function normal(loc?: np.ArrayLike | null, scale?: np.ArrayLike | null, options?: SampleOptions): Array {
  return DEFAULT.normal(loc, scale, options);
}

/**
 * Classical Pareto samples with minimum 1 and shape `a` (density a/x^(a+1) on [1, ∞)): brainstate
 * calls JAX's `random.pareto` (see the README on NumPy's shifted Lomax form).
 * @param a - shape, positive
 * @throws ValueError / RuntimeCheckError for a non-positive `a`.
 * @example
 * ```ts
 * random.pareto([1, 2, 2])
 * ```
 * @public
 */
export function pareto(a: np.ArrayLike, options?: SampleOptions): Array {
  return DEFAULT.pareto(a, options);
}

/**
 * Poisson counts with rate `lam` (int32 by default).
 * @param lam - expected count, non-negative; 1 when omitted
 * @throws ValueError / RuntimeCheckError for a negative rate.
 * @example
 * ```ts
 * random.poisson([1, 2, 2], { size: 3 })
 * ```
 * @public
 */
export function poisson(lam: np.ArrayLike = 1, options?: IntSampleOptions): Array {
  return DEFAULT.poisson(lam, options);
}

/**
 * Standard Cauchy samples.
 * @example
 * ```ts
 * random.standardCauchy({ size: [3, 2] })
 * ```
 * @public
 */
export function standardCauchy(options?: SampleOptions): Array {
  return DEFAULT.standardCauchy(options);
}

/**
 * Exponential samples with mean 1.
 * @example
 * ```ts
 * random.standardExponential({ size: [3, 2] })
 * ```
 * @public
 */
export function standardExponential(options?: SampleOptions): Array {
  return DEFAULT.standardExponential(options);
}

/**
 * Gamma samples with shape `shape` and scale 1.
 * @throws ValueError / RuntimeCheckError for a non-positive shape.
 * @example
 * ```ts
 * random.standardGamma([1, 2, 4], { size: 3 })
 * ```
 * @public
 */
export function standardGamma(shape: np.ArrayLike, options?: SampleOptions): Array {
  return DEFAULT.standardGamma(shape, options);
}

/**
 * Standard normal samples of `size`.
 * @example
 * ```ts
 * random.standardNormal({ size: [3, 2] })
 * ```
 * @public
 */
export function standardNormal(options?: SampleOptions): Array {
  return DEFAULT.standardNormal(options);
}

/**
 * Student's t samples with `df` degrees of freedom (the default size is `df`'s shape).
 * @throws ValueError / RuntimeCheckError for a non-positive `df`.
 * @example
 * ```ts
 * random.standardT([1, 2, 4], { size: 3 })
 * ```
 * @public
 */
export function standardT(df: np.ArrayLike, options?: SampleOptions): Array {
  return DEFAULT.standardT(df, options);
}

/**
 * Uniform samples on [low, high).
 * @param low - inclusive lower bound; 0 when omitted
 * @param high - exclusive upper bound; 1 when omitted
 * @throws ShapeError when the bounds do not broadcast to `size`.
 * @example
 * ```ts
 * random.uniform(-1, [2, 6, 10], { size: [2, 3] })
 * ```
 * @public
 */
export function uniform(low: np.ArrayLike = 0, high: np.ArrayLike = 1, options?: SampleOptions): Array {
  return DEFAULT.uniform(low, high, options);
}

/**
 * Normal samples with mean `loc` and standard deviation `scale` truncated to the open interval
 * (lower, upper), by inverse-CDF sampling.
 * @param lower - lower bound (of the sample, not of the standardised variable)
 * @param upper - upper bound
 * @throws ValueError / RuntimeCheckError for a non-positive scale; RuntimeCheckError when `loc` lies more than 2 scales outside [lower, upper] (the samples would be inaccurate).
 * @example
 * ```ts
 * random.truncatedNormal(-1, 1, { size: 100 })
 * ```
 * @public
 */
export function truncatedNormal(lower: np.ArrayLike, upper: np.ArrayLike, options?: TruncatedNormalOptions): Array {
  return DEFAULT.truncatedNormal(lower, upper, options);
}

/**
 * Booleans that are true with probability `p`.
 * @param p - probability in [0, 1]; ½ when omitted
 * @throws ValueError / RuntimeCheckError for p outside [0, 1].
 * @example
 * ```ts
 * random.bernoulli([0.5, 0.6], { size: [3, 2] })
 * ```
 * @public
 */
export function bernoulli(p: np.ArrayLike = 0.5, options?: BernoulliOptions): Array {
  return DEFAULT.bernoulli(p, options);
}

/**
 * Log-normal samples: exp of a normal with mean `mean` and standard deviation `sigma`.
 * @throws ValueError / RuntimeCheckError for a negative sigma.
 * @example
 * ```ts
 * random.lognormal(null, [2, 1], { size: [3, 2] })
 * ```
 * @public
 */
export function lognormal(mean?: np.ArrayLike | null, sigma?: np.ArrayLike | null, options?: SampleOptions): Array {
  return DEFAULT.lognormal(mean, sigma, options);
}

/**
 * Binomial counts of `n` trials with success probability `p`: inversion when n·min(p, 1 − p) is below 10,
 * Hörmann's BTRS rejection otherwise (both run until every element is accepted).
 * @param n - trials, a non-negative integer
 * @param p - success probability in [0, 1]
 * @throws ValueError / RuntimeCheckError for a negative or fractional n or p outside [0, 1].
 * @example
 * ```ts
 * random.binomial(5, 0.5, { size: [3, 2] })
 * ```
 * @public
 */
export function binomial(n: np.ArrayLike, p: np.ArrayLike, options?: IntSampleOptions): Array {
  return DEFAULT.binomial(n, p, options);
}

/**
 * χ² samples with `df` degrees of freedom, as the sum of `df` squared standard normals (so `df`
 * is a positive integer JS number, as in brainstate).
 * @throws ValueError when `df` is not a positive integer JS number.
 * @example
 * ```ts
 * random.chisquare(2, { size: 100 })
 * ```
 * @public
 */
export function chisquare(df: number, options?: SampleOptions): Array {
  return DEFAULT.chisquare(df, options);
}

/**
 * Dirichlet samples: `alpha` has shape [..., k] and the samples [...size, k] (each row sums to 1).
 * @throws ValueError for a scalar `alpha`; ValueError / RuntimeCheckError for non-positive concentrations.
 * @example
 * ```ts
 * random.dirichlet([10, 5, 3], { size: 20 }) // shape [20, 3]
 * ```
 * @public
 */
export function dirichlet(alpha: np.ArrayLike, options?: SampleOptions): Array {
  return DEFAULT.dirichlet(alpha, options);
}

/**
 * Geometric samples as brainstate computes them: floor(log(1 − U)/log(1 − p)), the number of
 * failures before the first success (zero-based), in the float dtype.
 * @param p - success probability in (0, 1]
 * @throws ValueError / RuntimeCheckError for p outside (0, 1].
 * @example
 * ```ts
 * random.geometric([0.7, 0.5, 0.2])
 * ```
 * @public
 */
export function geometric(p: np.ArrayLike, options?: SampleOptions): Array {
  return DEFAULT.geometric(p, options);
}

/**
 * F (Fisher–Snedecor) samples: (χ²(dfnum)/dfnum) / (χ²(dfden)/dfden), drawn from the key.
 * @throws ValueError / RuntimeCheckError for non-positive degrees of freedom.
 * @example
 * ```ts
 * random.f(1, 48, { size: 100 })
 * ```
 * @public
 */
export function f(dfnum: np.ArrayLike, dfden: np.ArrayLike, options?: SampleOptions): Array {
  return DEFAULT.f(dfnum, dfden, options);
}

/**
 * Hypergeometric samples: the good items among `nsample` drawn without replacement from `ngood`
 * good and `nbad` bad ones, drawn from the key item by item (min(nsample, total − nsample) rounds).
 * @throws ValueError / RuntimeCheckError for negative or fractional counts; RuntimeCheckError when nsample exceeds ngood + nbad.
 * @example
 * ```ts
 * random.hypergeometric(10, 10, 10, { size: 20 })
 * ```
 * @public
 */
export function hypergeometric(ngood: np.ArrayLike, nbad: np.ArrayLike, nsample: np.ArrayLike, options?: IntSampleOptions): Array {
  return DEFAULT.hypergeometric(ngood, nbad, nsample, options);
}

/**
 * Logarithmic series samples (P(k) = −p^k/(k·log(1 − p)), k ≥ 1), drawn from the key.
 * @param p - in [0, 1)
 * @throws ValueError / RuntimeCheckError for p outside [0, 1).
 * @example
 * ```ts
 * random.logseries([0.7, 0.5, 0.2], { size: [4, 3] })
 * ```
 * @public
 */
export function logseries(p: np.ArrayLike, options?: IntSampleOptions): Array {
  return DEFAULT.logseries(p, options);
}

/**
 * Multinomial counts of `n` trials over the categories of `pvals` (last axis; the last category
 * takes the probability the others leave). The result has shape [...batch, ...size, k], batch =
 * broadcast(pvals.shape[:-1], n.shape); `n` must be concrete (not traced).
 * @throws ValueError for a traced or negative n; RuntimeCheckError when pvals[..., :-1] sums above 1.
 * @example
 * ```ts
 * random.multinomial(100, [0.5, 0.2, 0.3], { size: [4, 2] }) // shape [4, 2, 3]
 * ```
 * @public
 */
export function multinomial(n: np.ArrayLike, pvals: np.ArrayLike, options?: IntSampleOptions): Array {
  return DEFAULT.multinomial(n, pvals, options);
}

/**
 * Multivariate normal vectors with mean `mean` ([..., n]) and covariance `cov` ([..., n, n]).
 * @throws ShapeError for mismatched shapes; ValueError for an unknown method; RuntimeCheckError when cov is not positive definite (`cholesky`) or semi-definite (`eigh`, `svd`).
 * @example
 * ```ts
 * random.multivariateNormal([1, 2], [[1, 0], [0, 1]], { size: 3 }) // shape [3, 2]
 * ```
 * @public
 */
export function multivariateNormal(mean: np.ArrayLike, cov: np.ArrayLike, options?: MultivariateNormalOptions): Array {
  return DEFAULT.multivariateNormal(mean, cov, options);
}

/**
 * Negative binomial samples: failures before the n-th success with success probability `p`
 * (a Poisson draw with a Gamma(n)·(1 − p)/p rate).
 * @throws ValueError / RuntimeCheckError for a non-positive n or p outside (0, 1].
 * @example
 * ```ts
 * random.negativeBinomial([3, 10], 0.5)
 * ```
 * @public
 */
export function negativeBinomial(n: np.ArrayLike, p: np.ArrayLike, options?: IntSampleOptions): Array {
  return DEFAULT.negativeBinomial(n, p, options);
}

/**
 * Noncentral χ² samples with `df` degrees of freedom and noncentrality `nonc`.
 * @throws ValueError / RuntimeCheckError for a non-positive df or a negative nonc.
 * @example
 * ```ts
 * random.noncentralChisquare(3, [3, 2], { size: [4, 2] })
 * ```
 * @public
 */
export function noncentralChisquare(df: np.ArrayLike, nonc: np.ArrayLike, options?: SampleOptions): Array {
  return DEFAULT.noncentralChisquare(df, nonc, options);
}

/**
 * Noncentral F samples: (χ²(dfnum, nonc)/dfnum) / (χ²(dfden)/dfden), drawn from the key.
 * @throws ValueError / RuntimeCheckError for non-positive degrees of freedom or a negative nonc.
 * @example
 * ```ts
 * random.noncentralF(3, 20, 3, { size: 100 })
 * ```
 * @public
 */
export function noncentralF(dfnum: np.ArrayLike, dfden: np.ArrayLike, nonc: np.ArrayLike, options?: SampleOptions): Array {
  return DEFAULT.noncentralF(dfnum, dfden, nonc, options);
}

/**
 * Power-function samples on [0, 1] with density a·x^(a−1), drawn from the key.
 * @throws ValueError / RuntimeCheckError for a non-positive `a`.
 * @example
 * ```ts
 * random.power(2, { size: [4, 2] })
 * ```
 * @public
 */
export function power(a: np.ArrayLike, options?: SampleOptions): Array {
  return DEFAULT.power(a, options);
}

/**
 * Rayleigh samples with scale `scale` (mode `scale`).
 * @throws ValueError / RuntimeCheckError for a negative scale.
 * @example
 * ```ts
 * random.rayleigh(2, { size: [4, 2] })
 * ```
 * @public
 */
export function rayleigh(scale: np.ArrayLike = 1, options?: SampleOptions): Array {
  return DEFAULT.rayleigh(scale, options);
}

/**
 * Triangular samples on [left, right] with peak at `mode` (NumPy's `triangular`, as brainstate
 * documents it; its code returns ±1 instead, see the README).
 * @throws RuntimeCheckError unless left ≤ mode ≤ right and left is below right.
 * @example
 * ```ts
 * random.triangular(-3, 0, 8, { size: 1000 })
 * ```
 * @public
 */
export function triangular(left: np.ArrayLike, mode: np.ArrayLike, right: np.ArrayLike, options?: SampleOptions): Array {
  return DEFAULT.triangular(left, mode, right, options);
}

/**
 * Von Mises samples on [−π, π) with mode `mu` and concentration `kappa` (Best–Fisher rejection,
 * run until every element is accepted).
 * @throws ValueError / RuntimeCheckError for a negative kappa.
 * @example
 * ```ts
 * random.vonmises(2, 2, { size: 10 })
 * ```
 * @public
 */
export function vonmises(mu: np.ArrayLike, kappa: np.ArrayLike, options?: SampleOptions): Array {
  return DEFAULT.vonmises(mu, kappa, options);
}

/**
 * Wald (inverse Gaussian) samples with mean `mean` and shape `scale`.
 * @throws ValueError / RuntimeCheckError for a non-positive mean or scale.
 * @example
 * ```ts
 * random.wald([2, 0.5], 2)
 * ```
 * @public
 */
export function wald(mean: np.ArrayLike, scale: np.ArrayLike, options?: SampleOptions): Array {
  return DEFAULT.wald(mean, scale, options);
}

/**
 * Weibull samples with shape `a` and scale 1: (−log(1 − U))^(1/a).
 * @throws ValueError for a non-scalar `a` together with `size`; ValueError / RuntimeCheckError for a non-positive `a`.
 * @example
 * ```ts
 * random.weibull(2, { size: [4, 2] })
 * ```
 * @public
 */
export function weibull(a: np.ArrayLike, options?: SampleOptions): Array {
  return DEFAULT.weibull(a, options);
}

/**
 * Weibull samples with shape `a`, divided by `scale` (brainstate's `weibull_min`).
 * @throws ValueError for a non-scalar `a` together with `size`; ValueError / RuntimeCheckError for a non-positive `a` or scale.
 * @example
 * ```ts
 * random.weibullMin(2, 2, { size: [4, 2] })
 * ```
 * @public
 */
export function weibullMin(a: np.ArrayLike, scale?: np.ArrayLike | null, options?: SampleOptions): Array {
  return DEFAULT.weibullMin(a, scale, options);
}

/**
 * Zipf samples (P(k) ∝ k^(−a), k ≥ 1), drawn from the key by rejection; proposals beyond the
 * dtype's range (2³¹ − 1 for int32) are rejected.
 * @throws ValueError / RuntimeCheckError for a ≤ 1.
 * @example
 * ```ts
 * random.zipf(2, { size: [4, 2] })
 * ```
 * @public
 */
export function zipf(a: np.ArrayLike, options?: IntSampleOptions): Array {
  return DEFAULT.zipf(a, options);
}

/**
 * Maxwell samples: the length of a standard normal 3-vector.
 * @example
 * ```ts
 * random.maxwell({ size: 10 })
 * ```
 * @public
 */
export function maxwell(options?: SampleOptions): Array {
  return DEFAULT.maxwell(options);
}

/**
 * Student's t samples with `df` degrees of freedom (the state advances once for the normal and
 * the gamma draw).
 * @throws ShapeError when df does not broadcast to `size`; ValueError / RuntimeCheckError for a non-positive df.
 * @example
 * ```ts
 * random.t(1, { size: 10 })
 * ```
 * @public
 */
export function t(df: np.ArrayLike, options?: SampleOptions): Array {
  return DEFAULT.t(df, options);
}

/**
 * Random n×n orthogonal matrices (Haar measure), of shape [...size, n, n].
 * @param n - matrix size, a non-negative integer JS number
 * @throws ValueError when n is not a non-negative integer.
 * @example
 * ```ts
 * random.orthogonal(3, { size: 2 }) // shape [2, 3, 3]
 * ```
 * @public
 */
export function orthogonal(n: number, options?: SampleOptions): Array {
  return DEFAULT.orthogonal(n, options);
}

/**
 * Logarithms of Gamma(a, 1) samples, accurate where the samples themselves underflow (small `a`).
 * @throws ValueError / RuntimeCheckError for a non-positive `a`.
 * @example
 * ```ts
 * random.loggamma(0.01, { size: 10 })
 * ```
 * @public
 */
export function loggamma(a: np.ArrayLike, options?: SampleOptions): Array {
  return DEFAULT.loggamma(a, options);
}

/**
 * Category indices drawn from unnormalised log-probabilities `logits` along `axis`.
 * @throws ValueError for 0-d logits; ShapeError when `size` does not end with the logits' batch shape.
 * @example
 * ```ts
 * random.categorical(np.log(np.array([0.2, 0.8])), { size: 10 })
 * ```
 * @public
 */
export function categorical(logits: np.ArrayLike, options?: CategoricalOptions): Array {
  return DEFAULT.categorical(logits, options);
}

/**
 * Uniform samples on [0, 1) with the shape of `input` (dtype: the option, else `input`'s float
 * dtype, else the default float).
 * @example
 * ```ts
 * random.randLike(np.zeros([2, 3]))
 * ```
 * @public
 */
export function randLike(input: np.ArrayLike, options?: KeyDTypeOptions): Array {
  return DEFAULT.randLike(input, options);
}

/**
 * Standard normal samples with the shape of `input` (dtype as {@link randLike}).
 * @example
 * ```ts
 * random.randnLike(np.zeros([2, 3]))
 * ```
 * @public
 */
export function randnLike(input: np.ArrayLike, options?: KeyDTypeOptions): Array {
  return DEFAULT.randnLike(input, options);
}

/**
 * Uniform integers on [low, high) with the shape of `input`; `high` defaults to max(input).
 * @example
 * ```ts
 * random.randintLike(np.array([3, 5, 9]), 0) // integers in [0, 9)
 * ```
 * @public
 */
export function randintLike(input: np.ArrayLike, low: np.ArrayLike = 0, high?: np.ArrayLike | null, options?: KeyDTypeOptions): Array {
  return DEFAULT.randintLike(input, low, high, options);
}
