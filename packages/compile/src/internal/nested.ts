// The bounded-memory engine of checkpointedScan/boundedWhileLoop: nested scans of `base` sub-blocks
// under core's checkpoint, skipped by core's cond once inactive. Layer: compile (internal).
// The scheme is brainstate's `_bounded_while_loop` (compile/_loop_collect_return.py).

import { Array, checkpoint, cond, np, ShapedArray, scan, tree } from "@brainstate/core";
import type { TreeDef } from "@brainstate/core/extend";

/** What the engine runs. `C` is the loop carry (a pytree of arrays). */
export interface NestedLoopSpec<C> {
  /** Number of steps to run (the loop may be inactive earlier). */
  readonly n: number;
  /** Sub-blocks per level. */
  readonly base: number;
  readonly init: C;
  /** Scanned inputs (leading axis n) or null. */
  readonly xs: unknown;
  /** One step; it must leave the carry unchanged when the step is past the end (its own guard). */
  readonly step: (carry: C, x: unknown) => [C, unknown];
  /** Whether the loop is still active at this carry (a bool scalar). */
  readonly active: (carry: C) => Array;
  /** The carry after skipping `steps` inactive steps. */
  readonly skip: (carry: C, steps: number) => C;
  /** Structure and avals of one step's output, or null when steps output nothing. */
  readonly ys: { readonly tree: TreeDef; readonly avals: readonly ShapedArray[] } | null;
}

/** Pads axis 0 of `x` to `size` by repeating its last element (real data: no NaNs in masked steps). */
function padEdge(x: Array, size: number): Array {
  const n = x.shape[0] as number;
  if (size === n) return x;
  const last = x.get({ start: n - 1, stop: n });
  return np.concatenate([x, np.broadcastTo(last, [size - n, ...x.shape.slice(1)])], 0);
}

/** Runs the loop; returns the final carry and the per-step outputs stacked on a leading axis of length n. */
export function nestedLoop<C>(spec: NestedLoopSpec<C>): [C, unknown] {
  const { n, base } = spec;
  // sizes[l] = steps in a sub-block of level l; the top scan runs `top` sub-blocks of the deepest level.
  const sizes = [1];
  while ((sizes[sizes.length - 1] as number) * base < n) sizes.push((sizes[sizes.length - 1] as number) * base);
  const depth = sizes.length;
  const inner = sizes[depth - 1] as number;
  const top = Math.ceil(n / inner);
  const capacity = top * inner;
  const blockShape = (l: number): number[] => globalThis.Array.from({ length: l }, () => base);

  const zerosYs = (l: number): unknown =>
    spec.ys === null
      ? null
      : tree.unflatten(
          spec.ys.tree,
          spec.ys.avals.map((a) => np.zeros([...blockShape(l), ...a.shape], { dtype: a.dtype })),
        );

  // A sub-block of level l (sizes[l] steps) on inputs with l leading axes of `base`.
  const runBlock = (l: number, carry: C, xb: unknown): [C, unknown] => {
    if (l === 0) return spec.step(carry, xb);
    return scan((c: C, x: unknown) => guarded(l - 1, c, x), carry, xb, { length: base }) as [C, unknown];
  };
  // Level-l sub-block that is skipped once the loop is inactive; l ≥ 1 sub-blocks are rematerialised.
  const guarded = (l: number, carry: C, xb: unknown): [C, unknown] => {
    if (l === 0) return runBlock(0, carry, xb);
    const body = (c: C, x: unknown): [C, unknown] =>
      cond(
        spec.active(c),
        (c2: C, x2: unknown) => runBlock(l, c2, x2),
        (c2: C) => [spec.skip(c2, sizes[l] as number), zerosYs(l)],
        c,
        x,
      ) as [C, unknown];
    return checkpoint(body)(carry, xb);
  };

  const xsTop =
    spec.xs === null
      ? null
      : tree.map((x) => {
          const a = x as Array;
          return padEdge(a, capacity).reshape([top, ...blockShape(depth - 1), ...a.shape.slice(1)]);
        }, spec.xs);
  const [carry, ys] = scan((c: C, x: unknown) => guarded(depth - 1, c, x), spec.init, xsTop, { length: top }) as [C, unknown];
  const flatYs =
    ys === null
      ? null
      : tree.map((y) => {
          const a = y as Array;
          const flat = a.reshape([capacity, ...a.shape.slice(depth)]);
          return capacity === n ? flat : flat.get({ start: 0, stop: n });
        }, ys);
  return [carry, flatYs];
}
