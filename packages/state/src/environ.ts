// The computing environment: global settings (`set`), scoped settings (`context`), lookups
// (`get`, `getDt`, …), the precision that switches core's default float dtype, and callbacks
// run when a key changes. Layer: state. Ported from brainstate's environ.py.
//
// Thread of control: JS runs one thread, so settings are module-level (brainstate keeps them
// per thread). `context(values, fn)` pushes the values, runs `fn` synchronously and pops them
// when `fn` returns or throws. An `async` callback returns at its first `await`, so the values
// are popped before its continuation runs: keep context bodies synchronous, or `set()` the
// values globally around asynchronous work.

import {
  Array as CoreArray,
  currentBackendName,
  DTypeError,
  np,
  setBackend,
  setDefaultFloatDType,
  ValueError,
  type DType,
} from "@brainstate/core";
import { Mode } from "./mode.js";
import { MemScaling } from "./scaling.js";

/** Key of the current step index. @public */
export const I = "i";
/** Key of the current time (ms). @public */
export const T = "t";
/** Key of the flag that enables `jitErrorIf` checks. @public */
export const JIT_ERROR_CHECK = "jitErrorCheck";
/** Key of the training-phase flag. @public */
export const FIT = "fit";

const settings = new Map<string, unknown>([["precision", 32]]);
const contexts = new Map<string, unknown[]>();
const behaviors = new Map<string, (value: unknown) => void>();
let hostDeviceCount = 1;

/** Precisions brainstate accepts. */
const PRECISIONS = [64, 32, 16, 8];

function checkPrecision(where: string, precision: unknown): 64 | 32 {
  if (typeof precision !== "number" || !PRECISIONS.includes(precision)) {
    throw new ValueError(`${where}: precision must be one of 64, 32, 16 or 8 (bits), got ${String(precision)}`);
  }
  if (precision === 16 || precision === 8) {
    throw new DTypeError(
      `${where}: precision ${precision} needs ${precision === 16 ? "bfloat16/float16" : "8-bit"} dtypes, which do not exist in this port (core has float32, float64, int32, uint32 and bool); use precision 32 or 64`,
    );
  }
  return precision as 64 | 32;
}

function applyPrecision(precision: 64 | 32): void {
  setDefaultFloatDType(precision === 64 ? "float64" : "float32");
}

function notify(key: string, value: unknown): void {
  behaviors.get(key)?.(value);
}

/** Global settings accepted by `set`: the named ones plus any user key (`dt`, `fit`, …). @public */
export interface EnvironSettings {
  /** Backend name to switch to (`setBackend`), e.g. "cpu". */
  platform?: string;
  /** Number of host devices (informational: the embedded CPU backend is one device). */
  hostDeviceCount?: number;
  /** Membrane-potential scaling used by neuron models. */
  memScaling?: MemScaling;
  /** Float precision in bits: 64 → float64, 32 → float32 default dtype. */
  precision?: number;
  /** Computation mode. */
  mode?: Mode;
  /** Any other key. */
  [key: string]: unknown;
}

/**
 * Sets global settings. `platform` switches core's backend, `precision` core's default float
 * dtype; every key with a registered behaviour calls it with the new value.
 * @throws ValueError for a bad precision, mode or memScaling; DTypeError for precision 16/8.
 * @example
 * ```ts
 * environ.set({ dt: 0.1, precision: 32 });
 * ```
 * @public
 */
export function set(values: EnvironSettings): void {
  const { platform, hostDeviceCount: hdc, memScaling, precision, mode, ...rest } = values;
  const stored: Record<string, unknown> = { ...rest };
  if (platform !== undefined) setPlatform(platform);
  if (hdc !== undefined) setHostDeviceCount(hdc);
  if (memScaling !== undefined) {
    if (!(memScaling instanceof MemScaling)) throw new ValueError("environ.set: memScaling must be a MemScaling instance");
    stored["memScaling"] = memScaling;
  }
  if (precision !== undefined) {
    applyPrecision(checkPrecision("environ.set", precision));
    stored["precision"] = precision;
  }
  if (mode !== undefined) {
    if (!(mode instanceof Mode)) throw new ValueError("environ.set: mode must be a Mode instance (e.g. new Training())");
    stored["mode"] = mode;
  }
  for (const [k, v] of Object.entries(stored)) settings.set(k, v);
  for (const [k, v] of Object.entries(stored)) notify(k, v);
}

