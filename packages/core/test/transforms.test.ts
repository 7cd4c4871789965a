// Public-behaviour tests of core's transformations, through the package entry. References are
// analytic derivatives written in each test, finite differences (checkGrads), or the same
// computation done another way (unrolled loops, per-lane loops).
import { describe, expect, it } from "vitest";
import {
  ConcretizationError,
  evalShape,
  grad,
  hessian,
  jacfwd,
  jacrev,
  jit,
  jvp,
  linearize,
  makeJaxpr,
  np,
  stopGradient,
  TracerLeakError,
  TransformationError,
  TreeMismatchError,
  valueAndGrad,
  vjp,
  vmap,
  type Array,
} from "@brainstate/core";
import { checkGrads, expectAllclose } from "@brainstate/core/testing";

const f64 = (v: number | number[] | number[][]): Array => np.array(v, { dtype: "float64" });

describe("makeJaxpr", () => {
  it("prints a readable program", () => {
    const text = makeJaxpr((x: Array, y: Array) => np.sin(x).mul(y).sum())(np.ones([3]), np.ones([3])).toString();
    expect(text).toMatchInlineSnapshot(`
      "{ lambda ; a:float32[3] b:float32[3]. let
          c:float32[3] = sin a
          d:float32[3] = mul c b
          e:float32[] = reduce_sum[axes=(0,)] d
        in (e,) }"
    `);
  });

  it("prints sub-programs of control flow and keeps literals inline", () => {
    const text = makeJaxpr((x: Array) => x.mul(2))(np.ones([2])).toString();
    expect(text).toContain("2.0:float32~[]");
  });
});

describe("evalShape", () => {
  it("returns output shapes and dtypes without computing", () => {
    const out = evalShape((x: Array) => ({ s: x.sum(0), m: np.matmul(x, x.T) }), np.ones([4, 3])) as Record<string, { shape: number[]; dtype: string }>;
    expect(out["s"]!.shape).toEqual([3]);
    expect(out["m"]!.shape).toEqual([4, 4]);
    expect(out["m"]!.dtype).toBe("float32");
  });
});

describe("jvp", () => {
  it("gives the directional derivative (d sin = cos)", () => {
    const [y, t] = jvp((x: Array) => np.sin(x), [f64([0.1, 1])], [f64([1, 2])]) as [Array, Array];
    expectAllclose(y, [Math.sin(0.1), Math.sin(1)], { rtol: 1e-15 });
    expectAllclose(t, [Math.cos(0.1), 2 * Math.cos(1)], { rtol: 1e-15 });
  });

  it("rejects tangents whose structure or shape differs from the primals", () => {
    expect(() => jvp((x: Array) => x, [f64([1, 2])], [f64([1, 2]), f64([1])])).toThrow(TreeMismatchError);
    expect(() => jvp((x: Array) => x, [f64([1, 2])], [f64([1])])).toThrow(/tangent 0 has shape \[1\] but its primal has shape \[2\]/);
  });
});

describe("grad", () => {
  it("differentiates a scalar function (analytic: d/dx Σ x² sin x = 2x sin x + x² cos x)", () => {
    const g = grad((x: Array) => x.mul(x).mul(np.sin(x)).sum())(f64([0.5, -1.2])) as Array;
    const want = [0.5, -1.2].map((x) => 2 * x * Math.sin(x) + x * x * Math.cos(x));
    expectAllclose(g, want, { rtol: 1e-14 });
  });

  it("handles several argnums and pytrees", () => {
    const f = (p: { w: Array; b: Array }, x: Array): Array => np.tanh(p.w.mul(x).add(p.b)).sum();
    const p = { w: f64([0.3, -0.2]), b: f64([0.1, 0.4]) };
    const x = f64([1.5, 2]);
    const [gp, gx] = grad(f, { argnums: [0, 1] })(p, x) as [{ w: Array; b: Array }, Array];
    const z = [0.3 * 1.5 + 0.1, -0.2 * 2 + 0.4];
    const sech2 = z.map((v) => 1 - Math.tanh(v) ** 2);
    expectAllclose(gp.w, [sech2[0]! * 1.5, sech2[1]! * 2], { rtol: 1e-14 });
    expectAllclose(gp.b, sech2, { rtol: 1e-14 });
    expectAllclose(gx, [sech2[0]! * 0.3, sech2[1]! * -0.2], { rtol: 1e-14 });
  });

  it("returns aux values and values with valueAndGrad", () => {
    const [[v, aux], g] = valueAndGrad((x: Array) => [x.mul(x).sum(), x.mul(3)], { hasAux: true })(f64([1, 2])) as [[Array, Array], Array];
    expect(v.item()).toBe(5);
    expect(aux.toArray()).toEqual([3, 6]);
    expect(g.toArray()).toEqual([2, 4]);
  });

  it("composes with itself: grad(grad(x³)) = 6x", () => {
    const g2 = grad(grad((x: Array) => x.mul(x).mul(x)))(f64(1.5)) as Array;
    expect(g2.item()).toBeCloseTo(9, 12);
  });

  it("throws TransformationError naming the shape for a non-scalar output", () => {
    expect(() => grad((x: Array) => x.mul(2))(f64([1, 2]))).toThrow(TransformationError);
    expect(() => grad((x: Array) => x.mul(2))(f64([1, 2]))).toThrow(/must return a float scalar, got float64\[2\]/);
  });

  it("refuses integer inputs", () => {
    expect(() => grad((x: Array) => x.sum())(np.array([1, 2], { dtype: "int32" }))).toThrow(/differentiation needs float inputs/);
  });

  it("treats stopGradient values as constants", () => {
    const g = grad((x: Array) => x.mul(stopGradient(x)).sum())(f64([3])) as Array;
    expect(g.toArray()).toEqual([3]);
  });
});

