import { describe, expect, it } from "vitest";
import { AxisError, np, OptionError, ShapeError, ValueError, type Array } from "../index.js";
import { arange, zeros } from "./creation.js";
import * as M from "./manipulation.js";

/** Asserts that `fn` throws an instance of `cls` whose message matches `msg`. */
function throws(fn: () => unknown, cls: new (message: string) => Error, msg: RegExp): void {
  expect(fn).toThrow(cls);
  expect(fn).toThrow(msg);
}

const i32 = (v: unknown) => np.array(v as number[], { dtype: "int32" });
const f32 = (v: unknown) => np.array(v as number[], { dtype: "float32" });
// [[0, 1, 2], [3, 4, 5]]
const m23 = () => M.reshape(arange(6), [2, 3]);

describe("reshape", () => {
  it("reshapes row-major and infers one -1", () => {
    expect(m23().toArray()).toEqual([[0, 1, 2], [3, 4, 5]]);
    expect(M.reshape(arange(6), [3, -1]).toArray()).toEqual([[0, 1], [2, 3], [4, 5]]);
    expect(M.reshape(arange(6), -1).shape).toEqual([6]);
    expect(M.reshape(5, [1, 1]).toArray()).toEqual([[5]]);
    expect(M.reshape(zeros([0, 3]), [-1, 3]).shape).toEqual([0, 3]);
    expect(M.reshape(arange(6), [2, 3]).dtype).toBe("int32");
  });

  it("rejects two -1 entries, bad sizes and mismatched sizes", () => {
    throws(() => M.reshape(arange(6), [-1, -1]), ValueError, /reshape: can only specify one unknown dimension/);
    throws(() => M.reshape(arange(6), [4, -1]), ShapeError, /reshape: cannot reshape an array of size 6 into shape \[4,-1\]/);
    throws(() => M.reshape(arange(6), [4, 2]), ShapeError, /reshape: cannot reshape an array of size 6 into shape \[4,2\]/);
    throws(() => M.reshape(arange(6), [-2, -3]), ShapeError, /reshape: shape \[-2,-3\] has a bad size -2/);
    throws(() => M.reshape(zeros([0]), [0, -1]), ShapeError, /leaves -1 undetermined/);
  });
});

describe("ravel", () => {
  it("flattens row-major", () => {
    expect(M.ravel(m23()).toArray()).toEqual([0, 1, 2, 3, 4, 5]);
    expect(M.ravel(7).shape).toEqual([1]);
  });
});

