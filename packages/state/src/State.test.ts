import { describe, expect, it } from "vitest";
import { DTypeError, jit, np, ShapeError, TracerLeakError, tree, TreeMismatchError, ValueError, type Array } from "@brainstate/core";
import { expectAllclose } from "@brainstate/core/testing";
import {
  checkStateJaxTracer,
  checkStateValueTree,
  HiddenState,
  LongTermState,
  Missing,
  ParamState,
  ShortTermState,
  State,
  StateMetadata,
  StateTraceStack,
  TraceContextError,
  TreefyState,
  withMetadata,
} from "./index.js";

// Ported from brainstate/_state_test.py (TestStateSourceInfo, TestStateRepr) plus the State API.

describe("State source info (test_state_source_info)", () => {
  it("records the frame where the state was created", () => {
    const state = new State(np.ones([10]));
    expect(state.sourceInfo?.frame).toMatch(/State\.test\.ts/);
  });
});

describe("checkStateValueTree (test_state_value_tree)", () => {
  it("accepts same-structure writes and rejects a tuple written into an array state", () => {
    const state = new ShortTermState(np.zeros([2, 3]));
    checkStateValueTree(() => {
      state.value = np.zeros([2, 3]);
      expect(() => {
        (state as State<unknown>).value = [np.zeros([2, 3]), np.zeros([2, 3])];
      }).toThrow(TreeMismatchError);
    });
  });

  it("throws ShapeError naming both shapes for a wrong-shape write", () => {
    const state = new ShortTermState(np.zeros([2, 3]));
    checkStateValueTree(() => {
      expect(() => (state.value = np.zeros([2, 4]))).toThrow(ShapeError);
      expect(() => (state.value = np.zeros([2, 4]))).toThrow(/shape \[2,4\] but the state holds shape \[2,3\]/);
    });
    // Outside the check, shape changes are allowed (brainstate's default).
    state.value = np.zeros([2, 4]);
    expect(state.value.shape).toEqual([2, 4]);
  });

  it("throws DTypeError for a dtype change", () => {
    const state = new State(np.zeros([2], { dtype: "float32" }));
    checkStateValueTree(() => {
      expect(() => (state.value = np.zeros([2], { dtype: "int32" }))).toThrow(DTypeError);
      expect(() => (state.value = np.zeros([2], { dtype: "int32" }))).toThrow(/dtype int32 but the state holds float32/);
    });
  });

  it("can be switched off inside", () => {
    const state = new State(np.zeros([2]));
    checkStateValueTree(() => {
      checkStateValueTree(false, () => {
        state.value = np.zeros([5]);
      });
    });
    expect(state.value.shape).toEqual([5]);
  });
});

describe("checkStateJaxTracer (test_check_jax_tracer)", () => {
  it("allows writing a global state inside jit, and rejects it from a retrace under the check", () => {
    const a = new ShortTermState(np.zeros([2, 3]));
    const runState = jit((b: Array) => {
      a.value = b;
      return a.value;
    });
    expectAllclose(runState(np.ones([2, 3])), np.ones([2, 3]));
    checkStateJaxTracer(() => {
      // A new shape retraces; the write happens under jit's trace, not the one `a` was made in.
      expect(() => runState(np.ones([2, 4]))).toThrow(TraceContextError);
      expect(() => runState(np.ones([2, 5]))).toThrow(/Cannot mutate ShortTermState from a different trace level/);
    });
  });
});

describe("State repr (test_state_repr)", () => {
  it("prints an array value", () => {
    const s = new State(np.array([1, 2], { dtype: "float32" }));
    expect(String(s)).toBe("State(\n  value=Array([1., 2.], dtype=float32)\n)");
  });
  it("prints a dict value with name and tag", () => {
    const s = new State({ a: np.array([1], { dtype: "int32" }), b: 2 }, { name: "x", tag: "t" });
    expect(String(s)).toBe("State(\n  value={'a': Array([1], dtype=int32), 'b': 2},\n  name='x',\n  tag='t'\n)");
  });
  it("prints a list of arrays", () => {
    const s = new State([np.zeros([1]), np.ones([1])]);
    expect(String(s)).toBe("State(\n  value=[Array([0.], dtype=float32), Array([1.], dtype=float32)]\n)");
  });
});

