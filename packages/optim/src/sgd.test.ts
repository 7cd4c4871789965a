// Tests of every optimizer: several steps on a quadratic against the published update rule,
// written out independently below in plain JS doubles, plus defaults, registration, gradient
// dicts, weight decay and the error paths.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { grad, np, OptionError, TreeMismatchError, ValueError, type Array } from "@brainstate/core";
import { Node, states } from "@brainstate/graph";
import { environ, FlattedDict, ParamState, State } from "@brainstate/state";
import {
  Adadelta,
  Adagrad,
  Adam,
  AdamW,
  Adan,
  ExponentialDecayLR,
  LARS,
  Momentum,
  MomentumNesterov,
  OptimState,
  RMSProp,
  SGD,
  SGDOptimizer,
  StepLR,
  toSameDictTree,
} from "./index.js";

// float64 everywhere so that the comparison with the JS reference can be tight.
beforeAll(() => environ.set({ precision: 64 }));
afterAll(() => environ.set({ precision: 32 }));

// ---------------------------------------------------------------------------------------------
// The problem: f = ½·Σ a·(x − c)² over three leaves (a vector `w` and a pytree-valued parameter
// `p = { weight, bias }`), so ∂f/∂x = a·(x − c).

type Leaf = "w" | "weight" | "bias";
const LEAVES: Leaf[] = ["w", "weight", "bias"];
const A: Record<Leaf, number[]> = { w: [1, 2, 0.5], weight: [0.8, 3], bias: [1.5] };
const C: Record<Leaf, number[]> = { w: [1, 0, -1], weight: [0.2, 0.4], bias: [0] };
const X0: Record<Leaf, number[]> = { w: [0.5, -1.2, 2], weight: [1.5, -0.3], bias: [0.7] };

const f64 = (x: number[] | number): Array => np.array(x, { dtype: "float64" });

interface Params {
  w: ParamState<Array>;
  p: ParamState<{ weight: Array; bias: Array }>;
}

function makeParams(): Params {
  return {
    w: new ParamState(f64(X0.w)),
    p: new ParamState({ weight: f64(X0.weight), bias: f64(X0.bias[0] as number) }),
  };
}

function quad(x: Array, leaf: Leaf): Array {
  return np.sum(f64(A[leaf]).mul(np.square(x.sub(f64(leaf === "bias" ? (C.bias[0] as number) : C[leaf]))))).mul(0.5);
}

const loss = (v: { w: Array; p: { weight: Array; bias: Array } }): Array => quad(v.w, "w").add(quad(v.p.weight, "weight")).add(quad(v.p.bias, "bias"));

function gradsOf(ps: Params): unknown {
  return grad(loss)({ w: ps.w.value, p: ps.p.value });
}

function leavesOf(ps: Params): Record<Leaf, number[]> {
  return {
    w: ps.w.value.toArray() as number[],
    weight: ps.p.value.weight.toArray() as number[],
    bias: [ps.p.value.bias.item() as number],
  };
}

/** A published rule on one leaf: `step` returns the new leaf and updates its buffers in place. */
interface Reference {
  /** Per-leaf rule (the default): element-wise, or on the whole leaf (LARS's norms). */
  step(x: number[], g: number[], buf: Record<string, number[]>, t: number, lr: number): number[];
}

const zeros = (n: number): number[] => new globalThis.Array<number>(n).fill(0);
const bufOf = (buf: Record<string, number[]>, name: string, n: number): number[] => (buf[name] ??= zeros(n));

/**
 * Runs `steps` updates of the optimizer and of the reference side by side and compares every leaf
 * after every step; `lrAt(k)` is the learning rate at update k (0-based).
 */
