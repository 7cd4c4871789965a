// RandomState: a State holding a Threefry key (uint32[2]) that advances with every draw, with
// every sampler of brainstate.random as a method, and DEFAULT, the module's shared state.
// Layer: random. Ported from brainstate's random/_rand_state.py.

import { Array, ArrayImpl, DTypeError, isInteger, np, prng, ShapeError, ValueError } from "@brainstate/core";
import { State, type SeedOrKey } from "@brainstate/state";
import * as C from "./distributions/continuous.js";
import * as D from "./distributions/discrete.js";
import * as G from "./distributions/gammaFamily.js";
import * as M from "./distributions/multivariate.js";
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
import { checkOptions } from "./internal/args.js";

/** Options of `splitKey`/`splitKeys`. @public */
export interface SplitKeyOptions {
  /** Back up the advanced key (see `restoreKey`). @defaultValue false */
  backup?: boolean;
}

/** Options of `selfAssignMultiKeys`. @public */
export interface SelfAssignMultiKeysOptions {
  /** Back up the advanced single key first, so that `restoreKey` brings it back. @defaultValue true */
  backup?: boolean;
}

/** Two random words in [0, bound) from the host RNG (brainstate's `np.random.randint(0, bound, 2, dtype=uint32)`). */
function hostKey(bound: number): Array {
  const word = (): number => Math.floor(Math.random() * bound);
  return np.array([word(), word()], { dtype: "uint32" });
}

/** A key from a seed or key argument, as brainstate's `seed`: one number → `prng.key(seed)`; two words → the key itself. */
function keyFrom(where: string, seedOrKey: SeedOrKey | readonly number[]): Array {
  if (typeof seedOrKey === "number") {
    if (!Number.isSafeInteger(seedOrKey)) throw new ValueError(`${where}: a seed must be an integer, got ${seedOrKey}`);
    return prng.key(seedOrKey);
  }
  const a = seedOrKey instanceof Array ? seedOrKey : np.array(seedOrKey as number[], { dtype: "uint32" });
  if (!isInteger(a.dtype)) {
    throw new DTypeError(`${where}: a seed or key must hold integers (a key is two uint32 words from prng.key), got a ${a.dtype} array`);
  }
  if (a.size === 1) return prng.key(a.reshape([]));
  if (a.size !== 2) {
    throw new ShapeError(`${where}: expected an integer seed or a key of two uint32 words, got an array of shape [${a.shape.join(",")}]`);
  }
  const key = a.ndim === 1 ? a : a.reshape([2]);
  return key.dtype === "uint32" ? key : key.astype("uint32");
}

/** Checks a value written into a RandomState: uint32 words with a last axis of 2 (one key, or n keys after selfAssignMultiKeys). */
function checkKeyValue(v: unknown): void {
  if (!(v instanceof Array)) {
    throw new ValueError(`RandomState.value: a random state holds a key array (two uint32 words), got ${v === null ? "null" : typeof v}; use seed(n) or setKey(prng.key(n))`);
  }
  if (v.dtype !== "uint32") throw new DTypeError(`RandomState.value: a key is uint32, got a ${v.dtype} array; use prng.key(seed) or seed(n)`);
  if (v.ndim < 1 || v.shape[v.ndim - 1] !== 2) {
    throw new ShapeError(`RandomState.value: a key has shape [2] (or [n, 2] for n keys), got shape [${v.shape.join(",")}]`);
  }
}

/**
 * The random number generator state: a `State` whose value is a Threefry key (a uint32 array of
 * shape [2]). Every draw without an explicit `key` splits the key, uses one half and keeps the
 * other, so the state advances; under brainstate's transformations the key is lifted like any
 * state (carried through loops, split per lane under vmap).
 * @example
 * ```ts
 * const rng = new RandomState(42);
 * const x = rng.normal(0, 1, { size: [3] });
 * const y = rng.normal(0, 1, { size: [3] }); // a different draw: the key advanced
 * ```
 * @public
 */
export class RandomState extends State<Array> {
  private backup: Array | null = null;

