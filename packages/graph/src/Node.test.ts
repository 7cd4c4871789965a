import { describe, expect, it } from "vitest";
import { jit, np, ValueError, type Array } from "@brainstate/core";
import { expectAllclose } from "@brainstate/core/testing";
import { checkStateJaxTracer, ParamState, State, TraceContextError } from "@brainstate/state";
import { Linear } from "../test/fixtures.js";
import { Dict, List, Node, Sequential, treefySplit } from "./index.js";

// Ported from brainstate/graph/_graph_node_test.py (TestSequential, TestStateRetrieve) plus the
// Node, Dict, List and Sequential API.

describe("Sequential (TestSequential.test1)", () => {
  it("splits into the states of its layers", () => {
    const s = new Sequential(new Linear(1, 2), new Linear(2, 3));
    const [, states] = treefySplit(s);
    expect(states.toFlat().size).toBe(2);
  });

  it("calls layers in order, spreading array outputs", () => {
    const seq = new Sequential(
      (a: number, b: number) => [a + b, a * b],
      (s: number, p: number) => s - p,
      { call: (x: number) => x * 10 },
    );
    // (2 + 3) - (2 * 3) = -1; then * 10
    expect(seq.call(2, 3)).toBe(-10);
    expect(() => new Sequential(3 as never).call(1)).toThrow(ValueError);
    expect(() => new Sequential(3 as never).call(1)).toThrow(/layer 0 is not callable/);
  });

  it("runs Linear layers", () => {
    const seq = new Sequential(new Linear(2, 3), new Linear(3, 1));
    // x = [1, 1]: layer 1 gives 2·0.1 = 0.2 per output; layer 2 gives 3·0.2·0.1 = 0.06
    expectAllclose(seq.call(np.ones([1, 2])) as Array, [[0.06]]);
  });
});

describe("Node with lists of states and nodes (TestStateRetrieve)", () => {
  class Model extends Node {
    a = [1, 2, 3];
    b: unknown;
    constructor(b: unknown) {
      super();
      this.b = b;
    }
  }
  it("finds the states of a list (test_list_of_states_1)", () => {
    const [, states] = treefySplit(new Model([new State(1), new State(2), new State(3)]));
    expect(states.toFlat().size).toBe(3);
  });
  it("finds the states of nested lists (test_list_of_states_2)", () => {
    const [, states] = treefySplit(new Model([new State(1), [new State(2), new State(3)]]));
    expect(states.toFlat().size).toBe(3);
  });
  it("finds the states of a list of nodes (test_list_of_node_1)", () => {
    const [, states] = treefySplit(new Model([new Linear(1, 2), new Linear(2, 3)]));
    expect(states.toFlat().size).toBe(2);
  });
  it("finds the states of mixed nested lists of nodes (test_list_of_node_2)", () => {
    const [, states] = treefySplit(new Model([new Linear(1, 2), [new Linear(2, 3)], [new Linear(3, 4), new Linear(4, 5)]]));
    expect(states.toFlat().size).toBe(4);
  });
});

describe("Node", () => {
  it("prints public attributes, hides _-prefixed ones, and prints cycles as Type(...)", () => {
    class Leafy extends Node {
      x = 1;
      _hidden = 2;
      self: unknown = null;
    }
    const n = new Leafy();
    n.self = n;
    expect(String(n)).toBe("Leafy(\n  x=1,\n  self=Leafy(...)\n)");
  });

  it("checkValidContext throws TraceContextError when used from another trace", () => {
    const n = new Node();
    n.checkValidContext(() => "unused");
    jit((x: Array) => {
      expect(() => n.checkValidContext(() => "mutated from jit")).toThrow(TraceContextError);
      return x;
    })(np.zeros([1]));
  });

  it("a state of a node created outside jit cannot be mutated inside under checkStateJaxTracer", () => {
    const lin = new Linear(1, 1);
    const f = jit((x: Array) => {
      lin.weight.value = { weight: x, bias: np.zeros([1]) };
      return x;
    });
    checkStateJaxTracer(() => expect(() => f(np.ones([1, 1]))).toThrow(TraceContextError));
  });
});

describe("Dict", () => {
  it("stores entries as attributes", () => {
    const p = new ParamState(2);
    const d = new Dict({ a: 1, b: p });
    expect(d.get("a")).toBe(1);
    expect(d["b"]).toBe(p);
    d.set("c", 3);
    expect(d.keys()).toEqual(["a", "b", "c"]);
    expect(d.values()).toEqual([1, p, 3]);
    expect(d.entries()[0]).toEqual(["a", 1]);
    expect(d.size).toBe(3);
    expect([...d]).toEqual(["a", "b", "c"]);
    expect(new Dict([["x", 1]]).get("x")).toBe(1);
  });
});

describe("List", () => {
  it("stores items as attributes '0', '1', … and behaves like a sequence", () => {
    const l = new List([1, 2]);
    expect(Object.keys(l)).toEqual(["0", "1"]);
    expect(l.get(1)).toBe(2);
    l.append(3);
    l.extend([4, 5]);
    l.set(0, 10);
    expect([...l]).toEqual([10, 2, 3, 4, 5]);
    expect(l.length).toBe(5);
    const m = l.concat([6]);
    expect(m).toBeInstanceOf(List);
    expect([...m]).toEqual([10, 2, 3, 4, 5, 6]);
    expect(l.length).toBe(5);
  });
});
