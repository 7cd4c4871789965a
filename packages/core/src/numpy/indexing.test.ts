import { describe, expect, it } from "vitest";
import { AxisError, ConcretizationError, DTypeError, IndexError, np, OptionError, ShapeError, ValueError, type NestedArray } from "../index.js";
import type { Array } from "../array/Array.js";
import { ShapedArray } from "../array/aval.js";
import { reshapeP } from "../primitives/movement.js";
import { Tracer, type Trace } from "../trace/trace.js";
import { expectAllclose } from "../testing/index.js";
import { argwhere, at, compress, flatnonzero, index, nonzero, putAlongAxis, slice, take, takeAlongAxis } from "./indexing.js";

/** `0, 1, 2, …` laid out in `shape` (row-major), as int32: element (i, j, k) holds its flat position. */
function iota(shape: readonly number[]): Array {
  const size = shape.reduce((p, d) => p * d, 1);
  const flat = np.array(globalThis.Array.from({ length: size }, (_, k) => k), { dtype: "int32" });
  return reshapeP.bind1([flat], { newShape: shape });
}

/** A stand-in for a traced value: only its aval is known, so reading its data throws ConcretizationError. */
class AbstractValue extends Tracer {
  private readonly av: ShapedArray;
  constructor(av: ShapedArray) {
    super();
    this.av = av;
  }
  get aval(): ShapedArray {
    return this.av;
  }
  get trace(): Trace {
    throw new Error("AbstractValue has no trace");
  }
}

const f32 = (v: NestedArray): Array => np.array(v, { dtype: "float32" });
const i32 = (v: NestedArray): Array => np.array(v, { dtype: "int32" });

// x = [[0, 1, 2], [3, 4, 5]]
const x = iota([2, 3]);
// y[a, b, c] = 12a + 4b + c, shape [2, 3, 4]
const y = iota([2, 3, 4]);
// w[a, b, c, d] = 60a + 20b + 5c + d, shape [2, 3, 4, 5]
const w = iota([2, 3, 4, 5]);
// v = [0, 1, 2, 3, 4, 5]
const v = iota([6]);

