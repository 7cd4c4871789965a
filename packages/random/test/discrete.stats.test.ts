// Statistical tests of the integer-valued and index samplers: 10⁵ samples from a fixed key each;
// mean and variance against the closed forms (5 standard errors) and a chi-square test against the
// PMF (below the α = 10⁻⁴ critical value). See stats.ts.

import { describe, expect, it } from "vitest";
import { np, prng, vmap, type Array } from "@brainstate/core";
import * as random from "@brainstate/random";
import { expectChiSquare, expectMoments, lgamma, values, zeta } from "./stats.js";

const N = 100_000;

/** log C(n, k). */
const logChoose = (n: number, k: number): number => lgamma(n + 1) - lgamma(k + 1) - lgamma(n - k + 1);

/** Moments and chi-square of integer samples against a PMF on lo…hi. */
function check(x: Array | Float64Array, mean: number, variance: number, pmf: (k: number) => number, lo: number, hi: number): void {
  const v = x instanceof Float64Array ? x : values(x);
  expect(v.length).toBe(N);
  expectMoments(v, mean, variance);
  expectChiSquare(v, pmf, lo, hi);
}

const binomialPmf = (n: number, p: number) => (k: number): number =>
  k < 0 || k > n ? 0 : Math.exp(logChoose(n, k) + k * Math.log(p) + (n - k) * Math.log1p(-p));
const poissonPmf = (lam: number) => (k: number): number => (k < 0 ? 0 : Math.exp(-lam + k * Math.log(lam) - lgamma(k + 1)));

describe("randint / randomIntegers / randintLike", () => {
  it("randint(2, 9) is uniform on 2…8: mean 5, variance (7² − 1)/12", () => {
    const x = random.randint(2, 9, { size: N, key: 201 });
    expect(x.dtype).toBe("int32");
    check(x, 5, 4, () => 1 / 7, 2, 8);
  });

  it("randomIntegers(1, 6) is uniform on 1…6, both ends included", () => {
    check(random.randomIntegers(1, 6, { size: N, key: 202 }), 3.5, 35 / 12, () => 1 / 6, 1, 6);
  });

  it("randintLike(x) is uniform on 0…max(x) − 1 with x's shape", () => {
    check(random.randintLike(np.full([N], 4), 0, null, { key: 203 }), 1.5, 15 / 12, () => 1 / 4, 0, 3);
  });
});

describe("bernoulli", () => {
  it("bernoulli(0.3): mean p, variance p(1 − p)", () => {
    const x = random.bernoulli(0.3, { size: N, key: 204 });
    expect(x.dtype).toBe("bool");
    check(x.astype("int32"), 0.3, 0.21, (k) => (k === 1 ? 0.3 : 0.7), 0, 1);
  });
});

describe("binomial", () => {
  it("binomial(10, 0.3) (inversion): mean np, variance np(1 − p)", () => {
    check(random.binomial(10, 0.3, { size: N, key: 205 }), 3, 2.1, binomialPmf(10, 0.3), 0, 10);
  });

  it("binomial(100, 0.3) (BTRS rejection)", () => {
    check(random.binomial(100, 0.3, { size: N, key: 206 }), 30, 21, binomialPmf(100, 0.3), 0, 100);
  });

  it("binomial(60, 0.8) and binomial(20, 0.9) (p > ½ by symmetry, both branches)", () => {
    check(random.binomial(60, 0.8, { size: N, key: 207 }), 48, 9.6, binomialPmf(60, 0.8), 0, 60);
    check(random.binomial(20, 0.9, { size: N, key: 208 }), 18, 1.8, binomialPmf(20, 0.9), 0, 20);
  });

  it("mixes both branches per element in one call (n = [10, 100])", () => {
    const x = random.binomial(np.array([10, 100]), 0.3, { size: [N / 2, 2], key: 209 });
    const v = values(x);
    const a = v.filter((_, i) => i % 2 === 0);
    const b = v.filter((_, i) => i % 2 === 1);
    expectMoments(a, 3, 2.1);
    expectChiSquare(a, binomialPmf(10, 0.3), 0, 10);
    expectMoments(b, 30, 21);
    expectChiSquare(b, binomialPmf(100, 0.3), 0, 100);
  });

  it("gives n for p = 1 and 0 for n = 0 or p = 0", () => {
    expect([...values(random.binomial(np.array([7, 0, 7]), np.array([1, 0.5, 0]), { key: 210 }))]).toEqual([7, 0, 0]);
  });
});

