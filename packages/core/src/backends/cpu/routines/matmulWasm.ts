// Float32 matrix product in WebAssembly SIMD, assembled by the project: operands are copied into
// wasm memory and packed (in wasm) into zero-padded panels — A in row panels of MR rows, B in
// column panels of NR columns, both k-major — then a generated MR×NR register-tiled micro-kernel
// (splat of A × vectors of B, f32x4 mul + add, float32 accumulation) runs over K blocks of KC and
// M blocks of MC. Layer 5'.

import type { DataArray } from "../../../dtype/dtype.js";
import { assembleModule, WasmCode, type WasmFunction, type WasmModuleSpec } from "../../../kernel/render/wasmBinary.js";
import { WasmArena, wasmDisabledByEnv, wasmSimdSupported } from "../wasm.js";
import type { View } from "./matmul.js";

/** Tile and blocking parameters of a wasm matmul. */
export interface WasmGemmConfig {
  /** Rows of the register tile (rows per packed A panel). */
  readonly mr: number;
  /** Columns of the register tile (a multiple of 4; columns per packed B panel). */
  readonly nr: number;
  /** Unrolling of the k loop (K is padded with zeros to a multiple of it). */
  readonly unroll: number;
  /** Depth of a K block (a multiple of `unroll`). */
  readonly kc: number;
  /** Rows of an M block (a multiple of `mr`). */
  readonly mc: number;
}

/**
 * The configuration the CPU routine uses: a 4×8 tile keeps 8 accumulators, 2 B vectors and the
 * splat of A in registers (x64 V8 allocates 15 vector registers; 6×8 spills). Unrolling the k
 * loop measured slower under V8 (Node 20), so it is 1.
 */
export const DEFAULT_GEMM_CONFIG: WasmGemmConfig = { mr: 4, nr: 8, unroll: 1, kc: 256, mc: 128 };

/** Largest wasm memory (bytes) one product may claim; larger products stay on the JS kernel. */
const MAX_BYTES = 1 << 30;

const I32 = "i32" as const;

/** `tile(a, b, c, kc, ldc)`: C[MR×NR at c, row pitch ldc bytes] += A panel · B panel over kc steps. */
function tileFunction(mr: number, nr: number, unroll: number): WasmFunction {
  const nv = nr / 4;
  // Params a=0 b=1 c=2 kc=3 ldc=4; locals: accumulators (zero-initialised), B vectors, the splat of A.
  const acc = (i: number, v: number): number => 5 + i * nv + v;
  const bvec = (v: number): number => 5 + mr * nv + v;
  const av = 5 + mr * nv + nv;
  const t = new WasmCode();
  t.loop();
  for (let u = 0; u < unroll; u++) {
    for (let v = 0; v < nv; v++) t.localGet(1).simdMem("v128.load", (u * nr + 4 * v) * 4, 4).localSet(bvec(v));
    for (let i = 0; i < mr; i++) {
      t.localGet(0).simdMem("v128.load32_splat", (u * mr + i) * 4, 2).localSet(av);
      for (let v = 0; v < nv; v++) {
        t.localGet(acc(i, v)).localGet(av).localGet(bvec(v)).simd("f32x4.mul").simd("f32x4.add").localSet(acc(i, v));
      }
    }
  }
  t.localGet(0).i32Const(unroll * mr * 4).op("i32.add").localSet(0);
  t.localGet(1).i32Const(unroll * nr * 4).op("i32.add").localSet(1);
  t.localGet(3).i32Const(unroll).op("i32.sub").localTee(3).brIf(0);
  t.end();
  for (let i = 0; i < mr; i++) {
    if (i > 0) t.localGet(2).localGet(4).op("i32.add").localSet(2);
    for (let v = 0; v < nv; v++) {
      t.localGet(2).localGet(2).simdMem("v128.load", v * 16, 4).localGet(acc(i, v)).simd("f32x4.add").simdMem("v128.store", v * 16, 4);
    }
  }
  const locals = new globalThis.Array<"v128">(mr * nv + nv + 1).fill("v128");
  return { name: "tile", params: [I32, I32, I32, I32, I32], results: [], locals, code: t };
}

