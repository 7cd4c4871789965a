// Tests of the lax namespace: strict wrappers, conv/reduceWindow argument handling, sort and scans.
import { describe, expect, it } from "vitest";
import type { Array } from "../array/Array.js";
import { fromData } from "../array/create.js";
import { AxisError, DTypeError, np, OptionError, ShapeError, ValueError } from "../index.js";
import { expectAllclose } from "../testing/index.js";
import * as lax from "./index.js";

/** Asserts that `fn` throws an instance of `cls` whose message matches `msg`. */
function throws(fn: () => unknown, cls: new (message: string) => Error, msg: RegExp): void {
  expect(fn).toThrow(cls);
  expect(fn).toThrow(msg);
}

const f32 = (v: unknown): Array => np.array(v as number[], { dtype: "float32" });
const i32 = (v: unknown): Array => np.array(v as number[], { dtype: "int32" });
const seq = (shape: number[]): Array => fromData(Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => i), shape, "float32");

describe("lax elementwise", () => {
  it("computes with equal shapes and dtypes", () => {
    expect(lax.add(f32([1, 2]), f32([3, 4])).toArray()).toEqual([4, 6]);
    expect(lax.sub(i32([5]), i32([7])).toArray()).toEqual([-2]);
    expect(lax.mul(f32([2]), f32([3])).toArray()).toEqual([6]);
    expect(lax.div(i32([-7]), i32([2])).toArray()).toEqual([-3]);
    expect(lax.rem(i32([-7]), i32([2])).toArray()).toEqual([-1]);
    expect(lax.max(f32([1, 5]), f32([3, 2])).toArray()).toEqual([3, 5]);
    expect(lax.neg(f32([1])).toArray()).toEqual([-1]);
    expectAllclose(lax.exp(f32([0, 1])), [1, Math.E]);
    expect(lax.lt(i32([1, 3]), i32([2, 2])).toArray()).toEqual([true, false]);
    expect(lax.select(np.array([true, false]), f32([1, 2]), f32([3, 4])).toArray()).toEqual([1, 4]);
    expect(lax.bitwiseAnd(i32([6]), i32([3])).toArray()).toEqual([2]);
    expect(lax.shiftLeft(i32([1]), i32([4])).toArray()).toEqual([16]);
    expect(lax.isFinite(f32([1, Infinity, NaN])).toArray()).toEqual([true, false, false]);
  });

  it("does not promote or broadcast", () => {
    throws(() => lax.add(f32([1]), i32([1])), DTypeError, /add: operands have dtypes float32 and int32/);
    throws(() => lax.add(f32([1, 2]), f32([1])), ShapeError, /add: operands have shapes \[2\] and \[1\]/);
    throws(() => lax.exp(i32([1])), DTypeError, /exp: got an operand of type int32\[1\]/);
  });

  it("converts element types", () => {
    const c = lax.convertElementType(f32([1.7, -1.7]), "int32");
    expect(c.dtype).toBe("int32");
    expect(c.toArray()).toEqual([1, -1]);
    throws(() => lax.convertElementType(f32([1]), "int64" as "int32"), DTypeError, /convertElementType: unsupported dtype "int64"/);
  });
});

