import { describe, expect, it } from "vitest";
import { grad, np, OptionError, ShapedArray, ValueError, vmap, type Array } from "@brainstate/core";
import { expectAllclose } from "@brainstate/core/testing";
import { ParamState, ShortTermState, State } from "@brainstate/state";
import { forLoop, jit, StatefulFunction } from "./index.js";

const f64 = (v: number | number[]) => np.array(v, { dtype: "float64" });

describe("jit", () => {
  // Port of _jit_test.py test_inner_state_are_not_catched (the RNG state is played by `noise`).
  it("does not catch states created inside the jitted function", () => {
    const a = new State(np.arange(10, { dtype: "float32" }));
    const noise = new State(np.ones([100]));
    const fun1 = jit((inp: Array | number) => {
      a.value = a.value.add(inp);
      const b = new State(np.ones([1]));
      forLoop((x: Array) => {
        b.value = b.value.add(x);
      }, noise.value);
      return a.value.add(b.value);
    });
    // b = 1 + 100·1 = 101; a = arange(10) + 1
    expectAllclose(fun1(1) as Array, [...globalThis.Array.from({ length: 10 }, (_, i) => i + 1 + 101)]);
    expect(fun1.statefulFun.getStates(1)).toEqual([a, noise]);
    const x = np.ones([10]);
    fun1(x);
    expect(fun1.statefulFun.getStates(x)).toEqual([a, noise]);
    // a = arange(10) + 1 + 1
    expectAllclose(a.value, globalThis.Array.from({ length: 10 }, (_, i) => i + 2));
  });

  // Port of test_kwargs: JS has no keyword arguments; an options object plays them.
  it("takes pytree arguments such as an options object of arrays", () => {
    const a = new State(np.zeros([3]));
    const f = jit(({ inp, scale }: { inp: Array; scale: Array }) => {
      a.value = a.value.add(inp.mul(scale));
      return a.value;
    });
    expectAllclose(f({ inp: np.array([1, 2, 3]), scale: np.array(2) }) as Array, [2, 4, 6]);
    expectAllclose(a.value, [2, 4, 6]);
  });

  // Port of test_jit_compile_sensitive_to_input_shape.
  it("retraces only when the argument shapes change", () => {
    let traces = 0;
    const f = jit((inp: Array | number) => {
      traces++;
      return inp;
    });
    f(1);
    expect(traces).toBe(1);
    f(2);
    expect(traces).toBe(1);
    f(np.ones([10]));
    expect(traces).toBe(2);
    f(np.ones([10, 10]));
    expect(traces).toBe(3);
  });

  // Port of test_jit_clear_cache.
  it("traces again after clearCache", () => {
    const a = new State(np.array([0.5]));
    let compiling = 0;
    const log2 = jit((x: Array) => {
      compiling++;
      return np.log(x).div(np.log(np.array(2)).add(a.value));
    });
    const x = np.array([4]);
    // log(4) / (log(2) + 0.5)
    expectAllclose(log2(x) as Array, [Math.log(4) / (Math.log(2) + 0.5)], { rtol: 1e-6 });
    expect(compiling).toBe(1);
    log2(x);
    expect(compiling).toBe(1);
    log2.clearCache();
    log2(x);
    expect(compiling).toBe(2);
  });

  // Port of test_jit_attribute_origin_fun.
  it("exposes originFun, statefulFun, jittedFun and clearCache", () => {
    const fun1 = (x: Array): Array => x;
    const jitted = jit(fun1);
    expect(jitted.originFun).toBe(fun1);
    expect(jitted.statefulFun).toBeInstanceOf(StatefulFunction);
    expect(typeof jitted.jittedFun).toBe("function");
    expect(typeof jitted.clearCache).toBe("function");
  });

  // Port of test_clear_cache: a function that only writes a state.
  it("writes states from a function without outputs, before and after clearCache", () => {
    const a = new State(f64([0]));
    const f = jit((x: Array, y: Array) => {
      a.value = np.sin(x).add(np.cos(y)).reshape([1]);
    });
    f(f64(0.5), f64(1.0));
    expectAllclose(a.value, [Math.sin(0.5) + Math.cos(1.0)], { rtol: 1e-14 });
    a.value = f64([0]);
    f.clearCache();
    f(f64(0.5), f64(1.0));
    expectAllclose(a.value, [Math.sin(0.5) + Math.cos(1.0)], { rtol: 1e-14 });
  });

  // Port of test_cache: jit of jit of jit.
  it("nests jit inside jit", () => {
    let traces = 0;
    const f = jit(
      jit(
        jit((a: Array) => {
          traces++;
          return a.add(1);
        }),
      ),
    );
    expect((f(np.array(1)) as Array).item()).toBe(2);
    expect((f(np.array(5)) as Array).item()).toBe(6);
    expect(traces).toBe(1);
  });

  // Port of test_return_states.
  it("throws ValueError when the function returns a State", () => {
    const a = new State(np.ones([3]));
    const f = jit(() => a);
    expect(() => f()).toThrow(ValueError);
    expect(() => f()).toThrow("a State cannot be returned");
  });

  it("feeds current state values in on every call and writes written states back", () => {
    const w = new ParamState(np.array([1, 2]));
    const acc = new ShortTermState(np.zeros([2]));
    const step = jit((x: Array) => {
      acc.value = acc.value.add(x.mul(w.value));
      return acc.value.sum();
    });
    // acc = x·w = [1, 2] → sum 3; then [2, 4] → 6
    expect((step(np.ones([2])) as Array).item()).toBe(3);
    expect((step(np.ones([2])) as Array).item()).toBe(6);
    w.value = np.array([10, 10]);
    // acc = [2, 4] + [10, 10] = [12, 14]
    expect((step(np.ones([2])) as Array).item()).toBe(26);
    expectAllclose(acc.value, [12, 14]);
    expect(w.value.toArray()).toEqual([10, 10]);
  });

  it("treats staticArgnums as constants and retraces per static value", () => {
    let traces = 0;
    const f = jit(
      (x: Array, n: number) => {
        traces++;
        let y = x;
        for (let i = 0; i < n; i++) y = y.mul(2);
        return y;
      },
      { staticArgnums: 1 },
    );
    expect((f(np.array(1), 3) as Array).item()).toBe(8);
    expect((f(np.array(2), 3) as Array).item()).toBe(16);
    expect(traces).toBe(1);
    expect((f(np.array(1), 4) as Array).item()).toBe(16);
    expect(traces).toBe(2);
  });

  it("keys static class instances by identity (a model passed as a static argument)", () => {
    class Model {
      readonly w: State<Array>;
      constructor(w: number) {
        this.w = new State(np.array(w));
      }
    }
    let traces = 0;
    const apply = jit(
      (m: Model, x: Array) => {
        traces++;
        m.w.value = m.w.value.add(x);
        return m.w.value;
      },
      { staticArgnums: 0 },
    );
    const m1 = new Model(1);
    const m2 = new Model(100);
    apply(m1, np.array(1));
    apply(m1, np.array(1));
    apply(m2, np.array(1));
    expect([m1.w.value.item(), m2.w.value.item()]).toEqual([3, 101]);
    expect(traces).toBe(2);
  });

  it("exposes the compiled pure form as jittedFun, which touches no state", () => {
    const s = new State(np.array(2));
    const f = jit((x: Array) => {
      s.value = s.value.mul(x);
      return s.value.add(1);
    });
    const [written, out] = f.jittedFun([np.array(5)], np.array(3));
    // 5·3 = 15 written; output 16; the state itself is untouched
    expect((written[0] as Array).item()).toBe(15);
    expect((out as Array).item()).toBe(16);
    expect(s.value.item()).toBe(2);
  });

  it("resolves staticArgnames to positions from the parameter list", () => {
    let traces = 0;
    const f = jit(
      function scale(x: Array, training: boolean) {
        traces++;
        return training ? x.mul(2) : x;
      },
      { staticArgnames: "training" },
    );
    expect((f(np.array(3), true) as Array).item()).toBe(6);
    expect((f(np.array(3), false) as Array).item()).toBe(3);
    expect(traces).toBe(2);
    const g = jit((x: Array, { k }: { k: number } = { k: 1 }, mode = "a") => (mode === "a" ? x.mul(k) : x), { staticArgnames: ["mode"] });
    expect((g(np.array(3), { k: 2 }, "a") as Array).item()).toBe(6);
  });

  it("throws OptionError for an unknown static parameter name, bad positions or a static donated argument", () => {
    expect(() => jit((x: Array) => x, { staticArgnames: "y" })).toThrow(OptionError);
    expect(() => jit((x: Array) => x, { staticArgnames: "y" })).toThrow("has parameters 'x'");
    expect(() => jit((x: Array) => x, { staticArgnums: -1 })).toThrow("non-negative integer");
    expect(() => jit((x: Array) => x, { staticArgnums: 0, donateArgnums: 0 })).toThrow("both static and donated");
    expect(() => jit((x: Array) => x, { inline: true } as never)).toThrow("unknown option 'inline'");
  });

  it("reuses donated argument buffers and gives the same result", () => {
    const f = jit((x: Array) => x.mul(2).add(1), { donateArgnums: 0 });
    expectAllclose(f(np.array([1, 2, 3])) as Array, [3, 5, 7]);
  });

  it("traces a jitted method per receiver, each with its own states", () => {
    class Counter {
      readonly count = new State(np.zeros([]));
      declare step: (x: Array) => Array;
    }
    Counter.prototype.step = jit(function (this: Counter, x: Array) {
      this.count.value = this.count.value.add(x);
      return this.count.value;
    });
    const c1 = new Counter();
    const c2 = new Counter();
    c1.step(np.array(2));
    c1.step(np.array(3));
    c2.step(np.array(10));
    expect(c1.count.value.item()).toBe(5);
    expect(c2.count.value.item()).toBe(10);
  });

  it("lowers ahead of time and compiles for one signature", () => {
    const s = new State(np.ones([3]));
    const f = jit((x: Array) => {
      s.value = s.value.add(x);
      return s.value.sum();
    });
    const lowered = f.lower(np.ones([3]));
    expect(lowered.states).toEqual([s]);
    expect(lowered.writeStates).toEqual([s]);
    expect(lowered.readStates).toEqual([]);
    expect(lowered.numKernels).toBeGreaterThan(0);
    const compiled = lowered.compile();
    // s = 1 + 1 = 2 each → sum 6
    expect((compiled(np.ones([3])) as Array).item()).toBe(6);
    expect(() => compiled(np.ones([4]))).toThrow(ValueError);
    expect(() => compiled(np.ones([4]))).toThrow("lowered for another argument signature");
  });

  it("gives the output shapes with evalShape and the program with trace", () => {
    const w = new ParamState(np.ones([3, 2]));
    const f = jit((x: Array) => x.matmul(w.value));
    const shape = f.evalShape(np.ones([4, 3])) as ShapedArray;
    expect(shape.shape).toEqual([4, 2]);
    expect(shape.dtype).toBe("float32");
    expect(f.trace(np.ones([4, 3])).states).toEqual([w]);
  });

  it("runs inside a forLoop body, the loop carrying the state it writes", () => {
    const v = new State(np.zeros([]));
    const step = jit((x: Array) => {
      v.value = v.value.add(x);
      return v.value;
    });
    const ys = forLoop((x: Array) => step(x), np.arange(5, { dtype: "float32" })) as Array;
    // running sums of 0..4
    expectAllclose(ys, [0, 1, 3, 6, 10]);
    expect(v.value.item()).toBe(10);
  });

  it("runs under core vmap when it only reads states", () => {
    const w = new ParamState(np.array([1, 2, 3]));
    const f = jit((x: Array) => x.mul(w.value).sum());
    const out = vmap((x: Array) => f(x))(np.array([[1, 1, 1], [0, 1, 0]])) as Array;
    // [1+2+3, 2]
    expectAllclose(out, [6, 2]);
  });

  it("is differentiable through the pure jaxprCall of an enclosing StatefulFunction", () => {
    const w = new ParamState(f64(0.3));
    const h = new State(f64(1.0));
    const step = jit((x: Array) => {
      h.value = np.tanh(h.value.mul(w.value).add(x));
      return h.value;
    });
    const loss = new StatefulFunction((x: Array) => step(step(x)));
    const states = loss.getStates(f64(0.5));
    expect(states).toEqual([h, w]);
    const at = (wv: Array): Array => loss.jaxprCall([h.value, wv], f64(0.5))[1] as Array;
    const g = (grad(at)(w.value) as Array).item() as number;
    // central finite differences
    const eps = 1e-6;
    const fd = ((at(f64(0.3 + eps)).item() as number) - (at(f64(0.3 - eps)).item() as number)) / (2 * eps);
    expect(g).toBeCloseTo(fd, 8);
    // jaxprCall is pure: h is unchanged
    expect(h.value.item()).toBe(1);
  });
});
