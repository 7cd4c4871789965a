// Tests of the learning-rate schedulers against their closed forms (written out here in plain JS
// doubles) at many indices, their epoch/call counting, jit, save/restore and their errors.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jit, np, OptionError, ValueError, type Array } from "@brainstate/core";
import { treefyStates, updateStates } from "@brainstate/graph";
import { environ, LongTermState, State } from "@brainstate/state";
import {
  ConstantLR,
  CosineAnnealingLR,
  CosineAnnealingWarmRestarts,
  ExponentialDecayLR,
  ExponentialLR,
  InverseTimeDecayLR,
  LearningRateScheduler,
  makeSchedule,
  MultiStepLR,
  PiecewiseConstantLR,
  PolynomialDecayLR,
  StepLR,
} from "./index.js";

// Closed forms are compared in float64 (precision 64) so the tolerance can be tight.
beforeAll(() => environ.set({ precision: 64 }));
afterAll(() => environ.set({ precision: 32 }));

const val = (x: Array): number => x.item() as number;
const range = (n: number): number[] => globalThis.Array.from({ length: n }, (_, i) => i);

function expectClose(actual: number, expected: number, tol = 1e-12): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(expected)));
}

describe("ConstantLR", () => {
  it("returns lr at every index and follows a State learning rate", () => {
    const s = new ConstantLR(0.05);
    for (const i of [0, 3, 100]) expectClose(val(s.call(i)), 0.05);
    expectClose(val(s.call()), 0.05);
    const st = new State(np.array(0.1));
    const c = new ConstantLR(st);
    expect(c.lr.dtype).toBe("float64"); // the State's value is cast to the default float dtype
    st.value = np.array(0.2, { dtype: "float64" });
    expectClose(val(c.call()), 0.2);
    c.lr = 0.3; // writes through to the State
    expectClose(val(st.value as Array), 0.3);
  });

  it("gives a float32 learning rate at the default precision", () => {
    const lr = environ.context({ precision: 32 }, () => new ConstantLR(0.1).call());
    expect(lr.dtype).toBe("float32");
  });
});

describe("StepLR", () => {
  it("matches lr·γ^⌊i/stepSize⌋ for i = 0…99", () => {
    for (const [stepSize, gamma] of [
      [7, 0.5],
      [1, 0.9],
      [30, 0.1],
    ] as const) {
      const s = new StepLR(0.1, stepSize, { gamma });
      for (const i of range(100)) expectClose(val(s.call(i)), 0.1 * gamma ** Math.floor(i / stepSize));
    }
  });

  it("uses gamma 0.1 by default and starts at lastEpoch + 1", () => {
    const s = new StepLR(1, 2);
    expect(s.gamma).toBe(0.1);
    expectClose(val(s.call()), 1); // epoch 0
    s.stepEpoch();
    s.stepEpoch(); // lastEpoch = 1 → epoch 2
    expectClose(val(s.call()), 0.1);
    s.stepCall(); // epoch-based: calls do not count
    expectClose(val(s.call()), 0.1);
    const late = new StepLR(1, 2, { lastEpoch: 3 }); // epoch 4
    expectClose(val(late.call()), 0.01);
  });
});

describe("MultiStepLR", () => {
  // Port of brainstate's _lr_scheduler_test.py TestMultiStepLR.test1.
  it("decays by gamma at each milestone (brainstate's test1)", () => {
    const lr = new MultiStepLR(0.1, [10, 20, 30], { gamma: 0.1 });
    for (const i of range(40)) {
      const r = val(lr.call(i));
      const expected = i < 10 ? 0.1 : i < 20 ? 0.01 : i < 30 ? 0.001 : 0.0001;
      expectClose(r, expected);
    }
  });

  // Port of brainstate's TestMultiStepLR.test2: the same under jit (a traced index).
  it("gives the same values under jit (brainstate's test2)", () => {
    const lr = new MultiStepLR(0.1, [10, 20, 30], { gamma: 0.1 });
    const f = jit((i: Array) => lr.call(i));
    for (const i of range(40)) {
      const r = val(f(np.array(i, { dtype: "int32" })));
      const expected = i < 10 ? 0.1 : i < 20 ? 0.01 : i < 30 ? 0.001 : 0.0001;
      expectClose(r, expected);
    }
  });

  it("counts the milestones at or below i, with unequal gaps", () => {
    const lr = new MultiStepLR(2, [3, 4, 50], { gamma: 0.5 });
    for (const i of range(60)) expectClose(val(lr.call(i)), 2 * 0.5 ** [3, 4, 50].filter((m) => m <= i).length);
  });

  it("throws ValueError for empty or non-increasing milestones and a gamma outside [0, 1]", () => {
    expect(() => new MultiStepLR(0.1, [])).toThrow(ValueError);
    expect(() => new MultiStepLR(0.1, [])).toThrow(/non-empty/);
    expect(() => new MultiStepLR(0.1, [5, 5])).toThrow(/strictly increasing/);
    expect(() => new MultiStepLR(0.1, [1, 2], { gamma: 1.5 })).toThrow(/gamma must be a finite number in \[0, 1\]/);
  });
});

