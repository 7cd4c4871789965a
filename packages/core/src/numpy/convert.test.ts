import { describe, expect, it } from "vitest";
import { np, ValueError, OptionError, DTypeError } from "../index.js";

describe("array", () => {
  it("infers float32 from JS numbers and bool from booleans (JS has one number type)", () => {
    expect(np.array([1, 2, 3]).dtype).toBe("float32");
    expect(np.array([1, 2, 3]).toArray()).toEqual([1, 2, 3]);
    expect(np.array(5).dtype).toBe("float32");
    expect(np.array([1, 2.5]).dtype).toBe("float32");
    expect(np.array([1, 2, 3], { dtype: "int32" }).dtype).toBe("int32");
    expect(np.array([true, false]).dtype).toBe("bool");
    expect(np.array([[1, 2], [3, 4]]).shape).toEqual([2, 2]);
    expect(np.array(5).shape).toEqual([]);
    expect(np.array([]).shape).toEqual([0]);
    expect(np.array([]).dtype).toBe("float32");
    expect(np.array([[], []]).shape).toEqual([2, 0]);
  });

  it("takes the dtype of a typed array and copies it", () => {
    const src = new Float64Array([1, 2]);
    const a = np.array(src);
    src[0] = 99;
    expect(a.dtype).toBe("float64");
    expect(Array.from(a.data())).toEqual([1, 2]);
    expect(np.array(new Int32Array([3])).dtype).toBe("int32");
  });

  it("converts to an explicit dtype, truncating fractions into integers", () => {
    expect(np.array([1.7, -1.7], { dtype: "int32" }).toArray()).toEqual([1, -1]);
    expect(np.array([0, 2], { dtype: "bool" }).toArray()).toEqual([false, true]);
    expect(np.array([1, 2], { dtype: "float64" }).dtype).toBe("float64");
  });

  it("throws ValueError for ragged nested lists, naming the offending element", () => {
    expect(() => np.array([[1, 2], [3]])).toThrow(ValueError);
    expect(() => np.array([[1, 2], [3]])).toThrow(/ragged nested list — element \[1\] has length 1 where length 2/);
    expect(() => np.array([[1, 2], 3] as never)).toThrow(/ragged/);
    expect(() => np.array([1, [2, 3]] as never)).toThrow(/ragged/);
  });

  it("throws ValueError for non-numeric elements", () => {
    expect(() => np.array([1, "a"] as never)).toThrow(/element \[1\] is string/);
    expect(() => np.array([null] as never)).toThrow(/element \[0\] is null/);
  });

  it("rejects NaN, infinities and overflow into integer dtypes, as NumPy does", () => {
    expect(() => np.array([NaN], { dtype: "int32" })).toThrow(/cannot convert NaN to int32/);
    expect(() => np.array([Infinity], { dtype: "uint32" })).toThrow(ValueError);
    expect(() => np.array([2 ** 31], { dtype: "int32" })).toThrow(/out of range for int32/);
    expect(() => np.array([-1], { dtype: "uint32" })).toThrow(/out of range for uint32/);
    // JS numbers infer float32, so 2**40 is not an integer overflow: it is stored exactly (a power of two).
    const big = np.array([2 ** 40]);
    expect(big.dtype).toBe("float32");
    expect(big.toArray()).toEqual([2 ** 40]);
  });

  it("rejects unknown options and dtypes", () => {
    expect(() => np.array([1], { dtyp: "int32" } as never)).toThrow(OptionError);
    expect(() => np.array([1], { dtype: "int64" } as never)).toThrow(DTypeError);
  });
});

describe("Array", () => {
  const x = np.array([[1, 2, 3], [4, 5, 6]], { dtype: "float32" });

  it("reports shape, dtype, ndim and size", () => {
    expect(x.shape).toEqual([2, 3]);
    expect(x.dtype).toBe("float32");
    expect(x.ndim).toBe(2);
    expect(x.size).toBe(6);
  });

  it("reads values as typed data, nested lists and scalars", async () => {
    expect(x.data()).toBeInstanceOf(Float32Array);
    expect(Array.from(x.data())).toEqual([1, 2, 3, 4, 5, 6]);
    expect(x.toArray()).toEqual([[1, 2, 3], [4, 5, 6]]);
    expect(await x.toArrayAsync()).toEqual([[1, 2, 3], [4, 5, 6]]);
    expect(Array.from(await x.dataAsync())).toEqual([1, 2, 3, 4, 5, 6]);
    expect(np.array(7).item()).toBe(7);
    expect(np.array([true]).item()).toBe(true);
  });

  it("returns copies from data(), so arrays stay immutable", () => {
    const d = x.data();
    d[0] = 100;
    expect(x.data()[0]).toBe(1);
  });

  it("throws ValueError from item() on arrays with several elements", () => {
    expect(() => x.item()).toThrow(ValueError);
    expect(() => x.item()).toThrow(/shape \[2,3\] \(6 elements\)/);
  });

  it("prints like NumPy", () => {
    expect(x.toString()).toBe("Array([[1., 2., 3.],\n       [4., 5., 6.]], dtype=float32)");
    expect(np.array([1, 2], { dtype: "int32" }).toString()).toBe("Array([1, 2], dtype=int32)");
    expect(np.array([true, false]).toString()).toBe("Array([ true, false], dtype=bool)");
    expect(np.array(0.5).toString()).toBe("Array(0.5, dtype=float32)");
    expect(np.array([NaN, Infinity]).toString()).toBe("Array([nan, inf], dtype=float32)");
  });

  it("summarises large arrays with an ellipsis", () => {
    const big = np.array(Array.from({ length: 2000 }, (_, i) => i), { dtype: "int32" });
    expect(big.toString()).toBe("Array([   0,    1,    2, ..., 1997, 1998, 1999], dtype=int32)");
  });

  it("throws DisposedError when used after dispose()", () => {
    const y = np.array([1, 2]) as import("../index.js").ArrayImpl;
    y.dispose();
    expect(y.isDisposed).toBe(true);
    expect(() => y.data()).toThrow(/was disposed/);
  });
});