describe("poisson", () => {
  it("poisson(3) (Knuth): mean λ, variance λ", () => {
    check(random.poisson(3, { size: N, key: 211 }), 3, 3, poissonPmf(3), 0, 40);
  });

  it("poisson(30) (PTRS rejection)", () => {
    check(random.poisson(30, { size: N, key: 212 }), 30, 30, poissonPmf(30), 0, 100);
  });

  it("equals core's prng.poisson (JAX's algorithm) on the same key", () => {
    const lam = np.array([0, 0.5, 3, 9.9, 10, 30, 200]);
    const key = prng.key(213);
    expect(values(random.poisson(lam, { size: [50, 7], key }))).toEqual(values(prng.poisson(key, lam, [50, 7])));
  });
});

describe("geometric", () => {
  it("geometric(0.3) counts failures before the first success: mean (1 − p)/p, variance (1 − p)/p²", () => {
    const x = random.geometric(0.3, { size: N, key: 214 });
    expect(x.dtype).toBe("float32");
    check(x, 0.7 / 0.3, 0.7 / 0.09, (k) => 0.3 * 0.7 ** k, 0, 60);
  });
});

describe("negativeBinomial", () => {
  it("negativeBinomial(3, 0.4): mean n(1 − p)/p, variance n(1 − p)/p², PMF C(k+n−1, k)pⁿ(1−p)ᵏ", () => {
    const pmf = (k: number): number => Math.exp(logChoose(k + 2, k) + 3 * Math.log(0.4) + k * Math.log(0.6));
    check(random.negativeBinomial(3, 0.4, { size: N, key: 215 }), 4.5, 11.25, pmf, 0, 80);
  });
});

describe("hypergeometric", () => {
  const hyperPmf = (good: number, bad: number, n: number) => (k: number): number =>
    k < 0 || k > n || k > good || n - k > bad ? 0 : Math.exp(logChoose(good, k) + logChoose(bad, n - k) - logChoose(good + bad, n));

  it("hypergeometric(10, 15, 8): mean nK/N, variance nK(N−K)(N−n)/(N²(N−1))", () => {
    check(random.hypergeometric(10, 15, 8, { size: N, key: 216 }), 3.2, (8 * 10 * 15 * 17) / (625 * 24), hyperPmf(10, 15, 8), 0, 8);
  });

  it("hypergeometric(10, 15, 20) (drawing the complement)", () => {
    check(random.hypergeometric(10, 15, 20, { size: N, key: 217 }), 8, (20 * 10 * 15 * 5) / (625 * 24), hyperPmf(10, 15, 20), 5, 10);
  });
});

describe("logseries", () => {
  it("logseries(0.6): PMF −pᵏ/(k·ln(1−p)), mean −p/((1−p)ln(1−p)), variance −p(p + ln(1−p))/((1−p)² ln²(1−p))", () => {
    const p = 0.6;
    const l = Math.log1p(-p);
    check(random.logseries(p, { size: N, key: 218 }), -p / ((1 - p) * l), (-p * (p + l)) / ((1 - p) ** 2 * l * l), (k) => -(p ** k) / (k * l), 1, 40);
  });
});

describe("zipf", () => {
  it("zipf(6): PMF k⁻ᵃ/ζ(a), mean ζ(a−1)/ζ(a), variance ζ(a−2)/ζ(a) − mean²", () => {
    const a = 6;
    const z = zeta(a);
    const mean = zeta(a - 1) / z;
    check(random.zipf(a, { size: N, key: 219 }), mean, zeta(a - 2) / z - mean * mean, (k) => k ** -a / z, 1, 10);
  });

  it("zipf(2) (heavy tail): chi-square against k⁻²/ζ(2)", () => {
    const z = zeta(2);
    expectChiSquare(values(random.zipf(2, { size: N, key: 220 })), (k) => k ** -2 / z, 1, 200);
  });
});

