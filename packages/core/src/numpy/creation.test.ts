import { describe, expect, it } from "vitest";
import { DTypeError, np, OptionError, setDefaultFloatDType, ShapeError, ValueError, type Array } from "../index.js";
import { expectAllclose } from "../testing/index.js";
import * as C from "./creation.js";
import { reshape } from "./manipulation.js";

/** Asserts that `fn` throws an instance of `cls` whose message matches `msg`. */
function throws(fn: () => unknown, cls: new (message: string) => Error, msg: RegExp): void {
  expect(fn).toThrow(cls);
  expect(fn).toThrow(msg);
}

const i32 = (v: unknown) => np.array(v as number[], { dtype: "int32" });

describe("zeros", () => {
  it("fills a shape with 0 in the default float", () => {
    const out = C.zeros([2, 3]);
    expect(out.shape).toEqual([2, 3]);
    expect(out.dtype).toBe("float32");
    expect(out.weakType).toBe(false);
    expect(out.toArray()).toEqual([[0, 0, 0], [0, 0, 0]]);
    expect(C.zeros(3).toArray()).toEqual([0, 0, 0]);
    expect(C.zeros([]).toArray()).toBe(0);
    expect(C.zeros([0, 4]).shape).toEqual([0, 4]);
    expect(C.zeros([2], { dtype: "bool" }).toArray()).toEqual([false, false]);
  });

  it("follows the default float dtype", () => {
    setDefaultFloatDType("float64");
    try {
      expect(C.zeros(1).dtype).toBe("float64");
    } finally {
      setDefaultFloatDType("float32");
    }
  });

  it("rejects bad shapes, dtypes and options", () => {
    throws(() => C.zeros([2, -1]), ShapeError, /zeros: shape \[2,-1\] has a bad size -1/);
    throws(() => C.zeros(1.5), ShapeError, /zeros: shape \[1.5\] has a bad size 1.5/);
    throws(() => C.zeros(2, { dtype: "int64" as never }), DTypeError, /zeros: unsupported dtype "int64"/);
    throws(() => C.zeros(2, { type: "int32" } as never), OptionError, /zeros: unknown option 'type'/);
  });
});

describe("ones", () => {
  it("fills with 1", () => {
    expect(C.ones([2, 2], { dtype: "int32" }).toArray()).toEqual([[1, 1], [1, 1]]);
    expect(C.ones(2).dtype).toBe("float32");
    expect(C.ones(2, { dtype: "bool" }).toArray()).toEqual([true, true]);
  });
});

describe("empty", () => {
  it("is zeros", () => {
    expect(C.empty([2]).toArray()).toEqual([0, 0]);
    expect(C.empty([2], { dtype: "uint32" }).dtype).toBe("uint32");
    throws(() => C.empty(-1), ShapeError, /empty: shape \[-1\] has a bad size/);
  });
});

describe("full", () => {
  it("infers float32 from a JS number fill value and bool from a boolean", () => {
    const a = C.full([2, 2], 7);
    expect(a.dtype).toBe("float32");
    expect(a.toArray()).toEqual([[7, 7], [7, 7]]);
    expect(C.full(2, 0.5).dtype).toBe("float32");
    expect(C.full(2, 0.5).toArray()).toEqual([0.5, 0.5]);
    expect(C.full(2, true).dtype).toBe("bool");
    expect(C.full(2, true).toArray()).toEqual([true, true]);
    expect(C.full(2, NaN).dtype).toBe("float32");
    expect(C.full(2, 7).weakType).toBe(false);
  });

  it("casts to a requested dtype (floats truncate into ints)", () => {
    expect(C.full(2, 1.9, { dtype: "int32" }).toArray()).toEqual([1, 1]);
    expect(C.full(2, 3, { dtype: "float64" }).dtype).toBe("float64");
    expect(C.full(2, 2, { dtype: "bool" }).toArray()).toEqual([true, true]);
  });

  it("broadcasts an array fill value", () => {
    expect(C.full([2, 2], i32([1, 2])).toArray()).toEqual([[1, 2], [1, 2]]);
    expect(C.full([2, 2], [1.5, 2], { dtype: "float64" }).dtype).toBe("float64");
    throws(() => C.full([2, 2], i32([1, 2, 3])), ShapeError, /full: cannot broadcast shape \[3\] to \[2,2\]/);
  });

  it("rejects NaN, infinities and out-of-range values for integer dtypes", () => {
    throws(() => C.full(2, NaN, { dtype: "int32" }), ValueError, /full: cannot convert NaN to int32/);
    throws(() => C.full(2, Infinity, { dtype: "uint32" }), ValueError, /full: cannot convert Infinity to uint32/);
    throws(() => C.full(2, -1, { dtype: "uint32" }), ValueError, /full: -1 is out of range for uint32/);
  });
});