describe("vjp and linearize", () => {
  it("vjp gives Jᵀ·u (J of x ↦ [x0·x1, x0 + x1])", () => {
    const f = (x: Array): Array => np.stack([x.get(0).mul(x.get(1)), x.get(0).add(x.get(1))]);
    const [y, back] = vjp(f, f64([2, 3]));
    expect((y as Array).toArray()).toEqual([6, 5]);
    // J = [[3, 2], [1, 1]]; Jᵀ·[1, 10] = [3 + 10, 2 + 10].
    expect((back(f64([1, 10]))[0] as Array).toArray()).toEqual([13, 12]);
  });

  it("linearize evaluates once and maps many tangents", () => {
    const [y, lin] = linearize((x: Array) => np.exp(x), f64([0, 1]));
    expectAllclose(y as Array, [1, Math.E], { rtol: 1e-15 });
    expectAllclose(lin(f64([1, 1])) as Array, [1, Math.E], { rtol: 1e-15 });
    expectAllclose(lin(f64([2, 0])) as Array, [2, 0], { rtol: 1e-15 });
  });
});

describe("jacobians and hessian", () => {
  const f = (x: Array): Array => np.stack([x.get(0).mul(x.get(1)).mul(x.get(2)), np.sin(x.get(0)).add(x.get(2).mul(x.get(2)))]);
  const x = f64([0.5, -1, 2]);
  // Analytic Jacobian of [x0 x1 x2, sin x0 + x2²].
  const J = [[-1 * 2, 0.5 * 2, 0.5 * -1], [Math.cos(0.5), 0, 4]];

  it("jacfwd and jacrev agree with the analytic Jacobian", () => {
    expectAllclose(jacfwd(f)(x) as Array, J, { rtol: 1e-14 });
    expectAllclose(jacrev(f)(x) as Array, J, { rtol: 1e-14 });
  });

  it("hessian matches the analytic second derivatives of x0² x1 + sin x1", () => {
    const h = hessian((v: Array) => v.get(0).mul(v.get(0)).mul(v.get(1)).add(np.sin(v.get(1))))(f64([1.5, 0.3])) as Array;
    expectAllclose(h, [[2 * 0.3, 2 * 1.5], [2 * 1.5, -Math.sin(0.3)]], { rtol: 1e-13 });
  });
});

describe("vmap", () => {
  it("maps over the given axes, leaving null axes unbatched", () => {
    const out = vmap((a: Array, b: Array) => a.mul(b).sum(), { inAxes: [1, null] })(f64([[1, 2], [3, 4]]), f64([10, 100])) as Array;
    // Columns [1,3] and [2,4] dotted with [10,100].
    expect(out.toArray()).toEqual([310, 420]);
  });

  it("places outputs on outAxes", () => {
    const out = vmap((a: Array) => a.mul(2), { outAxes: 1 })(f64([[1, 2], [3, 4]])) as Array;
    expect(out.toArray()).toEqual([[2, 6], [4, 8]]);
  });

  it("nests (outer product by two vmaps)", () => {
    const out = vmap((a: Array) => vmap((b: Array) => a.mul(b))(f64([1, 2, 3])))(f64([1, 10])) as Array;
    expect(out.toArray()).toEqual([[1, 2, 3], [10, 20, 30]]);
  });

  it("composes with grad both ways (per-example gradients of Σ sin(w·x))", () => {
    const w = f64([0.5, -0.3]);
    const xs = f64([[1, 2], [3, 4], [5, 6]]);
    const perExample = vmap((x: Array) => grad((v: Array) => np.sin(v.mul(x).sum()))(w), { inAxes: 0 })(xs) as Array;
    const want = [[1, 2], [3, 4], [5, 6]].map(([a, b]) => [a!, b!].map((xi) => xi * Math.cos(0.5 * a! - 0.3 * b!)));
    expectAllclose(perExample, want, { rtol: 1e-14 });
    const total = grad((v: Array) => (vmap((x: Array) => np.sin(v.mul(x).sum()))(xs) as Array).sum())(w) as Array;
    expectAllclose(total, [0, 1].map((k) => want.reduce((s, r) => s + r[k]!, 0)), { rtol: 1e-14 });
  });

  it("throws TransformationError when mapped axes disagree or inAxes does not fit", () => {
    expect(() => vmap((a: Array, b: Array) => a.add(b))(f64([1, 2]), f64([1, 2, 3]))).toThrow(/different sizes along their batch axes/);
    expect(() => vmap((a: Array) => a, { inAxes: [0, 0] })(f64([1, 2]))).toThrow(TransformationError);
    expect(() => vmap((a: Array) => a, { inAxes: 3 })(f64([1, 2]))).toThrow(/in axis 3 is out of range/);
    expect(() => vmap((a: Array) => a, { outAxes: null })(f64([1, 2]))).toThrow(/outAxes is null/);
  });
});

