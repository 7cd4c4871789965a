import { describe, expect, it } from "vitest";
import { DTypeError, np, ShapeError } from "../index.js";
import { expectAllclose } from "../testing/index.js";

const f32 = (v: unknown) => np.array(v as number[], { dtype: "float32" });
const i32 = (v: unknown) => np.array(v as number[], { dtype: "int32" });

describe("add", () => {
  it("broadcasts a row against a column (NumPy rules)", () => {
    const out = np.add(np.array([[1], [2]]), np.array([10, 20, 30]));
    expect(out.shape).toEqual([2, 3]);
    expect(out.toArray()).toEqual([[11, 21, 31], [12, 22, 32]]);
  });

  it("keeps a strong dtype against weak JS scalars (JAX promotion)", () => {
    expect(np.add(np.array([1, 2], { dtype: "uint32" }), 1).dtype).toBe("uint32");
    expect(np.add(f32([1]), 1).dtype).toBe("float32");
    expect(np.add(i32([1, 2]), 1).dtype).toBe("int32");
    expect(np.add(i32([1, 2]), 0.5).dtype).toBe("float32");
    expect(np.add(i32([1, 2]), 0.5).toArray()).toEqual([1.5, 2.5]);
    expect(np.add(np.array([1], { dtype: "float64" }), f32([1])).dtype).toBe("float64");
    expect(np.add(i32([1]), f32([1])).dtype).toBe("float32");
  });

  it("treats bool + bool as logical or, and bool + int as int32", () => {
    expect(np.add(np.array([true, false]), np.array([true, false])).toArray()).toEqual([true, false]);
    expect(np.add(np.array([true, false]), 1).toArray()).toEqual([2, 1]);
  });

  it("wraps int32 overflow like C", () => {
    expect(np.add(np.array([2147483647], { dtype: "int32" }), 1).toArray()).toEqual([-2147483648]);
  });

  it("handles zero-size operands", () => {
    const z = np.add(np.array([[], []]), 1);
    expect(z.shape).toEqual([2, 0]);
    expect(z.toArray()).toEqual([[], []]);
  });

  it("throws ShapeError naming both shapes when they do not broadcast", () => {
    expect(() => np.add(np.array([1, 2, 3]), np.array([1, 2]))).toThrow(ShapeError);
    expect(() => np.add(np.array([1, 2, 3]), np.array([1, 2]))).toThrow(/add: shapes \[3\] and \[2\] cannot be broadcast/);
  });
});

describe("divide", () => {
  it("promotes integers to float32 (true division)", () => {
    const out = np.divide(i32([1, 2, 3]), 2);
    expect(out.dtype).toBe("float32");
    expect(out.toArray()).toEqual([0.5, 1, 1.5]);
  });

  it("gives ±inf and nan for division by zero", () => {
    expect(np.divide(f32([1, -1, 0]), 0).toArray()).toEqual([Infinity, -Infinity, NaN]);
  });
});

describe("floorDivide and remainder", () => {
  // NumPy: -7 // 2 = -4, 7 // -2 = -4; -7 % 3 = 2, 7 % -3 = -2.
  it("round toward -inf and take the divisor's sign on ints", () => {
    expect(np.floorDivide(i32([-7, 7, 7, -8]), i32([2, -2, 2, 2])).toArray()).toEqual([-4, -4, 3, -4]);
    expect(np.floorDivide(i32([-7, 7, 7, -8]), i32([2, -2, 2, 2])).dtype).toBe("int32");
    expect(np.remainder(i32([-7, 7, 6]), i32([3, -3, 3])).toArray()).toEqual([2, -2, 0]);
  });

  it("do the same on floats", () => {
    expect(np.floorDivide(f32([-7, 7.5]), 2).toArray()).toEqual([-4, 3]);
    expect(np.mod(f32([-7.5, 7.5]), 2).toArray()).toEqual([0.5, 1.5]);
    expect(np.fmod(f32([-7.5, 7.5]), 2).toArray()).toEqual([-1.5, 1.5]);
  });
});

