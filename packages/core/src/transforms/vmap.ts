// vmap: vectorising a function over a batch axis of its arguments. Layer 12.

import { AxisError, checkOptions, TransformationError } from "../errors/errors.js";
import { BatchTrace, BatchTracer } from "../interpreters/batching.js";
import * as ops from "../primitives/ops.js";
import { currentTrace, withTrace } from "../trace/trace.js";
import { broadcastPrefix, unflatten } from "../tree/index.js";
import { flattenArrays, flattenOutputs } from "./flat.js";

/** A batch axis for each leaf of a pytree prefix: a number, or null for "not mapped". @public */
export type AxisSpec = number | null | readonly AxisSpec[] | { readonly [key: string]: AxisSpec };

/** Options of {@link vmap}. @public */
export interface VmapOptions {
  /** Batch axis of each argument (a prefix pytree of the arguments list). @defaultValue 0 */
  inAxes?: AxisSpec;
  /** Where the batch axis goes in each output (a prefix pytree of the output). @defaultValue 0 */
  outAxes?: AxisSpec;
  /** The number of lanes, required only when no argument is mapped. */
  axisSize?: number;
}

const isAxisLeaf = (x: unknown): boolean => x === null || typeof x === "number";

function normalize(where: string, axis: number, ndim: number, what: string): number {
  if (!Number.isInteger(axis) || axis < -ndim || axis >= ndim) {
    throw new AxisError(`${where}: ${what} axis ${axis} is out of range for an array of ndim ${ndim}`);
  }
  return axis < 0 ? axis + ndim : axis;
}

/**
 * Vectorises `f` over axis `inAxes` of its arguments: `vmap(f)(xs)` equals stacking `f(x)` over
 * the slices of `xs`, computed in one batched program. Composes with every other transformation.
 * @throws {@link TransformationError} when mapped arguments disagree on the batch size or inAxes does not fit the arguments.
 * @public
 */
export function vmap<A extends unknown[]>(f: (...args: A) => unknown, options: VmapOptions = {}): (...args: A) => unknown {
  checkOptions("vmap", options, ["inAxes", "outAxes", "axisSize"]);
  return (...args: A) => {
    const [leaves, inTree] = flattenArrays("vmap", args);
    const inAxesTree = options.inAxes === undefined ? 0 : options.inAxes;
    let axes: (number | null)[];
    try {
      axes = broadcastPrefix(
        typeof inAxesTree === "number" || inAxesTree === null ? args.map(() => inAxesTree) : inAxesTree,
        args,
        isAxisLeaf,
      ) as (number | null)[];
    } catch (e) {
      throw new TransformationError(`vmap: inAxes ${JSON.stringify(inAxesTree)} does not match the structure of the arguments (${inTree.toString()}): ${(e as Error).message}`);
    }
    let size = options.axisSize;
    const sizes: string[] = [];
    leaves.forEach((x, i) => {
      const ax = axes[i];
      if (ax === null || ax === undefined) return;
      const d = normalize("vmap", ax, x.ndim, `in`);
      const n = x.shape[d] as number;
      sizes.push(`argument leaf ${i} has size ${n} on axis ${d}`);
      if (size === undefined) size = n;
      else if (size !== n) {
        throw new TransformationError(`vmap: mapped arguments have different sizes along their batch axes (${sizes.join("; ")}); all mapped axes must have one size`);
      }
    });
    if (size === undefined) {
      throw new TransformationError("vmap: no argument is mapped (every inAxes is null); pass { axisSize } to say how many lanes to run");
    }
    const trace = new BatchTrace(currentTrace(), size);
    try {
      const ins = leaves.map((x, i) => {
        const ax = axes[i];
        return ax === null || ax === undefined ? x : trace.tracer(x, normalize("vmap", ax, x.ndim, "in"));
      });
      const out = withTrace(trace, () => (f as (...a: unknown[]) => unknown)(...(unflatten(inTree, ins) as unknown[])));
      const [outs, outTree] = flattenOutputs("vmap", out);
      const outAxesTree = options.outAxes === undefined ? 0 : options.outAxes;
      const outAxes = broadcastPrefix(
        typeof outAxesTree === "number" || outAxesTree === null ? outs.map(() => outAxesTree) : outAxesTree,
        typeof outAxesTree === "number" || outAxesTree === null ? outs : unflatten(outTree, outs),
        isAxisLeaf,
      ) as (number | null)[];
      const results = outs.map((o, i) => {
        const [v, d] = o instanceof BatchTracer && o.trace === trace ? [o.value, o.batchDim] : [o, null];
        const target = outAxes[i] ?? null;
        if (target === null) {
          if (d !== null) {
            throw new TransformationError(`vmap: output leaf ${i} is batched but outAxes is null for it; give it an axis or return a value that does not depend on the mapped inputs`);
          }
          return v;
        }
        const t = normalize("vmap", target, v.ndim + (d === null ? 1 : 0), "out");
        if (d === null) return ops.broadcastInDim(v, [...v.shape.slice(0, t), size as number, ...v.shape.slice(t)], v.shape.map((_, k) => (k < t ? k : k + 1)));
        return ops.moveAxis(v, d, t);
      });
      return unflatten(outTree, results);
    } finally {
      trace.finish();
    }
  };
}
