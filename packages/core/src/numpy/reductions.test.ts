import { describe, expect, it } from "vitest";
import { AxisError, DTypeError, np, OptionError, ShapeError, ValueError } from "../index.js";
import { expectAllclose } from "../testing/index.js";
import { zeros } from "./creation.js";
import { reshape } from "./manipulation.js";
import * as R from "./reductions.js";

/** Asserts that `fn` throws an instance of `cls` whose message matches `msg`. */
function throws(fn: () => unknown, cls: new (message: string) => Error, msg: RegExp): void {
  expect(fn).toThrow(cls);
  expect(fn).toThrow(msg);
}

const f32 = (v: unknown) => np.array(v as number[], { dtype: "float32" });
const i32 = (v: unknown) => np.array(v as number[], { dtype: "int32" });
// [[1, 2, 3], [4, 5, 6]]: row sums 6, 15; column sums 5, 7, 9; total 21.
const m23 = () => i32([[1, 2, 3], [4, 5, 6]]);

describe("sum", () => {
  it("reduces all axes by default and along one axis when given", () => {
    expect(R.sum(m23()).toArray()).toBe(21);
    expect(R.sum(m23(), 0).toArray()).toEqual([5, 7, 9]);
    expect(R.sum(m23(), 1).toArray()).toEqual([6, 15]);
    expect(R.sum(m23(), null).toArray()).toBe(21);
  });

  it("accepts negative axes and axis lists", () => {
    expect(R.sum(m23(), -1).toArray()).toEqual([6, 15]);
    expect(R.sum(m23(), [0, 1]).toArray()).toBe(21);
    // arange(24).reshape(2,3,4) summed over axes 0 and 2: sum_{i,l} (12i + 4j + l) = 2·(4·4j + 6) + 4·12 = 32j + 60.
    const x = reshape(np.array(Array.from({ length: 24 }, (_, i) => i)), [2, 3, 4]);
    expect(R.sum(x, [0, -1]).toArray()).toEqual([60, 92, 124]);
  });

  it("keeps reduced axes as size 1 with keepdims", () => {
    const out = R.sum(m23(), 1, { keepdims: true });
    expect(out.shape).toEqual([2, 1]);
    expect(out.toArray()).toEqual([[6], [15]]);
    expect(R.sum(m23(), null, { keepdims: true }).shape).toEqual([1, 1]);
  });

  it("gives int32 for bool and int32, keeps uint32 and floats (JAX)", () => {
    const b = R.sum(np.array([true, false, true]));
    expect(b.dtype).toBe("int32");
    expect(b.toArray()).toBe(2);
    expect(R.sum(m23()).dtype).toBe("int32");
    expect(R.sum(np.array([1, 2], { dtype: "uint32" })).dtype).toBe("uint32");
    expect(R.sum(np.array([1.5, 2], { dtype: "float64" })).dtype).toBe("float64");
  });

  it("casts first with the dtype option", () => {
    // 0.5 + 0.25 = 0.75 in float64; a bool dtype is the count cast back to bool.
    const out = R.sum(f32([0.5, 0.25]), null, { dtype: "float64" });
    expect(out.dtype).toBe("float64");
    expect(out.toArray()).toBe(0.75);
    const t = R.sum(f32([1.7, 2.2]), null, { dtype: "int32" });
    expect(t.dtype).toBe("int32");
    expect(t.toArray()).toBe(3);
    expect(R.sum(np.array([false, true]), null, { dtype: "bool" }).toArray()).toBe(true);
  });

  it("sums a zero-size axis to zeros", () => {
    const out = R.sum(zeros([0, 3]), 0);
    expect(out.shape).toEqual([3]);
    expect(out.toArray()).toEqual([0, 0, 0]);
    expect(R.sum(zeros([0, 3]), 1).shape).toEqual([0]);
    expect(R.sum(zeros([0])).toArray()).toBe(0);
  });

  it("returns a 0-d input unchanged in value", () => {
    expect(R.sum(5).toArray()).toBe(5);
  });

  it("wraps int32 overflow like JAX", () => {
    // 2147483647 + 1 wraps to -2147483648.
    expect(R.sum(i32([2147483647, 1])).toArray()).toBe(-2147483648);
  });

  it("rejects bad axes and options", () => {
    throws(() => R.sum(m23(), 2), AxisError, /sum: axis 2 is out of bounds/);
    throws(() => R.sum(m23(), [0, -2]), AxisError, /sum: repeated axis/);
    throws(() => R.sum(m23(), 0, { keepDims: true } as never), OptionError, /sum: unknown option 'keepDims'/);
    throws(() => R.sum(m23(), 0, { dtype: "int64" as never }), DTypeError, /sum: unsupported dtype "int64"/);
  });
});

