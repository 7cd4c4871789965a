// Transformation rules of dot_general: JVP and gradients against finite differences (float64),
// the transpose identity ⟨ct, J·t⟩ = ⟨Jᵀ·ct, t⟩, vmap against per-lane loops, and nesting.
import { describe, expect, it } from "vitest";
import { grad, jacfwd, jacrev, jit, jvp, lax, np, vjp, vmap, type Array, type NestedArray } from "../index.js";
import { expectAllclose } from "../testing/index.js";

// ---- shared checks (duplicated in each *.rules.test.ts so that every file stands alone) ----

/** Deterministic uniform numbers in [-1, 1) (mulberry32). */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) / 4294967296) * 2 - 1;
  };
}

/** A float64 array of `shape` with entries `map(u)`, u uniform in [-1, 1). */
function rand(shape: readonly number[], seed: number, map: (u: number) => number = (u) => u): Array {
  const r = rng(seed);
  const n = shape.reduce((a, b) => a * b, 1);
  return np.reshape(np.array(globalThis.Array.from({ length: n }, () => map(r())), { dtype: "float64" }), shape);
}

const f64 = (v: NestedArray): Array => np.array(v, { dtype: "float64" });
const flat = (x: Array): number[] => globalThis.Array.from(x.data(), Number);
const inner = (a: Array, b: Array): number => flat(a).reduce((s, v, i) => s + v * (flat(b)[i] as number), 0);

/** `x` with `d` added to its flat element `k`. */
function bump(x: Array, k: number, d: number): Array {
  const v = flat(x);
  v[k] = (v[k] as number) + d;
  return np.reshape(np.array(v, { dtype: "float64" }), x.shape);
}

type Fn = (...xs: Array[]) => Array;
const EPS = 1e-6;

/** jvp(f) along random tangents equals the central finite difference (f(x + εt) − f(x − εt)) / 2ε. */
function checkJvp(f: Fn, xs: Array[], seed = 1): void {
  const ts = xs.map((x, i) => rand(x.shape, seed + i));
  const [, tOut] = jvp(f as (...a: never[]) => unknown, xs, ts) as [Array, Array];
  const plus = f(...xs.map((x, i) => np.add(x, np.multiply(ts[i] as Array, EPS))));
  const minus = f(...xs.map((x, i) => np.subtract(x, np.multiply(ts[i] as Array, EPS))));
  expectAllclose(tOut, np.divide(np.subtract(plus, minus), 2 * EPS), { rtol: 1e-6, atol: 1e-7 });
}

/** The scalar loss used for gradients: Σ sin(f(...)). */
const lossOf = (f: Fn): Fn => (...xs) => np.sum(np.sin(f(...xs)));

/** Central finite-difference gradient of a scalar function, one element at a time. */
function fdGrad(g: Fn, xs: Array[], i: number): number[] {
  const x = xs[i] as Array;
  return flat(x).map((_, k) => {
    const at = (d: number): number => flat(g(...xs.map((y, j) => (j === i ? bump(y, k, d) : y))))[0] as number;
    return (at(EPS) - at(-EPS)) / (2 * EPS);
  });
}

/** grad of Σ sin(f) with respect to every operand equals finite differences, element by element. */
function checkGrad(f: Fn, xs: Array[]): void {
  const loss = lossOf(f);
  const gs = grad(loss, { argnums: xs.map((_, i) => i) })(...xs) as Array[];
  gs.forEach((g, i) => {
    expect(g.shape).toEqual((xs[i] as Array).shape);
    expectAllclose(flat(g), fdGrad(loss, xs, i), { rtol: 1e-6, atol: 1e-7 });
  });
}

/** The transpose identity ⟨ct, J·t⟩ = ⟨Jᵀ·ct, t⟩ with vjp's cotangents and jvp's tangents. */
function checkTranspose(f: Fn, xs: Array[], seed = 7): void {
  const ts = xs.map((x, i) => rand(x.shape, seed + i));
  const [out, pull] = vjp(f as (...a: never[]) => unknown, ...xs) as [Array, (ct: Array) => Array[]];
  const ct = rand(out.shape, seed + 100);
  const [, jt] = jvp(f as (...a: never[]) => unknown, xs, ts) as [Array, Array];
  const back = pull(ct);
  const lhs = inner(ct, jt);
  const rhs = back.reduce((s, c, i) => s + inner(c, ts[i] as Array), 0);
  expect(Math.abs(lhs - rhs)).toBeLessThan(1e-10 * (1 + Math.abs(lhs)));
}

/** vmap(f) with `inAxes` equals stacking f over the lanes, one lane at a time. */
function checkVmap(f: Fn, args: Array[], inAxes: (number | null)[], tol = 1e-12): void {
  const k = inAxes.findIndex((a) => a !== null);
  const size = (args[k] as Array).shape[inAxes[k] as number] as number;
  const out = vmap(f, { inAxes })(...args) as Array;
  const lanes = globalThis.Array.from({ length: size }, (_, b) => f(...args.map((a, i) => (inAxes[i] === null ? a : np.take(a, b, inAxes[i] as number)))));
  const expected = np.stack(lanes);
  expect(out.shape).toEqual(expected.shape);
  expect(out.dtype).toBe(expected.dtype);
  expectAllclose(out, expected, { rtol: tol, atol: tol });
}

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