describe("power", () => {
  it("computes integer powers exactly and float powers", () => {
    expect(np.power(i32([2, 3, -2]), 3).toArray()).toEqual([8, 27, -8]);
    expect(np.power(i32([2, 3]), 31).toArray()).toEqual([-2147483648, 1264544299]); // 2^31 and 3^31 wrap mod 2^32 (3^31 mod 2^32 = 1264544299 < 2^31)
    expectAllclose(np.power(f32([4, 2]), 0.5), [2, Math.SQRT2]);
  });
});

describe("unary math", () => {
  it("promotes integers to float32 for transcendental functions", () => {
    const e = np.exp(i32([0, 1]));
    expect(e.dtype).toBe("float32");
    expectAllclose(e, [1, Math.E]);
  });

  it("matches closed forms", () => {
    const x = np.array([0.5, 1, 2], { dtype: "float64" });
    expectAllclose(np.log(x), [Math.log(0.5), 0, Math.LN2], { rtol: 1e-15 });
    expectAllclose(np.log2(x), [-1, 0, 1], { rtol: 1e-15 });
    expectAllclose(np.log10(np.array([10, 1000], { dtype: "float64" })), [1, 3], { rtol: 1e-15 });
    expectAllclose(np.exp2(x), [Math.SQRT2, 2, 4], { rtol: 1e-15 });
    expectAllclose(np.sqrt(x), [Math.SQRT1_2, 1, Math.SQRT2], { rtol: 1e-15 });
    expectAllclose(np.cbrt(np.array([27, -8], { dtype: "float64" })), [3, -2], { rtol: 1e-15 });
    expectAllclose(np.sin(np.array([Math.PI / 2, Math.PI / 6], { dtype: "float64" })), [1, 0.5], { rtol: 1e-15 });
    expectAllclose(np.cos(np.array([0, Math.PI / 3], { dtype: "float64" })), [1, 0.5], { rtol: 1e-15 });
    expectAllclose(np.tan(np.array([Math.PI / 4], { dtype: "float64" })), [1], { rtol: 1e-15 });
    expectAllclose(np.arcsin(np.array([1], { dtype: "float64" })), [Math.PI / 2], { rtol: 1e-15 });
    expectAllclose(np.arccos(np.array([0], { dtype: "float64" })), [Math.PI / 2], { rtol: 1e-15 });
    expectAllclose(np.arctan(np.array([1], { dtype: "float64" })), [Math.PI / 4], { rtol: 1e-15 });
    expectAllclose(np.arctan2(np.array([1], { dtype: "float64" }), np.array([-1], { dtype: "float64" })), [(3 * Math.PI) / 4], { rtol: 1e-15 });
    // sinh(1) = (e - 1/e)/2, cosh(1) = (e + 1/e)/2, tanh(1) = sinh/cosh.
    const s = (Math.E - 1 / Math.E) / 2;
    const c = (Math.E + 1 / Math.E) / 2;
    expectAllclose(np.sinh(np.array([1], { dtype: "float64" })), [s], { rtol: 1e-15 });
    expectAllclose(np.cosh(np.array([1], { dtype: "float64" })), [c], { rtol: 1e-15 });
    expectAllclose(np.tanh(np.array([1], { dtype: "float64" })), [s / c], { rtol: 1e-15 });
    expectAllclose(np.arcsinh(np.array([s], { dtype: "float64" })), [1], { rtol: 1e-15 });
    expectAllclose(np.arccosh(np.array([c], { dtype: "float64" })), [1], { rtol: 1e-15 });
    expectAllclose(np.arctanh(np.array([s / c], { dtype: "float64" })), [1], { rtol: 1e-14 });
    expectAllclose(np.expm1(np.array([1e-10], { dtype: "float64" })), [1.00000000005e-10], { rtol: 1e-15 });
    expectAllclose(np.log1p(np.array([1e-10], { dtype: "float64" })), [9.9999999995e-11], { rtol: 1e-15 });
    expectAllclose(np.deg2rad(np.array([180])), [Math.PI]);
    expectAllclose(np.rad2deg(np.array([Math.PI], { dtype: "float64" })), [180], { rtol: 1e-15 });
    expectAllclose(np.hypot(np.array([3]), np.array([4])), [5]);
    expectAllclose(np.reciprocal(np.array([4])), [0.25]);
    expect(np.square(np.array([-3])).toArray()).toEqual([9]);
  });

  it("rounds half to even and leaves integers unchanged", () => {
    expect(np.round(f32([0.5, 1.5, 2.5, -0.5, -1.5])).toArray()).toEqual([0, 2, 2, -0, -2]);
    expectAllclose(np.round(f32([1.2345, 2.675]), 2), [1.23, 2.68]);
    expect(np.floor(f32([-1.5, 1.5])).toArray()).toEqual([-2, 1]);
    expect(np.ceil(f32([-1.5, 1.5])).toArray()).toEqual([-1, 2]);
    expect(np.trunc(f32([-1.5, 1.5])).toArray()).toEqual([-1, 1]);
    const ints = i32([1, 2]);
    expect(np.floor(ints)).toBe(ints);
  });

  it("computes sign, abs and negative for every numeric dtype", () => {
    expect(np.sign(f32([-2, 0, 3, NaN])).toArray()).toEqual([-1, 0, 1, NaN]);
    expect(np.sign(np.array([-2, 0, 3])).toArray()).toEqual([-1, 0, 1]);
    expect(np.abs(np.array([-2, 3])).toArray()).toEqual([2, 3]);
    expect(np.negative(f32([1, -2])).toArray()).toEqual([-1, 2]);
  });

  it("throws DTypeError for negative of bool", () => {
    expect(() => np.negative(np.array([true]))).toThrow(DTypeError);
    expect(() => np.negative(np.array([true]))).toThrow(/neg: got an operand of type bool\[1\]/);
  });

  it("computes logaddexp without overflow", () => {
    expectAllclose(np.logaddexp(f32([1000, 0, -Infinity]), f32([1000, 0, 2])), [1000 + Math.LN2, Math.LN2, 2]);
  });
});

