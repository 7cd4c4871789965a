// checkpoint / remat over stateful functions: StatefulFunction's pure form inside core's checkpoint
// (reverse mode recomputes instead of storing), written states written back. Layer: compile.
// Ported from brainstate's compile/_ad_checkpoint.py.

import { checkpoint as coreCheckpoint, type CheckpointPolicy } from "@brainstate/core";
import { checkOptions } from "@brainstate/core/extend";
import { StatefulFunction } from "./StatefulFunction.js";
import { currentValues, mergeStates, pickWritten, runOn, withWritten, writeBack } from "./internal/states.js";

/** Options of {@link checkpoint}. @public */
export interface CheckpointOptions {
  /** Which intermediates may be saved instead of recomputed (core's policy hook). @defaultValue none: recompute everything */
  policy?: CheckpointPolicy;
  /** Positional arguments that are compile-time constants (not differentiated, part of the trace key). @defaultValue [] */
  staticArgnums?: number | readonly number[];
}

/**
 * Rematerialisation of a function that may read and write States (brainstate's `checkpoint`,
 * alias {@link remat}): under reverse-mode differentiation its intermediates are recomputed in the
 * backward pass instead of stored. The states it writes are written back after each call (the
 * reference fails on written states; see the README).
 * @example
 * ```ts
 * const layer = remat((x: Array) => np.tanh(x.matmul(w.value)));
 * const loss = (wv: Array) => layer(x).sum(); // grad stores only x, recomputes tanh(x·w)
 * ```
 * @public
 */
export function checkpoint<A extends unknown[], R>(fn: (...args: A) => R, options: CheckpointOptions = {}): (...args: A) => R {
  checkOptions("checkpoint", options, ["policy", "staticArgnums"]);
  const statics = new Set(typeof options.staticArgnums === "number" ? [options.staticArgnums] : (options.staticArgnums ?? []));
  const sf = new StatefulFunction<unknown[]>(fn as (...args: unknown[]) => unknown, { name: fn.name || "checkpoint", staticArgnums: [...statics] });
  const policy = options.policy === undefined ? {} : { policy: options.policy };
  return (...args: A): R => {
    const merged = mergeStates([sf.makeJaxpr(...args)]);
    const values = currentValues(merged);
    const dynamic = args.filter((_, i) => !statics.has(i));
    // Static arguments are closed over; states' values and dynamic arguments are the rematerialised function's inputs.
    const pure = (written: unknown[], ...dyn: unknown[]): [unknown[], unknown] => {
      let d = 0;
      const full = args.map((a, i) => (statics.has(i) ? a : dyn[d++]));
      const [newValues, out] = runOn(sf, merged, withWritten(merged, values, written), full);
      return [pickWritten(merged, newValues), out];
    };
    const [newWritten, out] = coreCheckpoint(pure, policy)(pickWritten(merged, values), ...dynamic);
    writeBack(merged, newWritten);
    return out as R;
  };
}

/**
 * Alias of {@link checkpoint} (brainstate's `remat`).
 * @example
 * ```ts
 * const step = remat((x: Array) => np.sin(np.sin(x)));
 * ```
 * @public
 */
export const remat: typeof checkpoint = checkpoint;
