// Pytree operations (port of jax.tree_util): flatten / unflatten, leaves,
// structure, multi-tree map, key paths, reduce, all and broadcastPrefix.

import { TreeMismatchError } from "./errors.js";
import type { KeyPath } from "./paths.js";
import {
  TreeDef,
  describePath,
  firstDifference,
  flattenUpToWith,
  flattenWith,
  unflattenWith,
} from "./treedef.js";
import type { IsLeaf } from "./treedef.js";

/**
 * Flattens a pytree into its leaves (in canonical order: arrays by index,
 * objects and Maps by sorted key, registered nodes by their `flatten`) and
 * its structure. `isLeaf` is consulted first at every node, including `null`.
 *
 * @example
 * ```ts
 * const [leaves, def] = flatten({ b: [1, 2], a: 3 });
 * leaves;          // [3, 1, 2]
 * def.toString();  // "TreeDef({a: *, b: [*, *]})"
 * ```
 * @public
 */
export function flatten(tree: unknown, isLeaf?: IsLeaf): [leaves: unknown[], treedef: TreeDef] {
  const r = flattenWith(tree, isLeaf, "tree.flatten", false);
  return [r.leaves, r.treedef];
}

/**
 * Rebuilds a pytree from a structure and its leaves (inverse of `flatten`).
 * Throws TreeMismatchError if the number of leaves is wrong.
 *
 * @example
 * ```ts
 * const [leaves, def] = flatten([1, { a: 2 }]);
 * unflatten(def, leaves.map((x) => (x as number) * 10)); // [10, { a: 20 }]
 * ```
 * @public
 */
export function unflatten(treedef: TreeDef, leaves: readonly unknown[]): unknown {
  return unflattenWith(treedef, leaves, "tree.unflatten");
}

/**
 * Returns the leaves of a pytree in canonical order.
 *
 * @example
 * ```ts
 * leaves([1, { b: 2, a: 3 }, null]); // [1, 3, 2]
 * ```
 * @public
 */
export function leaves(tree: unknown, isLeaf?: IsLeaf): unknown[] {
  return flattenWith(tree, isLeaf, "tree.leaves", false).leaves;
}

/**
 * Returns the structure (TreeDef) of a pytree.
 *
 * @example
 * ```ts
 * structure([1, [2, 3]]).toString(); // "TreeDef([*, [*, *]])"
 * ```
 * @public
 */
export function structure(tree: unknown, isLeaf?: IsLeaf): TreeDef {
  return flattenWith(tree, isLeaf, "tree.structure", false).treedef;
}

/**
 * Flattens a pytree into `[path, leaf]` pairs plus its structure.
 *
 * @example
 * ```ts
 * const [pairs] = flattenWithPath([1, { a: 2 }]);
 * pairs.map(([p, x]) => `${keystr(p)}=${String(x)}`); // ["[0]=1", '[1]["a"]=2']
 * ```
 * @public
 */
export function flattenWithPath(
  tree: unknown,
  isLeaf?: IsLeaf,
): [leavesWithPath: [KeyPath, unknown][], treedef: TreeDef] {
  const r = flattenWith(tree, isLeaf, "tree.flattenWithPath", true);
  return [zipPaths(r.paths ?? [], r.leaves), r.treedef];
}

/**
 * Returns the `[path, leaf]` pairs of a pytree, in canonical order.
 *
 * @example
 * ```ts
 * leavesWithPath({ a: [5] }); // [[[{kind: "key", key: "a"}, {kind: "index", index: 0}], 5]]
 * ```
 * @public
 */
export function leavesWithPath(tree: unknown, isLeaf?: IsLeaf): [KeyPath, unknown][] {
  const r = flattenWith(tree, isLeaf, "tree.leavesWithPath", true);
  return zipPaths(r.paths ?? [], r.leaves);
}

function zipPaths(paths: readonly KeyPath[], values: readonly unknown[]): [KeyPath, unknown][] {
  return values.map((v, i) => [paths[i] ?? [], v]);
}

/**
 * Flattens every tree, checks that all have the first tree's structure and
 * returns the leaf columns. Throws TreeMismatchError naming both structures.
 */
function flattenAll(
  trees: readonly unknown[],
  isLeaf: IsLeaf | undefined,
  op: string,
  withPaths: boolean,
): { treedef: TreeDef; columns: unknown[][]; paths: readonly KeyPath[] } {
  if (trees.length === 0) throw new TypeError(`${op}: at least one tree is required`);
  const first = flattenWith(trees[0], isLeaf, op, withPaths);
  const columns: unknown[][] = [first.leaves];
  for (let t = 1; t < trees.length; t++) {
    const r = flattenWith(trees[t], isLeaf, op, false);
    if (!r.treedef.equals(first.treedef)) {
      const diff = firstDifference(first.treedef, r.treedef);
      const where =
        diff === undefined
          ? ""
          : ` (first difference at ${describePath(diff.path)}: tree 0 has ${diff.a}, tree ${String(t)} has ${diff.b})`;
      throw new TreeMismatchError(
        `${op}: tree ${String(t)} has structure ${r.treedef.toString()} but tree 0 has ${first.treedef.toString()}${where}; ` +
          `all trees passed to ${op.replace(/^tree\./, "")} must have the same structure`,
      );
    }
    columns.push(r.leaves);
  }
  return { treedef: first.treedef, columns, paths: first.paths ?? [] };
}