function checkAgainstReference(make: () => SGDOptimizer, ref: Reference, lrAt: (k: number) => number, steps = 6, tol = 1e-12): void {
  const ps = makeParams();
  const opt = make().registerTrainableWeights({ w: ps.w, p: ps.p });
  const x: Record<Leaf, number[]> = { w: [...X0.w], weight: [...X0.weight], bias: [...X0.bias] };
  const bufs: Record<Leaf, Record<string, number[]>> = { w: {}, weight: {}, bias: {} };
  for (let k = 0; k < steps; k++) {
    opt.update(gradsOf(ps) as Record<string, unknown>);
    for (const leaf of LEAVES) {
      const g = x[leaf].map((xi, i) => (A[leaf][i] as number) * (xi - (C[leaf][i] as number)));
      x[leaf] = ref.step(x[leaf], g, bufs[leaf], k + 1, lrAt(k));
    }
    const got = leavesOf(ps);
    for (const leaf of LEAVES) {
      got[leaf].forEach((v, i) => {
        const e = x[leaf][i] as number;
        if (!(Math.abs(v - e) <= tol * Math.max(1, Math.abs(e)))) {
          throw new Error(`step ${k + 1}, leaf ${leaf}[${i}]: got ${v}, expected ${e}`);
        }
      });
    }
  }
  // The rule must actually have moved the parameters.
  expect(leavesOf(ps).w).not.toEqual(X0.w);
}

const elementwise = (rule: (x: number, g: number, b: (name: string) => number, set: (name: string, v: number) => void, t: number, lr: number) => number): Reference => ({
  step(x, g, buf, t, lr) {
    return x.map((xi, i) => {
      const b = (name: string): number => bufOf(buf, name, x.length)[i] as number;
      const set = (name: string, v: number): void => {
        bufOf(buf, name, x.length)[i] = v;
      };
      return rule(xi, g[i] as number, b, set, t, lr);
    });
  },
});

// The published rules (λ = weight decay, 0 when null).

// SGD: w ← (1 − λ)w − ηg.
const sgdRef = (wd: number): Reference => elementwise((x, g, _b, _s, _t, lr) => (1 - wd) * x - lr * g);

// Momentum (Qian 1999, as documented): v ← μv + ηg; w ← (1 − λ)w − v.
const momentumRef = (mu: number, wd: number): Reference =>
  elementwise((x, g, b, set, _t, lr) => {
    const v = mu * b("v") + lr * g;
    set("v", v);
    return (1 - wd) * x - v;
  });

// Nesterov in look-ahead coordinates (Sutskever et al. 2013): v ← μv + ηg; w ← (1 − λ)w − (μv + ηg).
const nesterovRef = (mu: number, wd: number): Reference =>
  elementwise((x, g, b, set, _t, lr) => {
    const v = mu * b("v") + lr * g;
    set("v", v);
    return (1 - wd) * x - (mu * v + lr * g);
  });

// Adagrad (Duchi et al. 2011): c ← c + g²; w ← (1 − λ)w − ηg/√(c + ε).
const adagradRef = (eps: number, wd: number): Reference =>
  elementwise((x, g, b, set, _t, lr) => {
    const c = b("c") + g * g;
    set("c", c);
    return (1 - wd) * x - (lr * g) / Math.sqrt(c + eps);
  });

// Adadelta (Zeiler 2012, Algorithm 1): E[g²] ← ρE[g²] + (1−ρ)g²; Δ = g·RMS[Δ]_{t−1}/RMS[g]_t; E[Δ²] ← ρE[Δ²] + (1−ρ)Δ².
const adadeltaRef = (rho: number, eps: number, wd: number): Reference =>
  elementwise((x, g, b, set) => {
    const c = rho * b("c") + (1 - rho) * g * g;
    const delta = (g * Math.sqrt(b("d") + eps)) / Math.sqrt(c + eps);
    set("c", c);
    set("d", rho * b("d") + (1 - rho) * delta * delta);
    return (1 - wd) * x - delta;
  });

