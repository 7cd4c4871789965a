// Transformation rules of sort and searchsorted: sort's JVP (tangents permuted like their
// operands) and gradients against finite differences (float64; several operands and keys), the
// transpose identity, vmap against per-lane loops (mixed batched/unbatched operands), nesting;
// searchsorted's zero derivative and batching.
import { describe, expect, it } from "vitest";
import { grad, jacfwd, jacrev, jit, jvp, lax, np, vmap, type Array } from "../index.js";
import { expectAllclose } from "../testing/index.js";

import { checkGrad, checkJvp, checkTranspose, checkVmap, f64, fdGrad, flat, lossOf, rand, type Fn } from "../../test/ruleChecks.js";

const srt = (dimension: number): Fn => (x) => lax.sort(x as Array, { dimension });
/** Sorts `[keys, values]` by the keys and returns both, stacked. */
const srtKV = (dimension: number): Fn => (k, v) => np.stack(lax.sort([k as Array, v as Array], { dimension, numKeys: 1 }));

// [shape, dimension]
const LAYOUTS: [number[], number][] = [
  [[6], 0],
  [[4, 3], 0],
  [[2, 5, 3], 1],
  [[3, 4], -1],
];

describe("sort jvp and grad", () => {
  for (const [shape, dim] of LAYOUTS) {
    const where = `shape [${shape.join(", ")}], dimension ${dim}`;
    it(`jvp and grad match finite differences (${where})`, () => {
      checkJvp(srt(dim), [rand(shape, 1)]);
      checkGrad(srt(dim), [rand(shape, 2)]);
    });
    it(`satisfies ⟨ct, J·t⟩ = ⟨Jᵀ·ct, t⟩ (${where})`, () => {
      checkTranspose(srt(dim), [rand(shape, 3)]);
    });
    it(`sorting values along keys matches finite differences in both (${where})`, () => {
      checkJvp(srtKV(dim), [rand(shape, 4), rand(shape, 5)]);
      checkGrad(srtKV(dim), [rand(shape, 6), rand(shape, 7)]);
      checkTranspose(srtKV(dim), [rand(shape, 8), rand(shape, 9)]);
    });
  }

  it("permutes tangents like the operand: sort [3, 1, 2] takes t at positions [1, 2, 0]", () => {
    const [o, t] = jvp((x: Array) => lax.sort(x), [f64([3, 1, 2])], [f64([10, 20, 30])]) as [Array, Array];
    expectAllclose(o, [1, 2, 3]);
    expectAllclose(t, [20, 30, 10]);
  });

  it("sends weights back to the original positions: ∇ Σ w·sort(x) = w at sort's inverse permutation", () => {
    // sort([3, 1, 2]) = [x1, x2, x0] so the weights [1, 10, 100] land at [100, 1, 10].
    const w = f64([1, 10, 100]);
    expectAllclose(grad((x: Array) => np.sum(np.multiply(lax.sort(x), w)))(f64([3, 1, 2])) as Array, [100, 1, 10]);
  });

  it("orders NaNs last and keeps equal keys stable (ties broken by a second key, int keys carry no tangent)", () => {
    const [, t] = jvp((x: Array) => lax.sort(x), [f64([NaN, 1, 0])], [f64([10, 20, 30])]) as [Array, Array];
    expectAllclose(t, [30, 20, 10]);
    // keys (2, 0.5), (1, 0.7), (2, 0.1), (1, 0.9) sort to (1, 0.7), (1, 0.9), (2, 0.1), (2, 0.5): positions [1, 3, 2, 0].
    const k1 = np.array([2, 1, 2, 1], { dtype: "int32" });
    const f = (k2: Array, v: Array): Array => {
      const [, s2, sv] = lax.sort([k1, k2, v], { numKeys: 2 }) as [Array, Array, Array];
      return np.stack([s2, sv]);
    };
    const [o, tt] = jvp(f, [f64([0.5, 0.7, 0.1, 0.9]), f64([0, 1, 2, 3])], [f64([1, 2, 3, 4]), f64([10, 20, 30, 40])]) as [Array, Array];
    expectAllclose(o, [[0.7, 0.9, 0.1, 0.5], [1, 3, 2, 0]]);
    expectAllclose(tt, [[2, 4, 3, 1], [20, 40, 30, 10]]);
    checkGrad(f, [f64([0.5, 0.7, 0.1, 0.9]), f64([0.3, -0.2, 0.6, 0.1])]);
  });
});

