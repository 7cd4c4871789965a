// Tests of the sort and searchsorted primitives (native routine and generic lowering).
import { describe, expect, it } from "vitest";
import type { Array } from "../array/Array.js";
import type { ShapedArray } from "../array/aval.js";
import { fromData } from "../array/create.js";
import type { BufferSpec } from "../backend/backend.js";
import { getRoutine } from "../backend/routines.js";
import { AxisError, DTypeError, np, ShapeError, ValueError } from "../index.js";
import { iotaP } from "./movement.js";
import { searchsortedP, sortP, type SortParams } from "./sort.js";
import { checkedEmitter } from "../../test/kernelChecks.js";

/** Asserts that `fn` throws an instance of `cls` whose message matches `msg`. */
function throws(fn: () => unknown, cls: new (message: string) => Error, msg: RegExp): void {
  expect(fn).toThrow(cls);
  expect(fn).toThrow(msg);
}

/** Runs the "sort" routine's generic lowering with every kernel evaluated by the reference interpreter. */
function generic(args: Array[], p: SortParams): number[][] {
  const inSpecs: BufferSpec[] = args.map((a) => ({ shape: a.shape, dtype: a.dtype }));
  const outs = sortP.def.abstractEval(args.map((a) => a.aval), p) as ShapedArray[];
  const emit = checkedEmitter();
  return getRoutine("sort")
    .lowerGeneric(emit, args.map((a) => a.data()), inSpecs, outs, p as unknown as Record<string, unknown>)
    .map((d) => globalThis.Array.from(d, Number));
}

const native = (args: Array[], p: SortParams): number[][] => sortP.bind(args, p).map((a) => globalThis.Array.from(a.data(), Number));

