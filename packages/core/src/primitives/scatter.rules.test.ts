import { describe, expect, it } from "vitest";
import { grad, jit, jvp, np, vjp, vmap } from "../index.js";
import type { Array } from "../array/Array.js";
import { ShapedArray } from "../array/aval.js";
import { expectAllclose } from "../testing/index.js";
import { UndefinedPrimal, type TransposeRule } from "../trace/primitive.js";
import { scatterP, type ScatterMode, type ScatterParams } from "./scatter.js";

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

/** The gradient of `Σ w·f(...xs)` with respect to `xs[arg]`, element by element with central differences. */
function fdGrad(f: (...xs: Array[]) => Array, xs: Array[], arg: number, w: Array, eps = 1e-6): Array {
  const x = xs[arg] as Array;
  const base = globalThis.Array.from(x.data(), Number);
  const g = base.map((_, k) => {
    const shifted = (s: number): number => {
      const v = base.slice();
      v[k] = (v[k] as number) + s;
      const args = xs.slice();
      args[arg] = np.reshape(f64(v), x.shape);
      return vdot(f(...args), w);
    };
    return (shifted(eps) - shifted(-eps)) / (2 * eps);
  });
  return np.reshape(f64(g), x.shape);
}

/** jvp against finite differences, grad (both operands) element by element, and <ct, J·t> = <Jᵀ·ct, t>. */
function checkRules(f: (x: Array, u: Array) => Array, x: Array, u: Array, seed: number): void {
  const tx = rand(x.shape, seed);
  const tu = rand(u.shape, seed + 1);
  const [out, tOut] = jvp(f, [x, u], [tx, tu]) as [Array, Array];
  expectAllclose(tOut, fdJvp(f, [x, u], [tx, tu]), { rtol: 1e-6, atol: 1e-8 });
  const w = rand(out.shape, seed + 2);
  const [gx, gu] = grad((a: Array, b: Array) => np.sum(np.multiply(f(a, b), w)), { argnums: [0, 1] })(x, u) as [Array, Array];
  expectAllclose(gx, fdGrad(f, [x, u], 0, w), { rtol: 1e-6, atol: 1e-8 });
  expectAllclose(gu, fdGrad(f, [x, u], 1, w), { rtol: 1e-6, atol: 1e-8 });
  const [, back] = vjp(f as (...a: never[]) => unknown, x, u);
  const [cx, cu] = back(w) as [Array, Array];
  expect(vdot(cx, tx) + vdot(cu, tu)).toBeCloseTo(vdot(w, tOut), 10);
}

const scatter = (x: Array, i: Array, u: Array, mode: ScatterMode, axis: number): Array => scatterP.bind1([x, i, u], { mode, axis });
const MODES: ScatterMode[] = ["set", "add", "mul", "min", "max"];

/** Per-lane reference: `f` applied lane by lane (lane b takes element b of each list), stacked on axis 0. */
function lanes(f: (...a: Array[]) => Array, args: Array[][]): Array {
  const n = (args[0] as Array[]).length;
  return np.stack(globalThis.Array.from({ length: n }, (_, b) => f(...args.map((a) => a[b] as Array))), 0);
}

