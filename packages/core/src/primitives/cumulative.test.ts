// Tests of the cumulative primitives (native routines and generic lowerings).
import { describe, expect, it } from "vitest";
import type { Array } from "../array/Array.js";
import type { ShapedArray } from "../array/aval.js";
import { fromData } from "../array/create.js";
import type { BufferSpec } from "../backend/backend.js";
import { getRoutine } from "../backend/routines.js";
import { type DataArray } from "../dtype/dtype.js";
import { AxisError, DTypeError, np } from "../index.js";
import type { Primitive } from "../trace/primitive.js";
import { cummaxP, cumminP, cumprodP, cumsumP, type CumulativeParams } from "./cumulative.js";
import { checkedEmitter } from "../../test/kernelChecks.js";

/** Asserts that `fn` throws an instance of `cls` whose message matches `msg`. */
function throws(fn: () => unknown, cls: new (message: string) => Error, msg: RegExp): void {
  expect(fn).toThrow(cls);
  expect(fn).toThrow(msg);
}

/** The routine's generic lowering, every kernel evaluated by the reference interpreter. */
function generic(prim: Primitive<CumulativeParams>, x: Array, p: CumulativeParams): number[] {
  const inSpecs: BufferSpec[] = [{ shape: x.shape, dtype: x.dtype }];
  const outs = prim.def.abstractEval([x.aval], p) as ShapedArray[];
  const emit = checkedEmitter();
  const [d] = getRoutine(prim.name).lowerGeneric(emit, [x.data()], inSpecs, outs, p as unknown as Record<string, unknown>);
  return globalThis.Array.from(d as DataArray, Number);
}

function both(prim: Primitive<CumulativeParams>, x: Array, p: CumulativeParams): number[] {
  const n = globalThis.Array.from(prim.bind1([x], p).data(), Number);
  expect(generic(prim, x, p)).toEqual(n);
  return n;
}

describe("cumsum / cumprod / cummax / cummin (primitives)", () => {
  const x = np.array([1, 2, 3, 4], { dtype: "float32" });

  it("scans forward and in reverse", () => {
    expect(both(cumsumP, x, { axis: 0, reverse: false })).toEqual([1, 3, 6, 10]);
    expect(both(cumsumP, x, { axis: 0, reverse: true })).toEqual([10, 9, 7, 4]);
    expect(both(cumprodP, x, { axis: 0, reverse: false })).toEqual([1, 2, 6, 24]);
    expect(both(cumprodP, x, { axis: 0, reverse: true })).toEqual([24, 24, 12, 4]);
  });

  it("takes running extrema with NaN propagating", () => {
    const y = np.array([2, 1, 3, NaN, 0], { dtype: "float64" });
    expect(both(cummaxP, y, { axis: 0, reverse: false })).toEqual([2, 2, 3, NaN, NaN]);
    expect(both(cumminP, y, { axis: 0, reverse: false })).toEqual([2, 1, 1, NaN, NaN]);
    expect(both(cumminP, y, { axis: 0, reverse: true })).toEqual([NaN, NaN, NaN, NaN, 0]);
  });

  it("scans along any axis of a 3-d array", () => {
    // x[i,j,k] = 4i + 2j + k over [2,3,2]; cumsum along axis 1.
    const z = fromData(Int32Array.from({ length: 12 }, (_, i) => i), [2, 3, 2], "int32");
    // i=0: rows [0,1],[2,3],[4,5] → [0,1],[2,4],[6,9]; i=1: [6,7],[8,9],[10,11] → [6,7],[14,16],[24,27]
    expect(both(cumsumP, z, { axis: 1, reverse: false })).toEqual([0, 1, 2, 4, 6, 9, 6, 7, 14, 16, 24, 27]);
    expect(both(cummaxP, z, { axis: 2, reverse: true })).toEqual([1, 1, 3, 3, 5, 5, 7, 7, 9, 9, 11, 11]);
  });

  it("wraps int32 and handles uint32 and bool", () => {
    const big = np.array([2147483647, 1, 1], { dtype: "int32" });
    expect(both(cumsumP, big, { axis: 0, reverse: false })).toEqual([2147483647, -2147483648, -2147483647]);
    const u = np.array([4294967295, 1], { dtype: "uint32" });
    expect(both(cumsumP, u, { axis: 0, reverse: false })).toEqual([4294967295, 0]);
    expect(both(cumminP, u, { axis: 0, reverse: false })).toEqual([4294967295, 1]);
    const b = np.array([false, true, false]);
    expect(both(cummaxP, b, { axis: 0, reverse: false })).toEqual([0, 1, 1]);
    expect(both(cumminP, np.array([true, false, true]), { axis: 0, reverse: false })).toEqual([1, 0, 0]);
    const neg = np.array([-5, -7, -6], { dtype: "int32" });
    expect(both(cummaxP, neg, { axis: 0, reverse: false })).toEqual([-5, -5, -5]);
  });

  it("keeps shapes with zero-size axes", () => {
    expect(cumsumP.bind1([np.zeros([0, 3], { dtype: "float32" })], { axis: 0, reverse: false }).shape).toEqual([0, 3]);
  });

  it("rejects bad axes and bool sums", () => {
    throws(() => cumsumP.bind1([x], { axis: 1, reverse: false }), AxisError, /cumsum: axis 1 is out of range for an operand of shape \[4\]/);
    throws(() => cumsumP.bind1([np.array([true])], { axis: 0, reverse: false }), DTypeError, /cumsum: got an operand of type bool\[1\]/);
  });
});
