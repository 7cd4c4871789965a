// Transformation rules of dot_general: JVP and gradients against finite differences (float64),
// the transpose identity ⟨ct, J·t⟩ = ⟨Jᵀ·ct, t⟩, vmap against per-lane loops, and nesting.
import { describe, expect, it } from "vitest";
import { grad, jacfwd, jacrev, jit, jvp, lax, np, vmap, type Array } from "../index.js";
import { expectAllclose } from "../testing/index.js";

import { checkGrad, checkJvp, checkTranspose, checkVmap, f64, fdGrad, flat, lossOf, rand, type Fn } from "../../test/ruleChecks.js";

type Dims = Parameters<typeof lax.dotGeneral>[2];
const dg = (dims: Dims): Fn => (a, b) => lax.dotGeneral(a as Array, b as Array, dims);

// [name, lhs shape, rhs shape, dimension numbers]
const CASES: [string, number[], number[], Dims][] = [
  ["matrix product", [2, 3], [3, 4], [[[1], [0]], [[], []]]],
  ["contraction on the lhs's first axis", [3, 2], [3, 4], [[[0], [0]], [[], []]]],
  ["two contracting axes in crossed order", [2, 3, 4], [4, 5, 3], [[[1, 2], [2, 0]], [[], []]]],
  ["batched, batch axes not leading", [3, 2, 4], [4, 5, 2], [[[2], [0]], [[1], [2]]]],
  ["outer product (nothing contracted)", [2, 3], [4], [[[], []], [[], []]]],
  ["vector dot (scalar result)", [5], [5], [[[0], [0]], [[], []]]],
];

describe("dot_general jvp", () => {
  for (const [name, ls, rs, dims] of CASES) {
    it(`matches finite differences for a ${name}`, () => {
      checkJvp(dg(dims), [rand(ls, 1), rand(rs, 2)]);
    });
  }

  it("gives l·dr alone when only the rhs has a tangent", () => {
    // A = [[1, 2], [3, 4]], dB = I: d(A·B) = A·dB = A.
    const a = f64([[1, 2], [3, 4]]);
    const b = f64([[5, 6], [7, 8]]);
    const [, t] = jvp((y: Array) => lax.dotGeneral(a, y, [[[1], [0]], [[], []]]), [b], [f64([[1, 0], [0, 1]])]) as [Array, Array];
    expectAllclose(t, [[1, 2], [3, 4]]);
  });
});

describe("dot_general grad", () => {
  for (const [name, ls, rs, dims] of CASES) {
    it(`matches finite differences for a ${name}`, () => {
      checkGrad(dg(dims), [rand(ls, 3), rand(rs, 4)]);
    });
  }

  it("gives row sums of B for the lhs and column sums of A for the rhs of sum(A·B)", () => {
    // ∂/∂A[i,k] Σ_ij (AB)[i,j] = Σ_j B[k,j] = [3, 7, 11]; ∂/∂B[k,j] = Σ_i A[i,k] = [5, 7, 9].
    const a = f64([[1, 2, 3], [4, 5, 6]]);
    const b = f64([[1, 2], [3, 4], [5, 6]]);
    const [ga, gb] = grad((x: Array, y: Array) => np.sum(lax.dot(x, y)), { argnums: [0, 1] })(a, b) as Array[];
    expectAllclose(ga as Array, [[3, 7, 11], [3, 7, 11]]);
    expectAllclose(gb as Array, [[5, 5], [7, 7], [9, 9]]);
  });
});

describe("dot_general transpose", () => {
  for (const [name, ls, rs, dims] of CASES) {
    it(`satisfies ⟨ct, J·t⟩ = ⟨Jᵀ·ct, t⟩ for a ${name}`, () => {
      checkTranspose(dg(dims), [rand(ls, 5), rand(rs, 6)]);
    });
  }

  it("transposes with respect to one operand when the other is a constant", () => {
    const w = rand([3, 4], 9);
    checkTranspose((x) => lax.dotGeneral(x as Array, w, [[[1], [0]], [[], []]]), [rand([2, 3], 8)]);
    checkTranspose((y) => lax.dotGeneral(w, y as Array, [[[0], [1]], [[], []]]), [rand([5, 3], 10)]);
  });
});

