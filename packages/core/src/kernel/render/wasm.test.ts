import { describe, expect, it } from "vitest";
import { np, jit, type Array } from "../../index.js";
import { CpuBackend } from "../../backends/cpu/CpuBackend.js";
import { compileWasmKernel, WasmArena, wasmDisabledByEnv, wasmSimdSupported } from "../../backends/cpu/wasm.js";
import { allocData, type DataArray, type DType } from "../../dtype/dtype.js";
import { OptionError } from "../../errors/errors.js";
import { expectAllclose } from "../../testing/index.js";
import * as K from "../build.js";
import { interpretKernel } from "../interpret.js";
import type { AluOp, Exp, Kernel } from "../ir.js";
import { logistic } from "../math.js";
import { JS_HELPERS } from "./js.js";
import { renderWasmKernel } from "./wasm.js";
import { assembleModule, WasmCode, writeSleb, writeUleb } from "./wasmBinary.js";
import { WASM_MATH_ULPS } from "./wasmMath.js";

const LENGTHS = [0, 1, 3, 4, 5, 1023];

/** mulberry32: a deterministic stream of floats in [0, 1). */
function rng(seed: number): () => number {
  let s = seed | 0;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Float32 values that stress the semantics: NaN, ±0, ±Infinity, denormals, halves, int32 limits. */
const F32_SPECIALS = [
  NaN, 0, -0, Infinity, -Infinity, 1e-45, -1e-45, 1e-40, -1e-40, 1.1754942e-38, 1.17549435e-38,
  0.5, -0.5, 1.5, -1.5, 2.5, -2.5, 0.49999997, -0.49999997, 8388607.5, -8388608.5, 16777217,
  2147483520, 2147483648, -2147483648, -2147483904, 3e38, -3e38, 1, -1, 3, -7,
];

function randomF32(n: number, seed: number): Float32Array {
  const r = rng(seed);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const u = r();
    if (u < 0.25) out[i] = F32_SPECIALS[Math.floor(r() * F32_SPECIALS.length)] as number;
    else if (u < 0.5) out[i] = (r() - 0.5) * 16; // small values: many exact halves after rounding
    else out[i] = (r() < 0.5 ? -1 : 1) * 2 ** Math.floor(r() * 260 - 140) * (1 + r()); // every exponent, denormals included
  }
  return out;
}

const I32_SPECIALS = [0, 1, -1, 2, -2, 31, 32, 2147483647, -2147483648, 65536, -65537];

function randomI32(n: number, seed: number): Int32Array {
  const r = rng(seed);
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    out[i] = r() < 0.3 ? (I32_SPECIALS[Math.floor(r() * I32_SPECIALS.length)] as number) : r() < 0.5 ? Math.floor((r() - 0.5) * 20) : (r() * 2 ** 32) | 0;
  }
  return out;
}

function randomBool(n: number, seed: number): Uint8Array {
  const r = rng(seed);
  return Uint8Array.from({ length: n }, () => (r() < 0.5 ? 1 : 0));
}

function randomInput(d: DType, n: number, seed: number): DataArray {
  return d === "float32" ? randomF32(n, seed) : d === "int32" ? randomI32(n, seed) : randomBool(n, seed);
}

const arena = wasmSimdSupported() ? new WasmArena() : undefined;

function runWasm(kernel: Kernel, inputs: readonly DataArray[]): DataArray {
  const runner = compileWasmKernel(kernel, arena as WasmArena);
  if (!runner) throw new Error(`kernel was not accepted by the wasm renderer: ${kernel.exp.key}`);
  const out = allocData(kernel.dtype, kernel.size);
  // Stale values in the output must be overwritten.
  out.fill(7);
  expect(runner.run(inputs, out)).toBe(true);
  return out;
}

function runInterp(kernel: Kernel, inputs: readonly DataArray[]): DataArray {
  const out = allocData(kernel.dtype, kernel.size);
  interpretKernel(kernel, inputs, out);
  return out;
}

/** Compares element by element with Object.is: ±0 differ, NaN equals NaN (JS does not keep NaN payloads). */
function expectSameBits(actual: DataArray, expected: DataArray, what: string): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < actual.length; i++) {
    if (!Object.is(actual[i], expected[i])) {
      throw new Error(`${what}: element ${i} is ${actual[i]} but the interpreter gives ${expected[i]}`);
    }
  }
}

const ordBuf = new DataView(new ArrayBuffer(4));

/** A float32's position on the number line in ulps: consecutive floats differ by 1, and ±0 are both 0. */
function ulpIndex(v: number): number {
  ordBuf.setFloat32(0, v);
  const bits = ordBuf.getInt32(0);
  return bits < 0 ? -(bits & 0x7fffffff) : bits;
}

/**
 * The distance in float32 ulps between two float32 values: 0 for equal values (NaN and NaN
 * included), Infinity when exactly one is NaN or the two zeros' signs differ (a sign of zero is
 * exact or wrong). Infinity is one ulp past the largest finite float.
 */
function ulpDistance(a: number, b: number): number {
  if (a !== a || b !== b) return a !== a && b !== b ? 0 : Infinity;
  if (a === 0 && b === 0) return Object.is(a, b) ? 0 : Infinity;
  return Math.abs(ulpIndex(a) - ulpIndex(b));
}