/** Calls `f` across the leaf columns and rebuilds the first tree's structure. */
function mapColumns(
  treedef: TreeDef,
  columns: readonly unknown[][],
  f: (i: number, args: unknown[]) => unknown,
): unknown {
  const out: unknown[] = [];
  for (let i = 0; i < treedef.numLeaves; i++) {
    out.push(f(i, columns.map((c) => c[i])));
  }
  return unflattenWith(treedef, out, "tree.map");
}

/**
 * Maps `f` over the leaves of one or more trees with identical structure
 * (like `jax.tree.map`); `f` receives one leaf from each tree. The result
 * has the structure of the first tree. Throws TreeMismatchError if any
 * tree's structure differs. `L` is the (unchecked) leaf type `f` expects.
 * Use `mapTrees` to pass an `isLeaf` predicate.
 *
 * @example
 * ```ts
 * map((a: number, b: number) => a + b, { x: 1, y: [2] }, { x: 10, y: [20] }); // { x: 11, y: [22] }
 * ```
 * @public
 */
export function map<L = unknown>(
  f: (...leaves: L[]) => unknown,
  tree: unknown,
  ...rest: unknown[]
): unknown {
  return mapTrees(f, [tree, ...rest]);
}

/**
 * Like `map`, but takes the trees as an array and accepts an `isLeaf`
 * predicate (applied to every tree).
 *
 * @example
 * ```ts
 * mapTrees((a) => a ?? 0, [[null, 1]], (x) => x === null); // [0, 1]
 * ```
 * @public
 */
export function mapTrees<L = unknown>(
  f: (...leaves: L[]) => unknown,
  trees: readonly unknown[],
  isLeaf?: IsLeaf,
): unknown {
  const { treedef, columns } = flattenAll(trees, isLeaf, "tree.map", false);
  // Leaves are passed through unchecked; `L` is the caller's declared leaf type.
  return mapColumns(treedef, columns, (_i, args) => f(...(args as L[])));
}

/**
 * Like `map`, but `f` also receives the key path of each leaf (in the first tree).
 *
 * @example
 * ```ts
 * mapWithPath((p, x) => `${keystr(p)}:${String(x)}`, { a: [1] }); // { a: ['["a"][0]:1'] }
 * ```
 * @public
 */
export function mapWithPath<L = unknown>(
  f: (path: KeyPath, ...leaves: L[]) => unknown,
  tree: unknown,
  ...rest: unknown[]
): unknown {
  return mapTreesWithPath(f, [tree, ...rest]);
}

/**
 * Like `mapWithPath`, but takes the trees as an array and accepts an `isLeaf` predicate.
 *
 * @example
 * ```ts
 * mapTreesWithPath((p, a, b) => [keystr(p), a, b], [[1], [2]]); // [["[0]", 1, 2]]
 * ```
 * @public
 */
export function mapTreesWithPath<L = unknown>(
  f: (path: KeyPath, ...leaves: L[]) => unknown,
  trees: readonly unknown[],
  isLeaf?: IsLeaf,
): unknown {
  const { treedef, columns, paths } = flattenAll(trees, isLeaf, "tree.mapWithPath", true);
  return mapColumns(treedef, columns, (i, args) => f(paths[i] ?? [], ...(args as L[])));
}

/**
 * Left-folds `f` over the leaves of a tree, starting from `initial`.
 *
 * @example
 * ```ts
 * reduce((acc, x: number) => acc + x, [1, { a: 2, b: 3 }], 0); // 6
 * ```
 * @public
 */
export function reduce<A, L = unknown>(
  f: (acc: A, leaf: L) => A,
  tree: unknown,
  initial: A,
  isLeaf?: IsLeaf,
): A {
  let acc = initial;
  // Leaves are passed through unchecked; `L` is the caller's declared leaf type.
  for (const leaf of flattenWith(tree, isLeaf, "tree.reduce", false).leaves) acc = f(acc, leaf as L);
  return acc;
}

/**
 * True if every leaf is truthy (true for a tree with no leaves).
 *
 * @example
 * ```ts
 * all([true, { a: 1 }]); // true
 * all([true, null]);     // true (null is an empty node, not a leaf)
 * all([true, 0]);        // false
 * ```
 * @public
 */
export function all(tree: unknown, isLeaf?: IsLeaf): boolean {
  return flattenWith(tree, isLeaf, "tree.all", false).leaves.every(Boolean);
}

/**
 * Broadcasts a prefix tree against a full tree (as used for vmap's in_axes):
 * returns one entry per leaf of `fullTree`, where each leaf of `prefixTree`
 * is repeated once for every leaf in the corresponding subtree of `fullTree`.
 * `isLeaf` applies to the prefix tree only (pass `(x) => x === null` to
 * treat `null` in the prefix as a leaf value, as JAX does for in_axes=None);
 * the full tree is flattened with the default rules. Throws
 * TreeMismatchError if `prefixTree` is not a prefix of `fullTree`.
 *
 * @example
 * ```ts
 * broadcastPrefix([0, null], [[1, 2], { a: 3 }], (x) => x === null); // [0, 0, null]
 * ```
 * @public
 */
export function broadcastPrefix(
  prefixTree: unknown,
  fullTree: unknown,
  isLeaf?: IsLeaf,
): unknown[] {
  const op = "tree.broadcastPrefix";
  const prefix = flattenWith(prefixTree, isLeaf, op, false);
  const subtrees = flattenUpToWith(prefix.treedef, fullTree, op);
  const out: unknown[] = [];
  prefix.leaves.forEach((leaf, i) => {
    const n = flattenWith(subtrees[i], undefined, op, false).treedef.numLeaves;
    for (let k = 0; k < n; k++) out.push(leaf);
  });
  return out;
}