describe("State", () => {
  it("keeps name, tag and extra metadata", () => {
    const s = new ParamState(1, { name: "w", tag: "p", unit: "mV" });
    expect(s.name).toBe("w");
    expect(s.tag).toBe("p");
    expect(s.metadata).toEqual({ unit: "mV" });
    s.name = "w2";
    expect(s.name).toBe("w2");
  });

  it("unwraps a State and a StateMetadata given as the value", () => {
    const inner = new State(5);
    expect(new State(inner).value).toBe(5);
    const s = new State(new StateMetadata(7, { sharding: "x" }));
    expect(s.value).toBe(7);
    expect(s.metadata).toEqual({ sharding: "x" });
    const init = withMetadata((n: number) => n * 2, { kind: "double" });
    const t = new State(init(4));
    expect(t.value).toBe(8);
    expect(t.metadata).toEqual({ kind: "double" });
  });

  it("throws ValueError naming the fix when a State is written as a value", () => {
    const s = new State<unknown>(1);
    expect(() => (s.value = new State(2))).toThrow(ValueError);
    expect(() => (s.value = new State(2))).toThrow(/assign its value/);
    expect(() => s.restoreValue(new State(2))).toThrow(ValueError);
  });

  it("restoreValue keeps the state unwritten and checks the tree structure", () => {
    const s = new State({ a: 1 });
    const stack = new StateTraceStack();
    stack.run(() => s.restoreValue({ a: 2 }));
    expect(s.value).toEqual({ a: 2 });
    expect(stack.beenWriten).toEqual([false]);
    expect(() => s.restoreValue([1] as unknown as { a: number })).toThrow(TreeMismatchError);
  });

  it("valueCall maps over the leaves of the value", () => {
    const s = new State({ a: 1, b: [2, 3] });
    expect(s.valueCall((x: number) => x * 10)).toEqual({ a: 10, b: [20, 30] });
  });

  it("copy gives an independent state of the same class", () => {
    const s = new HiddenState(np.zeros([2]), { name: "v", tag: "h" });
    const c = s.copy();
    expect(c).toBeInstanceOf(HiddenState);
    expect(c).not.toBe(s);
    expect(c.name).toBe("v");
    expect(c.tag).toBe("h");
    c.value = np.ones([2]);
    expectAllclose(s.value, [0, 0]);
  });

  it("replace changes attributes and returns a same-class State value as is", () => {
    const s = new LongTermState(1, { name: "a" });
    const r = s.replace(2, { tag: "new" });
    expect(r).toBeInstanceOf(LongTermState);
    expect(r.value).toBe(2);
    expect(r.tag).toBe("new");
    expect(s.value).toBe(1);
    expect(s.replace(Missing, { name: "b" }).value).toBe(1);
    const other = new LongTermState(9);
    expect(s.replace(other)).toBe(other);
    expect(s.replace(other, { name: "z" }).name).toBe("z");
    expect(() => s.replace(new ParamState(3))).toThrow(/cannot replace the value with a ParamState; expected a LongTermState/);
  });

  it("equals compares class and attributes", () => {
    const s = new State(1);
    expect(s.equals(s.replace())).toBe(true);
    expect(s.equals(new State(1))).toBe(false);
    expect(s.equals(s.replace(2))).toBe(false);
  });

  it("toStateRef and updateFromRef round-trip value and metadata", () => {
    const s = new ParamState(np.array([1, 2], { dtype: "float32" }), { name: "w", tag: "p" });
    const ref = s.toStateRef();
    expect(ref).toBeInstanceOf(TreefyState);
    expect(ref.type).toBe(ParamState);
    expect(ref.name).toBe("w");
    expect(ref.tag).toBe("p");
    const t = new ParamState(np.zeros([2]));
    t.updateFromRef(ref.replace(np.array([5, 6], { dtype: "float32" })));
    expectAllclose(t.value, [5, 6]);
    expect(t.name).toBe("w");
    expect(t.tag).toBe("p");
  });

  it("updateFromRef writes when the ref was written and restores otherwise", () => {
    const s = new State(1);
    const unwritten = s.toStateRef();
    s.value = 2;
    const written = s.toStateRef();
    const target = new State(0);
    const stack = new StateTraceStack();
    stack.run(() => target.updateFromRef(unwritten));
    expect(stack.beenWriten).toEqual([false]);
    const stack2 = new StateTraceStack();
    stack2.run(() => target.updateFromRef(written));
    expect(stack2.beenWriten).toEqual([true]);
    expect(target.value).toBe(2);
  });

  it("throws TracerLeakError when a tracer is written outside its transformation", () => {
    const s = new State(np.zeros([2]));
    let leaked: Array | undefined;
    jit((x: Array) => {
      leaked = x.add(1);
      return x;
    })(np.zeros([2]));
    expect(() => (s.value = leaked as Array)).toThrow(TracerLeakError);
    expect(() => (s.value = leaked as Array)).toThrow(/tracer of a transformation that is already finished/);
    expect(() => (s.value = { nested: [leaked] } as unknown as Array)).toThrow(TracerLeakError);
    expectAllclose(s.value, [0, 0]);
  });
});

describe("TreefyState", () => {
  it("is a pytree whose one child is the value", () => {
    const ref = new ParamState({ w: np.ones([2]), b: 3 }, { tag: "t" }).toStateRef();
    const leaves = tree.leaves(ref);
    expect(leaves).toHaveLength(2);
    const doubled = tree.map((x: Array | number) => (typeof x === "number" ? x * 2 : x.mul(2)), ref) as TreefyState<{ w: Array; b: number }>;
    expect(doubled).toBeInstanceOf(TreefyState);
    expect(doubled.type).toBe(ParamState);
    expect(doubled.tag).toBe("t");
    // w = 2 * [1, 1], b = 2 * 3
    expectAllclose(doubled.value.w, [2, 2]);
    expect(doubled.value.b).toBe(6);
  });

  it("toState builds a new state of its type without the constructor", () => {
    const s = new HiddenState(4, { name: "v" });
    const back = s.toStateRef().toState();
    expect(back).toBeInstanceOf(HiddenState);
    expect(back).not.toBe(s);
    expect(back.value).toBe(4);
    expect(back.name).toBe("v");
    back.value = 5;
    expect(s.value).toBe(4);
  });

  it("copy, replace and getMetadata", () => {
    const ref = new TreefyState(State, 1, { name: "a", extra: 2 });
    expect(ref.copy()).not.toBe(ref);
    expect(ref.copy().value).toBe(1);
    expect(ref.replace(5).value).toBe(5);
    expect(ref.replace(5).getMetadata()).toEqual({ name: "a", extra: 2 });
    expect(String(ref)).toBe("TreefyState(\n  type=State,\n  value=1,\n  name='a',\n  extra=2\n)");
  });

  it("structures of references to different states agree when class and metadata agree", () => {
    const a = new ParamState(np.zeros([2])).toStateRef();
    const b = new ParamState(np.ones([2])).toStateRef();
    const sum = tree.map((x: Array, y: Array) => x.add(y), a, b) as TreefyState<Array>;
    expectAllclose(sum.value, [1, 1]);
  });
});
