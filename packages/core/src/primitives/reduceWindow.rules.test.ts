// Transformation rules of reduce_window: JVP and gradients against finite differences (float64)
// for sum, max, min and prod (with zeros) over strides, padding, base and window dilation, also
// with respect to the init value; the transpose identity for sums; vmap against per-lane loops
// (batched operand and batched init value); nesting.
import { describe, expect, it } from "vitest";
import { ShapedArray } from "../array/aval.js";
import { grad, jacfwd, jacrev, jit, jvp, lax, NonDifferentiableError, np, vmap, type Array, type NestedArray } from "../index.js";
import { expectAllclose } from "../testing/index.js";
import { UndefinedPrimal } from "../trace/primitive.js";
import { reduceWindowP, type WindowComputation } from "./reduceWindow.js";

import { checkGrad, checkJvp, checkTranspose, checkVmap, f64, fdGrad, flat, lossOf, rand, type Fn } from "../../test/ruleChecks.js";

type Pad = Parameters<typeof lax.reduceWindow>[5];
type Opts = Parameters<typeof lax.reduceWindow>[6];
/** reduce_window over `x` with a fixed init value. */
const rwc = (c: WindowComputation, init: number, dims: number[], strides: number[] | null, padding: Pad = "VALID", opts?: Opts): Fn => (x) =>
  lax.reduceWindow(x as Array, init, c, dims, strides, padding, opts);
/** reduce_window over `x` with the init value as the second (0-d) operand. */
const rwi = (c: WindowComputation, dims: number[], strides: number[] | null, padding: Pad = "VALID", opts?: Opts): Fn => (x, v) =>
  lax.reduceWindow(x as Array, v as Array, c, dims, strides, padding, opts);

// Operands with entries in (0.5, 1.5) keep products away from cancellation; max/min cases use
// continuous random data (no ties); init values far below/above the data never win unless a
// window reads only padding or holes (then the output is the constant init, derivative 0).
const positive = (u: number): number => 1 + u / 2;
const CASES: [string, number[], Fn, ((u: number) => number)?][] = [
  ["sum, 1-d window 3 stride 2 with padding", [9], rwc("sum", 0, [3], [2], [[1, 2]])],
  ["sum, 2-d with base and window dilation and a non-zero init", [2, 3, 4], rwc("sum", 0.5, [1, 2, 2], [1, 2, 1], [[0, 0], [1, 1], [2, 0]], { baseDilation: [1, 2, 1], windowDilation: [1, 1, 2] })],
  ["sum with cropping (negative) padding", [7], rwc("sum", 0, [2], [1], [[-1, 1]])],
  ["max, 2×2 pooling with stride 2 that leaves the last column unread", [2, 2, 4, 5], rwc("max", -Infinity, [1, 1, 2, 2], [1, 1, 2, 2])],
  ["max, SAME padding with a -inf init", [1, 5, 5], rwc("max", -Infinity, [1, 3, 3], [1, 2, 2], "SAME")],
  ["max with base and window dilation and padding", [7, 3], rwc("max", -10, [3, 2], [2, 1], [[1, 2], [0, 1]], { baseDilation: [2, 1], windowDilation: [1, 2] })],
  ["min with window dilation", [4, 6], rwc("min", 10, [2, 2], [1, 2], [[0, 1], [1, 0]], { windowDilation: [2, 1] })],
  ["prod, 2-d with padding and strides", [3, 4], rwc("prod", 1, [2, 2], [1, 2], [[1, 0], [0, 1]]), positive],
  ["prod with base dilation and a non-one init", [5], rwc("prod", 1.5, [3], [1], [[1, 1]], { baseDilation: [2] }), positive],
];

