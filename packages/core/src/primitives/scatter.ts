// The scatter primitive: JAX's `x.at[idx].set/add/mul/min/max` along one axis — the transpose of
// `take`. A routine: native on the CPU backend, a generic lowering into plain kernels elsewhere. Layer 10.

import { ShapedArray } from "../array/aval.js";
import type { BufferSpec } from "../backend/backend.js";
import { defineRoutine, type KernelEmitter } from "../backend/routines.js";
import { isFloat, type DType } from "../dtype/dtype.js";
import { DTypeError, ShapeError, ValueError } from "../errors/errors.js";
import { and, add, constant, eq, GIDX, idx, le, load, max, min, mul, or, ravel, RIDX, unravel, where } from "../kernel/build.js";
import type { Exp, Kernel, ReduceOp } from "../kernel/ir.js";
import { definePrimitive } from "../trace/primitive.js";
import { formatShape, prod } from "../util/assert.js";

/** How a scatter combines an update with the element it lands on. @beta */
export type ScatterMode = "set" | "add" | "mul" | "min" | "max";

const MODES: readonly ScatterMode[] = ["set", "add", "mul", "min", "max"];

/**
 * Params of `scatter`: the combining mode and the operand axis that the indices address.
 * Operands: `x`, int32 `indices` of any shape, and `updates` of shape
 * `x.shape[:axis] + indices.shape + x.shape[axis+1:]`.
 * @beta
 */
export interface ScatterParams {
  readonly mode: ScatterMode;
  readonly axis: number;
}

/**
 * `scatter(x, indices, updates)`: a copy of `x` where, for every update position `(a, u, b)`,
 * element `(a, indices[u], b)` is combined with `updates[a, u, b]` (`set` replaces; `add`, `mul`,
 * `min`, `max` accumulate, so repeated indices all count). Indices outside `[0, x.shape[axis])`
 * are dropped (JAX's FILL_OR_DROP); negative indices are not wrapped here (the np layer does it).
 * With `set` and repeated indices the last update in row-major order of `indices` wins (JAX
 * leaves this unspecified; both the native and the generic implementation guarantee it).
 * On bool operands `add` and `max` are logical or, `mul` and `min` logical and.
 * @beta
 */
export const scatterP = definePrimitive<ScatterParams>({
  name: "scatter",
  abstractEval([x, i, u], { mode, axis }) {
    const a = x as ShapedArray;
    const ind = i as ShapedArray;
    const upd = u as ShapedArray;
    if (!MODES.includes(mode)) {
      throw new ValueError(`scatter: unknown mode ${JSON.stringify(mode)}; the modes are ${MODES.join(", ")}`);
    }
    if (!Number.isInteger(axis) || axis < 0 || axis >= a.ndim) {
      throw new ShapeError(`scatter: axis ${axis} is not an axis of the operand of shape ${formatShape(a.shape)}`);
    }
    if (ind.dtype !== "int32") {
      throw new DTypeError(`scatter: indices have dtype ${ind.dtype}; they must be int32 — cast with astype('int32')`);
    }
    if (upd.dtype !== a.dtype) {
      throw new DTypeError(`scatter: updates have dtype ${upd.dtype} but the operand is ${a.dtype}; cast the updates to the operand's dtype first`);
    }
    const expected = [...a.shape.slice(0, axis), ...ind.shape, ...a.shape.slice(axis + 1)];
    if (upd.ndim !== expected.length || upd.shape.some((d, k) => d !== expected[k])) {
      throw new ShapeError(
        `scatter: updates of shape ${formatShape(upd.shape)} do not fit operand ${formatShape(a.shape)} with indices ${formatShape(ind.shape)} along axis ${axis}; expected ${formatShape(expected)}`,
      );
    }
    return [new ShapedArray(a.shape, a.dtype, a.weakType)];
  },
  routine: "scatter",
});

/** The identity of the reduction that accumulates updates, per dtype. */
function identity(op: ReduceOp, dtype: DType): Exp {
  if (dtype === "bool") return constant(op === "min" || op === "prod", "bool");
  if (op === "sum") return constant(0, dtype);
  if (op === "prod") return constant(1, dtype);
  const big = op === "min";
  if (isFloat(dtype)) return constant(big ? Infinity : -Infinity, dtype);
  if (dtype === "int32") return constant(big ? 2147483647 : -2147483648, dtype);
  return constant(big ? 4294967295 : 0, dtype);
}