// RMSProp (Tieleman & Hinton 2012): c ← ρc + (1−ρ)g²; w ← (1 − λ)w − ηg/√(c + ε).
const rmspropRef = (rho: number, eps: number, wd: number): Reference =>
  elementwise((x, g, b, set, _t, lr) => {
    const c = rho * b("c") + (1 - rho) * g * g;
    set("c", c);
    return (1 - wd) * x - (lr * g) / Math.sqrt(c + eps);
  });

// Adam (Kingma & Ba 2015, Algorithm 1 with the efficient step of §2): α_t = η√(1−β₂ᵗ)/(1−β₁ᵗ).
const adamRef = (b1: number, b2: number, eps: number, wd: number): Reference =>
  elementwise((x, g, b, set, t, lr) => {
    const m = b1 * b("m") + (1 - b1) * g;
    const v = b2 * b("v") + (1 - b2) * g * g;
    set("m", m);
    set("v", v);
    const alpha = (lr * Math.sqrt(1 - b2 ** t)) / (1 - b1 ** t);
    return (1 - wd) * x - (alpha * m) / (Math.sqrt(v) + eps);
  });

// LARS (You et al. 2017, Algorithm 1, per layer): trust = tc‖w‖/(‖g‖ + λ‖w‖ + ε); local = η·max([‖w‖=0 ∨ ‖g‖=0], trust);
// m ← μm + local·(g + λw); w ← w − m.
const larsRef = (mu: number, wd: number, tc: number, eps: number): Reference => ({
  step(x, g, buf, _t, lr) {
    const pn = Math.hypot(...x);
    const gn = Math.hypot(...g);
    const trust = (tc * pn) / (gn + wd * pn + eps);
    const local = lr * Math.max(pn === 0 || gn === 0 ? 1 : 0, trust);
    const m = bufOf(buf, "m", x.length);
    return x.map((xi, i) => {
      m[i] = mu * (m[i] as number) + local * ((g[i] as number) + wd * xi);
      return xi - (m[i] as number);
    });
  },
});

// Adan (Xie et al. 2022, Algorithm 1, with bias corrections and g₀ = 0):
// m ← (1−β₁)m + β₁g; v ← (1−β₂)v + β₂(g − g_prev); n ← (1−β₃)n + β₃[g + (1−β₂)(g − g_prev)]²;
// η_k = η/(√(n/(1−(1−β₃)ᵏ)) + ε); w ← (w − η_k∘(m̂ + (1−β₂)v̂))/(1 + λη)  (noProx: w(1 − λη) − …).
const adanRef = (betas: [number, number, number], eps: number, wd: number, noProx: boolean): Reference =>
  elementwise((x, g, b, set, k, lr) => {
    const [b1, b2, b3] = betas;
    const d = g - b("prev");
    const m = (1 - b1) * b("m") + b1 * g;
    const v = (1 - b2) * b("v") + b2 * d;
    const n = (1 - b3) * b("n") + b3 * (g + (1 - b2) * d) ** 2;
    set("m", m);
    set("v", v);
    set("n", n);
    set("prev", g);
    const mHat = m / (1 - (1 - b1) ** k);
    const vHat = v / (1 - (1 - b2) ** k);
    const nHat = n / (1 - (1 - b3) ** k);
    const step = (lr / (Math.sqrt(nHat) + eps)) * (mHat + (1 - b2) * vHat);
    return noProx ? x * (1 - wd * lr) - step : (x - step) / (1 + wd * lr);
  });

// AdamW (Loshchilov & Hutter 2019, Algorithm 2 as in brainstate's docstring):
// w ← w(1 − ηλ); m̂ = m/(1−β₁ᵗ); v̂ = v/(1−β₂ᵗ); amsgrad: v̂max ← max(v̂max, v̂); w ← w − ηm̂/(√v̂ + ε).
const adamwRef = (b1: number, b2: number, eps: number, wd: number, amsgrad: boolean): Reference =>
  elementwise((x, g, b, set, t, lr) => {
    const decayed = x * (1 - lr * wd);
    const m = b1 * b("m") + (1 - b1) * g;
    const v = b2 * b("v") + (1 - b2) * g * g;
    set("m", m);
    set("v", v);
    let vHat = v / (1 - b2 ** t);
    if (amsgrad) {
      vHat = Math.max(b("vmax"), vHat);
      set("vmax", vHat);
    }
    return decayed - (lr * (m / (1 - b1 ** t))) / (Math.sqrt(vHat) + eps);
  });