describe("jit", () => {
  it("caches one program per input signature and retraces on a new one", () => {
    let traces = 0;
    const f = jit((x: Array) => {
      traces++;
      return x.mul(2);
    });
    f(np.ones([2]));
    f(np.ones([2]));
    expect(traces).toBe(1);
    f(np.ones([3]));
    expect(traces).toBe(2);
    f(np.ones([3], { dtype: "float64" }));
    expect(traces).toBe(3);
    expect(f.cacheSize).toBe(3);
    f.clearCache();
    f(np.ones([2]));
    expect(traces).toBe(4);
  });

  it("bakes static arguments into the program and keys the cache on them", () => {
    let traces = 0;
    const f = jit((x: Array, n: number) => {
      traces++;
      let y = x;
      for (let i = 0; i < n; i++) y = y.mul(2);
      return y;
    }, { staticArgnums: [1] });
    expect((f(np.ones([1]), 3) as Array).toArray()).toEqual([8]);
    expect((f(np.ones([1]), 3) as Array).toArray()).toEqual([8]);
    expect((f(np.ones([1]), 1) as Array).toArray()).toEqual([2]);
    expect(traces).toBe(2);
  });

  it("raises ConcretizationError when a traced value's data is read", () => {
    expect(() => jit((x: Array) => x.item())(np.ones([1]))).toThrow(ConcretizationError);
  });
});

describe("tracer leaks", () => {
  it("raises TracerLeakError when a tracer escapes and is used later", () => {
    let leaked: Array | undefined;
    grad((x: Array) => {
      leaked = x;
      return x.sum();
    })(f64([1]));
    expect(() => np.add(leaked as Array, 1)).toThrow(TracerLeakError);
    expect(() => np.add(leaked as Array, 1)).toThrow(/escaped|finished/);
  });
});

describe("checkGrads", () => {
  it("accepts correct derivatives of a composite function to second order", () => {
    const f = (x: Array, y: Array): Array => np.tanh(np.matmul(x, y)).mul(np.exp(x.sum(1, { keepdims: true }).mul(0.1)));
    checkGrads(f, [f64([[0.1, 0.2], [0.3, -0.4]]), f64([[0.5, -0.6], [0.7, 0.8]])], { order: 2, eps: 1e-5, rtol: 1e-6 });
  });
});

describe("jacobian structure", () => {
  it("nests like JAX: the output's structure, each leaf holding one Jacobian per argnum", () => {
    const f = (a: Array, b: Array): { s: Array; p: Array } => ({ s: a.add(b), p: a.mul(b) });
    const a = f64([1, 2]);
    const b = f64([3, 4]);
    for (const jac of [jacfwd, jacrev]) {
      const j = jac(f, { argnums: [0, 1] })(a, b) as { s: [Array, Array]; p: [Array, Array] };
      // d(a+b)/da = I, d(a+b)/db = I, d(a*b)/da = diag(b), d(a*b)/db = diag(a).
      expect(j.s[0].toArray()).toEqual([[1, 0], [0, 1]]);
      expect(j.s[1].toArray()).toEqual([[1, 0], [0, 1]]);
      expect(j.p[0].toArray()).toEqual([[3, 0], [0, 4]]);
      expect(j.p[1].toArray()).toEqual([[1, 0], [0, 2]]);
    }
  });

  it("returns aux with hasAux, also from hessian", () => {
    const [j, aux] = jacrev((x: Array) => [x.mul(x), x.sum()], { hasAux: true })(f64([1, 2])) as [Array, Array];
    expect(j.toArray()).toEqual([[2, 0], [0, 4]]);
    expect(aux.item()).toBe(3);
    const [h, aux2] = hessian((x: Array) => [x.mul(x).mul(x).sum(), x.mul(2)], { hasAux: true })(f64([1, 2])) as [Array, Array];
    expect(h.toArray()).toEqual([[6, 0], [0, 12]]);
    expect(aux2.toArray()).toEqual([2, 4]);
  });

  it("refuses integer inputs instead of returning zeros", () => {
    expect(() => jacfwd((x: Array) => np.sin(x))(np.array([1], { dtype: "int32" }))).toThrow(/differentiation needs float inputs/);
  });
});
