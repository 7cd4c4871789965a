// Gather primitives: `take` along one axis and `take_along_axis`. Data-dependent loads inside one
// kernel; indices are clamped into range so a kernel never reads out of bounds. Each carries its
// JVP, transpose (a scatter-add) and batching rules. Layer 10.

import type { Array } from "../array/Array.js";
import { ShapedArray } from "../array/aval.js";
import { DTypeError, ShapeError } from "../errors/errors.js";
import { idx, max, min } from "../kernel/build.js";
import type { Exp } from "../kernel/ir.js";
import { definePrimitive, type Loader, type Primitive, type UndefinedPrimal } from "../trace/primitive.js";
import { formatShape, prod } from "../util/assert.js";
import * as ops from "./ops.js";
import { batchToFront, known } from "./rules.js";
import { scatterP } from "./scatter.js";

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

/**
 * int32 `indices` clamped into `[0, n)` exactly as the gathers clamp them (for `n = 0` every
 * index becomes -1, which a scatter drops). Used by the transformation rules.
 * @beta
 */
export function clampIndices(indices: Array, n: number): Array {
  const lo = ops.max(indices, ops.full(indices.shape, 0, "int32"));
  return ops.min(lo, ops.full(indices.shape, n - 1, "int32"));
}

/**
 * A bool mask of the int32 `indices` that lie in `[0, n)` (those a scatter does not drop).
 * @beta
 */
export function indicesInRange(indices: Array, n: number): Array {
  const below = ops.lt(indices, ops.full(indices.shape, 0, "int32"));
  return ops.select(below, ops.full(indices.shape, false, "bool"), ops.lt(indices, ops.full(indices.shape, n, "int32")));
}

const range = (from: number, to: number): number[] => globalThis.Array.from({ length: Math.max(0, to - from) }, (_, k) => from + k);

/** Zeros of an operand's aval (its dtype and weak type). */
const zerosOf = (a: ShapedArray): Array => ops.full(a.shape, 0, a.dtype, a.weakType);

/**
 * The per-lane take of a batched `x` (`[B, ...pre, n, ...post]`) at batched `indices` (`[B, ...S]`):
 * the lanes are flattened into the indexed axis (`[B·n, ...]`) and each lane's clamped indices
 * offset by `lane · n`. Result `[B, ...pre, ...S, ...post]`.
 */
function takeBothBatched(x: Array, indices: Array, axis: number): Array {
  const b = x.shape[0] as number;
  const n = x.shape[axis + 1] as number;
  const moved = ops.moveAxis(x, axis + 1, 1);
  const flat = ops.reshape(moved, [b * n, ...moved.shape.slice(2)]);
  const lane = ops.mul(ops.iota(indices.shape, 0), ops.full(indices.shape, n, "int32"));
  const offset = ops.add(clampIndices(indices, n), lane);
  const taken = takeP.bind1([flat, offset], { axis: 0 });
  // taken: [B, ...S, ...pre, ...post]; bring the index axes behind pre.
  const k = indices.ndim - 1;
  const perm = [0, ...range(k + 1, k + 1 + axis), ...range(1, k + 1), ...range(k + 1 + axis, taken.ndim)];
  return ops.transpose(taken, perm);
}

/** `take(x, indices, axis)`: out shape `x.shape[:axis] + indices.shape + x.shape[axis+1:]`; indices clamped to `[0, n)`. */
export const takeP: Primitive<GatherParams> = definePrimitive<GatherParams>({
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
  // Linear in x; the integer indices carry no tangent.
  jvp: ([x, i], [tx], params) => {
    const out = takeP.bind1([x as Array, i as Array], params);
    return [[out], [tx ? takeP.bind1([tx, i as Array], params) : null]];
  },
  // Transpose w.r.t. x: scatter-add the cotangent into zeros at the clamped indices (duplicates accumulate).
  transpose: ([ct], [x, i], params) => {
    if (!ct) return [null, null];
    const a = (x as UndefinedPrimal).aval;
    const indices = known(i, "take");
    const n = a.shape[params.axis] as number;
    return [scatterP.bind1([zerosOf(a), clampIndices(indices, n), ct], { mode: "add", axis: params.axis }), null];
  },
  batch: ([x, i], [dx, di], params, size) => {
    const xv = x as Array;
    const iv = i as Array;
    if (di === null || di === undefined) {
      return [[takeP.bind1([batchToFront(xv, dx ?? null, size), iv], { axis: params.axis + 1 })], [0]];
    }
    if (dx === null || dx === undefined) return [[takeP.bind1([xv, iv], params)], [params.axis + di]];
    return [[takeBothBatched(ops.moveAxis(xv, dx, 0), ops.moveAxis(iv, di, 0), params.axis)], [0]];
  },
});

/** `take_along_axis(x, indices, axis)`: indices has x's shape except along `axis`; out shape = indices' shape. */
export const takeAlongAxisP: Primitive<GatherParams> = definePrimitive<GatherParams>({
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
  // Linear in x; the integer indices carry no tangent.
  jvp: ([x, i], [tx], params) => {
    const out = takeAlongAxisP.bind1([x as Array, i as Array], params);
    return [[out], [tx ? takeAlongAxisP.bind1([tx, i as Array], params) : null]];
  },
  // Transpose w.r.t. x: scatter-add the cotangent at the clamped positions, through x flattened to 1-d.
  transpose: ([ct], [x, i], params) => {
    if (!ct) return [null, null];
    const a = (x as UndefinedPrimal).aval;
    const indices = known(i, "take_along_axis");
    const shape = indices.shape;
    let flatPos: Array | null = null;
    let stride = 1;
    for (let k = a.ndim - 1; k >= 0; k--) {
      const coord = k === params.axis ? clampIndices(indices, a.shape[k] as number) : ops.iota(shape, k);
      const term = stride === 1 ? coord : ops.mul(coord, ops.full(shape, stride, "int32"));
      flatPos = flatPos === null ? term : ops.add(flatPos, term);
      stride *= a.shape[k] as number;
    }
    const m = prod(shape);
    const pos = flatPos === null ? ops.full([m], 0, "int32") : ops.reshape(flatPos, [m]);
    const scattered = scatterP.bind1([zerosOf(new ShapedArray([a.size], a.dtype, a.weakType)), pos, ops.reshape(ct, [m])], { mode: "add", axis: 0 });
    return [ops.reshape(scattered, a.shape), null];
  },
  // Both batch axes to the front (an unbatched operand is broadcast), the axis shifted by one.
  batch: ([x, i], [dx, di], params, size) => [
    [takeAlongAxisP.bind1([batchToFront(x as Array, dx ?? null, size), batchToFront(i as Array, di ?? null, size)], { axis: params.axis + 1 })],
    [0],
  ],
});