describe("CosineAnnealingLR", () => {
  it("matches η_min + (lr − η_min)(1 + cos(πi/T_max))/2 for i = 0…2·T_max", () => {
    const s = new CosineAnnealingLR(0.1, 17, { eta_min: 0.001 });
    for (const i of range(35)) expectClose(val(s.call(i)), 0.001 + (0.1 - 0.001) * (1 + Math.cos((Math.PI * i) / 17)) / 2);
    const z = new CosineAnnealingLR(1, 4);
    expectClose(val(z.call(2)), 0.5);
    expectClose(val(z.call(4)), 0, 1e-15);
  });

  it("throws ValueError for T_max below 1", () => {
    expect(() => new CosineAnnealingLR(0.1, 0)).toThrow(/T_max must be a finite number ≥ 1, got 0/);
  });
});

/** SGDR's restarts, stepped epoch by epoch (Loshchilov & Hutter 2017, §3): [T_cur, T_i] at epoch e. */
function sgdrPhase(e: number, T0: number, Tmult: number): [number, number] {
  let tCur = e;
  let tI = T0;
  while (tCur >= tI) {
    tCur -= tI;
    tI *= Tmult;
  }
  return [tCur, tI];
}

describe("CosineAnnealingWarmRestarts", () => {
  it("matches SGDR's restarted cosine for T_mult = 1, 2 and 3 over many calls", () => {
    for (const [ncpe, T0, Tmult] of [
      [3, 5, 1],
      [2, 2, 2],
      [1, 1, 2],
      [4, 3, 3],
    ] as const) {
      const s = new CosineAnnealingWarmRestarts(0.1, ncpe, T0, { T_mult: Tmult, eta_min: 0.01 });
      for (const i of range(400)) {
        const e = Math.floor(i / ncpe);
        const [tCur, tI] = sgdrPhase(e, T0, Tmult);
        expectClose(val(s.call(i)), 0.01 + (0.1 - 0.01) * (1 + Math.cos((Math.PI * tCur) / tI)) / 2, 1e-10);
        expect(val(s.currentEpoch(i))).toBe(e);
      }
    }
  });

  it("restarts exactly at the period boundaries in float32 (no off-by-one from the logarithm)", () => {
    environ.context({ precision: 32 }, () => {
      for (const [T0, Tmult] of [
        [1, 2],
        [3, 3],
        [2, 5],
      ] as const) {
        const s = new CosineAnnealingWarmRestarts(1, 1, T0, { T_mult: Tmult });
        const f = jit((i: Array) => s.call(i));
        for (const e of range(400)) {
          const [tCur, tI] = sgdrPhase(e, T0, Tmult);
          const expected = (1 + Math.cos((Math.PI * tCur) / tI)) / 2;
          const got = val(f(np.array(e, { dtype: "int32" })));
          expect(Math.abs(got - expected)).toBeLessThan(1e-5);
        }
      }
    });
  });

  it("counts calls, not epochs", () => {
    const s = new CosineAnnealingWarmRestarts(1, 2, 2);
    expectClose(val(s.call()), 1); // call 0 → epoch 0
    s.stepEpoch();
    expectClose(val(s.call()), 1); // epochs do not move a call-based scheduler
    s.stepCall();
    s.stepCall(); // call 2 → epoch 1
    expectClose(val(s.call()), 0.5);
    expect(val(s.currentEpoch())).toBe(1);
  });

  it("throws ValueError for a T_0 that is not a positive integer or a T_mult below 1", () => {
    expect(() => new CosineAnnealingWarmRestarts(0.1, 10, 0)).toThrow(/expected a positive integer T_0, got 0/);
    expect(() => new CosineAnnealingWarmRestarts(0.1, 10, 2.5)).toThrow(ValueError);
    expect(() => new CosineAnnealingWarmRestarts(0.1, 10, 2, { T_mult: 0 })).toThrow(/expected an integer T_mult ≥ 1, got 0/);
  });
});

describe("ExponentialLR", () => {
  it("matches lr·γ^i for i = 0…49", () => {
    const s = new ExponentialLR(0.2, 0.95);
    for (const i of range(50)) expectClose(val(s.call(i)), 0.2 * 0.95 ** i);
  });
  it("throws ValueError for a gamma above 1", () => {
    expect(() => new ExponentialLR(0.2, 1.01)).toThrow(/gamma must be a finite number in \[0, 1\], got 1.01/);
  });
});

describe("ExponentialDecayLR", () => {
  it("matches lr·rate^(i/decaySteps) and advances per call", () => {
    const s = new ExponentialDecayLR(0.1, 7, 0.5);
    for (const i of range(60)) expectClose(val(s.call(i)), 0.1 * 0.5 ** (i / 7));
    for (const i of range(5)) {
      expectClose(val(s.call()), 0.1 * 0.5 ** (i / 7));
      s.stepCall();
    }
  });
});

