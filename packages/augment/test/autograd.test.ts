// Tests of the gradient transformations: the ports of brainstate's augment/_autograd_test.py
// (active tests, then the vector_grad/jacfwd tests the reference keeps commented out), the return
// convention for every option combination, finite-difference checks through loops over states,
// state write-back, and the error paths.

import { describe, expect, it } from "vitest";
import { jit, NonDifferentiableError, np, OptionError, scan, TransformationError, ValueError, type Array } from "@brainstate/core";
import { expectAllclose } from "@brainstate/core/testing";
import { Node, states } from "@brainstate/graph";
import { rand, randn, random, seed, uniform } from "@brainstate/random";
import { ParamState, ShortTermState, State, type FlattedDict } from "@brainstate/state";
import { StatefulFunction } from "@brainstate/compile";
import { grad, GradientTransform, hessian, jacfwd, jacobian, jacrev, vectorGrad, type GradOptions } from "@brainstate/augment";
import { allEqual, val } from "./fixtures.js";

const SIN100 = -0.5063656411097588; // sin(100)
const EXP01 = 1.1051709180756477; // exp(0.1)

/** brainstate's test module: three ParamStates a = 1, b ~ N(0,1), c ~ U[0,1). */
class ABC extends Node {
  a = new ParamState(np.ones([10]));
  b = new ParamState(randn(10));
  c = new ParamState(uniform(0, 1, { size: [10] }));
  /** sum(a + b + c) */
  total(): Array {
    return this.a.value.add(this.b.value).add(this.c.value).sum();
  }
  /** sum(a + b + c + 2d) */
  withArg(d: Array): Array {
    return this.a.value.add(this.b.value).add(this.c.value).add(d.mul(2)).sum();
  }
}

const call3 = (a: Array, b: Array, c: Array): Array => a.add(b).add(c).sum();
const call3Aux = (a: Array, b: Array, c: Array): [Array, [Array, Array]] => [a.add(b).add(c).sum(), [np.sin(100), np.exp(0.1)]];

function expectAux(aux: unknown): void {
  const [s, e] = aux as [Array, Array];
  expectAllclose(s, SIN100, { rtol: 1e-6 });
  expectAllclose(e, EXP01, { rtol: 1e-6 });
}

describe("grad (ports of TestPureFuncGrad)", () => {
  it("returns one all-ones gradient per argument with argnums [0, 1, 2] (test_grad_pure_func_1)", () => {
    seed(1);
    // d sum(a + b + c) / d each = 1 everywhere.
    const grads = grad(call3, { argnums: [0, 1, 2] })(np.ones([10]), randn(10), uniform(0, 1, { size: [10] })) as Array[];
    expect(grads).toHaveLength(3);
    for (const g of grads) expect(allEqual(g, 1)).toBe(true);
  });

  it("differentiates the first argument by default (test_grad_pure_func_2)", () => {
    seed(1);
    const g = grad(call3)(np.ones([10]), randn(10), uniform(0, 1, { size: [10] }));
    expect(allEqual(g, 1)).toBe(true);
  });

  it("throws TransformationError for a tuple output without hasAux (test_grad_pure_func_aux1)", () => {
    seed(1);
    const f = grad(call3Aux, { argnums: [0, 1, 2] });
    expect(() => f(np.ones([10]), randn(10), uniform(0, 1, { size: [10] }))).toThrow(TransformationError);
    expect(() => f(np.ones([10]), randn(10), uniform(0, 1, { size: [10] }))).toThrow(/hasAux: true/);
  });

  it("returns [grads, aux] with hasAux (test_grad_pure_func_aux2)", () => {
    seed(1);
    const [grads, aux] = grad(call3Aux, { argnums: [0, 1, 2], hasAux: true })(np.ones([10]), randn(10), uniform(0, 1, { size: [10] })) as [Array[], unknown];
    for (const g of grads) expect(allEqual(g, 1)).toBe(true);
    expectAux(aux);
  });

  it("returns [grads, value] with returnValue (test_grad_pure_func_return1)", () => {
    seed(1);
    const a = np.ones([10]);
    const b = randn(10);
    const c = uniform(0, 1, { size: [10] });
    const [g, value] = grad(call3, { returnValue: true })(a, b, c) as [Array, Array];
    expect(allEqual(g, 1)).toBe(true);
    expect((value as Array).item()).toBe(call3(a, b, c).item());
  });

  it("returns [grads, value, aux] with returnValue and hasAux (test_grad_func_return_aux1)", () => {
    seed(1);
    const a = np.ones([10]);
    const b = randn(10);
    const c = uniform(0, 1, { size: [10] });
    const [g, value, aux] = grad(call3Aux, { returnValue: true, hasAux: true })(a, b, c) as [Array, Array, unknown];
    expect(allEqual(g, 1)).toBe(true);
    expect(value.item()).toBe(call3(a, b, c).item());
    expectAux(aux);
  });
});

