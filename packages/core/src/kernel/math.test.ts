// Tests for the special-function builders of kernel/math.ts: each is run through both the kernel
// interpreter and the JS renderer, against reference values from exact identities or mpmath.

import { describe, expect, it } from "vitest";
import { allocData, type DataArray } from "../dtype/dtype.js";
import { GIDX, load } from "./build.js";
import { interpretKernel } from "./interpret.js";
import type { Exp, Kernel } from "./ir.js";
import { digamma, erf, erfc, erfinv, lgamma, logistic, logit } from "./math.js";
import { JS_HELPERS, renderJsKernel } from "./render/js.js";

type FloatDType = "float32" | "float64";
type Builder = (x: Exp) => Exp;

/**
 * Evaluates `f` elementwise on `xs` with the interpreter (float32 semantics: every intermediate
 * rounded) and with generated JS (float32 chains evaluated in float64, rounded on store). In
 * float64 they must agree bit for bit; in float32 within 4 ulps, with identical non-finite values.
 */
function evaluate(f: Builder, dtype: FloatDType, xs: readonly number[]): number[] {
  const kernel: Kernel = { inputs: [dtype], size: xs.length, dtype, exp: f(load(0, dtype, GIDX)) };
  const input = allocData(dtype, xs.length);
  input.set(xs);
  const viaInterp = allocData(dtype, xs.length);
  interpretKernel(kernel, [input], viaInterp);
  const viaJs = allocData(dtype, xs.length);
  const fn = new Function("ins", "out", "h", renderJsKernel(kernel)) as (
    ins: DataArray[],
    out: DataArray,
    h: typeof JS_HELPERS,
  ) => void;
  fn([input], viaJs, JS_HELPERS);
  const a = Array.from(viaInterp);
  const b = Array.from(viaJs);
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as number;
    const y = b[i] as number;
    const close = dtype === "float32" && Number.isFinite(x) && Number.isFinite(y) && Math.abs(x - y) <= 4 * 2 ** -23 * Math.max(Math.abs(x), 2 ** -126);
    if (!Object.is(x, y) && !close) throw new Error(`interpreter ${x} vs JS ${y} at x = ${xs[i]}`);
  }
  return a;
}

/** Checks |got - want| <= rtol |want| + atol at every point (exact match for non-finite references). */
function expectClose(
  f: Builder,
  dtype: FloatDType,
  cases: readonly (readonly [number, number])[],
  rtol: number,
  atol = 0,
): void {
  const got = evaluate(f, dtype, cases.map((c) => c[0]));
  cases.forEach(([x, want], i) => {
    const g = got[i] as number;
    if (!Number.isFinite(want)) {
      expect(g, `f(${x})`).toBe(want);
      return;
    }
    const err = Math.abs(g - want);
    if (err > rtol * Math.abs(want) + atol) {
      expect.fail(`${dtype} f(${x}) = ${g}, want ${want} (error ${err}, relative ${err / Math.abs(want)})`);
    }
  });
}

/** Checks special values exactly (Object.is: -0 and NaN must match too). */
function expectExact(f: Builder, dtype: FloatDType, cases: readonly (readonly [number, number])[]): void {
  const got = evaluate(f, dtype, cases.map((c) => c[0]));
  cases.forEach(([x, want], i) => expect(Object.is(got[i], want), `f(${x}) = ${got[i]}, want ${want}`).toBe(true));
}

const EULER_GAMMA = 0.57721566490153286; // Euler–Mascheroni constant
const SQRT_PI = Math.sqrt(Math.PI);
const F32_RTOL = 3e-7; // about 2.5 float32 ulps
const F64_RTOL = 2e-15;

