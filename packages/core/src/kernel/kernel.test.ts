import { describe, expect, it } from "vitest";
import { allocData, type DataArray, type DType } from "../dtype/dtype.js";
import * as K from "./build.js";
import { interpretKernel } from "./interpret.js";
import { BINARY_OPS, UNARY_OPS, type AluOp, type Kernel } from "./ir.js";
import { JS_HELPERS, renderJsKernel } from "./render/js.js";

function runJs(kernel: Kernel, inputs: DataArray[]): DataArray {
  const out = allocData(kernel.dtype, kernel.size);
  const fn = new Function("ins", "out", "h", renderJsKernel(kernel)) as (i: DataArray[], o: DataArray, h: typeof JS_HELPERS) => void;
  fn(inputs, out, JS_HELPERS);
  return out;
}

function runInterp(kernel: Kernel, inputs: DataArray[]): DataArray {
  const out = allocData(kernel.dtype, kernel.size);
  interpretKernel(kernel, inputs, out);
  return out;
}

const SAMPLES: Record<DType, number[]> = {
  float32: [0, -0, 1, -1, 0.5, -2.5, 3.75, 1e-3, 100, NaN, Infinity, -Infinity, 2.5, 0.3],
  float64: [0, -0, 1, -1, 0.5, -2.5, 3.75, 1e-3, 100, NaN, Infinity, -Infinity, 2.5, 0.3],
  int32: [0, 1, -1, 7, -7, 2147483647, -2147483648, 3, 31, 32, 40, -3, 100, 2],
  uint32: [0, 1, 7, 4294967295, 2147483648, 3, 31, 32, 40, 5, 100, 2, 9, 65536],
  bool: [0, 1, 0, 1, 1, 0, 0, 1, 1, 1, 0, 0, 1, 0],
};

const FLOAT_ONLY = new Set<AluOp>(["exp", "expm1", "log", "log1p", "sqrt", "cbrt", "sin", "cos", "tan", "asin", "acos", "atan", "sinh", "cosh", "tanh", "asinh", "acosh", "atanh", "isnan", "floor", "ceil", "round", "trunc", "atan2"]);
const INT_OR_BOOL = new Set<AluOp>(["not", "and", "or", "xor"]);
const INT_ONLY = new Set<AluOp>(["shl", "shr"]);

function allowed(op: AluOp, d: DType): boolean {
  if (FLOAT_ONLY.has(op)) return d === "float32" || d === "float64";
  if (INT_OR_BOOL.has(op)) return d !== "float32" && d !== "float64";
  if (INT_ONLY.has(op)) return d === "int32" || d === "uint32";
  if (d === "bool") return ["add", "mul", "max", "min", "lt", "le", "eq", "ne"].includes(op);
  return true;
}