describe("comparisons and predicates", () => {
  it("compare with broadcasting and promotion, producing bool", () => {
    const x = np.array([1, 2, 3]);
    expect(np.less(x, 2).toArray()).toEqual([true, false, false]);
    expect(np.lessEqual(x, 2).toArray()).toEqual([true, true, false]);
    expect(np.greater(x, 2.5).toArray()).toEqual([false, false, true]);
    expect(np.greaterEqual(x, 2).dtype).toBe("bool");
    expect(np.equal(x, np.array([[1], [3]])).toArray()).toEqual([[true, false, false], [false, false, true]]);
    expect(np.notEqual(f32([NaN]), f32([NaN])).toArray()).toEqual([true]);
  });

  it("detect nan, inf and finite values", () => {
    const x = f32([NaN, Infinity, -Infinity, 1]);
    expect(np.isnan(x).toArray()).toEqual([true, false, false, false]);
    expect(np.isinf(x).toArray()).toEqual([false, true, true, false]);
    expect(np.isfinite(x).toArray()).toEqual([false, false, false, true]);
    expect(np.isnan(np.array([1])).toArray()).toEqual([false]);
  });

  it("isclose respects rtol, atol, infinities and equalNan", () => {
    expect(np.isclose(f32([1, 1, Infinity, NaN]), f32([1.000001, 1.1, Infinity, NaN])).toArray()).toEqual([true, false, true, false]);
    expect(np.isclose(f32([NaN]), f32([NaN]), { equalNan: true }).toArray()).toEqual([true]);
    expect(np.isclose(f32([1]), f32([1.1]), { atol: 0.2 }).toArray()).toEqual([true]);
    expect(() => np.isclose(1, 1, { tol: 1 } as never)).toThrow(/isclose: unknown option 'tol'/);
  });
});

