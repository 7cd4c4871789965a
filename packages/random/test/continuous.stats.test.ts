// Statistical tests of the continuous samplers that are not gamma-based: 10⁵ samples from a fixed
// key each; mean and variance against the closed forms (5 standard errors) and the
// Kolmogorov–Smirnov distance against the CDF (D < 2.23/√n, α = 10⁻⁴). See stats.ts.

import { describe, expect, it } from "vitest";
import { np, prng, vmap, type Array } from "@brainstate/core";
import * as random from "@brainstate/random";
import { expectKs, expectMoments, gammaP, lgamma, normalCdf, tabulated, values } from "./stats.js";

const N = 100_000;
const EULER_GAMMA = 0.5772156649015329;
const phi = (x: number): number => Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);

/** Moments and KS of a sample against a distribution. */
function check(x: Array, mean: number, variance: number, cdf: (v: number) => number): void {
  expect(x.size).toBe(N);
  const v = values(x);
  expectMoments(v, mean, variance);
  expectKs(v, cdf);
}

describe("rand / random / randomSample / ranf / sample", () => {
  it("is U[0, 1): mean 1/2, variance 1/12, CDF x", () => {
    check(random.rand(N, { key: 1 }), 0.5, 1 / 12, (x) => x);
    check(random.random({ size: N, key: 2 }), 0.5, 1 / 12, (x) => x);
  });

  it("has aliases that draw the same numbers as random for the same key", () => {
    const r = values(random.random({ size: 8, key: 3 }));
    expect(values(random.randomSample({ size: 8, key: 3 }))).toEqual(r);
    expect(values(random.ranf({ size: 8, key: 3 }))).toEqual(r);
    expect(values(random.sample({ size: 8, key: 3 }))).toEqual(r);
  });
});

describe("uniform", () => {
  it("is U[−2, 3): mean 1/2, variance 25/12, CDF (x + 2)/5", () => {
    check(random.uniform(-2, 3, { size: N, key: 4 }), 0.5, 25 / 12, (x) => (x + 2) / 5);
  });
});

describe("randn / standardNormal / normal", () => {
  it("is N(0, 1) for randn and standardNormal", () => {
    check(random.randn(N, { key: 5 }), 0, 1, normalCdf);
    check(random.standardNormal({ size: N, key: 6 }), 0, 1, normalCdf);
  });

  it("is N(1, 2²) for normal(1, 2)", () => {
    check(random.normal(1, 2, { size: N, key: 7 }), 1, 4, (x) => normalCdf((x - 1) / 2));
  });
});

describe("truncatedNormal", () => {
  it("matches the truncated normal's closed forms for lower −1, upper 3, loc 0.5, scale 1.5", () => {
    // α = (lower − loc)/scale, β = (upper − loc)/scale, Z = Φ(β) − Φ(α);
    // mean = loc + scale·(φ(α) − φ(β))/Z, variance = scale²·[1 + (αφ(α) − βφ(β))/Z − ((φ(α) − φ(β))/Z)²].
    const [lo, hi, loc, scale] = [-1, 3, 0.5, 1.5];
    const a = (lo - loc) / scale;
    const b = (hi - loc) / scale;
    const Z = normalCdf(b) - normalCdf(a);
    const d = (phi(a) - phi(b)) / Z;
    const mean = loc + scale * d;
    const variance = scale * scale * (1 + (a * phi(a) - b * phi(b)) / Z - d * d);
    const x = random.truncatedNormal(lo, hi, { size: N, loc, scale, key: 8 });
    const v = values(x);
    expect(Math.min(...v)).toBeGreaterThan(lo);
    expect(Math.max(...v)).toBeLessThan(hi);
    check(x, mean, variance, (t) => (normalCdf((t - loc) / scale) - normalCdf(a)) / Z);
  });
});

describe("lognormal", () => {
  it("matches mean e^(μ+σ²/2), variance (e^(σ²) − 1)e^(2μ+σ²), CDF Φ((ln x − μ)/σ)", () => {
    const [mu, s] = [0.3, 0.5];
    check(
      random.lognormal(mu, s, { size: N, key: 9 }),
      Math.exp(mu + (s * s) / 2),
      (Math.exp(s * s) - 1) * Math.exp(2 * mu + s * s),
      (x) => (x <= 0 ? 0 : normalCdf((Math.log(x) - mu) / s)),
    );
  });
});

describe("exponential / standardExponential", () => {
  it("has mean `scale` (the documented parameterisation): exponential(2) has mean 2, variance 4", () => {
    check(random.exponential(2, { size: N, key: 10 }), 2, 4, (x) => 1 - Math.exp(-x / 2));
  });

  it("is Exp(1) for standardExponential and for exponential without a scale", () => {
    check(random.standardExponential({ size: N, key: 11 }), 1, 1, (x) => 1 - Math.exp(-x));
    check(random.exponential(null, { size: N, key: 12 }), 1, 1, (x) => 1 - Math.exp(-x));
  });
});