describe("index", () => {
  describe("integers", () => {
    it("selects a row, and counts negative integers from the end", () => {
      expect(index(x, 1).toArray()).toEqual([3, 4, 5]);
      expect(index(x, -1).toArray()).toEqual([3, 4, 5]);
      expect(index(x, -2).toArray()).toEqual([0, 1, 2]);
    });

    it("returns a 0-d array when every axis gets an integer", () => {
      const e = index(x, 0, -1);
      expect(e.shape).toEqual([]);
      expect(e.item()).toBe(2);
      expect(index(x, 1, 2).item()).toBe(5);
    });

    it("returns the array itself for an empty index", () => {
      expect(index(x).toArray()).toEqual([[0, 1, 2], [3, 4, 5]]);
    });

    it("keeps the dtype and weak type", () => {
      expect(index(f32([1.5, 2.5]), 1).dtype).toBe("float32");
      expect(index(np.array([1, 2], { dtype: "float64" }), 0).dtype).toBe("float64");
      expect(index(x, 0).weakType).toBe(false);
    });
  });

  describe("slices", () => {
    it("reads slice strings like Python's start:stop:step", () => {
      expect(index(v, ":").toArray()).toEqual([0, 1, 2, 3, 4, 5]);
      expect(index(v, "1:3").toArray()).toEqual([1, 2]);
      expect(index(v, "-2:").toArray()).toEqual([4, 5]);
      expect(index(v, ":-4").toArray()).toEqual([0, 1]);
      expect(index(v, "1:10:2").toArray()).toEqual([1, 3, 5]); // stop clamps to 6
      expect(index(v, " 1 : 4 ").toArray()).toEqual([1, 2, 3]);
    });

    it("reverses with negative steps", () => {
      expect(index(v, "::-1").toArray()).toEqual([5, 4, 3, 2, 1, 0]);
      expect(index(v, "::-2").toArray()).toEqual([5, 3, 1]);
      expect(index(v, "4:0:-1").toArray()).toEqual([4, 3, 2, 1]);
      expect(index(v, "-1:-4:-2").toArray()).toEqual([5, 3]); // 5, then 3; stop at index 2 excluded
      expect(index(x, "::-1", "::-1").toArray()).toEqual([[5, 4, 3], [2, 1, 0]]);
    });

    it("accepts slice objects and the slice() helper (Python's one-argument form is the stop)", () => {
      expect(index(v, { start: 1, step: 2 }).toArray()).toEqual([1, 3, 5]);
      expect(index(v, { stop: 2 }).toArray()).toEqual([0, 1]);
      expect(index(v, {}).toArray()).toEqual([0, 1, 2, 3, 4, 5]);
      expect(index(v, slice(3)).toArray()).toEqual([0, 1, 2]);
      expect(index(v, slice(1, null, 2)).toArray()).toEqual([1, 3, 5]);
      expect(index(v, slice(null, null, -3)).toArray()).toEqual([5, 2]);
    });

    it("gives zero-size results for empty selections", () => {
      expect(index(v, "3:1").shape).toEqual([0]);
      expect(index(v, "1:3:-1").shape).toEqual([0]);
      expect(index(v, "10:").shape).toEqual([0]);
      expect(index(x, "2:", ":").shape).toEqual([0, 3]);
      expect(index(x, ":", "5:").shape).toEqual([2, 0]);
      expect(index(iota([0, 3]), ":", 1).shape).toEqual([0]);
    });

    it("mixes slices and integers", () => {
      // y[1:, -1, ::-2] → y[1, 2, 3], y[1, 2, 1] = 12+8+3, 12+8+1
      expect(index(y, "1:", -1, "::-2").toArray()).toEqual([[23, 21]]);
    });
  });

  describe("newaxis and ellipsis", () => {
    it("inserts size-1 axes for null", () => {
      expect(index(x, null).shape).toEqual([1, 2, 3]);
      expect(index(x, 0, ":", null).toArray()).toEqual([[0], [1], [2]]);
      expect(index(x, ":", null, 1).toArray()).toEqual([[1], [4]]);
      expect(index(x, null, null).shape).toEqual([1, 1, 2, 3]);
    });

    it("expands '...' to the missing full slices", () => {
      // y[..., 1] = y[:, :, 1] = 12a + 4b + 1
      expect(index(y, "...", 1).toArray()).toEqual([[1, 5, 9], [13, 17, 21]]);
      expect(index(y, 0, "...").shape).toEqual([3, 4]);
      expect(index(y, "...").shape).toEqual([2, 3, 4]);
      // y[1, ..., 2] = 12 + 4b + 2
      expect(index(y, 1, "...", 2).toArray()).toEqual([14, 18, 22]);
      expect(index(y, "...", null).shape).toEqual([2, 3, 4, 1]);
      expect(index(x, 1, 2, "...").item()).toBe(5);
    });
  });

  describe("integer arrays (advanced indexing)", () => {
    it("gathers rows and columns with lists", () => {
      expect(index(x, [1, 0]).toArray()).toEqual([[3, 4, 5], [0, 1, 2]]);
      // x3 = [[0,1],[2,3],[4,5]]; x3[[0, 2], :]
      expect(index(iota([3, 2]), [0, 2], ":").toArray()).toEqual([[0, 1], [4, 5]]);
      expect(index(x, ":", [1, 0]).toArray()).toEqual([[1, 0], [4, 3]]);
      expect(index(v, [-1, 0, -1]).toArray()).toEqual([5, 0, 5]);
    });

    it("gives the index array's shape to the gathered axis", () => {
      expect(index(v, i32([[0, 1], [2, 3]])).toArray()).toEqual([[0, 1], [2, 3]]);
      expect(index(x, i32([[1], [0]])).shape).toEqual([2, 1, 3]);
      // nested lists work too (IndexItem's static type lists only flat lists)
      expect(index(x, [[1], [0]] as unknown as number[]).toArray()).toEqual([[[3, 4, 5]], [[0, 1, 2]]]);
      expect(index(x, []).shape).toEqual([0, 3]);
    });

    it("broadcasts several index arrays together", () => {
      expect(index(x, [0, 1], [2, 0]).toArray()).toEqual([2, 3]); // x[0,2], x[1,0]
      // rows [[0],[1]] against columns [0, 2] → [[x00, x02], [x10, x12]]
      expect(index(x, i32([[0], [1]]), [0, 2]).toArray()).toEqual([[0, 2], [3, 5]]);
      expect(index(x, 1, [2, 0, 1]).toArray()).toEqual([5, 3, 4]);
    });

    it("keeps adjacent advanced dimensions in place", () => {
      // w[:, [0,1], [1,2]] → shape [2, 2, 5]; out[a, j, d] = w[a, i1[j], i2[j], d] = 60a + 20·i1 + 5·i2 + d
      const out = index(w, ":", [0, 1], [1, 2]);
      expect(out.shape).toEqual([2, 2, 5]);
      expect(index(out, 0, 0).toArray()).toEqual([5, 6, 7, 8, 9]);
      expect(index(out, 0, 1, 0).item()).toBe(30); // 20 + 10
      expect(index(out, 1, 1, 0).item()).toBe(90); // 60 + 20 + 10
      // an integer next to an array also counts as advanced: w[:, 0, [1, 2]] → [2, 2, 5]
      const k = index(w, ":", 0, [1, 2]);
      expect(k.shape).toEqual([2, 2, 5]);
      expect(index(k, 1, 1, 0).item()).toBe(70); // 60 + 5·2
    });

    it("moves separated advanced dimensions first (NumPy's rule)", () => {
      // w[[0,1], :, [1,2]] → shape [2, 3, 5]; out[j, b, d] = 60·i0[j] + 20b + 5·i2[j] + d
      const out = index(w, [0, 1], ":", [1, 2]);
      expect(out.shape).toEqual([2, 3, 5]);
      expect(index(out, 0, 0).toArray()).toEqual([5, 6, 7, 8, 9]);
      expect(index(out, 1, 2, 4).item()).toBe(114); // 60 + 40 + 10 + 4
      // an integer separated from an array by a slice: w[0, :, [1, 2]] → [2, 3, 5]
      const k = index(w, 0, ":", [1, 2]);
      expect(k.shape).toEqual([2, 3, 5]);
      expect(index(k, 1, 2, 0).item()).toBe(50); // 20·2 + 5·2
      // a new axis between advanced indices separates them: [3] first, then ':' (2), None, last axis (5)
      expect(index(w, ":", [0, 1, 2], null, [1, 2, 3]).shape).toEqual([3, 2, 1, 5]);
      // so does an ellipsis, even an empty one: y[:, [0], ..., [0]] → [1, 2] holding y[0,0,0], y[1,0,0]
      expect(index(y, ":", [0], "...", [0]).toArray()).toEqual([[0, 12]]);
    });

    it("accepts int32 and uint32 Arrays; negatives wrap once, out-of-range values clamp as in JAX", () => {
      const t = f32([10, 20, 30]);
      expect(index(t, i32([2, 0])).toArray()).toEqual([30, 10]);
      expect(index(t, np.array([1], { dtype: "uint32" })).toArray()).toEqual([20]);
      expect(index(t, i32([-1])).toArray()).toEqual([30]);
      // 5 clamps to 2; -7 wraps to -4 then clamps to 0
      expect(index(t, i32([5, -7])).toArray()).toEqual([30, 10]);
      // with two index arrays every array clamps on its own axis: x[[0, 7], [9, -9]] → x[0,2], x[1,0]
      expect(index(x, i32([0, 7]), i32([9, -9])).toArray()).toEqual([2, 3]);
    });
  });

  describe("boolean masks", () => {
    it("selects the true elements of a full-shape mask in row-major order", () => {
      const mask = np.array([[true, false, true], [false, true, false]]);
      expect(index(x, mask).toArray()).toEqual([0, 2, 4]);
      expect(index(x, np.greater(x, 2)).toArray()).toEqual([3, 4, 5]);
    });

    it("masks one axis with a boolean list", () => {
      expect(index(x, [true, false]).toArray()).toEqual([[0, 1, 2]]);
      expect(index(x, ":", [false, true, true]).toArray()).toEqual([[1, 2], [4, 5]]);
      expect(index(x, [false, false]).shape).toEqual([0, 3]);
    });

    it("treats a mask as advanced indices when placing axes", () => {
      // y[0, :, [T,F,T,F]]: the integer and the mask are separated → [2, 3]; out[j, b] = y[0, b, c_j], c = [0, 2]
      expect(index(y, 0, ":", [true, false, true, false]).toArray()).toEqual([[0, 4, 8], [2, 6, 10]]);
    });

    it("needs concrete mask data: a traced mask raises ConcretizationError", () => {
      const traced = new AbstractValue(new ShapedArray([2], "bool"));
      expect(() => index(x, traced)).toThrow(ConcretizationError);
      expect(() => at(x, traced).set(0)).toThrow(ConcretizationError);
    });

    it("adds an axis for a 0-d mask (size 1 when true, 0 when false)", () => {
      expect(index(x, np.array(true)).shape).toEqual([1, 2, 3]);
      expect(index(x, np.array(false)).shape).toEqual([0, 2, 3]);
      expect(index(x, np.array(true), 0).toArray()).toEqual([[0, 1, 2]]);
    });
  });

  describe("errors", () => {
    it("throws IndexError for an integer out of range, naming axis, index and size", () => {
      expect(() => index(x, 2)).toThrow(IndexError);
      expect(() => index(x, 2)).toThrow(/index: index 2 is out of bounds for axis 0 with size 2/);
      expect(() => index(x, 0, -4)).toThrow(/index -4 is out of bounds for axis 1 with size 3/);
      expect(() => index(x, [0, 5])).toThrow(/index 5 is out of bounds for axis 0 with size 2/);
    });

    it("throws IndexError for too many indices", () => {
      expect(() => index(x, 0, 0, 0)).toThrow(IndexError);
      expect(() => index(x, 0, 0, 0)).toThrow(/too many indices for array: array is 2-dimensional, but 3 were indexed/);
      expect(() => index(x, np.array([[true, false, true], [true, true, true]]), 0)).toThrow(/but 3 were indexed/);
    });

    it("throws IndexError for more than one ellipsis", () => {
      expect(() => index(y, "...", 0, "...")).toThrow(IndexError);
      expect(() => index(y, "...", 0, "...")).toThrow(/single ellipsis/);
    });

    it("throws IndexError for strings that are not slices", () => {
      for (const s of ["1:2:3:4", "a", "1", "1.5:2"]) {
        expect(() => index(v, s)).toThrow(IndexError);
        expect(() => index(v, s)).toThrow(/cannot read .* as an index/);
      }
    });

    it("throws ValueError for a zero step", () => {
      expect(() => index(v, "::0")).toThrow(ValueError);
      expect(() => index(v, "::0")).toThrow(/slice step cannot be zero/);
      expect(() => index(v, { step: 0 })).toThrow(/slice step cannot be zero/);
    });

    it("throws IndexError for bad slice objects", () => {
      expect(() => index(v, { begin: 1 } as never)).toThrow(IndexError);
      expect(() => index(v, { begin: 1 } as never)).toThrow(/unknown key 'begin'/);
      expect(() => index(v, { start: 1.5 })).toThrow(/slice start must be an integer/);
    });

    it("throws IndexError for non-integer indices", () => {
      expect(() => index(v, 1.5)).toThrow(IndexError);
      expect(() => index(v, 1.5)).toThrow(/only integers, slices/);
      expect(() => index(v, f32([1]))).toThrow(/must be of integer \(or boolean\) type, got float32/);
      expect(() => index(v, [0.5])).toThrow(/must be of integer \(or boolean\) type/);
      expect(() => index(v, undefined as never)).toThrow(/got undefined/);
    });

    it("throws IndexError for odd index lists", () => {
      expect(() => index(v, [true, 1] as never)).toThrow(/mixes booleans and numbers/);
      expect(() => index(x, [[0, 1], [1]] as never)).toThrow(/ragged nested index list/);
    });

    it("throws IndexError for a mask of the wrong shape", () => {
      expect(() => index(x, [true, false, true])).toThrow(IndexError);
      expect(() => index(x, [true, false, true])).toThrow(
        /boolean index did not match indexed array along axis 0; size of axis is 2 but size of corresponding boolean axis is 3/,
      );
      expect(() => index(x, np.array([[true, false], [false, true]]))).toThrow(/along axis 1; size of axis is 3 but size of corresponding boolean axis is 2/);
    });

    it("throws IndexError when index arrays do not broadcast", () => {
      expect(() => index(x, [0, 1], [0, 1, 2])).toThrow(IndexError);
      expect(() => index(x, [0, 1], [0, 1, 2])).toThrow(/shape mismatch: indexing arrays could not be broadcast together with shapes \[2\] \[3\]/);
    });

    it("throws IndexError for a non-empty gather from an empty axis", () => {
      expect(() => index(iota([0, 3]), i32([0]))).toThrow(IndexError);
      expect(() => index(iota([0, 3]), i32([0]))).toThrow(/advanced axes of total size 0/);
      expect(index(iota([0, 3]), i32([])).shape).toEqual([0, 3]);
    });
  });
});

