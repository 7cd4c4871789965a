// Tests of reduce_window: pooling, padding, dilation, init values and errors.
import { describe, expect, it } from "vitest";
import type { Array } from "../array/Array.js";
import { fromData } from "../array/create.js";
import { DTypeError, np, ShapeError, ValueError } from "../index.js";
import { scalar } from "../numpy/convert.js";
import { reduceWindowP, type ReduceWindowParams, type WindowComputation } from "./reduceWindow.js";

/** Asserts that `fn` throws an instance of `cls` whose message matches `msg`. */
function throws(fn: () => unknown, cls: new (message: string) => Error, msg: RegExp): void {
  expect(fn).toThrow(cls);
  expect(fn).toThrow(msg);
}

function params(nd: number, computation: WindowComputation, over: Partial<ReduceWindowParams> = {}): ReduceWindowParams {
  const ones = new globalThis.Array<number>(nd).fill(1);
  return {
    computation,
    windowDimensions: ones,
    windowStrides: ones,
    padding: ones.map(() => [0, 0] as [number, number]),
    baseDilation: ones,
    windowDilation: ones,
    ...over,
  };
}

const rw = (x: Array, init: number, p: ReduceWindowParams): Array => reduceWindowP.bind1([x, scalar(init, x.dtype)], p);
// x = [[0,1,2,3],[4,5,6,7],[8,9,10,11],[12,13,14,15]]
const x44 = (): Array => fromData(Float32Array.from({ length: 16 }, (_, i) => i), [4, 4], "float32");

describe("reduce_window", () => {
  it("max-pools 2×2 windows with stride 2", () => {
    expect(rw(x44(), -Infinity, params(2, "max", { windowDimensions: [2, 2], windowStrides: [2, 2] })).toArray()).toEqual([[5, 7], [13, 15]]);
  });

  it("sum-pools overlapping windows", () => {
    // 2×2 windows, stride 1: top-left = 0+1+4+5 = 10, each step right +4, each step down +16.
    expect(rw(x44(), 0, params(2, "sum", { windowDimensions: [2, 2] })).toArray()).toEqual([
      [10, 14, 18],
      [26, 30, 34],
      [42, 46, 50],
    ]);
  });

  it("lets padding contribute the init value", () => {
    const v = fromData(Float32Array.from([1, 2, 3]), [3], "float32");
    // padded [pad,1,2,3,pad] with window 2: sums [1,3,5,3]; max with init -inf: [1,2,3,3]
    expect(rw(v, 0, params(1, "sum", { windowDimensions: [2], padding: [[1, 1]] })).toArray()).toEqual([1, 3, 5, 3]);
    expect(rw(v, -Infinity, params(1, "max", { windowDimensions: [2], padding: [[1, 1]] })).toArray()).toEqual([1, 2, 3, 3]);
    // min with init 0 over the padded row: padding contributes 0, and the init joins every window: [0,0,0,0]
    expect(rw(v, 0, params(1, "min", { windowDimensions: [2], padding: [[1, 1]] })).toArray()).toEqual([0, 0, 0, 0]);
    // prod with init 2 (padding is 2 too): 2·(2·1), 2·(1·2), 2·(2·3), 2·(3·2)
    expect(rw(v, 2, params(1, "prod", { windowDimensions: [2], padding: [[1, 1]] })).toArray()).toEqual([4, 4, 12, 12]);
  });

  it("combines the init value with every window", () => {
    const v = fromData(Int32Array.from([1, 2, 3]), [3], "int32");
    // sums of windows of 2 plus 10
    expect(rw(v, 10, params(1, "sum", { windowDimensions: [2] })).toArray()).toEqual([13, 15]);
  });

  it("dilates the base and the window", () => {
    const v = fromData(Float32Array.from([1, 2, 3, 4, 5]), [5], "float32");
    // window dilation 2, window 2: x[j] + x[j+2] = [4, 6, 8]
    expect(rw(v, 0, params(1, "sum", { windowDimensions: [2], windowDilation: [2] })).toArray()).toEqual([4, 6, 8]);
    // base dilation 2 on [1,2,3] → [1,h,2,h,3] (holes contribute init 0), window 2: [1,2,2,3]
    const w = fromData(Float32Array.from([1, 2, 3]), [3], "float32");
    expect(rw(w, 0, params(1, "sum", { windowDimensions: [2], baseDilation: [2] })).toArray()).toEqual([1, 2, 2, 3]);
  });

  it("reduces bool with max (or) and min (and)", () => {
    const b = np.array([false, true, false, false]);
    expect(reduceWindowP.bind1([b, scalar(false, "bool")], params(1, "max", { windowDimensions: [2] })).toArray()).toEqual([true, true, false]);
    expect(reduceWindowP.bind1([b, scalar(true, "bool")], params(1, "min", { windowDimensions: [2] })).toArray()).toEqual([false, false, false]);
  });

  it("propagates NaN through max", () => {
    const v = fromData(Float64Array.from([1, NaN, 3]), [3], "float64");
    expect(globalThis.Array.from(rw(v, -Infinity, params(1, "max", { windowDimensions: [2] })).data())).toEqual([NaN, NaN]);
  });

  it("handles zero-size operands", () => {
    const e = np.zeros([0], { dtype: "float32" });
    expect(rw(e, 0, params(1, "sum", { windowDimensions: [1] })).shape).toEqual([0]);
    // all-padding windows give the init combined with itself: 0 + 0
    expect(rw(e, 0, params(1, "sum", { windowDimensions: [1], padding: [[1, 1]] })).toArray()).toEqual([0, 0]);
  });

  it("rejects bad init values and params", () => {
    const x = x44();
    throws(() => reduceWindowP.bind1([x, np.zeros([1], { dtype: "float32" })], params(2, "sum")), ShapeError, /reduce_window: the init value must be a scalar/);
    throws(() => reduceWindowP.bind1([x, scalar(0, "int32")], params(2, "sum")), DTypeError, /init value has dtype int32 but the operand has float32/);
    throws(() => rw(x, 0, params(2, "mean" as WindowComputation)), ValueError, /unknown computation "mean"/);
    throws(() => rw(x, 0, params(2, "sum", { windowDimensions: [2] })), ValueError, /windowDimensions \[2\] must list 2 integers ≥ 1/);
    throws(() => rw(x, 0, params(2, "sum", { padding: [[0, 0]] })), ValueError, /padding .* must hold 2 \[lo, hi\] integer pairs/);
    throws(() => reduceWindowP.bind1([np.array([true]), scalar(false, "bool")], params(1, "sum")), DTypeError, /computation 'sum' needs a numeric operand/);
  });
});
