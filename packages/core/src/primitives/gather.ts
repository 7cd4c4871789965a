// Gather primitives: `take` along one axis and `take_along_axis`. Data-dependent loads inside one
// kernel; indices are clamped into range so a kernel never reads out of bounds. Layer 10.

import { ShapedArray } from "../array/aval.js";
import { DTypeError, ShapeError } from "../errors/errors.js";
import { idx, max, min } from "../kernel/build.js";
import type { Exp } from "../kernel/ir.js";
import { definePrimitive, type Loader } from "../trace/primitive.js";
import { formatShape } from "../util/assert.js";

/** Params of the gathers: the operand axis indexed. */
export interface GatherParams {
  readonly axis: number;
}

function checkIndexDtype(name: string, i: ShapedArray): void {
  if (i.dtype !== "int32") {
    throw new DTypeError(`${name}: indices have dtype ${i.dtype}; they must be int32 — cast with astype('int32')`);
  }
}

const clampIndex = (e: Exp, n: number): Exp => min(max(e, idx(0)), idx(n - 1));

/** `take(x, indices, axis)`: out shape `x.shape[:axis] + indices.shape + x.shape[axis+1:]`; indices clamped to `[0, n)`. */
export const takeP = definePrimitive<GatherParams>({
  name: "take",
  abstractEval([x, i], { axis }) {
    const a = x as ShapedArray;
    const ind = i as ShapedArray;
    checkIndexDtype("take", ind);
    if (a.shape[axis] === 0 && ind.size > 0) {
      throw new ShapeError(`take: cannot take from an empty axis ${axis} of shape ${formatShape(a.shape)}`);
    }
    return [new ShapedArray([...a.shape.slice(0, axis), ...ind.shape, ...a.shape.slice(axis + 1)], a.dtype, a.weakType)];
  },
  lower: ({ inputs, inAvals, params }) => {
    const [x, indices] = inputs as [Loader, Loader];
    const a = inAvals[0] as ShapedArray;
    const k = (inAvals[1] as ShapedArray).ndim;
    const axis = params.axis;
    return {
      kind: "map",
      exp: (i) => {
        const j = clampIndex(indices(i.slice(axis, axis + k)), a.shape[axis] as number);
        return x([...i.slice(0, axis), j, ...i.slice(axis + k)]);
      },
    };
  },
});

/** `take_along_axis(x, indices, axis)`: indices has x's shape except along `axis`; out shape = indices' shape. */
export const takeAlongAxisP = definePrimitive<GatherParams>({
  name: "take_along_axis",
  abstractEval([x, i], { axis }) {
    const a = x as ShapedArray;
    const ind = i as ShapedArray;
    checkIndexDtype("take_along_axis", ind);
    if (a.ndim !== ind.ndim || a.shape.some((n, k) => k !== axis && n !== ind.shape[k])) {
      throw new ShapeError(
        `take_along_axis: indices of shape ${formatShape(ind.shape)} must match the array's shape ${formatShape(a.shape)} on every axis but ${axis}`,
      );
    }
    return [new ShapedArray(ind.shape, a.dtype, a.weakType)];
  },
  lower: ({ inputs, inAvals, params }) => {
    const [x, indices] = inputs as [Loader, Loader];
    const n = (inAvals[0] as ShapedArray).shape[params.axis] as number;
    return {
      kind: "map",
      exp: (i) => x(i.map((e, k) => (k === params.axis ? clampIndex(indices(i), n) : e))),
    };
  },
});
