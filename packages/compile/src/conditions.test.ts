import { describe, expect, it } from "vitest";
import { DTypeError, grad, jit as coreJit, makeJaxpr, np, RuntimeCheckError, ShapeError, TransformationError, ValueError, vmap, type Array } from "@brainstate/core";
import { Tracer } from "@brainstate/core/extend";
import { expectAllclose } from "@brainstate/core/testing";
import { ParamState, State } from "@brainstate/state";
import { cond, forLoop, ifElse, jit, StatefulFunction, switch as switch_ } from "./index.js";

const f64 = (v: number | number[] | number[][]) => np.array(v, { dtype: "float64" });
const i32 = (v: number) => np.array(v, { dtype: "int32" });

describe("cond", () => {
  // Port of _conditions_test.py TestCond.test1: both branches advance a random-key-like state.
  it("runs branches that read and write the same state", () => {
    const key = new State(i32(1));
    const draw = (): Array => {
      key.value = key.value.mul(3);
      return key.value.astype("float32").mul(np.ones([10]));
    };
    const draw2 = (): Array => {
      key.value = key.value.add(1);
      return key.value.astype("float32").mul(np.ones([10]));
    };
    // key: 1 → 3 (true branch), then 3 → 4 (false branch)
    expectAllclose(cond(true, draw, draw2) as Array, globalThis.Array.from({ length: 10 }, () => 3));
    expectAllclose(cond(false, draw, draw2) as Array, globalThis.Array.from({ length: 10 }, () => 4));
    expect(key.value.item()).toBe(4);
  });

  // Port of TestCond.test2: each branch writes a different state; no tracer leaks into any state.
  it("writes back only the chosen branch's states, leaving concrete values everywhere", () => {
    const st1 = new State(f64([1, 2, 3]));
    const st2 = new State(f64([1, 2]));
    const st3 = new State(f64([1, 1, 1, 1, 1]));
    const st4 = new State(f64([[1, 0, 1], [0, 1, 1]]));
    const trueFun = (x: number): void => {
      st1.value = st2.value.matmul(st4.value).add(x);
    };
    const falseFun = (x: number): void => {
      st3.value = st3.value.add(1).mul(x);
    };
    cond(true, trueFun, falseFun, 2);
    // st2 @ st4 = [1, 2, 3]; + 2
    expectAllclose(st1.value, [3, 4, 5]);
    expectAllclose(st3.value, [1, 1, 1, 1, 1]);
    for (const s of [st1, st2, st3, st4]) expect(s.value).not.toBeInstanceOf(Tracer);
    cond(false, trueFun, falseFun, 2);
    expectAllclose(st3.value, [4, 4, 4, 4, 4]);
    expectAllclose(st1.value, [3, 4, 5]);
  });

  it("chooses by a traced predicate under jit, each branch writing its own state", () => {
    const pos = new State(np.zeros([]));
    const neg = new State(np.zeros([]));
    const f = jit((x: Array) =>
      cond(
        x.gt(0),
        (y: Array) => {
          pos.value = pos.value.add(y);
          return y.mul(2);
        },
        (y: Array) => {
          neg.value = neg.value.sub(y);
          return y.mul(3);
        },
        x,
      ),
    );
    expect((f(np.array(2)) as Array).item()).toBe(4);
    expect((f(np.array(-5)) as Array).item()).toBe(-15);
    expect((f(np.array(1)) as Array).item()).toBe(2);
    // pos = 2 + 1, neg = 0 - (-5)
    expect(pos.value.item()).toBe(3);
    expect(neg.value.item()).toBe(5);
  });

  it("treats a numeric predicate as nonzero-is-true", () => {
    expect((cond(np.array(0.5), () => 1, () => 2) as Array).item()).toBe(1);
    expect((cond(0, () => 1, () => 2) as Array).item()).toBe(2);
  });

  it("becomes a select under vmap with a batched predicate", () => {
    const out = vmap((x: Array) => cond(x.gt(1), (y: Array) => y.mul(10), (y: Array) => y.neg(), x))(np.array([0, 1, 2, 3])) as Array;
    expectAllclose(out, [0, -1, 20, 30]);
  });

  it("is differentiable through jaxprCall when the branches write states", () => {
    const w = new ParamState(f64(1.5));
    const acc = new State(f64(0));
    const sf = new StatefulFunction((x: Array) => {
      cond(
        x.gt(0),
        () => {
          acc.value = acc.value.add(np.sin(w.value.mul(x)));
        },
        () => {
          acc.value = acc.value.sub(w.value.mul(w.value));
        },
      );
      return acc.value;
    });
    const states = sf.getStates(f64(2));
    const loss = (x: Array) => (wv: Array) => sf.jaxprCall(states.map((s) => (s === w ? wv : s.value)), x)[1] as Array;
    // d/dw sin(w·2) = 2 cos(2w); d/dw (−w²) = −2w
    expectAllclose(grad(loss(f64(2)))(w.value) as Array, 2 * Math.cos(3), { rtol: 1e-12 });
    expectAllclose(grad(loss(f64(-1)))(w.value) as Array, -3, { rtol: 1e-12 });
  });

  it("throws naming the problem for a bad predicate or a non-function branch", () => {
    expect(() => cond(np.array([true, false]), () => 1, () => 2)).toThrow(ShapeError);
    expect(() => cond(np.array([true, false]), () => 1, () => 2)).toThrow("the predicate must be a scalar, got bool[2]");
    expect(() => cond(null as never, () => 1, () => 2)).toThrow(ValueError);
    expect(() => cond([true] as never, () => 1, () => 2)).toThrow("got a JS array");
    expect(() => cond(true, 3 as never, () => 2)).toThrow(TransformationError);
    expect(() => cond(true, 3 as never, () => 2)).toThrow("trueFun is number, not a function");
  });

  it("throws TransformationError when a branch changes a written state's dtype", () => {
    const s = new State(np.zeros([2]));
    expect(() =>
      cond(
        true,
        () => {
          s.value = np.zeros([2], { dtype: "int32" });
        },
        () => undefined,
      ),
    ).toThrow("State is written with int32[2] but held float32[2] before");
  });
});

