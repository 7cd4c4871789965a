// The reference's random/_rand_funs_test.py, ported: shapes, dtypes and ranges of every
// module-level sampler drawn from the reseeded default state (one `it` per Python test).

import { describe, expect, it } from "vitest";
import { np, prng, type Array } from "@brainstate/core";
import * as random from "@brainstate/random";

/** The values of an array as JS numbers. */
const vals = (x: Array): number[] => globalThis.Array.from(x.data() as ArrayLike<number>, Number);
const allIn = (x: Array, lo: number, hi: number, closedHigh = false): boolean =>
  vals(x).every((v) => v >= lo && (closedHigh ? v <= hi : v < hi));
const distinct = (x: Array): number => new Set(vals(x)).size;

describe("brainstate.random (ported _rand_funs_test.py)", () => {
  it("rand: shape, range, and the bits of prng.uniform for key and seed 123", () => {
    random.seed();
    const a = random.rand(3, 2);
    expect(a.shape).toEqual([3, 2]);
    expect(allIn(a, 0, 1)).toBe(true);
    // The reference compares with jax.random.uniform(PRNGKey(123), (10, 100)); core's prng.uniform is bit-identical to it.
    const expected = vals(prng.uniform(prng.key(123), [10, 100]));
    expect(vals(random.rand(10, 100, { key: prng.key(123) }))).toEqual(expected);
    expect(vals(random.rand(10, 100, { key: 123 }))).toEqual(expected);
  });

  it("randint: one bound, two bounds with size, array bounds", () => {
    random.seed();
    const a = random.randint(5);
    expect(a.shape).toEqual([]);
    expect(allIn(a, 0, 5)).toBe(true);
    const b = random.randint(2, 6, { size: [4, 3] });
    expect(b.shape).toEqual([4, 3]);
    expect(allIn(b, 2, 6)).toBe(true);
    const c = random.randint([1, 2, 3], [10, 7, 8]);
    expect(c.shape).toEqual([3]);
    vals(c).forEach((v, i) => expect(v >= [1, 2, 3][i]! && v < [10, 7, 8][i]!).toBe(true));
    expect(random.randint([1, 2, 3], [10, 7, 8], { size: [2, 3] }).shape).toEqual([2, 3]);
  });

  it("randn, random, randomSample: shapes and ranges", () => {
    random.seed();
    expect(random.randn(3, 2).shape).toEqual([3, 2]);
    const r = random.random();
    expect(r.shape).toEqual([]);
    expect(allIn(r, 0, 1)).toBe(true);
    const r2 = random.random({ size: [3, 2] });
    expect(r2.shape).toEqual([3, 2]);
    expect(allIn(r2, 0, 1)).toBe(true);
    const r3 = random.randomSample({ size: [3, 2] });
    expect(r3.shape).toEqual([3, 2]);
    expect(allIn(r3, 0, 1)).toBe(true);
  });

  it("choice: scalar, weighted, and without replacement", () => {
    random.seed();
    const a = random.choice(5);
    expect(a.shape).toEqual([]);
    expect(allIn(a, 0, 5)).toBe(true);
    const b = random.choice(5, { size: 3, p: [0.1, 0.4, 0.2, 0, 0.3] });
    expect(b.shape).toEqual([3]);
    expect(allIn(b, 0, 5)).toBe(true);
    expect(vals(b)).not.toContain(3);
    const c = random.choice(np.arange(2, 20), { size: [4, 3], replace: false });
    expect(c.shape).toEqual([4, 3]);
    expect(allIn(c, 2, 20)).toBe(true);
    expect(distinct(c)).toBe(12);
  });

  it("permutation and shuffle: every entry once; shuffle along axis 1 moves columns only", () => {
    random.seed();
    expect(distinct(random.permutation(10))).toBe(10);
    expect(distinct(random.permutation(np.arange(10)))).toBe(10);
    const s = random.shuffle(np.arange(10));
    expect(s.shape).toEqual([10]);
    expect(distinct(s)).toBe(10);
    const m = random.shuffle(np.arange(12).reshape([4, 3]), { axis: 1 });
    expect(m.shape).toEqual([4, 3]);
    expect(distinct(m)).toBe(12);
    // Rows of arange(12).reshape(4, 3) differ by 3 in every column, whatever the column order.
    expect(new Set(vals(np.diff(m, 1, 0)))).toEqual(new Set([3]));
  });

  it("beta, exponential, gamma, gumbel, laplace, logistic: shapes", () => {
    random.seed();
    expect(random.beta(2, 2).shape).toEqual([]);
    expect(random.beta([2, 2, 3], 2, { size: [3] }).shape).toEqual([3]);
    expect(random.exponential(10, { size: [3, 2] }).shape).toEqual([3, 2]);
    expect(random.exponential([1, 2, 5]).shape).toEqual([3]);
    expect(random.gamma(2, 10, { size: [3, 2] }).shape).toEqual([3, 2]);
    expect(random.gumbel(0, 2, { size: [3, 2] }).shape).toEqual([3, 2]);
    expect(random.laplace(0, 2, { size: [3, 2] }).shape).toEqual([3, 2]);
    expect(random.logistic(0, 2, { size: [3, 2] }).shape).toEqual([3, 2]);
  });

  it("normal: default, broadcast parameters", () => {
    random.seed();
    expect(random.normal().shape).toEqual([]);
    expect(random.normal([0, 2, 4], [1, 2, 3]).shape).toEqual([3]);
    expect(random.normal([0, 2, 4], [[1, 2, 3], [1, 1, 1]]).shape).toEqual([2, 3]);
  });

  it("pareto, poisson, standard samplers: shapes", () => {
    random.seed();
    expect(random.pareto([1, 2, 2]).shape).toEqual([3]);
    expect(random.poisson([1, 2, 2], { size: 3 }).shape).toEqual([3]);
    expect(random.standardCauchy({ size: [3, 2] }).shape).toEqual([3, 2]);
    expect(random.standardExponential({ size: [3, 2] }).shape).toEqual([3, 2]);
    expect(random.standardGamma([1, 2, 4], { size: 3 }).shape).toEqual([3]);
    expect(random.standardNormal({ size: [3, 2] }).shape).toEqual([3, 2]);
    expect(random.standardT([1, 2, 4], { size: 3 }).shape).toEqual([3]);
  });

  it("uniform: default, per-element bounds, broadcast bounds", () => {
    random.seed();
    const a = random.uniform();
    expect(a.shape).toEqual([]);
    expect(allIn(a, 0, 1)).toBe(true);
    const b = random.uniform([-1, 5, 2], [2, 6, 10], { size: 3 });
    expect(b.shape).toEqual([3]);
    vals(b).forEach((v, i) => expect(v >= [-1, 5, 2][i]! && v < [2, 6, 10][i]!).toBe(true));
    expect(random.uniform(-1, [2, 6, 10], { size: [2, 3] }).shape).toEqual([2, 3]);
    expect(random.uniform([-1, 5, 2], [[2, 6, 10], [10, 10, 10]]).shape).toEqual([2, 3]);
  });

  it("truncatedNormal: scalar, sized and broadcast bounds stay inside the bounds", () => {
    random.seed();
    const a = random.truncatedNormal(-1, 1);
    expect(a.shape).toEqual([]);
    expect(allIn(a, -1, 1, true)).toBe(true);
    expect(random.truncatedNormal(-1, [1, 2, 1], { size: [4, 3] }).shape).toEqual([4, 3]);
    const c = random.truncatedNormal([-1, 0, 1], [[2, 2, 4], [2, 2, 4]]);
    expect(c.shape).toEqual([2, 3]);
    vals(c).forEach((v, i) => expect(v >= [-1, 0, 1][i % 3]! && v <= [2, 2, 4][i % 3]!).toBe(true));
  });

  it("bernoulli: booleans of p's shape or of size", () => {
    random.seed();
    const a = random.bernoulli();
    expect(a.shape).toEqual([]);
    expect(a.dtype).toBe("bool");
    expect(random.bernoulli([0.5, 0.6, 0.8]).shape).toEqual([3]);
    expect(random.bernoulli([0.5, 0.6], { size: [3, 2] }).shape).toEqual([3, 2]);
  });

  it("lognormal, binomial, chisquare: shapes, ranges and the df check", () => {
    random.seed();
    expect(random.lognormal().shape).toEqual([]);
    expect(random.lognormal(null, [2, 1], { size: [3, 2] }).shape).toEqual([3, 2]);
    expect(random.lognormal([2, 0], [[2, 1], [3, 1.2]]).shape).toEqual([2, 2]);
    const b = random.binomial(5, 0.5);
    expect(b.shape).toEqual([]);
    expect(b.dtype).toBe("int32");
    const b2 = random.binomial(5, 0.5, { size: [3, 2] });
    expect(b2.shape).toEqual([3, 2]);
    expect(allIn(b2, 0, 5, true)).toBe(true);
    expect(random.binomial(np.array([2, 3, 4]), np.array([[0.5, 0.5, 0.5], [0.6, 0.6, 0.6]])).shape).toEqual([2, 3]);
    expect(random.chisquare(3).shape).toEqual([]);
    // The reference raises NotImplementedError for an array df; here a ValueError says how to draw one.
    expect(() => random.chisquare([2, 3, 4] as unknown as number)).toThrow(/positive integer JS number/);
    expect(random.chisquare(2, { size: 100 }).shape).toEqual([100]);
    expect(random.chisquare(2, { size: [100, 10] }).shape).toEqual([100, 10]);
  });

  it("dirichlet, f, geometric, hypergeometric, logseries: shapes", () => {
    random.seed();
    expect(random.dirichlet([10, 5, 3]).shape).toEqual([3]);
    expect(random.dirichlet([10, 5, 3], { size: 20 }).shape).toEqual([20, 3]);
    expect(random.f(1, 48, { size: 100 }).shape).toEqual([100]);
    expect(random.geometric([0.7, 0.5, 0.2]).shape).toEqual([3]);
    expect(random.hypergeometric(10, 10, 10, { size: 20 }).shape).toEqual([20]);
    expect(random.hypergeometric(8, [10, 4], [[5, 2], [5, 5]]).shape).toEqual([2, 2]);
    expect(random.hypergeometric(8, [10, 4], [[5, 2], [5, 5]], { size: [3, 2, 2] }).shape).toEqual([3, 2, 2]);
    expect(random.logseries([0.7, 0.5, 0.2], { size: [4, 3] }).shape).toEqual([4, 3]);
  });

  it("multinomial: shapes and rows that sum to n", () => {
    random.seed();
    const a = random.multinomial(100, [0.5, 0.2, 0.3], { size: [4, 2] });
    expect(a.shape).toEqual([4, 2, 3]);
    expect(new Set(vals(np.sum(a, -1)))).toEqual(new Set([100]));
    const b = random.multinomial(100, [0.5, 0.2, 0.3]);
    expect(b.shape).toEqual([3]);
    expect(np.sum(b).item()).toBe(100);
  });

  it("multivariateNormal: cholesky and svd shapes", () => {
    random.seed();
    expect(random.multivariateNormal([1, 2], [[1, 0], [0, 1]], { size: 3 }).shape).toEqual([3, 2]);
    // The reference draws with cov [[1, 3], [3, 1]] (not positive semi-definite: eigenvalues 4 and −2),
    // which NumPy only warns about; here that is a RuntimeCheckError, so a valid cov is used.
    expect(random.multivariateNormal([1, 2], [[1, 0.3], [0.3, 1]], { method: "svd" }).shape).toEqual([2]);
    expect(() => random.multivariateNormal([1, 2], [[1, 3], [3, 1]], { method: "svd" })).toThrow(/positive semi-definite/);
  });

  it("negativeBinomial, noncentralChisquare, noncentralF, power, rayleigh, triangular: shapes", () => {
    random.seed();
    expect(random.negativeBinomial([3, 10], 0.5).shape).toEqual([2]);
    expect(random.negativeBinomial(3, 0.5, { size: 10 }).shape).toEqual([10]);
    expect(random.noncentralChisquare(3, [3, 2], { size: [4, 2] }).shape).toEqual([4, 2]);
    expect(random.noncentralChisquare(3, [3, 2]).shape).toEqual([2]);
    expect(random.noncentralF(3, 20, 3, { size: 100 }).shape).toEqual([100]);
    expect(random.power(2, { size: [4, 2] }).shape).toEqual([4, 2]);
    expect(random.rayleigh(2, { size: [4, 2] }).shape).toEqual([4, 2]);
    // The reference's triangular((2, 2)) returns ±1 of size (2, 2); here it is NumPy's documented triangular.
    expect(random.triangular(-3, 0, 8, { size: [2, 2] }).shape).toEqual([2, 2]);
  });

  it("vonmises, wald, weibull, weibullMin, zipf, maxwell, t: shapes", () => {
    random.seed();
    expect(random.vonmises(2, 2).shape).toEqual([]);
    expect(random.vonmises(2, 2, { size: 10 }).shape).toEqual([10]);
    expect(random.wald([2, 0.5], 2).shape).toEqual([2]);
    expect(random.wald(2, 2, { size: 100 }).shape).toEqual([100]);
    expect(random.weibull(2, { size: [4, 2] }).shape).toEqual([4, 2]);
    expect(random.weibull(2).shape).toEqual([]);
    expect(random.weibull([2, 3]).shape).toEqual([2]);
    expect(random.weibullMin(2, 2, { size: [4, 2] }).shape).toEqual([4, 2]);
    expect(random.weibullMin(2, 2).shape).toEqual([]);
    expect(random.weibullMin([2, 3], 2).shape).toEqual([2]);
    expect(random.zipf(2, { size: [4, 2] }).shape).toEqual([4, 2]);
    expect(random.zipf([1.1, 2]).shape).toEqual([2]);
    expect(random.maxwell({ size: 10 }).shape).toEqual([10]);
    expect(random.maxwell().shape).toEqual([]);
    expect(random.t(1, { size: 10 }).shape).toEqual([10]);
    expect(random.t([1, 2], { size: null }).shape).toEqual([2]);
  });

  it("orthogonal, loggamma, categorical and the *Like samplers: shapes and dtypes", () => {
    random.seed();
    expect(random.orthogonal(3, { size: 2 }).shape).toEqual([2, 3, 3]);
    expect(random.loggamma([0.5, 2]).shape).toEqual([2]);
    expect(random.categorical(np.zeros([4, 3])).shape).toEqual([4]);
    expect(random.randLike(np.zeros([2, 3], { dtype: "float64" })).dtype).toBe("float64");
    expect(random.randnLike(np.zeros([2, 3])).shape).toEqual([2, 3]);
    const r = random.randintLike(np.array([3, 5, 9]));
    expect(r.shape).toEqual([3]);
    expect(allIn(r, 0, 9)).toBe(true);
  });
});
