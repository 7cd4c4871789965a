// Movement primitives: reshape, broadcast, transpose, slice, pad, concatenate, reverse, iota.
// Each lowers to index arithmetic on its operand's loader — no data is copied until a kernel runs. Layer 10.

import { ShapedArray } from "../array/aval.js";
import { checkDType, type DType } from "../dtype/dtype.js";
import { AxisError, DTypeError, ShapeError, ValueError } from "../errors/errors.js";
import { add, and, cast, constant, div, idx, le, lt, max, min, mul, ravel, rem, sub, unravel, where, eq } from "../kernel/build.js";
import type { Exp } from "../kernel/ir.js";
import { definePrimitive, type Loader, type Primitive, type UndefinedPrimal } from "../trace/primitive.js";
import type { Array } from "../array/Array.js";
import * as ops from "./ops.js";
import { batchToFront, instantiate, isLinear, linearJvp, zeroJvp } from "./rules.js";
import { formatShape, prod } from "../util/assert.js";

/** Params of `reshape`. */
export interface ReshapeParams {
  readonly newShape: readonly number[];
}

/** Reinterprets the row-major elements with a new shape of the same size. */
export const reshapeP: Primitive<ReshapeParams> = definePrimitive<ReshapeParams>({
  name: "reshape",
  abstractEval([x], { newShape }) {
    const a = x as ShapedArray;
    if (prod(newShape) !== a.size) {
      throw new ShapeError(
        `reshape: cannot reshape an array of shape ${formatShape(a.shape)} (${a.size} elements) into shape ${formatShape(newShape)} (${prod(newShape)} elements); the sizes must match`,
      );
    }
    return [new ShapedArray(newShape, a.dtype, a.weakType)];
  },
  lower: ({ inputs, inAvals, params }) => {
    const [x] = inputs as [Loader];
    const inShape = (inAvals[0] as ShapedArray).shape;
    return { kind: "map", exp: (i) => x(unravel(ravel(i, params.newShape), inShape)) };
  },
  jvp: linearJvp(() => reshapeP),
  transpose: ([ct], [x]) => [ct ? ops.reshape(ct, (x as UndefinedPrimal).aval.shape) : null],
  // Batch axis to the front, then reshape the rest.
  batch: ([x], [d], params, size) => [[ops.reshape(batchToFront(x as Array, d ?? null, size), [size, ...params.newShape])], [0]],
});

/** Params of `broadcast_in_dim`: output shape, and the output axis of each operand axis. */
export interface BroadcastInDimParams {
  readonly shape: readonly number[];
  readonly broadcastDimensions: readonly number[];
}

/** Broadcasts an operand into `shape`, operand axis k landing on output axis `broadcastDimensions[k]`. */
export const broadcastInDimP: Primitive<BroadcastInDimParams> = definePrimitive<BroadcastInDimParams>({
  name: "broadcast_in_dim",
  abstractEval([x], { shape, broadcastDimensions }) {
    const a = x as ShapedArray;
    if (broadcastDimensions.length !== a.ndim) {
      throw new ShapeError(`broadcast_in_dim: operand of shape ${formatShape(a.shape)} needs ${a.ndim} broadcast dimensions, got ${broadcastDimensions.length}`);
    }
    broadcastDimensions.forEach((d, k) => {
      const size = a.shape[k] as number;
      if (d < 0 || d >= shape.length || (size !== 1 && size !== shape[d]) || (k > 0 && d <= (broadcastDimensions[k - 1] as number))) {
        throw new ShapeError(
          `broadcast_in_dim: cannot broadcast shape ${formatShape(a.shape)} to ${formatShape(shape)} with dimensions ${formatShape(broadcastDimensions)}; each operand axis must map, in increasing order, to an output axis of equal size or have size 1`,
        );
      }
    });
    return [new ShapedArray(shape, a.dtype, a.weakType)];
  },
  lower: ({ inputs, inAvals, params }) => {
    const [x] = inputs as [Loader];
    const inShape = (inAvals[0] as ShapedArray).shape;
    return {
      kind: "map",
      exp: (i) => x(params.broadcastDimensions.map((d, k) => (inShape[k] === 1 ? idx(0) : (i[d] as Exp)))),
    };
  },
  jvp: linearJvp(() => broadcastInDimP),
  // Transpose of a broadcast: sum over the axes it created or stretched.
  transpose: ([ct], [x], params) => {
    if (!ct) return [null];
    const shape = (x as UndefinedPrimal).aval.shape;
    const summed = ct.shape
      .map((_, k) => k)
      .filter((k) => {
        const j = params.broadcastDimensions.indexOf(k);
        return j < 0 || (shape[j] === 1 && ct.shape[k] !== 1);
      });
    return [ops.reshape(ops.reduceSum(ct, summed), shape)];
  },
  batch: ([x], [d], params, size) => [
    [ops.broadcastInDim(batchToFront(x as Array, d ?? null, size), [size, ...params.shape], [0, ...params.broadcastDimensions.map((k) => k + 1)])],
    [0],
  ],
});