describe("switch", () => {
  // Port of TestSwitch.testSwitch: indices are clamped into range, eagerly and under jit.
  it("applies the branch chosen by the clamped index, eagerly and under jit", () => {
    const branches = [(x: Array) => [x, x], (x: Array) => [x.mul(2), x.mul(4)], (x: Array) => [x, x.neg()]];
    const fun = (x: number): number[] => (x <= 0 ? [x, x] : x === 1 ? [2 * x, 4 * x] : [x, -x]);
    const cfun = (x: Array): Array[] => switch_(x, branches, x) as Array[];
    const jfun = coreJit(cfun);
    for (const x of [-1, 0, 1, 2, 3]) {
      expect(cfun(i32(x)).map((a) => a.item())).toEqual(fun(x));
      expect(jfun(i32(x)).map((a) => a.item())).toEqual(fun(x));
    }
  });

  // Port of testSwitchMultiOperands.
  it("passes several operands to the branch", () => {
    const branches = [(a: Array, b: Array) => a.add(b), (a: Array, b: Array) => a.mul(b)];
    const fun = (x: number): number => (x <= 0 ? x + x : x * x);
    const cfun = (x: Array): Array => switch_(x, branches, x, x) as Array;
    const jfun = coreJit(cfun);
    for (const x of [-1, 0, 1, 2]) {
      expect(cfun(i32(x)).item()).toBe(fun(x));
      expect(jfun(i32(x)).item()).toBe(fun(x));
    }
  });

  // Port of testSwitchResidualsMerge. brainstate checks JAX's reuse of residual slots across
  // branches; core's cond gives each branch its own slots (see the README), so this port checks the
  // forward/backward split and the gradients instead.
  it("splits into a forward and a backward cond under grad, with the right gradients", () => {
    const branches1 = [(x: Array) => np.sin(x), (x: Array) => np.cos(x)];
    const branches3 = [...branches1, (x: Array) => np.sinh(x), (x: Array) => np.sin(x).add(np.cos(x))];
    for (const branches of [branches1, branches3]) {
      const fun = (x: Array, i: Array): Array => switch_(i.add(1), branches, x) as Array;
      const j = makeJaxpr((x: Array, i: Array) => grad(fun)(x, i))(f64(0), i32(0));
      const conds = j.jaxpr.eqns.filter((e) => e.primitive.name === "cond");
      expect(conds.length).toBe(2);
      for (const c of conds) {
        const arities = (c.params as { branches: { jaxpr: { invars: unknown[]; outvars: unknown[] } }[] }).branches.map((b) => `${b.jaxpr.invars.length}/${b.jaxpr.outvars.length}`);
        expect(new Set(arities).size).toBe(1);
      }
    }
    // index 0 + 1 → cos: d cos(x) = −sin(x); index 2 + 1 → sin + cos: cos(x) − sin(x)
    const g = (x: number, i: number): number => (grad((y: Array) => switch_(i32(i).add(1), branches3, y) as Array)(f64(x)) as Array).item() as number;
    expect(g(0.7, 0)).toBeCloseTo(-Math.sin(0.7), 12);
    expect(g(0.7, 2)).toBeCloseTo(Math.cos(0.7) - Math.sin(0.7), 12);
  });

  // Port of testOneBranchSwitch: a single branch is called for any index.
  it("calls a single branch directly for any index", () => {
    const branch = (x: Array): Array => x.neg();
    const f = (i: Array | number, x: Array): Array => switch_(i, [branch], x) as Array;
    const x = np.array(7);
    for (const i of [-1, 0, 1]) {
      expect(f(i32(i), x).item()).toBe(-7);
      expect(coreJit(f)(i32(i), x).item()).toBe(-7);
      expect(coreJit(f, { staticArgnums: 0 })(i, x).item()).toBe(-7);
    }
  });

  it("runs branches that write different states and returns the other states unchanged", () => {
    const a = new State(np.zeros([]));
    const b = new State(np.zeros([]));
    const c = new State(np.ones([]));
    const branches = [
      () => {
        a.value = a.value.add(1);
      },
      () => {
        b.value = b.value.add(c.value);
      },
      () => {
        c.value = c.value.mul(5);
      },
    ];
    for (const i of [0, 1, 2, 1, 9]) switch_(i32(i), branches);
    // a: +1 (i=0); b: +1 (i=1, c=1); c: ×5 (i=2); b: +5 (i=1, c=5); c: ×5 (i=9 clamped to 2)
    expect([a.value.item(), b.value.item(), c.value.item()]).toEqual([1, 6, 25]);
  });

  it("throws for an empty branch list, a non-scalar or non-integer index", () => {
    expect(() => switch_(0, [])).toThrow(ValueError);
    expect(() => switch_(0, [])).toThrow("the branch list is empty");
    expect(() => switch_(np.array([0, 1], { dtype: "int32" }), [() => 1, () => 2])).toThrow(ShapeError);
    expect(() => switch_(np.array(0.5), [() => 1, () => 2])).toThrow(DTypeError);
    expect(() => switch_(np.array(0.5), [() => 1, () => 2])).toThrow("must be an integer, got float32[]");
    expect(() => switch_(0, [() => 1, "x" as never])).toThrow("branch 1 is string, not a function");
  });
});