const constant =
  (lr: number) =>
  (_k: number): number =>
    lr;

describe("SGD", () => {
  it("follows w ← w − ηg on a quadratic", () => {
    checkAgainstReference(() => new SGD(0.1), sgdRef(0), constant(0.1));
  });
  it("follows w ← (1 − λ)w − ηg with weight decay", () => {
    checkAgainstReference(() => new SGD(0.05, { weightDecay: 0.1 }), sgdRef(0.1), constant(0.05));
  });
  it("takes the learning rate of a call-based scheduler at each update (the optimizer steps it)", () => {
    checkAgainstReference(() => new SGD(new ExponentialDecayLR(0.2, 2, 0.5)), sgdRef(0), (k) => 0.2 * 0.5 ** (k / 2));
  });
  it("keeps an epoch-based scheduler where it is until stepEpoch", () => {
    const ps = makeParams();
    const opt = new SGD(new StepLR(0.1, 1, { gamma: 0.5 })).registerTrainableWeights({ w: ps.w, p: ps.p });
    opt.update(gradsOf(ps) as Record<string, unknown>);
    opt.update(gradsOf(ps) as Record<string, unknown>);
    expect(opt.lr.call().item()).toBe(0.1);
    opt.lr.stepEpoch();
    expect(opt.lr.call().item()).toBe(0.05);
  });
  it("has brainstate's defaults", () => {
    expect(new SGD(0.1).weightDecay).toBeNull();
  });
});

describe("Momentum", () => {
  it("follows v ← μv + ηg, w ← w − v (the documented method) on a quadratic", () => {
    checkAgainstReference(() => new Momentum(0.05), momentumRef(0.9, 0), constant(0.05), 8);
  });
  it("applies weight decay to the weight: w ← (1 − λ)w − v", () => {
    checkAgainstReference(() => new Momentum(0.05, { momentum: 0.5, weightDecay: 0.01 }), momentumRef(0.5, 0.01), constant(0.05));
  });
  it("descends: the loss falls step after step on a quadratic", () => {
    const ps = makeParams();
    const opt = new Momentum(0.02).registerTrainableWeights({ w: ps.w, p: ps.p });
    let prev = loss({ w: ps.w.value, p: ps.p.value }).item() as number;
    for (let k = 0; k < 5; k++) {
      opt.update(gradsOf(ps) as Record<string, unknown>);
      const now = loss({ w: ps.w.value, p: ps.p.value }).item() as number;
      expect(now).toBeLessThan(prev);
      prev = now;
    }
  });
  it("has brainstate's defaults", () => {
    const m = new Momentum(0.1);
    expect([m.momentum, m.weightDecay]).toEqual([0.9, null]);
  });
});

describe("MomentumNesterov", () => {
  it("follows the look-ahead form v ← μv + ηg, w ← w − (μv + ηg) on a quadratic", () => {
    checkAgainstReference(() => new MomentumNesterov(0.05), nesterovRef(0.9, 0), constant(0.05), 8);
    checkAgainstReference(() => new MomentumNesterov(0.05, { momentum: 0.7, weightDecay: 0.02 }), nesterovRef(0.7, 0.02), constant(0.05));
  });

  it("keeps w − μv of Nesterov's documented method v ← μv + η∇f(θ − μv), θ ← θ − v", () => {
    // Run the documented method itself (the gradient evaluated at the look-ahead point θ − μv)
    // on f = ½·a·(x − c)² and compare its look-ahead point with the optimizer's parameter.
    const a = 2;
    const c = 0.5;
    const mu = 0.9;
    const eta = 0.1;
    let theta = 3;
    let v = 0;
    const w = new ParamState(f64([theta]));
    const opt = new MomentumNesterov(eta).registerTrainableWeights({ w });
    for (let k = 0; k < 10; k++) {
      const look = theta - mu * v;
      v = mu * v + eta * a * (look - c);
      theta -= v;
      opt.update({ w: w.value.sub(c).mul(a) });
      expect(Math.abs(((w.value.toArray() as number[])[0] as number) - (theta - mu * v))).toBeLessThan(1e-12);
    }
  });

  it("has brainstate's defaults", () => {
    const m = new MomentumNesterov(0.1);
    expect([m.momentum, m.weightDecay]).toEqual([0.9, null]);
  });
});