describe("renderJsKernel", () => {
  // The interpreter (kernel/scalar.ts) is the spec; generated code must agree bit for bit.
  for (const d of ["float32", "float64", "int32", "uint32", "bool"] as DType[]) {
    const data = allocData(d, SAMPLES[d].length);
    data.set(SAMPLES[d]);
    const other = allocData(d, SAMPLES[d].length);
    other.set([...SAMPLES[d]].reverse());
    for (const op of UNARY_OPS.filter((o) => allowed(o, d))) {
      it(`matches the interpreter on ${op}(${d})`, () => {
        const k: Kernel = { inputs: [d], size: data.length, dtype: op === "isnan" ? "bool" : d, exp: K.unary(op, K.load(0, d, K.GIDX)) };
        expect(Array.from(runJs(k, [data]))).toEqual(Array.from(runInterp(k, [data])));
      });
    }
    for (const op of BINARY_OPS.filter((o) => allowed(o, d))) {
      it(`matches the interpreter on ${op}(${d}, ${d})`, () => {
        const e = K.binary(op, K.load(0, d, K.GIDX), K.load(1, d, K.GIDX));
        const k: Kernel = { inputs: [d, d], size: data.length, dtype: e.dtype, exp: e };
        expect(Array.from(runJs(k, [data, other]))).toEqual(Array.from(runInterp(k, [data, other])));
      });
    }
    for (const to of ["float32", "float64", "int32", "uint32", "bool"] as DType[]) {
      it(`matches the interpreter on cast ${d} -> ${to}`, () => {
        const k: Kernel = { inputs: [d], size: data.length, dtype: to, exp: K.cast(K.load(0, d, K.GIDX), to) };
        expect(Array.from(runJs(k, [data]))).toEqual(Array.from(runInterp(k, [data])));
      });
    }
  }

  it("computes float32 arithmetic with float32 rounding", () => {
    // 16777216 + 1 is not representable in float32 and rounds back to 16777216.
    const a = new Float32Array([16777216]);
    const e = K.add(K.load(0, "float32", K.GIDX), K.constant(1, "float32"));
    expect(runJs({ inputs: ["float32"], size: 1, dtype: "float32", exp: e }, [a])[0]).toBe(16777216);
  });

  it("wraps int32 arithmetic and saturates float-to-int casts", () => {
    const a = new Int32Array([2147483647]);
    const e = K.add(K.load(0, "int32", K.GIDX), K.idx(1));
    expect(runJs({ inputs: ["int32"], size: 1, dtype: "int32", exp: e }, [a])[0]).toBe(-2147483648);
    const f = new Float64Array([1e12, -1e12, NaN, -3.7]);
    const c: Kernel = { inputs: ["float64"], size: 4, dtype: "int32", exp: K.cast(K.load(0, "float64", K.GIDX), "int32") };
    expect(Array.from(runJs(c, [f]))).toEqual([2147483647, -2147483648, 0, -3]);
  });

  it("reduces with sum, max and argmax including NaN (first NaN wins argmax, as NumPy)", () => {
    const x = new Float32Array([1, 5, 2, NaN, 7, 7]);
    // Two rows of three: row 0 = [1, 5, 2], row 1 = [NaN, 7, 7].
    const body = K.load(0, "float32", K.add(K.mul(K.GIDX, K.idx(3)), K.RIDX));
    const sum: Kernel = { inputs: ["float32"], size: 2, dtype: "float32", exp: body, reduction: { op: "sum", size: 3, accDtype: "float32" } };
    const out = runJs(sum, [x]);
    expect(out[0]).toBe(8);
    expect(Number.isNaN(out[1])).toBe(true);
    const am: Kernel = { inputs: ["float32"], size: 2, dtype: "int32", exp: body, reduction: { op: "argmax", size: 3, accDtype: "int32" } };
    expect(Array.from(runJs(am, [x]))).toEqual([1, 0]);
    expect(Array.from(runInterp(am, [x]))).toEqual([1, 0]);
  });

  it("applies an epilogue to the accumulator (mean = sum / n)", () => {
    const x = new Float64Array([1, 2, 3, 4]);
    const k: Kernel = {
      inputs: ["float64"],
      size: 1,
      dtype: "float64",
      exp: K.load(0, "float64", K.RIDX),
      reduction: { op: "sum", size: 4, accDtype: "float64", epilogue: K.div(K.acc("float64"), K.constant(4, "float64")) },
    };
    expect(runJs(k, [x])[0]).toBe(2.5);
    expect(runInterp(k, [x])[0]).toBe(2.5);
  });

  it("binds a repeated subexpression once and hoists it out of the reduction loop", () => {
    const x = K.load(0, "float32", K.GIDX);
    const sq = K.mul(x, x);
    const body = K.add(K.mul(sq, sq), K.load(1, "float32", K.RIDX));
    const src = renderJsKernel({ inputs: ["float32", "float32"], size: 4, dtype: "float32", exp: body, reduction: { op: "sum", size: 8, accDtype: "float32" } });
    expect(src.match(/in0\[gidx\]/g)?.length).toBe(1);
    expect(src.indexOf("const t")).toBeLessThan(src.indexOf("for (let ridx"));
  });
});

describe("kernel builders", () => {
  it("fold constants and drop identities", () => {
    expect(K.add(K.idx(2), K.idx(3)).key).toBe(K.idx(5).key);
    const x = K.load(0, "int32", K.GIDX);
    expect(K.mul(x, K.idx(1))).toBe(x);
    expect(K.add(x, K.idx(0))).toBe(x);
    expect(K.mul(x, K.idx(0)).key).toBe(K.idx(0).key);
  });

  it("ravel of an unravelled index over the same shape is the flat index itself", () => {
    const parts = K.unravel(K.GIDX, [2, 3, 4]);
    expect(K.ravel(parts, [2, 3, 4])).toBe(K.GIDX);
    expect(K.ravel(parts, [6, 4])).not.toBe(K.GIDX);
  });

  it("rejects mixed-dtype operands", () => {
    expect(() => K.add(K.idx(1), K.constant(1, "float32"))).toThrow(/operand dtypes differ/);
  });
});