describe("slice", () => {
  it("builds Slice objects like Python's slice()", () => {
    expect(slice(3)).toEqual({ start: null, stop: 3, step: null });
    expect(slice(1, 4)).toEqual({ start: 1, stop: 4, step: null });
    expect(slice(null, null, -1)).toEqual({ start: null, stop: null, step: -1 });
  });
});

describe("at", () => {
  const t = f32([1, 2, 3]);

  it("get() is index()", () => {
    expect(at(x, 1).get().toArray()).toEqual([3, 4, 5]);
    expect(at(x, ":", [2, 0]).get().toArray()).toEqual([[2, 0], [5, 3]]);
  });

  it("set() returns a new array and leaves the original alone", () => {
    const out = at(t, 1).set(5);
    expect(out.toArray()).toEqual([1, 5, 3]);
    expect(t.toArray()).toEqual([1, 2, 3]);
    expect(out.dtype).toBe("float32");
  });

  it("broadcasts values to the indexed shape", () => {
    expect(at(x, 0).set(7).toArray()).toEqual([[7, 7, 7], [3, 4, 5]]);
    expect(at(x, ":", 0).add(i32([10, 20])).toArray()).toEqual([[10, 1, 2], [23, 4, 5]]);
    // x[:, 1:] *= [2, 3] → [[1·2, 2·3], [4·2, 5·3]]
    expect(at(x, ":", "1:").mul(i32([2, 3])).toArray()).toEqual([[0, 2, 6], [3, 8, 15]]);
    // leading size-1 axes of the values are dropped, as NumPy does for assignments
    expect(at(x, 1).set(i32([[9, 8, 7]])).toArray()).toEqual([[0, 1, 2], [9, 8, 7]]);
  });

  it("accumulates repeated indices for add, mul, min and max", () => {
    expect(at(t, [0, 0]).add(1).toArray()).toEqual([3, 2, 3]); // 1 + 1 + 1
    expect(at(t, [1, 1]).mul(3).toArray()).toEqual([1, 18, 3]); // 2·3·3
    expect(at(t, [2, 2]).min(f32([5, 0])).toArray()).toEqual([1, 2, 0]); // min(3, 5, 0)
    expect(at(t, [0, 0]).max(f32([4, 9])).toArray()).toEqual([9, 2, 3]); // max(1, 4, 9)
    expect(at(t, [0, 2]).min(2).toArray()).toEqual([1, 2, 2]);
    expect(at(t, [0, 2]).max(2).toArray()).toEqual([2, 2, 3]);
  });

  it("lets the last of repeated positions win for set", () => {
    expect(at(t, [0, 2, 0]).set(f32([7, 6, 8])).toArray()).toEqual([8, 2, 6]);
  });

  it("supports negative integers, slices with negative steps, new axes and ellipses", () => {
    expect(at(t, -1).set(0).toArray()).toEqual([1, 2, 0]);
    expect(at(t, [-1, 0]).add(10).toArray()).toEqual([11, 2, 13]);
    expect(at(t, "::-1").set(f32([7, 8, 9])).toArray()).toEqual([9, 8, 7]);
    expect(at(x, "...", 0).set(9).toArray()).toEqual([[9, 1, 2], [9, 4, 5]]);
    expect(at(x, null, 0).add(1).toArray()).toEqual([[1, 2, 3], [3, 4, 5]]);
  });

  it("updates through several index arrays and separated advanced indices", () => {
    expect(at(x, [0, 1], [2, 0]).add(10).toArray()).toEqual([[0, 1, 12], [13, 4, 5]]);
    // y[[0,1], :, [1,2]] has shape [2, 3] (advanced axis first): row j = y[j, :, j+1]
    const out = at(y, [0, 1], ":", [1, 2]).set(i32([[-1, -2, -3], [-4, -5, -6]]));
    expect(index(out, 0, ":", 1).toArray()).toEqual([-1, -2, -3]);
    expect(index(out, 1, ":", 2).toArray()).toEqual([-4, -5, -6]);
    expect(index(out, 0, ":", 0).toArray()).toEqual([0, 4, 8]); // untouched
  });

  it("drops out-of-range values of index Arrays (after wrapping negatives once)", () => {
    // 5 is out of range, -4 wraps to -1 and is out of range; only position 1 is written
    expect(at(t, i32([5, 1, -4])).set(9).toArray()).toEqual([1, 9, 3]);
    expect(at(t, i32([-1, 3])).add(f32([10, 20])).toArray()).toEqual([1, 2, 13]);
    // with two arrays, a pair is dropped when either coordinate is out of range
    expect(at(x, i32([0, 1, 2]), i32([0, 9, 1])).set(-1).toArray()).toEqual([[-1, 1, 2], [3, 4, 5]]);
  });

  it("updates through boolean masks", () => {
    expect(at(t, [true, false, true]).set(0).toArray()).toEqual([0, 2, 0]);
    expect(at(x, np.greater(x, 2)).set(-1).toArray()).toEqual([[0, 1, 2], [-1, -1, -1]]);
    expect(at(x, np.greater(x, 3)).add(i32([10, 20])).toArray()).toEqual([[0, 1, 2], [3, 14, 25]]);
  });

  it("casts values to the array's dtype, as JAX does", () => {
    const ints = i32([1, 2, 3]);
    const r = at(ints, 0).set(2.7);
    expect(r.dtype).toBe("int32");
    expect(r.toArray()).toEqual([2, 2, 3]); // 2.7 truncates to 2
    expect(at(t, 0).add(i32([5])).dtype).toBe("float32");
    expect(at(np.array([false, true]), 0).add(true).toArray()).toEqual([true, true]); // logical or on bool
    expect(at(np.array([1, 2], { dtype: "float64" }), 1).mul(0.5).toArray()).toEqual([1, 1]);
  });

  it("handles 0-d arrays and empty index sets", () => {
    expect(at(np.array(5), "...").add(1).item()).toBe(6);
    expect(at(np.array(5)).set(3).item()).toBe(3);
    expect(at(t, []).add(1).toArray()).toEqual([1, 2, 3]);
    expect(at(iota([0, 2]), ":").set(1).shape).toEqual([0, 2]);
  });

  it("throws ShapeError when the values do not broadcast to the indexed shape", () => {
    expect(() => at(t, [0, 1]).set(f32([1, 2, 3]))).toThrow(ShapeError);
    expect(() => at(t, [0, 1]).set(f32([1, 2, 3]))).toThrow(/at\.set: cannot broadcast shape \[3\] to \[2\]/);
  });

  it("throws IndexError for out-of-range integers and lists", () => {
    expect(() => at(t, 3).set(1)).toThrow(IndexError);
    expect(() => at(t, 3).set(1)).toThrow(/at\.set: index 3 is out of bounds for axis 0 with size 3/);
    expect(() => at(t, [0, -4]).add(1)).toThrow(/at\.add: index -4 is out of bounds/);
  });
});