describe("scatter", () => {
  describe("derivatives against finite differences, per mode", () => {
    // x [2, 4] along axis 1 with indices [1, 3, 1, 5, -1]: a duplicate (1) and two dropped indices (5, -1).
    const idx1 = i32([1, 3, 1, 5, -1]);
    // x [4, 2] along axis 0 with 2-d indices [[0, 2], [2, 4]]: a duplicate (2) and a dropped index (4).
    const idx0 = i32([[0, 2], [2, 4]]);
    for (const mode of MODES) {
      it(`differentiates ${mode} with duplicate and out-of-range indices`, () => {
        checkRules((x, u) => scatter(x, idx1, u, mode, 1), rand([2, 4], 3), rand([2, 5], 4), 100);
        checkRules((x, u) => scatter(x, idx0, u, mode, 0), rand([4, 2], 5), rand([2, 2, 2], 6), 200);
      });
    }

    it("differentiates mul with zero updates exactly (one zero and two zeros at a position)", () => {
      // Position 0 gets updates [0, 5] (one zero), position 1 gets [0, 0] (two zeros), position 2 gets [2].
      const idx = i32([0, 0, 1, 1, 2]);
      checkRules((x, u) => scatter(x, idx, u, "mul", 0), f64([2, 3, 4]), f64([0, 5, 0, 0, 2]), 300);
    });
  });

  describe("hand-computed derivatives", () => {
    it("gives set's updates cotangents only for the winning duplicate, and zeroes x's overwritten positions", () => {
      // x = [1, 2, 3], indices [0, 2, 0, 7], updates u: out = [u2, 2, u1] (u2 wins position 0 over u0; 7 is dropped).
      const f = (x: Array, u: Array): Array => scatter(x, i32([0, 2, 0, 7]), u, "set", 0);
      const w = f64([1, 10, 100]);
      const [gx, gu] = grad((x: Array, u: Array) => np.sum(np.multiply(f(x, u), w)), { argnums: [0, 1] })(f64([1, 2, 3]), f64([4, 5, 6, 7])) as [Array, Array];
      expect(gx.toArray()).toEqual([0, 10, 0]);
      expect(gu.toArray()).toEqual([0, 100, 1, 0]);
      // jvp: out tangent = [tu2, tx1, tu1].
      const [, t] = jvp(f, [f64([1, 2, 3]), f64([4, 5, 6, 7])], [f64([1, 2, 3]), f64([4, 5, 6, 7])]) as [Array, Array];
      expect(t.toArray()).toEqual([6, 2, 5]);
    });

    it("gives add's updates the cotangent at their index and zero when dropped", () => {
      // out = x + scatter: every in-range update gets w at its index; -1 and 3 are dropped.
      const f = (x: Array, u: Array): Array => scatter(x, i32([1, -1, 1, 3, 0]), u, "add", 0);
      const w = f64([1, 10, 100]);
      const [gx, gu] = grad((x: Array, u: Array) => np.sum(np.multiply(f(x, u), w)), { argnums: [0, 1] })(f64([1, 2, 3]), f64([1, 1, 1, 1, 1])) as [Array, Array];
      expect(gx.toArray()).toEqual([1, 10, 100]);
      expect(gu.toArray()).toEqual([10, 0, 10, 0, 1]);
    });

    it("follows the product rule for mul with a zero update", () => {
      // x = [2, 3], indices [0, 0, 1], u = [0, 5, 4]: out = [2·0·5, 3·4] = [0, 12].
      // d Σout/dx = [0·5, 4] = [0, 4]; d Σout/du = [x0·u1, x0·u0, x1] = [10, 0, 3].
      const f = (x: Array, u: Array): Array => np.sum(scatter(x, i32([0, 0, 1]), u, "mul", 0));
      const [gx, gu] = grad(f, { argnums: [0, 1] })(f64([2, 3]), f64([0, 5, 4])) as [Array, Array];
      expect(gx.toArray()).toEqual([0, 4]);
      expect(gu.toArray()).toEqual([10, 0, 3]);
    });

    it("averages min/max tangents over the candidates tied at the extremum", () => {
      // min: x = [1, 5], indices [0, 0, 1], u = [1, 3, 5]: out = [1, 5]; position 0 ties x0 and u0,
      // position 1 ties x1 and u2 → tangent [(tx0 + tu0)/2, (tx1 + tu2)/2]; u1 = 3 loses.
      const f = (x: Array, u: Array): Array => scatter(x, i32([0, 0, 1]), u, "min", 0);
      const [, t] = jvp(f, [f64([1, 5]), f64([1, 3, 5])], [f64([2, 4]), f64([6, 8, 10])]) as [Array, Array];
      expect(t.toArray()).toEqual([4, 7]);
      const [gx, gu] = grad((x: Array, u: Array) => np.sum(f(x, u)), { argnums: [0, 1] })(f64([1, 5]), f64([1, 3, 5])) as [Array, Array];
      expect(gx.toArray()).toEqual([0.5, 0.5]);
      expect(gu.toArray()).toEqual([0.5, 0, 0.5]);
      // max: x = [1, 5], indices [0, 0, 9], u = [4, 4, 100]: position 0 ties u0 and u1 (x0 loses); 9 is dropped.
      const g = (x: Array, u: Array): Array => scatter(x, i32([0, 0, 9]), u, "max", 0);
      const [hx, hu] = grad((x: Array, u: Array) => np.sum(g(x, u)), { argnums: [0, 1] })(f64([1, 5]), f64([4, 4, 100])) as [Array, Array];
      expect(hx.toArray()).toEqual([0, 1]);
      expect(hu.toArray()).toEqual([0.5, 0.5, 0]);
    });

    it("gives integer scatters a zero tangent", () => {
      const f = (x: Array): Array => scatter(x, i32([0]), i32([7]), "add", 0);
      const [out, t] = jvp(f, [i32([1, 2])], [i32([1, 1])]) as [Array, Array];
      expect(out.toArray()).toEqual([8, 2]);
      expect(t.toArray()).toEqual([0, 0]);
    });

    it("passes x's tangent through when nothing lands (no indices)", () => {
      const f = (x: Array, u: Array): Array => scatter(x, i32([]), u, "mul", 0);
      const [, t] = jvp(f, [f64([1, 2]), f64([])], [f64([3, 4]), f64([])]) as [Array, Array];
      expect(t.toArray()).toEqual([3, 4]);
    });
  });

  describe("transpose rule errors", () => {
    const rule = scatterP.def.transpose as TransposeRule<ScatterParams>;
    const lin = new UndefinedPrimal(new ShapedArray([3], "float64"));
    const ct = f64([1, 2, 3]);
    it("rejects min and max, which are not linear", () => {
      expect(() => rule([ct], [lin, i32([0]), f64([1])], { mode: "min", axis: 0 })).toThrow(/scatter: a min scatter is not linear/);
      expect(() => rule([ct], [lin, i32([0]), f64([1])], { mode: "max", axis: 0 })).toThrow(Error);
    });
    it("rejects mul with linear updates and linear indices", () => {
      const linU = new UndefinedPrimal(new ShapedArray([1], "float64"));
      expect(() => rule([ct], [f64([1, 2, 3]), i32([0]), linU], { mode: "mul", axis: 0 })).toThrow(/mul scatter with respect to its updates/);
      const linI = new UndefinedPrimal(new ShapedArray([1], "int32"));
      expect(() => rule([ct], [lin, linI, f64([1])], { mode: "add", axis: 0 })).toThrow(/with respect to the indices/);
    });
    it("transposes mul in the operand: ct times the product of the updates landing there", () => {
      // indices [0, 0, 2], updates [2, 3, 4]: products [6, 1, 4] → ct · [6, 1, 4] = [6, 2, 12].
      const [cx] = rule([ct], [lin, i32([0, 0, 2]), f64([2, 3, 4])], { mode: "mul", axis: 0 }) as [Array];
      expect(cx.toArray()).toEqual([6, 2, 12]);
    });
  });

  describe("under vmap", () => {
    // Lanes of x [2, 3] scattered along axis 1. Lane indices include 3 (= n, one past the end: it must
    // be dropped, not land in the next lane's position 0), -1, and duplicates.
    const xl = [rand([2, 3], 61), rand([2, 3], 62), rand([2, 3], 63)];
    const il = [i32([3, 0, 0, 2]), i32([1, -1, 1, 1]), i32([2, 2, 0, 3])];
    const ul = [rand([2, 4], 64), rand([2, 4], 65), rand([2, 4], 66)];
    const x0 = xl[0] as Array;
    const i0 = il[1] as Array;
    const u0 = ul[2] as Array;
    for (const mode of MODES) {
      it(`batches ${mode} for every combination of batched operands`, () => {
        const f = (x: Array, i: Array, u: Array): Array => scatter(x, i, u, mode, 1);
        const exact = { rtol: 0, atol: 0 };
        const X = np.stack(xl, 0);
        const I = np.stack(il, 0);
        const U = np.stack(ul, 0);
        // x only; indices only; updates only; x and updates; all three.
        expectAllclose(vmap((x: Array) => f(x, i0, u0))(X) as Array, lanes((x) => f(x, i0, u0), [xl]), exact);
        expectAllclose(vmap((i: Array) => f(x0, i, u0))(I) as Array, lanes((i) => f(x0, i, u0), [il]), exact);
        expectAllclose(vmap((u: Array) => f(x0, i0, u))(U) as Array, lanes((u) => f(x0, i0, u), [ul]), exact);
        expectAllclose(vmap((x: Array, u: Array) => f(x, i0, u))(X, U) as Array, lanes((x, u) => f(x, i0, u), [xl, ul]), exact);
        expectAllclose(vmap(f)(X, I, U) as Array, lanes(f, [xl, il, ul]), exact);
        // inAxes ≠ 0, with one operand unbatched.
        expectAllclose(
          vmap((x: Array, i: Array, u: Array) => f(x, i, u), { inAxes: [2, 1, null] })(np.stack(xl, 2), np.stack(il, 1), u0) as Array,
          lanes((x, i) => f(x, i, u0), [xl, il]),
          exact,
        );
        expectAllclose(vmap(f, { inAxes: [1, 0, 2] })(np.stack(xl, 1), I, np.stack(ul, 2)) as Array, lanes(f, [xl, il, ul]), exact);
      });
    }

    it("batches 2-d indices along axis 0 with set's last-wins rule inside each lane", () => {
      // Lane 0 writes updates 0..3 of [[1, 1], [1, 4]] (4 = n is dropped); lane 1 [[0, 0], [2, 0]].
      const x = np.zeros([4, 2], { dtype: "float64" });
      const f = (i: Array, u: Array): Array => scatter(x, i, u, "set", 0);
      const I = i32([[[1, 1], [1, 4]], [[0, 0], [2, 0]]]);
      const U = np.reshape(f64(globalThis.Array.from({ length: 16 }, (_, k) => k + 1)), [2, 2, 2, 2]);
      // Lane 0: position 1 gets update 2 (row-major last among 0, 1, 2): values [5, 6]; lane 1: position 0 gets update 3 ([15, 16]),
      // position 2 gets update 2 ([13, 14]).
      expect((vmap(f)(I, U) as Array).toArray()).toEqual([
        [[0, 0], [5, 6], [0, 0], [0, 0]],
        [[15, 16], [0, 0], [13, 14], [0, 0]],
      ]);
    });

    it("batches the gradients (per-lane indices in the transposes)", () => {
      const w = rand([2, 3], 67);
      for (const mode of ["set", "add", "mul", "max"] as ScatterMode[]) {
        const g = (x: Array, i: Array, u: Array): Array[] =>
          grad((a: Array, b: Array) => np.sum(np.multiply(scatter(a, i, b, mode, 1), w)), { argnums: [0, 1] })(x, u) as Array[];
        const [bx, bu] = vmap(g)(np.stack(xl, 0), np.stack(il, 0), np.stack(ul, 0)) as [Array, Array];
        expectAllclose(bx, lanes((x, i, u) => g(x, i, u)[0] as Array, [xl, il, ul]), { rtol: 1e-12, atol: 1e-12 });
        expectAllclose(bu, lanes((x, i, u) => g(x, i, u)[1] as Array, [xl, il, ul]), { rtol: 1e-12, atol: 1e-12 });
      }
    });
  });
});