/** `block(a, b, c, mt, nt, kc, aStep, bStep, ldc, cStep)`: `tile` (function 0) over nt B panels × mt A panels. */
function blockFunction(nr: number): WasmFunction {
  // Params a0=0 b=1 c0=2 mt=3 nt=4 kc=5 aStep=6 bStep=7 ldc=8 cStep=9; locals a=10 c=11 i=12.
  const k = new WasmCode();
  k.loop();
  k.localGet(0).localSet(10).localGet(2).localSet(11).localGet(3).localSet(12);
  k.loop();
  k.localGet(10).localGet(1).localGet(11).localGet(5).localGet(8).call(0);
  k.localGet(10).localGet(6).op("i32.add").localSet(10);
  k.localGet(11).localGet(9).op("i32.add").localSet(11);
  k.localGet(12).i32Const(1).op("i32.sub").localTee(12).brIf(0);
  k.end();
  k.localGet(1).localGet(7).op("i32.add").localSet(1);
  k.localGet(2).i32Const(nr * 4).op("i32.add").localSet(2);
  k.localGet(4).i32Const(1).op("i32.sub").localTee(4).brIf(0);
  k.end();
  const params = new globalThis.Array<typeof I32>(10).fill(I32);
  return { name: "block", params, results: [], locals: [I32, I32, I32], code: k };
}

/**
 * `name(src, dst, panels, K, sK, sW, pStep, dSkip)` (byte addresses and strides): packs `panels`
 * panels of width W, element (k, w) of panel p read at src + p·pStep + k·sK + w·sW, into dst,
 * k-major, skipping dSkip bytes (the depth padding) after each panel. `vector` reads each k-row
 * of W contiguous floats as W/4 vectors (sW is then 4 and ignored).
 */
function packFunction(name: string, w: number, vector: boolean): WasmFunction {
  // Params src=0 dst=1 panels=2 K=3 sK=4 sW=5 pStep=6 dSkip=7; locals s=8 k=9 p=10.
  const c = new WasmCode();
  c.loop();
  c.localGet(0).localSet(8).localGet(3).localSet(9);
  c.loop();
  if (vector) {
    for (let v = 0; v < w / 4; v++) c.localGet(1).localGet(8).simdMem("v128.load", v * 16, 2).simdMem("v128.store", v * 16, 4);
  } else {
    c.localGet(8).localSet(10);
    for (let j = 0; j < w; j++) {
      if (j > 0) c.localGet(10).localGet(5).op("i32.add").localSet(10);
      c.localGet(1).localGet(10).mem("f32.load", 0, 2).mem("f32.store", j * 4, 2);
    }
  }
  c.localGet(1).i32Const(w * 4).op("i32.add").localSet(1);
  c.localGet(8).localGet(4).op("i32.add").localSet(8);
  c.localGet(9).i32Const(1).op("i32.sub").localTee(9).brIf(0);
  c.end();
  c.localGet(1).localGet(7).op("i32.add").localSet(1);
  c.localGet(0).localGet(6).op("i32.add").localSet(0);
  c.localGet(2).i32Const(1).op("i32.sub").localTee(2).brIf(0);
  c.end();
  return { name, params: [I32, I32, I32, I32, I32, I32, I32, I32], results: [], locals: [I32, I32, I32], code: c };
}

/**
 * `packLines(src, dst, lines, K, sK, sW, dStep)` (bytes): the lines of a partial panel, line j
 * depth k read at src + j·sW + k·sK and written at dst + j·4 + k·dStep.
 */
function packLinesFunction(): WasmFunction {
  // Params src=0 dst=1 lines=2 K=3 sK=4 sW=5 dStep=6; locals s=7 d=8 k=9.
  const c = new WasmCode();
  c.loop();
  c.localGet(0).localSet(7).localGet(1).localSet(8).localGet(3).localSet(9);
  c.loop();
  c.localGet(8).localGet(7).mem("f32.load", 0, 2).mem("f32.store", 0, 2);
  c.localGet(7).localGet(4).op("i32.add").localSet(7);
  c.localGet(8).localGet(6).op("i32.add").localSet(8);
  c.localGet(9).i32Const(1).op("i32.sub").localTee(9).brIf(0);
  c.end();
  c.localGet(0).localGet(5).op("i32.add").localSet(0);
  c.localGet(1).i32Const(4).op("i32.add").localSet(1);
  c.localGet(2).i32Const(1).op("i32.sub").localTee(2).brIf(0);
  c.end();
  return { name: "packLines", params: [I32, I32, I32, I32, I32, I32, I32], results: [], locals: [I32, I32, I32], code: c };
}

/**
 * The module: `tile` (the micro-kernel), `block` (tiles over panels), and the packers `packAv`,
 * `packAs`, `packBv`, `packBs` (vector / strided reads of A's MR-row and B's NR-column panels;
 * `packAv` only when MR is a multiple of 4) and `packLines` (a partial panel).
 */
