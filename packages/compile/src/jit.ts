// jit over functions and methods that read and write States: StatefulFunction finds the states,
// core's jit compiles `(stateValues, ...args) → [newWrittenValues, out]`, each call writes back.
// Layer: compile. Ported from brainstate's compile/_jit.py.

import { jit as coreJit, OptionError, ValueError, type JitLowering, type JittedFunction as CoreJittedFunction } from "@brainstate/core";
import { checkOptions } from "@brainstate/core/extend";
import type { State } from "@brainstate/state";
import { StatefulFunction, type StatefulProgram } from "./StatefulFunction.js";
import { staticKey } from "./internal/staticKey.js";

/** Options of {@link jit}. @public */
export interface JitOptions {
  /** Positional arguments that are compile-time constants (part of the cache key: plain data by value, other objects by identity). @defaultValue [] */
  staticArgnums?: number | readonly number[];
  /** Parameter names of arguments that are compile-time constants (resolved to positions from the function's source). @defaultValue [] */
  staticArgnames?: string | readonly string[];
  /** Positional arguments whose buffers the compiled call may reuse for its outputs; they cannot be used afterwards. @defaultValue [] */
  donateArgnums?: number | readonly number[];
  /** Name of the backend to run on. @defaultValue the arguments' backend */
  backend?: string;
}

/** What `jitted.lower(...args)` returns: core's lowering of the pure program, the states, and `compile()`. @public */
export interface StatefulLowering<A extends unknown[], R> extends JitLowering {
  /** Every state the function touches for these arguments, in order of first use. */
  readonly states: readonly State[];
  /** The states it only reads. */
  readonly readStates: readonly State[];
  /** The states it writes. */
  readonly writeStates: readonly State[];
  /** The compiled function: callable only with arguments of this signature (same shapes, dtypes and static values). */
  compile(): (...args: A) => R;
}

/** A jitted stateful function: call it like the original. @public */
export interface JittedFunction<A extends unknown[], R> {
  /** Runs the compiled program on the current state values and writes the written states back. */
  (...args: A): R;
  /** The function given to `jit`. */
  readonly originFun: (...args: A) => R;
  /** The StatefulFunction that discovers states (for calls without a `this`). */
  readonly statefulFun: StatefulFunction<A, R>;
  /**
   * The compiled pure form (for calls without a `this`): `jittedFun(stateValues, ...args)` takes one
   * value per state of `statefulFun.getStates(...args)` and returns `[newValuesOfTheWrittenStates, out]`
   * without touching any state.
   */
  readonly jittedFun: (stateValues: unknown[], ...args: A) => [unknown[], R];
  /** Forgets every traced and compiled program (the next call traces again). */
  clearCache(): void;
  /** The output's abstract values (a pytree of `ShapedArray`) for these arguments, without running. */
  evalShape(...args: A): unknown;
  /** Traces and compiles ahead of time for these arguments; `.compile()` gives the compiled function. */
  lower(...args: A): StatefulLowering<A, R>;
  /** The traced stateful program for these arguments. */
  trace(...args: A): StatefulProgram;
}

function indices(where: string, name: string, v: number | readonly number[] | undefined): number[] {
  const list = typeof v === "number" ? [v] : [...(v ?? [])];
  list.forEach((i) => {
    if (!Number.isInteger(i) || i < 0) throw new OptionError(`${where}: ${name} must hold non-negative integer positions, got ${String(i)}`);
  });
  return list;
}

/** Splits a parameter list at its top-level commas (ignoring those inside brackets, braces and strings). */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote = "";
  let current = "";
  for (let k = 0; k < text.length; k++) {
    const ch = text[k] as string;
    if (quote !== "") {
      current += ch;
      if (ch === "\\") current += text[++k] ?? "";
      else if (ch === quote) quote = "";
      continue;
    }
    if (ch === '"' || ch === "'" || ch === "`") quote = ch;
    else if ("([{".includes(ch)) depth++;
    else if (")]}".includes(ch)) depth--;
    else if (ch === "," && depth === 0) {
      parts.push(current);
      current = "";
      continue;
    }
    current += ch;
  }
  if (current.trim() !== "") parts.push(current);
  return parts;
}