describe("logical and bitwise", () => {
  it("combine truth values of any dtype", () => {
    expect(np.logicalAnd(np.array([1, 0, 2]), np.array([true, true, false])).toArray()).toEqual([true, false, false]);
    expect(np.logicalOr(np.array([0, 0]), np.array([0, 1])).toArray()).toEqual([false, true]);
    expect(np.logicalXor(np.array([true, true]), np.array([true, false])).toArray()).toEqual([false, true]);
    expect(np.logicalNot(f32([0, 0.5])).toArray()).toEqual([true, false]);
  });

  it("compute bitwise ops and shifts on integers", () => {
    expect(np.bitwiseAnd(i32([12]), 10).toArray()).toEqual([8]);
    expect(np.bitwiseOr(i32([12]), 10).toArray()).toEqual([14]);
    expect(np.bitwiseXor(i32([12]), 10).toArray()).toEqual([6]);
    expect(np.bitwiseNot(i32([0, -1])).toArray()).toEqual([-1, 0]);
    expect(np.invert(np.array([true])).toArray()).toEqual([false]);
    expect(np.leftShift(i32([1, 1]), i32([4, 32])).toArray()).toEqual([16, 0]);
    expect(np.rightShift(i32([-16]), 2).toArray()).toEqual([-4]);
    expect(np.rightShift(np.array([4294967280], { dtype: "uint32" }), 4).toArray()).toEqual([268435455]);
  });

  it("reject float operands with DTypeError", () => {
    expect(() => np.bitwiseAnd(f32([1]), 1)).toThrow(/bitwiseAnd: bitwise operations need integer or bool operands, got float32/);
    expect(() => np.bitwiseNot(f32([1]))).toThrow(DTypeError);
  });
});

describe("where and clip", () => {
  it("where broadcasts condition and branches and promotes branches", () => {
    const out = np.where(np.array([[true], [false]]), i32([1, 2]), 0.5);
    expect(out.dtype).toBe("float32");
    expect(out.toArray()).toEqual([[1, 2], [0.5, 0.5]]);
    expect(np.where(np.array([0, 3]), 1, 2).toArray()).toEqual([2, 1]);
  });

  it("clip limits to bounds and accepts null for an open side", () => {
    expect(np.clip(np.array([-5, 0, 5]), -1, 1).toArray()).toEqual([-1, 0, 1]);
    expect(np.clip(np.array([-5, 5]), null, 1).toArray()).toEqual([-5, 1]);
    expect(np.clip(np.array([-5, 5]), 0, null).toArray()).toEqual([0, 5]);
  });

  it("maximum and minimum propagate NaN", () => {
    expect(np.maximum(f32([1, NaN]), f32([2, 0])).toArray()).toEqual([2, NaN]);
    expect(np.minimum(f32([1, NaN]), f32([2, 0])).toArray()).toEqual([1, NaN]);
  });
});

describe("astype", () => {
  it("truncates toward zero, maps NaN to 0 and saturates out-of-range floats (XLA rules)", () => {
    expect(np.astype(f32([1.9, -1.9, NaN, 1e10, -1e10]), "int32").toArray()).toEqual([1, -1, 0, 2147483647, -2147483648]);
    expect(np.astype(f32([-3, 3.5]), "uint32").toArray()).toEqual([0, 3]);
    expect(np.astype(i32([0, 2]), "bool").toArray()).toEqual([false, true]);
    expect(np.astype(i32([-1]), "uint32").toArray()).toEqual([4294967295]);
    expect(np.astype(i32([16777217]), "float32").toArray()).toEqual([16777216]);
  });

  it("rejects unknown dtypes", () => {
    expect(() => np.astype(np.array([1]), "int8" as never)).toThrow(/astype: unsupported dtype "int8"/);
  });
});