describe("grad with gradStates (ports of TestObjectFuncGrad)", () => {
  it("mirrors the gradStates container: dict, list, single State, graph.states (test_grad_ob1)", () => {
    seed(0);
    let t = new ABC();
    const byDict = grad(() => t.total(), { gradStates: { a: t.a, b: t.b, c: t.c } })() as Record<string, Array>;
    expect(Object.keys(byDict).sort()).toEqual(["a", "b", "c"]);
    for (const g of Object.values(byDict)) expect(allEqual(g, 1)).toBe(true);

    t = new ABC();
    const byList = grad(() => t.total(), { gradStates: [t.a, t.b] })() as Array[];
    expect(byList).toHaveLength(2);
    for (const g of byList) expect(allEqual(g, 1)).toBe(true);

    t = new ABC();
    const single = grad(() => t.total(), { gradStates: t.a })();
    expect(allEqual(single, 1)).toBe(true);

    t = new ABC();
    const all = grad(() => t.total(), { gradStates: states(t) })() as FlattedDict<State>;
    expect(all.size).toBe(3);
    for (const g of all.values()) expect(allEqual(g, 1)).toBe(true);
  });

  it("returns [varGrads, aux] with hasAux (test_grad_ob_aux)", () => {
    seed(0);
    let t = new ABC();
    const withAux = (): [Array, [Array, Array]] => [t.total(), [np.sin(100), np.exp(0.1)]];
    const [g1, aux1] = grad(withAux, { gradStates: [t.a, t.b], hasAux: true })() as [Array[], unknown];
    for (const g of g1) expect(allEqual(g, 1)).toBe(true);
    expectAux(aux1);

    t = new ABC();
    const [g2, aux2] = grad(withAux, { gradStates: t.a, hasAux: true })() as [Array, unknown];
    expect(allEqual(g2, 1)).toBe(true);
    expectAux(aux2);

    t = new ABC();
    const [g3] = grad(withAux, { gradStates: states(t), hasAux: true })() as [FlattedDict<State>, unknown];
    expect(g3.size).toBe(states(t).size);
  });

  it("returns [varGrads, value] with returnValue (test_grad_ob_return)", () => {
    seed(0);
    let t = new ABC();
    const [g1, v1] = grad(() => t.total(), { gradStates: [t.a, t.b], returnValue: true })() as [Array[], Array];
    for (const g of g1) expect(allEqual(g, 1)).toBe(true);
    expect(v1.item()).toBe(t.total().item());

    t = new ABC();
    const [g2, v2] = grad(() => t.total(), { gradStates: t.a, returnValue: true })() as [Array, Array];
    expect(allEqual(g2, 1)).toBe(true);
    expect(v2.item()).toBe(t.total().item());
  });

  it("returns [varGrads, value, aux] with both (test_grad_ob_aux_return)", () => {
    seed(0);
    let t = new ABC();
    const withAux = (): [Array, [Array, Array]] => [t.total(), [np.sin(100), np.exp(0.1)]];
    const [g1, v1, aux1] = grad(withAux, { gradStates: [t.a, t.b], hasAux: true, returnValue: true })() as [Array[], Array, unknown];
    for (const g of g1) expect(allEqual(g, 1)).toBe(true);
    expect(v1.item()).toBe(t.total().item());
    expectAux(aux1);

    t = new ABC();
    const [g2, v2, aux2] = grad(withAux, { gradStates: t.a, hasAux: true, returnValue: true })() as [Array, Array, unknown];
    expect(allEqual(g2, 1)).toBe(true);
    expect(v2.item()).toBe(t.total().item());
    expectAux(aux2);
  });

  it("returns [varGrads, argGrads] with gradStates and argnums; argGrads alone without (test_grad_ob_argnums)", () => {
    seed(0);
    // d/d(a, b, c) = 1, d/dd = 2.
    let t = new ABC();
    const [v1, a1] = grad((d: Array) => t.withArg(d), { gradStates: states(t), argnums: 0 })(random({ size: [10] })) as [FlattedDict<State>, Array];
    for (const g of v1.values()) expect(allEqual(g, 1)).toBe(true);
    expect(allEqual(a1, 2)).toBe(true);

    t = new ABC();
    const [v2, a2] = grad((d: Array) => t.withArg(d), { gradStates: states(t), argnums: [0] })(random({ size: [10] })) as [FlattedDict<State>, Array[]];
    for (const g of v2.values()) expect(allEqual(g, 1)).toBe(true);
    expect(allEqual(a2[0], 2)).toBe(true);

    t = new ABC();
    expect(allEqual(grad((d: Array) => t.withArg(d), { argnums: 0 })(random({ size: [10] })), 2)).toBe(true);

    t = new ABC();
    const a4 = grad((d: Array) => t.withArg(d), { argnums: [0] })(random({ size: [10] })) as Array[];
    expect(allEqual(a4[0], 2)).toBe(true);
  });

  it("returns [[varGrads, argGrads], aux] / [argGrads, aux] with hasAux (test_grad_ob_argnums_aux)", () => {
    seed(0);
    let t = new ABC();
    const f = (d: Array): [Array, [Array, Array]] => [t.withArg(d), [np.sin(100), np.exp(0.1)]];
    const [[v1, a1], aux1] = grad(f, { gradStates: states(t), argnums: 0, hasAux: true })(random({ size: [10] })) as [[FlattedDict<State>, Array], unknown];
    for (const g of v1.values()) expect(allEqual(g, 1)).toBe(true);
    expect(allEqual(a1, 2)).toBe(true);
    expectAux(aux1);

    t = new ABC();
    const [[v2, a2], aux2] = grad(f, { gradStates: states(t), argnums: [0], hasAux: true })(random({ size: [10] })) as [[FlattedDict<State>, Array[]], unknown];
    for (const g of v2.values()) expect(allEqual(g, 1)).toBe(true);
    expect(allEqual(a2[0], 2)).toBe(true);
    expectAux(aux2);

    t = new ABC();
    const [a3, aux3] = grad(f, { argnums: 0, hasAux: true })(random({ size: [10] })) as [Array, unknown];
    expect(allEqual(a3, 2)).toBe(true);
    expectAux(aux3);

    t = new ABC();
    const [a4, aux4] = grad(f, { argnums: [0], hasAux: true })(random({ size: [10] })) as [Array[], unknown];
    expect(allEqual(a4[0], 2)).toBe(true);
    expectAux(aux4);
  });

  it("returns [[varGrads, argGrads], value] / [argGrads, value] with returnValue (test_grad_ob_argnums_return)", () => {
    seed(0);
    let t = new ABC();
    let d = random({ size: [10] });
    const [[v1, a1], l1] = grad((x: Array) => t.withArg(x), { gradStates: states(t), argnums: 0, returnValue: true })(d) as [[FlattedDict<State>, Array], Array];
    for (const g of v1.values()) expect(allEqual(g, 1)).toBe(true);
    expect(allEqual(a1, 2)).toBe(true);
    expect(l1.item()).toBe(t.withArg(d).item());

    t = new ABC();
    d = random({ size: [10] });
    const [[v2, a2], l2] = grad((x: Array) => t.withArg(x), { gradStates: states(t), argnums: [0], returnValue: true })(d) as [[FlattedDict<State>, Array[]], Array];
    for (const g of v2.values()) expect(allEqual(g, 1)).toBe(true);
    expect(allEqual(a2[0], 2)).toBe(true);
    expect(l2.item()).toBe(t.withArg(d).item());

    t = new ABC();
    d = random({ size: [10] });
    const [a3, l3] = grad((x: Array) => t.withArg(x), { argnums: 0, returnValue: true })(d) as [Array, Array];
    expect(allEqual(a3, 2)).toBe(true);
    expect(l3.item()).toBe(t.withArg(d).item());

    t = new ABC();
    d = random({ size: [10] });
    const [a4, l4] = grad((x: Array) => t.withArg(x), { argnums: [0], returnValue: true })(d) as [Array[], Array];
    expect(allEqual(a4[0], 2)).toBe(true);
    expect(l4.item()).toBe(t.withArg(d).item());
  });

  it("returns [[varGrads, argGrads], value, aux] / [argGrads, value, aux] with both (test_grad_ob_argnums_aux_return)", () => {
    seed(0);
    let t = new ABC();
    const f = (x: Array): [Array, [Array, Array]] => [t.withArg(x), [np.sin(100), np.exp(0.1)]];
    let d = random({ size: [10] });
    const [[v1, a1], l1, aux1] = grad(f, { gradStates: states(t), argnums: 0, hasAux: true, returnValue: true })(d) as [[FlattedDict<State>, Array], Array, unknown];
    for (const g of v1.values()) expect(allEqual(g, 1)).toBe(true);
    expect(allEqual(a1, 2)).toBe(true);
    expectAux(aux1);
    expect(l1.item()).toBe(t.withArg(d).item());

    t = new ABC();
    d = random({ size: [10] });
    const [[v2, a2], l2, aux2] = grad(f, { gradStates: states(t), argnums: [0], hasAux: true, returnValue: true })(d) as [[FlattedDict<State>, Array[]], Array, unknown];
    for (const g of v2.values()) expect(allEqual(g, 1)).toBe(true);
    expect(allEqual(a2[0], 2)).toBe(true);
    expectAux(aux2);
    expect(l2.item()).toBe(t.withArg(d).item());

    t = new ABC();
    d = random({ size: [10] });
    const [a3, l3, aux3] = grad(f, { argnums: 0, hasAux: true, returnValue: true })(d) as [Array, Array, unknown];
    expect(allEqual(a3, 2)).toBe(true);
    expectAux(aux3);
    expect(l3.item()).toBe(t.withArg(d).item());

    t = new ABC();
    d = random({ size: [10] });
    const [a4, l4, aux4] = grad(f, { argnums: [0], hasAux: true, returnValue: true })(d) as [Array[], Array, unknown];
    expect(allEqual(a4[0], 2)).toBe(true);
    expectAux(aux4);
    expect(l4.item()).toBe(t.withArg(d).item());
  });
});