describe("reduce_window jvp", () => {
  for (const [name, shape, f, map] of CASES) {
    it(`matches finite differences for ${name}`, () => {
      checkJvp(f, [rand(shape, 1, map)]);
    });
  }

  it("matches finite differences with respect to the init value (it fills padding and holes)", () => {
    const x = rand([6], 2);
    checkJvp(rwi("sum", [3], [1], [[2, 1]], { baseDilation: [2] }), [x, f64(0.25)]);
    checkJvp(rwi("prod", [2], [1], [[1, 1]]), [rand([5], 3, positive), f64(0.75)]);
    // 0.2 wins the windows whose elements are all below it.
    checkJvp(rwi("max", [2], [2], [[0, 1]]), [x, f64(0.2)]);
    checkJvp(rwi("min", [2], [1], [[1, 0]]), [x, f64(-0.1)]);
  });

  it("is exact for products with zeros", () => {
    // windows of 2 over [2, 0, 3, 0, 0, 1.5]: out = [0, 0, 0, 0, 0]; d out_i = x_{i+1} dx_i + x_i dx_{i+1}:
    // with dx = [1, 10, 100, 1000, 10000, 100000]: [2·10 + 0·1, 0·100 + 3·10, 3·1000 + 0·100, 0, 0·100000 + 1.5·10000] = [20, 30, 3000, 0, 15000].
    const [, t] = jvp(rwc("prod", 1, [2], [1]) as (x: Array) => Array, [f64([2, 0, 3, 0, 0, 1.5])], [f64([1, 10, 100, 1000, 10000, 100000])]) as [Array, Array];
    expectAllclose(t, [20, 30, 3000, 0, 15000]);
  });

  it("takes the tangent of the first maximal element among ties, and of the first NaN", () => {
    // [2, 2, 1]: both windows of 2 have their maximum first at position 0 resp. 1 → [t0, t1];
    // [1, NaN, 3]: both windows are NaN, first NaN at position 1 → [t1, t1].
    const max2 = rwc("max", -Infinity, [2], [1]) as (x: Array) => Array;
    const [, t1] = jvp(max2, [f64([2, 2, 1])], [f64([10, 20, 30])]) as [Array, Array];
    expectAllclose(t1, [10, 20]);
    const [o2, t2] = jvp(max2, [f64([1, NaN, 3])], [f64([10, 20, 30])]) as [Array, Array];
    expectAllclose(o2, [NaN, NaN]);
    expectAllclose(t2, [20, 20]);
  });
});

describe("reduce_window grad", () => {
  for (const [name, shape, f, map] of CASES) {
    it(`matches finite differences for ${name}`, () => {
      checkGrad(f, [rand(shape, 4, map)]);
    });
  }

  it("matches finite differences with respect to the operand and the init value", () => {
    checkGrad(rwi("sum", [2, 2], [2, 1], [[1, 1], [0, 1]], { baseDilation: [1, 2] }), [rand([3, 3], 5), f64(0.3)]);
    checkGrad(rwi("prod", [3], [2], [[1, 1]]), [rand([6], 6, positive), f64(1.25)]);
    checkGrad(rwi("max", [2], [2], [[1, 0]]), [rand([6], 7), f64(0.1)]);
  });

  it("gives hand-computed gradients of Σ out for max, sum and prod windows of 2", () => {
    // max over [1, 3, 2, 5, 4]: out = [3, 3, 5, 5] → 3 and 5 are picked twice: [0, 2, 0, 2, 0].
    const g = (c: WindowComputation, init: number, x: NestedArray): Array => grad((a: Array) => np.sum(lax.reduceWindow(a, init, c, [2], [1])))(f64(x)) as Array;
    expectAllclose(g("max", -Infinity, [1, 3, 2, 5, 4]), [0, 2, 0, 2, 0]);
    // sum: each inner element is in two windows: [1, 2, 2, 2, 1].
    expectAllclose(g("sum", 0, [1, 3, 2, 5, 4]), [1, 2, 2, 2, 1]);
    // prod over [2, 0, 3]: out = [x0·x1, x1·x2] → [x1, x0 + x2, x1] = [0, 5, 0].
    expectAllclose(g("prod", 1, [2, 0, 3]), [0, 5, 0]);
    // min over [1, 3, 2, 5, 4]: out = [1, 2, 2, 4] → [1, 0, 2, 0, 1].
    expectAllclose(g("min", Infinity, [1, 3, 2, 5, 4]), [1, 0, 2, 0, 1]);
  });

  it("gives zero gradients for an empty operand", () => {
    // Padding [1, 1] over an empty axis gives windows of padding only: out = [init] · 1 — constant.
    const gx = grad((a: Array) => np.sum(lax.reduceWindow(a, 0, "sum", [2], [1], [[1, 1]])))(f64([])) as Array;
    expect(gx.shape).toEqual([0]);
    const gm = grad((a: Array) => np.sum(lax.reduceWindow(a, -5, "max", [2], [1], [[1, 1]])))(f64([])) as Array;
    expect(gm.shape).toEqual([0]);
  });
});