export function buildGemmModule(cfg: WasmGemmConfig): WasmModuleSpec {
  const { mr, nr, unroll } = cfg;
  const functions = [
    tileFunction(mr, nr, unroll),
    blockFunction(nr),
    packFunction("packAs", mr, false),
    packFunction("packBv", nr, true),
    packFunction("packBs", nr, false),
    packLinesFunction(),
  ];
  if (mr % 4 === 0) functions.push(packFunction("packAv", mr, true));
  return { memoryMinPages: 1, functions };
}

type BlockFn = (a: number, b: number, c: number, mt: number, nt: number, kc: number, aStep: number, bStep: number, ldc: number, cStep: number) => void;
type PackFn = (src: number, dst: number, panels: number, K: number, sK: number, sW: number, pStep: number, dSkip: number) => void;
type LinesFn = (src: number, dst: number, lines: number, K: number, sK: number, sW: number, dStep: number) => void;

// The parts of the WebAssembly JS API used here (the project compiles without DOM typings).
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { readonly exports: Record<string, unknown> };
}

/**
 * A float32 matmul over one WebAssembly SIMD module and its own memory. Accumulates in float32
 * (the JS kernel accumulates in float64), so results differ from it by float32 rounding. The
 * memory holds copies of both operands' arrays, their packed panels and the padded result, grows
 * to the largest product run and is kept for the next.
 */
export class WasmGemm {
  /** The tile and blocking parameters. */
  readonly config: WasmGemmConfig;
  private readonly arena: WasmArena;
  private readonly block: BlockFn;
  private readonly packAv: PackFn | undefined;
  private readonly packAs: PackFn;
  private readonly packBv: PackFn;
  private readonly packBs: PackFn;
  private readonly packLines: LinesFn;

  /** Throws when the host cannot compile the module (callers check `wasmSimdSupported` first). */
  constructor(config: WasmGemmConfig = DEFAULT_GEMM_CONFIG) {
    const { mr, nr, unroll, kc, mc } = config;
    if (nr % 4 !== 0 || kc % unroll !== 0 || mc % mr !== 0) throw new Error("WasmGemm: inconsistent tile configuration");
    this.config = config;
    this.arena = new WasmArena();
    const api = (globalThis as { WebAssembly?: WasmApi }).WebAssembly as WasmApi;
    const bytes = assembleModule(buildGemmModule(config));
    const ex = new api.Instance(new api.Module(bytes), { env: { memory: this.arena.memory } }).exports;
    this.block = ex["block"] as BlockFn;
    this.packAv = ex["packAv"] as PackFn | undefined;
    this.packAs = ex["packAs"] as PackFn;
    this.packBv = ex["packBv"] as PackFn;
    this.packBs = ex["packBs"] as PackFn;
    this.packLines = ex["packLines"] as LinesFn;
  }

  /**
   * Packs rows [0, M) of A (batch offset `ao` into the copy at float `raw`) into MR-row panels of
   * depth Kp at float `dst`; the partial last panel and depths ≥ K are zero-padded.
   */
  private packA(f32: Float32Array, raw: number, dst: number, a: View, ao: number, M: number, K: number, Kp: number): void {
    const mr = this.config.mr;
    const full = Math.floor(M / mr);
    if (full > 0) {
      const pack = a.sO === 1 && this.packAv ? this.packAv : this.packAs;
      pack((raw + ao) * 4, dst * 4, full, K, a.sI * 4, a.sO * 4, mr * a.sO * 4, (Kp - K) * mr * 4);
      if (Kp > K) for (let p = 0; p < full; p++) f32.fill(0, dst + (p * Kp + K) * mr, dst + (p + 1) * Kp * mr);
    }
    if (full * mr < M) this.packEdge(f32, raw + ao + full * mr * a.sO, dst + full * mr * Kp, M - full * mr, K, Kp, a.sI, a.sO, mr);
  }