describe("transpose", () => {
  it("reverses axes by default and permutes by axes (negative allowed)", () => {
    expect(M.transpose(m23()).toArray()).toEqual([[0, 3], [1, 4], [2, 5]]);
    const x = zeros([2, 3, 4]);
    expect(M.transpose(x).shape).toEqual([4, 3, 2]);
    expect(M.transpose(x, [1, -1, 0]).shape).toEqual([3, 4, 2]);
    // element [i, j, k] of arange(24).reshape(2,3,4) is 12i + 4j + k; after axes [2, 0, 1] out[k, i, j] = that.
    const y = M.transpose(M.reshape(arange(24), [2, 3, 4]), [2, 0, 1]);
    expect(M.ravel(y).toArray()).toEqual([0, 4, 8, 12, 16, 20, 1, 5, 9, 13, 17, 21, 2, 6, 10, 14, 18, 22, 3, 7, 11, 15, 19, 23]);
  });

  it("rejects axes that are not a permutation", () => {
    throws(() => M.transpose(m23(), [0]), AxisError, /transpose: axes \[0\] don't match an array of ndim 2/);
    throws(() => M.transpose(m23(), [0, -2]), AxisError, /transpose: repeated axis/);
    throws(() => M.transpose(m23(), [0, 2]), AxisError, /transpose: axis 2 is out of bounds/);
  });
});

describe("swapaxes", () => {
  it("exchanges two axes", () => {
    expect(M.swapaxes(m23(), 0, 1).toArray()).toEqual([[0, 3], [1, 4], [2, 5]]);
    expect(M.swapaxes(zeros([2, 3, 4]), 0, -1).shape).toEqual([4, 3, 2]);
    throws(() => M.swapaxes(m23(), 0, 3), AxisError, /swapaxes: axis 3 is out of bounds/);
  });
});

describe("moveaxis", () => {
  it("moves axes keeping the others in order", () => {
    expect(M.moveaxis(zeros([2, 3, 4]), 0, -1).shape).toEqual([3, 4, 2]);
    expect(M.moveaxis(zeros([2, 3, 4]), [0, 1], [-1, -2]).shape).toEqual([4, 3, 2]);
    expect(M.moveaxis(zeros([2, 3, 4, 5]), [3, 0], [0, 2]).shape).toEqual([5, 3, 2, 4]);
    expect(M.moveaxis(m23(), 1, 0).toArray()).toEqual([[0, 3], [1, 4], [2, 5]]);
  });

  it("rejects mismatched lengths and repeated axes", () => {
    throws(() => M.moveaxis(m23(), [0, 1], [0]), ValueError, /moveaxis: source \[0,1\] and destination \[0\] must have the same number of axes/);
    throws(() => M.moveaxis(m23(), [0, 0], [0, 1]), AxisError, /moveaxis: repeated axis in source/);
  });
});

describe("expandDims", () => {
  it("inserts size-1 axes at positions of the result", () => {
    expect(M.expandDims(zeros([2, 3]), 0).shape).toEqual([1, 2, 3]);
    expect(M.expandDims(zeros([2, 3]), -1).shape).toEqual([2, 3, 1]);
    expect(M.expandDims(zeros([2, 3]), [0, 3]).shape).toEqual([1, 2, 3, 1]);
    expect(M.expandDims(zeros([2, 3]), [1, -1]).shape).toEqual([2, 1, 3, 1]);
    expect(M.expandDims(m23(), 1).toArray()).toEqual([[[0, 1, 2]], [[3, 4, 5]]]);
  });

  it("rejects out-of-range and repeated positions", () => {
    throws(() => M.expandDims(zeros([2]), 3), AxisError, /expandDims: axis 3 is out of bounds for an array of ndim 2/);
    throws(() => M.expandDims(zeros([2]), [0, 0]), AxisError, /expandDims: repeated axis/);
  });
});

describe("squeeze", () => {
  it("removes all size-1 axes or the selected ones", () => {
    expect(M.squeeze(zeros([1, 2, 1, 3])).shape).toEqual([2, 3]);
    expect(M.squeeze(zeros([1, 2, 1, 3]), 2).shape).toEqual([1, 2, 3]);
    expect(M.squeeze(zeros([1, 2, 1]), [0, -1]).shape).toEqual([2]);
    expect(M.squeeze(zeros([1, 1])).shape).toEqual([]);
  });

  it("throws when the selected axis is not size 1", () => {
    throws(() => M.squeeze(zeros([1, 2]), 1), ValueError, /squeeze: cannot select axis 1, which has size 2/);
  });
});

describe("broadcastTo", () => {
  it("stretches size-1 and missing leading axes", () => {
    expect(M.broadcastTo(i32([1, 2]), [2, 2]).toArray()).toEqual([[1, 2], [1, 2]]);
    expect(M.broadcastTo(3, 3).toArray()).toEqual([3, 3, 3]);
    expect(M.broadcastTo(i32([[1], [2]]), [2, 0]).shape).toEqual([2, 0]);
  });

  it("rejects incompatible and bad shapes", () => {
    throws(() => M.broadcastTo(i32([1, 2]), [3]), ShapeError, /broadcastTo: cannot broadcast shape \[2\] to \[3\]/);
    throws(() => M.broadcastTo(i32([1, 2]), [-2]), ShapeError, /broadcastTo: shape \[-2\] has a bad size/);
  });
});

describe("broadcastArrays", () => {
  it("broadcasts every argument to the common shape, keeping dtypes", () => {
    const [a, b] = M.broadcastArrays(i32([[1], [2]]), f32([10, 20, 30])) as [Array, Array];
    expect(a.shape).toEqual([2, 3]);
    expect(a.toArray()).toEqual([[1, 1, 1], [2, 2, 2]]);
    expect(a.dtype).toBe("int32");
    expect(b.toArray()).toEqual([[10, 20, 30], [10, 20, 30]]);
    expect(b.dtype).toBe("float32");
    throws(() => M.broadcastArrays(zeros([2]), zeros([3])), ShapeError, /broadcastArrays: shapes \[2\] and \[3\] cannot be broadcast/);
  });
});

describe("concatenate", () => {
  it("joins along an axis (negative allowed)", () => {
    expect(M.concatenate([i32([1, 2]), i32([3])]).toArray()).toEqual([1, 2, 3]);
    expect(M.concatenate([m23(), i32([[6, 7, 8]])]).toArray()).toEqual([[0, 1, 2], [3, 4, 5], [6, 7, 8]]);
    expect(M.concatenate([m23(), i32([[9], [9]])], -1).toArray()).toEqual([[0, 1, 2, 9], [3, 4, 5, 9]]);
    expect(M.concatenate([i32([1])]).toArray()).toEqual([1]);
  });

  it("promotes dtypes", () => {
    const out = M.concatenate([i32([1, 2]), f32([3.5])]);
    expect(out.dtype).toBe("float32");
    expect(out.toArray()).toEqual([1, 2, 3.5]);
    expect(M.concatenate([np.array([true]), i32([2])]).toArray()).toEqual([1, 2]);
    // Nested JS lists go through np.array inference: JS numbers infer the default float dtype.
    expect(M.concatenate([[1, 2], [3]]).dtype).toBe("float32");
    expect(M.concatenate([[1, 2], [3]]).toArray()).toEqual([1, 2, 3]);
  });

  it("flattens with axis null and skips zero-size parts", () => {
    expect(M.concatenate([m23(), i32([6])], null).toArray()).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(M.concatenate([zeros([0, 2]), f32([[1, 2]])]).toArray()).toEqual([[1, 2]]);
    expect(M.concatenate([zeros([0]), zeros([0])]).shape).toEqual([0]);
  });

  it("joins a thousand parts, every one landing at its offset", () => {
    const parts = globalThis.Array.from({ length: 1000 }, (_, k) => i32([k, 5000 - k]));
    const expected = globalThis.Array.from({ length: 1000 }, (_, k) => [k, 5000 - k]).flat();
    expect(M.concatenate(parts).toArray()).toEqual(expected);
  });

  it("rejects empty lists, 0-d inputs and mismatched shapes", () => {
    throws(() => M.concatenate([]), ValueError, /concatenate: need at least one array/);
    throws(() => M.concatenate([1, 2]), ShapeError, /concatenate: zero-dimensional arrays cannot be concatenated/);
    throws(() => M.concatenate([m23(), i32([1, 2])]), ShapeError, /concatenate: all the input arrays must have the same number of dimensions/);
    throws(() => M.concatenate([m23(), zeros([2, 2])], 0), ShapeError, /concatenate: all the input array dimensions except for the concatenation axis 0 must match exactly/);
    throws(() => M.concatenate([m23(), m23()], 2), AxisError, /concatenate: axis 2 is out of bounds/);
  });
});

describe("stack", () => {
  it("joins along a new axis", () => {
    expect(M.stack([i32([1, 2]), i32([3, 4])]).toArray()).toEqual([[1, 2], [3, 4]]);
    expect(M.stack([i32([1, 2]), i32([3, 4])], 1).toArray()).toEqual([[1, 3], [2, 4]]);
    expect(M.stack([i32([1, 2]), i32([3, 4])], -1).shape).toEqual([2, 2]);
    expect(M.stack([1, 2.5]).toArray()).toEqual([1, 2.5]);
    expect(M.stack([zeros([2, 3]), zeros([2, 3]), zeros([2, 3])], 1).shape).toEqual([2, 3, 3]);
  });

  it("rejects different shapes and bad axes", () => {
    throws(() => M.stack([i32([1, 2]), i32([3])]), ShapeError, /stack: all input arrays must have the same shape/);
    throws(() => M.stack([i32([1, 2])], 2), AxisError, /stack: axis 2 is out of bounds/);
    throws(() => M.stack([]), ValueError, /stack: need at least one array/);
  });
});

describe("hstack", () => {
  it("joins 1-d along axis 0 and others along axis 1", () => {
    expect(M.hstack([i32([1, 2]), i32([3])]).toArray()).toEqual([1, 2, 3]);
    expect(M.hstack([i32([[1], [2]]), i32([[3], [4]])]).toArray()).toEqual([[1, 3], [2, 4]]);
    expect(M.hstack([1, 2]).toArray()).toEqual([1, 2]);
  });
});

describe("vstack", () => {
  it("stacks rows, making 1-d inputs rows", () => {
    expect(M.vstack([i32([1, 2]), i32([3, 4])]).toArray()).toEqual([[1, 2], [3, 4]]);
    expect(M.vstack([m23(), i32([6, 7, 8])]).shape).toEqual([3, 3]);
    throws(() => M.vstack([i32([1, 2]), i32([3])]), ShapeError, /vstack: all the input array dimensions/);
  });
});

describe("dstack", () => {
  it("joins along the third axis", () => {
    expect(M.dstack([i32([1, 2]), i32([3, 4])]).toArray()).toEqual([[[1, 3], [2, 4]]]);
    expect(M.dstack([zeros([2, 3]), zeros([2, 3])]).shape).toEqual([2, 3, 2]);
  });
});

describe("atleast1d", () => {
  it("promotes 0-d to [1] and leaves others", () => {
    expect(M.atleast1d(5).shape).toEqual([1]);
    expect(M.atleast1d(zeros([2, 3])).shape).toEqual([2, 3]);
  });
});

describe("atleast2d", () => {
  it("makes vectors rows", () => {
    expect(M.atleast2d(5).shape).toEqual([1, 1]);
    expect(M.atleast2d(zeros([3])).shape).toEqual([1, 3]);
    expect(M.atleast2d(zeros([2, 3, 4])).shape).toEqual([2, 3, 4]);
  });
});

describe("atleast3d", () => {
  it("follows NumPy's placement of new axes", () => {
    expect(M.atleast3d(5).shape).toEqual([1, 1, 1]);
    expect(M.atleast3d(zeros([3])).shape).toEqual([1, 3, 1]);
    expect(M.atleast3d(zeros([2, 3])).shape).toEqual([2, 3, 1]);
  });
});

describe("split", () => {
  it("splits into equal sections along an axis", () => {
    const parts = M.split(arange(6), 3);
    expect(parts.map((p) => p.toArray())).toEqual([[0, 1], [2, 3], [4, 5]]);
    const cols = M.split(m23(), 3, -1);
    expect(cols.map((p) => p.toArray())).toEqual([[[0], [3]], [[1], [4]], [[2], [5]]]);
  });

  it("splits at indices with Python slice semantics", () => {
    // [-2, 10] → boundaries 0, 3, 5(clipped), 5: [0,1,2], [3,4], [].
    expect(M.split(arange(5), [-2, 10]).map((p) => p.toArray())).toEqual([[0, 1, 2], [3, 4], []]);
    // decreasing indices give an empty middle part.
    expect(M.split(arange(6), [4, 2]).map((p) => p.toArray())).toEqual([[0, 1, 2, 3], [], [2, 3, 4, 5]]);
    expect(M.split(arange(4), []).map((p) => p.toArray())).toEqual([[0, 1, 2, 3]]);
  });

  it("throws when the sections do not divide the axis", () => {
    throws(() => M.split(arange(5), 2), ValueError, /split: array split does not result in an equal division/);
    throws(() => M.split(arange(5), 0), ValueError, /split: the number of sections must be an integer ≥ 1/);
    throws(() => M.split(arange(5), [1.5]), ValueError, /split: split indices must be integers/);
    throws(() => M.split(5, 1), AxisError, /split: axis 0 is out of bounds/);
  });
});

describe("arraySplit", () => {
  it("gives the first n % sections parts one extra element", () => {
    // 7 into 3: sizes 3, 2, 2.
    expect(M.arraySplit(arange(7), 3).map((p) => p.toArray())).toEqual([[0, 1, 2], [3, 4], [5, 6]]);
    // 2 into 4: sizes 1, 1, 0, 0.
    expect(M.arraySplit(arange(2), 4).map((p) => p.shape)).toEqual([[1], [1], [0], [0]]);
    expect(M.arraySplit(m23(), [1], 1).map((p) => p.shape)).toEqual([[2, 1], [2, 2]]);
    throws(() => M.arraySplit(arange(2), 0), ValueError, /arraySplit: the number of sections must be an integer ≥ 1/);
  });
});

describe("tile", () => {
  it("repeats the whole array per axis", () => {
    expect(M.tile(i32([1, 2]), 2).toArray()).toEqual([1, 2, 1, 2]);
    expect(M.tile(i32([1, 2]), [2, 2]).toArray()).toEqual([[1, 2, 1, 2], [1, 2, 1, 2]]);
    // reps longer than ndim: x becomes [1, 2, 2]; reps shorter: padded with 1s.
    expect(M.tile(i32([[1, 2], [3, 4]]), [2, 1, 2]).toArray()).toEqual([
      [[1, 2, 1, 2], [3, 4, 3, 4]],
      [[1, 2, 1, 2], [3, 4, 3, 4]],
    ]);
    expect(M.tile(i32([[1, 2], [3, 4]]), 2).toArray()).toEqual([[1, 2, 1, 2], [3, 4, 3, 4]]);
    expect(M.tile(i32([1, 2]), 0).shape).toEqual([0]);
  });

  it("rejects negative reps", () => {
    throws(() => M.tile(i32([1]), -1), ValueError, /tile: each repetition count must be a non-negative integer/);
  });
});

describe("repeat", () => {
  it("repeats elements of the flattened array by default", () => {
    expect(M.repeat(i32([[1, 2], [3, 4]]), 2).toArray()).toEqual([1, 1, 2, 2, 3, 3, 4, 4]);
    expect(M.repeat(7, 3).toArray()).toEqual([7, 7, 7]);
  });

  it("repeats along an axis, with one count or one per element", () => {
    const x = i32([[1, 2], [3, 4]]);
    expect(M.repeat(x, 2, 1).toArray()).toEqual([[1, 1, 2, 2], [3, 3, 4, 4]]);
    expect(M.repeat(x, [1, 2], 0).toArray()).toEqual([[1, 2], [3, 4], [3, 4]]);
    expect(M.repeat(x, [0, 3], -1).toArray()).toEqual([[2, 2, 2], [4, 4, 4]]);
    expect(M.repeat(x, [2], 0).shape).toEqual([4, 2]);
    expect(M.repeat(x, 0, 0).shape).toEqual([0, 2]);
  });

  it("rejects negative counts and count lists of the wrong length", () => {
    throws(() => M.repeat(i32([1, 2]), -1), ValueError, /repeat: each repeat count must be a non-negative integer/);
    throws(() => M.repeat(i32([1, 2]), [1, 2, 3]), ValueError, /repeat: repeats has 3 counts but axis 0 has 2 elements/);
  });
});

describe("pad", () => {
  const v = () => i32([1, 2, 3]);
  const m = () => i32([[1, 2], [3, 4]]);

  it("pads with a constant (default 0) in every width form", () => {
    expect(M.pad(v(), 1).toArray()).toEqual([0, 1, 2, 3, 0]);
    expect(M.pad(v(), [1, 2], { constantValues: 9 }).toArray()).toEqual([9, 1, 2, 3, 9, 9]);
    expect(M.pad(m(), [[1, 0], [0, 1]]).toArray()).toEqual([[0, 0, 0], [1, 2, 0], [3, 4, 0]]);
    expect(M.pad(m(), [[1]]).shape).toEqual([4, 4]);
    expect(M.pad(m(), [1]).shape).toEqual([4, 4]);
    expect(M.pad(v(), 0).toArray()).toEqual([1, 2, 3]);
    expect(M.pad(v(), 1).dtype).toBe("int32");
  });

  it("uses per-side constants, corners taking the later axis' value (NumPy)", () => {
    // axis 0 pads a row of 7 before; axis 1 then pads a column of 10 after, over the whole height.
    const out = M.pad(m(), [[1, 0], [0, 1]], { constantValues: [[7, 8], [9, 10]] });
    expect(out.toArray()).toEqual([[7, 7, 10], [1, 2, 10], [3, 4, 10]]);
    expect(M.pad(v(), 1, { constantValues: [5, 6] }).toArray()).toEqual([5, 1, 2, 3, 6]);
  });

  it("casts constants to the array dtype", () => {
    expect(M.pad(v(), 1, { constantValues: 1.7 }).toArray()).toEqual([1, 1, 2, 3, 1]);
    expect(M.pad(np.array([true]), 1, { constantValues: 1 }).toArray()).toEqual([true, true, true]);
    throws(() => M.pad(v(), 1, { constantValues: NaN }), ValueError, /pad: cannot use constant value NaN for a int32 array/);
  });

  it("pads a zero-size axis with constants", () => {
    expect(M.pad(zeros([0]), 2, { constantValues: 1 }).toArray()).toEqual([1, 1, 1, 1]);
  });

  it("repeats the border with mode edge", () => {
    expect(M.pad(v(), [2, 4], { mode: "edge" }).toArray()).toEqual([1, 1, 1, 2, 3, 3, 3, 3, 3]);
  });

  it("mirrors without the border with mode reflect, periodically for wide pads", () => {
    // reflect about element 0 and element 2: x[-1] = x[1], x[-2] = x[2]; x[3] = x[1], x[4] = x[0], x[5] = x[1] …
    expect(M.pad(v(), [2, 4], { mode: "reflect" }).toArray()).toEqual([3, 2, 1, 2, 3, 2, 1, 2, 3]);
    // period 2(n-1) = 4: positions -5..-1 read 2, 1, 2, 3, 2.
    expect(M.pad(v(), [5, 0], { mode: "reflect" }).toArray()).toEqual([2, 1, 2, 3, 2, 1, 2, 3]);
    expect(M.pad(i32([5]), 2, { mode: "reflect" }).toArray()).toEqual([5, 5, 5, 5, 5]);
    expect(M.pad(m(), 1, { mode: "reflect" }).toArray()).toEqual([
      [4, 3, 4, 3],
      [2, 1, 2, 1],
      [4, 3, 4, 3],
      [2, 1, 2, 1],
    ]);
  });

  it("mirrors with the border with mode symmetric", () => {
    // x[-1] = x[0], x[-2] = x[1]; x[3] = x[2], x[4] = x[1], x[5] = x[0].
    expect(M.pad(v(), [2, 4], { mode: "symmetric" }).toArray()).toEqual([2, 1, 1, 2, 3, 3, 2, 1, 1]);
  });

  it("wraps around with mode wrap", () => {
    expect(M.pad(v(), [2, 4], { mode: "wrap" }).toArray()).toEqual([2, 3, 1, 2, 3, 1, 2, 3, 1]);
    expect(M.pad(m(), [[1], [2]], { mode: "wrap" }).toArray()).toEqual([
      [3, 4, 3, 4, 3, 4],
      [1, 2, 1, 2, 1, 2],
      [3, 4, 3, 4, 3, 4],
      [1, 2, 1, 2, 1, 2],
    ]);
  });

  it("rejects bad widths, modes and option combinations", () => {
    throws(() => M.pad(v(), -1), ValueError, /pad: pad widths must be non-negative integers/);
    throws(() => M.pad(v(), [1, 2, 3]), ValueError, /pad: padWidth \[1,2,3\] must be a number, \[before, after\]/);
    throws(() => M.pad(m(), [[1, 1], [1, 1], [1, 1]]), ValueError, /one \[before, after\] per axis \(2 axes\)/);
    throws(() => M.pad(v(), 1, { mode: "mean" as never }), ValueError, /pad: unknown mode "mean"/);
    throws(() => M.pad(v(), 1, { mode: "edge", constantValues: 1 }), ValueError, /pad: constantValues only applies to mode 'constant'/);
    throws(() => M.pad(zeros([0]), 1, { mode: "edge" }), ValueError, /pad: can't extend empty axis 0/);
    throws(() => M.pad(v(), 1, { value: 1 } as never), OptionError, /pad: unknown option 'value'/);
  });
});

describe("flip", () => {
  it("reverses every axis or the selected ones", () => {
    expect(M.flip(m23()).toArray()).toEqual([[5, 4, 3], [2, 1, 0]]);
    expect(M.flip(m23(), 0).toArray()).toEqual([[3, 4, 5], [0, 1, 2]]);
    expect(M.flip(m23(), -1).toArray()).toEqual([[2, 1, 0], [5, 4, 3]]);
    expect(M.flip(m23(), [0, 1]).toArray()).toEqual([[5, 4, 3], [2, 1, 0]]);
    throws(() => M.flip(m23(), 2), AxisError, /flip: axis 2 is out of bounds/);
  });
});

describe("roll", () => {
  it("rolls the flattened array when axis is null", () => {
    expect(M.roll(arange(5), 2).toArray()).toEqual([3, 4, 0, 1, 2]);
    expect(M.roll(arange(5), -1).toArray()).toEqual([1, 2, 3, 4, 0]);
    expect(M.roll(m23(), 1).toArray()).toEqual([[5, 0, 1], [2, 3, 4]]);
    // shifts on the flattened array add up: 1 + 1 = 2.
    expect(M.roll(arange(5), [1, 1]).toArray()).toEqual([3, 4, 0, 1, 2]);
  });

  it("rolls along axes, shifts larger than the axis wrapping", () => {
    expect(M.roll(m23(), 1, 1).toArray()).toEqual([[2, 0, 1], [5, 3, 4]]);
    expect(M.roll(m23(), 7, -1).toArray()).toEqual([[2, 0, 1], [5, 3, 4]]);
    expect(M.roll(m23(), [1, -1], [0, 1]).toArray()).toEqual([[4, 5, 3], [1, 2, 0]]);
    expect(M.roll(m23(), 1, [0, 1]).toArray()).toEqual([[5, 3, 4], [2, 0, 1]]);
    expect(M.roll(zeros([0]), 3).shape).toEqual([0]);
  });

  it("rejects unpaired shifts and axes and non-integer shifts", () => {
    throws(() => M.roll(m23(), [1, 2, 3], [0, 1]), ValueError, /roll: 3 shifts and 2 axes cannot be paired/);
    throws(() => M.roll(m23(), 1.5), ValueError, /roll: each shift must be an integer/);
    throws(() => M.roll(m23(), 1, 2), AxisError, /roll: axis 2 is out of bounds/);
  });
});
