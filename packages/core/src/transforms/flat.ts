// Flattening user functions over pytrees: the plumbing every transformation shares. Layer 12.

import { Array } from "../array/Array.js";
import { ShapedArray } from "../array/aval.js";
import { closureConvert, type ClosedJaxpr, type Jaxpr } from "../ir/jaxpr.js";
import { asArray } from "../numpy/convert.js";
import { StagingTrace } from "../trace/staging.js";
import { currentTrace, withTrace } from "../trace/trace.js";
import { flatten, unflatten, type TreeDef } from "../tree/index.js";
import { ValueError } from "../errors/errors.js";

/** Flattens a pytree of array-likes into Arrays (JS numbers become weak scalars). @beta */
export function flattenArrays(where: string, tree: unknown): [Array[], TreeDef] {
  const [leaves, def] = flatten(tree);
  const arrays = leaves.map((x, i) => {
    if (x instanceof Array) return x;
    if (typeof x === "number" || typeof x === "boolean") return asArray(x, where);
    throw new ValueError(`${where}: leaf ${i} of the arguments is ${x === null ? "null" : typeof x}; transformed functions take Arrays, numbers or pytrees of them`);
  });
  return [arrays, def];
}

/** Flattens a function's output pytree, checking that every leaf is an Array (or JS number). */
export function flattenOutputs(where: string, out: unknown): [Array[], TreeDef] {
  return flattenArrays(`${where} (output)`, out);
}

/** Result of tracing a function to a program. @beta */
export interface Traced {
  /** The program: arguments (flat) → outputs (flat). */
  readonly closed: ClosedJaxpr;
  /** Output structure. */
  readonly outTree: TreeDef;
}

/**
 * Traces `f` called as `f(...unflatten(inTree, tracers))` on abstract inputs `avals`, under a
 * new staging trace whose parent is the current trace.
 * @beta
 */
export function traceToJaxpr(where: string, f: (...args: unknown[]) => unknown, inTree: TreeDef, avals: readonly ShapedArray[]): Traced {
  const trace = new StagingTrace(currentTrace());
  try {
    const ins = avals.map((a) => trace.newArg(a));
    const out = withTrace(trace, () => f(...(unflatten(inTree, ins) as unknown[])));
    const [outs, outTree] = flattenOutputs(where, out);
    return { closed: trace.toClosedJaxpr(outs), outTree };
  } finally {
    trace.finish();
  }
}

/** The abstract value of a concrete or traced array, keeping its weak type. */
export function avalOf(x: Array): ShapedArray {
  return new ShapedArray(x.shape, x.dtype, x.weakType);
}

/**
 * Traces a flat function to a constant-free program whose leading inputs are the values it
 * closed over (`consts`): the form higher-order primitives carry in their params.
 * @beta
 */
export function traceFlat(where: string, f: (xs: Array[]) => Array[], avals: readonly ShapedArray[]): { jaxpr: Jaxpr; consts: Array[] } {
  const trace = new StagingTrace(currentTrace());
  try {
    const ins = avals.map((a) => trace.newArg(a));
    const outs = withTrace(trace, () => f(ins));
    outs.forEach((o, i) => {
      if (!(o instanceof Array)) throw new ValueError(`${where}: output ${i} is not an Array`);
    });
    const { jaxpr, consts } = closureConvert(trace.toClosedJaxpr(outs));
    return { jaxpr, consts: [...consts] };
  } finally {
    trace.finish();
  }
}