/** brainstate's f1: [x0·y0, 5·x2·y1, 4·x1² − 2·x2, x2·sin x0]. */
function f1(x: Array, y: Array): Array {
  const [x0, x1, x2] = [x.get(0), x.get(1), x.get(2)];
  return np.stack([x0.mul(y.get(0)), x2.mul(y.get(1)).mul(5), x1.mul(x1).mul(4).sub(x2.mul(2)), x2.mul(np.sin(x0))]);
}
/** f1 split in two outputs [r1, r2]. */
function f2(x: Array, y: Array): [Array, Array] {
  const r = f1(x, y);
  return [r.get("0:2"), r.get("2:4")];
}
// Hand-derived at x = [1, 2, 3], y = [10, 5]: ∂f1/∂x rows [y0,0,0], [0,0,5y1], [0,8x1,−2], [x2·cos x0, 0, sin x0];
// ∂f1/∂y rows [x0,0], [0,5x2], [0,0], [0,0].
const COS1 = 0.5403023058681398;
const SIN1 = 0.8414709848078965;
const JX = [
  [10, 0, 0],
  [0, 0, 25],
  [0, 16, -2],
  [3 * COS1, 0, SIN1],
];
const JY = [
  [1, 0],
  [0, 15],
  [0, 0],
  [0, 0],
];
const X = (): Array => np.array([1, 2, 3]);
const Y = (): Array => np.array([10, 5]);

