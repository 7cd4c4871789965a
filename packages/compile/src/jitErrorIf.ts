// jitErrorIf: raise a readable error from inside compiled code (jit, loops, branches, vmap) when a
// runtime predicate holds, through core's errorIf or a host callback. Layer: compile.
// Ported from brainstate's compile/_error_if.py.

import { Array, BrainstateError, debugCallback, errorIf, np, RuntimeCheckError, tree, TransformationError } from "@brainstate/core";
import { unvmap } from "./unvmap.js";

/**
 * Raises RuntimeCheckError when `pred` holds — any element, in any `vmap` lane — while the
 * program runs: eagerly, under `jit`, inside loops and branches. `error` is either a message whose
 * `{}` (or `{0}`, `{1}`, …) placeholders are filled with the values of `errArgs`, or a function
 * called with the concrete values of `errArgs` (pytrees allowed) that throws the error to report
 * — what it throws is reported as a RuntimeCheckError with the same message (a BrainstateError
 * it throws is passed on as is); if it returns normally nothing is raised, as in brainstate.
 * Under vmap the arguments carry every lane (lanes first).
 * @param pred - a bool (or numeric: nonzero is true) array or JS boolean
 * @param error - the message, or a function that throws
 * @param errArgs - values for the message's placeholders, or the function's arguments
 * @throws RuntimeCheckError when the predicate holds at run time.
 * @throws TransformationError when `error` is neither a string nor a function.
 * @example
 * ```ts
 * jitErrorIf(x.sum().lt(5), "the sum {} is below 5", x.sum());
 * jitErrorIf(x.lt(0), (v: Array) => { throw new Error(`negative input: ${v.toString()}`); }, x);
 * ```
 * @public
 */
export function jitErrorIf(pred: Array | boolean | number, error: string | ((...args: never[]) => unknown), ...errArgs: unknown[]): void {
  const p = unvmap(np.asArray(pred, "jitErrorIf"), "any");
  if (typeof error === "string") {
    errorIf(p, error, ...errArgs.map((a) => unvmap(a as Array | number, "none")));
    return;
  }
  if (typeof error !== "function") {
    throw new TransformationError(`jitErrorIf: error must be a message string or a function that throws, got ${error === null ? "null" : typeof error}`);
  }
  const args = errArgs.map((a) => tree.map((leaf) => unvmap(leaf as Array | number, "none"), a));
  // The host decides: a callback is always kept in the program (an effect), a branch around it may not be.
  const raise = (holds: Array, ...values: unknown[]): void => {
    if (!holds.item()) return;
    try {
      (error as (...a: unknown[]) => unknown)(...values);
    } catch (e) {
      if (e instanceof BrainstateError) throw e;
      const message = e instanceof Error ? e.message : String(e);
      throw new RuntimeCheckError(`jitErrorIf: ${message}`);
    }
  };
  debugCallback(raise as (...a: never[]) => void, p, ...args);
}