/** Params of `transpose`: output axis k is operand axis `permutation[k]`. */
export interface TransposeParams {
  readonly permutation: readonly number[];
}

/** Permutes axes. */
export const transposeP: Primitive<TransposeParams> = definePrimitive<TransposeParams>({
  name: "transpose",
  abstractEval([x], { permutation }) {
    const a = x as ShapedArray;
    const sorted = [...permutation].sort((p, q) => p - q);
    if (permutation.length !== a.ndim || sorted.some((p, k) => p !== k)) {
      throw new AxisError(`transpose: ${formatShape(permutation)} is not a permutation of the ${a.ndim} axes of shape ${formatShape(a.shape)}`);
    }
    return [new ShapedArray(permutation.map((p) => a.shape[p] as number), a.dtype, a.weakType)];
  },
  lower: ({ inputs, params }) => {
    const [x] = inputs as [Loader];
    return {
      kind: "map",
      exp: (i) => {
        const src: Exp[] = new globalThis.Array<Exp>(i.length);
        params.permutation.forEach((p, k) => (src[p] = i[k] as Exp));
        return x(src);
      },
    };
  },
  jvp: linearJvp(() => transposeP),
  transpose: ([ct], _args, params) => {
    if (!ct) return [null];
    const inverse: number[] = [];
    params.permutation.forEach((p, k) => (inverse[p] = k));
    return [ops.transpose(ct, inverse)];
  },
  batch: ([x], [d], params, size) => [[ops.transpose(batchToFront(x as Array, d ?? null, size), [0, ...params.permutation.map((p) => p + 1)])], [0]],
});

/** Params of `slice`: per-axis start (inclusive), limit (exclusive) and positive stride. */
export interface SliceParams {
  readonly start: readonly number[];
  readonly limit: readonly number[];
  readonly strides: readonly number[];
}

/** Static strided slice. */
export const sliceP: Primitive<SliceParams> = definePrimitive<SliceParams>({
  name: "slice",
  abstractEval([x], { start, limit, strides }) {
    const a = x as ShapedArray;
    const shape = a.shape.map((n, k) => {
      const s = start[k] as number;
      const l = limit[k] as number;
      const st = strides[k] as number;
      if (!(s >= 0 && l <= n && s <= l && st >= 1)) {
        throw new ShapeError(`slice: start ${formatShape(start)} / limit ${formatShape(limit)} / strides ${formatShape(strides)} are out of range for shape ${formatShape(a.shape)}`);
      }
      return Math.ceil((l - s) / st);
    });
    return [new ShapedArray(shape, a.dtype, a.weakType)];
  },
  lower: ({ inputs, params }) => {
    const [x] = inputs as [Loader];
    return {
      kind: "map",
      exp: (i) => x(i.map((e, k) => add(idx(params.start[k] as number), mul(e, idx(params.strides[k] as number))))),
    };
  },
  jvp: linearJvp(() => sliceP),
  // Transpose of a slice: scatter the cotangent back with zero padding (interior padding for strides).
  transpose: ([ct], [x], params) => {
    if (!ct) return [null];
    const shape = (x as UndefinedPrimal).aval.shape;
    const lo = params.start;
    const interior = params.strides.map((st) => st - 1);
    const hi = shape.map((n, k) => n - ((lo[k] as number) + Math.max(0, (ct.shape[k] as number) - 1) * (params.strides[k] as number) + ((ct.shape[k] as number) > 0 ? 1 : 0)));
    return [padP.bind1([ct, ops.full([], 0, ct.dtype)], { lo, hi, interior })];
  },
  batch: ([x], [d], params, size) => [
    [sliceP.bind1([batchToFront(x as Array, d ?? null, size)], { start: [0, ...params.start], limit: [size, ...params.limit], strides: [1, ...params.strides] })],
    [0],
  ],
});

/** Params of `pad`: per-axis low/high padding (negative crops) and interior padding between elements. */
export interface PadParams {
  readonly lo: readonly number[];
  readonly hi: readonly number[];
  readonly interior: readonly number[];
}

