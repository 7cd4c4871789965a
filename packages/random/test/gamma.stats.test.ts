// Statistical tests of the gamma-based samplers: 10⁵ samples from a fixed key each; mean and
// variance against the closed forms (5 standard errors) and the Kolmogorov–Smirnov distance
// against the CDF (D < 2.23/√n, α = 10⁻⁴). See stats.ts.

import { describe, expect, it } from "vitest";
import { np, type Array } from "@brainstate/core";
import * as random from "@brainstate/random";
import { betaI, digamma, expectKs, expectMoments, gammaP, gridded, noncentralChi2Cdf, noncentralFCdf, trigamma, values } from "./stats.js";

const N = 100_000;

/** Moments and KS of a sample against a distribution. */
function check(x: Array, mean: number, variance: number, cdf: (v: number) => number): void {
  expect(x.size).toBe(N);
  const v = values(x);
  expectMoments(v, mean, variance);
  expectKs(v, cdf);
}

/** Student's t CDF: 1 − ½·I_{ν/(ν+t²)}(ν/2, ½) for t ≥ 0, symmetric. */
const tCdf = (nu: number) => (t: number): number => {
  const tail = 0.5 * betaI(nu / 2, 0.5, nu / (nu + t * t));
  return t >= 0 ? 1 - tail : tail;
};

describe("gamma / standardGamma", () => {
  it("gamma(2.5, 2): mean kθ, variance kθ², CDF P(k, x/θ)", () => {
    check(random.gamma(2.5, 2, { size: N, key: 101 }), 5, 10, (x) => gammaP(2.5, x / 2));
  });

  it("gamma(0.5) (the boosted shape < 1 branch): mean 0.5, variance 0.5", () => {
    check(random.gamma(0.5, null, { size: N, key: 102 }), 0.5, 0.5, (x) => gammaP(0.5, x));
  });

  it("standardGamma(3): mean 3, variance 3", () => {
    check(random.standardGamma(3, { size: N, key: 103 }), 3, 3, (x) => gammaP(3, x));
  });
});

describe("loggamma", () => {
  it("loggamma(0.7): mean ψ(a), variance ψ′(a), CDF P(a, e^y)", () => {
    const a = 0.7;
    check(random.loggamma(a, { size: N, key: 104 }), digamma(a), trigamma(a), (y) => gammaP(a, Math.exp(y)));
  });
});

describe("beta", () => {
  it("beta(2, 5): mean a/(a+b), variance ab/((a+b)²(a+b+1)), CDF I_x(a, b)", () => {
    const [a, b] = [2, 5];
    check(random.beta(a, b, { size: N, key: 105 }), a / (a + b), (a * b) / ((a + b) ** 2 * (a + b + 1)), (x) => betaI(a, b, x));
  });
});

describe("dirichlet", () => {
  it("dirichlet([1, 2, 3]): rows sum to 1, marginals are Beta(αᵢ, α₀ − αᵢ), covariance −αᵢαⱼ/(α₀²(α₀+1))", () => {
    const alpha = [1, 2, 3];
    const a0 = 6;
    const x = random.dirichlet(alpha, { size: N, key: 106 });
    expect(x.shape).toEqual([N, 3]);
    expect(np.max(np.abs(np.subtract(np.sum(x, -1), 1))).item()).toBeLessThan(1e-5);
    const cols = [0, 1].map((i) => values(x.get("...", i)));
    cols.forEach((c, i) => {
      const ai = alpha[i] as number;
      expectMoments(c, ai / a0, (ai * (a0 - ai)) / (a0 * a0 * (a0 + 1)));
      expectKs(c, (t) => betaI(ai, a0 - ai, t));
    });
    // Sample covariance of columns 0 and 1 within 5 standard errors (SE from the sample's products).
    const [c0, c1] = cols as [Float64Array, Float64Array];
    const m0 = 1 / 6;
    const m1 = 2 / 6;
    let s = 0;
    let s2 = 0;
    for (let i = 0; i < N; i++) {
      const p = ((c0[i] as number) - m0) * ((c1[i] as number) - m1);
      s += p;
      s2 += p * p;
    }
    const cov = s / N;
    expect(Math.abs(cov - -(1 * 2) / (a0 * a0 * (a0 + 1)))).toBeLessThan(5 * Math.sqrt((s2 / N - cov * cov) / N));
  });
});

describe("t / standardT", () => {
  it("t(10): mean 0, variance ν/(ν−2), Student's CDF", () => {
    check(random.t(10, { size: N, key: 107 }), 0, 10 / 8, tCdf(10));
  });

  it("standardT(10): the same distribution from JAX's random.t", () => {
    check(random.standardT(10, { size: N, key: 108 }), 0, 10 / 8, tCdf(10));
  });
});

describe("f", () => {
  it("f(5, 20): mean d₂/(d₂−2), variance 2d₂²(d₁+d₂−2)/(d₁(d₂−2)²(d₂−4)), CDF I_{d₁x/(d₁x+d₂)}(d₁/2, d₂/2)", () => {
    const [d1, d2] = [5, 20];
    const variance = (2 * d2 * d2 * (d1 + d2 - 2)) / (d1 * (d2 - 2) ** 2 * (d2 - 4));
    check(random.f(d1, d2, { size: N, key: 109 }), d2 / (d2 - 2), variance, (x) => (x <= 0 ? 0 : betaI(d1 / 2, d2 / 2, (d1 * x) / (d1 * x + d2))));
  });
});

describe("noncentralChisquare", () => {
  it("noncentralChisquare(3, 2) (df > 1 branch): mean k + λ, variance 2(k + 2λ), the Poisson-mixture CDF", () => {
    check(random.noncentralChisquare(3, 2, { size: N, key: 110 }), 5, 14, gridded(noncentralChi2Cdf(3, 2), 0, 40));
  });

  it("noncentralChisquare(0.5, 2) (df ≤ 1 branch): mean 2.5, variance 9", () => {
    check(random.noncentralChisquare(0.5, 2, { size: N, key: 111 }), 2.5, 9, gridded(noncentralChi2Cdf(0.5, 2), 0.5, 40));
  });
});

describe("noncentralF", () => {
  it("noncentralF(3, 20, 3): mean d₂(d₁+λ)/(d₁(d₂−2)), variance 2(d₂/d₁)²((d₁+λ)² + (d₁+2λ)(d₂−2))/((d₂−2)²(d₂−4))", () => {
    const [d1, d2, lam] = [3, 20, 3];
    const mean = (d2 * (d1 + lam)) / (d1 * (d2 - 2));
    const variance = (2 * (d2 / d1) ** 2 * ((d1 + lam) ** 2 + (d1 + 2 * lam) * (d2 - 2))) / ((d2 - 2) ** 2 * (d2 - 4));
    check(random.noncentralF(d1, d2, lam, { size: N, key: 112 }), mean, variance, gridded(noncentralFCdf(d1, d2, lam), 0, 20));
  });
});