describe("Adagrad", () => {
  it("follows c ← c + g², w ← w − ηg/√(c + ε) on a quadratic", () => {
    checkAgainstReference(() => new Adagrad(0.3), adagradRef(1e-6, 0), constant(0.3));
    checkAgainstReference(() => new Adagrad(0.3, { epsilon: 0.1, weightDecay: 0.05 }), adagradRef(0.1, 0.05), constant(0.3));
  });
  it("has brainstate's defaults", () => {
    const m = new Adagrad(0.1);
    expect([m.epsilon, m.weightDecay]).toEqual([1e-6, null]);
  });
});

describe("Adadelta", () => {
  it("follows Zeiler's rule (no learning rate) on a quadratic", () => {
    checkAgainstReference(() => new Adadelta(), adadeltaRef(0.95, 1e-6, 0), constant(0.01), 8);
    checkAgainstReference(() => new Adadelta(123, { rho: 0.8, epsilon: 1e-3, weightDecay: 0.01 }), adadeltaRef(0.8, 1e-3, 0.01), constant(123));
  });
  it("has brainstate's defaults", () => {
    const m = new Adadelta();
    expect([m.lr.call().item(), m.epsilon, m.rho, m.weightDecay]).toEqual([0.01, 1e-6, 0.95, null]);
  });
});

describe("RMSProp", () => {
  it("follows c ← ρc + (1 − ρ)g², w ← w − ηg/√(c + ε) on a quadratic", () => {
    checkAgainstReference(() => new RMSProp(0.01), rmspropRef(0.9, 1e-6, 0), constant(0.01));
    checkAgainstReference(() => new RMSProp(0.01, { rho: 0.5, epsilon: 1e-4, weightDecay: 0.1 }), rmspropRef(0.5, 1e-4, 0.1), constant(0.01));
  });
  it("has brainstate's defaults", () => {
    const m = new RMSProp(0.1);
    expect([m.epsilon, m.rho, m.weightDecay]).toEqual([1e-6, 0.9, null]);
  });
});

describe("Adam", () => {
  it("follows Kingma & Ba's rule with bias correction by update count on a quadratic", () => {
    checkAgainstReference(() => new Adam(0.1), adamRef(0.9, 0.999, 1e-8, 0), constant(0.1), 8);
    checkAgainstReference(() => new Adam(0.05, { beta1: 0.5, beta2: 0.9, eps: 1e-3, weightDecay: 0.01 }), adamRef(0.5, 0.9, 1e-3, 0.01), constant(0.05));
  });
  it("counts updates in stepCount, independently of the scheduler's epochs", () => {
    const w = new ParamState(f64([1]));
    const opt = new Adam(new StepLR(0.1, 100)).registerTrainableWeights({ w });
    for (let k = 0; k < 3; k++) opt.update({ w: f64([1]) });
    expect(opt.stepCount).toBeInstanceOf(OptimState);
    expect(opt.stepCount.value.item()).toBe(3);
    expect(opt.lr.lastEpoch.value.item()).toBe(-1);
  });
  it("has brainstate's defaults", () => {
    const m = new Adam(1e-3);
    expect([m.beta1, m.beta2, m.eps, m.weightDecay]).toEqual([0.9, 0.999, 1e-8, null]);
  });
});

