// Every surrogate of brainstate, through the package's public entry: the forward pass is exactly
// the Heaviside step; grad equals the surrogate derivative g'(x) at 50 points, where g' is written
// here again in plain JS from the published/documented formulas (brainstate 0.1.0 surrogate.py
// docstrings; DESIGN §6 for the documented-over-code divergences); it holds under vmap(grad),
// jit and a jitted scan; toString/keys/defaults match brainstate's repr/hash/defaults.
import { describe, expect, it } from "vitest";
import { grad, jit, np, OptionError, scan, ValueError, vmap, type Array } from "@brainstate/core";
import { expectAllclose } from "@brainstate/core/testing";
import * as S from "@brainstate/surrogate";

type Params = Record<string, number>;

interface Case {
  /** Class name as exported (and as brainstate spells it). */
  readonly cls: string;
  /** Function form as exported (TS casing of brainstate's name). */
  readonly fn: string;
  /** brainstate 0.1.0's defaults, in its repr order. */
  readonly defaults: Params;
  /** A second set of hyper-parameters, to show they are used. */
  readonly custom: Params;
  /** g'(x), written independently of the package. */
  readonly grad: (p: Params) => (x: number) => number;
  /** g(x) where the class defines `surrogateFun`; null: defined, values checked separately. */
  readonly fun?: ((p: Params) => (x: number) => number) | null;
  /** False where brainstate's own g is not an antiderivative of its g' (kept as in brainstate). */
  readonly funIsAntiderivative?: false;
}

const p = (o: Params, k: string): number => o[k] as number;
const logistic = (z: number): number => 1 / (1 + Math.exp(-z));
const normal = (x: number, mu: number, sd: number): number => Math.exp(-((x - mu) ** 2) / (2 * sd * sd)) / (Math.sqrt(2 * Math.PI) * sd);

