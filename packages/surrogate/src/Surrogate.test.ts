// The Surrogate base class and the spike it builds (heaviside.ts): subclassing, repr/keys, input
// conversion, and the derivative rule under every transformation. References: the surrogate
// formulas differentiated by hand in the comments.
import { describe, expect, it } from "vitest";
import { checkpoint, grad, jit, jvp, makeJaxpr, np, ValueError, vmap, type Array } from "@brainstate/core";
import { expectAllclose } from "@brainstate/core/testing";
import { Sigmoid, sigmoid, SoftSign, Surrogate } from "./index.js";

const f64 = (v: number | number[] | number[][]): Array => np.array(v, { dtype: "float64" });

// brainstate's docstring example: a user-defined surrogate with g' = α·cos(x).
class Cosine extends Surrogate {
  constructor(readonly alpha = 1) {
    super();
  }
  override surrogateGrad(x: Array): Array {
    return np.cos(x).mul(this.alpha);
  }
}

class Bare extends Surrogate {
  override surrogateGrad(x: Array): Array {
    return np.onesLike(x);
  }
}

describe("Surrogate", () => {
  it("builds a spike from a subclass's surrogateGrad", () => {
    const s = new Cosine(2);
    const x = f64([-1, 0, 0.5]);
    expect(s.call(x).toArray()).toEqual([0, 1, 1]);
    // d/dx spike = 2·cos(x)
    expectAllclose(grad((v: Array) => s.call(v).sum())(x) as Array, [2 * Math.cos(-1), 2, 2 * Math.cos(0.5)], { rtol: 1e-15 });
  });

  it("shows and keys a subclass by its own properties by default", () => {
    expect(new Cosine(2).toString()).toBe("Cosine(alpha=2)");
    expect(new Bare().toString()).toBe("Bare()");
    expect(new Cosine(2).equals(new Cosine(2))).toBe(true);
    expect(new Cosine(2).equals(new Cosine(3))).toBe(false);
    expect(new Bare().surrogateFun).toBeUndefined();
  });

  it("throws ValueError when a property cannot be part of the key, saying to override hyperParameters", () => {
    class Tabled extends Surrogate {
      readonly table = [1, 2];
      override surrogateGrad(x: Array): Array {
        return x;
      }
    }
    expect(() => new Tabled().cacheKey()).toThrow(ValueError);
    expect(() => new Tabled().cacheKey()).toThrow(/^Tabled.hyperParameters: property 'table' holds a object.*override hyperParameters\(\) in Tabled/);
  });

  it("never equals another class with the same hyper-parameters, nor a non-surrogate", () => {
    expect(new Sigmoid({ alpha: 1 }).equals(new SoftSign({ alpha: 1 }))).toBe(false);
    expect(new Sigmoid({ alpha: 1 }).cacheKey()).not.toBe(new SoftSign({ alpha: 1 }).cacheKey());
    expect(new Sigmoid().equals("Sigmoid(alpha=4)")).toBe(false);
  });

  it("keys jit's static arguments by class and hyper-parameters (toJSON)", () => {
    const dspike = jit((s: Surrogate, x: Array) => grad((v: Array) => s.call(v).sum())(x) as Array, { staticArgnums: [0] });
    const x = f64([0.25]);
    const g1 = dspike(new Sigmoid({ alpha: 2 }), x);
    dspike(new Sigmoid({ alpha: 2 }), x);
    expect(dspike.cacheSize).toBe(1);
    const g2 = dspike(new Sigmoid({ alpha: 3 }), x);
    dspike(new SoftSign({ alpha: 2 }), x);
    expect(dspike.cacheSize).toBe(3);
    // α σ(αx)(1 − σ(αx)) at x = 0.25 for α = 2 and 3
    const sg = (a: number): number => a / (1 + Math.exp(-a * 0.25)) / (1 + Math.exp(a * 0.25));
    expectAllclose(g1, [sg(2)], { rtol: 1e-14 });
    expectAllclose(g2, [sg(3)], { rtol: 1e-14 });
  });
});

describe("Surrogate.call", () => {
  it("converts numbers and nested lists, keeping the input dtype as brainstate does", () => {
    const list = new Sigmoid().call([-2, 0, 3]);
    expect(list.dtype).toBe("float32");
    expect(list.toArray()).toEqual([0, 1, 1]);
    const ints = new Sigmoid().call(np.array([-2, 0, 3], { dtype: "int32" }));
    expect(ints.dtype).toBe("int32");
    expect(ints.toArray()).toEqual([0, 1, 1]);
    const half = new Sigmoid().call(0.5);
    expect(half.dtype).toBe("float32");
    expect(half.item()).toBe(1);
    // −0 ≥ 0, so −0 spikes.
    expect(new Sigmoid().call(f64([-0, -1e-300])).toArray()).toEqual([1, 0]);
  });

  it("throws ValueError naming the API the user called for a non-array input", () => {
    expect(() => new Sigmoid().call("x" as never)).toThrow(ValueError);
    expect(() => new Sigmoid().call("x" as never)).toThrow(/^Sigmoid.call: expected an Array/);
    expect(() => sigmoid("x" as never)).toThrow(/^sigmoid: expected an Array/);
  });

  it("multiplies the tangent by g'(x) in forward mode", () => {
    const s = new Sigmoid({ alpha: 2 });
    const [y, t] = jvp((v: Array) => s.call(v), [f64([-0.5, 0.5])], [f64([3, -1])]) as [Array, Array];
    expect(y.toArray()).toEqual([0, 1]);
    // g'(±0.5) = 2σ(1)σ(−1) = 0.3932238664829637 (symmetric); times the tangents 3 and −1
    expectAllclose(t, [3 * 0.3932238664829637, -0.3932238664829637], { rtol: 1e-14 });
  });

  it("differentiates g' at second order, as brainstate (its rule multiplies by the forward-computed g')", () => {
    const a = 4;
    const s = new Sigmoid({ alpha: a });
    const points = [-1, -0.2, 0, 0.3, 1.5];
    const d2 = grad((v: Array) => (grad((u: Array) => s.call(u).sum())(v) as Array).sum())(f64(points)) as Array;
    // g'' = α² σ(αx)(1 − σ(αx))(1 − 2σ(αx))
    const want = points.map((x) => {
      const q = 1 / (1 + Math.exp(-a * x));
      return a * a * q * (1 - q) * (1 - 2 * q);
    });
    expectAllclose(d2, want, { rtol: 1e-12, atol: 1e-15 });
  });

  it("works under checkpoint and batched with vmap over rows", () => {
    const s = new SoftSign({ alpha: 2 });
    const x = f64([[-1, 0.5], [0, 2]]);
    // g' = α/(2(1 + |αx|)²) = 1/(1 + 2|x|)²
    const want = [[1 / 9, 1 / 4], [1, 1 / 25]];
    expectAllclose(grad((v: Array) => checkpoint((u: Array) => s.call(u).sum())(v))(x) as Array, want, { rtol: 1e-14 });
    expectAllclose(vmap(grad((row: Array) => s.call(row).sum()))(x) as Array, want, { rtol: 1e-14 });
  });

  it("stages as one custom_jvp_call", () => {
    const text = makeJaxpr((v: Array) => new Sigmoid().call(v))(f64([1, 2])).toString();
    expect(text.match(/custom_jvp_call/g)).toHaveLength(1);
  });
});
