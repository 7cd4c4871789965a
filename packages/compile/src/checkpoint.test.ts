import { describe, expect, it } from "vitest";
import { grad, makeJaxpr, np, OptionError, type Array } from "@brainstate/core";
import { expectAllclose } from "@brainstate/core/testing";
import { Node } from "@brainstate/graph";
import { ParamState, State } from "@brainstate/state";
import { checkpoint, remat, scan, StatefulFunction } from "./index.js";

const f64 = (v: number | number[] | number[][]) => np.array(v, { dtype: "float64" });

/** A minimal dense layer (nn is above compile in the package DAG): y = x·W + b. */
class Linear extends Node {
  readonly weight: ParamState<{ weight: Array; bias: Array }>;
  constructor(nIn: number, nOut: number) {
    super();
    this.weight = new ParamState({ weight: np.ones([nIn, nOut]).mul(0.5), bias: np.zeros([nOut]) });
  }
  update(x: Array): Array {
    const { weight, bias } = this.weight.value;
    return x.matmul(weight).add(bias);
  }
}

describe("remat", () => {
  // Port of _ad_checkpoint_test.py test_basic_remat.
  it("wraps a module's update", () => {
    const linear = new Linear(2, 3);
    const y = remat((x: Array) => linear.update(x))(np.ones([1, 2]));
    expect(y.shape).toEqual([1, 3]);
    // 1·0.5 + 1·0.5
    expectAllclose(y, [[1, 1, 1]]);
  });

  // Port of test_remat_with_scan.
  it("runs inside a scan body", () => {
    const linear = new Linear(3, 3);
    expect(linear.weight.value.weight.shape).toEqual([3, 3]);
    expect(linear.weight.value.bias.shape).toEqual([3]);
    const fun = remat((x: Array, _: null): [Array, null] => [linear.update(x), null]);
    const [y] = scan(fun, np.ones([10, 3]), null, { length: 10 });
    expect((y as Array).shape).toEqual([10, 3]);
    // each step multiplies every row sum by 1.5: 1.5^10
    expectAllclose((y as Array).get(0), [1.5 ** 10, 1.5 ** 10, 1.5 ** 10], { rtol: 1e-5 });
  });
});

describe("checkpoint", () => {
  it("writes back the states the function writes (brainstate's remat fails on them)", () => {
    const count = new State(np.zeros([]));
    const f = checkpoint((x: Array) => {
      count.value = count.value.add(1);
      return x.mul(2);
    });
    expect(f(np.array(3)).item()).toBe(6);
    f(np.array(3));
    expect(count.value.item()).toBe(2);
  });

  it("gives the gradient of the plain function and stages a checkpoint", () => {
    const w = new ParamState(f64(0.7));
    const h = new State(f64(0.2));
    const body = (x: Array): Array => {
      h.value = np.sin(np.sin(h.value.mul(w.value).add(x)));
      return h.value;
    };
    const withRemat = new StatefulFunction((x: Array) => checkpoint(body)(x).mul(3));
    const plain = new StatefulFunction((x: Array) => body(x).mul(3));
    const lossOf = (sf: StatefulFunction<[Array], Array>) => {
      const states = sf.getStates(f64(0.5));
      return (wv: Array): Array => sf.jaxprCall(states.map((s) => (s === w ? wv : s.value)), f64(0.5))[1];
    };
    // d/dw 3 sin(sin(0.2w + 0.5)) = 3 cos(sin(u)) cos(u) · 0.2, u = 0.2w + 0.5
    const u = 0.2 * 0.7 + 0.5;
    const expected = 3 * Math.cos(Math.sin(u)) * Math.cos(u) * 0.2;
    expectAllclose(grad(lossOf(withRemat))(w.value) as Array, expected, { rtol: 1e-12 });
    expectAllclose(grad(lossOf(plain))(w.value) as Array, expected, { rtol: 1e-12 });
    expect(makeJaxpr(lossOf(withRemat))(w.value).toString()).toContain("checkpoint");
  });

  it("treats staticArgnums as constants of the trace", () => {
    let traces = 0;
    const f = checkpoint(
      (x: Array, mode: string) => {
        traces++;
        return mode === "double" ? x.mul(2) : x;
      },
      { staticArgnums: 1 },
    );
    expect(f(np.array(3), "double").item()).toBe(6);
    expect(f(np.array(3), "same").item()).toBe(3);
    expect(traces).toBe(2);
  });

  it("consults the policy on which values to save", () => {
    const asked = new Set<string>();
    const f = checkpoint((x: Array) => np.sin(np.cos(x)), {
      policy: (name) => {
        asked.add(name);
        return false;
      },
    });
    // d sin(cos x) = −cos(cos x) sin x
    expectAllclose(grad((x: Array) => f(x))(f64(0.3)) as Array, -Math.cos(Math.cos(0.3)) * Math.sin(0.3), { rtol: 1e-12 });
    expect(asked.size).toBeGreaterThan(0);
  });

  it("rejects unknown options", () => {
    expect(() => checkpoint((x: Array) => x, { preventCse: false } as never)).toThrow(OptionError);
  });
});