/** Pads an operand with a scalar padding value (second operand). */
export const padP: Primitive<PadParams> = definePrimitive<PadParams>({
  name: "pad",
  abstractEval([x, v], { lo, hi, interior }) {
    const a = x as ShapedArray;
    const pv = v as ShapedArray;
    if (pv.ndim !== 0 || pv.dtype !== a.dtype) {
      throw new ShapeError(`pad: the padding value must be a ${a.dtype} scalar, got ${pv.toString()}`);
    }
    const shape = a.shape.map((n, k) => {
      const out = (lo[k] as number) + (hi[k] as number) + n + Math.max(0, n - 1) * (interior[k] as number);
      if ((interior[k] as number) < 0 || out < 0) {
        throw new ShapeError(`pad: padding lo ${formatShape(lo)} hi ${formatShape(hi)} interior ${formatShape(interior)} is invalid for shape ${formatShape(a.shape)}`);
      }
      return out;
    });
    return [new ShapedArray(shape, a.dtype, a.weakType)];
  },
  lower: ({ inputs, inAvals, params }) => {
    const [x, v] = inputs as [Loader, Loader];
    const inShape = (inAvals[0] as ShapedArray).shape;
    return {
      kind: "map",
      exp: (i) => {
        let valid: Exp = constant(true, "bool");
        const src = i.map((e, k) => {
          const n = inShape[k] as number;
          const step = (params.interior[k] as number) + 1;
          const shifted = sub(e, idx(params.lo[k] as number));
          const q = div(shifted, idx(step));
          const ok = and(and(le(idx(0), shifted), eq(rem(shifted, idx(step)), idx(0))), lt(q, idx(n)));
          valid = and(valid, ok);
          return min(max(q, idx(0)), idx(Math.max(n - 1, 0)));
        });
        return where(valid, x(src), v([]));
      },
    };
  },
  // d pad(x, v) = pad(dx, dv)
  jvp: (primals, tangents, params) => {
    const [x, v] = primals as [Array, Array];
    const out = padP.bind1([x, v], params);
    const [tx, tv] = tangents as [Array | null, Array | null];
    if (!tx && !tv) return [[out], [null]];
    return [[out], [padP.bind1([instantiate(tx, x), instantiate(tv, v)], params)]];
  },
  // The operand's cotangent is the strided window of ct it landed in; the padding value's is the rest of ct.
  transpose: ([ct], [x, v], params) => {
    if (!ct) return [null, null];
    const shape = (x as { aval: ShapedArray }).aval.shape;
    const grow = padP.bind1([ct, ops.full([], 0, ct.dtype)], {
      lo: params.lo.map((l) => Math.max(0, -l)),
      hi: params.hi.map((h) => Math.max(0, -h)),
      interior: params.lo.map(() => 0),
    });
    const start = params.lo.map((l) => Math.max(0, l));
    const strides = params.interior.map((i) => i + 1);
    const limit = shape.map((n, k) => (start[k] as number) + Math.max(0, n - 1) * (strides[k] as number) + (n > 0 ? 1 : 0));
    const tx = sliceP.bind1([grow], { start, limit, strides });
    const all = (a: Array): number[] => a.shape.map((_, k) => k);
    return [isLinear(x) ? tx : null, isLinear(v) ? ops.sub(ops.reduceSum(ct, all(ct)), ops.reduceSum(tx, all(tx))) : null];
  },
  // Batched operand: pad behind the batch axis; a batched padding value is applied through a mask.
  batch: ([x, v], [dx, dv], params, size) => {
    const bx = batchToFront(x as Array, dx ?? null, size);
    const lo = [0, ...params.lo];
    const hi = [0, ...params.hi];
    const interior = [0, ...params.interior];
    if (dv === null || dv === undefined) return [[padP.bind1([bx, v as Array], { lo, hi, interior })], [0]];
    const zero = ops.full([], 0, bx.dtype);
    const padded = padP.bind1([bx, zero], { lo, hi, interior });
    const mask = padP.bind1([ops.full(bx.shape, true, "bool"), ops.full([], false, "bool")], { lo, hi, interior });
    const vb = ops.broadcastInDim(batchToFront(v as Array, dv, size), padded.shape, [0]);
    return [[ops.select(mask, padded, vb)], [0]];
  },
});

/** Params of `concatenate`. */
export interface ConcatenateParams {
  readonly dimension: number;
}

