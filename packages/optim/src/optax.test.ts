// Tests of the gradient transformations (against their formulas in plain JS doubles), `chain`,
// `applyUpdates` and OptaxOptimizer.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jit, np, OptionError, tree, ValueError, type Array } from "@brainstate/core";
import { environ, ParamState, State } from "@brainstate/state";
import {
  addDecayedWeights,
  applyUpdates,
  chain,
  clipByGlobalNorm,
  ExponentialDecayLR,
  OptaxOptimizer,
  OptimState,
  scale,
  scaleByAdam,
  scaleByRms,
  scaleBySchedule,
  type GradientTransformation,
} from "./index.js";

beforeAll(() => environ.set({ precision: 64 }));
afterAll(() => environ.set({ precision: 32 }));

const f64 = (x: number[] | number): Array => np.array(x, { dtype: "float64" });
const arr = (x: unknown): number[] => (x as Array).toArray() as number[];

function expectNumbers(actual: number[], expected: number[], tol = 1e-12): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((v, i) => expect(Math.abs(v - (expected[i] as number))).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(expected[i] as number))));
}

// A fixed sequence of gradients for one leaf of three elements.
const G = [
  [0.5, -1, 2],
  [0.3, 0.2, -1],
  [-0.7, 1.5, 0.1],
  [1, 1, 1],
];

describe("scale", () => {
  it("multiplies every leaf by the step size", () => {
    const t = scale(-0.5);
    const [u] = t.update({ a: f64([2, 4]), b: [f64(1)] }, t.init(null));
    const out = u as { a: Array; b: Array[] };
    expect(out.a.toArray()).toEqual([-1, -2]);
    expect((out.b[0] as Array).item()).toBe(-0.5);
  });
  it("throws ValueError for a step size that is not a finite number", () => {
    expect(() => scale(Number.NaN)).toThrow(/scale: stepSize must be a finite number, got NaN/);
  });
});

describe("scaleByAdam", () => {
  it("gives μ̂/(√(ν̂ + εRoot) + ε) with the moments of optax's scale_by_adam", () => {
    const [b1, b2, eps, epsRoot] = [0.8, 0.9, 1e-3, 1e-4];
    const t = scaleByAdam({ b1, b2, eps, epsRoot });
    let state = t.init({ x: f64([0, 0, 0]) });
    const m = [0, 0, 0];
    const v = [0, 0, 0];
    G.forEach((g, k) => {
      const [u, s] = t.update({ x: f64(g) }, state);
      state = s;
      // μ ← b1μ + (1 − b1)g; ν ← b2ν + (1 − b2)g²; u = (μ/(1 − b1ᵗ))/(√(ν/(1 − b2ᵗ) + εRoot) + ε).
      const expected = g.map((gi, i) => {
        m[i] = b1 * (m[i] as number) + (1 - b1) * gi;
        v[i] = b2 * (v[i] as number) + (1 - b2) * gi * gi;
        return (m[i] as number) / (1 - b1 ** (k + 1)) / (Math.sqrt((v[i] as number) / (1 - b2 ** (k + 1)) + epsRoot) + eps);
      });
      expectNumbers(arr((u as { x: Array }).x), expected);
    });
    expect(state.count.item()).toBe(4);
  });
  it("has optax's defaults", () => {
    const t = scaleByAdam();
    const [u] = t.update(f64([2]), t.init(f64([0])));
    // first step: μ̂ = g, ν̂ = g², u = g/(|g| + 1e-8)
    expectNumbers(arr(u), [2 / (2 + 1e-8)]);
  });
  it("throws OptionError for unknown options and ValueError for b1 outside [0, 1)", () => {
    expect(() => scaleByAdam({ beta1: 0.9 } as never)).toThrow(OptionError);
    expect(() => scaleByAdam({ b1: 1 })).toThrow(/scaleByAdam: b1 must be a finite number in \[0, 1\), got 1/);
  });
});

