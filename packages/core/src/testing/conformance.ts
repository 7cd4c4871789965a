// The backend-parity suite: a broad set of op and transformation checks run on a given backend
// and compared with the embedded CPU backend. Backend packages call it from their tests (inside
// vitest); it records which checks it skipped and why. Layer: testing (public surface + vitest).

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Array } from "../array/Array.js";
import type { Backend } from "../backend/backend.js";
import { currentBackendName, getBackend, registerBackend, setBackend } from "../backend/registry.js";
import { cond } from "../control/cond.js";
import { jit } from "../control/jit.js";
import { scan } from "../control/scan.js";
import { forI, whileLoop } from "../control/whileLoop.js";
import type { DType } from "../dtype/dtype.js";
import * as lax from "../lax/index.js";
import * as np from "../numpy/index.js";
import * as prng from "../prng/index.js";
import { grad, jacfwd, jacrev, valueAndGrad } from "../transforms/autodiff.js";
import { vmap } from "../transforms/vmap.js";
import { leaves } from "../tree/index.js";

/** What a check needs from a backend; a backend without it skips the check (with the reason). @beta */
export type ConformanceNeed = "float64" | "syncRead";

/** One parity check: builds its inputs and computes a pytree of arrays on the current backend. @beta */
export interface ConformanceCheck {
  /** `area/what`, e.g. `reduce/sum axis=1`. */
  readonly name: string;
  /** Computes the result; inputs must be created inside (they land on the backend under test). */
  readonly run: () => unknown;
  /** Capabilities the check needs. */
  readonly needs?: readonly ConformanceNeed[];
  /** Tolerance override for float results (float32 paths on other devices round differently). */
  readonly rtol?: number;
  /** Absolute tolerance override. */
  readonly atol?: number;
}

/** Options of {@link runBackendConformance}. @beta */
export interface ConformanceOptions {
  /** Name in the `describe` title and the summary line. @defaultValue the backend's name */
  readonly name?: string;
  /** Checks to skip: a check name (or a prefix ending in `/`) → the reason, printed and recorded. */
  readonly skip?: Readonly<Record<string, string>>;
  /** Relative tolerance for float results. @defaultValue 2e-4 */
  readonly rtol?: number;
  /** Absolute tolerance for float results. @defaultValue 2e-5 */
  readonly atol?: number;
  /** Only these checks (names or `area/` prefixes); all when absent. */
  readonly only?: readonly string[];
}

/** What a conformance run did; filled in as the tests run. @beta */
export interface ConformanceReport {
  /** The name the run was given. */
  readonly name: string;
  /** Checks that ran and matched the CPU backend. */
  readonly passed: string[];
  /** Checks that ran and did not match (or threw). */
  readonly failed: string[];
  /** Checks not run, each with its reason. */
  readonly skipped: { readonly name: string; readonly reason: string }[];
}

// ---------------------------------------------------------------------------------------------
// Inputs: deterministic pseudo-random values (a 32-bit LCG), so every backend sees the same data.

function values(n: number, lo: number, hi: number, seed: number): number[] {
  let s = (seed * 2654435761) >>> 0 || 1;
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out.push(lo + ((hi - lo) * s) / 4294967296);
  }
  return out;
}

