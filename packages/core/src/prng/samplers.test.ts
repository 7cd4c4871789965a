import { describe, expect, it } from "vitest";
import type { Array } from "../array/Array.js";
import { DTypeError, np, ShapeError, ValueError } from "../index.js";
import * as prng from "./index.js";
import { nextToward } from "./util.js";

// ---- Independent references -------------------------------------------------------------------

// zlib's adler32 (RFC 1950): JAX's RandomValuesCase seeds are adler32(name + prng_impl).
function adler32(s: string): number {
  let a = 1;
  let b = 0;
  for (let i = 0; i < s.length; i++) {
    a = (a + s.charCodeAt(i)) % 65521;
    b = (b + a) % 65521;
  }
  return (b * 65536 + a) >>> 0;
}
const caseKey = (name: string): Array => prng.key(adler32(`${name}threefry2x32`));

// erf(x) = 2/√π · e^(−x²) · Σ 2ⁿ x^(2n+1) / (1·3·…·(2n+1)): positive terms, no cancellation.
function erfRef(x: number): number {
  if (x < 0) return -erfRef(-x);
  if (x > 6) return 1;
  let term = x;
  let sum = x;
  for (let n = 1; term > 1e-17 * sum; n++) {
    term *= (2 * x * x) / (2 * n + 1);
    sum += term;
  }
  return (2 / Math.sqrt(Math.PI)) * Math.exp(-x * x) * sum;
}
const phi = (x: number): number => 0.5 * (1 + erfRef(x / Math.SQRT2));

/** Kolmogorov–Smirnov distance between the samples and a continuous CDF. */
function ksDistance(data: ArrayLike<number>, cdf: (x: number) => number): number {
  const xs = Float64Array.from(data).sort();
  const n = xs.length;
  let d = 0;
  for (let i = 0; i < n; i++) {
    const f = cdf(xs[i] as number);
    d = Math.max(d, f - i / n, (i + 1) / n - f);
  }
  return d;
}
// n = 10⁵: the KS distance exceeds 1.95/√n ≈ 0.0062 with probability ≈ 0.001 for a correct sampler.
const N = 100000;
const KS_LIMIT = 1.95 / Math.sqrt(N);

function moments(data: ArrayLike<number>): { mean: number; variance: number } {
  let s = 0;
  for (let i = 0; i < data.length; i++) s += data[i] as number;
  const mean = s / data.length;
  let v = 0;
  for (let i = 0; i < data.length; i++) v += ((data[i] as number) - mean) ** 2;
  return { mean, variance: v / data.length };
}

/** Checks mean and variance within 6 standard errors; `kurtosis` is μ₄/σ⁴ of the distribution. */
function expectMoments(data: ArrayLike<number>, mean: number, variance: number, kurtosis: number): void {
  const m = moments(data);
  const n = data.length;
  expect(Math.abs(m.mean - mean)).toBeLessThan(6 * Math.sqrt(variance / n));
  expect(Math.abs(m.variance - variance)).toBeLessThan(6 * variance * Math.sqrt((kurtosis - 1) / n));
}

/** Elementwise |a − b| ≤ atol + rtol·|b| against printed JAX values. */
function expectClose(actual: Array, expected: number[], atol = 1e-6, rtol = 1e-6): void {
  const got = globalThis.Array.from(actual.data());
  expect(got.length).toBe(expected.length);
  got.forEach((g, i) => expect(Math.abs(g - (expected[i] as number))).toBeLessThanOrEqual(atol + rtol * Math.abs(expected[i] as number)));
}

const f32 = new Float32Array(1);
const u32view = new Uint32Array(f32.buffer);
/** The float32 with the given bit pattern. */
function bitsToFloat32(b: number): number {
  u32view[0] = b >>> 0;
  return f32[0] as number;
}
function float32Bits(x: number): number {
  f32[0] = x;
  return u32view[0] as number;
}

// ---- Samplers ---------------------------------------------------------------------------------