describe("take", () => {
  // a = [[1, 2, 3], [4, 5, 6]]
  const a = f32([[1, 2, 3], [4, 5, 6]]);

  it("flattens when axis is omitted or null", () => {
    expect(take(a, [0, 5]).toArray()).toEqual([1, 6]);
    expect(take(a, [4, 1], null).toArray()).toEqual([5, 2]);
  });

  it("takes along an axis; the indices' shape replaces that axis", () => {
    expect(take(a, [2, 0], 1).toArray()).toEqual([[3, 1], [6, 4]]);
    expect(take(a, [2, 0], -1).toArray()).toEqual([[3, 1], [6, 4]]);
    expect(take(a, [[1], [0]], 0).shape).toEqual([2, 1, 3]);
    expect(take(a, i32([[1], [0]]), 0).toArray()).toEqual([[[4, 5, 6]], [[1, 2, 3]]]);
    expect(take(a, 1, 0).toArray()).toEqual([4, 5, 6]);
    expect(take(a, 2, 1).toArray()).toEqual([3, 6]);
  });

  it("fills out-of-bounds positions in the default 'fill' mode, wrapping negatives once", () => {
    // [-1, 3, -4] on [10, 20, 30]: -1 → 30; 3 and -4 (→ -1) are out of bounds
    expectAllclose(take(f32([10, 20, 30]), [-1, 3, -4]), [30, NaN, NaN]);
    expectAllclose(take(f32([10, 20, 30]), i32([-1, 3])), [30, NaN]);
    expect(take(i32([10, 20, 30]), [3, 0]).toArray()).toEqual([-2147483648, 10]);
    expect(take(np.array([1, 2], { dtype: "uint32" }), [2]).toArray()).toEqual([4294967295]);
    expect(take(np.array([false, false]), [2]).toArray()).toEqual([true]);
    expect(take(f32([10, 20, 30]), [3, 1], 0, { fillValue: -1 }).toArray()).toEqual([-1, 20]);
    expect(take(a, [3], 1).shape).toEqual([2, 1]);
    expectAllclose(take(a, [3], 1), [[NaN], [NaN]]);
  });

  it("clamps in 'clip' mode (negative indices give the first element) and wraps in 'wrap' mode", () => {
    expect(take(f32([10, 20, 30]), [-1, 5, 1], 0, { mode: "clip" }).toArray()).toEqual([10, 30, 20]);
    // -1 mod 3 = 2, 4 mod 3 = 1, 7 mod 3 = 1
    expect(take(f32([10, 20, 30]), [-1, 4, 7], 0, { mode: "wrap" }).toArray()).toEqual([30, 20, 20]);
  });

  it("handles empty indices and empty axes", () => {
    expect(take(a, [], 1).shape).toEqual([2, 0]);
    expect(take(iota([2, 0]), [], 1).shape).toEqual([2, 0]);
  });

  it("throws for bad indices, modes, options and axes", () => {
    expect(() => take(a, f32([1]))).toThrow(DTypeError);
    expect(() => take(a, f32([1]))).toThrow(/take: indices must have an integer dtype, got float32/);
    expect(() => take(a, [1.5])).toThrow(/take: indices must be integers; the list holds 1.5/);
    expect(() => take(a, [0], 0, { mode: "raise" as never })).toThrow(OptionError);
    expect(() => take(a, [0], 0, { mode: "raise" as never })).toThrow(/take: mode "raise" is not supported; use 'fill', 'clip', 'wrap'/);
    expect(() => take(a, [0], 0, { foo: 1 } as never)).toThrow(/take: unknown option 'foo'/);
    expect(() => take(a, [0], 2)).toThrow(AxisError);
    expect(() => take(iota([2, 0]), [0], 1)).toThrow(IndexError);
    expect(() => take(iota([2, 0]), [0], 1)).toThrow(/cannot take 1 elements from the empty axis 1/);
  });
});