  /**
   * @param seedOrKey - an integer seed (→ `prng.key(seed)`), a key of two uint32 words, or
   * nothing for a random key from the host RNG
   * @throws ValueError for a non-integer seed; DTypeError / ShapeError for an array that is not two integer words.
   */
  constructor(seedOrKey: SeedOrKey | null = null) {
    super(seedOrKey === null || seedOrKey === undefined ? hostKey(100000) : keyFrom("RandomState", seedOrKey));
  }

  override writeValue(v: Array): void {
    checkKeyValue(v);
    super.writeValue(v);
  }

  /** Reseeds from the host RNG when the key array was disposed (brainstate's `check_if_deleted`). */
  override checkIfDeleted(): void {
    if (this._value instanceof ArrayImpl && this._value.isDisposed) this.seed();
  }

  /**
   * Saves the current key, to be put back by `restoreKey`.
   * @throws ValueError when a key is already backed up and not yet restored.
   */
  backupKey(): void {
    if (this.backup !== null) throw new ValueError("RandomState.backupKey: the random key has been backed up and not restored yet; call restoreKey() first");
    this.backup = this.value;
  }

  /**
   * Writes the backed-up key back (and forgets the backup).
   * @throws ValueError when there is no backup.
   */
  restoreKey(): void {
    if (this.backup === null) throw new ValueError("RandomState.restoreKey: the random key has not been backed up; call backupKey() (or splitKey with { backup: true }) first");
    this.value = this.backup;
    this.backup = null;
  }

  /** A new RandomState seeded with a key split from this one (this state advances). */
  clone(): RandomState {
    return new RandomState(this.splitKey());
  }

  /**
   * Writes a new key (two uint32 words, or an integer seed → `prng.key(seed)`).
   * @throws DTypeError / ShapeError for an array that is not a key.
   */
  setKey(key: SeedOrKey): void {
    this.value = typeof key === "number" ? keyFrom("RandomState.setKey", key) : key;
  }

  /**
   * Reseeds: an integer (or a 0-d integer array, traced ones included) → `prng.key(seed)`; two
   * words → that key; nothing → a random key from the host RNG.
   * @throws ValueError / DTypeError / ShapeError for anything else.
   */
  seed(seedOrKey: SeedOrKey | readonly number[] | null = null): void {
    this.value = seedOrKey === null || seedOrKey === undefined ? hostKey(100000) : keyFrom("RandomState.seed", seedOrKey);
  }

  /**
   * A fresh key (`n` omitted) or `n` fresh keys stacked as [n, 2]: the key splits into 2 (or n + 1)
   * keys, the state keeps the first and returns the rest.
   * @param n - how many keys; a positive integer
   * @throws ValueError when `n` is not a positive integer.
   */
  splitKey(n?: number | null, options?: SplitKeyOptions): Array {
    checkOptions("RandomState.splitKey", options, ["backup"]);
    if (n !== null && n !== undefined && (!Number.isInteger(n) || n < 1)) {
      throw new ValueError(`RandomState.splitKey: n must be a positive integer (the number of keys), got ${String(n)}`);
    }
    const keys = prng.split(this.value, n === null || n === undefined ? 2 : n + 1);
    this.value = keys.get(0);
    if (options?.backup === true) this.backupKey();
    return n === null || n === undefined ? keys.get(1) : keys.get(`1:`);
  }

  /** `n` fresh keys stacked as [n, 2] (`splitKey(n)`). */
  splitKeys(n: number, options?: SplitKeyOptions): Array {
    if (n === null || n === undefined) throw new ValueError("RandomState.splitKeys: n (the number of keys) is required");
    return this.splitKey(n, options);
  }