describe("prng.uniform", () => {
  it("matches JAX's RandomValuesCase for uniform (float32)", () => {
    // tests/random_test.py _RANDOM_VALUES_CASES (checked against JAX until Oct 2023, unchanged since).
    expectClose(prng.uniform(caseKey("uniform"), [5]), [0.298671, 0.073213, 0.873356, 0.260549, 0.412797]);
  });

  it("matches jax.random.uniform(key(0), shape=(3,)) from JAX's typed-keys JEP", () => {
    // docs/jep/9263-typed-keys.md (JAX 0.4.35), printed with 8 significant digits.
    expectClose(prng.uniform(prng.key(0), [3]), [0.9653214, 0.31468165, 0.63302994], 1e-7, 1e-7);
  });

  it("is bit for bit JAX's bitcast(bits >> 9 | bits(1.0)) − 1", () => {
    const k = prng.key(123);
    const b = prng.bits(k, [64]).data();
    const u = prng.uniform(k, [64]).data();
    for (let i = 0; i < 64; i++) expect(u[i]).toBe(Math.fround(bitsToFloat32(((b[i] as number) >>> 9) | 0x3f800000) - 1));
  });

  it("draws float64 from 64-bit words as JAX with x64 (RandomValuesCase bits/uint64)", () => {
    // JAX's uint64 draws for seed adler32("bitsthreefry2x32") (x64 only); uniform float64 keeps the
    // top 52 bits: (v >> 12)·2⁻⁵².
    const v = [17649965731882839947n, 1415307058040849897n, 8282622628079774249n, 14024425113645909402n, 2012979996110532418n];
    const u = prng.uniform(caseKey("bits"), [5], { dtype: "float64" });
    expect(u.dtype).toBe("float64");
    expect(globalThis.Array.from(u.data())).toEqual(v.map((x) => Number(x >> 12n) * 2 ** -52));
  });

  it("scales to [minval, maxval) with broadcast bounds, in float32 arithmetic", () => {
    const k = prng.key(5);
    const u = prng.uniform(k, [4, 2], { minval: [0, 10], maxval: [1, 20] });
    expect(u.shape).toEqual([4, 2]);
    expect(u.dtype).toBe("float32");
    const base = prng.uniform(k, [4, 2]).data();
    const got = u.data();
    for (let i = 0; i < 8; i++) {
      const lo = i % 2 === 0 ? 0 : 10;
      const span = i % 2 === 0 ? 1 : 10;
      expect(got[i]).toBe(Math.max(lo, Math.fround(Math.fround((base[i] as number) * span) + lo)));
    }
  });

  it("is uniform on [0, 1): moments and KS distance", () => {
    const u = prng.uniform(prng.key(1), [N]).data();
    expect(Math.min(...u)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...u)).toBeLessThan(1);
    expectMoments(u, 0.5, 1 / 12, 1.8);
    expect(ksDistance(u, (x) => x)).toBeLessThan(KS_LIMIT);
  });

  it("is uniform in float64 too", () => {
    const u = prng.uniform(prng.key(2), [N], { dtype: "float64", minval: -2, maxval: 2 }).data();
    expect(ksDistance(u, (x) => (x + 2) / 4)).toBeLessThan(KS_LIMIT);
  });

  it("gives scalars and zero-size arrays", () => {
    expect(prng.uniform(prng.key(0)).shape).toEqual([]);
    expect(prng.uniform(prng.key(0), [0, 3]).shape).toEqual([0, 3]);
  });

  it("rejects integer dtypes with DTypeError", () => {
    expect(() => prng.uniform(prng.key(0), [2], { dtype: "int32" })).toThrow(DTypeError);
    expect(() => prng.uniform(prng.key(0), [2], { dtype: "int32" })).toThrow(/must be a float dtype/);
  });

  it("rejects bounds that do not broadcast to the shape with ShapeError", () => {
    expect(() => prng.uniform(prng.key(0), [2], { minval: [0, 1, 2] })).toThrow(ShapeError);
    expect(() => prng.uniform(prng.key(0), [2], { minval: [[0], [1]] })).toThrow(/must broadcast to the requested shape \[2\]/);
  });
});