/** The reduction over updates and the final combination with the operand, per mode and dtype. */
function accumulation(mode: Exclude<ScatterMode, "set">, dtype: DType): { op: ReduceOp; combine: (a: Exp, b: Exp) => Exp } {
  const isBool = dtype === "bool";
  switch (mode) {
    case "add":
      return isBool ? { op: "max", combine: or } : { op: "sum", combine: add };
    case "mul":
      return isBool ? { op: "min", combine: and } : { op: "prod", combine: mul };
    case "min":
      return { op: "min", combine: min };
    case "max":
      return { op: "max", combine: max };
  }
}

/** Shape bookkeeping shared by the kernels of the generic lowering. */
interface Layout {
  readonly dtype: DType;
  readonly xShape: readonly number[];
  readonly pre: readonly number[];
  readonly post: readonly number[];
  readonly n: number;
  readonly m: number;
  readonly axis: number;
}

/** Flat index into the updates of the update position `u` for the operand multi-index `o`. */
function updateIndex(L: Layout, o: readonly Exp[], u: Exp): Exp {
  return ravel([...o.slice(0, L.axis), u, ...o.slice(L.axis + 1)], [...L.pre, L.m, ...L.post]);
}

function lowerScatter<H>(emit: KernelEmitter<H>, inputs: readonly H[], inSpecs: readonly BufferSpec[], params: Readonly<Record<string, unknown>>): H[] {
  const [x, indices, updates] = inputs as [H, H, H];
  const [xs, is] = inSpecs as [BufferSpec, BufferSpec];
  const mode = params["mode"] as ScatterMode;
  const axis = params["axis"] as number;
  const dtype = xs.dtype;
  const size = prod(xs.shape);
  const L: Layout = {
    dtype,
    xShape: xs.shape,
    pre: xs.shape.slice(0, axis),
    post: xs.shape.slice(axis + 1),
    n: xs.shape[axis] as number,
    m: prod(is.shape),
    axis,
  };
  if (L.m === 0 || size === 0) {
    return [emit.kernel({ inputs: [dtype], size, dtype, exp: load(0, dtype, GIDX) }, [x])];
  }
  if (mode === "set") {
    // last[p] = the largest update position u with indices[u] == p, or -1 when none.
    const last: Kernel = {
      inputs: ["int32"],
      size: L.n,
      dtype: "int32",
      exp: where(eq(load(0, "int32", RIDX), GIDX), RIDX, idx(-1)),
      reduction: { op: "max", size: L.m, accDtype: "int32" },
    };
    const lastH = emit.kernel(last, [indices]);
    const o = unravel(GIDX, L.xShape);
    const w = load(1, "int32", o[axis] as Exp);
    const select: Kernel = {
      inputs: [dtype, "int32", dtype],
      size,
      dtype,
      exp: where(le(idx(0), w), load(2, dtype, updateIndex(L, o, max(w, idx(0)))), load(0, dtype, GIDX)),
    };
    return [emit.kernel(select, [x, lastH, updates])];
  }
  const { op, combine } = accumulation(mode, dtype);
  const o = unravel(GIDX, L.xShape);
  const body = where(eq(load(0, "int32", RIDX), o[axis] as Exp), load(1, dtype, updateIndex(L, o, RIDX)), identity(op, dtype));
  const reduced: Kernel = {
    inputs: ["int32", dtype],
    size,
    dtype,
    exp: body,
    reduction: { op, size: L.m, accDtype: dtype },
  };
  const reducedH = emit.kernel(reduced, [indices, updates]);
  const combined: Kernel = { inputs: [dtype, dtype], size, dtype, exp: combine(load(0, dtype, GIDX), load(1, dtype, GIDX)) };
  return [emit.kernel(combined, [x, reducedH])];
}

/**
 * The `scatter` routine. Its generic lowering: for `set`, one reduction kernel finds the last
 * update position per target index (max over `u` of `indices[u] == p ? u : -1`) and a select
 * kernel picks that update or keeps the operand; for the accumulating modes, one reduction
 * kernel folds the matching updates per operand element (non-matching positions contribute the
 * reduction's identity) and a map kernel combines the result with the operand.
 * @beta
 */
export const scatterRoutine = defineRoutine({
  name: "scatter",
  doc: "x.at[indices].set/add/mul/min/max along one axis; out-of-range indices are dropped",
  lowerGeneric(emit, inputs, inSpecs, _outSpecs, params) {
    return lowerScatter(emit, inputs, inSpecs, params);
  },
});