// erf and erfc references: mpmath 1.3.0 (mp.dps = 30) mp.erf / mp.erfc at the listed (dyadic) points.
const ERF: readonly (readonly [number, number])[] = [
  [0.125, 0.14031620480133382],
  [0.25, 0.27632639016823693],
  [0.5, 0.52049987781304654],
  [0.75, 0.71115563365351513],
  [1, 0.84270079294971487],
  [1.5, 0.96610514647531073],
  [2, 0.99532226501895273],
  [2.5, 0.99959304798255504],
  [3, 0.99997790950300141],
  [4, 0.9999999845827421],
  [5, 0.99999999999846254],
  [6, 0.99999999999999998],
];
const ERFC: readonly (readonly [number, number])[] = [
  [0.25, 0.72367360983176307],
  [0.5, 0.47950012218695346],
  [1, 0.15729920705028513],
  [2, 0.0046777349810472658],
  [3, 2.2090496998585441e-5],
  [4, 1.5417257900280019e-8],
  [5, 1.5374597944280349e-12],
  [6, 2.1519736712498913e-17],
  [8, 1.1224297172982927e-29],
  [9, 4.1370317465138102e-37],
  [10, 2.0884875837625448e-45],
  [15, 7.2129941724512067e-100],
  [20, 5.3958656116079009e-176],
  [26, 5.6631924088561428e-296],
];
// Non-dyadic tail points, where x*x is inexact (exp(-x^2) must not be taken naively): mpmath as above,
// the float32 ones at the float32 nearest the decimal.
const ERFC_INEXACT_SQUARE: readonly (readonly [number, number])[] = [
  [4.3, 1.1934717937220432e-9],
  [7.7, 1.2942740067717136e-27],
  [12.34, 3.3592521310392919e-68],
  [25.9, 1.0202833184732667e-293],
];
const ERFC_INEXACT_SQUARE_F32: readonly (readonly [number, number])[] = [
  [Math.fround(3.3), 3.0577107995706838e-6],
  [Math.fround(7.7), 1.2942778400111532e-27],
  [Math.fround(8.9), 2.5053746159423379e-36],
];
// erfinv references: mpmath 1.3.0 (mp.dps = 30) mp.erfinv at the exact (dyadic) inputs.
const ERFINV: readonly (readonly [number, number])[] = [
  [0.125, 0.11123545184094996],
  [0.25, 0.2253120550121781],
  [0.5, 0.47693627620446987],
  [0.75, 0.81341984759761854],
  [0.875, 1.0847870400692831],
  [0.9375, 1.3171503349861307],
  [1 - 2 ** -8, 2.0404520146056092],
  [1 - 2 ** -16, 3.0581795818509161],
  [1 - 2 ** -24, 3.8325068569007109],
];
const ERFINV_F64_ONLY: readonly (readonly [number, number])[] = [
  [1 - 2 ** -40, 5.05125408524939],
  [1 - 2 ** -52, 5.8050186831934533],
];

const odd = (cases: readonly (readonly [number, number])[]): [number, number][] =>
  cases.map(([x, y]) => [-x, -y] as [number, number]);

// lgamma references from identities: Gamma(n) = (n-1)! (exact in float64 up to 18!),
// Gamma(1/2) = sqrt(pi) and Gamma(x+1) = x Gamma(x) for the half-integers. Where float64 evaluation
// of the closed form would cancel, its value to 17 digits (mpmath, mp.dps = 30) is written out.
const factorial = (n: number): number => (n <= 1 ? 1 : n * factorial(n - 1));
const LGAMMA_IDENTITIES: readonly (readonly [number, number])[] = [
  ...Array.from({ length: 19 }, (_, i) => [i + 1, Math.log(factorial(i))] as const),
  [0.5, Math.log(SQRT_PI)],
  [1.5, -0.12078223763524522], // log(sqrt(pi)/2)
  [2.5, Math.log((3 * SQRT_PI) / 4)],
  [5.5, Math.log((945 * SQRT_PI) / 32)],
  [-0.5, Math.log(2 * SQRT_PI)],
  [-1.5, Math.log((4 * SQRT_PI) / 3)],
  [-2.5, -0.056243716497674051], // log(8 sqrt(pi)/15)
];
// lgamma references: mpmath 1.3.0 (mp.dps = 30) mp.loggamma / log|mp.gamma|.
const LGAMMA_MPMATH: readonly (readonly [number, number])[] = [
  [0.125, 2.0194183575537963],
  [3.5, 1.2009736023470742],
  [7.25, 7.0521854507385394],
  [30.5, 72.953471184169408],
  [100, 359.1342053695754],
  [-0.25, 1.589575312551186],
  [-3.75, -1.3172679424463637],
  [-10.5, -15.147270590717841],
];
// Near the roots 1 and 2 (relative accuracy is the point here).
const LGAMMA_NEAR_ROOTS: readonly (readonly [number, number])[] = [
  [1 + 2 ** -20, -5.5047500661488668e-7],
  [2 - 2 ** -20, -4.0319826848018476e-7],
];
const LGAMMA_F64_ONLY: readonly (readonly [number, number])[] = [
  [1e10, 220258509288.81058],
  [1e300, 6.8977552789821374e302],
];