describe("prng.normal", () => {
  it("matches JAX's RandomValuesCase for normal", () => {
    expectClose(prng.normal(caseKey("normal"), [5]), [-1.173234, -1.511662, 0.070593, -0.099764, 1.052845]);
  });

  it("is standard normal: moments and KS distance", () => {
    const z = prng.normal(prng.key(3), [N]).data();
    expectMoments(z, 0, 1, 3);
    expect(ksDistance(z, phi)).toBeLessThan(KS_LIMIT);
    expect(z.every((x) => Number.isFinite(x))).toBe(true);
  });

  it("is standard normal in float64", () => {
    const z = prng.normal(prng.key(4), [N], { dtype: "float64" });
    expect(z.dtype).toBe("float64");
    expect(ksDistance(z.data(), phi)).toBeLessThan(KS_LIMIT);
  });

  it("keeps n-d and zero-size shapes", () => {
    expect(prng.normal(prng.key(0), [2, 3]).shape).toEqual([2, 3]);
    expect(prng.normal(prng.key(0), [2, 0]).shape).toEqual([2, 0]);
  });

  it("rejects integer dtypes with DTypeError", () => {
    expect(() => prng.normal(prng.key(0), [2], { dtype: "uint32" })).toThrow(DTypeError);
  });
});

describe("prng.truncatedNormal", () => {
  it("matches JAX's RandomValuesCase for truncated_normal(lower=0, upper=2)", () => {
    expectClose(prng.truncatedNormal(caseKey("truncated_normal"), 0, 2, [5]), [0.582807, 1.709771, 0.159513, 0.861376, 0.36148]);
  });

  it("follows the truncated normal CDF strictly inside (lower, upper)", () => {
    const x = prng.truncatedNormal(prng.key(6), -1, 2, [N]).data();
    expect(Math.min(...x)).toBeGreaterThan(-1);
    expect(Math.max(...x)).toBeLessThan(2);
    const z = phi(2) - phi(-1);
    expect(ksDistance(x, (t) => (phi(t) - phi(-1)) / z)).toBeLessThan(KS_LIMIT);
  });

  it("takes its shape from the broadcast bounds by default", () => {
    const x = prng.truncatedNormal(prng.key(0), [-1, 0, 1], 3);
    expect(x.shape).toEqual([3]);
    const v = x.data();
    [-1, 0, 1].forEach((lo, i) => expect(v[i]).toBeGreaterThan(lo));
  });

  it("rejects a shape the bounds do not broadcast to with ShapeError", () => {
    expect(() => prng.truncatedNormal(prng.key(0), [0, 1, 2], 3, [2])).toThrow(ShapeError);
  });
});

describe("nextToward (lax.nextafter towards ±inf)", () => {
  it("steps exactly one float32 ulp, across binades, zero, subnormals and infinities", () => {
    const xs = [0, 1, -1, 2, 2 ** -126, 2 ** -149, 3.5, -(2 ** 20), Infinity, -Infinity];
    const up = nextToward(np.array(xs, { dtype: "float32" }), true).data();
    const down = nextToward(np.array(xs, { dtype: "float32" }), false).data();
    const next = (x: number, dir: 1 | -1): number => {
      if (x === Infinity) return dir > 0 ? Infinity : bitsToFloat32(0x7f7fffff);
      if (x === -Infinity) return dir < 0 ? -Infinity : -bitsToFloat32(0x7f7fffff);
      if (x === 0) return dir * 2 ** -149;
      const b = float32Bits(x);
      return bitsToFloat32(x > 0 === dir > 0 ? b + 1 : b - 1);
    };
    xs.forEach((x, i) => {
      expect(up[i]).toBe(next(x, 1));
      expect(down[i]).toBe(next(x, -1));
    });
  });
});

describe("prng.exponential", () => {
  it("matches JAX's RandomValuesCase for exponential", () => {
    expectClose(prng.exponential(caseKey("exponential"), [5]), [0.526067, 0.043046, 0.039932, 0.46427, 0.123886]);
  });

  it("is Exp(1): moments and KS distance", () => {
    const x = prng.exponential(prng.key(7), [N]).data();
    expect(Math.min(...x)).toBeGreaterThanOrEqual(0);
    expectMoments(x, 1, 1, 9);
    expect(ksDistance(x, (t) => 1 - Math.exp(-t))).toBeLessThan(KS_LIMIT);
  });
});

describe("prng.gumbel", () => {
  it("matches JAX's RandomValuesCase for gumbel", () => {
    expectClose(prng.gumbel(caseKey("gumbel"), [5]), [2.06701, 0.911726, 0.145736, 0.185427, -0.00711]);
  });

  it("is standard Gumbel: KS distance", () => {
    const x = prng.gumbel(prng.key(8), [N]).data();
    expect(ksDistance(x, (t) => Math.exp(-Math.exp(-t)))).toBeLessThan(KS_LIMIT);
  });
});