const CASES: readonly Case[] = [
  {
    cls: "Sigmoid",
    fn: "sigmoid",
    defaults: { alpha: 4 },
    custom: { alpha: 1.5 },
    // g' = α σ(αx)(1 − σ(αx)); g = σ(αx)
    grad: (o) => (x) => p(o, "alpha") * logistic(p(o, "alpha") * x) * (1 - logistic(p(o, "alpha") * x)),
    fun: (o) => (x) => logistic(p(o, "alpha") * x),
  },
  {
    cls: "PiecewiseQuadratic",
    fn: "piecewiseQuadratic",
    defaults: { alpha: 1 },
    custom: { alpha: 2 },
    // documented: g' = −α²|x| + α on |x| ≤ 1/α, else 0; g = −½α²|x|x + αx + ½ there, 0 / 1 outside
    grad: (o) => (x) => (Math.abs(x) > 1 / p(o, "alpha") ? 0 : p(o, "alpha") - p(o, "alpha") ** 2 * Math.abs(x)),
    fun: (o) => (x) => {
      const a = p(o, "alpha");
      if (x < -1 / a) return 0;
      if (x > 1 / a) return 1;
      return -0.5 * a * a * Math.abs(x) * x + a * x + 0.5;
    },
  },
  {
    cls: "PiecewiseExp",
    fn: "piecewiseExp",
    defaults: { alpha: 1 },
    custom: { alpha: 3 },
    // g' = (α/2) e^{−α|x|}; g = ½e^{αx} (x < 0), 1 − ½e^{−αx} (x ≥ 0)
    grad: (o) => (x) => (p(o, "alpha") / 2) * Math.exp(-p(o, "alpha") * Math.abs(x)),
    fun: (o) => (x) => (x < 0 ? Math.exp(p(o, "alpha") * x) / 2 : 1 - Math.exp(-p(o, "alpha") * x) / 2),
  },
  {
    cls: "SoftSign",
    fn: "softSign",
    defaults: { alpha: 1 },
    custom: { alpha: 2.5 },
    // g' = α / (2(1 + |αx|)²); g = ½(αx/(1 + |αx|) + 1)
    grad: (o) => (x) => p(o, "alpha") / (2 * (1 + Math.abs(p(o, "alpha") * x)) ** 2),
    fun: (o) => (x) => 0.5 * ((p(o, "alpha") * x) / (1 + Math.abs(p(o, "alpha") * x)) + 1),
  },
  {
    cls: "Arctan",
    fn: "arctan",
    defaults: { alpha: 1 },
    custom: { alpha: 2 },
    // g' = α / (2(1 + (π/2·αx)²)); documented g = arctan(π/2·αx)/π + ½
    grad: (o) => (x) => p(o, "alpha") / (2 * (1 + ((Math.PI / 2) * p(o, "alpha") * x) ** 2)),
    fun: (o) => (x) => Math.atan((Math.PI / 2) * p(o, "alpha") * x) / Math.PI + 0.5,
  },
  {
    cls: "NonzeroSignLog",
    fn: "nonzeroSignLog",
    defaults: { alpha: 1 },
    custom: { alpha: 0.5 },
    // g' = α / (1 + |αx|); g = NonzeroSign(x)·log(|αx| + 1)
    grad: (o) => (x) => p(o, "alpha") / (1 + Math.abs(p(o, "alpha") * x)),
    fun: (o) => (x) => (x < 0 ? -1 : 1) * Math.log(Math.abs(p(o, "alpha") * x) + 1),
  },
  {
    cls: "ERF",
    fn: "erf",
    defaults: { alpha: 1 },
    custom: { alpha: 2 },
    // g' = (α/√π) e^{−α²x²}; g = ½ erfc(−αx) is checked against tabulated erfc below
    grad: (o) => (x) => (p(o, "alpha") / Math.sqrt(Math.PI)) * Math.exp(-(p(o, "alpha") ** 2) * x * x),
    fun: null,
  },
  {
    cls: "PiecewiseLeakyRelu",
    fn: "piecewiseLeakyRelu",
    defaults: { c: 0.01, w: 1 },
    custom: { c: 0.2, w: 0.5 },
    // g' = 1/w on |x| ≤ w, c outside; g = cx + cw (x < −w), x/(2w) + ½, cx − cw + 1 (x > w)
    grad: (o) => (x) => (Math.abs(x) > p(o, "w") ? p(o, "c") : 1 / p(o, "w")),
    fun: (o) => (x) => {
      const [c, w] = [p(o, "c"), p(o, "w")];
      if (x < -w) return c * x + c * w;
      if (x > w) return c * x - c * w + 1;
      return x / (2 * w) + 0.5;
    },
    // brainstate documents and computes slope 1/(2w) for g but 1/w for g' on |x| ≤ w.
    funIsAntiderivative: false,
  },
  {
    cls: "SquarewaveFourierSeries",
    fn: "squarewaveFourierSeries",
    defaults: { n: 2, tPeriod: 8 },
    custom: { n: 5, tPeriod: 6 },
    // ω = 2π/T; g' = (4/T) Σ_{k=1}^{max(n−1,1)} cos((2k−1)ωx); g = ½ + (2/π) Σ sin((2k−1)ωx)/(2k−1)
    grad: (o) => (x) => {
      const [n, T] = [p(o, "n"), p(o, "tPeriod")];
      let acc = 0;
      for (let k = 1; k <= Math.max(n - 1, 1); k++) acc += Math.cos(((2 * k - 1) * 2 * Math.PI * x) / T);
      return (4 / T) * acc;
    },
    fun: (o) => (x) => {
      const [n, T] = [p(o, "n"), p(o, "tPeriod")];
      let acc = 0;
      for (let k = 1; k <= Math.max(n - 1, 1); k++) acc += Math.sin(((2 * k - 1) * 2 * Math.PI * x) / T) / (2 * k - 1);
      return 0.5 + (2 / Math.PI) * acc;
    },
  },
  {
    cls: "S2NN",
    fn: "s2nn",
    defaults: { alpha: 4, beta: 1, epsilon: 1e-8 },
    custom: { alpha: 2, beta: 0.5, epsilon: 1e-3 },
    // g' = α σ(αx)(1 − σ(αx)) (x < 0), β/(x + 1) (x ≥ 0); g = σ(αx), β ln(|x + 1| + ε) + ½
    grad: (o) => (x) => (x < 0 ? p(o, "alpha") * logistic(p(o, "alpha") * x) * (1 - logistic(p(o, "alpha") * x)) : p(o, "beta") / (x + 1)),
    fun: (o) => (x) => (x < 0 ? logistic(p(o, "alpha") * x) : p(o, "beta") * Math.log(Math.abs(x + 1) + p(o, "epsilon")) + 0.5),
  },
  {
    cls: "QPseudoSpike",
    fn: "qPseudoSpike",
    defaults: { alpha: 2 },
    custom: { alpha: 3.5 },
    // published (Herranz-Celotti & Rouat 2022): g' = (1 + 2|x|/(α − 1))^{−α};
    // g = ½(1 − 2x/(α − 1))^{1−α} (x < 0), 1 − ½(1 + 2x/(α − 1))^{1−α} (x ≥ 0)
    grad: (o) => (x) => (1 + (2 * Math.abs(x)) / (p(o, "alpha") - 1)) ** -p(o, "alpha"),
    fun: (o) => (x) => {
      const a = p(o, "alpha");
      return x < 0 ? 0.5 * (1 - (2 * x) / (a - 1)) ** (1 - a) : 1 - 0.5 * (1 + (2 * x) / (a - 1)) ** (1 - a);
    },
  },
  {
    cls: "LeakyRelu",
    fn: "leakyRelu",
    defaults: { alpha: 0.1, beta: 1 },
    custom: { alpha: 0.3, beta: 2 },
    // g' = α (x < 0), β (x ≥ 0); g = αx, βx
    grad: (o) => (x) => (x < 0 ? p(o, "alpha") : p(o, "beta")),
    fun: (o) => (x) => (x < 0 ? p(o, "alpha") * x : p(o, "beta") * x),
  },
  {
    cls: "LogTailedRelu",
    fn: "logTailedRelu",
    defaults: { alpha: 0 },
    custom: { alpha: 0.25 },
    // g' = α (x ≤ 0), 1 (0 < x ≤ 1), 1/x (x > 1); g = αx, x, log x
    grad: (o) => (x) => (x > 1 ? 1 / x : x > 0 ? 1 : p(o, "alpha")),
    fun: (o) => (x) => (x > 1 ? Math.log(x) : x > 0 ? x : p(o, "alpha") * x),
  },
  {
    cls: "ReluGrad",
    fn: "reluGrad",
    defaults: { alpha: 0.3, width: 1 },
    custom: { alpha: 0.7, width: 2 },
    // g' = ReLU(α(width − |x|))
    grad: (o) => (x) => Math.max(p(o, "alpha") * (p(o, "width") - Math.abs(x)), 0),
  },
  {
    cls: "GaussianGrad",
    fn: "gaussianGrad",
    defaults: { alpha: 0.5, sigma: 0.5 },
    custom: { alpha: 2, sigma: 0.8 },
    // documented (Yin et al. 2021): g' = α·N(x; 0, σ)
    grad: (o) => (x) => p(o, "alpha") * normal(x, 0, p(o, "sigma")),
  },
  {
    cls: "MultiGaussianGrad",
    fn: "multiGaussianGrad",
    defaults: { h: 0.15, s: 6, sigma: 0.5, scale: 0.5 },
    custom: { h: 0.3, s: 3, sigma: 0.4, scale: 1.2 },
    // g' = scale·[(1 + h)N(x; 0, σ) − hN(x; σ, sσ) − hN(x; −σ, sσ)]
    grad: (o) => (x) => {
      const [h, s, sg] = [p(o, "h"), p(o, "s"), p(o, "sigma")];
      return p(o, "scale") * ((1 + h) * normal(x, 0, sg) - h * normal(x, sg, s * sg) - h * normal(x, -sg, s * sg));
    },
  },
  {
    cls: "InvSquareGrad",
    fn: "invSquareGrad",
    defaults: { alpha: 100 },
    custom: { alpha: 3 },
    // g' = 1/(α|x| + 1)²
    grad: (o) => (x) => 1 / (p(o, "alpha") * Math.abs(x) + 1) ** 2,
  },
  {
    cls: "SlayerGrad",
    fn: "slayerGrad",
    defaults: { alpha: 1 },
    custom: { alpha: 4 },
    // g' = e^{−α|x|}
    grad: (o) => (x) => Math.exp(-p(o, "alpha") * Math.abs(x)),
  },
];

