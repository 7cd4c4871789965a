/**
 * Pytrees: nested arrays, plain objects, Maps, `null`/`undefined` (empty
 * nodes) and registered classes, with everything else as leaves. A port of
 * `jax.tree_util`: flatten a tree into leaves plus a `TreeDef`, map over the
 * leaves of several same-shaped trees, work with key paths, and broadcast
 * prefix trees (e.g. vmap's in_axes) against full trees.
 *
 * @example
 * ```ts
 * import { flatten, map } from "./tree/index.js";
 * const [leaves, def] = flatten({ w: [1, 2], b: 3 }); // leaves: [3, 1, 2]
 * map((x: number) => x * 2, { w: [1, 2], b: 3 });     // { b: 6, w: [2, 4] }
 * ```
 */

export { TreeMismatchError } from "./errors.js";
export { registerNode } from "./nodes.js";
export type { NodeConstructor, NodeKind, NodeSpec } from "./nodes.js";
export { keystr } from "./paths.js";
export type { KeyPath, MapKey, PathKey } from "./paths.js";
export { TreeDef } from "./treedef.js";
export type { IsLeaf } from "./treedef.js";
export {
  all,
  broadcastPrefix,
  flatten,
  flattenWithPath,
  leaves,
  leavesWithPath,
  map,
  mapTrees,
  mapTreesWithPath,
  mapWithPath,
  reduce,
  structure,
  unflatten,
} from "./tree.js";
