// States meeting core's tracing (DESIGN §5): a state read inside a staged trace becomes a program
// input, writes become outputs, values are restored afterwards — also when tracing throws.

import { describe, expect, it } from "vitest";
import { grad, jit, makeJaxpr, np, type Array, type ClosedJaxpr } from "@brainstate/core";
import { evalClosedJaxpr } from "@brainstate/core/extend";
import { expectAllclose } from "@brainstate/core/testing";
import { newJaxTrace, ShortTermState, State, StateTraceStack, TraceContextError } from "../src/index.js";
import { runStateful, traceStateful } from "./harness.js";

describe("StateTraceStack with a newArg hook", () => {
  it("lifts a state read inside makeJaxpr into a program input", () => {
    const w = new State(np.array([1, 2, 3], { dtype: "float32" }));
    const stack = new StateTraceStack();
    const closed = makeJaxpr((x: Array) => {
      const t = newJaxTrace();
      stack.setNewArg((aval) => t.newArg(aval));
      try {
        return stack.run(() => x.mul(w.value));
      } finally {
        stack.recoveryOriginalValues();
      }
    })(np.ones([3]));
    // Inputs: x, then the lifted state; the state's value is not a captured constant.
    expect(closed.inAvals.map(String)).toEqual(["float32[3]", "float32[3]"]);
    expect(closed.consts).toHaveLength(0);
    expect(closed.toString()).toMatchInlineSnapshot(`
      "{ lambda ; a:float32[3] b:float32[3]. let
          c:float32[3] = mul a b
        in (c,) }"
    `);
    expect(stack.states).toEqual([w]);
    expect(stack.beenWriten).toEqual([false]);
    // Restored: the state holds its concrete array again.
    expectAllclose(w.value as Array, [1, 2, 3]);
  });

  it("reports reads and writes in first-use order", () => {
    const a = new State(np.ones([2]));
    const b = new State(np.zeros([2]));
    const c = new State(np.ones([2]));
    const t = traceStateful(
      (x) => {
        const y = a.value.add(x);
        b.value = y;
        return c.value.add(b.value);
      },
      [np.ones([2])],
    );
    expect(t.states).toEqual([a, b, c]);
    expect(t.written).toEqual([false, true, false]);
    // inputs: x, a, b, c ; outputs: the result, then b's new value
    expect(t.closed.inAvals).toHaveLength(4);
    expect(t.closed.outAvals).toHaveLength(2);
  });

  it("runs the traced program and writes the written states back", () => {
    const acc = new ShortTermState(np.array([10, 20], { dtype: "float32" }));
    const t = traceStateful(
      (x) => {
        acc.value = acc.value.add(x);
        return acc.value.mul(2);
      },
      [np.ones([2])],
    );
    // acc = [10, 20] + [1, 2] = [11, 22]; output = 2 * acc = [22, 44] (hand computed)
    const out = runStateful(t, [np.array([1, 2], { dtype: "float32" })]) as Array;
    expectAllclose(out, [22, 44]);
    expectAllclose(acc.value, [11, 22]);
  });

  it("feeds states to a core.jit program as inputs", () => {
    const s = new State(np.array([1, 2], { dtype: "float32" }));
    const t = traceStateful((x) => x.add(s.value), [np.zeros([2])]);
    const compiled = jit((inputs: Array[]) => runProgram(t.closed, inputs));
    const out = runStateful(t, [np.array([5, 5], { dtype: "float32" })], (inputs) => compiled(inputs)) as Array;
    // [5, 5] + [1, 2] = [6, 7]
    expectAllclose(out, [6, 7]);
    s.value = np.array([10, 20], { dtype: "float32" });
    const out2 = runStateful(t, [np.array([5, 5], { dtype: "float32" })], (inputs) => compiled(inputs)) as Array;
    // the new state value is an input, not a baked-in constant: [5, 5] + [10, 20] = [15, 25]
    expectAllclose(out2, [15, 25]);
  });

  it("differentiates with core.grad through a lifted state input", () => {
    const s = new State(np.array([3, -1], { dtype: "float32" }));
    const t = traceStateful((x) => np.sum(x.mul(s.value)), [np.zeros([2])]);
    const run = (x: Array, sv: Array): Array => runProgram(t.closed, [x, sv])[0] as Array;
    // d/dx sum(x * s) = s = [3, -1]; d/ds sum(x * s) = x (hand derivation)
    expectAllclose(grad((x: Array) => run(x, s.value))(np.array([2, 5], { dtype: "float32" })) as Array, [3, -1]);
    expectAllclose(grad((sv: Array) => run(np.array([2, 5], { dtype: "float32" }), sv))(s.value) as Array, [2, 5]);
  });

  it("lifts a state first read inside core.grad's traced function when it is staged", () => {
    const s = new State(np.array([2, 4], { dtype: "float32" }));
    // grad traces f; inside, the harness stages the stateful part and lifts s.
    const f = (x: Array): Array => {
      const t = traceStateful((y) => np.sum(y.mul(y).mul(s.value)), [x]);
      return runStateful(t, [x]) as Array;
    };
    // d/dx sum(x^2 * s) = 2 x s = 2 * [1, 3] * [2, 4] = [4, 24]
    expectAllclose(grad(f)(np.array([1, 3], { dtype: "float32" })) as Array, [4, 24]);
    expectAllclose(s.value, [2, 4]);
  });

  it("leaves every state's value as it was when tracing throws midway", () => {
    const a = new State(np.array([1, 1], { dtype: "float32" }));
    const b = new State(np.array([2, 2], { dtype: "float32" }));
    const before = [a.value, b.value];
    expect(() =>
      traceStateful(
        (x) => {
          b.value = a.value.add(x);
          a.value = b.value.mul(3);
          throw new Error("boom");
        },
        [np.ones([2])],
      ),
    ).toThrow("boom");
    expect(a.value).toBe(before[0]);
    expect(b.value).toBe(before[1]);
    // No trace stack is left open: a read now records nothing and returns a concrete array.
    expectAllclose(a.value, [1, 1]);
  });

  it("throws TraceContextError when a newArg hook asks for a staging trace outside any", () => {
    expect(() => newJaxTrace()).toThrow(TraceContextError);
    expect(() => newJaxTrace()).toThrow(/no staging trace is in effect/);
  });
});

function runProgram(closed: ClosedJaxpr, inputs: readonly Array[]): Array[] {
  return evalClosedJaxpr(closed, inputs);
}