/** The names of a function's parameters read from its source (null for destructured ones). */
function parameterNames(fn: (...args: never[]) => unknown): (string | null)[] {
  const src = Function.prototype.toString.call(fn).replace(/\/\*[\s\S]*?\*\//g, "").replace(/\/\/[^\n]*/g, "");
  const bare = /^\s*(?:async\s+)?([A-Za-z_$][\w$]*)\s*=>/.exec(src);
  if (bare) return [bare[1] as string];
  const open = src.indexOf("(");
  if (open < 0) return [];
  let depth = 0;
  let close = open;
  for (let k = open; k < src.length; k++) {
    const ch = src[k] as string;
    if (ch === "(") depth++;
    else if (ch === ")" && --depth === 0) {
      close = k;
      break;
    }
  }
  return splitTopLevel(src.slice(open + 1, close)).map((p) => {
    const name = (p.split("=")[0] ?? "").trim().replace(/^\.\.\./, "");
    return /^[A-Za-z_$][\w$]*$/.test(name) ? name : null;
  });
}

interface Entry<A extends unknown[], R> {
  readonly sf: StatefulFunction<A, R>;
  /** core's jit of the pure form, one per combination of static values (they are closed over). */
  readonly compiled: Map<string, CoreJittedFunction<unknown[], [unknown[], R]>>;
}

/**
 * brainstate's `jit`: compiles a function that may read and write States. Per argument signature
 * (shapes, dtypes, weak types, static values) the function is traced once; each call runs the
 * compiled program on the current state values and writes the new values of the written states
 * back. A jitted function assigned as a method is traced per receiver (`this`). Calls nest inside
 * other jitted functions, loops, conditions and core transformations.
 * @throws OptionError for unknown options, bad positions, an unknown static parameter name, or an argument both static and donated.
 * @example
 * ```ts
 * const count = new State(np.zeros([]));
 * const step = jit((x: Array) => { count.value = count.value.add(1); return x.mul(2); });
 * step(np.ones([3])); // count.value is 1; the second call reuses the compiled program
 * ```
 * @public
 */
export function jit<A extends unknown[], R>(fn: (...args: A) => R, options: JitOptions = {}): JittedFunction<A, R> {
  checkOptions("jit", options, ["staticArgnums", "staticArgnames", "donateArgnums", "backend"]);
  if (typeof fn !== "function") throw new OptionError(`jit: expected a function, got ${fn === null ? "null" : typeof fn}`);
  const statics = new Set(indices("jit", "staticArgnums", options.staticArgnums));
  const names = typeof options.staticArgnames === "string" ? [options.staticArgnames] : [...(options.staticArgnames ?? [])];
  if (names.length > 0) {
    const params = parameterNames(fn as (...args: never[]) => unknown);
    for (const n of names) {
      const k = params.indexOf(n);
      if (k < 0) throw new OptionError(`jit: staticArgnames names '${n}' but ${fn.name || "the function"} has parameters ${params.map((p) => (p === null ? "(destructured)" : `'${p}'`)).join(", ") || "(none)"}`);
      statics.add(k);
    }
  }
  const donate = indices("jit", "donateArgnums", options.donateArgnums);
  for (const d of donate) {
    if (statics.has(d)) throw new OptionError(`jit: argument ${d} is both static and donated; a static argument has no buffer to donate`);
  }
  const name = fn.name || "fn";
  const backend = options.backend === undefined ? {} : { backend: options.backend };

  const makeEntry = (self: object | undefined): Entry<A, R> => {
    const target = self === undefined ? fn : (...a: A): R => fn.apply(self, a);
    return { sf: new StatefulFunction<A, R>(target, { name, staticArgnums: [...statics] }), compiled: new Map() };
  };
  // Donated positions among the dynamic arguments, shifted past the leading state values.
  const donated = donate.map((i) => 1 + i - [...statics].filter((k) => k < i).length);
  const compiledFor = (e: Entry<A, R>, args: A): CoreJittedFunction<unknown[], [unknown[], R]> => {
    const key = [...statics].map((i) => staticKey(args[i])).join(",");
    let c = e.compiled.get(key);
    if (c === undefined) {
      const fixed = args.slice();
      const pure = (values: unknown[], ...dyn: unknown[]): [unknown[], R] => {
        let d = 0;
        const full = fixed.map((a, i) => (statics.has(i) ? a : dyn[d++])) as A;
        const p = e.sf.makeJaxpr(...full);
        const [newValues, out] = e.sf.jaxprCall(values, ...full);
        return [newValues.filter((_, i) => p.written[i]), out];
      };
      Object.defineProperty(pure, "name", { value: name });
      c = coreJit(pure as (...a: unknown[]) => [unknown[], R], { donateArgnums: donated, ...backend });
      e.compiled.set(key, c);
    }
    return c;
  };
  const dynamic = (args: A): unknown[] => args.filter((_, i) => !statics.has(i));
  const unbound = makeEntry(undefined);
  let bound = new WeakMap<object, Entry<A, R>>();
  const entryFor = (self: unknown): Entry<A, R> => {
    if (self === undefined || self === null || self === globalThis || (typeof self !== "object" && typeof self !== "function")) return unbound;
    let e = bound.get(self);
    if (e === undefined) bound.set(self, (e = makeEntry(self)));
    return e;
  };
  const run = (e: Entry<A, R>, args: A): R => {
    const p = e.sf.makeJaxpr(...args);
    const values = p.states.map((s) => s.value);
    const [newWritten, out] = compiledFor(e, args)(values, ...dynamic(args));
    let k = 0;
    p.states.forEach((s, i) => {
      if (p.written[i]) s.value = newWritten[k++];
    });
    return out;
  };

  const jitted = function (this: unknown, ...args: A): R {
    return run(entryFor(this), args);
  };
  const lower = function (this: unknown, ...args: A): StatefulLowering<A, R> {
    const e = entryFor(this);
    const p = e.sf.makeJaxpr(...args);
    const low = compiledFor(e, args).lower(p.states.map((s) => s.value), ...dynamic(args));
    const key = e.sf.getArgCacheKey(...args);
    return {
      ...low,
      states: [...p.states],
      readStates: p.states.filter((_, i) => !p.written[i]),
      writeStates: p.states.filter((_, i) => p.written[i]),
      compile: () => (...a: A): R => {
        if (e.sf.getArgCacheKey(...a) !== key) {
          throw new ValueError(`jit(${name}): the compiled function was lowered for another argument signature (shapes, dtypes or static values); lower it again for these arguments or call the jitted function`);
        }
        return run(e, a);
      },
    };
  };
  return Object.defineProperties(jitted, {
    originFun: { value: fn, enumerable: true },
    statefulFun: { value: unbound.sf, enumerable: true },
    jittedFun: { value: (values: unknown[], ...args: A): [unknown[], R] => compiledFor(unbound, args)(values, ...dynamic(args)), enumerable: true },
    clearCache: {
      value: () => {
        unbound.sf.clearCache();
        unbound.compiled.clear();
        bound = new WeakMap();
      },
    },
    evalShape: { value: (...args: A): unknown => unbound.sf.getOutShapes(...args) },
    lower: { value: lower },
    trace: { value: (...args: A): StatefulProgram => unbound.sf.makeJaxpr(...args) },
  }) as unknown as JittedFunction<A, R>;
}