describe("prod", () => {
  it("multiplies along axes with sum's dtype rules", () => {
    // rows: 1·2·3 = 6, 4·5·6 = 120; columns 4, 10, 18; total 720.
    expect(R.prod(m23(), 1).toArray()).toEqual([6, 120]);
    expect(R.prod(m23(), 0).toArray()).toEqual([4, 10, 18]);
    expect(R.prod(m23()).toArray()).toBe(720);
    expect(R.prod(np.array([true, true])).dtype).toBe("int32");
    expect(R.prod(m23(), -1, { keepdims: true }).shape).toEqual([2, 1]);
  });

  it("gives 1 for an empty axis", () => {
    expect(R.prod(zeros([0, 2]), 0).toArray()).toEqual([1, 1]);
  });
});

describe("mean", () => {
  it("computes in the default float for integers", () => {
    const out = R.mean(m23(), 0);
    expect(out.dtype).toBe("float32");
    // column means: (1+4)/2 = 2.5, 3.5, 4.5
    expect(out.toArray()).toEqual([2.5, 3.5, 4.5]);
    expect(R.mean(m23()).toArray()).toBe(3.5);
    expect(R.mean(np.array([true, false, false, true])).toArray()).toBe(0.5);
  });

  it("keeps float64", () => {
    const out = R.mean(np.array([1, 2], { dtype: "float64" }));
    expect(out.dtype).toBe("float64");
    expect(out.toArray()).toBe(1.5);
  });

  it("supports keepdims, negative axes and the dtype option", () => {
    const out = R.mean(m23(), -1, { keepdims: true });
    expect(out.shape).toEqual([2, 1]);
    expect(out.toArray()).toEqual([[2], [5]]);
    const d = R.mean(m23(), 1, { dtype: "float64" });
    expect(d.dtype).toBe("float64");
    expect(d.toArray()).toEqual([2, 5]);
    // int dtype: (1 + 2) / 2 = 1.5 truncates to 1.
    expect(R.mean(i32([1, 2]), null, { dtype: "int32" }).toArray()).toBe(1);
  });

  it("is NaN for an empty axis", () => {
    expect(Number.isNaN(R.mean(zeros([0])).toArray())).toBe(true);
    const out = R.mean(zeros([0, 2]), 0);
    expect(out.shape).toEqual([2]);
    expectAllclose(out, [NaN, NaN]);
  });
});

describe("var", () => {
  it("divides by n - ddof", () => {
    // [1, 2, 3, 4]: mean 2.5, squared deviations 2.25+0.25+0.25+2.25 = 5; 5/4 = 1.25, 5/3 ≈ 1.6666667.
    const x = i32([1, 2, 3, 4]);
    expect(R.var(x).toArray()).toBe(1.25);
    expectAllclose(R.var(x, null, { ddof: 1 }), 5 / 3);
    expect(R.var(x).dtype).toBe("float32");
    expect(R.var_).toBe(R.var);
  });

  it("reduces along axes with keepdims", () => {
    // rows of m23: deviations -1, 0, 1 → 2/3 each.
    const out = R.var(m23(), 1, { keepdims: true });
    expect(out.shape).toEqual([2, 1]);
    expectAllclose(out, [[2 / 3], [2 / 3]]);
    // columns: (1, 4) → mean 2.5, deviations ±1.5 → 2.25.
    expectAllclose(R.var(m23(), -2), [2.25, 2.25, 2.25]);
  });

  it("gives inf or NaN when n - ddof <= 0 (NumPy)", () => {
    // n = 2, ddof = 2: 4.5 / 0 = inf; a constant row: 0 / 0 = NaN.
    expect(R.var(f32([1, 4]), null, { ddof: 2 }).toArray()).toBe(Infinity);
    expect(Number.isNaN(R.var(f32([3, 3]), null, { ddof: 2 }).toArray())).toBe(true);
    expect(Number.isNaN(R.var(zeros([0])).toArray())).toBe(true);
  });

  it("rejects a bad ddof and unknown options", () => {
    throws(() => R.var(f32([1]), null, { ddof: NaN }), ValueError, /var: ddof must be a finite number/);
    throws(() => R.var(f32([1]), null, { dof: 1 } as never), OptionError, /var: unknown option 'dof'/);
  });
});

