// The scatter primitive: JAX's `x.at[idx].set/add/mul/min/max` along one axis — the transpose of
// `take`. A routine: native on the CPU backend, a generic lowering into plain kernels elsewhere.
// Carries its JVP, transpose and batching rules. Layer 10.

import type { Array } from "../array/Array.js";
import { ShapedArray } from "../array/aval.js";
import type { BufferSpec } from "../backend/backend.js";
import { defineRoutine, type KernelEmitter } from "../backend/routines.js";
import { isFloat, type DType } from "../dtype/dtype.js";
import { DTypeError, ShapeError, ValueError } from "../errors/errors.js";
import { and, add, constant, eq, GIDX, idx, le, load, max, min, mul, or, ravel, RIDX, unravel, where } from "../kernel/build.js";
import type { Exp, Kernel, ReduceOp } from "../kernel/ir.js";
import { definePrimitive, type JvpRule, type Primitive, type TransposeRule, type BatchRule, type UndefinedPrimal } from "../trace/primitive.js";
import { formatShape, prod } from "../util/assert.js";
import { clampIndices, indicesInRange, takeP } from "./gather.js";
import * as ops from "./ops.js";
import { batchToFront, instantiate, isLinear, known } from "./rules.js";

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
 *
 * Differentiation (float dtypes; other dtypes get a zero tangent): `add` is linear in `x` and
 * `updates`; `set` passes the updates' tangents where they land (only the winning update of
 * repeated indices) and `x`'s elsewhere; `mul` follows the product rule on
 * `x[p] · Π_{u: indices[u] = p} updates[u]` (exact with zero updates); for `min`/`max` the tangent
 * at each position is the mean of the tangents of every candidate (the operand element and the
 * in-range updates landing there) equal to the result, as JAX's scatter_min/max. Dropped updates
 * get zero derivatives. The transpose exists for `add`, `set`, and `mul` in the operand.
 * @beta
 */
export const scatterP: Primitive<ScatterParams> = definePrimitive<ScatterParams>({
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
  jvp: (primals, tangents, params) => scatterJvp(primals, tangents, params),
  transpose: (cts, args, params) => scatterTranspose(cts, args, params),
  batch: (args, dims, params, size) => scatterBatch(args, dims, params, size),
});

const scatter = (x: Array, indices: Array, updates: Array, mode: ScatterMode, axis: number): Array =>
  scatterP.bind1([x, indices, updates], { mode, axis });

const range = (from: number, to: number): number[] => globalThis.Array.from({ length: Math.max(0, to - from) }, (_, k) => from + k);

/** Broadcasts an array of the indices' shape over the updates' shape (`pre + S + post`). */
function overUpdates(v: Array, updatesShape: readonly number[], axis: number): Array {
  return ops.broadcastInDim(v, updatesShape, v.shape.map((_, k) => axis + k));
}

// d(x · Π updates) = dx · Π updates + x · Σᵤ du · Π_{u' ≠ u} updates[u'] per target position; the
// products of the other updates come from zero counts so that zero updates are handled exactly.
function mulTangent(x: Array, indices: Array, updates: Array, tx: Array | null, tu: Array | null, axis: number): Array | null {
  const n = x.shape[axis] as number;
  const ones = ops.fullLike(x, 1);
  let tan: Array | null = tx ? ops.mul(tx, scatter(ones, indices, updates, "mul", axis)) : null;
  if (tu) {
    const isZero = ops.eq(updates, ops.zerosLike(updates));
    const safe = ops.select(isZero, ops.fullLike(updates, 1), updates);
    const zeroCount = scatter(ops.full(x.shape, 0, "int32"), indices, ops.convert(isZero, "int32"), "add", axis);
    const prodNonZero = scatter(ones, indices, safe, "mul", axis);
    const at = clampIndices(indices, n);
    const zc = takeP.bind1([zeroCount, at], { axis });
    const pnz = takeP.bind1([prodNonZero, at], { axis });
    const none = ops.eq(zc, ops.full(zc.shape, 0, "int32"));
    const single = ops.eq(zc, ops.full(zc.shape, 1, "int32"));
    const zero = ops.zerosLike(updates);
    const others = ops.select(none, ops.div(pnz, safe), ops.select(single, ops.select(isZero, pnz, zero), zero));
    const term = ops.mul(x, scatter(ops.zerosLike(x), indices, ops.mul(tu, others), "add", axis));
    tan = tan ? ops.add(tan, term) : term;
  }
  return tan;
}

// min/max: the tangent at each position is the mean of the tangents of the candidates attaining
// the result (the operand element and the in-range updates landing there).
function extremalTangent(out: Array, x: Array, indices: Array, updates: Array, tx: Array | null, tu: Array | null, axis: number): Array {
  const n = x.shape[axis] as number;
  const winX = ops.convert(ops.eq(x, out), x.dtype);
  const atU = takeP.bind1([out, clampIndices(indices, n)], { axis });
  const valid = overUpdates(indicesInRange(indices, n), updates.shape, axis);
  const winU = ops.convert(ops.select(valid, ops.eq(updates, atU), ops.full(updates.shape, false, "bool")), x.dtype);
  const zeros = ops.zerosLike(x);
  const count = ops.add(winX, scatter(zeros, indices, winU, "add", axis));
  const fromX = tx ? ops.mul(tx, winX) : null;
  const fromU = tu ? scatter(zeros, indices, ops.mul(tu, winU), "add", axis) : null;
  const sum = fromX && fromU ? ops.add(fromX, fromU) : ((fromX ?? fromU) as Array);
  return ops.div(sum, count);
}

