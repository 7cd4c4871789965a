import { describe, expect, it } from "vitest";
import { grad, jit, jvp, np, vjp, vmap } from "../index.js";
import type { Array } from "../array/Array.js";
import { expectAllclose } from "../testing/index.js";
import { takeAlongAxisP, takeP } from "./gather.js";

const f64 = (v: unknown): Array => np.array(v as number[], { dtype: "float64" });
const i32 = (v: unknown): Array => np.array(v as number[], { dtype: "int32" });

/** Deterministic pseudo-random float64 values in [-1, 1) of `shape` (a linear congruential generator). */
function rand(shape: readonly number[], seed: number): Array {
  let s = seed;
  const n = shape.reduce((a, b) => a * b, 1);
  const vals: number[] = [];
  for (let k = 0; k < n; k++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    vals.push(s / 1073741824 - 1);
  }
  return np.reshape(f64(vals), shape);
}

const vdot = (a: Array, b: Array): number => np.sum(np.multiply(a, b)).item() as number;

/** Central finite difference of `f` at `xs` along `ts` (eps 1e-6, float64). */
function fdJvp(f: (...xs: Array[]) => Array, xs: Array[], ts: Array[], eps = 1e-6): Array {
  const at = (s: number): Array => f(...xs.map((x, k) => np.add(x, np.multiply(ts[k] as Array, s))));
  return np.divide(np.subtract(at(eps), at(-eps)), 2 * eps);
}

/** The gradient of `x ↦ Σ w·f(x)` element by element with central differences. */
function fdGrad(f: (x: Array) => Array, x: Array, w: Array, eps = 1e-6): number[] {
  const base = globalThis.Array.from(x.data(), Number);
  return base.map((_, k) => {
    const shifted = (s: number): number => {
      const v = base.slice();
      v[k] = (v[k] as number) + s;
      return vdot(f(np.reshape(f64(v), x.shape)), w);
    };
    return (shifted(eps) - shifted(-eps)) / (2 * eps);
  });
}

/** Checks jvp against finite differences, grad element by element, and the vjp/jvp dot-product identity. */
function checkLinearRules(f: (x: Array) => Array, x: Array, seed: number): void {
  const t = rand(x.shape, seed);
  const [out, tOut] = jvp(f, [x], [t]) as [Array, Array];
  expectAllclose(tOut, fdJvp(f, [x], [t]), { rtol: 1e-6, atol: 1e-8 });
  const w = rand(out.shape, seed + 1);
  const g = grad((y: Array) => np.sum(np.multiply(f(y), w)))(x) as Array;
  expectAllclose(g, np.reshape(f64(fdGrad(f, x, w)), x.shape), { rtol: 1e-6, atol: 1e-8 });
  const [, back] = vjp(f as (...a: never[]) => unknown, x);
  const [ct] = back(w) as [Array];
  expect(vdot(ct, t)).toBeCloseTo(vdot(w, tOut), 10);
}

const take = (x: Array, i: Array, axis: number): Array => takeP.bind1([x, i], { axis });
const along = (x: Array, i: Array, axis: number): Array => takeAlongAxisP.bind1([x, i], { axis });

/** Per-lane reference: `f` applied lane by lane (lane b takes element b of each list), stacked on axis 0. */
function lanes(f: (...a: Array[]) => Array, args: Array[][]): Array {
  const n = (args[0] as Array[]).length;
  return np.stack(globalThis.Array.from({ length: n }, (_, b) => f(...args.map((a) => a[b] as Array))), 0);
}

