// The `reduce_window` primitive: sum/max/min/prod over strided, dilated, padded windows (pooling),
// with its JVP, transpose (sum) and batching rules. Lowers to one reduction kernel whose reduce
// index is the window position; padding and base dilation holes contribute the init value. Layer 10.

import type { Array } from "../array/Array.js";
import { ShapedArray } from "../array/aval.js";
import { isFloat } from "../dtype/dtype.js";
import { DTypeError, NonDifferentiableError, ShapeError, ValueError } from "../errors/errors.js";
import { add, and, binary, constant, div, eq, idx, le, lt, max, min, mul, rem, sub, where } from "../kernel/build.js";
import type { Exp } from "../kernel/ir.js";
import { definePrimitive, type BatchRule, type JvpRule, type Loader, type Primitive, type TransposeRule } from "../trace/primitive.js";
import { formatShape, prod } from "../util/assert.js";
import { dilateDim, windowOutSize, windowVjpLhsPadding } from "./conv.js";
import { cumulativeIdentity } from "./cumulative.js";
import { andP, isNanP, orP } from "./elementwise.js";
import { padP, sliceP } from "./movement.js";
import * as ops from "./ops.js";
import { batchToFront, isLinear, known } from "./rules.js";

/** The reductions `reduce_window` supports. @public */
export type WindowComputation = "sum" | "max" | "min" | "prod";

/** Params of `reduce_window` (padding explicit, per axis `[lo, hi]`). @beta */
export interface ReduceWindowParams {
  readonly computation: WindowComputation;
  readonly windowDimensions: readonly number[];
  readonly windowStrides: readonly number[];
  readonly padding: readonly (readonly [number, number])[];
  readonly baseDilation: readonly number[];
  readonly windowDilation: readonly number[];
}

function checkList(what: string, list: readonly number[], nd: number, minValue: number): void {
  if (list.length !== nd || list.some((x) => !Number.isInteger(x) || x < minValue)) {
    throw new ValueError(`reduce_window: ${what} ${formatShape(list)} must list ${nd} integers ≥ ${minValue} (one per operand axis)`);
  }
}

const rw = (x: Array, init: Array, p: ReduceWindowParams): Array => reduceWindowP.bind1([x, init], p);

/**
 * The operand as the windows see it: padded (negative padding crops) and base-dilated, every
 * padding position and dilation hole holding the scalar `fill`.
 */
function padForWindows(x: Array, fill: Array, p: ReduceWindowParams): Array {
  const lo = p.padding.map((q) => q[0]);
  const hi = p.padding.map((q) => q[1]);
  if (x.size === 0) {
    const shape = x.shape.map((n, k) => dilateDim(n, p.baseDilation[k] as number) + (lo[k] as number) + (hi[k] as number));
    return ops.broadcastInDim(fill, shape, []);
  }
  return padP.bind1([x, fill], { lo, hi, interior: p.baseDilation.map((d) => d - 1) });
}

/** Every position inside the window, row-major. */
function windowOffsets(dims: readonly number[]): number[][] {
  let acc: number[][] = [[]];
  for (const d of dims) acc = acc.flatMap((w) => globalThis.Array.from({ length: d }, (_, i) => [...w, i]));
  return acc;
}

/** For window position `w`, the element it reads in every window: a strided slice of the padded operand. */
function windowSlice(padded: Array, w: readonly number[], outShape: readonly number[], p: ReduceWindowParams): Array {
  const start = w.map((i, k) => i * (p.windowDilation[k] as number));
  const limit = start.map((s0, k) => ((outShape[k] as number) === 0 ? s0 : s0 + ((outShape[k] as number) - 1) * (p.windowStrides[k] as number) + 1));
  return sliceP.bind1([padded], { start, limit, strides: p.windowStrides });
}

/**
 * The operands of every window as a list of factors of the output's shape — one strided slice of
 * the padded operand per window position, then `init` — with their tangents (null = zero):
 * `out = F₀ ⊕ F₁ ⊕ … ⊕ init`.
 */
function windowFactors(x: Array, init: Array, tx: Array | null, tinit: Array | null, outShape: readonly number[], p: ReduceWindowParams): [Array[], Array[]] {
  const padded = padForWindows(x, init, p);
  const tPadded = padForWindows(tx ?? ops.zerosLike(x), tinit ?? ops.zerosLike(init), p);
  const factors: Array[] = [];
  const tangents: Array[] = [];
  for (const w of windowOffsets(p.windowDimensions)) {
    factors.push(windowSlice(padded, w, outShape, p));
    tangents.push(windowSlice(tPadded, w, outShape, p));
  }
  factors.push(ops.broadcastInDim(init, outShape, []));
  tangents.push(ops.broadcastInDim(tinit ?? ops.zerosLike(init), outShape, []));
  return [factors, tangents];
}

