// Statistical references for the distribution tests, written independently of the samplers in
// plain float64 JS: special functions (log Γ, regularised incomplete gamma and beta, Φ), the
// Kolmogorov–Smirnov distance, a binned chi-square test and moment checks with stated thresholds.

import { expect } from "vitest";
import type { Array } from "@brainstate/core";

/** Samples of an Array as float64 JS numbers. */
export function values(x: Array): Float64Array {
  return Float64Array.from(x.data() as ArrayLike<number>, Number);
}

// ---- special functions ------------------------------------------------------------------------

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
  -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** log Γ(x) for x > 0 (Lanczos approximation, g = 7; relative error ≈ 1e-15). */
export function lgamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lgamma(1 - x);
  const z = x - 1;
  let s = LANCZOS[0] as number;
  for (let i = 1; i < 9; i++) s += (LANCZOS[i] as number) / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(s);
}

/** Regularised lower incomplete gamma P(a, x) (series below a + 1, Lentz continued fraction above). */
export function gammaP(a: number, x: number): number {
  if (x <= 0) return 0;
  if (!Number.isFinite(x)) return 1;
  const logPrefix = a * Math.log(x) - x - lgamma(a);
  if (x < a + 1) {
    let term = 1 / a;
    let sum = term;
    for (let n = 1; n < 10000; n++) {
      term *= x / (a + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * 1e-16) break;
    }
    return sum * Math.exp(logPrefix);
  }
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 10000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-16) break;
  }
  return 1 - Math.exp(logPrefix) * h;
}

/** Continued fraction of the incomplete beta function (modified Lentz). */
function betaCf(a: number, b: number, x: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m < 10000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-16) break;
  }
  return h;
}

/** Regularised incomplete beta I_x(a, b). */
export function betaI(a: number, b: number, x: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const logFront = lgamma(a + b) - lgamma(a) - lgamma(b) + a * Math.log(x) + b * Math.log1p(-x);
  if (x < (a + 1) / (a + b + 2)) return (Math.exp(logFront) * betaCf(a, b, x)) / a;
  return 1 - (Math.exp(logFront) * betaCf(b, a, 1 - x)) / b;
}

/** The standard normal CDF Φ(x) = ½(1 + erf(x/√2)), with erf(y) = P(½, y²). */
export function normalCdf(x: number): number {
  const p = gammaP(0.5, (x * x) / 2);
  return x >= 0 ? 0.5 + 0.5 * p : 0.5 - 0.5 * p;
}

/** The Poisson(μ) probabilities of 0, 1, … up to where the remaining mass is below 10⁻¹⁶. */
function poissonWeights(mu: number): number[] {
  const w: number[] = [];
  let total = 0;
  for (let j = 0; j < 1000; j++) {
    const p = Math.exp(-mu + j * Math.log(mu) - lgamma(j + 1));
    w.push(p);
    total += p;
    if (j > mu && 1 - total < 1e-16) break;
  }
  return w;
}

/**
 * `cdf` evaluated on a grid of `points` over [lo, hi] and interpolated linearly in between
 * (exact outside, so [lo, hi] must avoid a singular density): for CDFs that are expensive to
 * evaluate 10⁵ times. The interpolation error is below h²·max|f′|/8 (h the grid step).
 */
export function gridded(cdf: (x: number) => number, lo: number, hi: number, points = 4001): (x: number) => number {
  const h = (hi - lo) / (points - 1);
  const table = Float64Array.from({ length: points }, (_, i) => cdf(lo + i * h));
  return (x) => {
    if (x <= lo || x >= hi) return cdf(x);
    const t = (x - lo) / h;
    const i = Math.min(points - 2, Math.floor(t));
    const w = t - i;
    return (table[i] as number) * (1 - w) + (table[i + 1] as number) * w;
  };
}

/** CDF of the noncentral χ²(k, λ): a Poisson(λ/2) mixture of central χ²(k + 2j). */
export function noncentralChi2Cdf(k: number, lam: number): (x: number) => number {
  const w = poissonWeights(lam / 2);
  return (x) => w.reduce((s, wj, j) => s + wj * gammaP(k / 2 + j, x / 2), 0);
}

/** CDF of the noncentral F(d1, d2, λ): a Poisson(λ/2) mixture of incomplete beta functions. */
export function noncentralFCdf(d1: number, d2: number, lam: number): (x: number) => number {
  const w = poissonWeights(lam / 2);
  return (x) => {
    if (x <= 0) return 0;
    const y = (d1 * x) / (d1 * x + d2);
    return w.reduce((s, wj, j) => s + wj * betaI(d1 / 2 + j, d2 / 2, y), 0);
  };
}

/** ζ(a) for a > 1: the first 10⁵ terms plus the Euler–Maclaurin tail. */
export function zeta(a: number): number {
  const m = 100000;
  let s = 0;
  for (let k = m; k >= 1; k--) s += k ** -a;
  return s + m ** (1 - a) / (a - 1) - 0.5 * m ** -a;
}

/** The digamma function ψ(x), x > 0 (recurrence up to x ≥ 6, then the asymptotic series). */
export function digamma(x: number): number {
  let acc = 0;
  let y = x;
  while (y < 6) {
    acc -= 1 / y;
    y += 1;
  }
  const y2 = 1 / (y * y);
  return acc + Math.log(y) - 0.5 / y - y2 * (1 / 12 - y2 * (1 / 120 - y2 / 252));
}