function size(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** A float array of `shape` with values in [lo, hi). */
function rand(shape: readonly number[], lo = -2, hi = 2, seed = 1, dtype: DType = "float32"): Array {
  return np.array(values(size(shape), lo, hi, seed), { dtype }).reshape([...shape]);
}

/** An int32 array of `shape` with integers in [lo, hi). */
function randInt(shape: readonly number[], lo: number, hi: number, seed = 1): Array {
  return np.array(values(size(shape), lo, hi, seed).map(Math.floor), { dtype: "int32" }).reshape([...shape]);
}

// ---------------------------------------------------------------------------------------------
// The checks

type Unary = (x: Array) => Array;

const UNARY: [string, Unary, number, number][] = [
  ["exp", np.exp, -3, 3],
  ["log", np.log, 0.1, 5],
  ["log1p", np.log1p, -0.5, 3],
  ["expm1", np.expm1, -2, 2],
  ["sqrt", np.sqrt, 0, 9],
  ["cbrt", np.cbrt, -8, 8],
  ["sin", np.sin, -4, 4],
  ["cos", np.cos, -4, 4],
  ["tan", np.tan, -1.2, 1.2],
  ["tanh", np.tanh, -3, 3],
  ["arcsin", np.arcsin, -0.99, 0.99],
  ["arccos", np.arccos, -0.99, 0.99],
  ["arctan", np.arctan, -5, 5],
  ["sinh", np.sinh, -3, 3],
  ["cosh", np.cosh, -3, 3],
  ["arcsinh", np.arcsinh, -5, 5],
  ["arccosh", np.arccosh, 1.01, 5],
  ["arctanh", np.arctanh, -0.95, 0.95],
  ["abs", np.abs, -3, 3],
  ["negative", np.negative, -3, 3],
  ["floor", np.floor, -3, 3],
  ["ceil", np.ceil, -3, 3],
  ["round", np.round, -3, 3],
  ["trunc", np.trunc, -3, 3],
  ["sign", np.sign, -3, 3],
  ["square", np.square, -3, 3],
  ["reciprocal", np.reciprocal, 0.5, 3],
  ["sigmoid", np.sigmoid, -6, 6],
  ["erf", np.erf, -2, 2],
];

type Binary = (x: Array, y: Array) => Array;

const BINARY: [string, Binary, number, number][] = [
  ["add", np.add, -3, 3],
  ["subtract", np.subtract, -3, 3],
  ["multiply", np.multiply, -3, 3],
  ["divide", np.divide, 0.5, 3],
  ["power", np.power, 0.5, 2],
  ["maximum", np.maximum, -3, 3],
  ["minimum", np.minimum, -3, 3],
  ["mod", np.mod, 0.5, 3],
  ["fmod", np.fmod, 0.5, 3],
  ["arctan2", np.arctan2, -3, 3],
  ["hypot", np.hypot, -3, 3],
  ["logaddexp", np.logaddexp, -3, 3],
];

/** Every check of the suite, in order. @beta */
export function conformanceChecks(): ConformanceCheck[] {
  const checks: ConformanceCheck[] = [];
  const add = (name: string, run: () => unknown, extra: Partial<ConformanceCheck> = {}): void => {
    checks.push({ name, run, ...extra });
  };

  // Elementwise
  // Inverse trigonometric functions are the least accurate on GPUs (4e-4 relative measured on
  // WebGPU over Mesa's llvmpipe); the rest meet the default float32 tolerance.
  const loose = new Set(["arcsin", "arccos"]);
  for (const [name, f, lo, hi] of UNARY) add(`elementwise/${name}`, () => f(rand([3, 5], lo, hi, 11)), loose.has(name) ? { rtol: 2e-3 } : {});
  for (const [name, f, lo, hi] of BINARY) {
    add(`elementwise/${name} (broadcast [3,1] with [4])`, () => f(rand([3, 1], lo, hi, 21), rand([4], lo, hi, 22)));
  }
  add("elementwise/fused chain tanh(a*x+b)*exp(-x)", () => {
    const x = rand([1000], -2, 2, 3);
    return np.tanh(x.mul(0.7).add(0.1)).mul(np.exp(x.neg()));
  });
  add("elementwise/comparisons", () => {
    const x = rand([4, 3], -1, 1, 5);
    const y = rand([3], -1, 1, 6);
    return [np.less(x, y), np.lessEqual(x, y), np.greater(x, y), np.equal(x.round(), y.round()), np.notEqual(x, 0)];
  });
  add("elementwise/where and clip", () => {
    const x = rand([5, 4], -2, 2, 7);
    return [np.where(x.gt(0), x, x.mul(0.1)), np.clip(x, -0.5, 0.5)];
  });
  add("elementwise/logical ops on bool", () => {
    const a = rand([8], -1, 1, 8).gt(0);
    const b = rand([8], -1, 1, 9).gt(0);
    return [np.logicalAnd(a, b), np.logicalOr(a, b), np.logicalXor(a, b), np.logicalNot(a), np.any(a), np.all(b)];
  });
  add("elementwise/nan and inf", () => {
    const x = np.array([1, -1, 0, Infinity, -Infinity, NaN]);
    return [np.divide(x, 0), np.isnan(x), np.isinf(x), np.isfinite(x), np.maximum(x, 0), x.mul(0)];
  });
  add("elementwise/int32 arithmetic", () => {
    const a = randInt([12], -50, 50, 12);
    const b = randInt([12], 1, 9, 13);
    return [a.add(b), a.sub(b), a.mul(b), np.floorDivide(a, b), np.mod(a, b), np.negative(a), np.abs(a), np.maximum(a, b)];
  });
  add("elementwise/int32 beyond 2^24", () => {
    const a = np.array([16777217, 2147483000, -2147483000, 33554433], { dtype: "int32" });
    return [a.add(1), a.sub(3), np.floorDivide(a, 7)];
  });
  add("elementwise/bitwise int32 and uint32", () => {
    const a = randInt([10], 0, 100000, 14);
    const b = randInt([10], 0, 31, 15);
    const u = a.astype("uint32");
    return [np.bitwiseAnd(a, b), np.bitwiseOr(a, b), np.bitwiseXor(a, b), np.leftShift(a, np.array(3, { dtype: "int32" })), np.rightShift(u, np.array(2, { dtype: "uint32" })), np.invert(a)];
  });
  add("elementwise/casts", () => {
    const x = rand([10], -20, 20, 16);
    const i = x.astype("int32");
    return [i, i.astype("float32"), x.gt(0).astype("float32"), x.astype("bool"), i.astype("uint32").astype("float32").sum()];
  });

  // Reductions
  const m = (): Array => rand([4, 5, 6], -2, 2, 31);
  add("reduce/sum all, axis, negative axis, keepdims", () => [m().sum(), m().sum(1), m().sum(-1), m().sum([0, 2], { keepdims: true })]);
  add("reduce/mean, var, std", () => [m().mean(0), m().var(1), m().std(-1)]);
  add("reduce/max, min, ptp", () => [m().max(2), m().min(0), np.ptp(m(), 1)]);
  add("reduce/prod", () => rand([3, 4], 0.5, 1.5, 32).prod(1));
  add("reduce/argmax, argmin", () => [m().argmax(1), m().argmin(2), m().argmax()]);
  add("reduce/logsumexp", () => np.logsumexp(m(), 1));
  add("reduce/long axis (5000 elements)", () => [rand([2, 5000], 0, 1, 33).sum(1), rand([5000], -1, 1, 34).max()], { rtol: 1e-3 });
  add("reduce/int32 sum", () => randInt([6, 7], -100, 100, 35).sum(0));
  add("reduce/cumsum, cumprod", () => [np.cumsum(m(), 1), np.cumprod(rand([3, 5], 0.5, 1.5, 36), 1)]);

  // Movement
  add("movement/reshape, transpose, swapaxes, moveaxis", () => [m().reshape([20, 6]), m().transpose([2, 0, 1]), np.swapaxes(m(), 0, 2), np.moveaxis(m(), 0, -1)]);
  add("movement/slicing with steps and negative indices", () => [m().get(1), m().get({ start: 1, stop: 3 }, null, { step: -2 }), m().get(-1, { start: 1, stop: null, step: 2 })]);
  add("movement/concatenate, stack, split", () => [np.concatenate([m(), m().mul(2)], 1), np.stack([m(), m()], -1), ...np.split(m(), 2, 0)]);
  add("movement/pad, flip, roll, tile, repeat", () => [
    np.pad(m(), [[1, 0], [0, 2], [1, 1]]),
    np.flip(m(), 1),
    np.roll(m(), 2, 2),
    np.tile(rand([2, 3], -1, 1, 37), [2, 2]),
    np.repeat(rand([2, 3], -1, 1, 38), 2, 1),
  ]);
  add("movement/broadcastTo, expandDims, squeeze", () => [np.broadcastTo(rand([3, 1], -1, 1, 39), [2, 3, 4]), np.expandDims(m(), 1), np.squeeze(rand([1, 3, 1], -1, 1, 40))]);
  add("movement/iota-based creation", () => [np.arange(10), np.linspace(0, 1, 7), np.eye(4), np.triu(rand([4, 4], -1, 1, 41))]);

  // Gather and scatter
  add("gather/take, takeAlongAxis, fancy indexing", () => {
    const x = rand([5, 4], -1, 1, 51);
    const idx = np.array([4, 0, 2, 2], { dtype: "int32" });
    return [np.take(x, idx, 0), np.takeAlongAxis(x, x.argsort(1), 1), x.get(idx, { start: 1, stop: 3 })];
  });
  add("gather/boolean mask indexing", () => {
    const x = rand([5, 4], -1, 1, 53);
    return x.get(x.gt(0.5));
  }, { needs: ["syncRead"] });
  add("scatter/at.set, at.add with repeated indices", () => {
    const x = rand([6], -1, 1, 52);
    const idx = np.array([1, 3, 1], { dtype: "int32" });
    return [x.at(idx).set(np.array([9, 8, 7])), x.at(idx).add(np.array([1, 2, 3])), x.at(idx).max(np.array([5, 5, 5]))];
  });

  // Linear algebra and convolution
  add("linalg/matmul 2-D, batched, matrix-vector", () => [
    np.matmul(rand([8, 5], -1, 1, 61), rand([5, 7], -1, 1, 62)),
    np.matmul(rand([3, 4, 5], -1, 1, 63), rand([3, 5, 2], -1, 1, 64)),
    np.matmul(rand([6, 5], -1, 1, 65), rand([5], -1, 1, 66)),
    np.dot(rand([5], -1, 1, 67), rand([5], -1, 1, 68)),
  ]);
  add("linalg/matmul 128x256x64", () => np.matmul(rand([128, 256], -1, 1, 69), rand([256, 64], -1, 1, 70)), { rtol: 1e-3, atol: 1e-4 });
  add("linalg/einsum, outer, tensordot", () => [
    np.einsum("ij,jk->ik", rand([3, 4], -1, 1, 71), rand([4, 2], -1, 1, 72)),
    np.outer(rand([3], -1, 1, 73), rand([4], -1, 1, 74)),
    np.tensordot(rand([2, 3, 4], -1, 1, 75), rand([3, 4, 5], -1, 1, 76), 2),
  ]);
  add("conv/convGeneralDilated 1-D and 2-D", () => [
    lax.convGeneralDilated(rand([2, 3, 10], -1, 1, 81), rand([4, 3, 3], -1, 1, 82), [1], "SAME"),
    lax.convGeneralDilated(rand([1, 2, 6, 6], -1, 1, 83), rand([3, 2, 3, 3], -1, 1, 84), [2, 2], [[1, 1], [0, 1]]),
  ]);
  add("conv/reduceWindow max pooling", () => lax.reduceWindow(rand([1, 6, 6], -1, 1, 85), -Infinity, "max", [1, 2, 2], [1, 2, 2]));

  // Sorting
  add("sort/sort, argsort, searchsorted", () => {
    const x = rand([4, 7], -1, 1, 91);
    return [np.sort(x, 1), np.argsort(x, 0), np.searchsorted(np.sort(rand([10], -1, 1, 92)), rand([5], -1, 1, 93))];
  });

  // Control flow under jit
  add("jit/fused elementwise and reduction", () => {
    const f = jit((x: Array, y: Array) => np.tanh(x.mul(y).add(1)).sum(0).mul(2));
    return f(rand([20, 30], -1, 1, 101), rand([30], -1, 1, 102));
  });
  add("jit/scan (cumulative sum and a carried state)", () => {
    const f = jit((xs: Array) => scan((c: Array, x: Array): [Array, Array] => [c.mul(0.9).add(x), c.sum()], np.zeros([3]), xs));
    return f(rand([6, 3], -1, 1, 103));
  });
  add("jit/forI with a static trip count", () => jit((x: Array) => forI(0, 5, (i: Array, c: Array) => c.mul(x).add(i.astype("float32")), np.ones([4])))(rand([4], -1, 1, 104)));
  add("jit/whileLoop", () => jit((x: Array) => whileLoop((c: [Array, Array]) => c[0].lt(10), (c: [Array, Array]): [Array, Array] => [c[0].add(1), c[1].mul(1.1)], [np.array(0), x]))(rand([3], -1, 1, 105)), {
    needs: ["syncRead"],
  });
  add("jit/cond", () => {
    const f = jit((x: Array) => cond(x.sum().gt(0), (a: Array) => np.sin(a), (a: Array) => np.cos(a), x));
    return [f(rand([3], 0, 1, 106)), f(rand([3], -1, 0, 107))];
  }, { needs: ["syncRead"] });
  add("jit/LIF neuron loop (leaky integrate-and-fire, 50 steps)", () => {
    const step = (v: Array, i: Array): [Array, Array] => {
      const v1 = v.add(i.sub(v.add(65)).mul(0.1 / 10));
      const spike = v1.ge(-50);
      return [np.where(spike, -65, v1), spike.astype("float32")];
    };
    const run = jit((v0: Array, input: Array) => scan(step, v0, input));
    return run(np.full([16], -65), rand([50, 16], 10, 30, 108));
  });

  // Transformations
  add("autodiff/grad of a scalar loss", () => grad((x: Array) => np.tanh(x).mul(x).sum())(rand([5], -1, 1, 111)));
  add("autodiff/valueAndGrad through matmul and softplus", () => {
    const w = rand([4, 3], -1, 1, 112);
    const x = rand([5, 4], -1, 1, 113);
    return valueAndGrad((w: Array) => np.logaddexp(np.matmul(x, w), 0).mean())(w);
  });
  add("autodiff/jacfwd and jacrev", () => {
    const f = (x: Array): Array => np.sin(x).mul(x.sum());
    const x = rand([4], -1, 1, 114);
    return [jacfwd(f)(x), jacrev(f)(x)];
  });
  add("autodiff/grad through scan", () => {
    const loss = (w: Array): Array => scan((c: Array, x: Array): [Array, null] => [np.tanh(c.mul(w).add(x)), null], np.zeros([3]), rand([5, 3], -1, 1, 115))[0].sum();
    return grad(loss)(rand([3], -1, 1, 116));
  });
  add("autodiff/jit(grad) and grad(jit)", () => {
    const f = (x: Array): Array => np.exp(x.mul(0.5)).sum();
    const x = rand([6], -1, 1, 117);
    return [jit(grad(f))(x), grad(jit(f))(x)];
  });
  add("vmap/matmul and reductions", () => [vmap((a: Array, b: Array) => np.matmul(a, b))(rand([3, 2, 4], -1, 1, 121), rand([3, 4, 5], -1, 1, 122)), vmap((a: Array) => a.max(), { inAxes: 1 })(rand([4, 6], -1, 1, 123))]);
  add("vmap/vmap(grad) per-example gradients", () => vmap(grad((x: Array) => np.sin(x).mul(x).sum()))(rand([4, 3], -1, 1, 124)));
  add("vmap/jit(vmap) of a scan", () => jit(vmap((xs: Array) => scan((c: Array, x: Array): [Array, Array] => [c.add(x), c], np.array(0), xs)))(rand([3, 5], -1, 1, 125)));

  // Random numbers: threefry hashing is 32-bit integer arithmetic.
  add("random/uniform, normal, split", () => {
    const k = prng.key(42);
    const [k1, k2] = prng.splitKeys(k);
    return [prng.uniform(k1 as Array, [50]), prng.normal(k2 as Array, [20]), prng.bits(k, [4])];
  }, { rtol: 1e-4, atol: 1e-5 });

  // float64
  add("float64/arithmetic and reductions", () => {
    const x = rand([10], -1, 1, 131, "float64");
    return [x.mul(1 + 1e-10), np.exp(x).sum(), x.add(1e-12).sub(x)];
  }, { needs: ["float64"] });

  return checks;
}

// ---------------------------------------------------------------------------------------------
// Running

function matches(rule: string, name: string): boolean {
  return rule === name || (rule.endsWith("/") && name.startsWith(rule));
}

function missingNeed(check: ConformanceCheck, backend: Backend): string | null {
  for (const need of check.needs ?? []) {
    if (need === "float64" && !backend.capabilities.dtypes.includes("float64")) return `needs float64, which ${backend.capabilities.label ?? backend.name} does not store`;
    if (need === "syncRead" && !backend.capabilities.syncRead) {
      return `needs synchronous reads (a data-dependent shape, or jit's whileLoop/cond reading their predicate), which ${backend.capabilities.label ?? backend.name} does not have`;
    }
  }
  return null;
}

interface Leaf {
  readonly shape: readonly number[];
  readonly dtype: DType;
  readonly values: ArrayLike<number>;
}

async function evaluate(check: ConformanceCheck, backendName: string): Promise<Leaf[]> {
  const previous = currentBackendName();
  setBackend(backendName);
  try {
    const out = check.run();
    const arrays = leaves(out).filter((x): x is Array => x instanceof Array);
    const result: Leaf[] = [];
    for (const a of arrays) result.push({ shape: [...a.shape], dtype: a.dtype, values: await a.dataAsync() });
    return result;
  } finally {
    setBackend(previous);
  }
}

function compare(check: ConformanceCheck, got: readonly Leaf[], want: readonly Leaf[], rtol: number, atol: number): string | null {
  if (got.length !== want.length) return `${got.length} result arrays, the CPU backend gives ${want.length}`;
  for (let k = 0; k < want.length; k++) {
    const g = got[k] as Leaf;
    const w = want[k] as Leaf;
    if (g.dtype !== w.dtype || g.shape.join(",") !== w.shape.join(",")) {
      return `result ${k} is ${g.dtype}[${g.shape.join(",")}], the CPU backend gives ${w.dtype}[${w.shape.join(",")}]`;
    }
    const exact = w.dtype !== "float32" && w.dtype !== "float64";
    const rt = check.rtol ?? rtol;
    const at = check.atol ?? atol;
    for (let i = 0; i < w.values.length; i++) {
      const a = g.values[i] as number;
      const b = w.values[i] as number;
      if (Number.isNaN(a) && Number.isNaN(b)) continue;
      const ok = exact ? a === b : a === b || Math.abs(a - b) <= at + rt * Math.abs(b);
      if (!ok) return `result ${k} (${w.dtype}[${w.shape.join(",")}]) differs at flat index ${i}: ${a} here, ${b} on the CPU backend (rtol ${rt}, atol ${at})`;
    }
  }
  return null;
}

let runCounter = 0;

/**
 * Registers a vitest suite that runs every {@link conformanceChecks} check on the backend that
 * `makeBackend` creates and compares each result with the embedded CPU backend. Checks listed in
 * `options.skip`, and checks needing a capability the backend lacks, are skipped with their reason:
 * each shows up as a skipped test titled with the reason, and the summary printed after the suite
 * lists them. Call it at the top level of a test file (or inside a `describe`).
 * @returns the report, filled in while the suite runs.
 * @example
 * ```ts
 * runBackendConformance(() => createMyBackend(), { name: "mine", skip: { "float64/": "no float64" } });
 * ```
 * @beta
 */
export function runBackendConformance(makeBackend: () => Backend, options: ConformanceOptions = {}): ConformanceReport {
  const checks = conformanceChecks().filter((c) => !options.only || options.only.some((r) => matches(r, c.name)));
  const registered = `conformance-${++runCounter}`;
  const report: ConformanceReport = { name: options.name ?? registered, passed: [], failed: [], skipped: [] };
  const rtol = options.rtol ?? 2e-4;
  const atol = options.atol ?? 2e-5;
  let backend: Backend | undefined;
  const ensure = (): Backend => {
    if (!backend) {
      const made = makeBackend();
      registerBackend(registered, () => made);
      backend = getBackend(registered);
    }
    return backend;
  };
  describe(`backend conformance: ${report.name}`, () => {
    beforeAll(() => {
      ensure();
    });
    afterAll(() => {
      const skipped = report.skipped.map((s) => `  - ${s.name}: ${s.reason}`).join("\n");
      console.log(
        `backend conformance '${report.name}': ${report.passed.length} passed, ${report.failed.length} failed, ${report.skipped.length} skipped` +
          (skipped ? `\n${skipped}` : ""),
      );
    });
    for (const check of checks) {
      const rule = Object.keys(options.skip ?? {}).find((r) => matches(r, check.name));
      if (rule !== undefined) {
        const reason = (options.skip as Record<string, string>)[rule] as string;
        report.skipped.push({ name: check.name, reason });
        it.skip(`${check.name} — skipped: ${reason}`, () => undefined);
        continue;
      }
      it(check.name, async (ctx) => {
        const b = ensure();
        const missing = missingNeed(check, b);
        if (missing !== null) {
          report.skipped.push({ name: check.name, reason: missing });
          ctx.skip(missing);
          return;
        }
        let problem: string | null;
        try {
          const want = await evaluate(check, "cpu");
          const got = await evaluate(check, registered);
          problem = compare(check, got, want, rtol, atol);
        } catch (e) {
          report.failed.push(check.name);
          throw e;
        }
        (problem === null ? report.passed : report.failed).push(check.name);
        expect(problem, `${check.name} on ${report.name}`).toBeNull();
      });
    }
  });
  return report;
}