describe("jacfwd / jacrev (ports of TestPureFuncJacobian)", () => {
  it("returns the Jacobian and the aux with hasAux (test1)", () => {
    const [jac, aux] = jacfwd((x: Array) => [x.mul(x).mul(x), [x.mul(x)]], { hasAux: true })(3) /* JS 3 stands for Python's 3. */ as [Array, Array[]];
    // d x³/dx at 3 = 27; aux x² = 9.
    expectAllclose(jac, 27);
    expect((aux[0] as Array).item()).toBe(9);
  });

  it("nests with aux, also under jit (test_jacfwd_and_aux_nested)", () => {
    const cube = (x: Array): Array => x.mul(x).mul(x);
    const f = (x: Array): Array => {
      const [, aux] = jacfwd((z: Array) => [cube(z), [cube(z)]], { hasAux: true })(x) as [Array, Array[]];
      return aux[0] as Array;
    };
    // d x³/dx at 4 = 48, checked against the plain derivative.
    const plain = (jacfwd(cube)(4) as Array).item();
    expect(plain).toBe(48);
    expect((jacfwd(f)(4) as Array).item()).toBe(plain);
    // JS has no float literal: under jit the argument is given as a float32 array (Python's 4.).
    const four = np.array(4, { dtype: "float32" });
    expect((jit(jacfwd(f))(four) as Array).item()).toBe(plain);
    expect((jit(jacfwd(jit(f)))(four) as Array).item()).toBe(plain);
    expect((jacfwd(f)(four) as Array).item()).toBe(plain);

    const g = (x: Array): Array => {
      const [, aux] = jacfwd((z: Array) => [cube(z), [cube(z)]], { hasAux: true })(x) as [Array, Array[]];
      return (aux[0] as Array).mul(np.sin(x));
    };
    // d(x³ sin x)/dx = 3x² sin x + x³ cos x at 4.
    const expected = 3 * 16 * Math.sin(4) + 64 * Math.cos(4);
    expectAllclose(jacfwd(g)(4) as Array, expected, { rtol: 1e-5 });
    expectAllclose(jit(jacfwd(g))(four) as Array, expected, { rtol: 1e-5 });
    expectAllclose(jit(jacfwd(jit(g)))(four) as Array, expected, { rtol: 1e-5 });
  });

  it("computes the Jacobian of a vector function, also for argnums [0, 1] (test_jacrev1)", () => {
    expectAllclose(jacrev(f1)(X(), Y()) as Array, JX, { rtol: 1e-6 });
    const [jx, jy] = jacrev(f1, { argnums: [0, 1] })(X(), Y()) as [Array, Array];
    expectAllclose(jx, JX, { rtol: 1e-6 });
    expectAllclose(jy, JY);
  });

  it("gives one Jacobian per output of a tuple-valued function (test_jacrev2)", () => {
    for (let rep = 0; rep < 2; rep++) {
      const [j1, j2] = jacrev(f2)(X(), Y()) as [Array, Array];
      expectAllclose(j1, JX.slice(0, 2));
      expectAllclose(j2, JX.slice(2), { rtol: 1e-6 });
    }
  });

  it("nests tuple outputs outside argnums, as JAX does (test_jacrev3)", () => {
    for (let rep = 0; rep < 2; rep++) {
      const br = jacrev(f2, { argnums: [0, 1] })(X(), Y()) as [[Array, Array], [Array, Array]];
      expectAllclose(br[0][0], JX.slice(0, 2));
      expectAllclose(br[0][1], JY.slice(0, 2));
      expectAllclose(br[1][0], JX.slice(2), { rtol: 1e-6 });
      expectAllclose(br[1][1], JY.slice(2));
    }
  });

  it("returns [jac, aux] with hasAux, also with argnums (test_jacrev_aux1)", () => {
    const f = (x: Array, y: Array): [Array, Array] => [f1(x, y), x.get(1).mul(x.get(1)).mul(4).sub(x.get(2).mul(2))];
    const [g, aux] = jacrev(f, { hasAux: true })(X(), Y()) as [Array, Array];
    expectAllclose(g, JX, { rtol: 1e-6 });
    expect(aux.item()).toBe(10); // 4·2² − 2·3
    const [[gx, gy], aux2] = jacrev(f, { argnums: [0, 1], hasAux: true })(X(), Y()) as [[Array, Array], Array];
    expectAllclose(gx, JX, { rtol: 1e-6 });
    expectAllclose(gy, JY);
    expect(aux2.item()).toBe(10);
  });

  it("returns [jac, value, aux] in float64 (test_jacrev_return_aux1)", () => {
    const x = np.array([1, 2, 3], { dtype: "float64" });
    const y = np.array([10, 5], { dtype: "float64" });
    const f = (a: Array, b: Array): [Array, Array] => [f1(a, b), a.get(1).mul(a.get(1)).mul(4).sub(a.get(2).mul(2))];
    const [r, a] = f(x, y);
    const [g, vec, aux] = jacrev(f, { returnValue: true, hasAux: true })(x, y) as [Array, Array, Array];
    expect(g.dtype).toBe("float64");
    expectAllclose(g, JX, { rtol: 1e-12 });
    expect(aux.item()).toBe(a.item());
    expect(vec.toArray()).toEqual(r.toArray());
    const [[gx, gy], vec2, aux2] = jacrev(f, { returnValue: true, argnums: [0, 1], hasAux: true })(x, y) as [[Array, Array], Array, Array];
    expectAllclose(gx, JX, { rtol: 1e-12 });
    expectAllclose(gy, JY);
    expect(aux2.item()).toBe(a.item());
    expect(vec2.toArray()).toEqual(r.toArray());
  });
});

/** brainstate's Test module of TestClassFuncJacobian: f1 over the states x and y. */
class XY extends Node {
  x = new State(np.array([1, 2, 3]));
  y = new State(np.array([10, 5]));
  f(): Array {
    return f1(this.x.value, this.y.value);
  }
}
/** The commented-out TestClassFuncJacobian modules: f1 over the state x and the argument y. */
class XOnly extends Node {
  x = new State(np.array([1, 2, 3]));
  f(y: Array): Array {
    return f1(this.x.value, y);
  }
  fAux(y: Array): [Array, [Array, Array]] {
    const r = f1(this.x.value, y);
    return [r, [r.get(2), r.get(3)]];
  }
}