describe("gumbel / laplace / logistic", () => {
  it("gumbel(1, 2): mean μ + βγ, variance π²β²/6, CDF exp(−e^(−(x−μ)/β))", () => {
    check(random.gumbel(1, 2, { size: N, key: 13 }), 1 + 2 * EULER_GAMMA, (Math.PI ** 2 * 4) / 6, (x) => Math.exp(-Math.exp(-(x - 1) / 2)));
  });

  it("laplace(1, 2): mean μ, variance 2b²", () => {
    const cdf = (x: number): number => (x < 1 ? 0.5 * Math.exp((x - 1) / 2) : 1 - 0.5 * Math.exp(-(x - 1) / 2));
    check(random.laplace(1, 2, { size: N, key: 14 }), 1, 8, cdf);
  });

  it("logistic(1, 2): mean μ, variance s²π²/3", () => {
    check(random.logistic(1, 2, { size: N, key: 15 }), 1, (4 * Math.PI ** 2) / 3, (x) => 1 / (1 + Math.exp(-(x - 1) / 2)));
  });
});

describe("standardCauchy", () => {
  it("follows the CDF ½ + atan(x)/π (no moments exist; the median is 0)", () => {
    const v = values(random.standardCauchy({ size: N, key: 16 }));
    expectKs(v, (x) => 0.5 + Math.atan(x) / Math.PI);
  });
});

describe("pareto", () => {
  it("is the classical Pareto with minimum 1: a = 5 gives mean a/(a−1), variance a/((a−1)²(a−2))", () => {
    const a = 5;
    check(random.pareto(a, { size: N, key: 17 }), a / (a - 1), a / ((a - 1) ** 2 * (a - 2)), (x) => (x < 1 ? 0 : 1 - x ** -a));
  });
});

describe("rayleigh", () => {
  it("rayleigh(2): mean σ√(π/2), variance (4 − π)σ²/2, CDF 1 − e^(−x²/2σ²)", () => {
    const s = 2;
    check(random.rayleigh(s, { size: N, key: 18 }), s * Math.sqrt(Math.PI / 2), ((4 - Math.PI) / 2) * s * s, (x) => 1 - Math.exp((-x * x) / (2 * s * s)));
  });
});

describe("weibull / weibullMin", () => {
  const k = 1.5;
  const m1 = Math.exp(lgamma(1 + 1 / k));
  const m2 = Math.exp(lgamma(1 + 2 / k));

  it("weibull(1.5): mean Γ(1 + 1/k), variance Γ(1 + 2/k) − Γ(1 + 1/k)², CDF 1 − e^(−x^k)", () => {
    check(random.weibull(k, { size: N, key: 19 }), m1, m2 - m1 * m1, (x) => (x <= 0 ? 0 : 1 - Math.exp(-(x ** k))));
  });

  it("weibullMin(1.5, 2) is weibull(1.5) divided by 2 (brainstate's code)", () => {
    check(random.weibullMin(k, 2, { size: N, key: 20 }), m1 / 2, (m2 - m1 * m1) / 4, (x) => (x <= 0 ? 0 : 1 - Math.exp(-((2 * x) ** k))));
  });
});

describe("maxwell", () => {
  it("has mean 2√(2/π), variance (3π − 8)/π, CDF P(3/2, x²/2)", () => {
    check(random.maxwell({ size: N, key: 21 }), 2 * Math.sqrt(2 / Math.PI), (3 * Math.PI - 8) / Math.PI, (x) => gammaP(1.5, (x * x) / 2));
  });
});

describe("power", () => {
  it("power(3): mean a/(a+1), variance a/((a+1)²(a+2)), CDF x^a", () => {
    const a = 3;
    check(random.power(a, { size: N, key: 22 }), a / (a + 1), a / ((a + 1) ** 2 * (a + 2)), (x) => Math.min(1, Math.max(0, x)) ** a);
  });
});

describe("triangular", () => {
  it("triangular(−3, 0, 8): mean (l+m+r)/3, variance (l²+m²+r²−lm−lr−mr)/18", () => {
    const [l, m, r] = [-3, 0, 8];
    const cdf = (x: number): number => {
      if (x <= l) return 0;
      if (x >= r) return 1;
      return x <= m ? (x - l) ** 2 / ((r - l) * (m - l)) : 1 - (r - x) ** 2 / ((r - l) * (r - m));
    };
    check(random.triangular(l, m, r, { size: N, key: 23 }), (l + m + r) / 3, (l * l + m * m + r * r - l * m - l * r - m * r) / 18, cdf);
  });
});

describe("vonmises", () => {
  it("vonmises(0.5, 2) on [−π, π): moments and CDF of the density e^(κcos(x−μ)) integrated numerically", () => {
    const ref = tabulated((x) => Math.exp(2 * Math.cos(x - 0.5)), -Math.PI, Math.PI);
    check(random.vonmises(0.5, 2, { size: N, key: 24 }), ref.mean, ref.variance, ref.cdf);
  });

  it("uses the small-κ branch (κ = 0.01) and is uniform for κ = 0", () => {
    const ref = tabulated((x) => Math.exp(0.01 * Math.cos(x - 1)), -Math.PI, Math.PI);
    check(random.vonmises(1, 0.01, { size: N, key: 25 }), ref.mean, ref.variance, ref.cdf);
    check(random.vonmises(1, 0, { size: N, key: 26 }), 0, Math.PI ** 2 / 3, (x) => (x + Math.PI) / (2 * Math.PI));
  });
});

