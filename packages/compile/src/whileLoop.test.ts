import { describe, expect, it } from "vitest";
import { grad, jvp, np, OptionError, TransformationError, ValueError, vmap, type Array } from "@brainstate/core";
import { expectAllclose } from "@brainstate/core/testing";
import { ParamState, State } from "@brainstate/state";
import { boundedWhileLoop, jit, StatefulFunction, whileLoop } from "./index.js";

const f64 = (v: number | number[]) => np.array(v, { dtype: "float64" });

describe("whileLoop", () => {
  // Port of _loop_no_collection_test.py test1: condition and body only touch states.
  it("loops on states alone, with a null value", () => {
    const a = new State(np.array(1.0));
    const b = new State(np.array(20.0));
    const r = whileLoop(
      () => a.value.lt(b.value),
      () => {
        a.value = a.value.add(1);
      },
      null,
    );
    expect(r).toBeNull();
    expect(a.value.item()).toBe(20);
    expect(b.value.item()).toBe(20);
  });

  // Port of test2: the value is carried and also used to update a state.
  it("carries the value and the states the body writes", () => {
    const a = new State(np.array(1.0));
    const b = new State(np.array(20.0));
    const r = whileLoop(
      (_x: Array) => a.value.lt(b.value),
      (x: Array) => {
        a.value = a.value.add(x);
        return x;
      },
      np.array(1.0),
    );
    expect(r.item()).toBe(1);
    expect(a.value.item()).toBe(20);
  });

  it("runs under jit with a traced bound", () => {
    const steps = new State(np.array(0, { dtype: "int32" }));
    const f = jit((limit: Array) =>
      whileLoop(
        (v: Array) => v.lt(limit),
        (v: Array) => {
          steps.value = steps.value.add(1);
          return v.mul(2);
        },
        np.array(1),
      ),
    );
    // 1 → 2 → 4 → … → 128 (7 doublings)
    expect((f(np.array(100)) as Array).item()).toBe(128);
    expect(steps.value.item()).toBe(7);
    // 1 → 2 → 4 (2 more steps)
    expect((f(np.array(3)) as Array).item()).toBe(4);
    expect(steps.value.item()).toBe(9);
  });

  it("is forward-mode differentiable", () => {
    // x ← 2x until x > 10, starting at x0 = 1.5: 1.5, 3, 6, 12 → d/dx0 = 8
    const f = (x0: Array): Array => whileLoop((x: Array) => x.le(10), (x: Array) => x.mul(2), x0);
    const [y, t] = jvp(f, [f64(1.5)], [f64(1)]) as [Array, Array];
    expect(y.item()).toBe(12);
    expect(t.item()).toBe(8);
  });

  it("throws ValueError when the condition writes a state", () => {
    const s = new State(np.zeros([]), { name: "s" });
    const condFun = (): Array => {
      s.value = s.value.add(1);
      return s.value.lt(3);
    };
    expect(() => whileLoop(condFun, () => undefined, null)).toThrow(ValueError);
    expect(() => whileLoop(condFun, () => undefined, null)).toThrow("condFun writes State 's'");
  });

  it("throws TransformationError for non-functions and non-scalar conditions", () => {
    expect(() => whileLoop(1 as never, (x: Array) => x, np.array(1))).toThrow(TransformationError);
    expect(() => whileLoop((x: Array) => x.lt(3), "x" as never, np.array(1))).toThrow("bodyFun is string, not a function");
    expect(() => whileLoop((x: Array) => x.lt(3), (x: Array) => x.add(1), np.array([1, 2]))).toThrow("condFun must return a scalar, got bool[2]");
  });
});

describe("boundedWhileLoop", () => {
  it("gives the whileLoop result when the loop ends before maxSteps", () => {
    for (const [maxSteps, base] of [
      [100, 16],
      [7, 2],
      [5, 16],
    ] as const) {
      // 1 → 2 → 4 → 8 → 16 (4 doublings, within every bound)
      const x = boundedWhileLoop((v: Array) => v.lt(10), (v: Array) => v.mul(2), np.array(1), { maxSteps, base });
      expect(x.item()).toBe(16);
    }
  });

  it("stops after exactly maxSteps iterations when the condition still holds", () => {
    const count = new State(np.array(0, { dtype: "int32" }));
    const x = boundedWhileLoop(
      () => true,
      (v: Array) => {
        count.value = count.value.add(1);
        return v.add(1);
      },
      np.array(0),
      { maxSteps: 37, base: 4 },
    );
    expect(x.item()).toBe(37);
    expect(count.value.item()).toBe(37);
  });

  it("returns the initial value (as arrays) for maxSteps 0", () => {
    const x = boundedWhileLoop((v: Array) => v.lt(10), (v: Array) => v.mul(2), 3 as unknown as Array, { maxSteps: 0 });
    expect(x.item()).toBe(3);
  });

  it("carries the states the body writes and reads states in the condition", () => {
    const limit = new State(np.array(50));
    const total = new State(np.array(0));
    const i = boundedWhileLoop(
      (_k: Array) => total.value.lt(limit.value),
      (k: Array) => {
        total.value = total.value.add(k);
        return k.add(1);
      },
      np.array(1),
      { maxSteps: 1000 },
    );
    // 1+2+…+10 = 55 ≥ 50 after k = 10 → k = 11
    expect(total.value.item()).toBe(55);
    expect(i.item()).toBe(11);
    expect(limit.value.item()).toBe(50);
  });

  it("is reverse-mode differentiable and equals finite differences", () => {
    const w = new ParamState(f64(1.3));
    const sf = new StatefulFunction(() =>
      boundedWhileLoop(
        (v: [Array, Array]) => v[0].lt(5),
        ([k, h]: [Array, Array]) => [k.add(1), np.sin(h.mul(w.value)).add(1)] as [Array, Array],
        [np.array(0, { dtype: "int32" }), f64(0.5)] as [Array, Array],
        { maxSteps: 20, base: 3 },
      )[1],
    );
    const states = sf.getStates();
    const loss = (wv: Array): Array => sf.jaxprCall(states.map((s) => (s === w ? wv : s.value)))[1] as Array;
    const g = (grad(loss)(w.value) as Array).item() as number;
    const eps = 1e-6;
    const fd = ((loss(f64(1.3 + eps)).item() as number) - (loss(f64(1.3 - eps)).item() as number)) / (2 * eps);
    expect(g).toBeCloseTo(fd, 7);
  });

  it("under vmap stops each lane at its own condition", () => {
    const out = vmap((x0: Array) => boundedWhileLoop((v: Array) => v.lt(10), (v: Array) => v.mul(2), x0, { maxSteps: 50 }))(np.array([1, 3, 20])) as Array;
    // 1 → 16; 3 → 12; 20 stays
    expectAllclose(out, [16, 12, 20]);
  });

  it("throws for a bad maxSteps or base and for unknown options", () => {
    const body = (v: Array): Array => v;
    expect(() => boundedWhileLoop(() => false, body, np.array(1), { maxSteps: -1 })).toThrow(ValueError);
    expect(() => boundedWhileLoop(() => false, body, np.array(1), { maxSteps: 2.5 })).toThrow("maxSteps must be a non-negative integer, got 2.5");
    expect(() => boundedWhileLoop(() => false, body, np.array(1), { maxSteps: 3, base: 1 })).toThrow("base must be an integer of at least 2");
    expect(() => boundedWhileLoop(() => false, body, np.array(1), { maxSteps: 3, steps: 2 } as never)).toThrow(OptionError);
  });
});