/** Compares element by element: at most `ulps` float32 ulps apart (see ulpDistance). */
function expectWithinUlps(actual: DataArray, expected: DataArray, ulps: number, what: string): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < actual.length; i++) {
    if (ulpDistance(actual[i] as number, expected[i] as number) > ulps) {
      throw new Error(`${what}: element ${i} is ${actual[i]} but the interpreter gives ${expected[i]} (more than ${ulps} ulps apart)`);
    }
  }
}

/**
 * Checks a kernel builder on every length: the wasm module agrees with interpretKernel bit for
 * bit, or within `ulps` float32 ulps for kernels with approximated functions (exp, log, tanh…).
 */
function checkAgainstInterpreter(
  name: string,
  inputDtypes: readonly DType[],
  build: (loads: Exp[]) => Exp,
  outDtype?: DType,
  ulps = 0,
): void {
  LENGTHS.forEach((n, li) => {
    const loads = inputDtypes.map((d, slot) => K.load(slot, d, K.GIDX));
    let exp = build(loads);
    if (outDtype && exp.dtype !== outDtype) exp = K.cast(exp, outDtype);
    const kernel: Kernel = { inputs: inputDtypes, size: n, dtype: exp.dtype, exp };
    const inputs = inputDtypes.map((d, slot) => randomInput(d, n, 1000 * li + 17 * slot + name.length));
    if (ulps === 0) expectSameBits(runWasm(kernel, inputs), runInterp(kernel, inputs), `${name} (n=${n})`);
    else expectWithinUlps(runWasm(kernel, inputs), runInterp(kernel, inputs), ulps, `${name} (n=${n})`);
  });
}

const maybe = wasmSimdSupported() ? describe : describe.skip;

describe("wasm binary writer", () => {
  it("encodes unsigned LEB128 like the spec's examples", () => {
    // 624485 = 0b1001_1000011_1100101 → groups 1100101, 0001110, 0100110 → E5 8E 26.
    const cases: [number, number[]][] = [[0, [0x00]], [127, [0x7f]], [128, [0x80, 0x01]], [624485, [0xe5, 0x8e, 0x26]], [0xffffffff, [0xff, 0xff, 0xff, 0xff, 0x0f]]];
    for (const [n, bytes] of cases) {
      const out: number[] = [];
      writeUleb(out, n);
      expect(out).toEqual(bytes);
    }
  });

  it("encodes signed LEB128 like the spec's examples", () => {
    // -123456 in 21-bit two's complement = 1111000_0111011_1000000 → C0 BB 78; 64 needs a second byte for its sign.
    const cases: [number, number[]][] = [[0, [0x00]], [-1, [0x7f]], [63, [0x3f]], [64, [0xc0, 0x00]], [-64, [0x40]], [-65, [0xbf, 0x7f]], [-123456, [0xc0, 0xbb, 0x78]]];
    for (const [n, bytes] of cases) {
      const out: number[] = [];
      writeSleb(out, n);
      expect(out).toEqual(bytes);
    }
  });

  it("assembles a module with the wasm header and sections in order", () => {
    const code = new WasmCode().i32Const(1).op("drop");
    const bytes = assembleModule({ functions: [{ name: "f", params: [], results: [], locals: [], code }] });
    // Magic, version 1, then the type section (id 1) declaring one type: func () -> ().
    expect(globalThis.Array.from(bytes.subarray(0, 15))).toEqual([0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 1, 4, 1, 0x60, 0, 0, 3]);
    expect(code.lines).toEqual(["i32.const 1", "drop"]);
  });

  it("numbers imported functions before the module's own and calls them", () => {
    // f(x) = math.twice(x), with the import at index 0: the exported f is function 1.
    const body = new WasmCode().localGet(0).call(0);
    expect(body.lines).toEqual(["local.get 0", "call 0"]);
    const bytes = assembleModule({
      imports: [{ module: "math", name: "twice", params: ["f64"], results: ["f64"] }],
      functions: [{ name: "f", params: ["f64"], results: ["f64"], locals: [], code: body }],
    });
    // The project compiles without DOM typings: the parts of the WebAssembly API used here.
    const api = (globalThis as unknown as { WebAssembly: { Module: new (b: Uint8Array) => object; Instance: new (m: object, i: object) => { exports: Record<string, unknown> } } }).WebAssembly;
    const instance = new api.Instance(new api.Module(bytes), { math: { twice: (v: number) => 2 * v } });
    expect((instance.exports["f"] as (v: number) => number)(21)).toBe(42);
  });

  it("rejects shuffles without 16 lane indices in [0, 32)", () => {
    expect(() => new WasmCode().shuffle([0, 1, 2])).toThrow(/16 lane indices/);
    expect(() => new WasmCode().shuffle(globalThis.Array.from({ length: 16 }, () => 32))).toThrow(/16 lane indices/);
  });

  it("rejects unclosed blocks and out-of-range LEB128 values", () => {
    const code = new WasmCode().loop();
    expect(() => assembleModule({ functions: [{ name: "f", params: [], results: [], locals: [], code }] })).toThrow(/unclosed blocks/);
    const cond = new WasmCode().i32Const(1).if();
    expect(() => assembleModule({ functions: [{ name: "g", params: [], results: [], locals: [], code: cond }] })).toThrow(/unclosed blocks/);
    expect(() => writeUleb([], -1)).toThrow(/not a u32/);
    expect(() => writeSleb([], 2 ** 31)).toThrow(/not an i32/);
  });
});