describe("scaleByRms", () => {
  it("gives g/√(ν + ε) with ν ← decay·ν + (1 − decay)·g², starting from initialScale", () => {
    const [decay, eps, init] = [0.7, 1e-4, 0.5];
    const t = scaleByRms({ decay, eps, initialScale: init });
    let state = t.init(f64([0, 0, 0]));
    const nu = [init, init, init];
    for (const g of G) {
      const [u, s] = t.update(f64(g), state);
      state = s;
      const expected = g.map((gi, i) => {
        nu[i] = decay * (nu[i] as number) + (1 - decay) * gi * gi;
        return gi / Math.sqrt((nu[i] as number) + eps);
      });
      expectNumbers(arr(u), expected);
    }
  });
});

describe("clipByGlobalNorm", () => {
  it("leaves updates below the global norm unchanged and rescales larger ones to it", () => {
    const t = clipByGlobalNorm(5);
    const small = { a: f64([1, 2]), b: f64(2) }; // ‖g‖ = 3
    const [u1] = t.update(small, t.init(small));
    expect(arr((u1 as typeof small).a)).toEqual([1, 2]);
    const big = { a: f64([3, 4]), b: f64([12]) }; // ‖g‖ = 13 over both leaves
    const [u2] = t.update(big, null);
    const out = u2 as typeof big;
    expectNumbers([...arr(out.a), ...arr(out.b)], [(3 * 5) / 13, (4 * 5) / 13, (12 * 5) / 13]);
  });
  it("throws ValueError for a maxNorm that is not positive", () => {
    expect(() => clipByGlobalNorm(0)).toThrow(/clipByGlobalNorm: maxNorm must be a finite number > 0, got 0/);
  });
});

describe("addDecayedWeights", () => {
  it("adds λ·w to the updates", () => {
    const t = addDecayedWeights(0.1);
    const [u] = t.update(f64([1, 2]), t.init(null), f64([10, -20]));
    expectNumbers(arr(u), [2, 0]);
  });
  it("throws ValueError when update gets no params", () => {
    const t = addDecayedWeights(0.1);
    expect(() => t.update(f64([1]), null)).toThrow(ValueError);
    expect(() => t.update(f64([1]), null)).toThrow(/addDecayedWeights: update needs the params/);
  });
});

describe("scaleBySchedule", () => {
  it("multiplies by schedule(count), count = 0, 1, 2, …", () => {
    const t = scaleBySchedule((c) => np.power(0.5, c.astype("float64")));
    let state = t.init(null);
    for (let k = 0; k < 4; k++) {
      const [u, s] = t.update(f64([8]), state);
      state = s;
      expectNumbers(arr(u), [8 * 0.5 ** k]);
    }
  });
  it("calls a LearningRateScheduler with the count as its index", () => {
    const t = scaleBySchedule(new ExponentialDecayLR(-0.1, 1, 0.5));
    let state = t.init(null);
    for (let k = 0; k < 3; k++) {
      const [u, s] = t.update(f64([1]), state);
      state = s;
      expectNumbers(arr(u), [-0.1 * 0.5 ** k]);
    }
  });
  it("throws ValueError for a schedule that is neither a function nor a scheduler", () => {
    expect(() => scaleBySchedule(0.1 as never)).toThrow(/scaleBySchedule: schedule must be a function of the update count or a LearningRateScheduler/);
  });
});