describe("zerosLike", () => {
  it("copies shape and dtype", () => {
    const out = C.zerosLike(i32([[1, 2, 3]]));
    expect(out.shape).toEqual([1, 3]);
    expect(out.dtype).toBe("int32");
    expect(out.toArray()).toEqual([[0, 0, 0]]);
    expect(C.zerosLike(i32([1]), { dtype: "float64" }).dtype).toBe("float64");
    expect(C.zerosLike(2.5).dtype).toBe("float32");
    throws(() => C.zerosLike(i32([1]), { shape: [2] } as never), OptionError, /zerosLike: unknown option 'shape'/);
  });
});

describe("onesLike", () => {
  it("fills x's shape with 1", () => {
    expect(C.onesLike(np.array([true, false])).toArray()).toEqual([true, true]);
    expect(C.onesLike(i32([4, 5])).toArray()).toEqual([1, 1]);
  });
});

describe("emptyLike", () => {
  it("is zerosLike", () => {
    expect(C.emptyLike(i32([4, 5])).toArray()).toEqual([0, 0]);
  });
});

describe("fullLike", () => {
  it("fills with x's dtype by default", () => {
    // 1.5 into int32 truncates to 1 (NumPy's full_like).
    expect(C.fullLike(i32([4, 5]), 1.5).toArray()).toEqual([1, 1]);
    expect(C.fullLike(i32([4, 5]), 1.5, { dtype: "float32" }).toArray()).toEqual([1.5, 1.5]);
    throws(() => C.fullLike(i32([4, 5]), NaN), ValueError, /fullLike: cannot convert NaN to int32/);
  });
});

describe("arange", () => {
  it("counts from 0 to stop in int32 for integer arguments", () => {
    const out = C.arange(5);
    expect(out.dtype).toBe("int32");
    expect(out.toArray()).toEqual([0, 1, 2, 3, 4]);
    expect(C.arange(2, 5).toArray()).toEqual([2, 3, 4]);
    expect(C.arange(5, 1, -2).toArray()).toEqual([5, 3]);
  });

  it("uses the default float for non-integer arguments, with NumPy's length rule", () => {
    const q = C.arange(0, 1, 0.25);
    expect(q.dtype).toBe("float32");
    expect(q.toArray()).toEqual([0, 0.25, 0.5, 0.75]);
    // ceil((2 - 1) / 0.3) = 4 elements: 1, 1.3, 1.6, 1.9.
    expectAllclose(C.arange(1, 2, 0.3), [1, 1.3, 1.6, 1.9]);
    // ceil(1 / 0.1) = 10 elements.
    expect(C.arange(0, 1, 0.1).shape).toEqual([10]);
    expect(C.arange(2.5).toArray()).toEqual([0, 1, 2]);
  });

  it("gives an empty array when the range is empty", () => {
    expect(C.arange(0).shape).toEqual([0]);
    expect(C.arange(3, 1).shape).toEqual([0]);
    expect(C.arange(1, 3, -1).shape).toEqual([0]);
  });

  it("accepts options after any number of arguments", () => {
    expect(C.arange(3, { dtype: "float32" }).dtype).toBe("float32");
    expect(C.arange(1, 3, { dtype: "float64" }).toArray()).toEqual([1, 2]);
    expect(C.arange(0, 6, 2, { dtype: "uint32" }).toArray()).toEqual([0, 2, 4]);
    expect(C.arange(0, 1, 0.25, { dtype: "int32" }).toArray()).toEqual([0, 0, 0, 0]);
    expect(C.arange(3, null, null, { dtype: "float32" }).toArray()).toEqual([0, 1, 2]);
  });

  it("rejects a zero step, non-finite arguments and bad options", () => {
    throws(() => C.arange(0, 5, 0), ValueError, /arange: step must not be zero/);
    throws(() => C.arange(Infinity), ValueError, /arange: start must be a finite number/);
    throws(() => C.arange(0, NaN), ValueError, /arange: stop must be a finite number/);
    throws(() => C.arange(3, { step: 1 } as never), OptionError, /arange: unknown option 'step'/);
  });
});