describe("sort vmap", () => {
  for (const [shape, dim] of LAYOUTS) {
    it(`matches a per-lane loop with lanes first and last (shape [${shape.join(", ")}], dimension ${dim})`, () => {
      checkVmap(srt(dim), [rand([3, ...shape], 10)], [0]);
      checkVmap(srt(dim), [rand([...shape, 2], 11)], [shape.length]);
    });
  }

  it("matches a per-lane loop with batched keys and unbatched values, and the reverse", () => {
    checkVmap(srtKV(0), [rand([4, 3], 12), rand([4], 13)], [1, null]);
    checkVmap(srtKV(0), [rand([4], 14), rand([2, 4], 15)], [null, 0]);
    checkVmap(srtKV(1), [rand([2, 3, 4], 16), rand([3, 4, 2], 17)], [0, 2]);
  });

  it("batches int32 sorts exactly", () => {
    const x = np.array([[3, 1, 2], [-1, 5, 0]], { dtype: "int32" });
    // lanes are the columns [3, -1], [1, 5], [2, 0] sorted: [-1, 3], [1, 5], [0, 2].
    const out = vmap((a: Array) => lax.sort(a), { inAxes: [1] })(x) as Array;
    expect(out.dtype).toBe("int32");
    expectAllclose(out, [[-1, 3], [1, 5], [0, 2]]);
  });
});

describe("sort nested transformations", () => {
  it("grad of vmap matches finite differences, vmap of grad matches per-lane gradients", () => {
    checkGrad((x) => vmap(srt(0), { inAxes: [1] })(x) as Array, [rand([5, 3], 18)]);
    checkVmap((k, v) => grad(lossOf(srtKV(0)), { argnums: 1 })(k, v) as Array, [rand([2, 5], 19), rand([5], 20)], [0, null]);
  });

  it("jacfwd equals jacrev, and the Jacobian is the sorting permutation matrix", () => {
    const x = f64([0.3, -0.5, 0.1]);
    const jf = jacfwd(srt(0))(x) as Array;
    // sort → [x1, x2, x0]: rows e1, e2, e0.
    expectAllclose(jf, [[0, 1, 0], [0, 0, 1], [1, 0, 0]]);
    expectAllclose(jacrev(srt(0))(x) as Array, jf);
  });

  it("jit of grad equals finite differences", () => {
    const loss = lossOf(srt(1));
    const x = rand([2, 4], 21);
    expectAllclose(flat(jit(grad(loss))(x) as Array), fdGrad(loss, [x], 0), { rtol: 1e-6, atol: 1e-7 });
  });
});

describe("searchsorted rules", () => {
  const sorted = f64([-1, 0, 0, 0.5, 2, NaN]);

  it("has a zero derivative in both operands", () => {
    const v = f64([0, 1, -3, NaN]);
    const [o, t] = jvp((s: Array, q: Array) => np.searchsorted(s, q), [sorted, v], [np.onesLike(sorted), np.onesLike(v)]) as [Array, Array];
    expectAllclose(o, [1, 4, 0, 5]);
    expectAllclose(t, [0, 0, 0, 0]);
    const loss = (s: Array, q: Array): Array => np.sum(np.multiply(np.searchsorted(s, q, "right").astype("float64"), np.sum(q)));
    const [gs, gq] = grad(loss, { argnums: [0, 1] })(f64([-1, 0, 2]), f64([0.5, 3])) as [Array, Array];
    // Only the product's second factor Σq carries a derivative: ∂/∂q_j = Σ positions = 2 + 3 = 5.
    expectAllclose(gs, [0, 0, 0]);
    expectAllclose(gq, [5, 5]);
  });

  it("vmap matches a per-lane loop with batched values, batched sorted arrays, and both", () => {
    for (const side of ["left", "right"] as const) {
      const f: Fn = (s, q) => np.searchsorted(s as Array, q as Array, side);
      const lanes = f64([[-1, 0, 0, 0.5, 2, NaN], [-3, -3, 1, 1, 1, 4], [0, 0, 0, 0, 0, 0]]);
      const queries = f64([[0, 1, -3, NaN], [1, -3, 4, 9], [0, 0.5, -0.5, NaN]]);
      checkVmap(f, [sorted, queries], [null, 0]);
      checkVmap(f, [sorted, np.transpose(queries)], [null, 1]);
      checkVmap(f, [lanes, f64([0, 1, NaN])], [0, null]);
      checkVmap(f, [np.transpose(lanes), queries], [1, 0]);
    }
  });

  it("batches sorted int32 arrays with ties exactly", () => {
    const lanes = np.array([[1, 2, 2, 3], [0, 0, 5, 5]], { dtype: "int32" });
    const q = np.array([2, 5, 0], { dtype: "int32" });
    // lane 0, left: [1, 4, 0]; lane 1, left: [2, 2, 0]; right: lane 0 [3, 4, 0], lane 1 [2, 4, 2].
    const left = vmap((s: Array) => np.searchsorted(s, q), { inAxes: [0] })(lanes) as Array;
    const right = vmap((s: Array) => np.searchsorted(s, q, "right"), { inAxes: [0] })(lanes) as Array;
    expect(left.dtype).toBe("int32");
    expectAllclose(left, [[1, 4, 0], [2, 2, 0]]);
    expectAllclose(right, [[3, 4, 0], [2, 4, 2]]);
  });
});