describe("LARS", () => {
  it("follows You et al.'s layer-wise rule on a quadratic (per-leaf norms)", () => {
    checkAgainstReference(() => new LARS(0.5), larsRef(0.9, 1e-4, 1e-3, 1e-5), constant(0.5));
    checkAgainstReference(() => new LARS(0.5, { momentum: 0.5, weightDecay: 0.01, tc: 0.5, eps: 1e-3 }), larsRef(0.5, 0.01, 0.5, 1e-3), constant(0.5));
  });
  it("uses a trust ratio of at least 1 where a norm is zero", () => {
    const w = new ParamState(f64([0, 0]));
    const opt = new LARS(0.1, { momentum: 0, weightDecay: null }).registerTrainableWeights({ w });
    opt.update({ w: f64([1, -2]) }); // ‖w‖ = 0 → trust 0, local = η·max(1, 0) = 0.1
    expect(w.value.toArray()).toEqual([-0.1, 0.2]);
  });
  it("has brainstate's defaults (and is usable with them)", () => {
    const m = new LARS(0.1);
    expect([m.momentum, m.weightDecay, m.tc, m.eps]).toEqual([0.9, 1e-4, 1e-3, 1e-5]);
  });
});

describe("Adan", () => {
  it("follows Xie et al.'s Algorithm 1 (proximal weight decay) on a quadratic", () => {
    checkAgainstReference(() => new Adan(0.1), adanRef([0.02, 0.08, 0.01], 1e-8, 0.02, false), constant(0.1), 8);
  });
  it("follows the AdamW-style decay with noProx and custom betas", () => {
    checkAgainstReference(() => new Adan(0.05, { betas: [0.1, 0.2, 0.3], eps: 1e-4, weightDecay: 0.1, noProx: true }), adanRef([0.1, 0.2, 0.3], 1e-4, 0.1, true), constant(0.05));
  });
  it("keeps the previous gradient in preGradStates", () => {
    const w = new ParamState(f64([1, 2]));
    const opt = new Adan().registerTrainableWeights({ w });
    opt.update({ w: f64([0.5, -1]) });
    expect((opt.preGradStates.get("w") as State<Array>).value.toArray()).toEqual([0.5, -1]);
  });
  it("has brainstate's defaults", () => {
    const m = new Adan();
    expect([m.lr.call().item(), m.betas, m.eps, m.weightDecay, m.noProx]).toEqual([1e-3, [0.02, 0.08, 0.01], 1e-8, 0.02, false]);
  });
  it("throws ValueError for bad betas and eps", () => {
    expect(() => new Adan(1e-3, { betas: [0.1, 1, 0.1] })).toThrow(/invalid beta parameter at index 1: 1/);
    expect(() => new Adan(1e-3, { betas: [0.1, 0.1] as never })).toThrow(/betas must be an array of 3 numbers/);
    expect(() => new Adan(1e-3, { eps: -1 })).toThrow(ValueError);
    expect(() => new Adan(1e-3, { eps: -1 })).toThrow(/invalid epsilon value: -1/);
  });
});