describe("scatters in np-level code", () => {
  it("differentiates x.at([1, 1]).add(v) (both updates accumulate at position 1)", () => {
    // out = x + [0, v0 + v1, 0]; Σ w·out with w = [1, 10, 100]: d/dx = w, d/dv = [w1, w1] = [10, 10].
    const f = (x: Array, v: Array): Array => np.sum(np.multiply(x.at([1, 1]).add(v), f64([1, 10, 100])));
    const [gx, gv] = grad(f, { argnums: [0, 1] })(f64([1, 2, 3]), f64([5, 6])) as [Array, Array];
    expect(gx.toArray()).toEqual([1, 10, 100]);
    expect(gv.toArray()).toEqual([10, 10]);
  });

  it("differentiates x.at(...).set/mul/max on a 2-d array", () => {
    const x = f64([[1, 2], [3, 4]]);
    // set row 0 to v: d Σ out²/dx = 2x with row 0 zeroed; d/dv = 2v.
    const [gx, gv] = grad((a: Array, v: Array) => np.sum(np.square(a.at(0).set(v))), { argnums: [0, 1] })(x, f64([5, 6])) as [Array, Array];
    expect(gx.toArray()).toEqual([[0, 0], [6, 8]]);
    expect(gv.toArray()).toEqual([10, 12]);
    // x[:, 1] *= v: Σ out = x00 + x01·v0 + x10 + x11·v1 → d/dx = [[1, v0], [1, v1]], d/dv = [x01, x11] = [2, 4].
    const [hx, hv] = grad((a: Array, v: Array) => np.sum(a.at(":", 1).mul(v)), { argnums: [0, 1] })(x, f64([7, 8])) as [Array, Array];
    expect(hx.toArray()).toEqual([[1, 7], [1, 8]]);
    expect(hv.toArray()).toEqual([2, 4]);
    // x.at[1].max(2.5): row 1 = [3, 4] already above 2.5 → the gradient of Σ out flows to x only.
    const [mx, mv] = grad((a: Array, v: Array) => np.sum(a.at(1).max(v)), { argnums: [0, 1] })(x, f64([2.5, 2.5])) as [Array, Array];
    expect(mx.toArray()).toEqual([[1, 1], [1, 1]]);
    expect(mv.toArray()).toEqual([0, 0]);
  });

  it("runs under jit(grad(...)) and vmap(grad(...))", () => {
    // Σ (x.at[[0, 2, 0]].add(v))² at x = [1, 2, 3], v = [1, 1, 1]: out = [3, 2, 4];
    // d/dx = 2·out = [6, 4, 8]; d/dv = 2·out at each index = [6, 8, 6].
    const f = (x: Array, v: Array): Array => np.sum(np.square(x.at([0, 2, 0]).add(v)));
    const [gx, gv] = jit(grad(f, { argnums: [0, 1] }))(f64([1, 2, 3]), f64([1, 1, 1])) as [Array, Array];
    expect(gx.toArray()).toEqual([6, 4, 8]);
    expect(gv.toArray()).toEqual([6, 8, 6]);
    // Two lanes: the second at x = [0, 0, 0], v = [1, 2, 3]: out = [4, 0, 2] → d/dx = [8, 0, 4], d/dv = [8, 4, 8].
    const [bx, bv] = vmap(grad(f, { argnums: [0, 1] }))(f64([[1, 2, 3], [0, 0, 0]]), f64([[1, 1, 1], [1, 2, 3]])) as [Array, Array];
    expect(bx.toArray()).toEqual([[6, 4, 8], [8, 0, 4]]);
    expect(bv.toArray()).toEqual([[6, 8, 6], [8, 4, 8]]);
  });
});
