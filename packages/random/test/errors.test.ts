// Bad parameters raise clear errors: static problems (JS values, shapes, options, keys, dtypes)
// at once with the specific error class; data-dependent ones (Array parameters) as
// RuntimeCheckError when the program runs — eagerly, under jit and under vmap.

import { describe, expect, it } from "vitest";
import { DTypeError, jit, np, OptionError, prng, RuntimeCheckError, ShapeError, ValueError, vmap, type Array } from "@brainstate/core";
import * as random from "@brainstate/random";

/** The words of an array as JS numbers. */
const words = (x: Array): number[] => globalThis.Array.from(x.data() as ArrayLike<number>, Number);

describe("parameter domains given as JS values (ValueError naming the sampler and the value)", () => {
  const cases: [string, () => unknown, RegExp][] = [
    ["normal", () => random.normal(0, -1), /normal: scale must be non-negative, got -1/],
    ["gumbel", () => random.gumbel(0, -2), /gumbel: scale must be non-negative/],
    ["laplace", () => random.laplace(0, -2), /laplace: scale must be non-negative/],
    ["logistic", () => random.logistic(0, -2), /logistic: scale must be non-negative/],
    ["lognormal", () => random.lognormal(0, -1), /lognormal: sigma must be non-negative/],
    ["exponential", () => random.exponential(-2), /exponential: scale must be non-negative/],
    ["truncatedNormal", () => random.truncatedNormal(-1, 1, { scale: 0 }), /truncatedNormal: scale must be positive/],
    ["gamma", () => random.gamma(0), /gamma: shape must be positive, got 0/],
    ["gamma scale", () => random.gamma(1, -1), /gamma: scale must be non-negative/],
    ["standardGamma", () => random.standardGamma(-1), /standardGamma: shape must be positive/],
    ["loggamma", () => random.loggamma(0), /loggamma: a must be positive/],
    ["beta", () => random.beta(1, [2, 0]), /beta: b must be positive, got 0 \(element 1\)/],
    ["dirichlet", () => random.dirichlet([1, 0]), /dirichlet: alpha must be positive/],
    ["t", () => random.t(0), /t: df must be positive/],
    ["standardT", () => random.standardT(-3), /standardT: df must be positive/],
    ["f", () => random.f(1, 0), /f: dfden must be positive/],
    ["noncentralChisquare", () => random.noncentralChisquare(3, -1), /noncentralChisquare: nonc must be non-negative/],
    ["noncentralF", () => random.noncentralF(0, 1, 1), /noncentralF: dfnum must be positive/],
    ["pareto", () => random.pareto(0), /pareto: a must be positive/],
    ["power", () => random.power(-1), /power: a must be positive/],
    ["rayleigh", () => random.rayleigh(-1), /rayleigh: scale must be non-negative/],
    ["weibull", () => random.weibull(0), /weibull: a must be positive/],
    ["weibullMin", () => random.weibullMin(1, 0), /weibullMin: scale must be positive/],
    ["vonmises", () => random.vonmises(0, -1), /vonmises: kappa must be non-negative/],
    ["wald", () => random.wald(0, 1), /wald: mean must be positive/],
    ["bernoulli", () => random.bernoulli(1.5), /bernoulli: p must be in \[0, 1\], got 1.5/],
    ["binomial p", () => random.binomial(10, -0.1), /binomial: p must be in \[0, 1\]/],
    ["binomial n", () => random.binomial(2.5, 0.5), /binomial: n must be a non-negative integer, got 2.5/],
    ["poisson", () => random.poisson(-1), /poisson: lam must be non-negative/],
    ["geometric", () => random.geometric(0), /geometric: p must be in \(0, 1\]/],
    ["negativeBinomial", () => random.negativeBinomial(3, 1.5), /negativeBinomial: p must be in \(0, 1\]/],
    ["hypergeometric", () => random.hypergeometric(-1, 2, 1), /hypergeometric: ngood must be a non-negative integer/],
    ["logseries", () => random.logseries(1), /logseries: p must be in \[0, 1\)/],
    ["zipf", () => random.zipf(1), /zipf: a must be greater than 1, got 1/],
    ["multinomial", () => random.multinomial(5, [0.5, 1.5]), /multinomial: pvals must be in \[0, 1\]/],
    ["choice", () => random.choice(3, { p: [0.5, -0.5, 1] }), /choice: p must be non-negative/],
  ];
  for (const [name, call, message] of cases) {
    it(`throws ValueError for ${name}`, () => {
      expect(call).toThrow(ValueError);
      expect(call).toThrow(message);
    });
  }

  it("does not advance the default state when a check fails", () => {
    random.seed(3);
    const before = words(random.getKey());
    expect(() => random.normal(0, -1)).toThrow(ValueError);
    expect(words(random.getKey())).toEqual(before);
  });
});