type Ctor = new (options?: Params) => S.Surrogate;
type Fn = (x: np.ArrayLike, options?: Params) => Array;
const api = S as unknown as Record<string, unknown>;
const ctor = (c: Case): Ctor => api[c.cls] as Ctor;
const fnOf = (c: Case): Fn => api[c.fn] as Fn;

// 50 points k/8, k = −25 … 24: every breakpoint of the surrogates above (0, ±1/α, ±w, 1, ±width)
// lies on this grid, so the inequality conventions (x < 0 vs x ≤ 0 …) are checked too.
const GRID = globalThis.Array.from({ length: 50 }, (_, i) => (i - 25) / 8);
const xs64 = (): Array => np.array(GRID, { dtype: "float64" });
const step = GRID.map((x) => (x >= 0 ? 1 : 0));

describe("surrogate exports", () => {
  it("exports a class and a function for each of brainstate's 18 surrogates", () => {
    expect(CASES).toHaveLength(18);
    for (const c of CASES) {
      expect(typeof api[c.cls], c.cls).toBe("function");
      expect(typeof api[c.fn], c.fn).toBe("function");
      expect(new (ctor(c))()).toBeInstanceOf(S.Surrogate);
    }
  });
});

describe.each(CASES)("$cls / $fn", (c) => {
  const Cls = ctor(c);
  const fn = fnOf(c);

  it("has brainstate's defaults", () => {
    expect(new Cls().hyperParameters()).toEqual(c.defaults);
  });

  it("forward is exactly the Heaviside step (x ≥ 0), in x's dtype", () => {
    for (const params of [c.defaults, c.custom]) {
      const y = new Cls(params).call(xs64());
      expect(y.dtype).toBe("float64");
      expect(y.toArray()).toEqual(step);
      const y32 = fn(np.array(GRID, { dtype: "float32" }), params);
      expect(y32.dtype).toBe("float32");
      expect(y32.toArray()).toEqual(step);
    }
  });

  it("grad equals g'(x) at 50 points (defaults and custom hyper-parameters)", () => {
    for (const params of [c.defaults, c.custom]) {
      const want = GRID.map(c.grad(params));
      const s = new Cls(params);
      expectAllclose(grad((x: Array) => s.call(x).sum())(xs64()) as Array, want, { rtol: 1e-12, atol: 1e-14 });
      expectAllclose(s.surrogateGrad(xs64()), want, { rtol: 1e-12, atol: 1e-14 });
      // The function form takes the same options.
      expectAllclose(grad((x: Array) => fn(x, params).sum())(xs64()) as Array, want, { rtol: 1e-12, atol: 1e-14 });
    }
  });

  it("grad keeps float32 inputs in float32", () => {
    const g = grad((x: Array) => new Cls(c.custom).call(x).sum())(np.array(GRID, { dtype: "float32" })) as Array;
    expect(g.dtype).toBe("float32");
    expectAllclose(g, GRID.map(c.grad(c.custom)), { rtol: 2e-5, atol: 1e-6 });
  });

  it("works under vmap(grad) of the scalar spike", () => {
    const s = new Cls(c.custom);
    const g = vmap(grad((x: Array) => s.call(x)))(xs64()) as Array;
    expectAllclose(g, GRID.map(c.grad(c.custom)), { rtol: 1e-12, atol: 1e-14 });
  });

  it("works inside a jitted scan, forward and backward", () => {
    const s = new Cls(c.custom);
    // Counts spikes in the carry and emits each spike; d(count)/dx_t = g'(x_t).
    const run = (xs: Array): [Array, Array] =>
      scan(
        (count: Array, x: Array): [Array, Array] => {
          const spike = s.call(x);
          return [count.add(spike), spike];
        },
        np.zeros([], { dtype: "float64" }),
        xs,
      );
    const [count, spikes] = jit(run)(xs64());
    expect(count.item()).toBe(25);
    expect(spikes.toArray()).toEqual(step);
    const want = GRID.map(c.grad(c.custom));
    expectAllclose(jit(grad((xs: Array) => run(xs)[0]))(xs64()) as Array, want, { rtol: 1e-12, atol: 1e-14 });
    expectAllclose(grad((xs: Array) => jit(run)(xs)[1].sum())(xs64()) as Array, want, { rtol: 1e-12, atol: 1e-14 });
  });

  it("toString shows the class and its hyper-parameters (brainstate's repr)", () => {
    const show = (o: Params): string => `${c.cls}(${Object.entries(o).map(([k, v]) => `${k}=${v}`).join(", ")})`;
    expect(String(new Cls())).toBe(show(c.defaults));
    // Keys in the reference's repr order whatever order the options are given in.
    const reversed = Object.fromEntries(Object.entries(c.custom).reverse());
    expect(new Cls(reversed).toString()).toBe(show(c.custom));
  });

  it("gives equal keys for equal hyper-parameters and different keys otherwise", () => {
    const a = new Cls(c.custom);
    const b = new Cls({ ...c.custom });
    expect(a.cacheKey()).toBe(b.cacheKey());
    expect(a.equals(b)).toBe(true);
    expect(new Cls().cacheKey()).toBe(new Cls(c.defaults).cacheKey());
    expect(a.cacheKey()).not.toBe(new Cls().cacheKey());
    expect(a.equals(new Cls())).toBe(false);
    expect(JSON.stringify({ spk: a })).toBe(JSON.stringify({ spk: b }));
  });

  it("throws ValueError naming the API and the parameter for a non-finite or non-number hyper-parameter", () => {
    const key = Object.keys(c.defaults)[0] as string;
    expect(() => new Cls({ [key]: Number.NaN })).toThrow(ValueError);
    expect(() => new Cls({ [key]: Number.NaN })).toThrow(new RegExp(`^${c.cls}: ${key} is NaN; it must be a finite number`));
    expect(() => new Cls({ [key]: Number.POSITIVE_INFINITY })).toThrow(/must be a finite number/);
    expect(() => fn(xs64(), { [key]: "1" as unknown as number })).toThrow(new RegExp(`^${c.fn}: ${key} is the string "1"`));
  });

  it("throws OptionError for an unknown option, listing the known ones", () => {
    expect(() => new Cls({ alphaa: 1 })).toThrow(OptionError);
    expect(() => fn(xs64(), { alphaa: 1 })).toThrow(new RegExp(`^${c.fn}: unknown option 'alphaa'; the options are '`));
    for (const key of Object.keys(c.defaults)) expect(() => fn(xs64(), { alphaa: 1 })).toThrow(`'${key}'`);
  });

  if (c.fun !== undefined) {
    const fun = c.fun;
    it("surrogateFun equals g(x) and its derivative is surrogateGrad", () => {
      for (const params of [c.defaults, c.custom]) {
        const s = new Cls(params);
        const sf = (s.surrogateFun as (x: Array) => Array).bind(s);
        if (fun !== null) expectAllclose(sf(xs64()), GRID.map(fun(params)), { rtol: 1e-12, atol: 1e-14 });
        if (c.funIsAntiderivative === false) continue;
        // Off the breakpoints (which lie on the 1/8 grid), d g / dx by autodiff equals g'.
        const mid = GRID.map((x) => x + 1 / 16);
        const d = vmap(grad((x: Array) => sf(x)))(np.array(mid, { dtype: "float64" })) as Array;
        // S2NN's ε inside the logarithm shifts its derivative by a relative ε.
        expectAllclose(d, mid.map(c.grad(params)), { rtol: 1e-12 + (params.epsilon ?? 0) * 2, atol: 1e-14 });
      }
    });
  } else {
    it("has no surrogateFun, as in brainstate", () => {
      expect(new Cls().surrogateFun).toBeUndefined();
    });
  }
});