describe("linspace", () => {
  it("includes stop by default, exactly", () => {
    const out = C.linspace(0, 1, 5);
    expect(out.dtype).toBe("float32");
    expect(out.toArray()).toEqual([0, 0.25, 0.5, 0.75, 1]);
    // step 0.1 is inexact in binary; the last sample is still exactly stop.
    const t = C.linspace(0, 0.7, 8).toArray() as number[];
    expect(t[7]).toBe(Math.fround(0.7));
    expect(C.linspace(0, 1).shape).toEqual([50]);
  });

  it("excludes stop with endpoint false", () => {
    expect(C.linspace(0, 1, 4, { endpoint: false }).toArray()).toEqual([0, 0.25, 0.5, 0.75]);
  });

  it("handles num 0, num 1 and equal endpoints", () => {
    expect(C.linspace(0, 1, 0).shape).toEqual([0]);
    expect(C.linspace(2, 3, 1).toArray()).toEqual([2]);
    expect(C.linspace(3, 3, 3).toArray()).toEqual([3, 3, 3]);
  });

  it("rounds toward -inf for integer dtypes (NumPy 2)", () => {
    // 0, 5/3, 10/3, 5 → 0, 1, 3, 5; 0, -5/3, -10/3, -5 → 0, -2, -4, -5.
    expect(C.linspace(0, 5, 4, { dtype: "int32" }).toArray()).toEqual([0, 1, 3, 5]);
    expect(C.linspace(0, -5, 4, { dtype: "int32" }).toArray()).toEqual([0, -2, -4, -5]);
    expect(C.linspace(0, 1, 3, { dtype: "float64" }).dtype).toBe("float64");
  });

  it("rejects a negative or non-integer num", () => {
    throws(() => C.linspace(0, 1, -1), ValueError, /linspace: the number of samples num must be a non-negative integer, got -1/);
    throws(() => C.linspace(0, 1, 2.5), ValueError, /linspace: the number of samples num/);
    throws(() => C.linspace(0, 1, 2, { retstep: true } as never), OptionError, /linspace: unknown option 'retstep'/);
  });
});

describe("logspace", () => {
  it("raises base to evenly spaced exponents", () => {
    // 10^0, 10^1, 10^2; 2^0..2^3.
    expectAllclose(C.logspace(0, 2, 3), [1, 10, 100]);
    expectAllclose(C.logspace(0, 3, 4, { base: 2 }), [1, 2, 4, 8]);
    expectAllclose(C.logspace(0, 2, 2, { endpoint: false }), [1, 10]);
    throws(() => C.logspace(0, 1, -2), ValueError, /logspace: the number of samples num/);
  });
});

describe("eye", () => {
  it("puts ones on the main diagonal", () => {
    const out = C.eye(3);
    expect(out.dtype).toBe("float32");
    expect(out.toArray()).toEqual([[1, 0, 0], [0, 1, 0], [0, 0, 1]]);
  });

  it("supports rectangular shapes, offsets and dtypes", () => {
    expect(C.eye(2, 3, { k: 1 }).toArray()).toEqual([[0, 1, 0], [0, 0, 1]]);
    expect(C.eye(3, { k: -1, dtype: "int32" }).toArray()).toEqual([[0, 0, 0], [1, 0, 0], [0, 1, 0]]);
    expect(C.eye(2, null, { dtype: "bool" }).toArray()).toEqual([[true, false], [false, true]]);
    expect(C.eye(2, { k: 5 }).toArray()).toEqual([[0, 0], [0, 0]]);
    expect(C.eye(0).shape).toEqual([0, 0]);
  });

  it("rejects negative sizes and non-integer offsets", () => {
    throws(() => C.eye(-1), ShapeError, /eye: shape \[-1,-1\] has a bad size -1/);
    throws(() => C.eye(2, { k: 0.5 }), ValueError, /eye: the diagonal offset k must be an integer/);
    throws(() => C.eye(2, { m: 3 } as never), OptionError, /eye: unknown option 'm'/);
  });
});

describe("identity", () => {
  it("is the square identity", () => {
    expect(C.identity(2).toArray()).toEqual([[1, 0], [0, 1]]);
    expect(C.identity(2, { dtype: "int32" }).dtype).toBe("int32");
    throws(() => C.identity(-2), ShapeError, /identity: shape \[-2\] has a bad size/);
  });
});

describe("tri", () => {
  it("has ones at and below diagonal k", () => {
    expect(C.tri(3).toArray()).toEqual([[1, 0, 0], [1, 1, 0], [1, 1, 1]]);
    expect(C.tri(3, 2, { k: -1 }).toArray()).toEqual([[0, 0], [1, 0], [1, 1]]);
    expect(C.tri(2, { dtype: "int32" }).dtype).toBe("int32");
  });
});

