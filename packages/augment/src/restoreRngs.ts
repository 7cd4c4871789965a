// restoreRngs: backs up the keys of RandomStates before a call and puts them back afterwards,
// so a function's draws leave the random streams where they were. Layer: augment.
// Ported from brainstate's augment/_random.py.

import { ValueError, type Array } from "@brainstate/core";
import { checkOptions } from "@brainstate/core/extend";
import { DEFAULT, RandomState } from "@brainstate/random";

/** Options of `restoreRngs`. @public */
export interface RestoreRngsOptions {
  /** The random states to back up and restore. @defaultValue random's DEFAULT */
  rngs?: RandomState | readonly RandomState[];
}

function checkRngs(rngs: unknown): RandomState[] {
  const list = rngs instanceof RandomState ? [rngs] : rngs;
  if (!globalThis.Array.isArray(list) || !list.every((r) => r instanceof RandomState)) {
    throw new ValueError("restoreRngs: rngs must be a RandomState or a list of RandomState instances");
  }
  return [...(list as RandomState[])];
}

function wrap<A extends unknown[], R>(fn: (...args: A) => R, rngs: readonly RandomState[]): (...args: A) => R {
  if (typeof fn !== "function") throw new ValueError(`restoreRngs: expected a function, got ${typeof fn}`);
  return (...args: A): R => {
    const keys = rngs.map((r) => r.value);
    try {
      return fn(...args);
    } finally {
      rngs.forEach((r, i) => r.restoreValue(keys[i] as Array));
    }
  };
}

/**
 * Wraps `fn` so that the keys of `rngs` (random's `DEFAULT` by default) are saved before each
 * call and restored after it, also when it throws (brainstate's `augment.restore_rngs`). Without
 * a function it returns a decorator (`restoreRngs({ rngs })(fn)`).
 * @throws `ValueError` when `rngs` holds something other than RandomStates.
 * @example
 * ```ts
 * const peek = restoreRngs(() => random.rand(3));
 * peek(); peek(); // the same numbers: DEFAULT's key is restored after each call
 * ```
 * @public
 */
export function restoreRngs<A extends unknown[], R>(fn: (...args: A) => R, options?: RestoreRngsOptions): (...args: A) => R;
/** Decorator form of `restoreRngs` (see its first signature). @public */
export function restoreRngs(options?: RestoreRngsOptions): <A extends unknown[], R>(fn: (...args: A) => R) => (...args: A) => R;
export function restoreRngs<A extends unknown[], R>(fnOrOptions?: ((...args: A) => R) | RestoreRngsOptions, options?: RestoreRngsOptions): unknown {
  const opts = (typeof fnOrOptions === "function" ? options : fnOrOptions) ?? {};
  checkOptions("restoreRngs", opts, ["rngs"]);
  const rngs = checkRngs(opts.rngs ?? DEFAULT);
  if (typeof fnOrOptions === "function") return wrap(fnOrOptions, rngs);
  return <B extends unknown[], S>(fn: (...args: B) => S) => wrap(fn, rngs);
}