describe("jacrev / jacfwd with gradStates (port of TestClassFuncJacobian and its commented-out tests)", () => {
  it("differentiates with respect to one state and a list of states (test_jacrev1)", () => {
    let t = new XY();
    expectAllclose(jacrev(() => t.f(), { gradStates: t.x })() as Array, JX, { rtol: 1e-6 });
    t = new XY();
    const [jx, jy] = jacrev(() => t.f(), { gradStates: [t.x, t.y] })() as [Array, Array];
    expectAllclose(jx, JX, { rtol: 1e-6 });
    expectAllclose(jy, JY);
  });

  it("does the same by forward mode (test_jacfwd1)", () => {
    let t = new XY();
    expectAllclose(jacfwd(() => t.f(), { gradStates: t.x })() as Array, JX, { rtol: 1e-6 });
    t = new XY();
    const [jx, jy] = jacfwd(() => t.f(), { gradStates: [t.x, t.y] })() as [Array, Array];
    expectAllclose(jx, JX, { rtol: 1e-6 });
    expectAllclose(jy, JY);
  });

  it("returns [varJac, argJac] with gradStates and argnums (test_jacrev2, test_jacfwd2)", () => {
    for (const jac of [jacrev, jacfwd]) {
      const t = new XOnly();
      expectAllclose(jac((y: Array) => t.f(y), { gradStates: t.x })(Y()) as Array, JX, { rtol: 1e-6 });
      const [v, a] = jac((y: Array) => t.f(y), { gradStates: t.x, argnums: 0 })(Y()) as [Array, Array];
      expectAllclose(v, JX, { rtol: 1e-6 });
      expectAllclose(a, JY);
    }
  });

  it("returns [[varJac, argJac], aux] with hasAux (test_jacrev_aux1, test_jacfwd_aux1)", () => {
    for (const jac of [jacrev, jacfwd]) {
      let t = new XOnly();
      const [br] = jac((y: Array) => t.fAux(y), { gradStates: t.x, hasAux: true })(Y()) as [Array, unknown];
      expectAllclose(br, JX, { rtol: 1e-6 });
      t = new XOnly();
      const [[v, a], aux] = jac((y: Array) => t.fAux(y), { gradStates: t.x, argnums: 0, hasAux: true })(Y()) as [[Array, Array], [Array, Array]];
      expectAllclose(v, JX, { rtol: 1e-6 });
      expectAllclose(a, JY);
      // c = 4·x1² − 2·x2 = 10, d = x2·sin x0 = 3 sin 1.
      expect(aux[0].item()).toBe(10);
      expectAllclose(aux[1], 3 * SIN1, { rtol: 1e-6 });
    }
  });

  it("returns [[varJac, argJac], value, aux] with returnValue and hasAux in float64 (test_jacrev_return_aux1, test_jacfwd_return_aux1)", () => {
    for (const jac of [jacrev, jacfwd]) {
      const t = new XOnly();
      t.x.value = np.array([1, 2, 3], { dtype: "float64" });
      const y = np.array([10, 5], { dtype: "float64" });
      const [value, aux] = t.fAux(y);
      const [[v, a], val2, aux2] = jac((z: Array) => t.fAux(z), { gradStates: t.x, argnums: 0, hasAux: true, returnValue: true })(y) as [[Array, Array], Array, [Array, Array]];
      expectAllclose(v, JX, { rtol: 1e-12 });
      expectAllclose(a, JY);
      expect(val2.toArray()).toEqual(value.toArray());
      expect(aux2[0].item()).toBe(aux[0].item());
      expect(aux2[1].item()).toBe(aux[1].item());
    }
  });

  it("jacobian is jacrev", () => {
    expect(jacobian).toBe(jacrev);
  });
});

describe("vectorGrad (ports of the reference's commented-out TestPureFuncVectorGrad / TestClassFuncVectorGrad)", () => {
  it("gives the element-wise derivative of 3x² (test1)", () => {
    // d(3x²)/dx = 6x = 6 at x = 1.
    expect(val(vectorGrad((x: Array) => x.mul(x).mul(3), { argnums: 0 })(np.ones([10])))).toEqual(new globalThis.Array(10).fill(6));
  });

  it("handles argnums 0, [0] and [0, 1] (test2)", () => {
    const f = (x: Array, y: Array): Array => x.mul(x).add(y.mul(y)).add(10);
    const x = np.ones([5]);
    const y = np.ones([5]);
    expect(val(vectorGrad(f, { argnums: 0 })(x, y))).toEqual([2, 2, 2, 2, 2]); // 2x
    expect(val((vectorGrad(f, { argnums: [0] })(x, y) as Array[])[0])).toEqual([2, 2, 2, 2, 2]);
    const [gx, gy] = vectorGrad(f, { argnums: [0, 1] })(x, y) as [Array, Array];
    expect(val(gx)).toEqual([2, 2, 2, 2, 2]);
    expect(val(gy)).toEqual([2, 2, 2, 2, 2]); // 2y
  });

  it("sums the cotangents of every output (test3)", () => {
    const f = (x: Array, y: Array): [Array, Array] => [x.mul(x).add(y.mul(y)).add(10), x.mul(x).mul(x).add(y.mul(y).mul(y)).sub(10)];
    const x = np.ones([5]);
    const y = np.ones([5]);
    // d(x² + x³)/dx = 2x + 3x² = 5 at 1.
    expect(val(vectorGrad(f, { argnums: 0 })(x, y))).toEqual([5, 5, 5, 5, 5]);
    expect(val((vectorGrad(f, { argnums: [0] })(x, y) as Array[])[0])).toEqual([5, 5, 5, 5, 5]);
    const [gx, gy] = vectorGrad(f, { argnums: [0, 1] })(x, y) as [Array, Array];
    expect(val(gx)).toEqual([5, 5, 5, 5, 5]);
    expect(val(gy)).toEqual([5, 5, 5, 5, 5]);
  });

  it("works on 2-D arrays (test4_2d)", () => {
    const f = (x: Array, y: Array): Array => x.mul(x).add(y.mul(y)).add(10);
    const twos = [2, 2, 2, 2, 2];
    const [gx, gy] = vectorGrad(f, { argnums: [0, 1] })(np.ones([5, 5]), np.ones([5, 5])) as [Array, Array];
    expect(val(gx)).toEqual([twos, twos, twos, twos, twos]);
    expect(val(gy)).toEqual([twos, twos, twos, twos, twos]);
  });

  it("returns [grads, aux], [grads, value] and [grads, value, aux] (test_aux1, test_return1, test_return_aux1)", () => {
    const f = (x: Array, y: Array): [Array, Array] => [x.mul(x).add(y.mul(y)).add(10), x.mul(x).mul(x).add(y.mul(y).mul(y)).sub(10)];
    const x = np.ones([5]);
    const y = np.ones([5]);
    const [g1, aux1] = vectorGrad(f, { hasAux: true })(x, y) as [Array, Array];
    expect(val(g1)).toEqual([2, 2, 2, 2, 2]);
    expect(val(aux1)).toEqual([-8, -8, -8, -8, -8]); // 1 + 1 − 10
    const g = (a: Array, b: Array): Array => a.mul(a).add(b.mul(b)).add(10);
    const [g2, v2] = vectorGrad(g, { returnValue: true })(x, y) as [Array, Array];
    expect(val(g2)).toEqual([2, 2, 2, 2, 2]);
    expect(val(v2)).toEqual([12, 12, 12, 12, 12]);
    const [g3, v3, aux3] = vectorGrad(f, { hasAux: true, returnValue: true })(x, y) as [Array, Array, Array];
    expect(val(g3)).toEqual([2, 2, 2, 2, 2]);
    expect(val(v3)).toEqual([12, 12, 12, 12, 12]);
    expect(val(aux3)).toEqual([-8, -8, -8, -8, -8]);
  });

  it("differentiates with respect to gradStates (TestClassFuncVectorGrad.test1)", () => {
    const x = new State(np.ones([5]));
    const y = new State(np.ones([5]));
    const f = (): Array => x.value.mul(x.value).add(y.value.mul(y.value)).add(10);
    expect(val(vectorGrad(f, { gradStates: x })())).toEqual([2, 2, 2, 2, 2]);
    expect(val((vectorGrad(f, { gradStates: [x] })() as Array[])[0])).toEqual([2, 2, 2, 2, 2]);
    const [gx, gy] = vectorGrad(f, { gradStates: [x, y] })() as [Array, Array];
    expect(val(gx)).toEqual([2, 2, 2, 2, 2]);
    expect(val(gy)).toEqual([2, 2, 2, 2, 2]);
  });

  it("writes back the states the function writes, as an eager run would (test_debug_correctness1)", () => {
    const a = new State(np.ones([2]));
    const b = new State(np.zeros([2]));
    const f1v = vectorGrad({ argnums: 0 })((c: Array | number) => {
      a.value = a.value.add(1);
      b.value = b.value.add(10);
      return a.value.mul(b.value).mul(c);
    });
    const g = f1v(1);
    // a = 2, b = 10 after one update; d sum(a·b·c)/dc = sum(a·b) = 40.
    expect(val(a.value)).toEqual([2, 2]);
    expect(val(b.value)).toEqual([10, 10]);
    expectAllclose(g as Array, 40);
  });

  it("keeps one trace per argument signature (test_cache1)", () => {
    let traces = 0;
    const f = (a: Array, b: Array): Array => {
      traces++;
      return a.add(b);
    };
    const gf = grad(f);
    gf(np.array(1), np.array(2));
    gf(np.array(3), np.array(4));
    expect(traces).toBe(1);
    gf(np.ones([2]).sum(), np.array(2));
    expect(traces).toBe(1);
    vectorGrad(f)(np.ones([3]), np.ones([3]));
    expect(traces).toBe(2);
  });
});