describe("std", () => {
  it("is the square root of var", () => {
    // [2, 4, 4, 4, 5, 5, 7, 9]: mean 5, variance 4, std 2; with ddof 1: sqrt(32/7) ≈ 2.1380899.
    const x = i32([2, 4, 4, 4, 5, 5, 7, 9]);
    expect(R.std(x).toArray()).toBe(2);
    expectAllclose(R.std(x, 0, { ddof: 1 }), 2.1380899);
    expect(R.std(x).dtype).toBe("float32");
    throws(() => R.std(x, 0, { bad: 1 } as never), OptionError, /std: unknown option 'bad'/);
  });
});

describe("max", () => {
  it("keeps the dtype and reduces along axes", () => {
    const x = i32([[1, 7, 3], [4, 5, -6]]);
    expect(R.max(x).toArray()).toBe(7);
    expect(R.max(x, 0).toArray()).toEqual([4, 7, 3]);
    expect(R.max(x, -1, { keepdims: true }).toArray()).toEqual([[7], [5]]);
    expect(R.max(x).dtype).toBe("int32");
    expect(R.max(np.array([false, true])).toArray()).toBe(true);
  });

  it("propagates NaN", () => {
    expect(Number.isNaN(R.max(f32([1, NaN, 3])).toArray())).toBe(true);
  });

  it("throws ValueError for a zero-size axis", () => {
    throws(() => R.max(zeros([0, 3]), 0), ValueError, /max: zero-size array to reduction operation maximum which has no identity/);
    throws(() => R.max(zeros([0])), ValueError, /max: zero-size array/);
    // Reducing the non-empty axis of a [0, 3] array is fine: the result is [0]-shaped.
    expect(R.max(zeros([0, 3]), 1).shape).toEqual([0]);
  });
});

describe("min", () => {
  it("reduces along axes", () => {
    const x = i32([[1, 7, 3], [4, 5, -6]]);
    expect(R.min(x).toArray()).toBe(-6);
    expect(R.min(x, 1).toArray()).toEqual([1, -6]);
    expect(R.min(np.array([true, false])).toArray()).toBe(false);
  });

  it("throws ValueError for a zero-size axis", () => {
    throws(() => R.min(zeros([2, 0]), -1), ValueError, /min: zero-size array to reduction operation minimum/);
  });
});

describe("ptp", () => {
  it("is max - min", () => {
    // rows: 7 - 1 = 6, 5 - (-6) = 11.
    expect(R.ptp(i32([[1, 7, 3], [4, 5, -6]]), 1).toArray()).toEqual([6, 11]);
    expect(R.ptp(f32([2, 9, 4])).toArray()).toBe(7);
  });

  it("rejects bool and empty axes", () => {
    throws(() => R.ptp(np.array([true])), DTypeError, /ptp: bool arrays/);
    throws(() => R.ptp(zeros([0])), ValueError, /ptp: zero-size array/);
  });
});

describe("any", () => {
  it("compares non-bool input with 0", () => {
    expect(R.any(f32([0, 0, 0.5])).toArray()).toBe(true);
    expect(R.any(i32([[0, 0], [0, 3]]), 1).toArray()).toEqual([false, true]);
    expect(R.any(f32([NaN])).toArray()).toBe(true);
    expect(R.any(i32([0, 0])).dtype).toBe("bool");
  });

  it("is false over an empty axis and supports keepdims", () => {
    expect(R.any(zeros([0])).toArray()).toBe(false);
    expect(R.any(zeros([0, 2]), 0).toArray()).toEqual([false, false]);
    expect(R.any(np.array([[true, false]]), -1, { keepdims: true }).toArray()).toEqual([[true]]);
  });
});

describe("all", () => {
  it("is true when every element is nonzero", () => {
    expect(R.all(i32([1, 2, 3])).toArray()).toBe(true);
    expect(R.all(i32([[1, 0], [2, 3]]), 1).toArray()).toEqual([false, true]);
    expect(R.all(np.array([[true, false], [true, true]]), 0).toArray()).toEqual([true, false]);
  });

  it("is true over an empty axis", () => {
    expect(R.all(zeros([0])).toArray()).toBe(true);
    expect(R.all(zeros([2, 0]), 1, { keepdims: true }).toArray()).toEqual([[true], [true]]);
  });
});

