// Splitting the arguments of a transformed function into array leaves (traced) and everything
// else (graph nodes, strings, functions: kept as they are), plus the stand-ins used to trace on
// per-lane shapes without computing anything. Layer: augment (internal).

import { Array, np, ShapedArray, tree } from "@brainstate/core";
import { currentTrace, StagingTrace, type TreeDef } from "@brainstate/core/extend";

/** The arguments of one call, split into traced array leaves and static leaves. */
export interface SplitArgs {
  /** Structure of the argument list. */
  readonly argTree: TreeDef;
  /** Every leaf of the arguments (array leaves included, as given). */
  readonly leaves: readonly unknown[];
  /** Positions (in `leaves`) of the array leaves. */
  readonly dynamic: readonly number[];
  /** The array leaves, as Arrays (JS numbers and booleans converted). */
  readonly arrays: readonly Array[];
}

/** True for the leaves a transformation traces: Arrays, JS numbers and booleans. */
export function isArrayLeaf(x: unknown): boolean {
  return x instanceof Array || typeof x === "number" || typeof x === "boolean";
}

/** Splits an argument list into its array leaves and its other (static) leaves. */
export function splitArgs(where: string, args: readonly unknown[]): SplitArgs {
  const [leaves, argTree] = tree.flatten(args);
  const dynamic: number[] = [];
  const arrays: Array[] = [];
  leaves.forEach((leaf, i) => {
    if (!isArrayLeaf(leaf)) return;
    dynamic.push(i);
    arrays.push(leaf instanceof Array ? leaf : np.asArray(leaf as number | boolean, where));
  });
  return { argTree, leaves, dynamic, arrays };
}

/** The argument list again, with the array leaves replaced by `arrays`. */
export function joinArgs(split: SplitArgs, arrays: readonly unknown[]): unknown[] {
  const full = [...split.leaves];
  split.dynamic.forEach((pos, j) => (full[pos] = arrays[j]));
  return tree.unflatten(split.argTree, full) as unknown[];
}

/** True when two splits have the same structure and the same static leaves (by identity). */
export function sameStatics(a: SplitArgs, b: SplitArgs): boolean {
  if (!a.argTree.equals(b.argTree) || a.dynamic.length !== b.dynamic.length) return false;
  if (!a.dynamic.every((p, i) => p === b.dynamic[i])) return false;
  const dyn = new Set(a.dynamic);
  return a.leaves.every((x, i) => dyn.has(i) || x === b.leaves[i]);
}

/**
 * Abstract stand-ins (tracers of a finished staging trace) with the given shapes and dtypes:
 * what a StatefulFunction needs to trace for a signature without any data.
 */
export function abstractArrays(avals: readonly ShapedArray[]): Array[] {
  const trace = new StagingTrace(currentTrace());
  try {
    return avals.map((a) => trace.newArg(a));
  } finally {
    trace.finish();
  }
}

/** The shape of `x` without axis `axis` (already normalised). */
export function dropAxis(x: Array, axis: number): ShapedArray {
  return new ShapedArray(
    x.shape.filter((_, k) => k !== axis),
    x.dtype,
    x.weakType,
  );
}