describe("return conventions", () => {
  // loss(d) = sum(w² · d) with w = [1, 2, 3], d = [1, 1, 2]: ∂/∂w = 2·w·d = [2, 4, 12], ∂/∂d = w² = [1, 4, 9],
  // value = 1 + 4 + 18 = 23; aux = w + d = [2, 3, 5]. For a scalar loss, grad, vectorGrad, jacrev and jacfwd agree.
  const GW = [2, 4, 12];
  const GD = [1, 4, 9];
  const VALUE = 23;
  const AUX = [2, 3, 5];
  const kinds = { grad, vectorGrad, jacrev, jacfwd } as const;
  const cases: { gradStates: boolean; argnums: null | 0 | [0]; hasAux: boolean; returnValue: boolean }[] = [];
  for (const gradStates of [false, true]) {
    for (const argnums of [null, 0, [0]] as const) {
      for (const hasAux of [false, true]) for (const returnValue of [false, true]) cases.push({ gradStates, argnums: argnums === null ? null : argnums === 0 ? 0 : [0], hasAux, returnValue });
    }
  }

  function expectedGrads(c: (typeof cases)[number]): unknown {
    const argGrads = c.argnums === null ? GD : typeof c.argnums === "number" ? GD : [GD];
    if (!c.gradStates) return argGrads; // argnums null means 0 without gradStates
    const varGrads = { w: GW };
    return c.argnums === null ? varGrads : [varGrads, argGrads];
  }

  function toLists(x: unknown): unknown {
    if (x && typeof (x as Array).toArray === "function") return (x as Array).toArray();
    if (globalThis.Array.isArray(x)) return x.map(toLists);
    if (x && typeof x === "object") return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, toLists(v)]));
    return x;
  }

  for (const [name, transform] of Object.entries(kinds)) {
    for (const c of cases) {
      it(`${name}: gradStates ${c.gradStates ? "{ w }" : "none"}, argnums ${JSON.stringify(c.argnums)}, hasAux ${c.hasAux}, returnValue ${c.returnValue}`, () => {
        const w = new ParamState(np.array([1, 2, 3]));
        const calls = new ShortTermState(np.zeros([]));
        const f = (d: Array): Array | [Array, Array] => {
          calls.value = calls.value.add(1);
          const loss = w.value.mul(w.value).mul(d).sum();
          return c.hasAux ? [loss, w.value.add(d)] : loss;
        };
        const options: GradOptions = { hasAux: c.hasAux, returnValue: c.returnValue, argnums: c.argnums };
        if (c.gradStates) options.gradStates = { w };
        const out = transform(f, options)(np.array([1, 1, 2]));
        const grads = expectedGrads(c);
        let expected: unknown;
        if (c.returnValue) expected = c.hasAux ? [grads, VALUE, AUX] : [grads, VALUE];
        else expected = c.hasAux ? [grads, AUX] : grads;
        expect(toLists(out)).toEqual(expected);
        // The written state is updated once, with its new primal value.
        expect(calls.value.item()).toBe(1);
        // The gradient state keeps its value.
        expect(val(w.value)).toEqual([1, 2, 3]);
      });
    }
  }

  it("hessian: nests the convention at both levels", () => {
    // loss = sum(w² · d): ∂²/∂w² = diag(2d), ∂²/∂w∂d = diag(2w), ∂²/∂d² = 0.
    const w = new ParamState(np.array([1, 2]));
    const f = (d: Array): Array => w.value.mul(w.value).mul(d).sum();
    const d = np.array([3, 5]);
    expect(toLists(hessian(f)(d))).toEqual([
      [0, 0],
      [0, 0],
    ]);
    expect(toLists(hessian(f, { gradStates: { w } })(d))).toEqual({ w: { w: [[6, 0], [0, 10]] } });
    expect(toLists(hessian(f, { gradStates: { w }, argnums: 0 })(d))).toEqual([
      { w: [{ w: [[6, 0], [0, 10]] }, [[2, 0], [0, 4]]] },
      [{ w: [[2, 0], [0, 4]] }, [[0, 0], [0, 0]]],
    ]);
    const [h, value] = hessian(f, { gradStates: w, returnValue: true })(d) as [Array, Array];
    expect(toLists(h)).toEqual([[6, 0], [0, 10]]);
    expect(value.item()).toBe(23); // 3 + 20
  });

  it("hessian of a function of two arguments gives the blocks H[i][j]", () => {
    // f = sum(x³) + sum(x·y): H_xx = diag(6x), H_xy = H_yx = I, H_yy = 0.
    const h = hessian((x: Array, y: Array) => x.mul(x).mul(x).sum().add(x.mul(y).sum()), { argnums: [0, 1] })(np.array([1, 2]), np.array([3, 4]));
    expect(toLists(h)).toEqual([
      [[[6, 0], [0, 12]], [[1, 0], [0, 1]]],
      [[[1, 0], [0, 1]], [[0, 0], [0, 0]]],
    ]);
  });
});