describe("takeAlongAxis", () => {
  // a = [[10, 30, 20], [60, 40, 50]]
  const a = f32([[10, 30, 20], [60, 40, 50]]);

  it("gathers along an axis with indices of the same rank", () => {
    expect(takeAlongAxis(a, [[0, 2], [1, 1]], 1).toArray()).toEqual([[10, 20], [40, 40]]);
    expect(takeAlongAxis(a, [[1, 0, 1]], 0).toArray()).toEqual([[60, 30, 50]]);
    expect(takeAlongAxis(a, i32([[2], [0]]), -1).toArray()).toEqual([[20], [60]]);
  });

  it("broadcasts the other axes between the array and the indices", () => {
    // indices [[2, 0]] (shape [1, 2]) broadcast to [2, 2]
    expect(takeAlongAxis(a, [[2, 0]], 1).toArray()).toEqual([[20, 10], [50, 60]]);
    // array [[10, 30, 20]] (shape [1, 3]) against indices of shape [2, 1]
    expect(takeAlongAxis(f32([[10, 30, 20]]), [[1], [2]], 1).toArray()).toEqual([[30], [20]]);
  });

  it("wraps negative indices once and fills out-of-bounds ones (or clips)", () => {
    expect(takeAlongAxis(a, [[-1]], 1).toArray()).toEqual([[20], [50]]);
    expectAllclose(takeAlongAxis(a, [[3], [0]], 1), [[NaN], [60]]);
    expect(takeAlongAxis(i32([[1, 2]]), [[5]], 1).toArray()).toEqual([[-2147483648]]);
    expect(takeAlongAxis(a, [[3], [0]], 1, { fillValue: 0 }).toArray()).toEqual([[0], [60]]);
    expect(takeAlongAxis(a, [[3], [-5]], 1, { mode: "clip" }).toArray()).toEqual([[20], [60]]);
  });

  it("indexes the flattened array when axis is null", () => {
    expect(takeAlongAxis(a, [5, 0], null).toArray()).toEqual([50, 10]);
  });

  it("throws ShapeError for mismatched ranks, non-1-d indices with axis null, and non-broadcastable axes", () => {
    expect(() => takeAlongAxis(a, [0, 1], 1)).toThrow(ShapeError);
    expect(() => takeAlongAxis(a, [0, 1], 1)).toThrow(/must have the same number of dimensions/);
    expect(() => takeAlongAxis(a, [[0]], null)).toThrow(/with axis null the indices must be 1-d/);
    expect(() => takeAlongAxis(a, [[0], [1], [0]], 1)).toThrow(ShapeError);
    expect(() => takeAlongAxis(a, [[0]], 1, { mode: "wrap" as never })).toThrow(OptionError);
    expect(() => takeAlongAxis(iota([2, 0]), [[0], [0]], 1)).toThrow(IndexError);
  });
});