describe("ERF", () => {
  it("surrogateFun is the documented ½·erfc(−αx) (brainstate's code returns erf(−αx)/2)", () => {
    // erfc values from tables (Abramowitz & Stegun 7.1): erfc(−1) = 1.8427007929497148,
    // erfc(0) = 1, erfc(1) = 0.15729920705028513, erfc(2) = 0.004677734981047266.
    const g = new S.ERF({ alpha: 2 }).surrogateFun(np.array([-0.5, 0, 0.5, 1], { dtype: "float64" }));
    expectAllclose(g, [0.15729920705028513 / 2, 0.5, 1.8427007929497148 / 2, 1 - 0.004677734981047266 / 2], { rtol: 1e-12 });
  });
});

describe("documented formulas where brainstate 0.1.0's code differs (DESIGN §6)", () => {
  const at = (s: S.Surrogate, x: number): number => (grad((v: Array) => s.call(v))(np.array(x, { dtype: "float64" })) as Array).item() as number;

  it("GaussianGrad divides by σ² in the exponent", () => {
    // α·exp(−x²/(2σ²))/(√(2π)σ) at x = 1, σ = α = 0.5: exp(−2)/√(2π) = 0.05399096651318806
    // (brainstate's code: 0.5·exp(−0.125)/(√(2π)·0.5) = 0.3520653267642995).
    expect(at(new S.GaussianGrad(), 1)).toBeCloseTo(0.05399096651318806, 14);
  });

  it("QPseudoSpike uses α − 1", () => {
    // (1 + 2·0.5/(2 − 1))^{−2} = 1/4 (brainstate's code: (1 + 1/3)^{−2} = 0.5625).
    expect(at(new S.QPseudoSpike(), 0.5)).toBeCloseTo(0.25, 15);
  });

  it("PiecewiseQuadratic is −α²|x| + α, continuous at |x| = 1/α", () => {
    // α = 2, x = 0.25: 2 − 4·0.25 = 1 (brainstate's code: 2 − 0.25 = 1.75); at x = 0.5: 0.
    expect(at(new S.PiecewiseQuadratic({ alpha: 2 }), 0.25)).toBeCloseTo(1, 15);
    expect(at(new S.PiecewiseQuadratic({ alpha: 2 }), 0.5)).toBe(0);
  });

  it("Arctan.surrogateFun is arctan(π/2·αx)/π + ½", () => {
    // α = 1, x = 2/π: arctan(1)/π + ½ = ¼ + ½
    expect(new S.Arctan().surrogateFun(np.array(2 / Math.PI, { dtype: "float64" })).item()).toBeCloseTo(0.75, 15);
  });
});