describe("grad through loops over states", () => {
  // h_{t+1} = tanh(w ⊙ h_t + x_t), loss = sum(h_T²); h is a ShortTermState the loop writes, w a ParamState.
  const T = 6;
  const xsData = globalThis.Array.from({ length: T }, (_, t) => [0.3 * Math.sin(t + 1), -0.2 * t + 0.5, 0.1 * t]);
  const h0Data = [0.1, -0.4, 0.7];
  const w0Data = [0.9, -1.3, 0.5];
  const f64 = (v: number[] | number[][]): Array => np.array(v, { dtype: "float64" });

  /** The loss computed with plain JS numbers (the finite-difference reference never touches the library). */
  function lossJs(w: number[]): number {
    let h = [...h0Data];
    for (const x of xsData) h = h.map((hi, i) => Math.tanh((w[i] as number) * hi + (x[i] as number)));
    return h.reduce((s, v) => s + v * v, 0);
  }
  function finiteDifferences(): number[] {
    const eps = 1e-6;
    return w0Data.map((_, i) => {
      const up = [...w0Data];
      const dn = [...w0Data];
      up[i] = (up[i] as number) + eps;
      dn[i] = (dn[i] as number) - eps;
      return (lossJs(up) - lossJs(dn)) / (2 * eps);
    });
  }

  it("equals central finite differences through a JS loop that writes a state", () => {
    const w = new ParamState(f64(w0Data));
    const h = new ShortTermState(f64(h0Data));
    const xs = f64(xsData);
    const loss = (): Array => {
      for (let t = 0; t < T; t++) h.value = np.tanh(w.value.mul(h.value).add(xs.get(t)));
      return h.value.mul(h.value).sum();
    };
    const [g, value] = grad(loss, { gradStates: { w }, returnValue: true })() as [{ w: Array }, Array];
    expectAllclose(g.w, finiteDifferences(), { rtol: 1e-6, atol: 1e-9 });
    expectAllclose(value, lossJs(w0Data), { rtol: 1e-12 });
    // The loop's final hidden state is written back.
    let hT = [...h0Data];
    for (const x of xsData) hT = hT.map((hi, i) => Math.tanh((w0Data[i] as number) * hi + (x[i] as number)));
    expectAllclose(h.value, hT, { rtol: 1e-12 });
  });

  it("equals central finite differences through core's scan reading the states", () => {
    const w = new ParamState(f64(w0Data));
    const h = new ShortTermState(f64(h0Data));
    const xs = f64(xsData);
    const loss = (): Array => {
      const [hT] = scan((carry: Array, x: Array) => {
        const next = np.tanh(w.value.mul(carry).add(x));
        return [next, null];
      }, h.value, xs) as [Array, unknown];
      h.value = hT;
      return hT.mul(hT).sum();
    };
    const g = grad(loss, { gradStates: [w, h] })() as [Array, Array];
    expectAllclose(g[0], finiteDifferences(), { rtol: 1e-6, atol: 1e-9 });
    // ∂loss/∂h0 by finite differences too.
    const eps = 1e-6;
    const fdH = h0Data.map((_, i) => {
      const run = (d: number): number => {
        let hh = h0Data.map((v, k) => (k === i ? v + d : v));
        for (const x of xsData) hh = hh.map((hi, k) => Math.tanh((w0Data[k] as number) * hi + (x[k] as number)));
        return hh.reduce((s, v) => s + v * v, 0);
      };
      return (run(eps) - run(-eps)) / (2 * eps);
    });
    expectAllclose(g[1], fdH, { rtol: 1e-6, atol: 1e-9 });
  });
});