/** Joins operands of equal shape except along `dimension`. */
export const concatenateP: Primitive<ConcatenateParams> = definePrimitive<ConcatenateParams>({
  name: "concatenate",
  abstractEval(avals, { dimension }) {
    const first = avals[0];
    if (!first) throw new ValueError("concatenate: needs at least one operand");
    let total = 0;
    for (const a of avals) {
      const same = a.ndim === first.ndim && a.shape.every((n, k) => k === dimension || n === first.shape[k]);
      if (!same || dimension < 0 || dimension >= first.ndim) {
        throw new ShapeError(
          `concatenate: operand shapes ${avals.map((x) => formatShape(x.shape)).join(", ")} must agree on every axis except ${dimension}`,
        );
      }
      total += a.shape[dimension] as number;
    }
    if (avals.some((a) => a.dtype !== first.dtype)) {
      throw new DTypeError(`concatenate: operands have dtypes ${avals.map((a) => a.dtype).join(", ")}; promote them to one dtype first (np.concatenate does)`);
    }
    const shape = [...first.shape];
    shape[dimension] = total;
    return [new ShapedArray(shape, first.dtype, avals.every((a) => a.weakType))];
  },
  lower: ({ inputs, inAvals, params }) => {
    const d = params.dimension;
    return {
      kind: "map",
      exp: (i) => {
        const parts: { input: Loader; offset: number; size: number }[] = [];
        let o = 0;
        inAvals.forEach((a, j) => {
          const size = a.shape[d] as number;
          if (size > 0) parts.push({ input: inputs[j] as Loader, offset: o, size });
          o += size;
        });
        // A balanced select tree keeps the expression depth logarithmic in the operand count
        // (np.stack of a thousand arrays would otherwise nest a thousand `where`s).
        const pick = (lo: number, hi: number): Exp => {
          if (hi - lo === 1) {
            const { input, offset, size } = parts[lo] as (typeof parts)[number];
            // Clamped so that the lanes of other operands never read out of bounds (they are not selected).
            return input(i.map((e, k) => (k === d ? min(max(sub(e, idx(offset)), idx(0)), idx(size - 1)) : e)));
          }
          const mid = (lo + hi) >> 1;
          return where(lt(i[d] as Exp, idx((parts[mid] as (typeof parts)[number]).offset)), pick(lo, mid), pick(mid, hi));
        };
        return pick(0, parts.length);
      },
    };
  },
  jvp: (primals, tangents, params) => {
    const out = concatenateP.bind1(primals, params);
    if (tangents.every((t) => t === null)) return [[out], [null]];
    return [[out], [concatenateP.bind1(tangents.map((t, i) => instantiate(t, primals[i] as Array)), params)]];
  },
  // Each operand's cotangent is its slice of ct.
  transpose: ([ct], args, params) => {
    let offset = 0;
    return args.map((a) => {
      const shape = (a as { aval: ShapedArray }).aval.shape;
      const n = shape[params.dimension] as number;
      const start = shape.map((_, k) => (k === params.dimension ? offset : 0));
      const limit = shape.map((m, k) => (k === params.dimension ? offset + n : m));
      offset += n;
      if (!ct || !isLinear(a)) return null;
      return sliceP.bind1([ct], { start, limit, strides: shape.map(() => 1) });
    });
  },
  batch: (args, dims, params, size) => [
    [concatenateP.bind1(args.map((a, i) => batchToFront(a, dims[i] ?? null, size)), { dimension: params.dimension + 1 })],
    [0],
  ],
});

/** Params of `rev`. */
export interface RevParams {
  readonly dimensions: readonly number[];
}

/** Reverses the order of elements along `dimensions`. */
export const revP: Primitive<RevParams> = definePrimitive<RevParams>({
  name: "rev",
  abstractEval([x]) {
    const a = x as ShapedArray;
    return [new ShapedArray(a.shape, a.dtype, a.weakType)];
  },
  lower: ({ inputs, inAvals, params }) => {
    const [x] = inputs as [Loader];
    const shape = (inAvals[0] as ShapedArray).shape;
    return {
      kind: "map",
      exp: (i) => x(i.map((e, k) => (params.dimensions.includes(k) ? sub(idx((shape[k] as number) - 1), e) : e))),
    };
  },
  jvp: linearJvp(() => revP),
  transpose: ([ct], _args, params) => [ct ? revP.bind1([ct], params) : null],
  batch: ([x], [d], params, size) => [[revP.bind1([batchToFront(x as Array, d ?? null, size)], { dimensions: params.dimensions.map((k) => k + 1) })], [0]],
});

/** Params of `iota`. */
export interface IotaParams {
  readonly dtype: DType;
  readonly shape: readonly number[];
  readonly dimension: number;
}

/** `0, 1, 2, …` along `dimension` of a new array of `shape`. */
export const iotaP: Primitive<IotaParams> = definePrimitive<IotaParams>({
  name: "iota",
  abstractEval(_, { dtype, shape, dimension }) {
    checkDType("iota", dtype);
    if (dimension < 0 || dimension >= shape.length) throw new AxisError(`iota: dimension ${dimension} is out of range for shape ${formatShape(shape)}`);
    return [new ShapedArray(shape, dtype)];
  },
  lower: ({ params }) => ({ kind: "map", exp: (i) => cast(i[params.dimension] as Exp, params.dtype) }),
  jvp: zeroJvp(() => iotaP),
  transpose: "nonlinear",
  batch: () => {
    throw new Error("iota: has no operands, so it is never batched");
  },
});