  /** Packs columns [0, N) of B into NR-column panels of depth Kp at float `dst` (as `packA`). */
  private packB(f32: Float32Array, raw: number, dst: number, b: View, bo: number, N: number, K: number, Kp: number): void {
    const nr = this.config.nr;
    const full = Math.floor(N / nr);
    if (full > 0) {
      const pack = b.sI === 1 ? this.packBv : this.packBs;
      pack((raw + bo) * 4, dst * 4, full, K, b.sO * 4, b.sI * 4, nr * b.sI * 4, (Kp - K) * nr * 4);
      if (Kp > K) for (let q = 0; q < full; q++) f32.fill(0, dst + (q * Kp + K) * nr, dst + (q + 1) * Kp * nr);
    }
    if (full * nr < N) this.packEdge(f32, raw + bo + full * nr * b.sI, dst + full * nr * Kp, N - full * nr, K, Kp, b.sO, b.sI, nr);
  }

  /** Packs a partial panel of `lines` < w lines (line j, depth k at float src + j·sW + k·sK), zero elsewhere. */
  private packEdge(f32: Float32Array, src: number, dst: number, lines: number, K: number, Kp: number, sK: number, sW: number, w: number): void {
    f32.fill(0, dst, dst + Kp * w);
    this.packLines(src * 4, dst * 4, lines, K, sK * 4, sW * 4, w * 4);
  }

  /**
   * Float products of `count` batches: out[outOffset + t·M·N + i·N + j] = Σ_k A[t·a.sB + i·a.sO +
   * k·a.sI] · B[t·b.sB + k·b.sO + j·b.sI] (written, not accumulated). Returns false, having written
   * nothing, when the wasm memory cannot hold the operands.
   */
  run(a: View, b: View, count: number, M: number, N: number, K: number, out: DataArray, outOffset = 0): boolean {
    if (M === 0 || N === 0 || count === 0) return true;
    if (K === 0) {
      out.fill(0, outOffset, outOffset + count * M * N);
      return true;
    }
    const { mr, nr, unroll, kc: KC, mc: MC } = this.config;
    const Mp = Math.ceil(M / mr) * mr;
    const Np = Math.ceil(N / nr) * nr;
    const Kp = Math.ceil(K / unroll) * unroll;
    // Float offsets of the regions, each 64-byte aligned: copies of A's and B's arrays (one when
    // they share it), packed A, packed B, C (Mp×Np).
    const align = (n: number): number => Math.ceil(n / 16) * 16;
    const ra = 0;
    const rb = a.data === b.data ? ra : align(a.data.length);
    const ap = rb + (a.data === b.data ? align(a.data.length) : align(b.data.length));
    const bp = ap + align(Mp * Kp);
    const cp = bp + align(Kp * Np);
    const bytes = (cp + Mp * Np) * 4;
    if (bytes > MAX_BYTES || !this.arena.ensure(bytes)) return false;
    const f32 = this.arena.f32;
    f32.set(a.data, ra);
    if (rb !== ra) f32.set(b.data, rb);
    const block = this.block;
    const aStep = mr * Kp * 4;
    const bStep = nr * Kp * 4;
    const ldc = Np * 4;
    const cStep = mr * ldc;
    const nt = Np / nr;
    for (let t = 0; t < count; t++) {
      if (t === 0 || a.sB !== 0) this.packA(f32, ra, ap, a, t * a.sB, M, K, Kp);
      if (t === 0 || b.sB !== 0) this.packB(f32, rb, bp, b, t * b.sB, N, K, Kp);
      f32.fill(0, cp, cp + Mp * Np);
      for (let pc = 0; pc < Kp; pc += KC) {
        const kc = Math.min(KC, Kp - pc);
        for (let ic = 0; ic < Mp; ic += MC) {
          const mt = Math.min(MC, Mp - ic) / mr;
          block((ap + ic * Kp + pc * mr) * 4, (bp + pc * nr) * 4, (cp + ic * Np) * 4, mt, nt, kc, aStep, bStep, ldc, cStep);
        }
      }
      const oo = outOffset + t * M * N;
      if (Np === N) {
        out.set(f32.subarray(cp, cp + M * N), oo);
      } else {
        for (let i = 0; i < M; i++) out.set(f32.subarray(cp + i * Np, cp + i * Np + N), oo + i * N);
      }
    }
    return true;
  }
}

let shared: WasmGemm | null | undefined;

/**
 * The CPU backend's wasm matmul, or undefined when the host lacks WebAssembly SIMD, the
 * environment disables wasm (`BRAINSTATE_WASM=0`) or the module does not compile.
 */
export function sharedWasmGemm(): WasmGemm | undefined {
  if (shared === undefined) {
    shared = null;
    if (wasmSimdSupported() && !wasmDisabledByEnv()) {
      try {
        shared = new WasmGemm();
      } catch (_e) {
        shared = null;
      }
    }
  }
  return shared ?? undefined;
}
