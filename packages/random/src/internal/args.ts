// Argument handling shared by every sampler: options objects, `size` → shape, dtypes, keys given
// as seeds or arrays, parameters given as JS values or Arrays, and the parameter checks (static
// ValueError for JS values, run-time errorIf for Arrays). Layer: random internals.

import {
  Array,
  DTypeError,
  errorIf,
  isFloat,
  np,
  OptionError,
  prng,
  ShapeError,
  ValueError,
  type DType,
} from "@brainstate/core";
import { environ } from "@brainstate/state";

/** A parameter as users pass it: an Array, a JS number or boolean, or nested JS lists of numbers. */
export type ParamLike = np.ArrayLike;

/** Rejects option keys that `where` does not know, naming the allowed ones. */
export function checkOptions(where: string, options: object | undefined | null, allowed: readonly string[]): void {
  if (options === undefined || options === null) return;
  if (typeof options !== "object" || globalThis.Array.isArray(options) || options instanceof Array) {
    throw new OptionError(
      `${where}: the last argument must be an options object ({ ${allowed.join(", ")} }), got ${options instanceof Array ? "an Array" : globalThis.Array.isArray(options) ? "a JS list" : typeof options}`,
    );
  }
  for (const key of Object.keys(options)) {
    if (!allowed.includes(key)) {
      throw new OptionError(`${where}: unknown option '${key}'; the options are ${allowed.map((k) => `'${k}'`).join(", ")}`);
    }
  }
}

/** True when a parameter was not given (Python's `None`). */
export function isMissing(x: unknown): x is null | undefined {
  return x === null || x === undefined;
}

/** brainstate's `_size2shape`: `null`/`undefined` → `[]`, a number → `[n]`, a list → itself; sizes must be non-negative integers. */
export function sizeToShape(where: string, size: number | readonly number[] | null | undefined): number[] {
  if (isMissing(size)) return [];
  const dims = typeof size === "number" ? [size] : size;
  if (!globalThis.Array.isArray(dims)) {
    throw new ShapeError(`${where}: size must be a number or a list of numbers, got ${typeof size}; pass e.g. { size: [3, 2] }`);
  }
  for (const d of dims as readonly unknown[]) {
    if (typeof d !== "number" || !Number.isInteger(d) || d < 0) {
      throw new ShapeError(`${where}: size must hold non-negative integers, got [${dims.join(", ")}]`);
    }
  }
  return [...(dims as readonly number[])];
}

/** The float dtype of samples: the given one (must be float32/float64) or brainstate's `environ.dftype()`. */
export function floatDType(where: string, dtype: DType | undefined | null): DType {
  const d = dtype ?? environ.dftype();
  if (typeof d !== "string" || !isFloat(d)) {
    throw new DTypeError(`${where}: dtype must be a float dtype ('float32' or 'float64'), got ${JSON.stringify(d)}; integer results come from the integer samplers`);
  }
  return d;
}

/** The dtype of integer-valued samples: the given one or brainstate's `environ.ditype()` (int32). */
export function intDType(dtype: DType | undefined | null): DType {
  return dtype ?? environ.ditype();
}

/**
 * brainstate's `_formalize_key`: a JS integer seed becomes `prng.key(seed)`; an Array must be
 * two uint32 words (any shape of size 2) and is used as the key.
 */
export function formalizeKey(where: string, key: unknown): Array {
  if (typeof key === "number") {
    if (!Number.isSafeInteger(key)) throw new ValueError(`${where}: a key given as a number must be an integer seed, got ${key}`);
    return prng.key(key);
  }
  if (key instanceof Array) {
    if (key.dtype !== "uint32") {
      throw new DTypeError(`${where}: key must be an integer seed or an array of two uint32 words (prng.key(seed)), got a ${key.dtype} array; do not cast keys`);
    }
    if (key.size !== 2) {
      throw new ShapeError(
        `${where}: key must be an integer seed or an array of two uint32 words, got shape [${key.shape.join(", ")}]; for a batch of keys, vmap over them`,
      );
    }
    return key.ndim === 1 ? key : key.reshape([2]);
  }
  throw new ValueError(`${where}: key must be an integer seed or an array of two uint32 words, got ${key === null ? "null" : typeof key}`);
}

/** A parameter as an Array (JS lists become arrays, as brainstate's `_check_py_seq`). */
export function param(where: string, x: ParamLike): Array {
  return np.asArray(x, where);
}

/** A parameter as an Array of a float dtype (`jnp.asarray(x, dtype=dtype)`). */
export function floatParam(where: string, x: ParamLike, dtype: DType): Array {
  const a = np.asArray(x, where);
  return a.dtype === dtype ? a : a.astype(dtype);
}

/** The shape of a parameter without converting it. */
export function shapeOf(where: string, x: ParamLike | null | undefined): number[] {
  if (isMissing(x)) return [];
  if (x instanceof Array) return [...x.shape];
  return [...np.asArray(x, where).shape];
}

/** NumPy broadcasting of shapes, as a ShapeError naming `where` when they do not broadcast. */
export function broadcastShapes(where: string, ...shapes: (readonly number[])[]): number[] {
  const ndim = Math.max(0, ...shapes.map((s) => s.length));
  const out: number[] = [];
  for (let i = 0; i < ndim; i++) {
    let d = 1;
    for (const s of shapes) {
      const k = s.length - ndim + i;
      const v = k >= 0 ? (s[k] as number) : 1;
      if (v === 1) continue;
      if (d !== 1 && d !== v) {
        throw new ShapeError(`${where}: parameter shapes ${shapes.map((t) => `[${t.join(",")}]`).join(", ")} do not broadcast together (sizes must be equal or 1, compared from the last axis)`);
      }
      d = v;
    }
    out.push(d);
  }
  return out;
}