describe("prng.logistic", () => {
  it("matches JAX's RandomValuesCase for logistic", () => {
    expectClose(prng.logistic(caseKey("logistic"), [5]), [0.19611, -1.709053, -0.274093, -0.208322, -1.675489]);
  });

  it("is standard logistic: KS distance", () => {
    const x = prng.logistic(prng.key(9), [N]).data();
    expect(ksDistance(x, (t) => 1 / (1 + Math.exp(-t)))).toBeLessThan(KS_LIMIT);
  });
});

describe("prng.laplace", () => {
  it("matches JAX's RandomValuesCase for laplace", () => {
    expectClose(prng.laplace(caseKey("laplace"), [5]), [0.578939, -0.204902, 0.555733, 0.911053, -0.96456]);
  });

  it("is standard Laplace: moments and KS distance", () => {
    const x = prng.laplace(prng.key(10), [N]).data();
    expectMoments(x, 0, 2, 6);
    expect(ksDistance(x, (t) => (t < 0 ? 0.5 * Math.exp(t) : 1 - 0.5 * Math.exp(-t)))).toBeLessThan(KS_LIMIT);
  });
});

describe("prng.cauchy", () => {
  it("matches JAX's RandomValuesCase for cauchy (rtol 1e-5, as JAX's test)", () => {
    expectClose(prng.cauchy(caseKey("cauchy"), [5]), [-0.088416, -10.169713, 3.49677, -1.18056, 0.34556], 1e-6, 1e-5);
  });

  it("is standard Cauchy: KS distance", () => {
    const x = prng.cauchy(prng.key(11), [N]).data();
    expect(ksDistance(x, (t) => 0.5 + Math.atan(t) / Math.PI)).toBeLessThan(KS_LIMIT);
  });
});

describe("prng.gamma", () => {
  // Regularised lower incomplete gamma in closed form: P(½, x) = erf(√x),
  // P(a + 1, x) = P(a, x) − xᵃe⁻ˣ/Γ(a + 1), Γ(3/2) = √π/2, Γ(5/2) = 3√π/4.
  const p05 = (x: number): number => (x <= 0 ? 0 : erfRef(Math.sqrt(x)));
  const p25 = (x: number): number =>
    x <= 0 ? 0 : p05(x) - (2 / Math.sqrt(Math.PI)) * Math.exp(-x) * (Math.sqrt(x) + (2 / 3) * x ** 1.5);

  it("is Gamma(0.5) (boosted branch): moments and KS distance", () => {
    const x = prng.gamma(prng.key(12), 0.5, [N]).data();
    expect(Math.min(...x)).toBeGreaterThanOrEqual(0);
    expectMoments(x, 0.5, 0.5, 15);
    expect(ksDistance(x, p05)).toBeLessThan(KS_LIMIT);
  });

  it("is Gamma(2.5): moments and KS distance", () => {
    const x = prng.gamma(prng.key(13), 2.5, [N]).data();
    expectMoments(x, 2.5, 2.5, 3 + 6 / 2.5);
    expect(ksDistance(x, p25)).toBeLessThan(KS_LIMIT);
  });

  it("broadcasts an array of shapes along the last axis", () => {
    const x = prng.gamma(prng.key(14), [0.5, 2.5], [N / 2, 2]);
    expect(x.shape).toEqual([N / 2, 2]);
    const v = x.data();
    const col = (c: number): number[] => globalThis.Array.from({ length: N / 2 }, (_, i) => v[2 * i + c] as number);
    expect(ksDistance(col(0), p05)).toBeLessThan(1.95 / Math.sqrt(N / 2));
    expect(ksDistance(col(1), p25)).toBeLessThan(1.95 / Math.sqrt(N / 2));
  });

  it("samples in float64 and gives zero-size arrays", () => {
    const x = prng.gamma(prng.key(15), 2.5, [N], { dtype: "float64" });
    expect(x.dtype).toBe("float64");
    expect(ksDistance(x.data(), p25)).toBeLessThan(KS_LIMIT);
    expect(prng.gamma(prng.key(0), 1, [0]).shape).toEqual([0]);
  });

  it("rejects a non-positive JS shape with ValueError and a bad shape with ShapeError", () => {
    expect(() => prng.gamma(prng.key(0), 0)).toThrow(ValueError);
    expect(() => prng.gamma(prng.key(0), -1)).toThrow(/must be positive/);
    expect(() => prng.gamma(prng.key(0), [1, 2, 3], [2])).toThrow(ShapeError);
  });
});