maybe("renderWasmKernel", () => {
  it("detects WebAssembly SIMD on this host (Node 20 has it)", () => {
    expect(wasmSimdSupported()).toBe(true);
  });

  const F = "float32";
  const I = "int32";
  const B = "bool";
  const floatUnary: AluOp[] = ["neg", "abs", "sqrt", "floor", "ceil", "trunc", "round", "sign"];
  for (const op of floatUnary) {
    it(`matches the interpreter bit for bit for float32 ${op}`, () => {
      checkAgainstInterpreter(`f32 ${op}`, [F], ([x]) => K.unary(op, x as Exp));
    });
  }

  const floatBinary: AluOp[] = ["add", "sub", "mul", "div", "max", "min"];
  for (const op of floatBinary) {
    it(`matches the interpreter bit for bit for float32 ${op}`, () => {
      checkAgainstInterpreter(`f32 ${op}`, [F, F], ([x, y]) => K.binary(op, x as Exp, y as Exp));
    });
  }

  for (const op of ["lt", "le", "eq", "ne"] as AluOp[]) {
    it(`matches the interpreter for float32 ${op} (as a where mask and as a cast)`, () => {
      checkAgainstInterpreter(`f32 ${op} where`, [F, F], ([x, y]) => K.where(K.binary(op, x as Exp, y as Exp), x as Exp, y as Exp));
      checkAgainstInterpreter(`f32 ${op} cast`, [F, F], ([x, y]) => K.cast(K.binary(op, x as Exp, y as Exp), F));
    });
  }

  it("matches the interpreter for isnan and x != 0 (float32 → bool)", () => {
    checkAgainstInterpreter("isnan", [F], ([x]) => K.cast(K.unary("isnan", x as Exp), I));
    checkAgainstInterpreter("f32→bool", [F], ([x]) => K.cast(K.cast(x as Exp, B), F));
  });

  it("matches the interpreter for float32 ↔ int32 casts (saturating, NaN → 0, round to nearest even)", () => {
    checkAgainstInterpreter("f32→i32", [F], ([x]) => K.cast(x as Exp, I));
    checkAgainstInterpreter("i32→f32", [I], ([x]) => K.cast(x as Exp, F));
  });

  const intUnary: AluOp[] = ["neg", "abs", "not", "sign", "floor", "ceil", "round", "trunc"];
  for (const op of intUnary) {
    it(`matches the interpreter bit for bit for int32 ${op}`, () => {
      checkAgainstInterpreter(`i32 ${op}`, [I], ([x]) => K.unary(op, x as Exp));
    });
  }

  const intBinary: AluOp[] = ["add", "sub", "mul", "max", "min", "and", "or", "xor"];
  for (const op of intBinary) {
    it(`matches the interpreter bit for bit for int32 ${op} (wrapping)`, () => {
      checkAgainstInterpreter(`i32 ${op}`, [I, I], ([x, y]) => K.binary(op, x as Exp, y as Exp));
    });
  }

  it("matches the interpreter for int32 comparisons and int32 isnan", () => {
    for (const op of ["lt", "le", "eq", "ne"] as AluOp[]) {
      checkAgainstInterpreter(`i32 ${op}`, [I, I], ([x, y]) => K.where(K.binary(op, x as Exp, y as Exp), x as Exp, y as Exp));
    }
    checkAgainstInterpreter("i32 isnan", [I], ([x]) => K.cast(K.unary("isnan", x as Exp), I));
  });

  it("matches the interpreter for shifts by literal amounts, in and out of [0, 32)", () => {
    for (const s of [0, 1, 5, 31, 32, 40, -1]) {
      checkAgainstInterpreter(`shl ${s}`, [I], ([x]) => K.binary("shl", x as Exp, K.idx(s)));
      checkAgainstInterpreter(`shr ${s}`, [I], ([x]) => K.binary("shr", x as Exp, K.idx(s)));
    }
  });

  it("matches the interpreter for bool logic, comparisons of bools, and bool inputs", () => {
    const ops: AluOp[] = ["and", "or", "xor", "add", "mul", "max", "min", "lt", "le", "eq", "ne"];
    for (const op of ops) {
      checkAgainstInterpreter(`bool ${op}`, [B, B, F], ([p, q, x]) => K.where(K.binary(op, p as Exp, q as Exp), x as Exp, K.constant(-2, F)));
    }
    checkAgainstInterpreter("bool not", [B, F], ([p, x]) => K.where(K.unary("not", p as Exp), x as Exp, K.constant(0.25, F)));
    checkAgainstInterpreter("bool → f32/i32", [B], ([p]) => K.add(K.cast(p as Exp, F), K.cast(K.cast(p as Exp, I), F)));
    checkAgainstInterpreter("i32 → bool", [I], ([x]) => K.cast(K.cast(x as Exp, B), I));
  });

  it("matches the interpreter for broadcast scalars (constant-index loads) of every dtype", () => {
    for (const n of LENGTHS) {
      const x = K.load(0, F, K.GIDX);
      const a = K.load(1, F, K.idx(2));
      const c = K.load(2, I, K.idx(0));
      const p = K.load(3, B, K.idx(1));
      const exp = K.where(p, K.add(K.mul(x, a), K.cast(c, F)), K.sub(x, a));
      const kernel: Kernel = { inputs: [F, F, I, B], size: n, dtype: F, exp };
      for (const flag of [0, 1]) {
        const inputs = [randomF32(n, n), Float32Array.of(9, -0, 1.25), Int32Array.of(-3), Uint8Array.of(0, flag)];
        expectSameBits(runWasm(kernel, inputs), runInterp(kernel, inputs), `broadcast (n=${n}, flag=${flag})`);
      }
      // Only invariant values: computed once before the loop, stored in every lane.
      const fill: Kernel = { inputs: [F], size: n, dtype: F, exp: K.mul(K.load(0, F, K.idx(1)), K.constant(2, F)) };
      expectSameBits(runWasm(fill, [Float32Array.of(0, -1.5)]), runInterp(fill, [Float32Array.of(0, -1.5)]), `fill (n=${n})`);
    }
  });

  it("matches the interpreter when gidx is a value (iota-like kernels)", () => {
    checkAgainstInterpreter("gidx f32", [F], ([x]) => K.mul(K.cast(K.GIDX, F), x as Exp));
    checkAgainstInterpreter("gidx i32", [I], ([x]) => K.add(K.GIDX, x as Exp));
  });

  const mathOps: AluOp[] = ["exp", "expm1", "log", "log1p", "tanh", "sin", "cos"];
  for (const op of mathOps) {
    it(`matches the interpreter within ${WASM_MATH_ULPS[op]} ulp for float32 ${op} (an approximation)`, () => {
      const ulps = WASM_MATH_ULPS[op] as number;
      expect(ulps).toBeLessThanOrEqual(2);
      checkAgainstInterpreter(`f32 ${op}`, [F], ([x]) => K.unary(op, x as Exp), undefined, ulps);
      // A scaled operand: arguments in the functions' working ranges rather than at the extremes.
      checkAgainstInterpreter(`f32 ${op} of x/8`, [F], ([x]) => K.unary(op, K.div(x as Exp, K.constant(8, F))), undefined, ulps);
    });
  }

  it("keeps bit-for-bit agreement for the exact ops of a kernel that also has approximated ones", () => {
    // exp(x) is within 1 ulp; where(x > 0, …) picks it or x + 1 unchanged, and x + 1 must be exact.
    checkAgainstInterpreter("where exp", [F], ([x]) => K.where(K.lt(K.constant(0, F), x as Exp), K.unary("exp", x as Exp), K.add(x as Exp, K.constant(1, F))), undefined, 1);
  });

  it("gives Math.sin/Math.cos bit for bit for lane groups with |x| ≥ 2^24, mixed with small lanes", () => {
    const x = K.load(0, F, K.GIDX);
    const xs = Float32Array.of(1e30, 0.5, -3, 2, 0.25, -(2 ** 24), 7, 1e-3, Infinity, 1, 2, 3, 4e9, -4e9, 1e38, -1e38, 5);
    for (const op of ["sin", "cos"] as AluOp[]) {
      const kernel: Kernel = { inputs: [F], size: xs.length, dtype: F, exp: K.unary(op, x) };
      const mod = renderWasmKernel(kernel);
      expect(mod?.text).toContain(`;; call 0: imported math.${op}`);
      const got = runWasm(kernel, [xs]);
      // Groups 0, 1, 2 and 3 each hold a lane at or past 2^24 (or Infinity): every lane of theirs is Math's value.
      for (let i = 0; i < 16; i++) expect(Object.is(got[i], Math.fround(op === "sin" ? Math.sin(xs[i] as number) : Math.cos(xs[i] as number))), `${op}(${xs[i]})`).toBe(true);
      // The last group is computed in SIMD: within 1 ulp.
      expect(ulpDistance(got[16] as number, Math.fround(op === "sin" ? Math.sin(5) : Math.cos(5)))).toBeLessThanOrEqual(1);
    }
  });

  it("matches the interpreter within 2 ulps for logistic, built from exp (stable form)", () => {
    // logistic = 1/(1 + e) or e/(1 + e) with e = exp(-|x|) ≤ 1: e's 1-ulp error shrinks in 1 + e
    // and passes through e/(1 + e) at most once, plus the division's own rounding.
    checkAgainstInterpreter("logistic", [F], ([x]) => logistic(x as Exp), undefined, 2);
  });

  it("matches the interpreter on the fused benchmark chain |x·a+b|·x − x·b + max(x,0) with shared subexpressions", () => {
    const a = K.constant(0.5, F);
    const b = K.constant(Math.fround(0.1), F);
    checkAgainstInterpreter("chain", [F], ([x]) => {
      const v = x as Exp;
      return K.add(K.sub(K.mul(K.unary("abs", K.add(K.mul(v, a), b)), v), K.mul(v, b)), K.max(v, K.constant(0, F)));
    });
  });

  it("grows the memory for large kernels and keeps working for small ones afterwards", () => {
    const n = 300_000; // 2 × 1.2 MB: more than the initial 64 KiB page
    const x = K.load(0, F, K.GIDX);
    const big: Kernel = { inputs: [F], size: n, dtype: F, exp: K.mul(x, K.constant(3, F)) };
    const small: Kernel = { inputs: [F], size: 5, dtype: F, exp: K.sub(x, K.constant(1, F)) };
    const xs = randomF32(n, 5);
    expectSameBits(runWasm(small, [xs.subarray(0, 5)]), runInterp(small, [xs.subarray(0, 5)]), "small before");
    expectSameBits(runWasm(big, [xs]), runInterp(big, [xs]), "big");
    expect((arena as WasmArena).bytes).toBeGreaterThanOrEqual(2 * n * 4);
    expectSameBits(runWasm(small, [xs.subarray(0, 5)]), runInterp(small, [xs.subarray(0, 5)]), "small after");
  });

  it("reads only the first `size` elements of a longer input", () => {
    const x = K.load(0, F, K.GIDX);
    const kernel: Kernel = { inputs: [F], size: 6, dtype: F, exp: K.add(x, x) };
    // [1..10] doubled, first 6 elements.
    expect(globalThis.Array.from(runWasm(kernel, [Float32Array.from({ length: 10 }, (_, i) => i + 1)]))).toEqual([2, 4, 6, 8, 10, 12]);
  });

  it("lists the memory layout and the instructions in its text", () => {
    const x = K.load(0, F, K.GIDX);
    const mod = renderWasmKernel({ inputs: [F, F], size: 10, dtype: F, exp: K.mul(x, K.load(1, F, K.idx(0))) });
    // 10 float32 round up to 3 groups of 4 lanes = 48 bytes, so the output region starts at 48.
    expect(mod?.text).toContain(";; wasm simd128 kernel: float32[10], 4 lanes per iteration, 3 iterations");
    expect(mod?.text).toContain(";; in0: float32[10] copied to memory offset 0");
    expect(mod?.text).toContain(";; $0: in1[0] (float32, broadcast)");
    expect(mod?.text).toContain(";; out: float32[10] at memory offset 48");
    expect(mod?.text).toContain("f32x4.mul");
    expect(mod?.outOffset).toBe(48);
  });

  it("declines kernels it cannot render exactly", () => {
    const x = K.load(0, F, K.GIDX);
    const y = K.load(0, "float64", K.GIDX);
    const i = K.load(0, I, K.GIDX);
    const declined: [string, Kernel][] = [
      ["atan", { inputs: [F], size: 8, dtype: F, exp: K.unary("atan", x) }],
      ["sinh", { inputs: [F], size: 8, dtype: F, exp: K.unary("sinh", x) }],
      ["tan", { inputs: [F], size: 8, dtype: F, exp: K.unary("tan", x) }],
      ["float64 exp", { inputs: ["float64"], size: 8, dtype: "float64", exp: K.unary("exp", y) }],
      ["int32 exp cast back", { inputs: [I], size: 8, dtype: I, exp: K.unary("exp", i) }],
      ["float rem", { inputs: [F], size: 8, dtype: F, exp: K.rem(x, K.constant(2, F)) }],
      ["pow", { inputs: [F], size: 8, dtype: F, exp: K.binary("pow", x, x) }],
      ["int32 division", { inputs: [I], size: 8, dtype: I, exp: K.div(i, K.idx(3)) }],
      ["shift by a variable", { inputs: [I], size: 8, dtype: I, exp: K.binary("shl", i, i) }],
      ["float64", { inputs: ["float64"], size: 8, dtype: "float64", exp: K.add(y, y) }],
      ["bool output", { inputs: [F], size: 8, dtype: B, exp: K.lt(x, K.constant(0, F)) }],
      ["strided load", { inputs: [F], size: 8, dtype: F, exp: K.load(0, F, K.mul(K.GIDX, K.idx(2))) }],
      ["reversed load", { inputs: [F], size: 8, dtype: F, exp: K.load(0, F, K.sub(K.idx(7), K.GIDX)) }],
      ["literal that is not a float32", { inputs: [F], size: 8, dtype: F, exp: K.mul(x, K.constant(0.1, F)) }],
      ["reduction", { inputs: [F], size: 1, dtype: F, exp: K.load(0, F, K.RIDX), reduction: { op: "sum", size: 8, accDtype: F } }],
    ];
    for (const [what, k] of declined) expect(renderWasmKernel(k), what).toBeUndefined();
  });
});

