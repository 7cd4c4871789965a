import { describe, expect, it } from "vitest";
import { grad, np, vmap, type Array } from "@brainstate/core";
import { expectAllclose } from "@brainstate/core/testing";
import { Node } from "@brainstate/graph";
import { ParamState, ShortTermState, State } from "@brainstate/state";
import { checkpointedForLoop, cond, forLoop, jit, makeJaxpr, StatefulFunction, switch as switch_, whileLoop } from "@brainstate/compile";

const f64 = (v: number | number[]) => np.array(v, { dtype: "float64" });

/** A tiny recurrent model with states of several kinds. */
class Model extends Node {
  readonly w = new ParamState(f64(0.6));
  readonly h = new ShortTermState(f64(0));
  readonly resets = new ShortTermState(f64(0));
  readonly trace = new ShortTermState(f64(0));
  /** One step: integrate, reset above 1 (a branch writing other states), low-pass filter in 3 sub-steps. */
  step(x: Array): Array {
    this.h.value = this.h.value.mul(this.w.value).add(x);
    cond(
      this.h.value.gt(1),
      () => {
        this.h.value = this.h.value.sub(1);
        this.resets.value = this.resets.value.add(1);
      },
      () => undefined,
    );
    forLoop(() => {
      this.trace.value = this.trace.value.mul(0.5).add(this.h.value.mul(0.5));
    }, null, { length: 3 });
    return this.h.value;
  }
}

/** The same model in plain JS numbers. */
function eagerModel(w: number, xs: readonly number[]): { h: number; resets: number; trace: number; hs: number[] } {
  let h = 0;
  let resets = 0;
  let trace = 0;
  const hs: number[] = [];
  for (const x of xs) {
    h = h * w + x;
    if (h > 1) {
      h -= 1;
      resets += 1;
    }
    for (let k = 0; k < 3; k++) trace = trace * 0.5 + h * 0.5;
    hs.push(h);
  }
  return { h, resets, trace, hs };
}

const inputs = [0.3, 0.9, 0.1, 0.7, 0.2, 0.8, 0.05, 0.6];

describe("compositions", () => {
  it("runs jit(forLoop(cond + nested forLoop)) like the eager JS loop", () => {
    const m = new Model();
    const run = jit((xs: Array) => forLoop((x: Array) => m.step(x), xs));
    const hs = run(f64(inputs)) as Array;
    const ref = eagerModel(0.6, inputs);
    expectAllclose(hs, ref.hs, { rtol: 1e-12 });
    expectAllclose(m.h.value, ref.h, { rtol: 1e-12 });
    expectAllclose(m.trace.value, ref.trace, { rtol: 1e-12 });
    expect(m.resets.value.item()).toBe(ref.resets);
    expect(ref.resets).toBeGreaterThan(0);
    // a second call continues from the written states
    run(f64(inputs));
    expect(m.resets.value.item()).toBeGreaterThan(ref.resets);
  });

  it("differentiates the loss of that loop with respect to a parameter, matching finite differences", () => {
    const m = new Model();
    const sf = new StatefulFunction((xs: Array) => {
      const hs = forLoop((x: Array) => m.step(x), xs) as Array;
      return hs.mul(hs).sum().add(m.trace.value);
    });
    const xs = f64(inputs);
    const states = sf.getStates(xs);
    const loss = (wv: Array): Array => sf.jaxprCall(states.map((s) => (s === m.w ? wv : s.value)), xs)[1] as Array;
    const g = (grad(loss)(m.w.value) as Array).item() as number;
    const eps = 1e-6;
    const fd = ((loss(f64(0.6 + eps)).item() as number) - (loss(f64(0.6 - eps)).item() as number)) / (2 * eps);
    expect(g).toBeCloseTo(fd, 6);
    // the checkpointed loop gives the same gradient
    const sfc = new StatefulFunction((ys: Array) => {
      const hs = checkpointedForLoop((x: Array) => m.step(x), ys, { base: 3 }) as Array;
      return hs.mul(hs).sum().add(m.trace.value);
    });
    const statesC = sfc.getStates(xs);
    const lossC = (wv: Array): Array => sfc.jaxprCall(statesC.map((s) => (s === m.w ? wv : s.value)), xs)[1] as Array;
    expect((grad(lossC)(m.w.value) as Array).item() as number).toBeCloseTo(g, 10);
  });

  it("vmaps the pure program over parameters: per-lane final states", () => {
    const m = new Model();
    const sf = new StatefulFunction((xs: Array) => forLoop((x: Array) => m.step(x), xs));
    const xs = f64(inputs);
    const states = sf.getStates(xs);
    const finalH = (wv: Array): Array => {
      const [newValues] = sf.jaxprCall(states.map((s) => (s === m.w ? wv : s.value)), xs);
      return newValues[states.indexOf(m.h)] as Array;
    };
    const ws = [0.2, 0.6, 0.9];
    const out = vmap(finalH)(f64(ws)) as Array;
    expectAllclose(out, ws.map((w) => eagerModel(w, inputs).h), { rtol: 1e-12 });
    // nothing was written: jaxprCall is pure
    expect(m.h.value.item()).toBe(0);
  });

  it("nests whileLoop and switch inside a jitted forLoop", () => {
    const steps = new State(np.array(0, { dtype: "int32" }));
    const acc = new State(np.zeros([]));
    const run = jit((xs: Array) =>
      forLoop((x: Array) => {
        // count the doublings of x until it exceeds 100
        whileLoop(
          (v: Array) => v.le(100),
          (v: Array) => {
            steps.value = steps.value.add(1);
            return v.mul(2);
          },
          x,
        );
        switch_(
          x.astype("int32").mod(3),
          [
            () => {
              acc.value = acc.value.add(1);
            },
            () => {
              acc.value = acc.value.add(10);
            },
            () => {
              acc.value = acc.value.add(100);
            },
          ],
        );
      }, xs),
    );
    run(np.array([1, 5, 30, 2]));
    // doublings: 1→128 (7), 5→160 (5), 30→120 (2), 2→128 (6); acc: 1 mod 3 = 1 → 10, 5 → 2 → 100, 30 → 0 → 1, 2 → 100
    expect(steps.value.item()).toBe(20);
    expect(acc.value.item()).toBe(211);
  });

  it("calls a jitted stateful function inside cond branches and a checkpointed loop", () => {
    const total = new State(np.zeros([]));
    const add = jit((x: Array) => {
      total.value = total.value.add(x);
      return total.value;
    });
    checkpointedForLoop(
      (x: Array) => {
        cond(x.gt(2), () => add(x), () => add(x.neg()));
      },
      np.arange(6),
      { base: 2 },
    );
    // −0 − 1 − 2 + 3 + 4 + 5
    expect(total.value.item()).toBe(9);
  });

  it("shows the states as inputs of the program of a jitted loop", () => {
    const m = new Model();
    const run = jit((xs: Array) => forLoop((x: Array) => m.step(x), xs));
    const [program, states] = makeJaxpr((xs: Array) => run(xs))(f64(inputs));
    expect(new Set(states)).toEqual(new Set([m.w, m.h, m.resets, m.trace]));
    // inputs: xs and the four states; outputs: the hs and the four states
    expect(program.inAvals.length).toBe(5);
    expect(program.outAvals.length).toBe(5);
    expect(program.toString()).toContain("scan");
  });
});
