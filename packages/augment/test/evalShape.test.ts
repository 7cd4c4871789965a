// Tests of evalShape and abstractInit: the port of brainstate's augment/_eval_shape_test.py, plus
// shapes of plain outputs, states left untouched, and the error paths.

import { describe, expect, it } from "vitest";
import { np, ShapedArray, ValueError, type Array } from "@brainstate/core";
import { Tracer } from "@brainstate/core/extend";
import { Node } from "@brainstate/graph";
import { DEFAULT, rand, seed } from "@brainstate/random";
import { ShortTermState, State } from "@brainstate/state";
import { abstractInit, evalShape } from "@brainstate/augment";
import { Linear, MLP } from "./fixtures.js";

describe("evalShape", () => {
  it("returns a module built inside with abstract state values, leaving DEFAULT usable (TestEvalShape.test1)", () => {
    seed(0);
    const key = DEFAULT.value.toArray();
    const r = evalShape(() => new MLP(1, 2, 3)) as MLP;
    expect(r).toBeInstanceOf(MLP);
    expect(r.dense1).toBeInstanceOf(Linear);
    const w1 = r.dense1.weight.value.weight as unknown as ShapedArray;
    expect(w1).toBeInstanceOf(ShapedArray);
    expect(w1.shape).toEqual([1, 2]);
    expect(w1.dtype).toBe("float32");
    expect((r.dense2.weight.value.bias as unknown as ShapedArray).shape).toEqual([3]);
    // The random key the constructor drew from is restored and concrete.
    expect(DEFAULT.value).not.toBeInstanceOf(Tracer);
    expect(DEFAULT.value.toArray()).toEqual(key);
    expect(rand(2).shape).toEqual([2]);
  });

  it("gives the shapes and dtypes of a function's outputs for its arguments", () => {
    const out = evalShape((x: Array, y: Array) => [x.matmul(y), x.sum().astype("int32")], np.ones([2, 3]), np.ones([3, 4])) as ShapedArray[];
    expect(out[0]).toBeInstanceOf(ShapedArray);
    expect(out[0]?.shape).toEqual([2, 4]);
    expect(out[1]?.shape).toEqual([]);
    expect(out[1]?.dtype).toBe("int32");
  });

  it("evaluates a module passed as an argument without changing its states", () => {
    const model = new Linear(2, 3);
    const h = new ShortTermState(np.zeros([3]));
    const before = model.weight.value.weight.toArray();
    const out = evalShape((m: Linear, x: Array) => {
      h.value = m.call(x);
      return h.value.mul(2);
    }, model, np.ones([5, 2])) as ShapedArray;
    expect(out.shape).toEqual([5, 3]);
    expect(model.weight.value.weight.toArray()).toEqual(before);
    expect(h.value.toArray()).toEqual([0, 0, 0]);
  });
});

describe("abstractInit", () => {
  it("returns a module skeleton with ShapedArray state values", () => {
    // Arguments are traced (a JS number would become a traced scalar, as in JAX); shapes are static.
    const skeleton = abstractInit((x: Array) => new Linear(x.shape[0] as number, 4), np.ones([3])) as Linear;
    expect(skeleton).toBeInstanceOf(Linear);
    expect((skeleton.weight.value.weight as unknown as ShapedArray).shape).toEqual([3, 4]);
  });

  it("keeps states shared between sub-modules shared", () => {
    class Pair extends Node {
      left: Node;
      right: Node;
      constructor() {
        super();
        const shared = new Linear(2, 2);
        this.left = shared;
        this.right = shared;
      }
    }
    const p = abstractInit(() => new Pair()) as Pair;
    expect(p.left).toBe(p.right);
  });

  it("throws ValueError when the function does not return a graph node", () => {
    expect(() => abstractInit(() => np.ones([2]))).toThrow(ValueError);
    expect(() => abstractInit(() => np.ones([2]))).toThrow(/must return a graph node/);
  });

  it("leaves states read by the function as they were", () => {
    const s = new State(np.array([1, 2]));
    abstractInit(() => {
      s.value = s.value.mul(3);
      return new Linear(2, 2);
    });
    expect(s.value.toArray()).toEqual([1, 2]);
  });
});