describe("chain", () => {
  it("threads the updates through each transformation (Adam = scaleByAdam then scale(−η))", () => {
    const eta = 0.1;
    const t = chain(clipByGlobalNorm(100), scaleByAdam(), scale(-eta));
    let state = t.init(f64([0, 0, 0]));
    expect(state.length).toBe(3);
    const m = [0, 0, 0];
    const v = [0, 0, 0];
    G.forEach((g, k) => {
      const [u, s] = t.update(f64(g), state);
      state = s;
      const expected = g.map((gi, i) => {
        m[i] = 0.9 * (m[i] as number) + 0.1 * gi;
        v[i] = 0.999 * (v[i] as number) + 0.001 * gi * gi;
        return (-eta * ((m[i] as number) / (1 - 0.9 ** (k + 1)))) / (Math.sqrt((v[i] as number) / (1 - 0.999 ** (k + 1))) + 1e-8);
      });
      expectNumbers(arr(u), expected);
    });
  });
  it("works under jit (pure updates)", () => {
    const t = chain(scaleByRms(), scaleByAdam(), addDecayedWeights(0.01), scale(-0.1));
    const params = { w: f64([1, -2, 3]) };
    const step = (g: unknown, s: unknown, p: unknown): [unknown, unknown] => t.update(g, s as unknown[], p);
    const fast = jit(step);
    let s1: unknown = t.init(params);
    let s2: unknown = t.init(params);
    for (const g of G) {
      const [u1, n1] = step({ w: f64(g) }, s1, params);
      const [u2, n2] = fast({ w: f64(g) }, s2, params);
      s1 = n1;
      s2 = n2;
      expectNumbers(arr((u2 as { w: Array }).w), arr((u1 as { w: Array }).w));
    }
    expect(tree.structure(s1).equals(tree.structure(s2))).toBe(true);
  });
  it("throws ValueError for an argument that is not a transformation", () => {
    expect(() => chain(scale(1), {} as never)).toThrow(/chain \(argument 1\): expected a gradient transformation/);
  });
});

describe("applyUpdates", () => {
  it("adds updates leaf by leaf and keeps the param dtypes", () => {
    const p = { a: np.array([1, 2], { dtype: "float32" }), b: f64(1) };
    const out = applyUpdates(p, { a: f64([0.5, 0.5]), b: f64(-1) });
    expect(out.a.dtype).toBe("float32");
    expect(out.a.toArray()).toEqual([1.5, 2.5]);
    expect(out.b.item()).toBe(0);
  });
});

describe("OptaxOptimizer", () => {
  it("updates the registered States with tx on a quadratic (Adam via chain)", () => {
    const w = new ParamState(f64([0.5, -1.2, 2]));
    const a = [1, 2, 0.5];
    const opt = new OptaxOptimizer(chain(scaleByAdam(), scale(-0.1))).registerTrainableWeights({ w });
    expect(opt.optState).toBeInstanceOf(OptimState);
    const x = [0.5, -1.2, 2];
    const m = [0, 0, 0];
    const v = [0, 0, 0];
    for (let k = 1; k <= 5; k++) {
      opt.update({ w: w.value.mul(f64(a)), other: f64(1) }); // g = a·x; keys that are not registered are ignored
      x.forEach((xi, i) => {
        const g = (a[i] as number) * xi;
        m[i] = 0.9 * (m[i] as number) + 0.1 * g;
        v[i] = 0.999 * (v[i] as number) + 0.001 * g * g;
        x[i] = xi - (0.1 * ((m[i] as number) / (1 - 0.9 ** k))) / (Math.sqrt((v[i] as number) / (1 - 0.999 ** k)) + 1e-8);
      });
      expectNumbers(arr(w.value), x);
    }
  });

  it("re-initialises the transformation's state when more States are registered", () => {
    const w = new ParamState(f64([1]));
    const u = new ParamState(f64([2, 3]));
    const opt = new OptaxOptimizer(scaleByAdam()).registerTrainableWeights({ w });
    opt.update({ w: f64([1]) });
    opt.registerTrainableWeights({ u, w });
    const st = (opt.optState as State<{ count: Array; mu: Record<string, Array> }>).value;
    expect(st.count.item()).toBe(0);
    expect(Object.keys(st.mu).sort()).toEqual(["u", "w"]);
  });

  it("throws ValueError for a tx that is not a transformation, update before registration, and missing grads", () => {
    expect(() => new OptaxOptimizer({ init: () => null } as unknown as GradientTransformation)).toThrow(/OptaxOptimizer: expected a gradient transformation/);
    const opt = new OptaxOptimizer(scale(-1));
    expect(() => opt.update({})).toThrow(/registerTrainableWeights must be called before update/);
    opt.registerTrainableWeights({ w: new ParamState(f64([1])) });
    expect(() => opt.update({ v: f64([1]) })).toThrow(/grads has no entry for the registered parameter\(s\) 'w'/);
    expect(() => opt.registerTrainableWeights({ x: 1 } as never)).toThrow(/the value under 'x' is a number, not a State/);
  });
});