describe("lax shape ops", () => {
  it("broadcasts, reshapes and transposes", () => {
    expect(lax.broadcastInDim(f32([1, 2]), [2, 2], [1]).toArray()).toEqual([[1, 2], [1, 2]]);
    expect(lax.broadcast(f32([1, 2]), [2]).toArray()).toEqual([[1, 2], [1, 2]]);
    expect(lax.reshape(seq([2, 3]), [3, 2]).toArray()).toEqual([[0, 1], [2, 3], [4, 5]]);
    // dimensions [1, 0]: transpose to [[0,3],[1,4],[2,5]] first, then flatten.
    expect(lax.reshape(seq([2, 3]), [6], [1, 0]).toArray()).toEqual([0, 3, 1, 4, 2, 5]);
    expect(lax.transpose(seq([2, 3]), [1, 0]).toArray()).toEqual([[0, 3], [1, 4], [2, 5]]);
  });

  it("squeezes and expands dims", () => {
    expect(lax.squeeze(seq([1, 3, 1]), [0, -1]).shape).toEqual([3]);
    expect(lax.expandDims(seq([3]), [0, 2]).shape).toEqual([1, 3, 1]);
    throws(() => lax.squeeze(seq([2, 3]), [0]), ShapeError, /squeeze: axis 0 of shape \[2,3\] has size 2, not 1/);
    throws(() => lax.squeeze(seq([1]), [1]), AxisError, /squeeze: axis 1 is out of bounds/);
  });

  it("slices, pads, concatenates, reverses and builds iotas", () => {
    expect(lax.slice(seq([5]), [1], [5], [2]).toArray()).toEqual([1, 3]);
    expect(lax.slice(seq([2, 2]), [0, 1], [2, 2]).toArray()).toEqual([[1], [3]]);
    // lo 1, hi 2, interior 1 on [0,1,2]: [9,0,9,1,9,2,9,9]
    expect(lax.pad(seq([3]), 9, [[1, 2, 1]]).toArray()).toEqual([9, 0, 9, 1, 9, 2, 9, 9]);
    expect(lax.concatenate([f32([1]), f32([2, 3])], 0).toArray()).toEqual([1, 2, 3]);
    expect(lax.rev(seq([3]), [0]).toArray()).toEqual([2, 1, 0]);
    expect(lax.iota("int32", 3).toArray()).toEqual([0, 1, 2]);
    expect(lax.broadcastedIota("int32", [2, 2], 1).toArray()).toEqual([[0, 1], [0, 1]]);
  });

  it("rejects padding values the dtype cannot hold", () => {
    throws(() => lax.pad(i32([1]), 0.5, [[1, 0, 0]]), ValueError, /pad: the padding value 0.5 cannot be represented in the operand's dtype int32/);
    throws(() => lax.pad(np.array([1], { dtype: "uint32" }), -1, [[1, 0, 0]]), ValueError, /pad: the padding value -1 cannot be represented in the operand's dtype uint32/);
    expect(lax.pad(np.array([true]), false, [[1, 0, 0]]).toArray()).toEqual([false, true]);
  });
});

describe("lax reductions", () => {
  it("reduces over axes and finds arg extrema", () => {
    const m = f32([[1, 5], [7, 3]]);
    expect(lax.reduceSum(m, [0]).toArray()).toEqual([8, 8]);
    expect(lax.reduceMax(m, [1]).toArray()).toEqual([5, 7]);
    expect(lax.reduceMin(m, [0, 1]).toArray()).toBe(1);
    expect(lax.reduceProd(m, [-1]).toArray()).toEqual([5, 21]);
    expect(lax.argmax(m, 1).toArray()).toEqual([1, 0]);
    expect(lax.argmin(m, 0).toArray()).toEqual([0, 1]);
    throws(() => lax.argmax(m, 0, "float32"), DTypeError, /argmax: indexDtype must be 'int32'/);
  });
});

describe("lax.dotGeneral / lax.dot", () => {
  it("contracts with JAX dimension numbers", () => {
    const a = f32([[1, 2], [3, 4]]);
    const b = f32([[5, 6], [7, 8]]);
    expect(lax.dotGeneral(a, b, [[[1], [0]], [[], []]]).toArray()).toEqual([[19, 22], [43, 50]]);
    // contract lhs axis 0 with rhs axis 0: aᵀb = [[1·5+3·7, 1·6+3·8], [2·5+4·7, 2·6+4·8]]
    expect(lax.dotGeneral(a, b, [[[0], [0]], [[], []]]).toArray()).toEqual([[26, 30], [38, 44]]);
    expect(lax.dot(a, f32([1, 1])).toArray()).toEqual([3, 7]);
  });
});

describe("lax.sort", () => {
  it("sorts one operand or several by keys", () => {
    expect(lax.sort(f32([3, 1, 2])).toArray()).toEqual([1, 2, 3]);
    const [k, v] = lax.sort([i32([2, 1, 2]), f32([10, 20, 30])], { numKeys: 1 }) as [Array, Array];
    expect(k.toArray()).toEqual([1, 2, 2]);
    expect(v.toArray()).toEqual([20, 10, 30]);
    expect(lax.sort(seq([2, 2]), { dimension: 0 }).toArray()).toEqual([[0, 1], [2, 3]]);
    const [sk, sv] = lax.sortKeyVal(f32([2, 1]), i32([0, 1]));
    expect(sk.toArray()).toEqual([1, 2]);
    expect(sv.toArray()).toEqual([1, 0]);
    throws(() => lax.sort(f32([1]), { axis: 0 } as never), OptionError, /sort: unknown option 'axis'/);
  });
});

describe("lax cumulative", () => {
  it("scans along an axis, optionally reversed", () => {
    expect(lax.cumsum(f32([1, 2, 3])).toArray()).toEqual([1, 3, 6]);
    expect(lax.cumsum(f32([1, 2, 3]), 0, true).toArray()).toEqual([6, 5, 3]);
    expect(lax.cumprod(seq([2, 2]), -1).toArray()).toEqual([[0, 0], [2, 6]]);
    expect(lax.cummax(f32([1, 3, 2])).toArray()).toEqual([1, 3, 3]);
    expect(lax.cummin(f32([3, 1, 2])).toArray()).toEqual([3, 1, 1]);
    throws(() => lax.cumsum(f32([1]), 1), AxisError, /cumsum: axis 1 is out of bounds/);
  });
});

describe("lax.padtypeToPads", () => {
  it("computes SAME, SAME_LOWER and VALID padding", () => {
    // in 5, window 3, stride 2: out 3, total pad (3-1)·2 + 3 − 5 = 2 → [1,1]
    expect(lax.padtypeToPads("t", [5], [3], [2], "SAME")).toEqual([[1, 1]]);
    // in 4, window 2, stride 1: total 1 → SAME [0,1], SAME_LOWER [1,0]
    expect(lax.padtypeToPads("t", [4], [2], [1], "SAME")).toEqual([[0, 1]]);
    expect(lax.padtypeToPads("t", [4], [2], [1], "SAME_LOWER")).toEqual([[1, 0]]);
    expect(lax.padtypeToPads("t", [4, 4], [2, 2], [1, 1], "VALID")).toEqual([[0, 0], [0, 0]]);
    throws(() => lax.padtypeToPads("t", [4], [2], [1], "FULL" as "SAME"), ValueError, /t: unknown padding "FULL"/);
  });
});

describe("lax.convGeneralDilated", () => {
  it("uses NC… / OI… layouts by default with SAME padding", () => {
    // 3×3 ones with a 3×3 ones kernel: neighbour counts
    const out = lax.convGeneralDilated(np.ones([1, 1, 3, 3], { dtype: "float32" }), np.ones([1, 1, 3, 3], { dtype: "float32" }), [1, 1], "SAME");
    expect(out.toArray()).toEqual([[[[4, 6, 4], [6, 9, 6], [4, 6, 4]]]]);
  });

  it("accepts layout strings (NHWC, HWIO)", () => {
    // x NHWC [1,2,2,1] = [[1,2],[3,4]]; w HWIO [1,1,1,2] = out channels ×1 and ×10
    const x = fromData(Float32Array.from([1, 2, 3, 4]), [1, 2, 2, 1], "float32");
    const w = fromData(Float32Array.from([1, 10]), [1, 1, 1, 2], "float32");
    const out = lax.convGeneralDilated(x, w, [1, 1], "VALID", { dimensionNumbers: ["NHWC", "HWIO", "NHWC"] });
    expect(out.shape).toEqual([1, 2, 2, 2]);
    expect(out.toArray()).toEqual([[[[1, 10], [2, 20]], [[3, 30], [4, 40]]]]);
  });

  it("passes dilation and groups through (1-d depthwise with explicit padding)", () => {
    const x = fromData(Float32Array.from([1, 2, 3, 4, 5, 6]), [1, 2, 3], "float32");
    const w = fromData(Float32Array.from([1, 1, 1, -1]), [2, 1, 2], "float32");
    // channel 0 [1,2,3] with [1,1], rhs dilation 2, padding [1,1]: padded [0,1,2,3,0]; taps j, j+2 → [0+2, 1+3, 2+0]
    // channel 1 [4,5,6] with [1,-1]: padded [0,4,5,6,0] → [0−5, 4−6, 5−0]
    const out = lax.convGeneralDilated(x, w, [1], [[1, 1]], { rhsDilation: [2], featureGroupCount: 2 });
    expect(out.toArray()).toEqual([[[2, 4, 2], [-5, -2, 5]]]);
  });

  it("rejects string padding with lhs dilation, bad layouts and unknown options", () => {
    const x = np.ones([1, 1, 4], { dtype: "float32" });
    const w = np.ones([1, 1, 2], { dtype: "float32" });
    throws(() => lax.convGeneralDilated(x, w, [1], "SAME", { lhsDilation: [2] }), ValueError, /string padding 'SAME' is not supported together with lhsDilation/);
    throws(() => lax.convGeneralDilated(x, w, [1], "VALID", { dimensionNumbers: ["NCH", "OIW", "NCH"] }), ValueError, /must name the same spatial letters/);
    throws(() => lax.convGeneralDilated(x, w, [1], "VALID", { dimensionNumbers: ["NNH", "OIH", "NCH"] }), ValueError, /'NNH' must contain 'N' and 'C' once each/);
    throws(() => lax.convGeneralDilated(x, w, [1], "VALID", { dimensionNumbers: ["NCHW", "OIHW", "NCHW"] }), ValueError, /describe rank 4 but the operands have rank 3/);
    throws(() => lax.convGeneralDilated(x, w, [1], "VALID", { groups: 2 } as never), OptionError, /convGeneralDilated: unknown option 'groups'/);
  });
});

describe("lax.reduceWindow", () => {
  it("max-pools with SAME padding", () => {
    // [1,3,2,5,4] windows of 2, stride 2, SAME: out 3, pad total 1 → [0,1]: (1,3),(2,5),(4,pad) → [3,5,4]
    const x = f32([1, 3, 2, 5, 4]);
    expect(lax.reduceWindow(x, -Infinity, "max", [2], [2], "SAME").toArray()).toEqual([3, 5, 4]);
  });

  it("average-pools as a sum divided by the window size", () => {
    const x = seq([1, 1, 2, 4]);
    const s = lax.reduceWindow(x, 0, "sum", [1, 1, 2, 2], [1, 1, 2, 2]);
    // windows [[0,1],[4,5]] and [[2,3],[6,7]] → sums 10, 18
    expect(s.toArray()).toEqual([[[[10, 18]]]]);
  });

  it("defaults to stride 1 and VALID, and accepts dilations", () => {
    expect(lax.reduceWindow(f32([1, 2, 3, 4]), 0, "sum", [2]).toArray()).toEqual([3, 5, 7]);
    expect(lax.reduceWindow(f32([1, 2, 3, 4]), 0, "sum", [2], null, "VALID", { windowDilation: [2] }).toArray()).toEqual([4, 6]);
  });

  it("rejects non-integer init values for integer operands and unknown options", () => {
    throws(() => lax.reduceWindow(i32([1, 2]), -Infinity, "max", [2]), ValueError, /reduceWindow: the init value -Infinity cannot be represented in the operand's dtype int32/);
    throws(() => lax.reduceWindow(f32([1, 2]), 0, "sum", [2], null, "VALID", { dilation: [1] } as never), OptionError, /reduceWindow: unknown option 'dilation'/);
    throws(() => lax.reduceWindow(f32([1, 2]), 0, "sum", [2], null, [[0, 0], [0, 0]]), ValueError, /reduceWindow: padding .* must be 'SAME', 'SAME_LOWER', 'VALID' or 1 \[lo, hi\] integer pairs/);
  });
});