describe("putAlongAxis", () => {
  // a = [[1, 2, 3], [4, 5, 6]]
  const a = i32([[1, 2, 3], [4, 5, 6]]);

  it("writes values at indices along an axis", () => {
    expect(putAlongAxis(a, [[0], [2]], 9, 1).toArray()).toEqual([[9, 2, 3], [4, 5, 9]]);
    expect(putAlongAxis(a, [[0], [2]], i32([[7], [8]]), 1).toArray()).toEqual([[7, 2, 3], [4, 5, 8]]);
    expect(putAlongAxis(a, [[1, 0, 1]], 0, 0).toArray()).toEqual([[1, 0, 3], [0, 5, 0]]);
  });

  it("wraps negatives once, drops out-of-range indices, and flattens for axis null", () => {
    expect(putAlongAxis(a, [[3], [-1]], 0, 1).toArray()).toEqual([[1, 2, 3], [4, 5, 0]]);
    expect(putAlongAxis(a, [0, 5], i32([-1, -2]), null).toArray()).toEqual([[-1, 2, 3], [4, 5, -2]]);
  });
});

describe("compress", () => {
  const a = i32([[1, 2, 3], [4, 5, 6]]);

  it("keeps the slices where the condition is true", () => {
    expect(compress([true, false, true], a, 1).toArray()).toEqual([[1, 3], [4, 6]]);
    expect(compress([false, true], a, 0).toArray()).toEqual([[4, 5, 6]]);
    expect(compress([false, true], a).toArray()).toEqual([2]); // flattened
    expect(compress([true], a, 1).toArray()).toEqual([[1], [4]]); // shorter condition: the rest is false
  });

  it("throws for a non-1-d condition or a true entry past the axis", () => {
    expect(() => compress([[true]], a, 1)).toThrow(ShapeError);
    expect(() => compress([[true]], a, 1)).toThrow(/compress: the condition must be 1-d/);
    expect(() => compress([false, false, true], a, 0)).toThrow(IndexError);
    expect(() => compress([false, false, true], a, 0)).toThrow(/index 2 is out of bounds for axis 0 with size 2/);
  });
});