describe("InverseTimeDecayLR", () => {
  it("matches lr/(1 + rate·i/decaySteps), floored with staircase", () => {
    const smooth = new InverseTimeDecayLR(0.1, 4, 0.5);
    const stairs = new InverseTimeDecayLR(0.1, 4, 0.5, { staircase: true });
    expect(smooth.staircase).toBe(false);
    for (const i of range(60)) {
      expectClose(val(smooth.call(i)), 0.1 / (1 + (0.5 * i) / 4));
      expectClose(val(stairs.call(i)), 0.1 / (1 + 0.5 * Math.floor(i / 4)));
    }
  });
  it("throws OptionError for an unknown option and ValueError for a non-boolean staircase", () => {
    expect(() => new InverseTimeDecayLR(0.1, 4, 0.5, { stair: true } as never)).toThrow(OptionError);
    expect(() => new InverseTimeDecayLR(0.1, 4, 0.5, { stair: true } as never)).toThrow(/unknown option 'stair'/);
    expect(() => new InverseTimeDecayLR(0.1, 4, 0.5, { staircase: 1 } as never)).toThrow(/staircase must be a boolean/);
  });
});

describe("PolynomialDecayLR", () => {
  it("matches (1 − min(i, T)/T)^power·(lr − final) + final and stays at final after T", () => {
    for (const power of [1, 2, 0.5]) {
      const s = new PolynomialDecayLR(0.1, 20, 0.001, { power });
      for (const i of range(40)) expectClose(val(s.call(i)), (1 - Math.min(i, 20) / 20) ** power * (0.1 - 0.001) + 0.001);
    }
    expect(new PolynomialDecayLR(0.1, 20, 0).power).toBe(1);
  });
});

describe("PiecewiseConstantLR", () => {
  it("gives values[#{b : i > b}] at every call index", () => {
    const s = new PiecewiseConstantLR([10, 20], [1, 0.5, 0.1]);
    for (const i of range(40)) expectClose(val(s.call(i)), i <= 10 ? 1 : i <= 20 ? 0.5 : 0.1);
    const f = jit((i: Array) => s.call(i));
    expectClose(val(f(np.array(15, { dtype: "int32" }))), 0.5);
    expectClose(val(f(np.array(25, { dtype: "int32" }))), 0.1);
  });
  it("throws ValueError when values is not one longer than boundaries", () => {
    expect(() => new PiecewiseConstantLR([10, 20], [1, 0.5])).toThrow(ValueError);
    expect(() => new PiecewiseConstantLR([10, 20], [1, 0.5])).toThrow(/boundaries length must be one shorter than values length, got 2 boundaries and 2 values/);
  });
});

describe("LearningRateScheduler", () => {
  it("keeps its counters in LongTermStates, saved and restored with graph.treefyStates/updateStates", () => {
    const s = new ExponentialDecayLR(1, 1, 0.5);
    for (let k = 0; k < 3; k++) s.stepCall();
    s.stepEpoch();
    expect(s.lastCall).toBeInstanceOf(LongTermState);
    const saved = treefyStates(s);
    const fresh = new ExponentialDecayLR(1, 1, 0.5);
    updateStates(fresh, saved);
    expect(val(fresh.lastCall.value)).toBe(2);
    expect(val(fresh.lastEpoch.value)).toBe(0);
    expectClose(val(fresh.call()), 0.125); // call index 3
  });

  it("throws ValueError for a lastEpoch below −1 and a non-scalar learning rate", () => {
    expect(() => new StepLR(0.1, 2, { lastEpoch: -2 })).toThrow(/lastEpoch must be an integer ≥ -1, got -2/);
    expect(() => new ConstantLR(np.array([0.1, 0.2]))).toThrow(/the learning rate must be a scalar, got an array of shape \[2\]/);
    expect(() => new ConstantLR("0.1" as never)).toThrow(ValueError);
    const s = new ConstantLR(0.1);
    expect(() => {
      s.lr = np.ones([2]);
    }).toThrow(/ConstantLR.lr: the learning rate must be a scalar/);
  });

  it("throws OptionError for unknown options", () => {
    expect(() => new StepLR(0.1, 2, { gama: 0.5 } as never)).toThrow(OptionError);
    expect(() => new ConstantLR(0.1, { lastCall: 1 } as never)).toThrow(/ConstantLR: unknown option 'lastCall'/);
  });
});

describe("makeSchedule", () => {
  it("returns a scheduler as is and wraps numbers and States in ConstantLR", () => {
    const s = new StepLR(0.1, 3);
    expect(makeSchedule(s)).toBe(s);
    const c = makeSchedule(0.5);
    expect(c).toBeInstanceOf(ConstantLR);
    expect(c).toBeInstanceOf(LearningRateScheduler);
    expectClose(val(c.call()), 0.5);
    expect(makeSchedule(new State(np.array(0.2)))).toBeInstanceOf(ConstantLR);
  });
  it("throws ValueError for anything else", () => {
    expect(() => makeSchedule("fast" as never)).toThrow(ValueError);
    expect(() => makeSchedule("fast" as never)).toThrow(/makeSchedule: the learning rate must be a number/);
  });
});