/**
 * Runs `fn` with `values` in effect and restores the previous environment when it returns or
 * throws; returns `fn`'s result. `fn` receives all settings now visible. Registered behaviours
 * are called with the new value on entry and with the value visible again on exit.
 * @throws ValueError for `platform` or `hostDeviceCount` (global only: use `set`).
 * @example
 * ```ts
 * environ.context({ dt: 0.1 }, () => environ.getDt()); // 0.1
 * ```
 * @public
 */
export function context<R>(values: Readonly<Record<string, unknown>>, fn: (env: Record<string, unknown>) => R): R {
  if ("platform" in values) throw new ValueError("environ.context: cannot set platform in a context; set it globally with environ.setPlatform() or environ.set({ platform })");
  if ("hostDeviceCount" in values) throw new ValueError("environ.context: cannot set hostDeviceCount in a context; set it globally with environ.setHostDeviceCount() or environ.set({ hostDeviceCount })");
  let lastPrecision: 64 | 32 | undefined;
  if ("precision" in values) {
    const p = checkPrecision("environ.context", values["precision"]);
    lastPrecision = getPrecision() as 64 | 32;
    applyPrecision(p);
  }
  const pushed: string[] = [];
  try {
    for (const [k, v] of Object.entries(values)) {
      let stack = contexts.get(k);
      if (stack === undefined) {
        stack = [];
        contexts.set(k, stack);
      }
      stack.push(v);
      pushed.push(k);
      notify(k, v);
    }
    return fn(all());
  } finally {
    for (const k of pushed) {
      contexts.get(k)?.pop();
      if (behaviors.has(k)) notify(k, get(k, null));
    }
    if (lastPrecision !== undefined) applyPrecision(lastPrecision);
  }
}

const NOT_PROVIDED = Symbol("notProvided");

/**
 * The value of `key`: the innermost context value, else the global setting, else `defaultValue`.
 * `platform` and `hostDeviceCount` are read from their sources.
 * @throws ValueError when the key is unset and no default is given (the message says how to set it, plus `desc`).
 * @public
 */
export function get(key: string, defaultValue: unknown = NOT_PROVIDED, desc?: string): unknown {
  if (key === "platform") return getPlatform();
  if (key === "hostDeviceCount") return getHostDeviceCount();
  const stack = contexts.get(key);
  if (stack !== undefined && stack.length > 0) return stack[stack.length - 1];
  if (settings.has(key)) return settings.get(key);
  if (defaultValue === NOT_PROVIDED) {
    throw new ValueError(
      `environ.get: '${key}' is not set; set it locally with environ.context({ ${key}: value }, fn) or globally with environ.set({ ${key}: value })${desc === undefined ? "" : `. Description: ${desc}`}`,
    );
  }
  return defaultValue;
}

/**
 * All visible settings (context values override global ones).
 * @public
 */
export function all(): Record<string, unknown> {
  const r: Record<string, unknown> = {};
  for (const [k, stack] of contexts) if (stack.length > 0) r[k] = stack[stack.length - 1];
  for (const [k, v] of settings) if (!(k in r)) r[k] = v;
  return r;
}

/** The integration step `dt` (ms). @throws ValueError when unset. @public */
export function getDt(): number {
  return get("dt") as number;
}

/** The computation mode. @throws ValueError when unset. @public */
export function getMode(): Mode {
  return get("mode") as Mode;
}

/** The membrane-potential scaling. @throws ValueError when unset. @public */
export function getMemScaling(): MemScaling {
  return get("memScaling") as MemScaling;
}