describe("nonzero", () => {
  it("returns one int32 index array per axis, row-major", () => {
    const [r, c] = nonzero(i32([[0, 3, 0], [4, 0, 5]])) as [Array, Array];
    expect(r.toArray()).toEqual([0, 1, 1]);
    expect(c.toArray()).toEqual([1, 0, 2]);
    expect(r.dtype).toBe("int32");
  });

  it("counts true, and NaN as non-zero", () => {
    expect((nonzero(np.array([false, true, true]))[0] as Array).toArray()).toEqual([1, 2]);
    expect((nonzero(f32([0, NaN, -0]))[0] as Array).toArray()).toEqual([1]);
    expect((nonzero(f32([]))[0] as Array).shape).toEqual([0]);
  });

  it("needs concrete data (ConcretizationError for a traced value)", () => {
    expect(() => nonzero(new AbstractValue(new ShapedArray([3], "int32")))).toThrow(ConcretizationError);
    expect(() => argwhere(new AbstractValue(new ShapedArray([3], "int32")))).toThrow(ConcretizationError);
  });

  it("throws ValueError on 0-d arrays", () => {
    expect(() => nonzero(np.array(1))).toThrow(ValueError);
    expect(() => nonzero(np.array(1))).toThrow(/nonzero: calling nonzero on 0-d arrays is not allowed/);
  });
});

describe("argwhere", () => {
  it("returns one row of indices per non-zero element", () => {
    const out = argwhere(i32([[0, 3, 0], [4, 0, 5]]));
    expect(out.shape).toEqual([3, 2]);
    expect(out.toArray()).toEqual([[0, 1], [1, 0], [1, 2]]);
    expect(argwhere(i32([0, 0])).shape).toEqual([0, 1]);
  });

  it("gives shape [1, 0] or [0, 0] for 0-d arrays", () => {
    expect(argwhere(np.array(5)).shape).toEqual([1, 0]);
    expect(argwhere(np.array(0)).shape).toEqual([0, 0]);
  });
});

describe("flatnonzero", () => {
  it("returns the flat positions of the non-zero elements", () => {
    expect(flatnonzero(i32([[0, 3, 0], [4, 0, 5]])).toArray()).toEqual([1, 3, 5]);
    expect(flatnonzero(np.array(0)).shape).toEqual([0]);
  });
});
