// Control flow (cond, switch, scan, whileLoop, forI) and host callbacks under every
// transformation. References: the same computation unrolled by hand in JS, analytic derivatives,
// per-lane loops, and checkGrads' finite differences.
import { describe, expect, it } from "vitest";
import {
  cond,
  debugCallback,
  errorIf,
  forI,
  grad,
  jit,
  jvp,
  makeJaxpr,
  NonDifferentiableError,
  np,
  pureCallback,
  RuntimeCheckError,
  scan,
  switch as switchBranch,
  TransformationError,
  vmap,
  whileLoop,
  type Array,
} from "@brainstate/core";
import { checkGrads, expectAllclose } from "@brainstate/core/testing";

const f64 = (v: number | number[] | number[][]): Array => np.array(v, { dtype: "float64" });

describe("cond", () => {
  const f = (x: Array): Array => cond(x.sum().gt(0), (a: Array) => np.sin(a).mul(a), (a: Array) => np.cos(a), x) as Array;

  it("runs the branch the predicate selects", () => {
    expectAllclose(f(f64([0.5, 1])), [0.5 * Math.sin(0.5), Math.sin(1)], { rtol: 1e-15 });
    expectAllclose(f(f64([-0.5, -1])), [Math.cos(-0.5), Math.cos(-1)], { rtol: 1e-15 });
  });

  it("differentiates through the taken branch (analytic: sin x + x cos x, and -sin x)", () => {
    expectAllclose(grad((x: Array) => f(x).sum())(f64([0.5, 1])) as Array, [0.5, 1].map((x) => Math.sin(x) + x * Math.cos(x)), { rtol: 1e-14 });
    expectAllclose(grad((x: Array) => f(x).sum())(f64([-0.5, -1])) as Array, [-0.5, -1].map((x) => -Math.sin(x)), { rtol: 1e-14 });
    checkGrads((x: Array) => f(x), [f64([0.3, 0.4])], { order: 2, eps: 1e-6, rtol: 1e-6 });
  });

  it("turns a batched predicate into a per-lane select under vmap", () => {
    const out = vmap(f)(f64([[0.5, 1], [-0.5, -1]])) as Array;
    expectAllclose(out, [[0.5 * Math.sin(0.5), Math.sin(1)], [Math.cos(-0.5), Math.cos(-1)]], { rtol: 1e-15 });
    const grads = vmap(grad((x: Array) => f(x).sum()))(f64([[0.5, 1], [-0.5, -1]])) as Array;
    expectAllclose(grads, [[0.5, 1].map((x) => Math.sin(x) + x * Math.cos(x)), [-0.5, -1].map((x) => -Math.sin(x))], { rtol: 1e-14 });
  });

  it("is staged as one cond equation with both branches", () => {
    const text = makeJaxpr(f)(f64([1, 2])).toString();
    expect(text).toContain("cond[branches=(");
    expect(text).toContain("cos");
    expect(text).toContain("sin");
  });

  it("throws TransformationError when branches return different types", () => {
    expect(() => cond(true, () => np.ones([2]), () => np.ones([3]))).toThrow(TransformationError);
    expect(() => cond(true, () => np.ones([2]), () => np.ones([3]))).toThrow(/trueFun output 0 is float32\[2\] but falseFun output 0 is float32\[3\]/);
    expect(() => cond(true, () => np.ones([2]), () => [np.ones([2])])).toThrow(/trueFun returns structure .* but falseFun returns/);
  });

  it("rejects a non-scalar predicate", () => {
    expect(() => cond(np.ones([2]).gt(0), () => 1, () => 2)).toThrow(/predicate must be a scalar/);
  });
});

describe("switch", () => {
  const branches = [(a: Array) => a, (a: Array) => a.mul(2), (a: Array) => a.mul(a)];
  const g = (i: Array | number, x: Array): Array => switchBranch(i, branches, x) as Array;

  it("clamps the index into range, as JAX does", () => {
    expect(g(2, f64(3)).item()).toBe(9);
    expect(g(7, f64(3)).item()).toBe(9);
    expect(g(-4, f64(3)).item()).toBe(3);
  });

  it("differentiates the chosen branch, also per lane under vmap", () => {
    expect((grad((x: Array) => g(2, x))(f64(3)) as Array).item()).toBe(6);
    const perLane = vmap((i: Array, x: Array) => grad((w: Array) => g(i, w))(x))(np.array([0, 1, 2], { dtype: "int32" }), f64([3, 3, 3])) as Array;
    expect(perLane.toArray()).toEqual([1, 2, 6]);
  });
});

