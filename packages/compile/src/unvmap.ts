// unvmap: reductions over every enclosing vmap lane, as primitives whose batching rule reduces the
// whole batched value to an unbatched result (so they also work in bodies that vmap batches later).
// Layer: compile. Ported from brainstate's compile/_unvmap.py.

import { Array, isFloat, NonDifferentiableError, np, ShapedArray, ValueError } from "@brainstate/core";
import { definePrimitive, type Loader, type Primitive } from "@brainstate/core/extend";

type NoParams = Record<string, never>;

/** A reduction of every element of the operand to a scalar (any: max of bools, all: min of bools, max). */
function defineReduceAll(name: string, op: "max" | "min", keepDtype: boolean): Primitive<NoParams> {
  const prim: Primitive<NoParams> = definePrimitive<NoParams>({
    name,
    abstractEval: ([x]) => [new ShapedArray([], keepDtype ? (x as ShapedArray).dtype : "bool")],
    lower: ({ inputs, inAvals }) => {
      const x = inputs[0] as Loader;
      const shape = (inAvals[0] as ShapedArray).shape;
      if (shape.length === 0) return { kind: "map", exp: () => x([]) };
      return { kind: "reduce", op, shape, body: (_out, red) => x(red) };
    },
    // The batched value holds every lane: reduce all of it, and the result is not batched.
    batch: ([x]) => [[prim.bind1([x as Array], {})], [null]],
    // any/all give bools and max of integers gives integers: no derivative. max of floats has none either.
    jvp: ([x], [t]) => {
      const a = x as Array;
      if (keepDtype && isFloat(a.dtype) && t !== null && t !== undefined) {
        throw new NonDifferentiableError(`unvmap: the 'max' reduction of ${a.aval.toString()} has no derivative; apply stopGradient to its input`);
      }
      return [[prim.bind1([a], {})], [null]];
    },
    transpose: "nonlinear",
  });
  return prim;
}

const unvmapAnyP = defineReduceAll("unvmap_any", "max", false);
const unvmapAllP = defineReduceAll("unvmap_all", "min", false);
const unvmapMaxP = defineReduceAll("unvmap_max", "max", true);

/** Identity that drops the batch axis: inside vmap the result is the whole batched value (lanes on axis 0). */
const unvmapNoneP: Primitive<NoParams> = definePrimitive<NoParams>({
  name: "unvmap_none",
  abstractEval: ([x]) => [x as ShapedArray],
  lower: ({ inputs }) => ({ kind: "map", exp: (index) => (inputs[0] as Loader)(index) }),
  batch: ([x], [d]) => [[unvmapNoneP.bind1([d === null || d === undefined || d === 0 ? (x as Array) : np.moveaxis(x as Array, d, 0)], {})], [null]],
  jvp: ([x], [t]) => [[unvmapNoneP.bind1([x as Array], {})], [t === null || t === undefined ? null : unvmapNoneP.bind1([t], {})]],
  transpose: ([ct]) => [ct ?? null],
});

/** The reduction `unvmap` applies. @public */
export type UnvmapOp = "any" | "all" | "max" | "none";

/**
 * Reduces `x` over all of its elements *and* over every enclosing `vmap` lane: `"any"` (a bool
 * scalar, true if any element of any lane is nonzero), `"all"`, `"max"` (a scalar of x's dtype),
 * or `"none"` (no reduction: inside vmap the result is the whole batched value, lanes first,
 * outside it is `x`). Used where one decision must hold for the whole batch — a loop that runs
 * while any lane is running, an error raised when any lane fails.
 * `"none"` is differentiable (identity); the others give bools or integers without derivative,
 * and `"max"` of a float with a nonzero tangent throws NonDifferentiableError.
 * @param op - the reduction @defaultValue "any"
 * @throws ValueError for an unknown op.
 * @example
 * ```ts
 * vmap((x: Array) => unvmap(x.gt(2), "any"))(np.array([1, 2, 3])); // true in every lane
 * ```
 * @public
 */
export function unvmap(x: Array | number | boolean, op: UnvmapOp = "any"): Array {
  const a = np.asArray(x, "unvmap");
  switch (op) {
    case "any":
      return a.size === 0 ? np.array(false) : unvmapAnyP.bind1([a.dtype === "bool" ? a : a.ne(0)], {});
    case "all":
      return a.size === 0 ? np.array(true) : unvmapAllP.bind1([a.dtype === "bool" ? a : a.ne(0)], {});
    case "max":
      if (a.size === 0) throw new ValueError("unvmap: 'max' of an empty array has no value; check the size first");
      return unvmapMaxP.bind1([a], {});
    case "none":
      return unvmapNoneP.bind1([a], {});
    default:
      throw new ValueError(`unvmap: unknown op '${String(op)}'; the ops are 'any', 'all', 'max' and 'none'`);
  }
}
