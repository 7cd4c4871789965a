// Shared checks for the transformation rules of primitives (used by src/primitives/*.rules.test.ts):
// JVPs and gradients against central finite differences on float64, the transpose identity
// ⟨ct, J·t⟩ = ⟨Jᵀ·ct, t⟩, and vmap against per-lane loops.
import { expect } from "vitest";
import { grad, jvp, np, vjp, vmap, type Array, type NestedArray } from "../src/index.js";
import { expectAllclose } from "../src/testing/index.js";


/** Deterministic uniform numbers in [-1, 1) (mulberry32). */
export function rng(seed: number): () => number {
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
export function rand(shape: readonly number[], seed: number, map: (u: number) => number = (u) => u): Array {
  const r = rng(seed);
  const n = shape.reduce((a, b) => a * b, 1);
  return np.reshape(np.array(globalThis.Array.from({ length: n }, () => map(r())), { dtype: "float64" }), shape);
}

export const f64 = (v: NestedArray): Array => np.array(v, { dtype: "float64" });
export const flat = (x: Array): number[] => globalThis.Array.from(x.data(), Number);
export const inner = (a: Array, b: Array): number => flat(a).reduce((s, v, i) => s + v * (flat(b)[i] as number), 0);

/** `x` with `d` added to its flat element `k`. */
export function bump(x: Array, k: number, d: number): Array {
  const v = flat(x);
  v[k] = (v[k] as number) + d;
  return np.reshape(np.array(v, { dtype: "float64" }), x.shape);
}

export type Fn = (...xs: Array[]) => Array;
export const EPS = 1e-6;

/** jvp(f) along random tangents equals the central finite difference (f(x + εt) − f(x − εt)) / 2ε. */
export function checkJvp(f: Fn, xs: Array[], seed = 1): void {
  const ts = xs.map((x, i) => rand(x.shape, seed + i));
  const [, tOut] = jvp(f as (...a: never[]) => unknown, xs, ts) as [Array, Array];
  const plus = f(...xs.map((x, i) => np.add(x, np.multiply(ts[i] as Array, EPS))));
  const minus = f(...xs.map((x, i) => np.subtract(x, np.multiply(ts[i] as Array, EPS))));
  expectAllclose(tOut, np.divide(np.subtract(plus, minus), 2 * EPS), { rtol: 1e-6, atol: 1e-7 });
}

/** The scalar loss used for gradients: Σ sin(f(...)). */
export const lossOf = (f: Fn): Fn => (...xs) => np.sum(np.sin(f(...xs)));

/** Central finite-difference gradient of a scalar function, one element at a time. */
export function fdGrad(g: Fn, xs: Array[], i: number): number[] {
  const x = xs[i] as Array;
  return flat(x).map((_, k) => {
    const at = (d: number): number => flat(g(...xs.map((y, j) => (j === i ? bump(y, k, d) : y))))[0] as number;
    return (at(EPS) - at(-EPS)) / (2 * EPS);
  });
}

/** grad of Σ sin(f) with respect to every operand equals finite differences, element by element. */
export function checkGrad(f: Fn, xs: Array[]): void {
  const loss = lossOf(f);
  const gs = grad(loss, { argnums: xs.map((_, i) => i) })(...xs) as Array[];
  gs.forEach((g, i) => {
    expect(g.shape).toEqual((xs[i] as Array).shape);
    expectAllclose(flat(g), fdGrad(loss, xs, i), { rtol: 1e-6, atol: 1e-7 });
  });
}

/** The transpose identity ⟨ct, J·t⟩ = ⟨Jᵀ·ct, t⟩ with vjp's cotangents and jvp's tangents. */
export function checkTranspose(f: Fn, xs: Array[], seed = 7): void {
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
export function checkVmap(f: Fn, args: Array[], inAxes: (number | null)[], tol = 1e-12): void {
  const k = inAxes.findIndex((a) => a !== null);
  const size = (args[k] as Array).shape[inAxes[k] as number] as number;
  const out = vmap(f, { inAxes })(...args) as Array;
  const lanes = globalThis.Array.from({ length: size }, (_, b) => f(...args.map((a, i) => (inAxes[i] === null ? a : np.take(a, b, inAxes[i] as number)))));
  const expected = np.stack(lanes);
  expect(out.shape).toEqual(expected.shape);
  expect(out.dtype).toBe(expected.dtype);
  expectAllclose(out, expected, { rtol: tol, atol: tol });
}
