// Small helpers from brainstate's util: instance-test predicates, unique names per type, and
// display. Layer: state. Ported from brainstate's util/_others.py and util/_visualization.py.

import type { AnyClass } from "./internal/isClass.js";

/**
 * A predicate true for values that are instances of none of the classes.
 * @public
 */
export function notInstanceEval(...cls: AnyClass[]): (x: unknown) => boolean {
  return (x) => !cls.some((c) => x instanceof c);
}

/**
 * A predicate true for values that are instances of any of the classes.
 * @public
 */
export function isInstanceEval(...cls: AnyClass[]): (x: unknown) => boolean {
  return (x) => cls.some((c) => x instanceof c);
}

const counters = new Map<string, number>();

/**
 * A fresh name for an object of `type`: `"<type>0"`, `"<type>1"`, … (one counter per type).
 * @example
 * ```ts
 * getUniqueName("AlignPostProj"); // "AlignPostProj0"
 * ```
 * @public
 */
export function getUniqueName(type: string): string {
  const n = counters.get(type) ?? 0;
  counters.set(type, n + 1);
  return `${type}${n}`;
}

/**
 * Prints each object's text representation on its own line (brainstate's `display` without a
 * notebook renderer).
 * @public
 */
export function display(...args: unknown[]): void {
  for (const x of args) console.log(String(x));
}