describe("multinomial", () => {
  it("multinomial(20, [0.2, 0.3, 0.5]): rows sum to n, category 0 is Binomial(20, 0.2), cov(0, 1) = −n·p₀p₁", () => {
    const x = random.multinomial(20, [0.2, 0.3, 0.5], { size: N, key: 221 });
    expect(x.shape).toEqual([N, 3]);
    expect(new Set(values(np.sum(x, -1)))).toEqual(new Set([20]));
    const c0 = values(x.get("...", 0));
    const c1 = values(x.get("...", 1));
    check(c0, 4, 3.2, binomialPmf(20, 0.2), 0, 20);
    check(c1, 6, 4.2, binomialPmf(20, 0.3), 0, 20);
    let s = 0;
    let s2 = 0;
    for (let i = 0; i < N; i++) {
      const p = ((c0[i] as number) - 4) * ((c1[i] as number) - 6);
      s += p;
      s2 += p * p;
    }
    const cov = s / N;
    expect(Math.abs(cov - -20 * 0.2 * 0.3)).toBeLessThan(5 * Math.sqrt((s2 / N - cov * cov) / N));
  });

  it("masks draws beyond each element's own n (n = [3, 10]): rows sum to their n", () => {
    const x = random.multinomial(np.array([3, 10]), [0.5, 0.5], { size: [4], key: 222 });
    expect(x.shape).toEqual([2, 4, 2]);
    expect([...values(np.sum(x, -1))]).toEqual([3, 3, 3, 3, 10, 10, 10, 10]);
  });
});

describe("categorical", () => {
  it("draws index k with probability softmax(logits)ₖ", () => {
    const p = [0.2, 0.3, 0.5];
    check(random.categorical(np.log(np.array(p)), { size: N, key: 223 }), 1.3, 0.2 * 1.69 + 0.3 * 0.09 + 0.5 * 0.49, (k) => p[k] ?? 0, 0, 2);
  });
});

describe("choice", () => {
  it("draws index k with probability p[k]", () => {
    const p = [0.1, 0.4, 0.2, 0, 0.3];
    const mean = p.reduce((s, q, k) => s + q * k, 0);
    const variance = p.reduce((s, q, k) => s + q * (k - mean) ** 2, 0);
    check(random.choice(5, { size: N, p, key: 224 }), mean, variance, (k) => p[k] ?? 0, 0, 4);
  });

  it("without replacement gives each of the 20 ordered pairs of 0…4 with probability 1/20", () => {
    const keys = prng.split(prng.key(225), N);
    const pairs = values(vmap((k: Array) => random.choice(5, { size: 2, replace: false, key: k }))(keys) as Array);
    const codes = Float64Array.from({ length: N }, (_, i) => (pairs[2 * i] as number) * 5 + (pairs[2 * i + 1] as number));
    // Code a·5 + b with a ≠ b: the diagonal codes 0, 6, 12, 18, 24 never occur.
    expectChiSquare(codes, (c) => (Math.floor(c / 5) === c % 5 ? 0 : 1 / 20), 0, 24);
  });
});

describe("permutation / shuffle", () => {
  it("moves element 0 of a permutation of 5 to each position with probability 1/5", () => {
    const keys = prng.split(prng.key(226), N);
    const perms = values(vmap((k: Array) => random.permutation(5, { key: k }))(keys) as Array);
    const where0 = Float64Array.from({ length: N }, (_, i) => perms.subarray(5 * i, 5 * i + 5).indexOf(0));
    check(where0, 2, 2, () => 1 / 5, 0, 4);
  });

  it("shuffle puts each entry at each position with probability 1/5", () => {
    const keys = prng.split(prng.key(227), N);
    const out = values(vmap((k: Array) => random.shuffle(np.array([7, 8, 9, 10, 11]), { key: k }))(keys) as Array);
    const first = Float64Array.from({ length: N }, (_, i) => (out[5 * i] as number) - 7);
    check(first, 2, 2, () => 1 / 5, 0, 4);
  });
});
