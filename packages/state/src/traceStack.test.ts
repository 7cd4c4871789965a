import { describe, expect, it } from "vitest";
import { np, ShapedArray } from "@brainstate/core";
import { Catcher, catchNewStates, ParamState, State, StateTraceStack } from "./index.js";

describe("StateTraceStack", () => {
  it("records each state once, in order, with read/write flags and original values", () => {
    const a = new State(1);
    const b = new State(2);
    const stack = new StateTraceStack();
    stack.run(() => {
      b.value = a.value + 10;
      void a.value;
      b.value = 20;
    });
    expect(stack.states).toEqual([a, b]);
    expect(stack.beenWriten).toEqual([false, true]);
    expect(stack.originalStateValues).toEqual([1, 2]);
    expect(stack.getReadStates()).toEqual([a]);
    expect(stack.getWriteStates()).toEqual([b]);
    expect(stack.getReadStates(true)).toEqual([a, null]);
    expect(stack.getWriteStates(true)).toEqual([null, b]);
    expect(stack.getReadStateValues()).toEqual([1]);
    expect(stack.getWriteStateValues()).toEqual([20]);
    expect(stack.getReadStateValues(true)).toEqual([1, null]);
    expect(stack.getWriteStateValues(true)).toEqual([null, 20]);
  });

  it("getStateValues returns all values or [written, read]", () => {
    const a = new State("a");
    const b = new State("b");
    const stack = new StateTraceStack();
    stack.run(() => {
      void a.value;
      b.value = "B";
    });
    expect(stack.getStateValues()).toEqual(["a", "B"]);
    expect(stack.getStateValues({ separate: true })).toEqual([["B"], ["a"]]);
    expect(stack.getStateValues({ separate: true, replace: true })).toEqual([
      [null, "B"],
      ["a", null],
    ]);
  });

  it("recoveryOriginalValues puts back the values seen first", () => {
    const a = new State(1);
    const stack = new StateTraceStack();
    stack.run(() => {
      a.value = 5;
      a.value = 6;
    });
    expect(a.value).toBe(6);
    stack.recoveryOriginalValues();
    expect(a.value).toBe(1);
  });

  it("merge and add keep write flags and original values", () => {
    const a = new State(1);
    const b = new State(2);
    const s1 = new StateTraceStack();
    s1.run(() => void a.value);
    const s2 = new StateTraceStack();
    s2.run(() => {
      b.value = 3;
      a.value = 4;
    });
    const sum = s1.add(s2);
    expect(sum.states).toEqual([a, b]);
    expect(sum.beenWriten).toEqual([true, true]);
    expect(sum.originalStateValues).toEqual([1, 2]);
    expect(s1.beenWriten).toEqual([false]);
    expect(s1.merge(s2)).toBe(s1);
    expect(s1.beenWriten).toEqual([true, true]);
  });

  it("sees only states created before it was opened (outer stacks do not see inner states)", () => {
    const outer = new StateTraceStack();
    const inner = new StateTraceStack();
    const old = new State(0);
    let fresh: State<number> | undefined;
    outer.run(() => {
      fresh = new State(1);
      inner.run(() => {
        void old.value;
        void fresh?.value;
      });
    });
    expect(outer.states).toEqual([old]);
    expect(inner.states).toEqual([old, fresh]);
  });

  it("newArg replaces the value by one input per leaf, built from the leaf's abstract value", () => {
    const seen: string[] = [];
    const s = new State({ w: np.zeros([2, 3]), k: np.zeros([4], { dtype: "int32" }), c: 1.5 });
    const stack = new StateTraceStack((aval: ShapedArray) => {
      seen.push(aval.toString());
      return np.ones(aval.shape, { dtype: aval.dtype });
    });
    stack.run(() => void s.value);
    // leaves in pytree order (keys sorted): c, k, w; a JS number is a weak float32 scalar
    expect(seen).toEqual(["float32~[]", "int32[4]", "float32[2,3]"]);
    stack.setNewArg(undefined);
    stack.recoveryOriginalValues();
    expect((s.value.c as number)).toBe(1.5);
  });

  it("closes itself when the function throws", () => {
    const a = new State(1);
    const stack = new StateTraceStack();
    expect(() =>
      stack.run(() => {
        void a.value;
        throw new Error("x");
      }),
    ).toThrow("x");
    void a.value;
    const later = new StateTraceStack();
    expect(later.states).toEqual([]);
    expect(stack.states).toEqual([a]);
  });
});

describe("catchNewStates", () => {
  it("catches each state constructed inside once and tags it", () => {
    const before = new State(0);
    let inner: State | undefined;
    const result = catchNewStates("new", (catcher: Catcher) => {
      inner = new ParamState(1);
      const copy = inner.copy();
      expect(catcher.states).toEqual([inner]);
      return copy;
    });
    expect(inner?.tag).toBe("new");
    expect(before.tag).toBeNull();
    expect(result).toBeInstanceOf(ParamState);
  });

  it("nests: every open catcher sees the state, the innermost tag is applied last", () => {
    let outerCatcher: Catcher | undefined;
    catchNewStates("outer", (outer) => {
      outerCatcher = outer;
      catchNewStates("inner", () => new State(1));
    });
    expect(outerCatcher?.states).toHaveLength(1);
    expect(outerCatcher?.states[0]?.tag).toBe("inner");
  });

  it("without a tag sets tags to null", () => {
    const caught = catchNewStates((c) => {
      new State(1, { tag: "x" });
      return c.states;
    });
    expect(caught[0]?.tag).toBeNull();
  });
});