describe("GradientTransform", () => {
  it("is the object behind a gradient function", () => {
    const w = new ParamState(np.ones([2]));
    const f = grad((x: Array) => w.value.mul(x).sum(), { gradStates: { w }, argnums: 0 });
    expect(f.transform).toBeInstanceOf(GradientTransform);
    expect(f.transform.gradStates).toEqual([w]);
    expect(f.transform.argnums).toBe(0);
    expect(f.transform.toString()).toContain("kind=grad");
    const direct = new GradientTransform((x: Array) => w.value.mul(x).sum(), "grad", { gradStates: w });
    expect(val(direct.call(np.array([3, 4])))).toEqual([3, 4]);
  });

  it("supports the decorator form grad(options)(fn)", () => {
    const g = grad({ argnums: 1 })((x: Array, y: Array) => x.mul(y).sum());
    expect(val(g(np.array([2, 3]), np.array([1, 1])))).toEqual([2, 3]);
  });

  it("treats non-differentiated states as constants", () => {
    const w = new ParamState(np.array([2, 3]));
    const k = new State(np.array([5, 7]));
    // d sum(w·k)/dw = k; k gets no gradient.
    expect(val(grad(() => w.value.mul(k.value).sum(), { gradStates: w })())).toEqual([5, 7]);
  });

  it("returns zeros for a gradient state the function does not read", () => {
    const w = new ParamState(np.array([2, 3]));
    const unused = new ParamState(np.array([1, 1, 1]));
    const [gw, gu] = grad(() => w.value.sum(), { gradStates: [w, unused] })() as [Array, Array];
    expect(val(gw)).toEqual([1, 1]);
    expect(val(gu)).toEqual([0, 0, 0]);
  });

  it("differentiates a state that the function also writes, writing its new value back", () => {
    const w = new ParamState(np.array([1, 2]));
    const g = grad(
      () => {
        const loss = w.value.mul(w.value).sum();
        w.value = w.value.mul(10);
        return loss;
      },
      { gradStates: w },
    )();
    expect(val(g)).toEqual([2, 4]); // 2w at the value before the write
    expect(val(w.value)).toEqual([10, 20]);
  });

  it("draws from a RandomState inside the differentiated function and advances it", () => {
    seed(3);
    const w = new ParamState(np.ones([3]));
    const before = rand(1); // draw once so that the key is concrete and known to move
    expect(before.shape).toEqual([1]);
    const f = grad(() => w.value.mul(rand(3)).sum(), { gradStates: w, returnValue: true });
    seed(3);
    rand(1);
    const [g, value] = f() as [Array, Array];
    seed(3);
    rand(1);
    const noise = rand(3);
    // ∂ sum(w·u)/∂w = u; the function consumed the same draws as an eager call.
    expectAllclose(g, noise.toArray() as number[]);
    expectAllclose(value, noise.sum().item(), { rtol: 1e-6 });
  });
});

describe("grad inside a StatefulFunction", () => {
  it("runs a training step: the gradient and the update are traced together", () => {
    const w = new ParamState(np.array([1, -2, 3]));
    const x = np.array([0.5, 1, -1]);
    const step = new StatefulFunction(() => {
      const dot = (): Array => {
        const d = w.value.mul(x).sum();
        return d.mul(d);
      };
      const [g, loss] = grad(dot, { gradStates: w, returnValue: true })() as [Array, Array];
      w.value = w.value.sub(g.mul(0.1));
      return loss;
    });
    expect(step.getWriteStates()).toEqual([w]);
    // loss = (w·x)² = (0.5 − 2 − 3)² = 20.25; ∂/∂w = 2(w·x)·x = −9·x; w ← w + 0.9·x.
    const loss = step.call() as Array;
    expect(loss.item()).toBe(20.25);
    expectAllclose(w.value, [1.45, -1.1, 2.1], { rtol: 1e-6 });
    step.call();
    // Second step from the updated w: w·x = 0.725 − 1.1 − 2.1 = −2.475; w ← w + 0.495·x.
    expectAllclose(w.value, [1.6975, -0.605, 1.605], { rtol: 1e-5 });
  });
});

describe("gradient errors", () => {
  it("throws ValueError naming the leaf when gradStates holds something that is not a State", () => {
    const w = new ParamState(np.ones([2]));
    expect(() => grad(() => w.value.sum(), { gradStates: [w, w.value as unknown as State] })).toThrow(ValueError);
    expect(() => grad(() => w.value.sum(), { gradStates: [w, w.value as unknown as State] })).toThrow(/all gradStates must be State instances, but leaf 1/);
  });

  it("throws TransformationError when a hasAux function does not return a pair", () => {
    const f = grad((x: Array) => x.sum(), { hasAux: true });
    expect(() => f(np.ones([2]))).toThrow(TransformationError);
    expect(() => f(np.ones([2]))).toThrow(/must return \[value, aux\]/);
  });

  it("throws TransformationError for a non-scalar output of grad", () => {
    expect(() => grad((x: Array) => x.mul(2))(np.ones([3]))).toThrow(/float scalar/);
  });

  it("throws TransformationError when argnums points past the arguments", () => {
    expect(() => grad((x: Array) => x.sum(), { argnums: 2 })(np.ones([2]))).toThrow(TransformationError);
    expect(() => grad((x: Array) => x.sum(), { argnums: 2 })(np.ones([2]))).toThrow(/argnums entry 2 is out of range for a call with 1 argument/);
  });

  it("throws ValueError for negative or fractional argnums", () => {
    expect(() => grad((x: Array) => x.sum(), { argnums: -1 })).toThrow(/non-negative integers, got -1/);
    expect(() => jacrev((x: Array) => x, { argnums: [0.5] })).toThrow(ValueError);
  });

  it("throws ValueError for an unknown GradientTransform kind", () => {
    expect(() => new GradientTransform((x: Array) => x, "jvp" as never)).toThrow(/kind must be one of "grad", "vectorGrad", "jacrev", "jacfwd", "hessian", got "jvp"/);
  });

  it("throws OptionError for an unknown option", () => {
    expect(() => grad((x: Array) => x.sum(), { holomorphic: true } as unknown as GradOptions)).toThrow(OptionError);
    expect(() => hessian((x: Array) => x.sum(), { allowInt: true } as unknown as GradOptions)).toThrow(/unknown option 'allowInt'/);
  });

  it("throws NonDifferentiableError for an integer array among the differentiated inputs", () => {
    const k = new State(np.array([1, 2], { dtype: "int32" }));
    expect(() => jacrev(() => k.value.astype("float32"), { gradStates: k })()).toThrow(NonDifferentiableError);
    expect(() => jacfwd((x: Array) => x, { argnums: 0 })(np.array([1, 2], { dtype: "int32" }))).toThrow(/input leaf 0 .* has dtype int32/);
  });

  it("takes a JS number at a differentiated position as a float scalar", () => {
    // d(x²)/dx at 3 = 6 (3 would otherwise be an int32 scalar).
    expect((grad((x: Array) => x.mul(x))(3) as Array).item()).toBe(6);
    expect((jacfwd((x: Array) => np.sin(x))(0) as Array).item()).toBe(1);
  });

  it("throws TransformationError when vectorGrad's function returns no arrays", () => {
    expect(() => vectorGrad((_x: Array) => [])(np.ones([2]))).toThrow(/must return arrays/);
  });
});
