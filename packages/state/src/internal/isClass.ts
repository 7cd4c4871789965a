// Telling classes from plain functions, where brainstate's API accepts either (filters,
// DictManager.subset). Layer: state.

import type { AnyClass } from "../typing.js";

export type { AnyClass };

/**
 * True when `f` is a class: an ES `class`, or a function whose prototype carries methods (a
 * built-in or hand-written constructor). Arrow functions and plain predicate functions are not.
 */
export function isClass(f: unknown): f is AnyClass {
  if (typeof f !== "function") return false;
  if (/^class[\s{]/.test(Function.prototype.toString.call(f))) return true;
  const proto: unknown = (f as { prototype?: unknown }).prototype;
  return typeof proto === "object" && proto !== null && Object.getOwnPropertyNames(proto).length > 1;
}