describe("take", () => {
  it("differentiates by gathering the tangent and scatter-adding the cotangent at the clamped indices", () => {
    // x = [10, 20, 30, 40], indices [1, 1, 5, -2] clamp to [1, 1, 3, 0]: out = [20, 20, 40, 10].
    const x = f64([10, 20, 30, 40]);
    const idx = i32([1, 1, 5, -2]);
    const f = (y: Array): Array => take(y, idx, 0);
    const [out, t] = jvp(f, [x], [f64([1, 2, 3, 4])]) as [Array, Array];
    expect(out.toArray()).toEqual([20, 20, 40, 10]);
    // The tangent is gathered like the values: [t1, t1, t3, t0] = [2, 2, 4, 1].
    expect(t.toArray()).toEqual([2, 2, 4, 1]);
    // grad of Σ w·out with w = [1, 2, 3, 4]: position 1 gets w0 + w1 = 3, position 3 gets w2 = 3, position 0 gets w3 = 4.
    const g = grad((y: Array) => np.sum(np.multiply(f(y), f64([1, 2, 3, 4]))))(x) as Array;
    expect(g.toArray()).toEqual([4, 3, 0, 3]);
  });

  it("matches finite differences and the dot-product identity along a middle axis with 2-d indices", () => {
    // x [2, 4, 3], indices [2, 3] along axis 1 with duplicates and out-of-range values.
    const idx = i32([[0, 3, 3], [7, -1, 1]]);
    checkLinearRules((x) => take(x, idx, 1), rand([2, 4, 3], 11), 21);
    checkLinearRules((x) => take(x, idx, 2), rand([2, 3, 4], 12), 22);
  });

  it("gives the indices no tangent", () => {
    // d take(x, i)/dx only: the jvp with respect to x alone gives the gathered tangent [t2, t0] = [3, 1].
    const x = f64([1, 2, 3]);
    const [, t] = jvp((y: Array) => take(y, i32([2, 0]), 0), [x], [f64([1, 2, 3])]) as [Array, Array];
    expect(t.toArray()).toEqual([3, 1]);
  });

  it("has an empty cotangent for a zero-size result", () => {
    // No index: out has shape [2, 0]; the gradient of its (empty) sum is all zeros.
    const g = grad((y: Array) => np.sum(take(y, i32([]), 1)))(f64([[1, 2], [3, 4]])) as Array;
    expect(g.toArray()).toEqual([[0, 0], [0, 0]]);
  });

  describe("under vmap", () => {
    const xl = [rand([3, 4], 1), rand([3, 4], 2), rand([3, 4], 3)];
    // Per-lane indices with duplicates and values past either end (clamped).
    const il = [i32([0, 3, 3, 9]), i32([-4, 1, 1, 2]), i32([2, 4, 0, 0])];
    const fixed = i32([3, 0, 5, 3]);

    it("batches the operand only", () => {
      const f = (x: Array): Array => take(x, fixed, 1);
      expectAllclose(vmap(f)(np.stack(xl, 0)) as Array, lanes(f, [xl]), { rtol: 0, atol: 0 });
      expectAllclose(vmap(f, { inAxes: 2 })(np.stack(xl, 2)) as Array, lanes(f, [xl]), { rtol: 0, atol: 0 });
    });

    it("batches the indices only", () => {
      const x = xl[0] as Array;
      const f = (i: Array): Array => take(x, i, 1);
      expectAllclose(vmap(f)(np.stack(il, 0)) as Array, lanes(f, [il]), { rtol: 0, atol: 0 });
      // take along axis 0 with 2-d per-lane indices batched on their last axis.
      const il2 = il.map((i) => np.reshape(np.clip(i, -1, 2), [2, 2]));
      const g = (i: Array): Array => take(x, i, 0);
      expectAllclose(vmap(g, { inAxes: 2 })(np.stack(il2, 2)) as Array, lanes(g, [il2]), { rtol: 0, atol: 0 });
    });

    it("batches both, per lane, with clamping inside each lane", () => {
      const f = (x: Array, i: Array): Array => take(x, i, 1);
      expectAllclose(vmap(f)(np.stack(xl, 0), np.stack(il, 0)) as Array, lanes(f, [xl, il]), { rtol: 0, atol: 0 });
      expectAllclose(vmap(f, { inAxes: [1, 1] })(np.stack(xl, 1), np.stack(il, 1)) as Array, lanes(f, [xl, il]), { rtol: 0, atol: 0 });
      const g = (x: Array, i: Array): Array => take(x, i, 0);
      const il2 = il.map((i) => np.reshape(i, [2, 2]));
      expectAllclose(vmap(g, { inAxes: [2, 0] })(np.stack(xl, 2), np.stack(il2, 0)) as Array, lanes(g, [xl, il2]), { rtol: 0, atol: 0 });
    });

    it("batches the gradient (the transpose under vmap, per-lane indices)", () => {
      const w = rand([3, 4], 9);
      const g = (x: Array, i: Array): Array => grad((y: Array) => np.sum(np.multiply(take(y, i, 1), w)))(x) as Array;
      expectAllclose(vmap(g)(np.stack(xl, 0), np.stack(il, 0)) as Array, lanes(g, [xl, il]), { rtol: 1e-12, atol: 1e-12 });
    });
  });
});