/** The float64 `Math` function each approximated op is measured against (rounded to float32). */
const MATH_REFERENCE: Record<string, (x: number) => number> = {
  exp: Math.exp,
  expm1: Math.expm1,
  log: Math.log,
  log1p: Math.log1p,
  tanh: Math.tanh,
  sin: Math.sin,
  cos: Math.cos,
};

/** Where each function changes method or meets a limit: the grids look closely around these points. */
const CRITICAL_POINTS: Record<string, number[]> = {
  // Half-integer multiples of ln 2 (where the reduction's n changes), overflow past ln(FLT_MAX) =
  // 88.7228, the smallest normal result at -87.3365, the last subnormal at -103.972, the clamps.
  exp: [0, 0.34657359, -0.34657359, 1.0397208, 88.7228, -87.336548, -103.27893, -103.97208, 89, -104],
  // As exp, plus -17.33 where the result becomes -1 and the clamp at -30.
  expm1: [0, 0.34657359, -0.34657359, 1.0397208, -1.0397208, 17.3286795, 88.7228, -17.328679, -30],
  // Around 1, the mantissa reduction boundaries √2·2^k, subnormals and the largest float.
  log: [1, Math.SQRT2, Math.SQRT1_2, 2, 0.5, 2 ** -126, 2 ** -149, 3.4028234e38],
  // Around 0, ±1/4 (where the method changes), -1 and √2 − 1.
  log1p: [0, 0.25, -0.25, -1, Math.SQRT2 - 1, Math.SQRT1_2 - 1, 1],
  // Around 0, the method change at 0.625, and the saturation to ±1 near 9.01.
  tanh: [0, 0.625, -0.625, 9.01, -9.01, 9.5],
  // Multiples of π/2 (quadrant changes, results near 0), ±π/4 and the switch to Math.sin at 2^24.
  sin: [0, Math.PI / 4, Math.PI / 2, Math.PI, 3 * Math.PI / 2, 100 * Math.PI, 1e4 * Math.PI, 2 ** 24],
  cos: [0, Math.PI / 4, Math.PI / 2, Math.PI, 3 * Math.PI / 2, 100.5 * Math.PI, 1e4 * Math.PI, 2 ** 24],
};