describe("sort (primitive)", () => {
  it("sorts floats with NaN last, natively and generically", () => {
    const x = np.array([3, NaN, -1, 2, NaN, -Infinity], { dtype: "float32" });
    const want = [-Infinity, -1, 2, 3, NaN, NaN];
    expect(native([x], { axis: 0, numKeys: 1 })[0]).toEqual(want);
    expect(generic([x], { axis: 0, numKeys: 1 })[0]).toEqual(want);
  });

  it("carries payload operands along stably (ties keep their order)", () => {
    const keys = np.array([2, 1, 2, 1, 0], { dtype: "int32" });
    const idx = iotaP.bind1([], { dtype: "int32", shape: [5], dimension: 0 });
    // keys sorted: 0 (pos 4), 1 (pos 1), 1 (pos 3), 2 (pos 0), 2 (pos 2)
    const want = [[0, 1, 1, 2, 2], [4, 1, 3, 0, 2]];
    expect(native([keys, idx], { axis: 0, numKeys: 1 })).toEqual(want);
    expect(generic([keys, idx], { axis: 0, numKeys: 1 })).toEqual(want);
  });

  it("orders lexicographically by several keys", () => {
    const k1 = np.array([1, 0, 1, 0], { dtype: "int32" });
    const k2 = np.array([0.5, 0.25, -1, 0.25], { dtype: "float32" });
    const idx = iotaP.bind1([], { dtype: "int32", shape: [4], dimension: 0 });
    // (k1,k2): (1,.5)#0 (0,.25)#1 (1,-1)#2 (0,.25)#3 → (0,.25)#1, (0,.25)#3, (1,-1)#2, (1,.5)#0
    const p = { axis: 0, numKeys: 2 };
    expect(native([k1, k2, idx], p)[2]).toEqual([1, 3, 2, 0]);
    expect(generic([k1, k2, idx], p)[2]).toEqual([1, 3, 2, 0]);
  });

  it("sorts along an inner axis of a 3-d array", () => {
    // x[i, :, k]: columns sorted independently.
    const x = fromData(Int32Array.from([5, 1, 3, 2, 4, 0, 9, 7, 8, 6, 1, 1]), [2, 3, 2], "int32");
    // [[[5,1],[3,2],[4,0]], [[9,7],[8,6],[1,1]]] → sort axis 1 → [[[3,0],[4,1],[5,2]], [[1,1],[8,6],[9,7]]]
    const want = [3, 0, 4, 1, 5, 2, 1, 1, 8, 6, 9, 7];
    expect(native([x], { axis: 1, numKeys: 1 })[0]).toEqual(want);
    expect(generic([x], { axis: 1, numKeys: 1 })[0]).toEqual(want);
  });

  it("sorts bool and uint32 operands", () => {
    const b = np.array([true, false, true, false]);
    expect(native([b], { axis: 0, numKeys: 1 })[0]).toEqual([0, 0, 1, 1]);
    expect(generic([b], { axis: 0, numKeys: 1 })[0]).toEqual([0, 0, 1, 1]);
    const u = np.array([4294967295, 0, 7], { dtype: "uint32" });
    expect(native([u], { axis: 0, numKeys: 1 })[0]).toEqual([0, 7, 4294967295]);
    expect(generic([u], { axis: 0, numKeys: 1 })[0]).toEqual([0, 7, 4294967295]);
  });

  it("agrees with the generic lowering on random data with many ties", () => {
    const n = 60;
    let s = 12345;
    const next = (): number => {
      s = (Math.imul(s, 1103515245) + 12345) >>> 0;
      return s / 4294967296;
    };
    const vals = Float64Array.from({ length: n }, () => (next() < 0.1 ? NaN : Math.floor(next() * 8) - 4));
    const x = fromData(vals, [3, 20], "float64");
    const i = iotaP.bind1([], { dtype: "int32", shape: [3, 20], dimension: 1 });
    expect(generic([x, i], { axis: 1, numKeys: 1 })).toEqual(native([x, i], { axis: 1, numKeys: 1 }));
  });

  it("handles empty axes", () => {
    const e = np.zeros([2, 0], { dtype: "float32" });
    expect(sortP.bind1([e], { axis: 1, numKeys: 1 }).shape).toEqual([2, 0]);
  });

  it("rejects bad operands and params", () => {
    const x = np.array([1, 2], { dtype: "float32" });
    throws(() => sortP.bind([], { axis: 0, numKeys: 1 }), ValueError, /sort: needs at least one operand/);
    throws(() => sortP.bind([x, np.array([1, 2, 3])], { axis: 0, numKeys: 1 }), ShapeError, /sort: operands have shapes \[2\], \[3\]/);
    throws(() => sortP.bind([np.array(1)], { axis: 0, numKeys: 1 }), AxisError, /sort: cannot sort a 0-d array/);
    throws(() => sortP.bind([x], { axis: 1, numKeys: 1 }), AxisError, /sort: axis 1 is out of range for shape \[2\]/);
    throws(() => sortP.bind([x], { axis: 0, numKeys: 2 }), ValueError, /sort: numKeys is 2 but there are 1 operands/);
  });
});

describe("searchsorted (primitive)", () => {
  const a = np.array([1, 2, 2, 3, NaN], { dtype: "float32" });
  it("counts smaller elements (left) or not-greater elements (right)", () => {
    const v = np.array([0, 2, 2.5, 5, NaN], { dtype: "float32" });
    // left: #{a < v}: 0, 1, 3, 4, 4 (NaN is after every number); right: #{a <= v}: 0, 3, 3, 4, 5
    expect(searchsortedP.bind1([a, v], { side: "left" }).toArray()).toEqual([0, 1, 3, 4, 4]);
    expect(searchsortedP.bind1([a, v], { side: "right" }).toArray()).toEqual([0, 3, 3, 4, 5]);
  });
  it("rejects 2-d sorted arrays and mixed dtypes", () => {
    throws(() => searchsortedP.bind1([np.ones([2, 2], { dtype: "float32" }), a], { side: "left" }), ShapeError, /searchsorted: the sorted array must be 1-d/);
    throws(() => searchsortedP.bind1([a, np.array([1], { dtype: "int32" })], { side: "left" }), DTypeError, /searchsorted: operands have dtypes float32 and int32/);
    throws(() => searchsortedP.bind1([a, a], { side: "middle" as "left" }), ValueError, /side must be 'left' or 'right'/);
  });
});
