import { describe, expect, it } from "vitest";
import { grad, jit, makeJaxpr, np, vmap, type Array } from "@brainstate/core";
import { expectAllclose } from "@brainstate/core/testing";
import { ParamState, ShortTermState, State } from "@brainstate/state";
import { StatefulFunction } from "@brainstate/compile";

describe("StatefulFunction", () => {
  it("discovers read and written states in order of first use", () => {
    const a = new State(np.ones([2]));
    const b = new State(np.zeros([2]));
    const f = new StatefulFunction((x: Array) => {
      b.value = a.value.add(x);
      return b.value.sum();
    });
    const x = np.ones([2]);
    expect(f.getStates(x)).toEqual([a, b]);
    expect(f.getReadStates(x)).toEqual([a]);
    expect(f.getWriteStates(x)).toEqual([b]);
    // Tracing leaves the states as they were.
    expect(b.value.toArray()).toEqual([0, 0]);
  });

  it("lifts state values into program inputs and written values into outputs", () => {
    const w = new ParamState(np.ones([3]));
    const counter = new ShortTermState(np.zeros([]));
    const f = new StatefulFunction((x: Array) => {
      counter.value = counter.value.add(1);
      return x.mul(w.value).sum();
    });
    const program = f.makeJaxpr(np.ones([3]));
    expect(program.jaxpr.jaxpr.invars.length).toBe(3);
    expect(program.jaxpr.jaxpr.outvars.length).toBe(2);
    expect(program.jaxpr.toString()).not.toContain("1.0:float32[3]");
  });

  it("writes new values back on call and leaves read-only states unchanged", () => {
    const w = new ParamState(np.array([1, 2, 3]));
    const acc = new ShortTermState(np.zeros([3]));
    const f = new StatefulFunction((x: Array) => {
      acc.value = acc.value.add(x.mul(w.value));
      return acc.value.sum();
    });
    expect((f.call(np.ones([3])) as Array).item()).toBe(6);
    expect((f.call(np.ones([3])) as Array).item()).toBe(12);
    expect(acc.value.toArray()).toEqual([2, 4, 6]);
    expect(w.value.toArray()).toEqual([1, 2, 3]);
  });

  it("retraces when a state's shape changes", () => {
    const s = new State(np.ones([2]));
    const f = new StatefulFunction(() => s.value.sum());
    expect((f.call() as Array).item()).toBe(2);
    s.value = np.ones([5]);
    expect((f.call() as Array).item()).toBe(5);
  });

  it("is pure through jaxprCall, so core transformations apply (grad over state values)", () => {
    const w = new ParamState(np.array([1, 2], { dtype: "float64" }));
    const f = new StatefulFunction((x: Array) => np.sin(w.value.mul(x)).sum());
    const x = np.array([0.5, 0.25], { dtype: "float64" });
    const g = grad((wv: Array) => f.jaxprCall([wv], x)[1] as Array)(w.value) as Array;
    expectAllclose(g, [0.5 * Math.cos(0.5), 0.25 * Math.cos(0.5)], { rtol: 1e-14 });
    const batched = vmap((xv: Array) => f.jaxprCall([w.value], xv)[1] as Array)(np.array([[0.5, 0.25], [1, 1]], { dtype: "float64" })) as Array;
    expectAllclose(batched, [2 * Math.sin(0.5), Math.sin(1) + Math.sin(2)], { rtol: 1e-14 });
  });

  it("works inside core jit and makeJaxpr (states read in an outer trace become its inputs)", () => {
    const s = new State(np.array([1, 2]));
    const f = new StatefulFunction((x: Array) => s.value.add(x));
    expect((jit((x: Array) => f.call(x))(np.array([10, 20])) as Array).toArray()).toEqual([11, 22]);
    expect(makeJaxpr((x: Array) => f.call(x))(np.array([10, 20])).toString()).toContain("jit");
  });

  it("restores every state when tracing throws", () => {
    const s = new State(np.array([1]));
    const f = new StatefulFunction(() => {
      s.value = s.value.add(1);
      throw new Error("boom");
    });
    expect(() => f.call()).toThrow("boom");
    expect(s.value.toArray()).toEqual([1]);
  });
});