describe("tril", () => {
  // [[1, 2, 3], [4, 5, 6], [7, 8, 9]]
  const m = () => reshape(np.array([1, 2, 3, 4, 5, 6, 7, 8, 9], { dtype: "int32" }), [3, 3]);

  it("zeroes elements above diagonal k", () => {
    expect(C.tril(m()).toArray()).toEqual([[1, 0, 0], [4, 5, 0], [7, 8, 9]]);
    expect(C.tril(m(), -1).toArray()).toEqual([[0, 0, 0], [4, 0, 0], [7, 8, 0]]);
    expect(C.tril(m(), 1).toArray()).toEqual([[1, 2, 0], [4, 5, 6], [7, 8, 9]]);
    expect(C.tril(m()).dtype).toBe("int32");
  });

  it("works on stacks of matrices and bools", () => {
    const stack = reshape(np.array([1, 1, 1, 1, 2, 2, 2, 2], { dtype: "float32" }), [2, 2, 2]);
    expect(C.tril(stack).toArray()).toEqual([[[1, 0], [1, 1]], [[2, 0], [2, 2]]]);
    expect(C.tril(np.array([[true, true], [true, true]])).toArray()).toEqual([[true, false], [true, true]]);
  });

  it("rejects arrays of fewer than 2 dimensions", () => {
    throws(() => C.tril(i32([1, 2])), ValueError, /tril: needs an array of at least 2 dimensions/);
    throws(() => C.tril(m(), 0.5), ValueError, /tril: the diagonal offset k must be an integer/);
  });
});

describe("triu", () => {
  it("zeroes elements below diagonal k", () => {
    const m = reshape(np.array([1, 2, 3, 4, 5, 6, 7, 8, 9]), [3, 3]);
    expect(C.triu(m).toArray()).toEqual([[1, 2, 3], [0, 5, 6], [0, 0, 9]]);
    expect(C.triu(m, 1).toArray()).toEqual([[0, 2, 3], [0, 0, 6], [0, 0, 0]]);
    expect(C.triu(reshape(np.array([1, 2, 3, 4, 5, 6]), [2, 3]), -1).toArray()).toEqual([[1, 2, 3], [4, 5, 6]]);
    throws(() => C.triu(5), ValueError, /triu: needs an array of at least 2 dimensions/);
  });
});

describe("diag", () => {
  it("builds a matrix from a vector on diagonal k", () => {
    expect(C.diag(i32([1, 2])).toArray()).toEqual([[1, 0], [0, 2]]);
    expect(C.diag(i32([1, 2]), 1).toArray()).toEqual([[0, 1, 0], [0, 0, 2], [0, 0, 0]]);
    expect(C.diag(i32([1, 2]), -1).toArray()).toEqual([[0, 0, 0], [1, 0, 0], [0, 2, 0]]);
    expect(C.diag(np.array([true]), 0).toArray()).toEqual([[true]]);
    expect(C.diag(i32([]), 1).toArray()).toEqual([[0]]);
  });

  it("extracts diagonal k of a matrix", () => {
    // arange(12).reshape(3, 4): element [i, j] = 4i + j. k=1: [0,1],[1,2],[2,3] → 1, 6, 11; k=-1: 4, 9.
    const m = reshape(C.arange(12), [3, 4]);
    expect(C.diag(m).toArray()).toEqual([0, 5, 10]);
    expect(C.diag(m, 1).toArray()).toEqual([1, 6, 11]);
    expect(C.diag(m, -1).toArray()).toEqual([4, 9]);
    expect(C.diag(m, 5).shape).toEqual([0]);
  });

  it("rejects other ranks", () => {
    throws(() => C.diag(5), ValueError, /diag: input must be 1-d or 2-d, got shape \[\]/);
  });
});

describe("meshgrid", () => {
  it("uses Cartesian (xy) indexing by default", () => {
    const [x, y] = C.meshgrid([i32([1, 2, 3]), i32([4, 5])]) as [Array, Array];
    expect(x.toArray()).toEqual([[1, 2, 3], [1, 2, 3]]);
    expect(y.toArray()).toEqual([[4, 4, 4], [5, 5, 5]]);
  });

  it("supports matrix (ij) indexing and three inputs", () => {
    const [x, y] = C.meshgrid([i32([1, 2, 3]), i32([4, 5])], { indexing: "ij" }) as [Array, Array];
    expect(x.toArray()).toEqual([[1, 1], [2, 2], [3, 3]]);
    expect(y.toArray()).toEqual([[4, 5], [4, 5], [4, 5]]);
    const three = C.meshgrid([C.zeros(2), C.zeros(3), C.zeros(4)]);
    expect(three.map((a) => a.shape)).toEqual([[3, 2, 4], [3, 2, 4], [3, 2, 4]]);
    expect(C.meshgrid([i32([1, 2])])[0]?.toArray()).toEqual([1, 2]);
  });

  it("rejects an unknown indexing", () => {
    throws(() => C.meshgrid([i32([1])], { indexing: "yx" as never }), ValueError, /meshgrid: indexing must be 'xy' or 'ij'/);
  });
});