describe("dot_general vmap", () => {
  for (const [name, ls, rs, dims] of CASES) {
    it(`matches a per-lane loop for a ${name} with both operands batched`, () => {
      checkVmap(dg(dims), [rand([3, ...ls], 11), rand([3, ...rs], 12)], [0, 0]);
    });
  }

  it("matches a per-lane loop with the batch axis inside the operands (inAxes 1 and last)", () => {
    const [, ls, rs, dims] = CASES[3] as [string, number[], number[], Dims];
    const l = rand([ls[0] as number, 2, ...ls.slice(1)], 13);
    const r = rand([...rs, 2], 14);
    checkVmap(dg(dims), [l, r], [1, rs.length]);
  });

  it("matches a per-lane loop when only the lhs is batched", () => {
    for (const [, ls, rs, dims] of CASES) checkVmap(dg(dims), [rand([...ls, 2], 15), rand(rs, 16)], [ls.length, null]);
  });

  it("matches a per-lane loop when only the rhs is batched", () => {
    for (const [, ls, rs, dims] of CASES) checkVmap(dg(dims), [rand(ls, 17), rand([2, ...rs], 18)], [null, 0]);
  });

  it("batches int32 products exactly", () => {
    const a = np.array([[[1, 2], [3, 4]], [[5, 6], [7, 8]]], { dtype: "int32" });
    const b = np.array([[1, 0], [2, 1]], { dtype: "int32" });
    // lane 0: [[1,2],[3,4]]·[[1,0],[2,1]] = [[5,2],[11,4]]; lane 1: [[5,6],[7,8]]·… = [[17,6],[23,8]].
    const out = vmap((x: Array) => lax.dot(x, b), { inAxes: [0] })(a) as Array;
    expect(out.dtype).toBe("int32");
    expectAllclose(out, [[[5, 2], [11, 4]], [[17, 6], [23, 8]]]);
  });
});

describe("dot_general nested transformations", () => {
  const dims: Dims = [[[1], [0]], [[], []]];

  it("grad of vmap matches finite differences", () => {
    const f = (a: Array, b: Array): Array => vmap(dg(dims), { inAxes: [0, null] })(a, b) as Array;
    checkGrad(f, [rand([2, 2, 3], 19), rand([3, 2], 20)]);
  });

  it("vmap of grad matches per-lane gradients", () => {
    const g = (a: Array, b: Array): Array => grad(lossOf(dg(dims)))(a, b) as Array;
    checkVmap(g, [rand([3, 2, 3], 21), rand([3, 2], 22)], [0, null]);
  });

  it("jacfwd equals jacrev", () => {
    const b = rand([3, 2], 24);
    const f = (a: Array): Array => np.sin(lax.dot(a, b));
    const a = rand([2, 3], 23);
    expectAllclose(jacfwd(f)(a) as Array, jacrev(f)(a) as Array, { rtol: 1e-12, atol: 1e-12 });
  });

  it("jit of grad equals grad and finite differences", () => {
    const loss = lossOf(dg(dims));
    const xs = [rand([2, 3], 25), rand([3, 4], 26)];
    const g = jit(grad(loss, { argnums: [0, 1] }))(...xs) as Array[];
    g.forEach((gi, i) => expectAllclose(flat(gi), fdGrad(loss, xs, i), { rtol: 1e-6, atol: 1e-7 }));
  });

  it("second derivatives: the Hessian of Σ (a·b)² in a is 2 bᵀb ⊗ I, from jacfwd of grad", () => {
    // f(a) = Σ_ij (Σ_k a_ik b_kj)²; ∂²f/∂a_ik∂a_i'k' = 2 δ_ii' Σ_j b_kj b_k'j.
    const b = f64([[1, 2], [3, 4]]);
    const f = (a: Array): Array => np.sum(np.square(lax.dot(a, b)));
    const h = jacfwd(grad(f))(f64([[0.5, -1]])) as Array;
    // bbᵀ = [[1·1 + 2·2, 1·3 + 2·4], [3·1 + 4·2, 3·3 + 4·4]] = [[5, 11], [11, 25]].
    expectAllclose(h, [[[[10, 22]], [[22, 50]]]]);
  });
});