// max/min: the tangent at the first window position (row-major) holding the result, init last;
// NaN results take the tangent of the first NaN.
function chooserTangent(factors: readonly Array[], tangents: readonly Array[], out: Array): Array {
  const float = isFloat(out.dtype);
  const outNan = float ? isNanP.bind1([out], {}) : null;
  let res = tangents[tangents.length - 1] as Array;
  for (let k = factors.length - 2; k >= 0; k--) {
    const f = factors[k] as Array;
    let hit = ops.eq(f, out);
    if (outNan) hit = orP.bind1([hit, andP.bind1([isNanP.bind1([f], {}), outNan], {})], {});
    res = ops.select(hit, tangents[k] as Array, res);
  }
  return res;
}

// prod: Σₖ tₖ · Πⱼ≠ₖ Fⱼ with the products of the others from prefix and suffix products (exact with zeros).
function productTangent(factors: readonly Array[], tangents: readonly Array[]): Array {
  const n = factors.length;
  const prefix: (Array | null)[] = [null];
  for (let k = 0; k < n - 1; k++) {
    const before = prefix[k] ?? null;
    prefix.push(before ? ops.mul(before, factors[k] as Array) : (factors[k] as Array));
  }
  let suffix: Array | null = null;
  let acc: Array | null = null;
  for (let k = n - 1; k >= 0; k--) {
    const before = prefix[k] ?? null;
    const others = before && suffix ? ops.mul(before, suffix) : (before ?? suffix);
    const term = others ? ops.mul(tangents[k] as Array, others) : (tangents[k] as Array);
    acc = acc ? ops.add(acc, term) : term;
    suffix = suffix ? ops.mul(factors[k] as Array, suffix) : (factors[k] as Array);
  }
  return acc as Array;
}

const reduceWindowJvp: JvpRule<ReduceWindowParams> = ([x, v], [tx, tv], p) => {
  const a = x as Array;
  const init = v as Array;
  const out = rw(a, init, p);
  if (!tx && !tv) return [[out], [null]];
  if (p.computation === "sum") return [[out], [rw(tx ?? ops.zerosLike(a), tv ?? ops.zerosLike(init), p)]];
  const [factors, tangents] = windowFactors(a, init, tx ?? null, tv ?? null, out.shape, p);
  return [[out], [p.computation === "prod" ? productTangent(factors, tangents) : chooserTangent(factors, tangents, out)]];
};

// Transpose of a window sum (JAX's `_reduce_window_sum_transpose_rule`): spread ct with the
// window strides as interior padding, sum it over windows again with base dilation as strides;
// the init value's cotangent weighs ct by how often init enters each window (1 + holes).
const reduceWindowTranspose: TransposeRule<ReduceWindowParams> = ([ct], [x, v], p) => {
  if (p.computation !== "sum") {
    throw new NonDifferentiableError(`reduce_window: a '${p.computation}' window reduction is not linear, so it cannot be transposed`);
  }
  if (!ct) return [null, null];
  let tx: Array | null = null;
  if (isLinear(x)) {
    const shape = x.aval.shape;
    if (ct.size === 0 || prod(shape) === 0) tx = ops.full(shape, 0, ct.dtype);
    else {
      const pads = windowVjpLhsPadding(shape, p.windowDimensions, p.windowStrides, ct.shape, p.padding, p.baseDilation, p.windowDilation);
      const spread = padP.bind1([ct, ops.full([], 0, ct.dtype)], { lo: pads.map((q) => q[0]), hi: pads.map((q) => q[1]), interior: p.windowStrides.map((s0) => s0 - 1) });
      tx = rw(spread, ops.full([], 0, ct.dtype), {
        computation: "sum",
        windowDimensions: p.windowDimensions,
        windowStrides: p.baseDilation,
        padding: shape.map(() => [0, 0] as const),
        baseDilation: shape.map(() => 1),
        windowDilation: p.windowDilation,
      });
    }
  }
  let tinit: Array | null = null;
  if (isLinear(v)) {
    const shape = isLinear(x) ? x.aval.shape : known(x, "reduce_window").shape;
    const count = rw(ops.full(shape, 0, ct.dtype), ops.full([], 1, ct.dtype), p);
    tinit = ops.reduceSum(ops.mul(ct, count), ct.shape.map((_, k) => k));
  }
  return [tx, tinit];
};

const COMBINE = { sum: ops.add, prod: ops.mul, max: ops.max, min: ops.min } as const;

