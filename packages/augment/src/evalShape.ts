// Abstract evaluation of stateful functions: evalShape (output shapes and dtypes, graph nodes
// returned with abstract state values) and abstractInit (a module skeleton). A StatefulFunction
// traces the function without computing anything; the states it touches are left as they were.
// Layer: augment. Ported from brainstate's augment/_eval_shape.py (eval_shape, abstract_init).

import { ValueError } from "@brainstate/core";
import { StatefulFunction } from "@brainstate/compile";
import { graphToTree, Node, treeToGraph } from "@brainstate/graph";
import type { NumberArgs } from "./autograd.js";
import { joinArgs, splitArgs } from "./internal/args.js";

function abstractEval(where: string, fn: (...args: never[]) => unknown, args: readonly unknown[], check?: (out: unknown) => void): unknown {
  if (typeof fn !== "function") throw new ValueError(`${where}: expected a function, got ${typeof fn}`);
  const split = splitArgs(where, args);
  const sf = new StatefulFunction(
    (...arrays: unknown[]) => {
      const out = (fn as (...a: unknown[]) => unknown)(...joinArgs(split, arrays));
      check?.(out);
      return graphToTree(out);
    },
    { name: fn.name || where },
  );
  return treeToGraph(sf.getOutShapes(...split.arrays));
}

/**
 * The shapes and dtypes of `fn(...args)` without computing anything (brainstate's
 * `augment.eval_shape`): the output with every array replaced by its `ShapedArray`; a graph node
 * the function builds comes back as a node whose state values are `ShapedArray`s. States the
 * function reads or writes (random keys included) are left as they were. Graph nodes among the
 * arguments are passed as they are.
 * @param fn - the function to evaluate abstractly
 * @param args - its arguments (Arrays, numbers, graph nodes, or pytrees of them)
 * @example
 * ```ts
 * const mlp = evalShape(() => new MLP(1, 2, 3)) as MLP;
 * mlp.dense1.weight.value.w; // ShapedArray float32[1,2]
 * ```
 * @public
 */
export function evalShape<A extends unknown[]>(fn: (...args: A) => unknown, ...args: NumberArgs<A>): unknown {
  return abstractEval("evalShape", fn as (...args: never[]) => unknown, args);
}

/**
 * A module skeleton: calls `fn(...args)` abstractly and returns the graph node it builds, with
 * `ShapedArray` state values (brainstate's `augment.abstract_init`), e.g. to create a model's
 * structure before restoring a checkpoint into it.
 * @throws `ValueError` when `fn` does not return a graph node.
 * @example
 * ```ts
 * const skeleton = abstractInit(() => new Linear(2, 3)) as Linear;
 * ```
 * @public
 */
export function abstractInit<A extends unknown[]>(fn: (...args: A) => unknown, ...args: NumberArgs<A>): unknown {
  return abstractEval("abstractInit", fn as (...args: never[]) => unknown, args, (out) => {
    if (!(out instanceof Node)) {
      throw new ValueError(`abstractInit: the function must return a graph node (a Node), got ${out === null ? "null" : typeof out}; use evalShape for other outputs`);
    }
  });
}