/** Working ranges for the dense uniform grids. */
const WORKING_RANGE: Record<string, [number, number]> = {
  exp: [-104, 89],
  expm1: [-20, 20],
  log: [0, 8],
  log1p: [-1, 8],
  tanh: [-10, 10],
  sin: [-100, 100],
  cos: [-100, 100],
};

/** Math's special values (NaN, ±0, ±Infinity, saturation), which the approximations return exactly. */
const SPECIAL_VALUES: Record<string, [number, number][]> = {
  exp: [[NaN, NaN], [Infinity, Infinity], [-Infinity, 0], [0, 1], [-0, 1], [88.72283935546875, Infinity], [3e38, Infinity], [-104, 0], [-3e38, 0]],
  expm1: [[NaN, NaN], [Infinity, Infinity], [-Infinity, -1], [0, 0], [-0, -0], [-20, -1], [-3e38, -1], [88.72283935546875, Infinity]],
  log: [[NaN, NaN], [Infinity, Infinity], [-Infinity, NaN], [0, -Infinity], [-0, -Infinity], [-1, NaN], [-1.401298464324817e-45, NaN], [1, 0]],
  log1p: [[NaN, NaN], [Infinity, Infinity], [-Infinity, NaN], [-1, -Infinity], [-2, NaN], [-1.0000001192092896, NaN], [0, 0], [-0, -0]],
  tanh: [[NaN, NaN], [Infinity, 1], [-Infinity, -1], [0, 0], [-0, -0], [9.5, 1], [-20, -1], [3e38, 1], [-3e38, -1]],
  sin: [[NaN, NaN], [Infinity, NaN], [-Infinity, NaN], [0, 0], [-0, -0]],
  cos: [[NaN, NaN], [Infinity, NaN], [-Infinity, NaN], [0, 1], [-0, 1]],
};

