// makeJaxpr and evalShape: tracing a function to its program, or just to its output shapes. Layer 12.

import { ShapedArray } from "../array/aval.js";
import type { ClosedJaxpr } from "../ir/jaxpr.js";
import { unflatten } from "../tree/index.js";
import { avalOf, flattenArrays, traceToJaxpr } from "./flat.js";

/**
 * Returns a function that traces `f` on the given arguments and returns its program (a
 * `ClosedJaxpr` whose `toString()` is the readable listing).
 * @example
 * ```ts
 * makeJaxpr((x) => np.sin(x).mul(2))(np.ones([3])).toString()
 * ```
 * @public
 */
export function makeJaxpr<A extends unknown[]>(f: (...args: A) => unknown): (...args: A) => ClosedJaxpr {
  return (...args: A) => {
    const [leaves, inTree] = flattenArrays("makeJaxpr", args);
    return traceToJaxpr("makeJaxpr", f as (...a: unknown[]) => unknown, inTree, leaves.map(avalOf)).closed;
  };
}

/**
 * Shapes and dtypes of `f`'s outputs for these arguments, without computing anything: a pytree
 * of `ShapedArray` with the output's structure.
 * @public
 */
export function evalShape<A extends unknown[]>(f: (...args: A) => unknown, ...args: A): unknown {
  const [leaves, inTree] = flattenArrays("evalShape", args);
  const { closed, outTree } = traceToJaxpr("evalShape", f as (...a: unknown[]) => unknown, inTree, leaves.map(avalOf));
  return unflatten(
    outTree,
    closed.outAvals.map((a) => new ShapedArray(a.shape, a.dtype, a.weakType)),
  );
}
