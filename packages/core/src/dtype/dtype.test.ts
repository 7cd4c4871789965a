import { describe, expect, it } from "vitest";
import { DTypeError } from "../errors/errors.js";
import { checkDType, promoteTypes, scalarDType, setDefaultFloatDType, getDefaultFloatDType } from "./dtype.js";

describe("promoteTypes", () => {
  // Expected values: JAX's type-promotion table (jax.numpy.promote_types, x64 disabled for ints).
  it.each([
    ["bool", "bool", "bool"],
    ["bool", "int32", "int32"],
    ["bool", "float32", "float32"],
    ["int32", "uint32", "int32"],
    ["int32", "float32", "float32"],
    ["uint32", "float32", "float32"],
    ["int32", "float64", "float64"],
    ["float32", "float64", "float64"],
  ] as const)("promotes %s and %s to %s (strong operands)", (a, b, out) => {
    expect(promoteTypes(a, b)).toEqual({ dtype: out, weak: false });
    expect(promoteTypes(b, a)).toEqual({ dtype: out, weak: false });
  });

  it("keeps a strong operand's dtype against a weak scalar of the same kind", () => {
    expect(promoteTypes("float32", "float32", false, true).dtype).toBe("float32");
    expect(promoteTypes("uint32", "int32", false, true)).toEqual({ dtype: "uint32", weak: false });
    expect(promoteTypes("float64", "float32", false, true).dtype).toBe("float64");
  });

  it("lifts an integer array to the default float against a weak float scalar", () => {
    expect(promoteTypes("int32", "float32", false, true)).toEqual({ dtype: "float32", weak: false });
  });

  it("is weak only when both operands are weak", () => {
    expect(promoteTypes("int32", "int32", true, true)).toEqual({ dtype: "int32", weak: true });
    expect(promoteTypes("int32", "float32", true, true)).toEqual({ dtype: "float32", weak: true });
  });
});

describe("scalarDType", () => {
  it("types booleans as bool, integral numbers as int32 and others as the default float", () => {
    expect(scalarDType(true)).toBe("bool");
    expect(scalarDType(3)).toBe("int32");
    expect(scalarDType(-0.5)).toBe("float32");
    expect(scalarDType(NaN)).toBe("float32");
    expect(scalarDType(2 ** 40)).toBe("float32");
  });
});

describe("checkDType", () => {
  it("throws DTypeError naming the bad dtype and listing the supported ones", () => {
    expect(() => checkDType("zeros", "int64")).toThrow(DTypeError);
    expect(() => checkDType("zeros", "int64")).toThrow(/zeros: unsupported dtype "int64"; the dtypes are bool, int32/);
  });
});

describe("setDefaultFloatDType", () => {
  it("switches the default float and rejects non-float dtypes", () => {
    setDefaultFloatDType("float64");
    expect(getDefaultFloatDType()).toBe("float64");
    expect(scalarDType(0.5, getDefaultFloatDType())).toBe("float64");
    setDefaultFloatDType("float32");
    expect(() => setDefaultFloatDType("int32")).toThrow(/not a float dtype/);
  });
});