// digamma references from identities: psi(1) = -gamma, psi(n) = H(n-1) - gamma, psi(1/2) = -gamma - 2 ln 2,
// Gauss's digamma theorem for 1/4 and 3/4, and psi(x+1) = psi(x) + 1/x. Where float64 evaluation of
// the closed form would cancel, its value to 17 digits (mpmath, mp.dps = 30) is written out.
const harmonic = (n: number): number => (n === 0 ? 0 : 1 / n + harmonic(n - 1));
const PSI_HALF = -EULER_GAMMA - 2 * Math.LN2;
const PSI_THREE_HALVES = 0.036489973978576521; // 2 - gamma - 2 ln 2
const PSI_QUARTER = -EULER_GAMMA - Math.PI / 2 - 3 * Math.LN2;
const PSI_THREE_QUARTERS = -EULER_GAMMA + Math.PI / 2 - 3 * Math.LN2;
const DIGAMMA_IDENTITIES: readonly (readonly [number, number])[] = [
  ...Array.from({ length: 12 }, (_, i) => [i + 1, harmonic(i) - EULER_GAMMA] as const),
  [0.5, PSI_HALF],
  [1.5, PSI_THREE_HALVES],
  [2.5, PSI_HALF + 2 + 2 / 3],
  [0.25, PSI_QUARTER],
  [1.25, -0.22745353337626541], // 4 - gamma - pi/2 - 3 ln 2
  [0.75, PSI_THREE_QUARTERS],
  [1.75, 0.24747245354686116], // 4/3 - gamma + pi/2 - 3 ln 2
];
const DIGAMMA_NEGATIVE_IDENTITIES: readonly (readonly [number, number])[] = [
  [-0.5, PSI_THREE_HALVES],
  [-1.5, PSI_HALF + 2 + 2 / 3],
  [-0.25, PSI_THREE_QUARTERS + 4],
  [-0.75, PSI_QUARTER + 4 / 3],
];
// digamma references: mpmath 1.3.0 (mp.dps = 30) mp.digamma.
const DIGAMMA_MPMATH: readonly (readonly [number, number])[] = [
  [0.125, -8.3884926632958549],
  [1.6875, 0.19858497850851857],
  [3.5, 1.1031566406452432],
  [7.25, 1.910453526883736],
  [30.5, 3.4012436689616611],
  [100, 4.6001618527380874],
  [-3.75, -1.6923885983113303],
  [-10.5, 2.3982391295357816],
];
const DIGAMMA_F64_ONLY: readonly (readonly [number, number])[] = [
  [1e10, 23.025850929890457],
  [1e300, 690.77552789821371],
  [1e-8, -100000000.57721565],
  // The float64 nearest the positive zero x0 = 1.46163214496836234126...: psi there is -psi'(x0) (x0 - x).
  [1.4616321449683622, -9.2412655217294275e-17],
];

describe("erf / erfc", () => {
  it("match mpmath in float64, odd / reflected for negative x", () => {
    expectClose(erf, "float64", [...ERF, ...odd(ERF)], F64_RTOL);
    expectClose(erfc, "float64", [...ERFC, ...ERFC_INEXACT_SQUARE], F64_RTOL);
    expectClose(erfc, "float64", ERF.map(([x, y]) => [-x, 1 + y] as const), F64_RTOL);
  });

  it("match mpmath in float32, the erfc tail down to x = 9", () => {
    expectClose(erf, "float32", [...ERF, ...odd(ERF)], F32_RTOL);
    expectClose(erfc, "float32", [...ERFC.filter(([x]) => x <= 9), ...ERFC_INEXACT_SQUARE_F32], F32_RTOL);
  });

  it("erf(x) ~ 2x/sqrt(pi) for tiny x (no underflow to 0)", () => {
    const tiny = [1e-20, -1e-200, 1e-300].map((x) => [x, (2 / SQRT_PI) * x] as const);
    expectClose(erf, "float64", tiny, 1e-15);
    expectClose(erf, "float32", [[1e-20, (2 / SQRT_PI) * 1e-20]], F32_RTOL);
  });

  it("erf + erfc = 1 across the range", () => {
    const xs = Array.from({ length: 121 }, (_, i) => -6 + i / 10);
    const e = evaluate(erf, "float64", xs);
    const c = evaluate(erfc, "float64", xs);
    xs.forEach((_, i) => expect(Math.abs((e[i] as number) + (c[i] as number) - 1)).toBeLessThan(3e-16));
  });

  it("special values", () => {
    for (const d of ["float32", "float64"] as const) {
      expectExact(erf, d, [[0, 0], [-0, -0], [Infinity, 1], [-Infinity, -1], [NaN, NaN], [100, 1], [-100, -1]]);
      expectExact(erfc, d, [[0, 1], [Infinity, 0], [-Infinity, 2], [NaN, NaN], [40, 0], [-40, 2], [1e300, 0]]);
    }
  });
});