describe("AdamW", () => {
  it("follows the documented rule (decoupled decay, bias-corrected moments) on a quadratic", () => {
    checkAgainstReference(() => new AdamW(0.1), adamwRef(0.9, 0.999, 1e-8, 0.01, false), constant(0.1), 8);
    checkAgainstReference(() => new AdamW(0.05, { beta1: 0.8, beta2: 0.99, eps: 1e-4, weightDecay: 0 }), adamwRef(0.8, 0.99, 1e-4, 0, false), constant(0.05));
  });
  it("follows the AMSGrad variant with the running maximum of v̂", () => {
    checkAgainstReference(() => new AdamW(0.1, { amsgrad: true, weightDecay: 0.05 }), adamwRef(0.9, 0.999, 1e-8, 0.05, true), constant(0.1), 10);
  });
  it("keeps vmaxStates only with amsgrad", () => {
    expect(new AdamW(0.1).vmaxStates).toBeNull();
    const w = new ParamState(f64([1]));
    const opt = new AdamW(0.1, { amsgrad: true }).registerTrainableWeights({ w });
    expect(opt.vmaxStates?.get("w")).toBeInstanceOf(OptimState);
  });
  it("has brainstate's defaults", () => {
    const m = new AdamW(1e-3);
    expect([m.beta1, m.beta2, m.eps, m.weightDecay, m.amsgrad]).toEqual([0.9, 0.999, 1e-8, 1e-2, false]);
  });
  it("throws ValueError for bad eps, betas and weight decay", () => {
    expect(() => new AdamW(1e-3, { eps: -1e-8 })).toThrow(/AdamW: invalid epsilon value/);
    expect(() => new AdamW(1e-3, { beta1: 1 })).toThrow(/invalid beta parameter at index 0: 1/);
    expect(() => new AdamW(1e-3, { beta2: -0.1 })).toThrow(/invalid beta parameter at index 1: -0.1/);
    expect(() => new AdamW(1e-3, { weightDecay: -1 })).toThrow(/invalid weight_decay value: -1/);
    expect(() => new AdamW(1e-3, { weightDecay: 2 })).toThrow(/weightDecay must be null \(no decay\) or a number in \[0, 1\], got 2/);
  });
});