describe("argmax", () => {
  it("flattens when axis is null and returns int32", () => {
    const x = i32([[1, 9, 3], [9, 5, 6]]);
    const out = R.argmax(x);
    expect(out.dtype).toBe("int32");
    // the first 9 is at flat position 1.
    expect(out.toArray()).toBe(1);
    expect(R.argmax(x, null, { keepdims: true }).toArray()).toEqual([[1]]);
  });

  it("reduces along one axis, negative allowed, with keepdims", () => {
    const x = i32([[1, 9, 3], [9, 5, 6]]);
    expect(R.argmax(x, 0).toArray()).toEqual([1, 0, 1]);
    expect(R.argmax(x, -1).toArray()).toEqual([1, 0]);
    expect(R.argmax(x, 1, { keepdims: true }).toArray()).toEqual([[1], [0]]);
    expect(R.argmax(np.array([false, true, true])).toArray()).toBe(1);
  });

  it("returns the first NaN", () => {
    expect(R.argmax(f32([1, NaN, 5, NaN])).toArray()).toBe(1);
  });

  it("throws for empty input and bad axes", () => {
    throws(() => R.argmax(zeros([0])), ValueError, /argmax: attempt to get argmax of an empty sequence/);
    throws(() => R.argmax(zeros([2, 0]), 1), ValueError, /argmax: attempt to get argmax of an empty axis 1/);
    throws(() => R.argmax(zeros([2]), 1), AxisError, /argmax: axis 1 is out of bounds/);
    throws(() => R.argmax(zeros([2]), [0] as never), AxisError, /argmax: axis must be a single integer or null/);
  });
});

describe("argmin", () => {
  it("finds the first minimum", () => {
    const x = f32([[4, 1, 1], [0, 2, -3]]);
    expect(R.argmin(x).toArray()).toBe(5);
    expect(R.argmin(x, 1).toArray()).toEqual([1, 2]);
    expect(R.argmin(x, 0).toArray()).toEqual([1, 0, 1]);
  });

  it("throws for an empty axis", () => {
    throws(() => R.argmin(zeros([0, 2]), 0), ValueError, /argmin: attempt to get argmin of an empty axis/);
  });
});

describe("logsumexp", () => {
  it("is log(sum(exp(x))) computed stably", () => {
    // log(e^1 + e^2 + e^3) = 3 + log(1 + e^-1 + e^-2) = 3.40760596.
    expectAllclose(R.logsumexp(f32([1, 2, 3])), 3.40760596, { rtol: 1e-6 });
    // 1000 + log 2 = 1000.6931472 (exp(1000) alone would overflow).
    expectAllclose(R.logsumexp(np.array([1000, 1000], { dtype: "float64" })), 1000.6931471805599, { rtol: 1e-12 });
    expect(R.logsumexp(i32([0, 0])).dtype).toBe("float32");
  });

  it("handles rows of -inf and +inf", () => {
    const x = f32([[-Infinity, -Infinity], [0, -Infinity], [Infinity, 0]]);
    // row 0: log(0) = -inf; row 1: log(1) = 0; row 2: inf.
    expect(R.logsumexp(x, 1).toArray()).toEqual([-Infinity, 0, Infinity]);
  });

  it("supports keepdims and negative axes, and gives -inf over an empty axis", () => {
    // each row [0, 0]: log 2 = 0.6931472.
    const out = R.logsumexp(zeros([3, 2]), -1, { keepdims: true });
    expect(out.shape).toEqual([3, 1]);
    expectAllclose(out, [[Math.LN2], [Math.LN2], [Math.LN2]]);
    expect(R.logsumexp(zeros([0, 2]), 0).toArray()).toEqual([-Infinity, -Infinity]);
    expect(R.logsumexp(zeros([0, 2]), 0, { keepdims: true }).shape).toEqual([1, 2]);
  });
});

describe("allclose", () => {
  it("returns a JS boolean using isclose's tolerances", () => {
    expect(R.allclose(f32([1, 2]), f32([1, 2.000001]))).toBe(true);
    expect(R.allclose(f32([1, 2]), f32([1, 2.1]))).toBe(false);
    expect(R.allclose(f32([1, 2]), f32([1, 2.1]), { atol: 0.2 })).toBe(true);
    expect(R.allclose(f32([NaN]), f32([NaN]))).toBe(false);
    expect(R.allclose(f32([NaN]), f32([NaN]), { equalNan: true })).toBe(true);
  });

  it("broadcasts, and rejects shapes that do not", () => {
    expect(R.allclose(f32([[1, 1], [1, 1]]), 1)).toBe(true);
    throws(() => R.allclose(f32([1, 2]), f32([1, 2, 3])), ShapeError, /allclose: shapes \[2\] and \[3\] cannot be broadcast/);
    throws(() => R.allclose(1, 1, { tol: 1 } as never), OptionError, /allclose: unknown option 'tol'/);
  });
});