describe("erfinv", () => {
  it("matches mpmath in float64, odd for negative x", () => {
    const cases = [...ERFINV, ...ERFINV_F64_ONLY];
    expectClose(erfinv, "float64", [...cases, ...odd(cases)], F64_RTOL);
    expectClose(erfinv, "float64", [[1e-10, (SQRT_PI / 2) * 1e-10], [-1e-300, (-SQRT_PI / 2) * 1e-300]], 1e-15);
  });

  it("matches mpmath in float32 (Giles' single-precision polynomials)", () => {
    expectClose(erfinv, "float32", [...ERFINV, ...odd(ERFINV)], F32_RTOL);
  });

  it("inverts erf: erfinv(erf(x)) = x", () => {
    const xs = Array.from({ length: 81 }, (_, i) => -2 + i / 20);
    const back = evaluate(erfinv, "float64", evaluate(erf, "float64", xs));
    // The rounding of erf(x) to float64 alone moves the result by about sqrt(pi)/2 exp(x^2) 1.1e-16.
    xs.forEach((x, i) => expect(Math.abs((back[i] as number) - x)).toBeLessThan(3e-16 * Math.exp(x * x) + 1e-17));
  });

  it("special values", () => {
    for (const d of ["float32", "float64"] as const) {
      expectExact(erfinv, d, [
        [0, 0],
        [-0, -0],
        [1, Infinity],
        [-1, -Infinity],
        [1.5, NaN],
        [-2, NaN],
        [Infinity, NaN],
        [-Infinity, NaN],
        [NaN, NaN],
      ]);
    }
  });
});

describe("lgamma", () => {
  it("matches log((n-1)!), half-integer identities and mpmath in float64", () => {
    expectClose(lgamma, "float64", [...LGAMMA_IDENTITIES, ...LGAMMA_MPMATH, ...LGAMMA_F64_ONLY], F64_RTOL, 1e-16);
  });

  it("keeps relative accuracy near the roots 1 and 2", () => {
    expectClose(lgamma, "float64", LGAMMA_NEAR_ROOTS, 1e-14);
    expectClose(lgamma, "float32", LGAMMA_NEAR_ROOTS, F32_RTOL);
  });

  it("matches the same references in float32 (absolute 1e-6 for x < 0: reflection cancels)", () => {
    const all = [...LGAMMA_IDENTITIES, ...LGAMMA_MPMATH];
    expectClose(lgamma, "float32", all.filter(([x]) => x > 0), F32_RTOL, 1e-7);
    expectClose(lgamma, "float32", all.filter(([x]) => x < 0), F32_RTOL, 1e-6);
  });

  it("satisfies lgamma(x+1) = lgamma(x) + log|x| for negative x (reflection)", () => {
    const xs = Array.from({ length: 40 }, (_, i) => -20.3 + i * 0.5);
    const a = evaluate(lgamma, "float64", xs);
    const b = evaluate(lgamma, "float64", xs.map((x) => x + 1));
    xs.forEach((x, i) => {
      expect(Math.abs((b[i] as number) - (a[i] as number) - Math.log(Math.abs(x)))).toBeLessThan(1e-13);
    });
  });

  it("poles and special values", () => {
    for (const d of ["float32", "float64"] as const) {
      expectExact(lgamma, d, [
        [0, Infinity],
        [-0, Infinity],
        [-1, Infinity],
        [-7, Infinity],
        [-1e6, Infinity],
        [Infinity, Infinity],
        [-Infinity, Infinity],
        [NaN, NaN],
        [1, 0],
        [2, 0],
      ]);
    }
    // Tiny arguments: lgamma(x) = -log|x| - gamma x + O(x^2).
    expectClose(lgamma, "float64", [[1e-300, 300 * Math.LN10], [-1e-300, 300 * Math.LN10]], 1e-15);
    expectClose(lgamma, "float32", [[2 ** -140, 140 * Math.LN2]], F32_RTOL);
  });
});

