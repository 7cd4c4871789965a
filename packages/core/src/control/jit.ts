// jit: trace a function once per input signature and run its program. The `jit` primitive carries
// the program; under other transformations it is evaluated inline (differentiating or batching
// the body), so every rule of the body applies. Layer 13.

import { Array, ArrayImpl } from "../array/Array.js";
import type { ShapedArray } from "../array/aval.js";
import { BackendError, checkOptions, OptionError, ValueError } from "../errors/errors.js";
import { evalJaxpr } from "../ir/evalJaxpr.js";
import { ClosedJaxpr, type Jaxpr } from "../ir/jaxpr.js";
import type { Backend, DeviceBuffer } from "../backend/backend.js";
import { getBackend } from "../backend/registry.js";
import { compileProgram, type Plan } from "../compiler/compile.js";
import * as ops from "../primitives/ops.js";
import { definePrimitive, type Primitive } from "../trace/primitive.js";
import { Tracer } from "../trace/trace.js";
import { flatten, unflatten, type TreeDef } from "../tree/index.js";
import { avalOf, flattenArrays, flattenOutputs, traceFlat } from "../transforms/flat.js";
import { jvpFlat } from "../transforms/jvp.js";
import { vmap } from "../transforms/vmap.js";

/** Params of the `jit` primitive: the constant-free program and a name for printing. @beta */
export interface JitParams {
  readonly jaxpr: Jaxpr;
  readonly name: string;
  /** Per operand: whether the caller donated its buffer (outputs may reuse it in place). */
  readonly donated: readonly boolean[];
  /** Backend to run on (default: the operands'). */
  readonly backend: string | null;
}

/** Applies a staged program; evaluation runs it, other transformations see through it. @beta */
export const jitP: Primitive<JitParams> = definePrimitive<JitParams>({
  name: "jit",
  abstractEval: (_avals, { jaxpr }) => jaxpr.outAvals,
  // Evaluation runs the compiled plan (fused kernels, native loops) on the arguments' backend.
  impl: (args, { jaxpr, donated, backend: named, name }) => {
    const concrete = args as ArrayImpl[];
    const backend = named !== null ? getBackend(named) : (concrete[0]?.backend ?? getBackend());
    concrete.forEach((a, i) => {
      if (a.backend !== backend) {
        throw new BackendError(`jit(${name}): argument ${i} lives on backend '${a.backend.name}' but the function runs on '${backend.name}'; move it with devicePut(x, '${backend.name}')`);
      }
    });
    const plan = planFor(jaxpr, backend);
    let outBuffers: (DeviceBuffer | undefined)[] | undefined;
    if (donated.some(Boolean)) {
      const used = new Set<number>();
      outBuffers = plan.inPlaceArguments().map((arg) => {
        if (arg < 0 || !donated[arg] || used.has(arg)) return undefined;
        used.add(arg);
        return (concrete[arg] as ArrayImpl).buffer;
      });
    }
    const outs = plan.run(concrete.map((a) => a.buffer), outBuffers);
    // Donated arguments are consumed, as in JAX: their buffers now belong to the outputs.
    donated.forEach((d, i) => d && (concrete[i] as ArrayImpl).relinquish());
    return outs.map((b, i) => new ArrayImpl(b, jaxpr.outAvals[i] as ShapedArray));
  },
  jvp: (primals, tangents, { jaxpr }) => {
    const [outs, ts] = jvpFlat((xs) => [evalJaxpr(jaxpr, [], xs), null], primals, tangents.map((t, i) => t ?? ops.zerosLike(primals[i] as Array)));
    return [outs.values, ts];
  },
  transpose: "nonlinear",
  batch: (args, dims, { jaxpr }) => {
    const outs = vmap((...xs: Array[]) => evalJaxpr(jaxpr, [], xs), { inAxes: [...dims] })(...args) as Array[];
    return [outs, outs.map(() => 0)];
  },
});

const PLANS = new WeakMap<Jaxpr, Map<Backend, Plan>>();

/** The compiled plan of a jit body for a backend, compiled on first use. */
function planFor(jaxpr: Jaxpr, backend: Backend): Plan {
  let byBackend = PLANS.get(jaxpr);
  if (!byBackend) PLANS.set(jaxpr, (byBackend = new Map()));
  let plan = byBackend.get(backend);
  if (!plan) byBackend.set(backend, (plan = compileProgram(new ClosedJaxpr(jaxpr, []), backend)));
  return plan;
}

/** What `jit(f).lower(...args)` shows: the traced program, the optimised one, and the generated kernels. @public */
export interface JitLowering {
  /** The program as traced (before inlining, DCE, CSE and fusion). */
  readonly traced: ClosedJaxpr;
  /** The optimised program the compiler executes. */
  readonly optimized: Jaxpr;
  /** Generated source of every kernel, in execution order (loop bodies included). */
  readonly kernels: readonly string[];
  /** Number of kernels at the top level after fusion. */
  readonly numKernels: number;
}

/** Which flattened argument leaves belong to donated positional arguments. */
function donatedLeaves(args: readonly unknown[], donate: ReadonlySet<number>, statics: ReadonlySet<number>): boolean[] {
  const out: boolean[] = [];
  args.forEach((a, i) => {
    const n = statics.has(i) ? 0 : a instanceof Array || typeof a === "number" || typeof a === "boolean" ? 1 : flatten(a)[0].length;
    for (let k = 0; k < n; k++) out.push(donate.has(i));
  });
  return out;
}