describe("hyper-parameter constraints", () => {
  it("QPseudoSpike requires alpha > 1 (its formula divides by α − 1)", () => {
    expect(() => new S.QPseudoSpike({ alpha: 1 })).toThrow(ValueError);
    expect(() => S.qPseudoSpike(xs64(), { alpha: 0.5 })).toThrow(/^qPseudoSpike: alpha is 0.5; it must be greater than 1 \(the formula divides by α − 1\)/);
    expect(new S.QPseudoSpike({ alpha: 1.5 }).alpha).toBe(1.5);
  });

  it("SquarewaveFourierSeries requires an integer n", () => {
    expect(() => new S.SquarewaveFourierSeries({ n: 2.5 })).toThrow(ValueError);
    expect(() => new S.SquarewaveFourierSeries({ n: 2.5 })).toThrow(/^SquarewaveFourierSeries: n is 2.5; it must be an integer/);
  });

  it("rejects options that are not an object with OptionError", () => {
    expect(() => new S.Sigmoid(4 as never)).toThrow(OptionError);
    expect(() => new S.Sigmoid(4 as never)).toThrow(/^Sigmoid: options must be an object such as \{ alpha: 4 \}, got 4/);
    expect(() => S.reluGrad(0, null as never)).toThrow(/^reluGrad: options must be an object/);
  });

  it("accepts what brainstate accepts without checks (negative or zero values)", () => {
    // brainstate 0.1.0 asserts nothing about its hyper-parameters; neither does this port,
    // beyond the constraints above. LeakyRelu with α = −1: g'(−1) = −1.
    expect((grad((v: Array) => S.leakyRelu(v, { alpha: -1 }))(np.array(-1, { dtype: "float64" })) as Array).item()).toBe(-1);
    expect(new S.LogTailedRelu({ alpha: 0 }).alpha).toBe(0);
  });
});