const scatterJvp: JvpRule<ScatterParams> = (primals, tangents, params) => {
  const [x, indices, updates] = primals as [Array, Array, Array];
  const tx = tangents[0] ?? null;
  const tu = tangents[2] ?? null;
  const out = scatterP.bind1([x, indices, updates], params);
  if ((!tx && !tu) || !isFloat(x.dtype)) return [[out], [null]];
  // Nothing lands (an empty target axis or no indices): the result is x.
  if (x.shape[params.axis] === 0 || indices.size === 0 || x.size === 0) return [[out], [tx]];
  switch (params.mode) {
    case "add":
    case "set":
      // Linear in (x, updates) jointly for add; for set, the tangents are scattered like the values.
      return [[out], [scatterP.bind1([instantiate(tx, x), indices, instantiate(tu, updates)], params)]];
    case "mul":
      return [[out], [mulTangent(x, indices, updates, tx, tu, params.axis)]];
    case "min":
    case "max":
      return [[out], [extremalTangent(out, x, indices, updates, tx, tu, params.axis)]];
  }
};

/** The cotangent of each update: ct gathered at its index where `keep`, zero elsewhere and for empty targets. */
function gatherCotangent(ct: Array, indices: Array, updates: ShapedArray, axis: number, keep: (n: number) => Array): Array {
  const n = ct.shape[axis] as number;
  if (n === 0 || updates.size === 0) return ops.full(updates.shape, 0, updates.dtype, updates.weakType);
  const taken = takeP.bind1([ct, clampIndices(indices, n)], { axis });
  return ops.select(overUpdates(keep(n), updates.shape, axis), taken, ops.zerosLike(taken));
}

/**
 * Which updates of a `set` scatter win: true for update position u when it is the last (row-major)
 * position with its in-range index. An out-of-range u never wins: `last` at its clamped index is
 * another position or -1.
 */
function winners(indices: Array, n: number): Array {
  const ids = ops.reshape(ops.iota([indices.size], 0), indices.shape);
  const last = scatter(ops.full([n], -1, "int32"), indices, ids, "set", 0);
  return ops.eq(takeP.bind1([last, clampIndices(indices, n)], { axis: 0 }), ids);
}

const avalOf = (a: Array | UndefinedPrimal): ShapedArray => a.aval;

const scatterTranspose: TransposeRule<ScatterParams> = (cts, args, params) => {
  const [x, i, u] = args as [Array | UndefinedPrimal, Array | UndefinedPrimal, Array | UndefinedPrimal];
  if (isLinear(i)) throw new Error("scatter: transpose with respect to the indices (integer indices are never linear)");
  const ct = cts[0] ?? null;
  if (!ct) return [null, null, null];
  const indices = known(i, "scatter");
  const { mode, axis } = params;
  const uAval = avalOf(u);
  switch (mode) {
    case "add":
      return [isLinear(x) ? ct : null, null, isLinear(u) ? gatherCotangent(ct, indices, uAval, axis, (n) => indicesInRange(indices, n)) : null];
    case "set": {
      const zeros = ops.full(uAval.shape, 0, ct.dtype);
      const ctX = isLinear(x) ? scatter(ct, indices, zeros, "set", axis) : null;
      return [ctX, null, isLinear(u) ? gatherCotangent(ct, indices, uAval, axis, (n) => winners(indices, n)) : null];
    }
    case "mul":
      if (isLinear(u)) throw new Error("scatter: transpose of a mul scatter with respect to its updates (the program is not linear in them)");
      return [isLinear(x) ? scatter(ct, indices, known(u, "scatter"), "mul", axis) : null, null, null];
    case "min":
    case "max":
      throw new Error(`scatter: a ${mode} scatter is not linear in its operands, so it has no transpose`);
  }
};

const scatterBatch: BatchRule<ScatterParams> = (args, dims, params, size) => {
  const [x, i, u] = args as [Array, Array, Array];
  const [dx, di, du] = [dims[0] ?? null, dims[1] ?? null, dims[2] ?? null];
  const { mode, axis } = params;
  const xb = batchToFront(x, dx, size);
  const ub = batchToFront(u, du, size);
  if (di === null) return [[scatter(xb, i, ub, mode, axis + 1)], [0]];
  // Per-lane indices: flatten the lanes into the target axis ([B·n, ...pre, ...post]) and offset each
  // lane's in-range indices by lane · n; out-of-range ones become -1 so they stay dropped.
  const ib = ops.moveAxis(i, di, 0);
  const n = xb.shape[axis + 1] as number;
  const k = ib.ndim - 1;
  const moved = ops.moveAxis(xb, axis + 1, 1);
  const flat = ops.reshape(moved, [size * n, ...moved.shape.slice(2)]);
  const lane = ops.mul(ops.iota(ib.shape, 0), ops.full(ib.shape, n, "int32"));
  const target = ops.select(indicesInRange(ib, n), ops.add(ib, lane), ops.full(ib.shape, -1, "int32"));
  // updates [B, ...pre, ...S, ...post] → [B, ...S, ...pre, ...post]
  const ut = ops.transpose(ub, [0, ...range(axis + 1, axis + 1 + k), ...range(1, axis + 1), ...range(axis + 1 + k, ub.ndim)]);
  const out = scatter(flat, target, ut, mode, 0);
  return [[ops.moveAxis(ops.reshape(out, [size, n, ...out.shape.slice(1)]), 1, axis + 1)], [0]];
};

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