describe("scan", () => {
  const W = f64([[0.5, -0.2], [0.1, 0.3]]);
  const xs = np.array(globalThis.Array.from({ length: 100 }, (_, i) => [Math.sin(i), Math.cos(0.5 * i)]), { dtype: "float64" });
  const step = (w: Array, h: Array, x: Array): Array => np.tanh(np.matmul(w, h).add(x));
  const scanned = (w: Array, h0: Array): Array => {
    const [h, ys] = scan((h: Array, x: Array): [Array, Array] => {
      const hn = step(w, h, x);
      return [hn, hn.sum()];
    }, h0, xs);
    return h.sum().add((ys as Array).sum());
  };
  const unrolled = (w: Array, h0: Array): Array => {
    let h = h0;
    let total = f64(0);
    for (let i = 0; i < 100; i++) {
      h = step(w, h, xs.get(i));
      total = total.add(h.sum());
    }
    return h.sum().add(total);
  };
  const h0 = f64([0.1, -0.1]);

  it("computes the same value as the unrolled loop", () => {
    expectAllclose(scanned(W, h0), unrolled(W, h0), { rtol: 1e-13 });
  });

  it("gives the same gradient through 100 steps as the hand-unrolled loop", () => {
    expectAllclose(grad(scanned)(W, h0) as Array, grad(unrolled)(W, h0) as Array, { rtol: 1e-12 });
    expectAllclose(grad(scanned, { argnums: 1 })(W, h0) as Array, grad(unrolled, { argnums: 1 })(W, h0) as Array, { rtol: 1e-12 });
  });

  it("matches forward mode, jit and vmap", () => {
    const t = f64([[1, 0], [0, -1]]);
    const [, fwd] = jvp((w: Array) => scanned(w, h0), [W], [t]) as [Array, Array];
    const g = grad(scanned)(W, h0) as Array;
    expect(fwd.item()).toBeCloseTo((g.mul(t).sum().item() as number), 10);
    expectAllclose(jit(grad(scanned))(W, h0) as Array, g, { rtol: 1e-13 });
    const hs = f64([[0.1, -0.1], [0.2, 0.3]]);
    const batched = vmap((h: Array) => scanned(W, h))(hs) as Array;
    expectAllclose(batched, [scanned(W, hs.get(0)).item() as number, scanned(W, hs.get(1)).item() as number], { rtol: 1e-13 });
  });

  it("scans in reverse and with no xs when a length is given", () => {
    const [last, ys] = scan((c: Array, x: Array): [Array, Array] => [c.add(x), c], f64(0), f64([1, 2, 3]), { reverse: true });
    expect((last as Array).item()).toBe(6);
    expect((ys as Array).toArray()).toEqual([5, 3, 0]);
    const [count] = scan((c: Array): [Array, null] => [c.add(1), null], f64(0), null, { length: 4 });
    expect((count as Array).item()).toBe(4);
  });

  it("throws clear errors for bad lengths and changing carries", () => {
    expect(() => scan((c: Array, x: Array): [Array, Array] => [c, x], f64(0), [f64([1, 2]), f64([1, 2, 3])] as never)).toThrow(/different leading sizes 2, 3/);
    expect(() => scan((c: Array): [Array, null] => [c, null], f64(0), null)).toThrow(/pass \{ length \}/);
    expect(() => scan((c: Array, x: Array): [Array, Array] => [c.reshape([1]), x], f64(0), f64([1, 2]))).toThrow(/carry leaf 0 changed from float64\[\] to float64\[1\]/);
  });
});