describe("wald", () => {
  it("wald(1.5, 2): mean μ, variance μ³/λ, the inverse Gaussian CDF", () => {
    const [mu, lam] = [1.5, 2];
    const cdf = (x: number): number =>
      x <= 0 ? 0 : normalCdf(Math.sqrt(lam / x) * (x / mu - 1)) + Math.exp((2 * lam) / mu) * normalCdf(-Math.sqrt(lam / x) * (x / mu + 1));
    check(random.wald(mu, lam, { size: N, key: 27 }), mu, mu ** 3 / lam, cdf);
  });
});

describe("chisquare", () => {
  it("chisquare(3): mean k, variance 2k, CDF P(k/2, x/2)", () => {
    check(random.chisquare(3, { size: N, key: 28 }), 3, 6, (x) => gammaP(1.5, x / 2));
  });
});

describe("multivariateNormal", () => {
  const mean = [1, 2];
  const cov = [
    [2, 0.5],
    [0.5, 1],
  ];

  for (const method of ["cholesky", "eigh", "svd"] as const) {
    it(`has normal marginals and covariance 0.5 with method '${method}'`, () => {
      const x = random.multivariateNormal(mean, cov, { size: N, key: 29, method });
      expect(x.shape).toEqual([N, 2]);
      const a = values(x.get("...", 0));
      const b = values(x.get("...", 1));
      expectMoments(a, 1, 2);
      expectMoments(b, 2, 1);
      expectKs(a, (t) => normalCdf((t - 1) / Math.SQRT2));
      expectKs(b, (t) => normalCdf(t - 2));
      // Sample covariance: standard error √((σ₁₁σ₂₂ + σ₁₂²)/n) for normal data.
      let c = 0;
      for (let i = 0; i < N; i++) c += ((a[i] as number) - 1) * ((b[i] as number) - 2);
      expect(Math.abs(c / N - 0.5)).toBeLessThan(5 * Math.sqrt((2 * 1 + 0.25) / N));
    });
  }

  it("draws from a singular covariance with method 'eigh' (x₂ − x₁ is constant for cov [[1, 1], [1, 1]])", () => {
    const x = random.multivariateNormal([0, 3], [[1, 1], [1, 1]], { size: 1000, key: 30, method: "eigh" });
    const diff = values(np.subtract(x.get("...", 1), x.get("...", 0)));
    for (const d of diff) expect(d).toBeCloseTo(3, 4);
  });
});

describe("orthogonal", () => {
  it("gives orthogonal 3×3 matrices whose entries are uniform on [−1, 1] and half of them reflections", () => {
    const q = random.orthogonal(3, { size: N, key: 31 });
    expect(q.shape).toEqual([N, 3, 3]);
    // QᵀQ = I to float32 rounding.
    const gram = np.matmul(np.swapaxes(q, -1, -2), q);
    expect(np.max(np.abs(np.subtract(gram, np.eye(3)))).item()).toBeLessThan(1e-5);
    // For Haar-distributed O(3), q₁₁² ~ Beta(1/2, 1), i.e. q₁₁ is uniform on [−1, 1]: mean 0, variance 1/3.
    check(q.get("...", 0, 0), 0, 1 / 3, (x) => (x + 1) / 2);
    // det Q = ±1 with probability ½ each: within 5 standard errors √(1/4n).
    const m = values(q);
    let negative = 0;
    for (let i = 0; i < N; i++) {
      const e = (r: number, c: number): number => m[i * 9 + r * 3 + c] as number;
      const det = e(0, 0) * (e(1, 1) * e(2, 2) - e(1, 2) * e(2, 1)) - e(0, 1) * (e(1, 0) * e(2, 2) - e(1, 2) * e(2, 0)) + e(0, 2) * (e(1, 0) * e(2, 1) - e(1, 1) * e(2, 0));
      if (det < 0) negative++;
    }
    expect(Math.abs(negative / N - 0.5)).toBeLessThan(5 * Math.sqrt(0.25 / N));
  });
});

describe("randLike / randnLike", () => {
  it("draw U[0, 1) and N(0, 1) with the input's shape", () => {
    const input = np.zeros([N]);
    check(random.randLike(input, { key: 32 }), 0.5, 1 / 12, (x) => x);
    check(random.randnLike(input, { key: 33 }), 0, 1, normalCdf);
  });
});

describe("keys per lane under vmap", () => {
  it("gives independent standard normal lanes (moments and KS of 10⁵ lanes of one draw)", () => {
    const keys = prng.split(prng.key(34), N);
    const x = vmap((k: Array) => random.normal(null, null, { key: k }))(keys) as Array;
    check(x, 0, 1, normalCdf);
  });
});
