// Tests of the np sorting and scan functions: sort, argsort, lexsort, searchsorted, unique, cumsum, cumprod, diff.
import { describe, expect, it } from "vitest";
import type { Array } from "../array/Array.js";
import { AxisError, DTypeError, np, OptionError, ShapeError, ValueError } from "../index.js";
import {
  argsort,
  cumprod,
  cumsum,
  diff,
  lexsort,
  searchsorted,
  sort,
  unique,
  uniqueAll,
  uniqueCounts,
  uniqueInverse,
} from "./sorting.js";

/** Asserts that `fn` throws an instance of `cls` whose message matches `msg`. */
function throws(fn: () => unknown, cls: new (message: string) => Error, msg: RegExp): void {
  expect(fn).toThrow(cls);
  expect(fn).toThrow(msg);
}

const f32 = (v: unknown): Array => np.array(v as number[], { dtype: "float32" });
const i32 = (v: unknown): Array => np.array(v as number[], { dtype: "int32" });

describe("sort", () => {
  it("sorts along the last axis by default", () => {
    expect(sort(i32([[3, 1, 2], [0, -1, 5]])).toArray()).toEqual([[1, 2, 3], [-1, 0, 5]]);
  });
  it("sorts along a given (negative) axis", () => {
    expect(sort(i32([[3, 1], [0, 5]]), 0).toArray()).toEqual([[0, 1], [3, 5]]);
    expect(sort(i32([[3, 1], [0, 5]]), -2).toArray()).toEqual([[0, 1], [3, 5]]);
  });
  it("flattens when axis is null", () => {
    expect(sort(i32([[3, 1], [0, 5]]), null).toArray()).toEqual([0, 1, 3, 5]);
  });
  it("puts NaNs last and keeps the dtype", () => {
    const s = sort(f32([NaN, 1, -Infinity, NaN, 0]));
    expect(s.dtype).toBe("float32");
    expect(globalThis.Array.from(s.data())).toEqual([-Infinity, 0, 1, NaN, NaN]);
  });
  it("sorts empty arrays", () => {
    expect(sort(np.zeros([0])).shape).toEqual([0]);
  });
  it("rejects 0-d input along an axis and bad axes", () => {
    throws(() => sort(f32(1)), AxisError, /sort: axis -1 is out of bounds for an array of ndim 0/);
    throws(() => sort(f32([1, 2]), 1), AxisError, /sort: axis 1 is out of bounds/);
  });
});

describe("argsort", () => {
  it("returns int32 indices, stable among ties", () => {
    const a = argsort(i32([2, 1, 2, 1, 0]));
    expect(a.dtype).toBe("int32");
    // 0 at 4; 1s at 1, 3; 2s at 0, 2
    expect(a.toArray()).toEqual([4, 1, 3, 0, 2]);
  });
  it("orders NaNs last, keeping their relative order", () => {
    expect(argsort(f32([NaN, 2, NaN, 1])).toArray()).toEqual([3, 1, 0, 2]);
  });
  it("works along axis 0 and on the flattened array", () => {
    expect(argsort(i32([[3, 1], [0, 5]]), 0).toArray()).toEqual([[1, 0], [0, 1]]);
    expect(argsort(i32([[3, 1], [0, 5]]), null).toArray()).toEqual([2, 1, 0, 3]);
  });
  it("rejects a bad axis", () => {
    throws(() => argsort(f32([1]), 2), AxisError, /argsort: axis 2 is out of bounds/);
  });
});

describe("lexsort", () => {
  it("sorts by the last key first", () => {
    // surnames (primary, last key) then first names: NumPy docs example reduced to numbers.
    const first = i32([3, 1, 2, 1]);
    const last = i32([1, 0, 1, 0]);
    // primary last: 0s at 1,3 (first names 1,1 → stable 1,3); 1s at 0,2 (first names 3,2 → 2,0)
    expect(lexsort([first, last]).toArray()).toEqual([1, 3, 2, 0]);
  });
  it("accepts a 2-d array of keys (rows)", () => {
    expect(lexsort(i32([[3, 1, 2, 1], [1, 0, 1, 0]])).toArray()).toEqual([1, 3, 2, 0]);
  });
  it("rejects no keys and mismatched shapes", () => {
    throws(() => lexsort([]), ValueError, /lexsort: needs at least one key/);
    throws(() => lexsort([i32([1, 2]), i32([1])]), ShapeError, /lexsort: all keys need the same shape/);
  });
});

describe("searchsorted", () => {
  it("finds left and right insertion points", () => {
    const a = i32([1, 2, 2, 3]);
    expect(searchsorted(a, i32([0, 2, 4])).toArray()).toEqual([0, 1, 4]);
    expect(searchsorted(a, i32([0, 2, 4]), "right").toArray()).toEqual([0, 3, 4]);
  });
  it("accepts a scalar and promotes it", () => {
    const r = searchsorted(i32([1, 2, 3]), 2.5);
    expect(r.shape).toEqual([]);
    expect(r.toArray()).toBe(2);
  });
  it("rejects a 2-d sorted array and bad sides", () => {
    throws(() => searchsorted(np.ones([2, 2]), 1), ShapeError, /searchsorted: a must be 1-d/);
    throws(() => searchsorted(i32([1]), 1, "up" as "left"), ValueError, /side must be 'left' or 'right', got "up"/);
  });
});