/**
 * Values near the limits of each function, rounded to float32 (computed with mpmath at 50
 * digits, then rounded to nearest float32); the approximations must be within their ulp bound.
 */
const ANCHORS: Record<string, [number, number][]> = {
  exp: [
    [1, 2.7182817459106445], [-1, 0.3678794503211975],
    // The largest float32 below ln(FLT_MAX) = 88.7228391: its exp is just below FLT_MAX.
    [88.72283172607422, 3.402798519021476e38],
    // The bottom of the normal range (2^-126 = 1.1754944e-38) and the subnormals down to 2^-149 = 1.4e-45, then 0.
    [-87.33654022216797, 1.175499675756452e-38], [-103.2789306640625, 1.401298464324817e-45],
    [-103.97200012207031, 1.401298464324817e-45], [-103.97209930419922, 0],
  ],
  expm1: [
    [1.401298464324817e-45, 1.401298464324817e-45], [-1e-40, -9.99994610111476e-41], [1, 1.718281865119934],
    [0.5, 0.6487212777137756], [-17.299999237060547, -0.9999999403953552],
  ],
  log: [
    [2, 0.6931471824645996], [0.5, -0.6931471824645996], [2.7182817459106445, 0.9999999403953552],
    // The smallest subnormal, the smallest normal and the largest float.
    [1.401298464324817e-45, -103.2789306640625], [1.1754943508222875e-38, -87.3365478515625], [3.4028234663852886e38, 88.72283935546875],
  ],
  log1p: [
    [1.401298464324817e-45, 1.401298464324817e-45], [-1e-40, -9.99994610111476e-41], [1, 0.6931471824645996],
    [-0.5, -0.6931471824645996], [-0.9999999403953552, -16.63553237915039], [3.4028234663852886e38, 88.72283935546875],
  ],
  tanh: [
    [1.401298464324817e-45, 1.401298464324817e-45], [-1e-40, -9.99994610111476e-41], [1, 0.7615941762924194],
    [-0.5, -0.46211716532707214], [0.625, 0.5545997023582458], [0.6249999403953552, 0.5545997023582458],
    [0.0010000000474974513, 0.0009999996982514858], [9, 0.9999999403953552],
  ],
  sin: [
    [1.401298464324817e-45, 1.401298464324817e-45], [1e-20, 9.999999682655225e-21], [1, 0.8414709568023682], [-1, -0.8414709568023682],
    // float32(π/2), float32(π) (sin is float32(π) − π = -8.74e-8) and float32(π/4).
    [1.5707963705062866, 1], [3.1415927410125732, -8.742277657347586e-8], [0.7853981852531433, 0.7071067690849304],
    // Either side of 2^24, where Math.sin takes over, and the largest float.
    [100, -0.5063656568527222], [16777215, -0.9482326507568359], [16777216, -0.7795636653900146], [3.4028234663852886e38, -0.5218765139579773],
  ],
  cos: [
    [1e-20, 1], [1, 0.5403022766113281], [-1, 0.5403022766113281], [1.5707963705062866, -4.371138828673793e-8],
    [3.1415927410125732, -1], [0.7853981852531433, 0.7071067690849304], [100, 0.8623188734054565],
    [16777215, -0.31757646799087524], [16777216, 0.6263229846954346], [3.4028234663852886e38, 0.8530210256576538],
  ],
};