/** brainstate's `_check_shape`: every parameter shape must broadcast to exactly `shape`. */
export function checkSize(where: string, shape: readonly number[], ...paramShapes: (readonly number[])[]): void {
  for (const p of paramShapes) {
    const fits = p.length <= shape.length && p.every((d, i) => d === 1 || d === shape[shape.length - p.length + i]);
    if (!fits) {
      throw new ShapeError(
        `${where}: parameter shapes ${paramShapes.map((s) => `[${s.join(",")}]`).join(", ")} must broadcast to the requested size [${shape.join(",")}], but [${p.join(",")}] does not; pass a size the parameters broadcast to, or omit it`,
      );
    }
  }
}

/** The default size of a sampler: the broadcast shape of its given parameters. */
export function defaultShape(where: string, size: number | readonly number[] | null | undefined, ...params: (ParamLike | null | undefined)[]): number[] {
  if (!isMissing(size)) return sizeToShape(where, size);
  return broadcastShapes(where, ...params.map((p) => shapeOf(where, p)));
}

/** Every element of a JS value (number, boolean or nested list), or null for an Array. */
function jsValues(x: ParamLike): number[] | null {
  if (x instanceof Array) return null;
  if (typeof x === "number") return [x];
  if (typeof x === "boolean") return [x ? 1 : 0];
  if (globalThis.Array.isArray(x)) return (x as unknown[]).flat(Infinity).map((v) => (typeof v === "boolean" ? (v ? 1 : 0) : (v as number)));
  return globalThis.Array.from(x as ArrayLike<number>, Number);
}

/** A domain constraint on a parameter, as a JS test and as the same test on Arrays. */
export interface Domain {
  /** What the constraint says, for messages ("non-negative", "in [0, 1]"). */
  readonly text: string;
  /** True for allowed values (false for NaN). */
  readonly js: (v: number) => boolean;
  /** The elementwise negation on arrays: true where a value breaks the constraint (NaN included). */
  readonly bad: (a: Array) => Array;
}

/** Values v with v ≥ lo (NaN is rejected). */
export const atLeast = (lo: number): Domain => ({
  text: lo === 0 ? "non-negative" : `at least ${lo}`,
  js: (v) => v >= lo,
  bad: (a) => np.logicalNot(np.greaterEqual(a, lo)),
});

/** Values v with v > lo (NaN is rejected). */
export const above = (lo: number): Domain => ({
  text: lo === 0 ? "positive" : `greater than ${lo}`,
  js: (v) => v > lo,
  bad: (a) => np.logicalNot(np.greater(a, lo)),
});

/** Values in a closed or half-open interval (NaN is rejected). */
export const within = (lo: number, hi: number, closedHigh = true, closedLow = true): Domain => ({
  text: `in ${closedLow ? "[" : "("}${lo}, ${hi}${closedHigh ? "]" : ")"}`,
  js: (v) => (closedLow ? v >= lo : v > lo) && (closedHigh ? v <= hi : v < hi),
  bad: (a) =>
    np.logicalNot(np.logicalAnd(closedLow ? np.greaterEqual(a, lo) : np.greater(a, lo), closedHigh ? np.lessEqual(a, hi) : np.less(a, hi))),
});

/**
 * Checks a parameter against its domain: JS values at once (ValueError naming the first bad
 * value), Arrays when the program runs (errorIf → RuntimeCheckError, also under jit and vmap).
 * A missing parameter (null/undefined) is not checked.
 */
export function checkDomain(where: string, name: string, x: ParamLike | null | undefined, domain: Domain): void {
  if (isMissing(x)) return;
  const values = jsValues(x);
  if (values !== null) {
    const badIndex = values.findIndex((v) => !domain.js(v));
    if (badIndex >= 0) {
      const at = values.length > 1 ? ` (element ${badIndex})` : "";
      throw new ValueError(`${where}: ${name} must be ${domain.text}, got ${values[badIndex]}${at}`);
    }
    return;
  }
  const a = x as Array;
  if (a.size === 0) return;
  errorIf(np.any(domain.bad(a)), `${where}: ${name} must be ${domain.text}, but some of its values are not (the smallest is {}, the largest {})`, np.min(a), np.max(a));
}

/** Checks that a JS number is a non-negative integer (a static count). */
export function staticCount(where: string, name: string, n: unknown, min = 0): number {
  if (typeof n !== "number" || !Number.isInteger(n) || n < min) {
    throw new ValueError(`${where}: ${name} must be an integer ≥ ${min} given as a JS number, got ${n instanceof Array ? "an Array" : String(n)}`);
  }
  return n;
}

/** Broadcasts an array to `shape` (the result shape of a sampler). */
export function broadcastTo(where: string, a: Array, shape: readonly number[]): Array {
  if (a.shape.length === shape.length && a.shape.every((d, i) => d === shape[i])) return a;
  checkSize(where, shape, a.shape);
  return np.broadcastTo(a, shape);
}

/**
 * A check that relates several parameters: raises RuntimeCheckError with `message` when any element
 * of `bad` holds — at once for concrete values, when the program runs under jit or inside loops.
 */
export function checkRuntime(bad: Array, message: string): void {
  errorIf(np.any(bad), message);
}
