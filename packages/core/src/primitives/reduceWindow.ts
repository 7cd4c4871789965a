// The `reduce_window` primitive: sum/max/min/prod over strided, dilated, padded windows (pooling).
// Lowers to one reduction kernel whose reduce index is the window position; padding and base
// dilation holes contribute the init value. Layer 10.

import { ShapedArray } from "../array/aval.js";
import { DTypeError, ShapeError, ValueError } from "../errors/errors.js";
import { add, and, binary, constant, div, eq, idx, le, lt, max, min, mul, rem, sub, where } from "../kernel/build.js";
import type { Exp } from "../kernel/ir.js";
import { definePrimitive, type Loader } from "../trace/primitive.js";
import { formatShape } from "../util/assert.js";
import { dilateDim, windowOutSize } from "./conv.js";

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

/**
 * `reduce_window(operand, init)`: `init ⊕ reduce(window)` for every window position; `init` is a
 * 0-d array of the operand's dtype.
 * @beta
 */
export const reduceWindowP = definePrimitive<ReduceWindowParams>({
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
});