maybe("float32 SIMD approximations (exp, expm1, log, log1p, tanh, sin, cos)", () => {
  const size = 1 << 20;
  const kernels = new Map<string, ReturnType<typeof compileWasmKernel>>();

  /** Runs `op` on float32 inputs through one wasm kernel of 2^20 elements (inputs padded with zeros). */
  function runOp(op: AluOp, xs: Float32Array): Float32Array {
    let runner = kernels.get(op);
    if (!runner) {
      runner = compileWasmKernel({ inputs: ["float32"], size, dtype: "float32", exp: K.unary(op, K.load(0, "float32", K.GIDX)) }, arena as WasmArena);
      kernels.set(op, runner);
    }
    const out = new Float32Array(xs.length);
    const chunkIn = new Float32Array(size);
    const chunkOut = new Float32Array(size);
    for (let at = 0; at < xs.length; at += size) {
      const part = xs.subarray(at, at + size);
      chunkIn.fill(0).set(part);
      expect(runner?.run([chunkIn], chunkOut)).toBe(true);
      out.set(chunkOut.subarray(0, part.length), at);
    }
    return out;
  }

  /** The largest ulp distance from Math.<op> rounded to float32, and where it happens. */
  function maxUlpError(op: AluOp, xs: Float32Array): { ulps: number; at: number } {
    const got = runOp(op, xs);
    const ref = MATH_REFERENCE[op] as (x: number) => number;
    let worst = { ulps: 0, at: NaN };
    for (let i = 0; i < xs.length; i++) {
      const x = xs[i] as number;
      const d = ulpDistance(got[i] as number, Math.fround(ref(x)));
      if (d > worst.ulps) worst = { ulps: d, at: x };
    }
    return worst;
  }

  /** `count` consecutive float32 values on each side of `p` (p rounded to float32 first). */
  function around(p: number, count: number): Float32Array {
    const bits = new Int32Array(Float32Array.of(p).buffer)[0] as number;
    const ints = Int32Array.from({ length: 2 * count + 1 }, (_, i) => {
      const off = i - count;
      // Steps away from zero grow |p|; for p = ±0 both signs' smallest magnitudes are covered.
      return p === 0 ? (off < 0 ? (0x80000000 | -off) : off) : bits + off;
    });
    return new Float32Array(ints.buffer);
  }

  for (const op of Object.keys(MATH_REFERENCE) as AluOp[]) {
    const bound = WASM_MATH_ULPS[op] as number;

    it(`${op} is within ${bound} ulp of Math.${op} over a stride through every float32 bit pattern`, () => {
      // Bit patterns k·4093 for k < 2^20: every binade of both signs, subnormals, ±Infinity and NaNs.
      const xs = new Float32Array(new Uint32Array(Uint32Array.from({ length: 1 << 20 }, (_, k) => k * 4093)).buffer);
      const worst = maxUlpError(op, xs);
      expect(worst.ulps, `worst at x = ${worst.at}`).toBeLessThanOrEqual(bound);
    });

    it(`${op} is within ${bound} ulp of Math.${op} on a dense grid of its working range and around its critical points`, () => {
      const [lo, hi] = WORKING_RANGE[op] as [number, number];
      const n = 1 << 19;
      const grid = Float32Array.from({ length: n }, (_, i) => lo + ((hi - lo) * i) / (n - 1));
      const near = (CRITICAL_POINTS[op] as number[]).flatMap((p) => [...around(p, 2048), ...around(-p, 64)]);
      const worst = maxUlpError(op, Float32Array.from([...grid, ...near]));
      expect(worst.ulps, `worst at x = ${worst.at}`).toBeLessThanOrEqual(bound);
    });

    it(`${op} returns Math.${op}'s special values exactly (NaN, ±0, ±Infinity, saturation)`, () => {
      const cases = SPECIAL_VALUES[op] as [number, number][];
      const got = runOp(op, Float32Array.from(cases.map(([x]) => x)));
      cases.forEach(([x, want], i) => {
        expect(Object.is(got[i], want) || (Number.isNaN(got[i]) && Number.isNaN(want)), `${op}(${x}) = ${got[i]}, expected ${want}`).toBe(true);
      });
    });

    it(`${op} is within ${bound} ulp of hand-derived values at the edges of its range`, () => {
      const cases = ANCHORS[op] as [number, number][];
      const got = runOp(op, Float32Array.from(cases.map(([x]) => x)));
      cases.forEach(([x, want], i) => {
        expect(ulpDistance(got[i] as number, want), `${op}(${x}) = ${got[i]}, expected ${want}`).toBeLessThanOrEqual(bound);
      });
    });
  }
});

// The default backend honours BRAINSTATE_WASM=0, so these two suites need wasm enabled as well as supported.
const maybeEnabled = wasmSimdSupported() && !wasmDisabledByEnv() ? describe : describe.skip;

