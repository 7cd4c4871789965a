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
import { JS_HELPERS } from "./js.js";
import { renderWasmKernel } from "./wasm.js";
import { assembleModule, WasmCode, writeSleb, writeUleb } from "./wasmBinary.js";

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

/** Checks a kernel builder on every length: the wasm module agrees with interpretKernel bit for bit. */
function checkAgainstInterpreter(
  name: string,
  inputDtypes: readonly DType[],
  build: (loads: Exp[]) => Exp,
  outDtype?: DType,
): void {
  LENGTHS.forEach((n, li) => {
    const loads = inputDtypes.map((d, slot) => K.load(slot, d, K.GIDX));
    let exp = build(loads);
    if (outDtype && exp.dtype !== outDtype) exp = K.cast(exp, outDtype);
    const kernel: Kernel = { inputs: inputDtypes, size: n, dtype: exp.dtype, exp };
    const inputs = inputDtypes.map((d, slot) => randomInput(d, n, 1000 * li + 17 * slot + name.length));
    expectSameBits(runWasm(kernel, inputs), runInterp(kernel, inputs), `${name} (n=${n})`);
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

  it("rejects unclosed blocks and out-of-range LEB128 values", () => {
    const code = new WasmCode().loop();
    expect(() => assembleModule({ functions: [{ name: "f", params: [], results: [], locals: [], code }] })).toThrow(/unclosed blocks/);
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
      ["transcendental", { inputs: [F], size: 8, dtype: F, exp: K.unary("tanh", x) }],
      ["exp", { inputs: [F], size: 8, dtype: F, exp: K.unary("exp", x) }],
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

// The default backend honours BRAINSTATE_WASM=0, so these two suites need wasm enabled as well as supported.
const maybeEnabled = wasmSimdSupported() && !wasmDisabledByEnv() ? describe : describe.skip;

maybeEnabled("CpuBackend with wasm kernels", () => {
  const x = K.load(0, "float32", K.GIDX);
  const arith: Kernel = { inputs: ["float32"], size: 100, dtype: "float32", exp: K.max(K.mul(x, x), K.constant(0.5, "float32")) };
  const transcendental: Kernel = { inputs: ["float32"], size: 100, dtype: "float32", exp: K.unary("exp", x) };

  it("compiles qualifying kernels to wasm and shows the listing as their source", () => {
    const k = new CpuBackend().compileKernel(arith);
    expect(k.kind).toBe("wasm");
    expect(k.source).toMatch(/^;; wasm simd128 kernel/);
    expect(k.source).toContain("f32x4.max");
  });

  it("falls back to the JS renderer for unsupported ops and for tiny kernels", () => {
    const backend = new CpuBackend();
    const k = backend.compileKernel(transcendental);
    expect(k.kind).toBe("js");
    expect(k.source).toContain("Math.exp");
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

  it("keeps tanh(x·a+b)·exp(x)+sqrt(|x|) on the JS renderer, close to eager", () => {
    const x = np.array(values.map((v) => (Number.isFinite(v) ? Math.max(-20, Math.min(20, v)) : v)));
    const lowered = jit(transcendental).lower(x);
    expect(lowered.kernels.some((s) => s.includes("Math.tanh"))).toBe(true);
    expect(lowered.kernels.every((s) => !s.startsWith(";; wasm"))).toBe(true);
    expectAllclose(jit(transcendental)(x) as Array, transcendental(x), { rtol: 1e-5, atol: 1e-6 });
  });
});