describe("arrayEqual", () => {
  it("compares shapes and values", () => {
    expect(R.arrayEqual(i32([1, 2]), f32([1, 2]))).toBe(true);
    expect(R.arrayEqual(i32([1, 2]), i32([1, 3]))).toBe(false);
    expect(R.arrayEqual(i32([1, 2]), i32([[1, 2]]))).toBe(false);
    expect(R.arrayEqual(zeros([0]), zeros([0]))).toBe(true);
  });

  it("treats NaN as equal only with equalNan", () => {
    expect(R.arrayEqual(f32([NaN, 1]), f32([NaN, 1]))).toBe(false);
    expect(R.arrayEqual(f32([NaN, 1]), f32([NaN, 1]), { equalNan: true })).toBe(true);
  });
});

describe("countNonzero", () => {
  it("counts nonzero elements as int32", () => {
    const x = f32([[0, 1.5, 0], [2, NaN, 0]]);
    const out = R.countNonzero(x);
    expect(out.dtype).toBe("int32");
    expect(out.toArray()).toBe(3);
    expect(R.countNonzero(x, 0).toArray()).toEqual([1, 2, 0]);
    expect(R.countNonzero(x, -1, { keepdims: true }).toArray()).toEqual([[1], [2]]);
    expect(R.countNonzero(np.array([true, false, true])).toArray()).toBe(2);
  });
});

describe("average", () => {
  it("is mean without weights", () => {
    expect(R.average(m23(), 0).toArray()).toEqual([2.5, 3.5, 4.5]);
    expect(R.average(m23(), 1, { keepdims: true }).toArray()).toEqual([[2], [5]]);
  });

  it("weights with an array of x's shape", () => {
    // (1·3 + 2·1) / (3 + 1) = 1.25
    const out = R.average(i32([1, 2]), null, { weights: i32([3, 1]) });
    expect(out.dtype).toBe("float32");
    expect(out.toArray()).toBe(1.25);
  });

  it("weights along one axis with 1-d weights", () => {
    // rows [1,2,3], [4,5,6] with weights [1, 0, 1]: (1+3)/2 = 2, (4+6)/2 = 5; along axis 0 with [1, 3]: (1+12)/4 = 3.25, 4.25, 5.25.
    expect(R.average(m23(), 1, { weights: [1, 0, 1] }).toArray()).toEqual([2, 5]);
    expect(R.average(m23(), 0, { weights: [1, 3] }).toArray()).toEqual([3.25, 4.25, 5.25]);
    expect(R.average(m23(), -1, { weights: [1, 0, 1], keepdims: true }).shape).toEqual([2, 1]);
  });

  it("rejects weights that do not fit", () => {
    throws(() => R.average(m23(), null, { weights: [1, 2, 3] }), ShapeError, /average: weights of shape \[3\] differ from x's shape \[2,3\]/);
    throws(() => R.average(m23(), 1, { weights: [1, 2] }), ShapeError, /average: 1-d weights of length 3/);
    throws(() => R.average(m23(), 1, { weight: [1] } as never), OptionError, /average: unknown option 'weight'/);
  });
});

describe("nansum", () => {
  it("treats NaN as zero", () => {
    expect(R.nansum(f32([1, NaN, 2])).toArray()).toBe(3);
    expect(R.nansum(f32([[NaN, 1], [2, NaN]]), 0).toArray()).toEqual([2, 1]);
    expect(R.nansum(i32([1, 2])).dtype).toBe("int32");
    expect(R.nansum(f32([[NaN, 1]]), 1, { keepdims: true }).toArray()).toEqual([[1]]);
  });
});

describe("nanmean", () => {
  it("averages the non-NaN values", () => {
    // (1 + 2) / 2 = 1.5; an all-NaN row is NaN.
    expect(R.nanmean(f32([1, NaN, 2])).toArray()).toBe(1.5);
    expectAllclose(R.nanmean(f32([[NaN, NaN], [4, NaN]]), 1), [NaN, 4]);
    expect(R.nanmean(i32([1, 2])).toArray()).toBe(1.5);
  });
});

describe("nanmax", () => {
  it("ignores NaN unless a slice is all NaN", () => {
    expect(R.nanmax(f32([1, NaN, 3])).toArray()).toBe(3);
    expectAllclose(R.nanmax(f32([[NaN, NaN], [-1, NaN]]), 1), [NaN, -1]);
    expect(R.nanmax(i32([4, 2])).toArray()).toBe(4);
    throws(() => R.nanmax(zeros([0])), ValueError, /nanmax: zero-size array/);
  });
});

describe("nanmin", () => {
  it("ignores NaN unless a slice is all NaN", () => {
    expect(R.nanmin(f32([5, NaN, 3])).toArray()).toBe(3);
    expectAllclose(R.nanmin(f32([[NaN, NaN], [-1, NaN]]), -1, { keepdims: true }), [[NaN], [-1]]);
  });
});
