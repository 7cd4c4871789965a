// Type aliases and the Missing sentinel of brainstate's typing module. Layer: state.
// Ported from brainstate's typing.py (annotation-only helpers become TypeScript types).

import type { Array, DType } from "@brainstate/core";

/** One component of a path into a nested state dict: an attribute name, a dict key or a list index. @public */
export type Key = string | number;

/** A path from the root of a graph or nested dict to one of its leaves. @public */
export type PathParts = readonly Key[];

/** A test on one `(path, value)` pair of a nested dict or graph. @public */
export type Predicate = (path: PathParts, value: unknown) => boolean;

/** A pytree: nested JS arrays, plain objects, Maps and registered classes whose leaves are `L`. @public */
export type PyTree<L = unknown> = L | readonly PyTree<L>[] | { readonly [key: string]: PyTree<L> } | null | undefined;

/** A shape: one size or a list of sizes. @public */
export type Size = number | readonly number[];

/** One axis or a list of axes. @public */
export type Axes = number | readonly number[];

/** A PRNG seed (an integer) or a key array. @public */
export type SeedOrKey = number | Array;

/** Anything core's `np.asArray` accepts as one array operand. @public */
export type ArrayLike = Array | number | boolean;

/** Core's dtype names. @public */
export type { DType };

/** A dtype name, or an object that carries one (an Array). @public */
export type DTypeLike = DType | { readonly dtype: DType };

/**
 * Sentinel meaning "argument not provided" where `undefined` and `null` are meaningful values
 * (e.g. `state.replace(Missing, { tag: "x" })` keeps the value). Both the class and its
 * instances count as missing; test with {@link isMissing}.
 * @public
 */
export class Missing {
  /** Renders as `Missing`. */
  toString(): string {
    return "Missing";
  }
}

/**
 * True when `x` is the `Missing` class itself or one of its instances.
 * @public
 */
export function isMissing(x: unknown): boolean {
  return x === Missing || x instanceof Missing;
}

/** A constructible class producing `T`. @public */
export type Constructor<T = unknown> = new (...args: never[]) => T;

/** Any class, abstract or not (what class filters and `instanceof` tests take). @public */
export type AnyClass = abstract new (...args: never) => unknown;