/** Options of {@link jit}. @public */
export interface JitOptions {
  /** Positional arguments treated as compile-time constants (any JS value; part of the cache key). */
  staticArgnums?: number | readonly number[];
  /**
   * Positional arguments whose buffers the call may reuse for its outputs (updated in place);
   * the donated arrays cannot be used afterwards (as in JAX).
   */
  donateArgnums?: number | readonly number[];
  /** Name of the backend to run on (default: the arguments' backend, else the current one). */
  backend?: string;
}

/** A jitted function: call it like the original; `clearCache()` forgets every traced program. @public */
export interface JittedFunction<A extends unknown[], R> {
  (...args: A): R;
  /** Drops the compiled programs (the next call traces again). */
  clearCache(): void;
  /** Number of traced programs currently cached. */
  readonly cacheSize: number;
  /** Traces and compiles for these arguments without running, for inspection. */
  lower(...args: A): JitLowering;
}

interface CacheEntry {
  readonly jaxpr: Jaxpr;
  readonly consts: Array[];
  readonly outTree: TreeDef;
  /** The argument structure (undefined for the flat all-Array fast path). */
  readonly inTree: TreeDef | undefined;
}

function staticKey(v: unknown): string {
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    throw new ValueError(`jit: static argument ${String(v)} cannot be used as a cache key; static arguments must be JSON-serialisable values`);
  }
}

/**
 * Traces `f` once per combination of argument shapes, dtypes, weak types and static values, and
 * runs the traced program on later calls. Array arguments become program inputs; JS numbers are
 * weakly typed inputs; `staticArgnums` are baked into the program.
 * @public
 */
export function jit<A extends unknown[], R>(f: (...args: A) => R, options: JitOptions = {}): JittedFunction<A, R> {
  checkOptions("jit", options, ["staticArgnums", "donateArgnums", "backend"]);
  const statics = new Set(typeof options.staticArgnums === "number" ? [options.staticArgnums] : (options.staticArgnums ?? []));
  const donate = new Set(typeof options.donateArgnums === "number" ? [options.donateArgnums] : (options.donateArgnums ?? []));
  for (const d of donate) {
    if (statics.has(d)) throw new OptionError(`jit: argument ${d} is both static and donated; a static argument has no buffer to donate`);
  }
  if (options.backend !== undefined) getBackend(options.backend);
  const cache = new Map<string, CacheEntry[]>();
  const name = f.name || "fn";
  const entryFor = (args: A): { entry: CacheEntry; leaves: Array[]; donated: boolean[] } => {
    // Fast path for the common call with only Array arguments: no pytree flattening.
    const flat = statics.size === 0 && args.every((a) => a instanceof Array);
    const [leaves, inTree] = flat ? [args as unknown as Array[], undefined] : flattenArrays("jit", args.map((a, i) => (statics.has(i) ? null : a)));
    let key = flat ? "flat" : `${(inTree as TreeDef).toString()}|${[...statics].map((i) => staticKey(args[i])).join(",")}`;
    for (const l of leaves) key += `|${l.dtype}${l.weakType ? "~" : ""}${l.shape.join(",")}`;
    // The string key can coincide for trees whose node aux data print alike; TreeDef.equals decides.
    const candidates = cache.get(key);
    let entry = inTree === undefined ? candidates?.[0] : candidates?.find((c) => c.inTree !== undefined && c.inTree.equals(inTree));
    if (entry === undefined) {
      const avals: ShapedArray[] = leaves.map(avalOf);
      const treeIn = inTree ?? flattenArrays("jit", args)[1];
      let outTree: TreeDef | undefined;
      const traced = traceFlat(
        "jit",
        (xs) => {
          const full = unflatten(treeIn, xs) as unknown[];
          statics.forEach((i) => (full[i] = args[i]));
          const [outs, t] = flattenOutputs("jit", (f as (...a: unknown[]) => unknown)(...full));
          outTree = t;
          return outs;
        },
        avals,
      );
      entry = { jaxpr: traced.jaxpr, consts: traced.consts, outTree: outTree as TreeDef, inTree };
      // A program that closed over a tracer of an enclosing transformation is valid for this call only.
      if (!traced.consts.some((c) => c instanceof Tracer)) cache.set(key, [...(candidates ?? []), entry]);
    }
    // Donation is per leaf: every leaf of a donated argument is donated.
    const donated = donate.size === 0 ? leaves.map(() => false) : donatedLeaves(args, donate, statics);
    return { entry, leaves, donated };
  };
  const jitted = (...args: A): R => {
    const { entry, leaves, donated } = entryFor(args);
    const outs = jitP.bind([...entry.consts, ...leaves], {
      jaxpr: entry.jaxpr,
      name,
      donated: [...entry.consts.map(() => false), ...donated],
      backend: options.backend ?? null,
    });
    return unflatten(entry.outTree, outs) as R;
  };
  const lower = (...args: A): JitLowering => {
    const { entry, leaves } = entryFor(args);
    const backend = (leaves.find((l) => l instanceof ArrayImpl) as ArrayImpl | undefined)?.backend ?? getBackend();
    const plan = planFor(entry.jaxpr, backend);
    return { traced: new ClosedJaxpr(entry.jaxpr, []), optimized: plan.jaxpr, kernels: plan.kernelSources, numKernels: plan.numKernels };
  };
  Object.defineProperty(jitted, "cacheSize", { get: () => [...cache.values()].reduce((n, list) => n + list.length, 0), enumerable: true });
  return Object.assign(jitted, { clearCache: () => cache.clear(), lower }) as JittedFunction<A, R>;
}