describe("ifElse", () => {
  // Port of TestIfElse.test1 with JS booleans as conditions.
  it("runs the branch of the true condition", () => {
    const f = (a: number): number =>
      (ifElse([a < 0, a >= 0 && a < 2, a >= 2 && a < 5, a >= 5 && a < 10, a >= 10], [() => 1, () => 2, () => 3, () => 4, () => 5]) as Array).item() as number;
    expect(f(3)).toBe(3);
    expect(f(1)).toBe(2);
    expect(f(-1)).toBe(1);
    expect(f(12)).toBe(5);
  });

  // Port of TestIfElse.test_vmap (deterministic inputs instead of randint).
  it("works under vmap with batched conditions", () => {
    const f = (a: Array): Array =>
      ifElse(
        [a.gt(10), np.logicalAnd(a.le(10), a.gt(5)), np.logicalAnd(a.le(5), a.gt(2)), np.logicalAnd(a.le(2), a.gt(0)), a.le(0)],
        [() => 1, () => 2, () => 3, () => 4, () => 5],
        a,
      ) as Array;
    const xs = np.arange(-20, 20, { dtype: "int32" });
    const r = vmap(f)(xs) as Array;
    expect(r.size).toBe(40);
    const expected = globalThis.Array.from({ length: 40 }, (_, k) => {
      const a = k - 20;
      return a > 10 ? 1 : a > 5 ? 2 : a > 2 ? 3 : a > 0 ? 4 : 5;
    });
    expect(r.toArray()).toEqual(expected);
  });

  // Ports of TestIfElse.test_grad1 and test_grad2.
  it("is differentiable: the gradient of the chosen branch", () => {
    const F2 = (x: Array): Array => ifElse([x.ge(10), x.lt(10)], [(y: Array) => y, (y: Array) => y.mul(y)], x) as Array;
    expect((grad(F2)(np.array(9.0)) as Array).item()).toBe(18);
    expect((grad(F2)(np.array(11.0)) as Array).item()).toBe(1);
    const F3 = (x: Array): Array =>
      ifElse([x.ge(10), np.logicalAnd(x.ge(0), x.lt(10)), x.lt(0)], [(y: Array) => y, (y: Array) => y.mul(y), (y: Array) => y.mul(y).mul(y).mul(y)], x) as Array;
    expect((grad(F3)(np.array(9.0)) as Array).item()).toBe(18);
    expect((grad(F3)(np.array(11.0)) as Array).item()).toBe(1);
    // d x⁴ = 4x³ at −2
    expect((grad(F3)(np.array(-2.0)) as Array).item()).toBe(-32);
  });

  it("runs branches that write different states", () => {
    const low = new State(np.zeros([]));
    const high = new State(np.zeros([]));
    const f = jit((x: Array) =>
      ifElse(
        [x.lt(0), x.ge(0)],
        [
          (y: Array) => {
            low.value = low.value.add(y);
          },
          (y: Array) => {
            high.value = high.value.add(y);
          },
        ],
        x,
      ),
    );
    for (const x of [1, -2, 3, -4]) f(np.array(x));
    expect([low.value.item(), high.value.item()]).toEqual([-6, 4]);
  });

  it("raises RuntimeCheckError when not exactly one condition holds", () => {
    const f = (a: number) => ifElse([np.array(a > 0), np.array(a > 1)], [() => 1, () => 2]);
    expect(() => f(2)).toThrow(RuntimeCheckError);
    expect(() => f(2)).toThrow("exactly one condition must be true, but 2 are (conditions [1,1])");
    expect(() => coreJit((x: Array) => ifElse([x.gt(0), x.gt(1)], [() => 1, () => 2]))(np.array(-1))).toThrow("but 0 are");
  });

  it("takes the conditions as one bool vector", () => {
    expect((ifElse(np.array([false, true, false]), [() => 1, () => 2, () => 3]) as Array).item()).toBe(2);
    expect(() => ifElse(np.array([[true, false]]), [() => 1, () => 2])).toThrow("the conditions must be scalars");
  });

  it("calls a single branch directly and throws for mismatched or empty lists", () => {
    expect(ifElse([false], [() => 7])).toBe(7);
    expect(() => ifElse([true, false], [() => 1, () => 2, () => 3])).toThrow("2 conditions for 3 branches");
    expect(() => ifElse([], [])).toThrow("the branch list is empty");
  });

  it("composes with forLoop: a per-step branch updating states", () => {
    const evens = new State(np.zeros([]));
    const odds = new State(np.zeros([]));
    forLoop((i: Array) => {
      ifElse(
        [i.mod(2).eq(0), i.mod(2).eq(1)],
        [
          () => {
            evens.value = evens.value.add(i);
          },
          () => {
            odds.value = odds.value.add(i);
          },
        ],
      );
    }, np.arange(10, { dtype: "int32" }));
    // 0+2+4+6+8 and 1+3+5+7+9
    expect([evens.value.item(), odds.value.item()]).toEqual([20, 25]);
  });
});