// Lanes get a window of one. A batched init value also fills the padding and dilation holes, so
// it is padded in explicitly (per lane, through a mask), the windows are reduced from the
// identity, and the lanes' init values are combined in at the end.
const reduceWindowBatch: BatchRule<ReduceWindowParams> = ([x, v], [dx, dv], p, size) => {
  const bx = batchToFront(x as Array, dx ?? null, size);
  const q: ReduceWindowParams = {
    computation: p.computation,
    windowDimensions: [1, ...p.windowDimensions],
    windowStrides: [1, ...p.windowStrides],
    padding: [[0, 0], ...p.padding],
    baseDilation: [1, ...p.baseDilation],
    windowDilation: [1, ...p.windowDilation],
  };
  if (dv === null || dv === undefined) return [[rw(bx, v as Array, q)], [0]];
  const lanes = batchToFront(v as Array, dv, size);
  const padded = padForWindows(bx, ops.full([], 0, bx.dtype), q);
  const mask = padForWindows(ops.full(bx.shape, true, "bool"), ops.full([], false, "bool"), q);
  const filled = ops.select(mask, padded, ops.broadcastInDim(lanes, padded.shape, [0]));
  const identity = ops.full([], cumulativeIdentity(p.computation, bx.dtype), bx.dtype);
  const reduced = rw(filled, identity, { ...q, padding: q.padding.map(() => [0, 0] as const), baseDilation: q.baseDilation.map(() => 1) });
  return [[COMBINE[p.computation](reduced, ops.broadcastInDim(lanes, reduced.shape, [0]))], [0]];
};

/**
 * `reduce_window(operand, init)`: `init ⊕ reduce(window)` for every window position; `init` is a
 * 0-d array of the operand's dtype.
 * @beta
 */
export const reduceWindowP: Primitive<ReduceWindowParams> = definePrimitive<ReduceWindowParams>({
  name: "reduce_window",
  abstractEval([x, v], p) {
    const a = x as ShapedArray;
    const init = v as ShapedArray;
    if (init.ndim !== 0) throw new ShapeError(`reduce_window: the init value must be a scalar (shape []), got shape ${formatShape(init.shape)}`);
    if (init.dtype !== a.dtype) {
      throw new DTypeError(`reduce_window: the init value has dtype ${init.dtype} but the operand has ${a.dtype}; they must match`);
    }
    if (!["sum", "max", "min", "prod"].includes(p.computation)) {
      throw new ValueError(`reduce_window: unknown computation ${JSON.stringify(p.computation)}; use 'sum', 'max', 'min' or 'prod'`);
    }
    if ((p.computation === "sum" || p.computation === "prod") && a.dtype === "bool") {
      throw new DTypeError(`reduce_window: computation '${p.computation}' needs a numeric operand, got bool; cast with astype('int32')`);
    }
    const nd = a.ndim;
    checkList("windowDimensions", p.windowDimensions, nd, 1);
    checkList("windowStrides", p.windowStrides, nd, 1);
    checkList("baseDilation", p.baseDilation, nd, 1);
    checkList("windowDilation", p.windowDilation, nd, 1);
    if (p.padding.length !== nd || p.padding.some((q) => q.length !== 2 || !q.every(Number.isInteger))) {
      throw new ValueError(`reduce_window: padding ${JSON.stringify(p.padding)} must hold ${nd} [lo, hi] integer pairs`);
    }
    const shape = a.shape.map((n, k) => {
      const [lo, hi] = p.padding[k] as readonly [number, number];
      return windowOutSize(n, p.baseDilation[k] as number, lo, hi, p.windowDimensions[k] as number, p.windowDilation[k] as number, p.windowStrides[k] as number);
    });
    return [new ShapedArray(shape, a.dtype, a.weakType)];
  },
  lower: ({ inputs, inAvals, params: p }) => {
    const [x, init] = inputs as [Loader, Loader];
    const inShape = (inAvals[0] as ShapedArray).shape;
    const dtype = (inAvals[0] as ShapedArray).dtype;
    const op = p.computation;
    const empty = inShape.some((n) => n === 0);
    return {
      kind: "reduce",
      op,
      shape: p.windowDimensions,
      body: (out, win) => {
        if (empty) return init([]);
        let valid: Exp = constant(true, "bool");
        const src = out.map((o, k) => {
          const bd = p.baseDilation[k] as number;
          const n = inShape[k] as number;
          const lo = (p.padding[k] as readonly [number, number])[0];
          const pos = sub(add(mul(o, idx(p.windowStrides[k] as number)), mul(win[k] as Exp, idx(p.windowDilation[k] as number))), idx(lo));
          let ok = and(le(idx(0), pos), lt(pos, idx(dilateDim(n, bd))));
          if (bd > 1) ok = and(ok, eq(rem(pos, idx(bd)), idx(0)));
          valid = and(valid, ok);
          const q = bd > 1 ? div(pos, idx(bd)) : pos;
          return min(max(q, idx(0)), idx(n - 1));
        });
        return where(valid, x(src), init([]));
      },
      epilogue: (accumulated) => {
        const v = init([]);
        if (dtype === "bool") return binary(op === "max" ? "or" : "and", accumulated, v);
        return binary(op === "sum" ? "add" : op === "prod" ? "mul" : op, accumulated, v);
      },
    };
  },
  jvp: reduceWindowJvp,
  transpose: reduceWindowTranspose,
  batch: reduceWindowBatch,
});