describe("parameter domains given as Arrays (RuntimeCheckError when the program runs)", () => {
  it("raises for a negative scale eagerly, under jit and under vmap", () => {
    const bad = np.array([1, -1]);
    expect(() => random.normal(0, bad, { key: 0 })).toThrow(RuntimeCheckError);
    expect(() => random.normal(0, bad, { key: 0 })).toThrow(/normal: scale must be non-negative, but some of its values are not \(the smallest is -1/);
    expect(() => jit((s: Array) => random.normal(0, s, { key: 0 }))(bad)).toThrow(RuntimeCheckError);
    expect(() => vmap((s: Array) => random.normal(0, s, { key: 0 }))(bad)).toThrow(RuntimeCheckError);
    expect(words(jit((s: Array) => random.normal(0, s, { key: 0 }))(np.array([1, 2]))).length).toBe(2);
  });

  it("raises for probabilities outside [0, 1] and NaN", () => {
    expect(() => random.bernoulli(np.array([0.5, 1.2]), { key: 0 })).toThrow(/bernoulli: p must be in \[0, 1\]/);
    expect(() => random.binomial(5, np.array([NaN]), { key: 0 })).toThrow(RuntimeCheckError);
    expect(() => random.geometric(np.array([0.5, 0]), { key: 0 })).toThrow(RuntimeCheckError);
  });

  it("raises for non-integer counts", () => {
    expect(() => random.binomial(np.array([3, 2.5]), 0.5, { key: 0 })).toThrow(/binomial: n must be a non-negative integer/);
  });

  it("raises when parameters break a relation between them", () => {
    expect(() => random.truncatedNormal(0, 1, { loc: 5, key: 0 })).toThrow(RuntimeCheckError);
    expect(() => random.truncatedNormal(0, 1, { loc: 5, key: 0 })).toThrow(/loc is more than 2 scales outside \[lower, upper\]/);
    expect(() => random.triangular(1, 0, 2, { key: 0 })).toThrow(/triangular: the parameters must satisfy left ≤ mode ≤ right/);
    expect(() => random.triangular(1, 1, 1, { key: 0 })).toThrow(RuntimeCheckError);
    expect(() => random.hypergeometric(2, 2, 5, { key: 0 })).toThrow(/nsample must be at most ngood \+ nbad/);
    expect(() => random.multinomial(5, [0.7, 0.6, 0], { key: 0 })).toThrow(/pvals\[\.\.\., :-1\] must sum to at most 1/);
  });

  it("raises when a covariance cannot be factored", () => {
    expect(() => random.multivariateNormal([0, 0], [[1, 2], [2, 1]], { key: 0 })).toThrow(/cov is not positive definite/);
    expect(() => random.multivariateNormal([0, 0], [[1, 2], [2, 1]], { key: 0, method: "eigh" })).toThrow(/not positive semi-definite/);
  });
});

describe("sizes and shapes (ShapeError)", () => {
  it("refuses parameters that do not broadcast to size", () => {
    expect(() => random.normal([0, 1, 2], 1, { size: [2] })).toThrow(ShapeError);
    expect(() => random.normal([0, 1, 2], 1, { size: [2] })).toThrow(/must broadcast to the requested size \[2\]/);
    expect(() => random.t([1, 2], { size: 3 })).toThrow(ShapeError);
    expect(() => random.uniform([0, 1], [[1, 2, 3]])).toThrow(/do not broadcast together/);
  });

  it("refuses sizes that are not non-negative integers", () => {
    expect(() => random.random({ size: [-1] })).toThrow(ShapeError);
    expect(() => random.rand(1.5)).toThrow(/non-negative integers/);
  });

  it("checks multivariateNormal's mean and cov shapes", () => {
    expect(() => random.multivariateNormal(1, [[1]])).toThrow(/mean must have at least one dimension/);
    expect(() => random.multivariateNormal([1, 2], [1, 2])).toThrow(/cov must have at least two dimensions/);
    expect(() => random.multivariateNormal([1, 2], [[1, 0, 0], [0, 1, 0], [0, 0, 1]])).toThrow(/cov must have shape \[\.\.\., 2, 2\]/);
  });

  it("refuses a non-scalar weibull shape together with size (as brainstate)", () => {
    expect(() => random.weibull([1, 2], { size: 2 })).toThrow(ValueError);
    expect(() => random.weibullMin([1, 2], 1, { size: 2 })).toThrow(/a must be a scalar when size is given/);
  });
});

describe("static arguments (ValueError)", () => {
  it("requires a positive integer df for chisquare and a count for orthogonal", () => {
    expect(() => random.chisquare(2.5)).toThrow(/chisquare: df must be a positive integer JS number/);
    expect(() => random.chisquare(np.array(3) as unknown as number)).toThrow(ValueError);
    expect(() => random.orthogonal(1.5)).toThrow(/orthogonal: n must be an integer/);
  });

  it("requires a known multivariateNormal method", () => {
    expect(() => random.multivariateNormal([0], [[1]], { method: "qr" as "svd" })).toThrow(/method must be one of 'cholesky', 'svd', 'eigh'/);
  });

  it("requires a concrete multinomial n (not traced)", () => {
    expect(() => jit((n: Array) => random.multinomial(n, [0.5, 0.5], { key: 0 }))(np.array(3))).toThrow(/n must be concrete/);
  });

  it("requires an array dirichlet alpha", () => {
    expect(() => random.dirichlet(2)).toThrow(/alpha must have at least one dimension/);
  });
});

describe("options, keys and dtypes", () => {
  it("rejects unknown options (OptionError naming the allowed ones)", () => {
    expect(() => random.normal(0, 1, { siz: 3 } as never)).toThrow(OptionError);
    expect(() => random.normal(0, 1, { siz: 3 } as never)).toThrow(/unknown option 'siz'; the options are 'size', 'key', 'dtype'/);
    expect(() => random.rand(2, { size: 3 } as never)).toThrow(/rand: unknown option 'size'/);
    expect(() => random.normal(0, 1, 5 as never)).toThrow(OptionError);
  });

  it("rejects keys that are not a seed or two uint32 words", () => {
    expect(() => random.rand(2, { key: np.array([1, 2]) })).toThrow(DTypeError);
    expect(() => random.rand(2, { key: np.array([1, 2]) })).toThrow(/two uint32 words.*float32/);
    expect(() => random.rand(2, { key: np.zeros([3], { dtype: "uint32" }) })).toThrow(ShapeError);
    expect(() => random.rand(2, { key: 1.5 })).toThrow(/integer seed/);
    expect(() => random.rand(2, { key: "k" as never })).toThrow(ValueError);
  });

  it("accepts a key of shape [1, 2] and a seed", () => {
    const k = prng.key(4);
    expect(words(random.rand(3, { key: k.reshape([1, 2]) }))).toEqual(words(random.rand(3, { key: 4 })));
  });

  it("rejects a non-float dtype for float samplers and a non-integer dtype for randint", () => {
    expect(() => random.normal(0, 1, { dtype: "int32" })).toThrow(DTypeError);
    expect(() => random.normal(0, 1, { dtype: "int32" })).toThrow(/normal: dtype must be a float dtype/);
    expect(() => random.randint(0, 5, { dtype: "float32" })).toThrow(/randint: dtype must be an integer dtype/);
  });

  it("casts integer-valued samples to the requested dtype", () => {
    expect(random.poisson(3, { size: 2, dtype: "float32", key: 0 }).dtype).toBe("float32");
    expect(random.binomial(3, 0.5, { size: 2, dtype: "uint32", key: 0 }).dtype).toBe("uint32");
    expect(random.normal(0, 1, { size: 2, dtype: "float64", key: 0 }).dtype).toBe("float64");
  });
});
