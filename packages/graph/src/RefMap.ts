// RefMap: a mapping keyed by object identity (keys need not be hashable or comparable), used to
// give each graph node and State one index while flattening. Layer: graph.
// Ported from brainstate's graph/_graph_operation.py.

import { PrettyMapping } from "@brainstate/state";

/**
 * A Map keyed by identity: two distinct objects with equal contents are different keys.
 * JavaScript Maps already compare object keys by identity; this class names that use and
 * prints like brainstate's RefMap.
 * @example
 * ```ts
 * const refs = new RefMap<object, number>();
 * refs.set(state, 0);
 * refs.has(state); // true
 * ```
 * @public
 */
export class RefMap<K = unknown, V = unknown> extends Map<K, V> {
  override toString(): string {
    return `RefMap(${new PrettyMapping(this as ReadonlyMap<unknown, unknown>).toString()})`;
  }
}