describe("digamma", () => {
  it("matches harmonic numbers, Gauss's theorem and mpmath in float64", () => {
    expectClose(digamma, "float64", [...DIGAMMA_IDENTITIES, ...DIGAMMA_MPMATH, ...DIGAMMA_F64_ONLY], F64_RTOL);
    expectClose(digamma, "float64", DIGAMMA_NEGATIVE_IDENTITIES, F64_RTOL, 1e-15);
  });

  it("matches the same references in float32 (absolute 1e-6 for x < 0: reflection cancels)", () => {
    expectClose(digamma, "float32", [...DIGAMMA_IDENTITIES, ...DIGAMMA_MPMATH.filter(([x]) => x > 0)], F32_RTOL);
    const negative = [...DIGAMMA_NEGATIVE_IDENTITIES, ...DIGAMMA_MPMATH.filter(([x]) => x < 0)];
    expectClose(digamma, "float32", negative, F32_RTOL, 1e-6);
  });

  it("satisfies psi(x+1) = psi(x) + 1/x on both sides of 0 (recurrence across the method switches)", () => {
    const xs = Array.from({ length: 60 }, (_, i) => -14.83 + i * 0.45);
    const a = evaluate(digamma, "float64", xs);
    const b = evaluate(digamma, "float64", xs.map((x) => x + 1));
    xs.forEach((x, i) => {
      const want = (a[i] as number) + 1 / x;
      expect(Math.abs((b[i] as number) - want)).toBeLessThan(4e-15 * Math.max(1, Math.abs(want), Math.abs(1 / x)));
    });
  });

  it("poles and special values, as SciPy", () => {
    for (const d of ["float32", "float64"] as const) {
      expectExact(digamma, d, [
        [0, -Infinity],
        [-0, Infinity],
        [-1, NaN],
        [-10, NaN],
        [Infinity, Infinity],
        [-Infinity, NaN],
        [NaN, NaN],
      ]);
    }
    // Tiny arguments: psi(x) = -1/x - gamma + O(x).
    expectClose(digamma, "float64", [[1e-300, -1e300], [-1e-300, 1e300]], 1e-15);
  });
});

describe("logistic / logit", () => {
  // Identities: logistic(ln 3) = 3/4, logistic(x) = (1 + tanh(x/2))/2, logit(x) = 2 atanh(2x - 1),
  // logistic(x) = e^x (1 - e^x + ...) for very negative x.
  const LOGISTIC: readonly (readonly [number, number])[] = [
    [0, 0.5],
    [Math.log(3), 0.75],
    [-Math.log(3), 0.25],
    ...[0.1, 1, 2.5, 7, 20].map((x) => [x, (1 + Math.tanh(x / 2)) / 2] as const),
    [-50, Math.exp(-50)],
    [-700, Math.exp(-700)],
  ];
  const LOGIT: readonly (readonly [number, number])[] = [
    [0.75, Math.log(3)],
    [0.25, -Math.log(3)],
    [0.125, -Math.log(7)],
    [0.875, Math.log(7)],
    ...[2 ** -10, 0.3, 0.5 - 2 ** -20, 0.5 + 2 ** -30, 0.6, 1 - 2 ** -20].map(
      (x) => [x, 2 * Math.atanh(2 * x - 1)] as const,
    ),
    [1e-300, Math.log(1e-300)],
  ];

  it("match identities in float64 and float32", () => {
    expectClose(logistic, "float64", LOGISTIC, 1e-15);
    expectClose(logit, "float64", LOGIT, 1e-15);
    expectClose(logistic, "float32", LOGISTIC.filter(([x]) => x > -80 && Math.fround(x) === x), F32_RTOL);
    expectClose(logit, "float32", LOGIT.filter(([x]) => x > 1e-30 && Math.fround(x) === x), F32_RTOL);
  });

  it("logit inverts logistic", () => {
    const xs = Array.from({ length: 61 }, (_, i) => -30 + i);
    const back = evaluate(logit, "float64", evaluate(logistic, "float64", xs));
    // For x > 0, rounding logistic(x) near 1 (steps of 2^-53) alone moves the result by up to ~6e-17 e^x.
    xs.forEach((x, i) => {
      const tol = x <= 0 ? 1e-14 * Math.max(1, -x) : 2e-16 * Math.exp(x) + 1e-14;
      expect(Math.abs((back[i] as number) - x)).toBeLessThan(tol);
    });
  });

  it("special values", () => {
    for (const d of ["float32", "float64"] as const) {
      expectExact(logistic, d, [[Infinity, 1], [-Infinity, 0], [NaN, NaN], [-1000, 0], [1000, 1]]);
      expectExact(logit, d, [[0, -Infinity], [1, Infinity], [0.5, 0], [-0.25, NaN], [1.5, NaN], [NaN, NaN]]);
    }
  });
});

describe("dtype checks", () => {
  it("rejects non-float expressions", () => {
    for (const f of [erf, erfc, erfinv, lgamma, digamma, logistic, logit]) {
      expect(() => f(load(0, "int32", GIDX))).toThrow(/float32 or float64/);
    }
  });
});
