import { describe, expect, it } from "vitest";
import { makeJaxpr as coreMakeJaxpr, np, prng, ShapedArray, type Array } from "@brainstate/core";
import { evalClosedJaxpr } from "@brainstate/core/extend";
import { expectAllclose } from "@brainstate/core/testing";
import { State } from "@brainstate/state";
import { makeJaxpr, StatefulFunction } from "@brainstate/compile";

/** A stand-in for brainstate's default RandomState: a key in a State, advanced on every draw. */
const rng = new State(prng.key(0));
function randLike(x: Array): Array {
  const keys = prng.split(rng.value);
  rng.value = keys.get(0);
  return prng.uniform(keys.get(1), x.shape);
}

function func4(arg: [Array, Array]): Array {
  const temp = arg[0].add(np.sin(arg[1]).mul(3));
  const c = randLike(arg[0]);
  return temp.add(c).sum();
}

describe("makeJaxpr", () => {
  // Port of _make_jaxpr_test.py test_compar_jax_make_jaxpr.
  it("makes a state read an input (never a constant) and its new value an output", () => {
    const pair: [Array, Array] = [np.zeros([8]), np.ones([8])];
    const key = rng.value;
    const plain = coreMakeJaxpr(func4)(pair);
    rng.value = key; // core's makeJaxpr knows no states: put back the key it overwrote with a tracer
    expect(plain.inAvals.length).toBe(2);
    expect(plain.consts.length).toBe(1);
    expect(plain.outAvals.length).toBe(1);
    expect((plain.consts[0] as Array).toArray()).toEqual(key.toArray());

    const [program, states] = makeJaxpr(func4)(pair);
    expect(states).toEqual([rng]);
    expect(program.inAvals.length).toBe(3);
    expect(program.outAvals.length).toBe(2);
    expect(program.consts.length).toBe(0);
    // tracing left the key alone
    expect(rng.value.toArray()).toEqual(key.toArray());
  });

  // Port of test_StatefulFunction_1.
  it("lists the states through StatefulFunction.makeJaxpr", () => {
    const sf = new StatefulFunction(func4);
    const p = sf.makeJaxpr([np.zeros([8]), np.ones([8])]);
    expect(p.states).toEqual([rng]);
    expect(p.written).toEqual([true]);
    expect(p.jaxpr.toString()).toContain("sin");
  });

  // Port of test_StatefulFunction_2: makeJaxpr nested inside traced functions.
  it("nests inside traced functions without changing states", () => {
    const st1 = new State(np.ones([10]));
    const f1 = (x: Array): void => {
      st1.value = x.add(st1.value);
    };
    const f2 = (x: Array): Array => {
      makeJaxpr(f1)(x);
      return x.add(1);
    };
    const f3 = (x: Array): number => {
      makeJaxpr(f1)(x);
      return 1;
    };
    const [p1, s1] = makeJaxpr(f1)(np.zeros([1]));
    expect(s1).toEqual([st1]);
    expect(p1.outAvals.map((a) => a.shape)).toEqual([[10]]);
    expect(coreMakeJaxpr(f2)(np.zeros([1])).outAvals.length).toBe(1);
    expect(coreMakeJaxpr(f3)(np.zeros([1])).outAvals.length).toBe(1);
    const [p3] = makeJaxpr(f3)(np.zeros([1]));
    const outs = evalClosedJaxpr(p3, [np.zeros([1]), st1.value]);
    expect((outs[0] as Array).item()).toBe(f3(np.zeros([1])));
    expectAllclose(st1.value, globalThis.Array.from({ length: 10 }, () => 1));
  });

  // Port of test_compar_jax_make_jaxpr2.
  it("evaluates a program whose states pass through", () => {
    const st1 = new State(np.ones([10]));
    const fa = (x: Array): void => {
      st1.value = x.add(st1.value);
    };
    const ffa = (x: Array): Array => {
      makeJaxpr(fa)(x);
      return x.add(1);
    };
    const [program, states] = makeJaxpr(ffa)(np.zeros([1]));
    expect(states).toEqual([st1]);
    const [out, st] = evalClosedJaxpr(program, [np.zeros([1]), st1.value]) as [Array, Array];
    expectAllclose(out, [1]);
    expectAllclose(st, globalThis.Array.from({ length: 10 }, () => 1));
    const plain = coreMakeJaxpr(ffa)(np.zeros([1]));
    expectAllclose(evalClosedJaxpr(plain, [np.zeros([1])])[0] as Array, [1]);
  });

  // Port of test_compar_jax_make_jaxpr3.
  it("traces a function of no states that returns a JS number", () => {
    const [program, states] = makeJaxpr((_x: Array) => 1)(np.zeros([1]));
    expect(states).toEqual([]);
    expect(program.outAvals.map((a) => a.toString())).toEqual(["int32~[]"]); // a weakly typed int32 scalar, like a Python int
    expect(coreMakeJaxpr((_x: Array) => 1)(np.zeros([1])).outAvals.length).toBe(1);
  });

  it("returns the output shapes with returnShape and honours staticArgnums", () => {
    const w = new State(np.ones([3, 4]));
    const [program, states, shapes] = makeJaxpr((x: Array, n: number) => x.matmul(w.value).mul(n), { staticArgnums: 1, returnShape: true })(np.ones([2, 3]), 5);
    expect(states).toEqual([w]);
    expect((shapes as ShapedArray).shape).toEqual([2, 4]);
    // inputs: x, w; outputs: the result, w (read only: passed through)
    expect(program.inAvals.map((a) => a.toString())).toEqual(["float32[2,3]", "float32[3,4]"]);
    expect(program.outAvals.map((a) => a.toString())).toEqual(["float32[2,4]", "float32[3,4]"]);
    const [y, wOut] = evalClosedJaxpr(program, [np.ones([2, 3]), np.ones([3, 4])]) as [Array, Array];
    // 3 ones summed, times 5
    expectAllclose(y, [[15, 15, 15, 15], [15, 15, 15, 15]]);
    expectAllclose(wOut, np.ones([3, 4]).toArray() as number[][]);
  });
});

describe("StatefulFunction", () => {
  it("gives the output structure, the state trace and the argument cache key", () => {
    const a = new State(np.ones([2]));
    const b = new State(np.zeros([2]));
    const sf = new StatefulFunction((x: Array, n: number) => {
      b.value = a.value.mul(n).add(x);
      return { y: b.value, z: [x] };
    }, { staticArgnums: 1 });
    const x = np.ones([2]);
    expect(sf.getOutTreedef(x, 3).numLeaves).toBe(2);
    const trace = sf.getStateTrace(x, 3);
    expect(trace.states).toEqual([a, b]);
    expect(trace.beenWriten).toEqual([false, true]);
    expect(sf.getArgCacheKey(x, 3)).toBe(sf.getArgCacheKey(np.zeros([2]), 3));
    expect(sf.getArgCacheKey(x, 3)).not.toBe(sf.getArgCacheKey(x, 4));
    expect(sf.getArgCacheKey(x, 3)).not.toBe(sf.getArgCacheKey(np.ones([3]), 3));
  });

  it("traces abstract ShapedArray arguments and refuses to run them", () => {
    const sf = new StatefulFunction((x: Array) => x.mul(2));
    const p = sf.makeJaxpr(new ShapedArray([4], "float64") as unknown as Array);
    expect(p.jaxpr.outAvals.map((v) => v.toString())).toEqual(["float64[4]"]);
    expect(() => sf.jaxprCall([], new ShapedArray([4], "float64") as unknown as Array)).toThrow("abstract ShapedArray");
  });
});