describe("prng.loggamma", () => {
  it("is log of Gamma(0.5): KS distance of exp(samples)", () => {
    const x = prng.loggamma(prng.key(16), 0.5, [N]).data();
    expect(ksDistance(x, (t) => erfRef(Math.sqrt(Math.exp(t))))).toBeLessThan(KS_LIMIT);
  });

  it("stays finite for tiny shapes where gamma underflows", () => {
    const x = prng.loggamma(prng.key(17), 0.001, [1000]).data();
    expect(x.every((t) => Number.isFinite(t))).toBe(true);
    // log Gamma(a) ≈ log(U)/a for small a: the median is about log(½)/a ≈ −693.
    const sorted = Float64Array.from(x).sort();
    expect(sorted[500]).toBeLessThan(-300);
  });
});

describe("prng.beta", () => {
  it("is Beta(2, 3): moments and KS distance against 6x² − 8x³ + 3x⁴", () => {
    const x = prng.beta(prng.key(18), 2, 3, [N]).data();
    // mean a/(a+b) = 0.4, variance ab/((a+b)²(a+b+1)) = 0.04; excess kurtosis
    // 6[(a−b)²(a+b+1) − ab(a+b+2)] / (ab(a+b+2)(a+b+3)) = 6(6 − 42)/336 = −9/14, so μ₄/σ⁴ = 33/14.
    expectMoments(x, 0.4, 0.04, 33 / 14);
    expect(ksDistance(x, (t) => (t <= 0 ? 0 : t >= 1 ? 1 : 6 * t * t - 8 * t ** 3 + 3 * t ** 4))).toBeLessThan(KS_LIMIT);
  });

  it("is Beta(½, ½) (the arcsine law, CDF (2/π)·asin(√x))", () => {
    const x = prng.beta(prng.key(19), 0.5, 0.5, [N]).data();
    expect(ksDistance(x, (t) => (2 / Math.PI) * Math.asin(Math.sqrt(Math.min(1, Math.max(0, t)))))).toBeLessThan(KS_LIMIT);
  });

  it("takes its shape from the broadcast parameters by default", () => {
    expect(prng.beta(prng.key(0), [1, 2, 3], 2).shape).toEqual([3]);
    expect(prng.beta(prng.key(0), [[1], [2]], [1, 2, 3]).shape).toEqual([2, 3]);
  });
});

describe("prng.dirichlet", () => {
  it("gives rows on the simplex with means α/Σα", () => {
    const x = prng.dirichlet(prng.key(20), [1, 2, 3], [20000]);
    expect(x.shape).toEqual([20000, 3]);
    const v = x.data();
    const means = [0, 0, 0];
    for (let i = 0; i < 20000; i++) {
      const row = [v[3 * i] as number, v[3 * i + 1] as number, v[3 * i + 2] as number];
      expect(Math.abs(row[0]! + row[1]! + row[2]! - 1)).toBeLessThan(1e-5);
      row.forEach((r, j) => (means[j] = (means[j] as number) + r / 20000));
    }
    // Var(X_j) ≤ 1/(4·(Σα + 1)) = 1/28, so the standard error of a mean is below 0.0014.
    [1 / 6, 2 / 6, 3 / 6].forEach((m, j) => expect(Math.abs((means[j] as number) - m)).toBeLessThan(0.008));
  });

  it("defaults its batch shape to alpha's leading axes", () => {
    expect(prng.dirichlet(prng.key(0), [[1, 1], [2, 2], [3, 3]]).shape).toEqual([3, 2]);
  });

  it("rejects 0-d alpha with ValueError", () => {
    expect(() => prng.dirichlet(prng.key(0), 1)).toThrow(ValueError);
    expect(() => prng.dirichlet(prng.key(0), 1)).toThrow(/at least one dimension/);
  });
});