/** The trigamma function ψ′(x), x > 0 (recurrence up to x ≥ 6, then the asymptotic series). */
export function trigamma(x: number): number {
  let acc = 0;
  let y = x;
  while (y < 6) {
    acc += 1 / (y * y);
    y += 1;
  }
  const y2 = 1 / (y * y);
  return acc + 1 / y + y2 / 2 + (y2 / y) * (1 / 6 - y2 * (1 / 30 - y2 / 42));
}

/**
 * A density on [lo, hi] tabulated on a fine grid (trapezoid rule, normalised numerically): its
 * mean, variance and CDF (linear interpolation between grid points).
 */
export function tabulated(density: (x: number) => number, lo: number, hi: number, points = 20001): { mean: number; variance: number; cdf: (x: number) => number } {
  const h = (hi - lo) / (points - 1);
  const xs = Float64Array.from({ length: points }, (_, i) => lo + i * h);
  const fs = xs.map(density);
  const cum = new Float64Array(points);
  for (let i = 1; i < points; i++) cum[i] = (cum[i - 1] as number) + ((fs[i - 1] as number) + (fs[i] as number)) * h * 0.5;
  const total = cum[points - 1] as number;
  let m1 = 0;
  let m2 = 0;
  for (let i = 1; i < points; i++) {
    const a = xs[i - 1] as number;
    const b = xs[i] as number;
    const fa = (fs[i - 1] as number) / total;
    const fb = (fs[i] as number) / total;
    m1 += (a * fa + b * fb) * h * 0.5;
    m2 += (a * a * fa + b * b * fb) * h * 0.5;
  }
  const cdf = (x: number): number => {
    if (x <= lo) return 0;
    if (x >= hi) return 1;
    const t = (x - lo) / h;
    const i = Math.min(points - 2, Math.floor(t));
    const w = t - i;
    return ((cum[i] as number) * (1 - w) + (cum[i + 1] as number) * w) / total;
  };
  return { mean: m1, variance: m2 - m1 * m1, cdf };
}

// ---- tests ------------------------------------------------------------------------------------

/**
 * Kolmogorov–Smirnov test of the samples against `cdf`: the distance D must be below
 * 2.23/√n, the asymptotic critical value at α = 10⁻⁴ (√(−ln(α/2)/2) = 2.226).
 */
export function expectKs(samples: Float64Array, cdf: (x: number) => number): number {
  const x = Float64Array.from(samples).sort();
  const n = x.length;
  let d = 0;
  for (let i = 0; i < n; i++) {
    const F = cdf(x[i] as number);
    d = Math.max(d, (i + 1) / n - F, F - i / n);
  }
  expect(d).toBeLessThan(2.23 / Math.sqrt(n));
  return d;
}

/**
 * Chi-square goodness-of-fit test of integer samples against `pmf` over `lo…hi` (values outside
 * are pooled into the upper tail bin; `lo` is the smallest value of the support; neighbouring bins are merged until each expects ≥ 5 samples).
 * The statistic must be below the α = 10⁻⁴ critical value of χ²(bins − 1) (Wilson–Hilferty,
 * z = 3.719).
 */
export function expectChiSquare(samples: Float64Array, pmf: (k: number) => number, lo: number, hi: number): number {
  const n = samples.length;
  const counts = new Float64Array(hi - lo + 1);
  let fractional = 0;
  for (const v of samples) {
    if (!Number.isInteger(v)) fractional++;
    const i = Math.min(Math.max(v, lo), hi) - lo;
    counts[i] = (counts[i] as number) + 1;
  }
  expect(fractional).toBe(0);
  const probs = new Float64Array(hi - lo + 1);
  let inner = 0;
  for (let k = lo + 1; k < hi; k++) {
    probs[k - lo] = pmf(k);
    inner += probs[k - lo] as number;
  }
  // The end bins hold the tails: P(X = lo) (lo is the support's minimum) and P(X ≥ hi).
  probs[0] = pmf(lo);
  probs[hi - lo] = Math.max(0, 1 - inner - (probs[0] as number));
  const bins: [number, number][] = [];
  let obs = 0;
  let exp = 0;
  for (let i = 0; i < probs.length; i++) {
    obs += counts[i] as number;
    exp += (probs[i] as number) * n;
    if (exp >= 5) {
      bins.push([obs, exp]);
      obs = 0;
      exp = 0;
    }
  }
  if (exp > 0 || obs > 0) {
    const last = bins.pop() ?? [0, 0];
    bins.push([last[0] + obs, last[1] + exp]);
  }
  const stat = bins.reduce((s, [o, e]) => s + ((o - e) * (o - e)) / e, 0);
  const df = Math.max(1, bins.length - 1);
  const z = 3.719;
  const crit = df * (1 - 2 / (9 * df) + z * Math.sqrt(2 / (9 * df))) ** 3;
  expect(stat).toBeLessThan(crit);
  return stat;
}

/**
 * The sample mean and variance must match the closed forms within 5 standard errors (two-sided
 * α ≈ 6·10⁻⁷): SE(mean) = σ/√n and SE(variance) = √((m₄ − s⁴)/n) with the sample's fourth
 * central moment m₄ (the distributions tested have finite fourth moments).
 */
export function expectMoments(samples: Float64Array, mean: number, variance: number): void {
  const n = samples.length;
  let m = 0;
  for (const v of samples) m += v;
  m /= n;
  let m2 = 0;
  let m4 = 0;
  for (const v of samples) {
    const d = (v - m) * (v - m);
    m2 += d;
    m4 += d * d;
  }
  m2 /= n;
  m4 /= n;
  expect(Math.abs(m - mean)).toBeLessThan(5 * Math.sqrt(variance / n));
  expect(Math.abs(m2 - variance)).toBeLessThan(5 * Math.sqrt(Math.max(m4 - m2 * m2, 0) / n) + 1e-12);
}