maybeEnabled("CpuBackend with wasm kernels", () => {
  const x = K.load(0, "float32", K.GIDX);
  const arith: Kernel = { inputs: ["float32"], size: 100, dtype: "float32", exp: K.max(K.mul(x, x), K.constant(0.5, "float32")) };
  const unsupported: Kernel = { inputs: ["float32"], size: 100, dtype: "float32", exp: K.unary("atan", x) };

  it("compiles qualifying kernels to wasm and shows the listing as their source", () => {
    const k = new CpuBackend().compileKernel(arith);
    expect(k.kind).toBe("wasm");
    expect(k.source).toMatch(/^;; wasm simd128 kernel/);
    expect(k.source).toContain("f32x4.max");
  });

  it("falls back to the JS renderer for unsupported ops and for tiny kernels", () => {
    const backend = new CpuBackend();
    const k = backend.compileKernel(unsupported);
    expect(k.kind).toBe("js");
    expect(k.source).toContain("Math.atan");
    // Below 64 elements the JS loop is cheaper than a wasm call.
    expect(backend.compileKernel({ ...arith, size: 8 }).kind).toBe("js");
  });

  it("runs wasm kernels through execute with the same results as the JS backend", () => {
    const data = randomF32(100, 3);
    const results = [new CpuBackend(), new CpuBackend({ wasm: false })].map((b) => {
      const out = b.allocate("float32", 100);
      b.execute(b.compileKernel(arith), [b.upload(data, "float32")], out);
      return b.readSync(out);
    });
    // A single multiply then max: rounding once per op, so JS (rounding on store) and wasm agree exactly.
    expectSameBits(results[0] as DataArray, results[1] as DataArray, "wasm vs js");
  });

  it("uses only JS when created with { wasm: false } or with BRAINSTATE_WASM=0", () => {
    expect(new CpuBackend({ wasm: false }).compileKernel(arith).kind).toBe("js");
    const saved = process.env["BRAINSTATE_WASM"];
    try {
      process.env["BRAINSTATE_WASM"] = "0";
      expect(wasmDisabledByEnv()).toBe(true);
      expect(new CpuBackend().wasmEnabled).toBe(false);
      expect(new CpuBackend().compileKernel(arith).kind).toBe("js");
      process.env["BRAINSTATE_WASM"] = "1";
      expect(wasmDisabledByEnv()).toBe(false);
      expect(new CpuBackend().compileKernel(arith).kind).toBe("wasm");
    } finally {
      if (saved === undefined) delete process.env["BRAINSTATE_WASM"];
      else process.env["BRAINSTATE_WASM"] = saved;
    }
  });

  it("throws OptionError for an unknown option", () => {
    expect(() => new CpuBackend({ wsam: true } as { wasm?: boolean })).toThrow(OptionError);
    expect(() => new CpuBackend({ wsam: true } as { wasm?: boolean })).toThrow(/createCpuBackend: unknown option 'wsam'/);
  });

  it("runs a kernel called through the JS helpers argument like a JS kernel", () => {
    const k = new CpuBackend().compileKernel(arith);
    const data = Float32Array.from({ length: 100 }, (_, i) => i - 50);
    const out = new Float32Array(100);
    k.fn([data], out, JS_HELPERS);
    // max(x², 0.5): element 0 is (-50)² = 2500, element 50 is max(0, 0.5) = 0.5, element 51 is 1.
    expect([out[0], out[50], out[51], out[99]]).toEqual([2500, 0.5, 1, 49 * 49]);
  });
});

maybeEnabled("jit on the CPU backend with wasm kernels", () => {
  const n = 4099; // not a multiple of 4
  const values = randomF32(n, 11);
  // The benchmark inputs' range plus the special values.
  values.set(Float32Array.of(NaN, -0, 0, Infinity, -Infinity, 1e-40, -1e-40), 0);

  const arithmetic = (x: Array): Array => np.abs(x.mul(0.5).add(0.1)).mul(x).sub(x.mul(0.1)).add(np.maximum(x, 0));
  const transcendental = (x: Array): Array => np.tanh(x.mul(0.5).add(0.1)).mul(np.exp(x)).add(np.sqrt(np.abs(x)));

  it("fuses |x·a+b|·x − x·b + max(x,0) into one wasm kernel that matches eager bit for bit", () => {
    const x = np.array(values);
    const lowered = jit(arithmetic).lower(x);
    expect(lowered.numKernels).toBe(1);
    expect(lowered.kernels[0]).toMatch(/^;; wasm simd128 kernel: float32\[4099\]/);
    // Eager runs one kernel per op (each result rounded to float32), as the wasm kernel does per lane.
    expectSameBits((jit(arithmetic)(x) as Array).data() as DataArray, arithmetic(x).data() as DataArray, "jit vs eager");
  });

  it("fuses tanh(x·a+b)·exp(x)+sqrt(|x|) into one wasm kernel with SIMD exp and tanh, close to eager", () => {
    const x = np.array(values.map((v) => (Number.isFinite(v) ? Math.max(-20, Math.min(20, v)) : v)));
    const lowered = jit(transcendental).lower(x);
    expect(lowered.numKernels).toBe(1);
    expect(lowered.kernels[0]).toMatch(/^;; wasm simd128 kernel: float32\[4099\]/);
    // Each approximated function is within 1 ulp, so the chain is within a few ulps of eager (rtol 1e-6 ≈ 8 ulps).
    expectAllclose(jit(transcendental)(x) as Array, transcendental(x), { rtol: 1e-6, atol: 1e-7 });
  });
});