  /**
   * Makes the state hold `n` keys (shape [n, 2]) split from its key, for mapping over keys; with
   * `backup` (the default) the advanced single key is backed up first.
   */
  selfAssignMultiKeys(n: number, options?: SelfAssignMultiKeysOptions): void {
    checkOptions("RandomState.selfAssignMultiKeys", options, ["backup"]);
    if (!Number.isInteger(n) || n < 1) throw new ValueError(`RandomState.selfAssignMultiKeys: n must be a positive integer, got ${String(n)}`);
    if (options?.backup ?? true) {
      const keys = prng.split(this.value, n + 1);
      this.value = keys.get(0);
      this.backupKey();
      this.value = keys.get("1:");
    } else {
      this.value = prng.split(this.value, n);
    }
  }

  // ----- samplers (see the module functions of the same name for the full documentation) -----

  /** U[0, 1) of shape `dims`: `rand(3, 2)`, `rand(3, 2, { key })`. */
  rand(...dimsAndOptions: DimsAndOptions): Array {
    return C.rand(this, dimsAndOptions);
  }
  /** Uniform integers in [low, high) (one bound: [0, low)). */
  randint(low: np.ArrayLike, high?: np.ArrayLike | null, options?: IntSampleOptions): Array {
    return D.randint(this, low, high, options);
  }
  /** Uniform integers in [low, high], both included (one bound: [1, low]). */
  randomIntegers(low: np.ArrayLike, high?: np.ArrayLike | null, options?: IntSampleOptions): Array {
    return D.randomIntegers(this, low, high, options);
  }
  /** Standard normal samples of shape `dims`: `randn(3, 2)`. */
  randn(...dimsAndOptions: DimsAndOptions): Array {
    return C.randn(this, dimsAndOptions);
  }
  /** U[0, 1) of `size`. */
  random(options?: SampleOptions): Array {
    return C.random(this, "random", options);
  }
  /** U[0, 1) of `size` (alias of `random`). */
  randomSample(options?: SampleOptions): Array {
    return C.random(this, "randomSample", options);
  }
  /** U[0, 1) of `size` (alias of `random`). */
  ranf(options?: SampleOptions): Array {
    return C.random(this, "ranf", options);
  }
  /** U[0, 1) of `size` (alias of `random`). */
  sample(options?: SampleOptions): Array {
    return C.random(this, "sample", options);
  }
  /** Draws from `arange(a)` or the entries of `a`. */
  choice(a: number | np.ArrayLike, options?: ChoiceOptions): Array {
    return D.choice(this, a, options);
  }
  /** A random permutation of `arange(x)`, or a permuted copy of `x` along `axis`. */
  permutation(x: number | np.ArrayLike, options?: PermutationOptions): Array {
    return D.permutation(this, x, options);
  }
  /** A shuffled copy of `x` along `axis`. */
  shuffle(x: np.ArrayLike, options?: ShuffleOptions): Array {
    return D.shuffle(this, x, options);
  }
  /** Beta(a, b). */
  beta(a: np.ArrayLike, b: np.ArrayLike, options?: SampleOptions): Array {
    return G.beta(this, a, b, options);
  }
  /** Exponential with mean `scale`. */
  exponential(scale?: np.ArrayLike | null, options?: SampleOptions): Array {
    return C.exponential(this, scale, options);
  }
  /** Gamma(shape)·scale. */
  gamma(shape: np.ArrayLike, scale?: np.ArrayLike | null, options?: SampleOptions): Array {
    return G.gamma(this, shape, scale, options);
  }
  /** Gumbel(loc, scale). */
  gumbel(loc?: np.ArrayLike | null, scale?: np.ArrayLike | null, options?: SampleOptions): Array {
    return C.gumbel(this, loc, scale, options);
  }
  /** Laplace(loc, scale). */
  laplace(loc?: np.ArrayLike | null, scale?: np.ArrayLike | null, options?: SampleOptions): Array {
    return C.laplace(this, loc, scale, options);
  }
  /** Logistic(loc, scale). */
  logistic(loc?: np.ArrayLike | null, scale?: np.ArrayLike | null, options?: SampleOptions): Array {
    return C.logistic(this, loc, scale, options);
  }
  /** N(loc, scale²). */
  normal(loc?: np.ArrayLike | null, scale?: np.ArrayLike | null, options?: SampleOptions): Array {
    return C.normal(this, loc, scale, options);
  }
  /** Classical Pareto with minimum 1 and shape `a`. */
  pareto(a: np.ArrayLike, options?: SampleOptions): Array {
    return C.pareto(this, a, options);
  }
  /** Poisson(lam) counts. */
  poisson(lam: np.ArrayLike = 1, options?: IntSampleOptions): Array {
    return D.poisson(this, lam, options);
  }
  /** Standard Cauchy samples. */
  standardCauchy(options?: SampleOptions): Array {
    return C.standardCauchy(this, options);
  }
  /** Exp(1) samples. */
  standardExponential(options?: SampleOptions): Array {
    return C.standardExponential(this, options);
  }
  /** Gamma(shape, 1). */
  standardGamma(shape: np.ArrayLike, options?: SampleOptions): Array {
    return G.standardGamma(this, shape, options);
  }
  /** N(0, 1) samples. */
  standardNormal(options?: SampleOptions): Array {
    return C.standardNormal(this, options);
  }
  /** Student's t(df). */
  standardT(df: np.ArrayLike, options?: SampleOptions): Array {
    return G.standardT(this, df, options);
  }
  /** U[low, high). */
  uniform(low: np.ArrayLike = 0, high: np.ArrayLike = 1, options?: SampleOptions): Array {
    return C.uniform(this, low, high, options);
  }
  /** N(loc, scale²) truncated to (lower, upper). */
  truncatedNormal(lower: np.ArrayLike, upper: np.ArrayLike, options?: TruncatedNormalOptions): Array {
    return C.truncatedNormal(this, lower, upper, options);
  }
  /** Booleans, true with probability p. */
  bernoulli(p: np.ArrayLike = 0.5, options?: BernoulliOptions): Array {
    return D.bernoulli(this, p, options);
  }
  /** exp(N(mean, sigma²)). */
  lognormal(mean?: np.ArrayLike | null, sigma?: np.ArrayLike | null, options?: SampleOptions): Array {
    return C.lognormal(this, mean, sigma, options);
  }
  /** Binomial(n, p) counts. */
  binomial(n: np.ArrayLike, p: np.ArrayLike, options?: IntSampleOptions): Array {
    return D.binomial(this, n, p, options);
  }
  /** χ²(df), df a positive integer. */
  chisquare(df: number, options?: SampleOptions): Array {
    return G.chisquare(this, df, options);
  }
  /** Dirichlet(alpha). */
  dirichlet(alpha: np.ArrayLike, options?: SampleOptions): Array {
    return G.dirichlet(this, alpha, options);
  }
  /** Failures before the first success (zero-based, as floats). */
  geometric(p: np.ArrayLike, options?: SampleOptions): Array {
    return D.geometric(this, p, options);
  }
  /** F(dfnum, dfden). */
  f(dfnum: np.ArrayLike, dfden: np.ArrayLike, options?: SampleOptions): Array {
    return G.f(this, dfnum, dfden, options);
  }
  /** Hypergeometric: good items among `nsample` drawn from `ngood` good and `nbad` bad ones. */
  hypergeometric(ngood: np.ArrayLike, nbad: np.ArrayLike, nsample: np.ArrayLike, options?: IntSampleOptions): Array {
    return D.hypergeometric(this, ngood, nbad, nsample, options);
  }
  /** Logarithmic series(p). */
  logseries(p: np.ArrayLike, options?: IntSampleOptions): Array {
    return D.logseries(this, p, options);
  }
  /** Multinomial counts of `n` trials over `pvals`. */
  multinomial(n: np.ArrayLike, pvals: np.ArrayLike, options?: IntSampleOptions): Array {
    return D.multinomial(this, n, pvals, options);
  }
  /** N(mean, cov) vectors. */
  multivariateNormal(mean: np.ArrayLike, cov: np.ArrayLike, options?: MultivariateNormalOptions): Array {
    return M.multivariateNormal(this, mean, cov, options);
  }
  /** Failures before the n-th success. */
  negativeBinomial(n: np.ArrayLike, p: np.ArrayLike, options?: IntSampleOptions): Array {
    return D.negativeBinomial(this, n, p, options);
  }
  /** Noncentral χ²(df, nonc). */
  noncentralChisquare(df: np.ArrayLike, nonc: np.ArrayLike, options?: SampleOptions): Array {
    return G.noncentralChisquare(this, df, nonc, options);
  }
  /** Noncentral F(dfnum, dfden, nonc). */
  noncentralF(dfnum: np.ArrayLike, dfden: np.ArrayLike, nonc: np.ArrayLike, options?: SampleOptions): Array {
    return G.noncentralF(this, dfnum, dfden, nonc, options);
  }
  /** Power(a) on [0, 1]. */
  power(a: np.ArrayLike, options?: SampleOptions): Array {
    return C.power(this, a, options);
  }
  /** Rayleigh(scale). */
  rayleigh(scale: np.ArrayLike = 1, options?: SampleOptions): Array {
    return C.rayleigh(this, scale, options);
  }
  /** Triangular(left, mode, right). */
  triangular(left: np.ArrayLike, mode: np.ArrayLike, right: np.ArrayLike, options?: SampleOptions): Array {
    return C.triangular(this, left, mode, right, options);
  }
  /** Von Mises(mu, kappa) on [−π, π). */
  vonmises(mu: np.ArrayLike, kappa: np.ArrayLike, options?: SampleOptions): Array {
    return C.vonmises(this, mu, kappa, options);
  }
  /** Wald (inverse Gaussian) with `mean` and `scale`. */
  wald(mean: np.ArrayLike, scale: np.ArrayLike, options?: SampleOptions): Array {
    return C.wald(this, mean, scale, options);
  }
  /** Weibull(a). */
  weibull(a: np.ArrayLike, options?: SampleOptions): Array {
    return C.weibull(this, a, options);
  }
  /** Weibull(a) divided by `scale`. */
  weibullMin(a: np.ArrayLike, scale?: np.ArrayLike | null, options?: SampleOptions): Array {
    return C.weibullMin(this, a, scale, options);
  }
  /** Zipf(a) counts. */
  zipf(a: np.ArrayLike, options?: IntSampleOptions): Array {
    return D.zipf(this, a, options);
  }
  /** Maxwell samples. */
  maxwell(options?: SampleOptions): Array {
    return C.maxwell(this, options);
  }
  /** Student's t(df). */
  t(df: np.ArrayLike, options?: SampleOptions): Array {
    return G.t(this, df, options);
  }
  /** Random n×n orthogonal matrices. */
  orthogonal(n: number, options?: SampleOptions): Array {
    return M.orthogonal(this, n, options);
  }
  /** log(Gamma(a)). */
  loggamma(a: np.ArrayLike, options?: SampleOptions): Array {
    return G.loggamma(this, a, options);
  }
  /** Category indices from unnormalised log-probabilities. */
  categorical(logits: np.ArrayLike, options?: CategoricalOptions): Array {
    return D.categorical(this, logits, options);
  }
  /** U[0, 1) with the shape of `input`. */
  randLike(input: np.ArrayLike, options?: KeyDTypeOptions): Array {
    return C.randLike(this, input, options);
  }
  /** N(0, 1) with the shape of `input`. */
  randnLike(input: np.ArrayLike, options?: KeyDTypeOptions): Array {
    return C.randnLike(this, input, options);
  }
  /** Uniform integers in [low, high) with the shape of `input` (`high` defaults to max(input)). */
  randintLike(input: np.ArrayLike, low: np.ArrayLike = 0, high?: np.ArrayLike | null, options?: KeyDTypeOptions): Array {
    return D.randintLike(this, input, low, high, options);
  }
}

/**
 * The module's default random state, seeded from the host RNG when the module loads; every
 * module-level sampler draws from it. Reseed it with `seed(n)`.
 * @public
 */
export const DEFAULT: RandomState = new RandomState(hostKey(10000));
