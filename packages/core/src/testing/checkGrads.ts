// Numerical derivative checks (JAX's check_jvp / check_vjp / check_grads): forward mode against
// central finite differences, reverse mode against forward mode through the dot-product
// identity ⟨u, J·v⟩ = ⟨Jᵀ·u, v⟩, recursively for higher orders. Layer: testing.

import { Array } from "../array/Array.js";
import { array } from "../numpy/convert.js";
import { add, multiply, subtract } from "../numpy/elementwise.js";
import { jvp } from "../transforms/jvp.js";
import { vjp } from "../transforms/autodiff.js";

/** Options of {@link checkGrads}. @public */
export interface CheckGradsOptions {
  /** Highest derivative order to check (1 or 2). @defaultValue 1 */
  order?: 1 | 2;
  /** Which modes to check. @defaultValue ["fwd", "rev"] */
  modes?: readonly ("fwd" | "rev")[];
  /** Finite-difference step. @defaultValue 1e-4 for float64 inputs, 3e-3 for float32 */
  eps?: number;
  /** Relative tolerance. @defaultValue 1e-4 (float64), 5e-2 (float32) */
  rtol?: number;
  /** Absolute tolerance. @defaultValue rtol */
  atol?: number;
  /** Seed of the random tangent and cotangent directions. @defaultValue 0 */
  seed?: number;
}

function random(seed: number): () => number {
  let a = seed | 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296 - 0.5;
  };
}

function randomLike(x: Array, rnd: () => number): Array {
  return array(Float64Array.from({ length: x.size }, rnd), { dtype: x.dtype }).reshape([...x.shape]);
}

function inner(a: Array, b: Array): number {
  const x = a.data();
  const y = b.data();
  let s = 0;
  for (let i = 0; i < x.length; i++) s += (x[i] as number) * (y[i] as number);
  return s;
}

function compare(what: string, got: Array, want: Array, rtol: number, atol: number): void {
  const g = got.data();
  const w = want.data();
  if (got.shape.join(",") !== want.shape.join(",")) throw new Error(`${what}: shape [${got.shape.join(",")}] differs from the reference's [${want.shape.join(",")}]`);
  let scale = 0;
  for (let i = 0; i < w.length; i++) scale = Math.max(scale, Math.abs(w[i] as number));
  for (let i = 0; i < g.length; i++) {
    const err = Math.abs((g[i] as number) - (w[i] as number));
    if (!(err <= atol + rtol * Math.max(Math.abs(w[i] as number), scale))) {
      throw new Error(`${what}: element ${i} is ${g[i]} but the reference gives ${w[i]} (error ${err.toExponential(2)}, rtol ${rtol}, atol ${atol})`);
    }
  }
}

function defaults(args: readonly Array[], options: CheckGradsOptions): Required<Omit<CheckGradsOptions, "order" | "modes" | "seed">> {
  const f64 = args.every((a) => a.dtype === "float64");
  const rtol = options.rtol ?? (f64 ? 1e-4 : 5e-2);
  return { eps: options.eps ?? (f64 ? 1e-4 : 3e-3), rtol, atol: options.atol ?? rtol };
}

/** Checks `f`'s JVP at `args` against central finite differences along a random direction. @public */
export function checkJvp(f: (...args: Array[]) => Array, args: readonly Array[], options: CheckGradsOptions = {}): void {
  const { eps, rtol, atol } = defaults(args, options);
  const rnd = random(options.seed ?? 0);
  const ts = args.map((a) => randomLike(a, rnd));
  const [, tOut] = jvp(f as (...a: never[]) => unknown, args, ts) as [Array, Array];
  const plus = f(...args.map((a, i) => add(a, multiply(ts[i] as Array, eps))));
  const minus = f(...args.map((a, i) => subtract(a, multiply(ts[i] as Array, eps))));
  const fd = multiply(subtract(plus, minus), 1 / (2 * eps));
  compare("checkJvp (JVP vs finite differences)", tOut, fd, rtol, atol);
}

/** Checks `f`'s VJP at `args` against its JVP: ⟨u, J·v⟩ = ⟨Jᵀ·u, v⟩ for random u, v. @public */
export function checkVjp(f: (...args: Array[]) => Array, args: readonly Array[], options: CheckGradsOptions = {}): void {
  const { rtol, atol } = defaults(args, options);
  const rnd = random((options.seed ?? 0) + 1);
  const ts = args.map((a) => randomLike(a, rnd));
  const [out, tOut] = jvp(f as (...a: never[]) => unknown, args, ts) as [Array, Array];
  const u = randomLike(out, rnd);
  const [, back] = vjp(f as (...a: never[]) => unknown, ...args);
  const cts = back(u) as Array[];
  const lhs = inner(u, tOut);
  const rhs = cts.reduce((s, c, i) => s + inner(c, ts[i] as Array), 0);
  if (!(Math.abs(lhs - rhs) <= atol + rtol * Math.max(Math.abs(lhs), Math.abs(rhs)))) {
    throw new Error(`checkVjp: ⟨u, J·v⟩ = ${lhs} but ⟨Jᵀ·u, v⟩ = ${rhs} (the transpose disagrees with the JVP)`);
  }
}

/**
 * Checks `f`'s derivatives at `args` (JAX's `check_grads`): forward mode against finite
 * differences and reverse mode against forward mode, up to `order`. Throws an Error describing
 * the first mismatch.
 * @public
 */
export function checkGrads(f: (...args: Array[]) => Array, args: readonly Array[], options: CheckGradsOptions = {}): void {
  const modes = options.modes ?? ["fwd", "rev"];
  if (modes.includes("fwd")) checkJvp(f, args, options);
  if (modes.includes("rev")) checkVjp(f, args, options);
  if ((options.order ?? 1) >= 2) {
    const rnd = random((options.seed ?? 0) + 2);
    const ts = args.map((a) => randomLike(a, rnd));
    // Second order: the JVP itself (as a function of the primals) must pass the first-order checks.
    const tangentOf = (...xs: Array[]): Array => (jvp(f as (...a: never[]) => unknown, xs, ts) as [Array, Array])[1];
    checkGrads(tangentOf, args, { ...options, order: 1, seed: (options.seed ?? 0) + 3 });
  }
}