describe("take_along_axis", () => {
  it("differentiates by gathering the tangent and scatter-adding the cotangent at the clamped indices", () => {
    // x = [[1, 2, 3], [4, 5, 6]], indices [[2, 2], [-1, 9]] along axis 1 clamp to [[2, 2], [0, 2]]: out = [[3, 3], [4, 6]].
    const x = f64([[1, 2, 3], [4, 5, 6]]);
    const idx = i32([[2, 2], [-1, 9]]);
    const f = (y: Array): Array => along(y, idx, 1);
    expect(f(x).toArray()).toEqual([[3, 3], [4, 6]]);
    // grad of Σ w·out with w = [[1, 2], [3, 4]]: x[0,2] gets 1 + 2, x[1,0] gets 3, x[1,2] gets 4.
    const g = grad((y: Array) => np.sum(np.multiply(f(y), f64([[1, 2], [3, 4]]))))(x) as Array;
    expect(g.toArray()).toEqual([[0, 0, 3], [3, 0, 4]]);
  });

  it("matches finite differences and the dot-product identity on each axis", () => {
    const x = rand([3, 4, 2], 31);
    checkLinearRules((y) => along(y, i32([[[0, 1], [3, 3], [5, -2]], [[2, 2], [1, 0], [0, 0]], [[3, 1], [1, 1], [2, 2]]]), 1), x, 41);
    checkLinearRules((y) => along(y, i32([[[1, 0]], [[0, 0]], [[-1, 3]]]), 1), x, 42);
    checkLinearRules((y) => along(y, np.reshape(i32([0, 2, 2, 1, 0, 0, 9, 1, 2, 2, 1, 0, 0, 0, 1, 2]), [2, 4, 2]), 0), x, 43);
  });

  describe("under vmap", () => {
    const xl = [rand([2, 3], 51), rand([2, 3], 52), rand([2, 3], 53)];
    const il = [i32([[0, 2, 2, 7]]), i32([[1, 1, -3, 0]]), i32([[2, 0, 1, 1]])].map((i) => np.broadcastTo(i, [2, 4]));
    const f = (x: Array, i: Array): Array => along(x, i, 1);

    it("batches the operand only, the indices only, and both", () => {
      const i0 = il[0] as Array;
      const x0 = xl[0] as Array;
      expectAllclose(vmap((x: Array) => f(x, i0))(np.stack(xl, 0)) as Array, lanes((x) => f(x, i0), [xl]), { rtol: 0, atol: 0 });
      expectAllclose(vmap((i: Array) => f(x0, i), { inAxes: 1 })(np.stack(il, 1)) as Array, lanes((i) => f(x0, i), [il]), { rtol: 0, atol: 0 });
      expectAllclose(vmap(f, { inAxes: [2, 0] })(np.stack(xl, 2), np.stack(il, 0)) as Array, lanes(f, [xl, il]), { rtol: 0, atol: 0 });
    });

    it("batches the gradient", () => {
      const w = rand([2, 4], 54);
      const g = (x: Array, i: Array): Array => grad((y: Array) => np.sum(np.multiply(f(y, i), w)))(x) as Array;
      expectAllclose(vmap(g)(np.stack(xl, 0), np.stack(il, 0)) as Array, lanes(g, [xl, il]), { rtol: 1e-12, atol: 1e-12 });
    });
  });
});

describe("gathers in np-level code", () => {
  it("differentiates x.get([0, 2]) and x.get([0, 0, 2]) (rows gathered, repeated rows accumulate)", () => {
    const x = f64([[1, 2], [3, 4], [5, 6]]);
    // Σ w·x[[0, 2]] with w = [[1, 2], [3, 4]]: rows 0 and 2 get w's rows; row 1 gets nothing.
    const g = grad((y: Array) => np.sum(np.multiply(y.get([0, 2]), f64([[1, 2], [3, 4]]))))(x) as Array;
    expect(g.toArray()).toEqual([[1, 2], [0, 0], [3, 4]]);
    // Σ x[[0, 0, 2]]: row 0 is taken twice.
    const g2 = grad((y: Array) => np.sum(y.get([0, 0, 2])))(x) as Array;
    expect(g2.toArray()).toEqual([[2, 2], [0, 0], [1, 1]]);
  });

  it("differentiates np.takeAlongAxis (negative indices wrap)", () => {
    const x = f64([[1, 2, 3], [4, 5, 6]]);
    // indices [[2, -3], [1, 1]] along axis 1 → positions [[2, 0], [1, 1]]; w = [[1, 2], [3, 4]].
    const f = (y: Array): Array => np.sum(np.multiply(np.takeAlongAxis(y, i32([[2, -3], [1, 1]]), 1), f64([[1, 2], [3, 4]])));
    const g = grad(f)(x) as Array;
    expect(g.toArray()).toEqual([[2, 0, 1], [0, 7, 0]]);
  });

  it("runs under jit(grad(...))", () => {
    const x = f64([[1, 2], [3, 4], [5, 6]]);
    // Σ (x[[2, 2, 1]])²: d/dx = 2·x·(count of each row) → row 2 twice, row 1 once.
    const g = jit(grad((y: Array) => np.sum(np.square(y.get([2, 2, 1])))))(x) as Array;
    expect(g.toArray()).toEqual([[0, 0], [6, 8], [20, 24]]);
    const h = jit(grad((y: Array) => np.sum(np.takeAlongAxis(y, i32([[1], [0], [1]]), 1))))(x) as Array;
    expect(h.toArray()).toEqual([[0, 1], [1, 0], [0, 1]]);
  });
});