describe("reduce_window transpose", () => {
  it("satisfies ⟨ct, J·t⟩ = ⟨Jᵀ·ct, t⟩ for sums over every window configuration", () => {
    for (const [, shape, f] of CASES.slice(0, 3)) checkTranspose(f, [rand(shape, 8)]);
    checkTranspose(rwc("sum", 0, [2, 3], [3, 2], [[2, 0], [1, 3]], { baseDilation: [3, 1], windowDilation: [2, 2] }), [rand([4, 5], 9)]);
    checkTranspose(rwi("sum", [2], [1], [[1, 2]], { baseDilation: [2] }), [rand([4], 10), f64(0.5)]);
  });

  it("satisfies the identity for the linearised max, min and prod", () => {
    for (const [, shape, f, map] of CASES.slice(3)) checkTranspose(f, [rand(shape, 11, map)]);
  });

  it("refuses to transpose a non-sum reduction", () => {
    const rule = reduceWindowP.def.transpose;
    if (typeof rule !== "function") throw new Error("reduce_window has no transpose function");
    const params = { computation: "max" as const, windowDimensions: [2], windowStrides: [1], padding: [[0, 0] as const], baseDilation: [1], windowDilation: [1] };
    const call = (): unknown => rule([f64([1, 2])], [new UndefinedPrimal(new ShapedArray([3], "float64")), f64(0)], params);
    expect(call).toThrow(NonDifferentiableError);
    expect(call).toThrow(/reduce_window: a 'max' window reduction is not linear/);
  });
});

describe("reduce_window vmap", () => {
  for (const [name, shape, f, map] of CASES) {
    it(`matches a per-lane loop for ${name}, lanes first and last`, () => {
      checkVmap(f, [rand([3, ...shape], 12, map)], [0]);
      checkVmap(f, [rand([...shape, 2], 13, map)], [shape.length]);
    });
  }

  it("matches a per-lane loop with a batched init value (it also fills padding and holes)", () => {
    const x = rand([5], 14);
    const inits = f64([0.25, -0.5, 2]);
    const opts = { baseDilation: [2] };
    checkVmap(rwi("sum", [3], [1], [[2, 1]], opts), [x, inits], [null, 0]);
    checkVmap(rwi("max", [3], [2], [[1, 1]], opts), [rand([3, 5], 15), inits], [0, 0]);
    checkVmap(rwi("min", [2], [1], [[0, 2]]), [rand([5, 3], 16), inits], [1, 0]);
    checkVmap(rwi("prod", [2], [1], [[1, 1]], opts), [rand([3, 4], 17, positive), inits], [0, 0]);
  });

  it("batches bool max windows with a batched init value", () => {
    const x = np.array([[true, false, false], [false, false, false]]);
    const inits = np.array([false, true]);
    // lane 0: any over windows of 2 of [T, F, F] = [T, F]; lane 1: init true wins everywhere.
    const out = vmap(rwi("max", [2], [1]), { inAxes: [0, 0] })(x, inits) as Array;
    expect(out.dtype).toBe("bool");
    expect(out.toArray()).toEqual([[true, false], [true, true]]);
  });
});

describe("reduce_window nested transformations", () => {
  const f = CASES[4]?.[2] as Fn;

  it("grad of vmap matches finite differences", () => {
    checkGrad((x) => vmap(f, { inAxes: [1] })(x) as Array, [rand([1, 2, 5, 5], 18)]);
  });

  it("vmap of grad matches per-lane gradients", () => {
    checkVmap((x) => grad(lossOf(f))(x) as Array, [rand([2, 1, 5, 5], 19)], [0]);
  });

  it("jacfwd equals jacrev for max and sum pooling", () => {
    const x = rand([4, 4], 20);
    for (const c of ["max", "sum"] as const) {
      const h = (a: Array): Array => lax.reduceWindow(a, c === "max" ? -Infinity : 0, c, [2, 2], [1, 2], [[1, 0], [0, 1]]);
      expectAllclose(jacfwd(h)(x) as Array, jacrev(h)(x) as Array, { rtol: 1e-12, atol: 1e-12 });
    }
  });

  it("jit of grad equals finite differences", () => {
    const loss = lossOf(f);
    const x = rand([1, 5, 5], 21);
    expectAllclose(flat(jit(grad(loss))(x) as Array), fdGrad(loss, [x], 0), { rtol: 1e-6, atol: 1e-7 });
  });
});