describe("unique", () => {
  it("returns sorted distinct values of the flattened array", () => {
    const u = unique(i32([[3, 1], [3, 2]]));
    expect(u.dtype).toBe("int32");
    expect(u.toArray()).toEqual([1, 2, 3]);
  });
  it("collapses NaNs into one, last", () => {
    expect(globalThis.Array.from(unique(f32([NaN, 1, NaN, 1])).data())).toEqual([1, NaN]);
  });
  it("gives counts, first indices and inverse indices", () => {
    const x = i32([[2, 1], [2, 3]]);
    const c = uniqueCounts(x);
    expect(c.values.toArray()).toEqual([1, 2, 3]);
    expect(c.counts.toArray()).toEqual([1, 2, 1]);
    const inv = uniqueInverse(x);
    expect(inv.inverseIndices.toArray()).toEqual([[1, 0], [1, 2]]);
    const all = uniqueAll(x);
    expect(all.indices.toArray()).toEqual([1, 0, 3]);
    expect(all.counts.toArray()).toEqual([1, 2, 1]);
  });
  it("handles empty input", () => {
    expect(unique(np.zeros([0])).shape).toEqual([0]);
  });
});

describe("cumsum", () => {
  it("flattens by default and scans along an axis when given", () => {
    const m = i32([[1, 2], [3, 4]]);
    expect(cumsum(m).toArray()).toEqual([1, 3, 6, 10]);
    expect(cumsum(m, 0).toArray()).toEqual([[1, 2], [4, 6]]);
    expect(cumsum(m, -1).toArray()).toEqual([[1, 3], [3, 7]]);
  });
  it("accumulates bool in int32 and keeps float dtypes", () => {
    const b = cumsum(np.array([true, true, false, true]));
    expect(b.dtype).toBe("int32");
    expect(b.toArray()).toEqual([1, 2, 2, 3]);
    expect(cumsum(f32([0.5, 0.25])).dtype).toBe("float32");
    expect(cumsum(np.array([1], { dtype: "uint32" })).dtype).toBe("uint32");
  });
  it("honours the dtype option", () => {
    const r = cumsum(i32([1, 2]), null, { dtype: "float64" });
    expect(r.dtype).toBe("float64");
    expect(r.toArray()).toEqual([1, 3]);
  });
  it("handles empty arrays", () => {
    expect(cumsum(np.zeros([0, 2]), 0).shape).toEqual([0, 2]);
  });
  it("rejects bad axes, bool dtypes and unknown options", () => {
    throws(() => cumsum(i32([1]), 1), AxisError, /cumsum: axis 1 is out of bounds/);
    throws(() => cumsum(i32([1]), 0, { dtype: "bool" }), DTypeError, /cumsum: cannot accumulate in bool/);
    throws(() => cumsum(i32([1]), 0, { dtyp: "int32" } as never), OptionError, /cumsum: unknown option 'dtyp'/);
  });
});

describe("cumprod", () => {
  it("multiplies running products", () => {
    expect(cumprod(i32([[1, 2], [3, 4]])).toArray()).toEqual([1, 2, 6, 24]);
    expect(cumprod(f32([[1, 2], [3, 4]]), 1).toArray()).toEqual([[1, 2], [3, 12]]);
  });
});

describe("diff", () => {
  it("takes first and higher differences along the last axis", () => {
    expect(diff(i32([1, 2, 4, 7, 0])).toArray()).toEqual([1, 2, 3, -7]);
    expect(diff(i32([1, 2, 4, 7, 0]), 2).toArray()).toEqual([1, 1, -10]);
    expect(diff(i32([1, 2]), 0).toArray()).toEqual([1, 2]);
  });
  it("differences along another axis", () => {
    expect(diff(i32([[1, 3, 6], [0, 0, 1]]), 1, 0).toArray()).toEqual([[-1, -3, -5]]);
  });
  it("uses != for bools", () => {
    const d = diff(np.array([true, true, false]));
    expect(d.dtype).toBe("bool");
    expect(d.toArray()).toEqual([false, true]);
  });
  it("prepends and appends (scalars broadcast) with promotion", () => {
    expect(diff(i32([1, 3]), 1, -1, { prepend: 0, append: i32([10]) }).toArray()).toEqual([1, 2, 7]);
    const r = diff(i32([[1, 2]]), 1, 1, { prepend: 0.5 });
    expect(r.dtype).toBe("float32");
    expect(r.toArray()).toEqual([[0.5, 1]]);
  });
  it("shrinks to empty when n exceeds the length", () => {
    expect(diff(i32([1, 2]), 3).shape).toEqual([0]);
  });
  it("rejects 0-d input, negative n, bad axes and bad prepend shapes", () => {
    throws(() => diff(f32(1)), ValueError, /diff: needs an array of at least 1 dimension/);
    throws(() => diff(f32([1]), -1), ValueError, /diff: order n must be a non-negative integer, got -1/);
    throws(() => diff(f32([1]), 1, 3), AxisError, /diff: axis 3 is out of bounds/);
    throws(() => diff(np.ones([2, 2]), 1, 1, { prepend: np.ones([3, 1]) }), ShapeError, /diff: prepend\/append of shape \[3,1\] does not fit x of shape \[2,2\]/);
    throws(() => diff(f32([1]), 1, 0, { prefix: 1 } as never), OptionError, /diff: unknown option 'prefix'/);
  });
});