describe("Optimizer registration", () => {
  it("accepts graph.states(model, ParamState) and FlattedDict grads keyed by the same paths", () => {
    class Model extends Node {
      layer = { weight: new ParamState(f64([1, 2])) };
      bias = new ParamState(f64(3));
    }
    const m = new Model();
    const params = states(m, ParamState);
    const opt = new SGD(0.5).registerTrainableWeights(params);
    expect([...opt.paramStates.keys()].sort()).toEqual(["bias", "layer.weight"]);
    const grads = new FlattedDict<unknown>([...params].map(([path, st]) => [path, (st.value as Array).mul(0).add(1)]));
    opt.update(grads);
    expect(m.layer.weight.value.toArray()).toEqual([0.5, 1.5]);
    expect(m.bias.value.item()).toBe(2.5);
    opt.update({ "layer.weight": f64([1, 1]), bias: f64(1) }); // the same keys as strings
    expect(m.bias.value.item()).toBe(2);
  });

  it("accepts Maps and registers each State once (the first key wins)", () => {
    const w = new ParamState(f64([1]));
    const opt = new Momentum(0.1).registerTrainableWeights(new Map([["a", w]]));
    opt.registerTrainableWeights({ b: w });
    expect([...opt.paramStates.keys()]).toEqual(["a"]);
    expect([...opt.momentumStates.keys()]).toEqual(["a"]);
    expect(states(opt, OptimState).size).toBe(1);
  });

  it("keeps the buffers in OptimStates, zeros shaped like the parameters", () => {
    const ps = makeParams();
    const opt = new Adam(0.1).registerTrainableWeights({ w: ps.w, p: ps.p });
    const m1 = opt.m1States.get("p") as State<{ weight: Array; bias: Array }>;
    expect(m1).toBeInstanceOf(OptimState);
    expect(m1.value.weight.toArray()).toEqual([0, 0]);
    expect(m1.value.bias.shape).toEqual([]);
    expect(states(opt, OptimState).size).toBe(5); // m1, m2 for w and p, and stepCount
  });

  it("throws ValueError for a value that is not a State, a key bound to another State, and a non-dict", () => {
    const opt = new SGD(0.1);
    expect(() => opt.registerTrainableWeights({ w: f64([1]) } as never)).toThrow(ValueError);
    expect(() => opt.registerTrainableWeights({ w: f64([1]) } as never)).toThrow(/the value under 'w' is an Array float64\[1\], not a State/);
    opt.registerTrainableWeights({ w: new ParamState(f64([1])) });
    expect(() => opt.registerTrainableWeights({ w: new ParamState(f64([2])) })).toThrow(/the key 'w' is already registered with another State/);
    expect(() => opt.registerTrainableWeights([new ParamState(f64([2]))] as never)).toThrow(/must be a dict \(a plain object, a Map or a FlattedDict/);
    const clash = new Map<string | readonly string[], State>([
      ["a.b", new ParamState(f64(1))],
      [["a", "b"], new ParamState(f64(2))],
    ]);
    expect(() => new SGD(0.1).registerTrainableWeights(clash)).toThrow(/both name 'a.b'/);
  });
});

describe("Optimizer.update", () => {
  it("throws ValueError for grads missing a registered key or with unregistered keys", () => {
    const opt = new SGD(0.1).registerTrainableWeights({ w: new ParamState(f64([1])), v: new ParamState(f64([1])) });
    expect(() => opt.update({ w: f64([1]) })).toThrow(ValueError);
    expect(() => opt.update({ w: f64([1]) })).toThrow(/SGD.update: grads has no entry for the registered parameter\(s\) 'v'/);
    expect(() => opt.update({ w: f64([1]), v: f64([1]), u: f64([1]) })).toThrow(/grads has entries 'u' that are not registered parameters/);
  });

  it("throws TreeMismatchError for a gradient of another structure than its parameter", () => {
    const ps = makeParams();
    const opt = new Adam(0.1).registerTrainableWeights({ p: ps.p });
    expect(() => opt.update({ p: { weight: f64([1, 1]) } })).toThrow(TreeMismatchError);
    expect(() => opt.update({ p: { weight: f64([1, 1]) } })).toThrow(/Adam.update: the gradient for 'p' has structure/);
  });

  it("keeps each parameter's dtype", () => {
    const w = new ParamState(np.array([1, 2], { dtype: "float32" }));
    const opt = new Adam(0.1).registerTrainableWeights({ w }); // lr is float64 at precision 64
    opt.update({ w: np.array([1, 1], { dtype: "float32" }) });
    expect(w.value.dtype).toBe("float32");
  });
});

describe("optimizer options", () => {
  it("throws OptionError for unknown options and ValueError for bad values", () => {
    expect(() => new SGD(0.1, { momentum: 0.9 } as never)).toThrow(OptionError);
    expect(() => new SGD(0.1, { momentum: 0.9 } as never)).toThrow(/SGD: unknown option 'momentum'; the options are 'weightDecay'/);
    expect(() => new Momentum(0.1, { weightDecay: 1.5 })).toThrow(/Momentum: weightDecay must be null \(no decay\) or a number in \[0, 1\], got 1.5/);
    expect(() => new RMSProp(0.1, { rho: 2 })).toThrow(/RMSProp: rho must be a finite number in \[0, 1\], got 2/);
    expect(() => new Adam(0.1, { beta1: 1 })).toThrow(/Adam: beta1 must be a finite number in \[0, 1\), got 1/);
    expect(() => new LARS(0.1, { tc: -1 })).toThrow(/LARS: tc must be a finite number ≥ 0/);
    expect(() => new SGD("0.1" as never)).toThrow(/makeSchedule: the learning rate must be a number/);
  });
});

describe("toSameDictTree", () => {
  it("returns the values of one dict, or of several with the same keys", () => {
    const w = new ParamState(f64([1]));
    const one = toSameDictTree({ w });
    expect(one["w"]).toBe(w.value);
    const [a, b] = toSameDictTree({ w }, new Map([["w", 5]]));
    expect(a?.["w"]).toBe(w.value);
    expect(b?.["w"]).toBe(5);
  });
  it("throws ValueError ('Dictionary does not match') when a later dict lacks a key", () => {
    expect(() => toSameDictTree({ w: 1, v: 2 }, { w: 1 })).toThrow(ValueError);
    expect(() => toSameDictTree({ w: 1, v: 2 }, { w: 1 })).toThrow(/Dictionary does not match: dict 1 lacks the key\(s\) 'v'/);
  });
});