describe("whileLoop and forI", () => {
  // Newton's iteration for sqrt(a) until converged.
  const newton = (a: Array): [Array, Array] =>
    whileLoop(
      ([x, i]: [Array, Array]) => np.logicalAnd(x.mul(x).sub(a).abs().gt(1e-12), i.lt(60)),
      ([x, i]: [Array, Array]) => [x.mul(0.5).add(a.div(x.mul(2))), i.add(1)] as [Array, Array],
      [a, np.array(0, { dtype: "int32" })] as [Array, Array],
    );

  it("iterates until the condition fails", () => {
    const [r] = newton(f64(2));
    expect(r.item()).toBeCloseTo(Math.SQRT2, 12);
  });

  it("is forward-differentiable (d sqrt(a) = 1 / (2 sqrt a))", () => {
    const [, t] = jvp((a: Array) => newton(a)[0], [f64(4)], [f64(1)]) as [Array, Array];
    expect(t.item()).toBeCloseTo(0.25, 10);
  });

  it("runs each lane until it stops under vmap (different trip counts)", () => {
    const [roots, iters] = vmap(newton)(f64([1, 4, 100, 1e4])) as [Array, Array];
    expectAllclose(roots, [1, 2, 10, 100], { rtol: 1e-12 });
    const counts = iters.toArray() as number[];
    expect(counts[0]).toBe(0);
    expect(new Set(counts).size).toBe(4);
  });

  it("says that reverse mode needs a bounded loop", () => {
    expect(() => grad((a: Array) => newton(a)[0])(f64(4))).toThrow(NonDifferentiableError);
    expect(() => grad((a: Array) => newton(a)[0])(f64(4))).toThrow(/needs a loop with a bounded trip count/);
  });

  it("forI with static bounds is a differentiable scan (Horner: c ← c·x + i)", () => {
    const poly = (x: Array): Array => forI(0, 5, (i: Array, c: Array) => c.mul(x).add(i.astype("float64")), f64(1));
    // c5 = x⁵ + x³ + 2x² + 3x + 4; at x = 2: 58; derivative 5x⁴ + 3x² + 4x + 3 = 103.
    expect(poly(f64(2)).item()).toBe(58);
    expect((grad(poly)(f64(2)) as Array).item()).toBe(103);
    const dynamic = jit((n: Array, x: Array) => forI(0, n, (i: Array, c: Array) => c.mul(x).add(i.astype("float64")), f64(1)));
    expect((dynamic(np.array(5, { dtype: "int32" }), f64(2)) as Array).item()).toBe(58);
  });

  it("rejects a non-boolean condition", () => {
    expect(() => whileLoop((x: Array) => x, (x: Array) => x, f64(1))).toThrow(/condition must return a bool scalar, got float64\[\]/);
  });
});

describe("callbacks", () => {
  it("debugCallback runs in program order, under jit, inside scans and once per lane under vmap", () => {
    const seen: number[] = [];
    const f = jit((x: Array) => {
      debugCallback((v: Array) => seen.push(v.item() as number), x);
      const [c] = scan((c: Array, _x: null): [Array, null] => {
        debugCallback((v: Array) => seen.push(v.item() as number), c);
        return [c.add(1), null];
      }, x, null, { length: 3 });
      return c;
    });
    f(f64(10));
    expect(seen).toEqual([10, 10, 11, 12]);
    seen.length = 0;
    vmap((x: Array) => {
      debugCallback((v: Array) => seen.push(v.item() as number), x);
      return x;
    })(f64([1, 2, 3]));
    expect(seen).toEqual([1, 2, 3]);
  });

  it("pureCallback computes on the host with declared shapes, under jit and vmap", () => {
    const hostSquare = (x: Array): Array => np.array(globalThis.Array.from(x.data(), (v) => v * v), { dtype: "float64" }).reshape([...x.shape]);
    const f = (x: Array): Array => pureCallback(hostSquare, { shape: x.shape, dtype: "float64" }, x) as Array;
    expect((jit(f)(f64([1, 2, 3])) as Array).toArray()).toEqual([1, 4, 9]);
    expect((vmap(f)(f64([[1, 2], [3, 4]])) as Array).toArray()).toEqual([[1, 4], [9, 16]]);
    expect(() => grad((x: Array) => f(x).sum())(f64([1]))).toThrow(/has no derivative/);
  });

  it("errorIf raises RuntimeCheckError with the formatted message, eagerly, under jit and in loops", () => {
    const check = (x: Array): Array => {
      errorIf(x.lt(0).any(), "negative value: {}", x.min());
      return x;
    };
    expect(() => check(f64([1, -2]))).toThrow(RuntimeCheckError);
    expect(() => check(f64([1, -2]))).toThrow(/negative value: -2/);
    expect(() => jit(check)(f64([1, -2]))).toThrow(/negative value: -2/);
    expect((jit(check)(f64([1, 2])) as Array).toArray()).toEqual([1, 2]);
    const loop = (x: Array): Array =>
      forI(0, 5, (i: Array, c: Array) => {
        errorIf(c.gt(3), "step {} exceeded the limit", i);
        return c.add(1);
      }, x);
    expect(() => loop(f64(0))).toThrow(/step 4 exceeded the limit/);
  });
});