/** The float precision in bits (32 unless set). @public */
export function getPrecision(): number {
  return get("precision") as number;
}

/** The name of core's current backend (brainstate's platform). @public */
export function getPlatform(): string {
  return currentBackendName();
}

/**
 * Switches core's backend (`setBackend(platform)`) and calls the `platform` behaviour.
 * @throws BackendError for an unknown backend name.
 * @public
 */
export function setPlatform(platform: string): void {
  setBackend(platform);
  notify("platform", platform);
}

/** The number of host devices (1 unless set). @public */
export function getHostDeviceCount(): number {
  return hostDeviceCount;
}

/**
 * Records the number of host devices and calls the `hostDeviceCount` behaviour. Informational:
 * the embedded CPU backend is a single device.
 * @throws ValueError unless `n` is a positive integer.
 * @public
 */
export function setHostDeviceCount(n: number): void {
  if (!Number.isInteger(n) || n < 1) throw new ValueError(`environ.setHostDeviceCount: n must be a positive integer, got ${String(n)}`);
  hostDeviceCount = n;
  notify("hostDeviceCount", n);
}

/**
 * The default float dtype for the current precision: 64 → float64, 32 → float32.
 * @throws DTypeError for precision 16 or 8 (no such dtypes in this port).
 * @public
 */
export function dftype(): DType {
  return checkPrecision("environ.dftype", getPrecision()) === 64 ? "float64" : "float32";
}

/**
 * The default integer dtype: int32 (core's only signed integer dtype; brainstate gives int64 at
 * precision 64 — see the README's divergences).
 * @throws DTypeError for precision 16 or 8.
 * @public
 */
export function ditype(): DType {
  checkPrecision("environ.ditype", getPrecision());
  return "int32";
}

/**
 * The default unsigned integer dtype: uint32 (core's only unsigned dtype; brainstate gives uint64
 * at precision 64).
 * @throws DTypeError for precision 16 or 8.
 * @public
 */
export function dutype(): DType {
  checkPrecision("environ.dutype", getPrecision());
  return "uint32";
}

/**
 * The numerical tolerance for the current precision: 1e-12 (float64) at 64, 1e-5 (float32) at 32.
 * @throws DTypeError for precision 16 or 8.
 * @public
 */
export function tolerance(): CoreArray {
  return checkPrecision("environ.tolerance", getPrecision()) === 64 ? np.array(1e-12, { dtype: "float64" }) : np.array(1e-5, { dtype: "float32" });
}

/** Options of `registerDefaultBehavior`. @public */
export interface RegisterBehaviorOptions {
  /** Replace a behaviour already registered for the key. @defaultValue false */
  replaceIfExist?: boolean;
}

/**
 * Registers a callback run with the new value whenever `key` is set (`set`) or enters/leaves a
 * `context`.
 * @throws ValueError when `key` already has a behaviour (unless `replaceIfExist`), or the arguments have the wrong types.
 * @example
 * ```ts
 * environ.registerDefaultBehavior("dt", (dt) => console.log(`dt is now ${dt}`));
 * ```
 * @public
 */
export function registerDefaultBehavior(key: string, behavior: (value: unknown) => void, options: RegisterBehaviorOptions = {}): void {
  for (const k of Object.keys(options)) {
    if (k !== "replaceIfExist") throw new ValueError(`environ.registerDefaultBehavior: unknown option '${k}'; the options are 'replaceIfExist'`);
  }
  if (typeof key !== "string") throw new ValueError("environ.registerDefaultBehavior: key must be a string");
  if (typeof behavior !== "function") throw new ValueError("environ.registerDefaultBehavior: behavior must be a function");
  if (options.replaceIfExist !== true && behaviors.has(key)) {
    throw new ValueError(`environ.registerDefaultBehavior: '${key}' already has a behavior; pass { replaceIfExist: true } to replace it`);
  }
  behaviors.set(key, behavior);
}

