// Native CPU `matmul` (dot_general): views each operand as [batch, rows, contraction] strided
// blocks (copying only when axes cannot be merged), then runs the WebAssembly SIMD kernel of
// matmulWasm.ts for float32 (float32 accumulation) where the host allows, else a packed,
// cache-blocked 4×4 register-tiled JS kernel for floats (float64 accumulation) and a wrapping
// Math.imul kernel for integers/bool. Layer 5'.

import type { BufferSpec } from "../../../backend/backend.js";
import { allocData, type DataArray } from "../../../dtype/dtype.js";
import { stridesOf } from "../../../shape/shape.js";
import { prod } from "../../../util/assert.js";
import { sharedWasmGemm } from "./matmulWasm.js";
import type { CpuRoutine } from "./types.js";

/** A strided 3-d view [batch, outer, inner] of an operand buffer (strides in elements). */
export interface View {
  readonly data: DataArray;
  readonly sB: number;
  readonly sO: number;
  readonly sI: number;
}

/** The single stride that walks `axes` (row-major over them), or -1 when they do not merge. */
function mergedStride(shape: readonly number[], strides: readonly number[], axes: readonly number[]): number {
  const live = axes.filter((k) => shape[k] !== 1);
  if (live.length === 0) return 0;
  for (let i = 0; i + 1 < live.length; i++) {
    const a = live[i] as number;
    const b = live[i + 1] as number;
    if (strides[a] !== (strides[b] as number) * (shape[b] as number)) return -1;
  }
  return strides[live[live.length - 1] as number] as number;
}

/** Copies `src` (row-major over `shape`) into a new buffer whose axis order is `perm`. */
export function permuteCopy(src: DataArray, shape: readonly number[], perm: readonly number[]): DataArray {
  const n = src.length;
  const out = new (src.constructor as new (n: number) => DataArray)(n);
  if (n === 0) return out;
  const strides = stridesOf(shape);
  const dims = perm.map((p) => shape[p] as number);
  const steps = perm.map((p) => strides[p] as number);
  const nd = dims.length;
  const counter = new globalThis.Array<number>(nd).fill(0);
  let from = 0;
  for (let i = 0; i < n; i++) {
    out[i] = src[from] as number;
    for (let d = nd - 1; d >= 0; d--) {
      const c = (counter[d] as number) + 1;
      if (c < (dims[d] as number)) {
        counter[d] = c;
        from += steps[d] as number;
        break;
      }
      counter[d] = 0;
      from -= (c - 1) * (steps[d] as number);
    }
  }
  return out;
}

/** A [batch, outer, inner] view of an operand, copying only when an axis group cannot be merged. */
function makeView(data: DataArray, shape: readonly number[], batch: readonly number[], outer: readonly number[], inner: readonly number[]): View {
  const strides = stridesOf(shape);
  const sB = mergedStride(shape, strides, batch);
  const sO = mergedStride(shape, strides, outer);
  const sI = mergedStride(shape, strides, inner);
  if (sB >= 0 && sO >= 0 && sI >= 0) return { data, sB, sO, sI };
  const o = prod(outer.map((k) => shape[k] as number));
  const i = prod(inner.map((k) => shape[k] as number));
  return { data: permuteCopy(data, shape, [...batch, ...outer, ...inner]), sB: o * i, sO: i, sI: 1 };
}

const MR = 4;
const NR = 4;
const KC = 256;
const MC = 64;

/** C[4×4 tile at co, row stride ldc] += Ap panel · Bp panel over kc steps. */
function micro4x4(ap: Float64Array, ao: number, bp: Float64Array, bo: number, kc: number, c: Float64Array, co: number, ldc: number): void {
  let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
  let c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
  for (let k = 0; k < kc; k++) {
    const a0 = ap[ao] as number, a1 = ap[ao + 1] as number, a2 = ap[ao + 2] as number, a3 = ap[ao + 3] as number;
    const b0 = bp[bo] as number, b1 = bp[bo + 1] as number, b2 = bp[bo + 2] as number, b3 = bp[bo + 3] as number;
    c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
    c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
    c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
    c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
    ao += 4;
    bo += 4;
  }
  (c[co] as number) += c00; (c[co + 1] as number) += c01; (c[co + 2] as number) += c02; (c[co + 3] as number) += c03;
  co += ldc;
  (c[co] as number) += c10; (c[co + 1] as number) += c11; (c[co + 2] as number) += c12; (c[co + 3] as number) += c13;
  co += ldc;
  (c[co] as number) += c20; (c[co + 1] as number) += c21; (c[co + 2] as number) += c22; (c[co + 3] as number) += c23;
  co += ldc;
  (c[co] as number) += c30; (c[co + 1] as number) += c31; (c[co + 2] as number) += c32; (c[co + 3] as number) += c33;
}

/** Scratch buffers of the blocked float kernel, reused across batches. */
interface Scratch {
  cp: Float64Array;
  bp: Float64Array;
  ap: Float64Array;
}

/**
 * out[oo + i*N + j] = Σ_k A[ao + i*a.sO + k*a.sI] · B[bo + k*b.sO + j*b.sI] for floats: packs
 * k-blocks of B into 4-column panels and m-blocks of A into 4-row panels, zero-padding edges.
 */
function gemmBlocked(a: View, ao: number, b: View, bo: number, M: number, N: number, K: number, out: DataArray, oo: number, s: Scratch): void {
  const A = a.data;
  const B = b.data;
  const Np = Math.ceil(N / NR) * NR;
  const cp = s.cp;
  cp.fill(0);
  const bp = s.bp;
  const ap = s.ap;
  const aM = a.sO, aK = a.sI, bK = b.sO, bN = b.sI;
  for (let pc = 0; pc < K; pc += KC) {
    const kc = Math.min(KC, K - pc);
    for (let q = 0; q < Np; q += NR) {
      let o = q * kc;
      for (let k = 0; k < kc; k++) {
        const row = bo + (pc + k) * bK;
        for (let j = 0; j < NR; j++) {
          const col = q + j;
          bp[o++] = col < N ? (B[row + col * bN] as number) : 0;
        }
      }
    }
    for (let ic = 0; ic < M; ic += MC) {
      const mc = Math.min(MC, M - ic);
      const mcp = Math.ceil(mc / MR) * MR;
      for (let p = 0; p < mcp; p += MR) {
        let o = p * kc;
        for (let k = 0; k < kc; k++) {
          const colOff = ao + (pc + k) * aK;
          for (let i = 0; i < MR; i++) {
            const r = ic + p + i;
            ap[o++] = r < M ? (A[colOff + r * aM] as number) : 0;
          }
        }
      }
      for (let q = 0; q < Np; q += NR) {
        for (let p = 0; p < mcp; p += MR) micro4x4(ap, p * kc, bp, q * kc, kc, cp, (ic + p) * Np + q, Np);
      }
    }
  }
  for (let i = 0; i < M; i++) {
    const src = i * Np;
    const dst = oo + i * N;
    for (let j = 0; j < N; j++) out[dst + j] = cp[src + j] as number;
  }
}

/** Straight loops for small or skinny float products (no packing overhead). */
function gemmSimple(a: View, ao: number, b: View, bo: number, M: number, N: number, K: number, out: DataArray, oo: number, row: Float64Array): void {
  const A = a.data;
  const B = b.data;
  const aM = a.sO, aK = a.sI, bK = b.sO, bN = b.sI;
  if (bN === 1) {
    for (let i = 0; i < M; i++) {
      row.fill(0, 0, N);
      for (let k = 0; k < K; k++) {
        const x = A[ao + i * aM + k * aK] as number;
        const bRow = bo + k * bK;
        for (let j = 0; j < N; j++) (row[j] as number) += x * (B[bRow + j] as number);
      }
      for (let j = 0; j < N; j++) out[oo + i * N + j] = row[j] as number;
    }
    return;
  }
  for (let i = 0; i < M; i++) {
    for (let j = 0; j < N; j++) {
      let acc = 0;
      let pa = ao + i * aM;
      let pb = bo + j * bN;
      for (let k = 0; k < K; k++) {
        acc += (A[pa] as number) * (B[pb] as number);
        pa += aK;
        pb += bK;
      }
      out[oo + i * N + j] = acc;
    }
  }
}

/** Integer (and bool as 0/1) products with wrapping 32-bit accumulation. */
function gemmInt(a: View, ao: number, b: View, bo: number, M: number, N: number, K: number, out: Int32Array, oo: number, row: Int32Array): void {
  const A = a.data;
  const B = b.data;
  const aM = a.sO, aK = a.sI, bK = b.sO, bN = b.sI;
  for (let i = 0; i < M; i++) {
    row.fill(0, 0, N);
    for (let k = 0; k < K; k++) {
      const x = A[ao + i * aM + k * aK] as number;
      if (x === 0) continue;
      const bRow = bo + k * bK;
      for (let j = 0; j < N; j++) row[j] = (row[j] as number) + Math.imul(x, B[bRow + j * bN] as number);
    }
    out.set(row.subarray(0, N), oo + i * N);
  }
}

function freeAxes(ndim: number, contracting: readonly number[], batch: readonly number[]): number[] {
  const out: number[] = [];
  for (let k = 0; k < ndim; k++) if (!contracting.includes(k) && !batch.includes(k)) out.push(k);
  return out;
}

/** Products at or below this many multiply-adds skip packing. */
const SMALL = 16384;

/**
 * Float32 products (per batch) below this many multiply-adds, and single dot products, stay on
 * the JS kernel: packing and the calls into wasm cost about a microsecond.
 */
const WASM_MIN_WORK = 256;

/**
 * Float products of `count` batches: out[t·M·N + i·N + j] = Σ_k A[t·a.sB + i·a.sO + k·a.sI] ·
 * B[t·b.sB + k·b.sO + j·b.sI] (written, not accumulated). Shared with the convolution routine.
 * With `float32` (the operands and result are float32 values) the product runs in WebAssembly
 * SIMD with float32 accumulation when `float32` is set (the backend allows wasm), the host supports
 * it and `BRAINSTATE_WASM=0` is not set;
 * otherwise (and for float64) the JS kernel accumulates in float64, so the two paths differ by
 * ordinary float32 rounding of the sums.
 */
export function floatBatchedMatmul(a: View, b: View, count: number, M: number, N: number, K: number, out: DataArray, outOffset = 0, float32 = false): void {
  if (M === 0 || N === 0 || count === 0) return;
  if (K === 0) {
    out.fill(0, outOffset, outOffset + count * M * N);
    return;
  }
  if (float32 && M * N * K >= WASM_MIN_WORK && M * N > 1) {
    const gemm = sharedWasmGemm();
    if (gemm && gemm.run(a, b, count, M, N, K, out, outOffset)) return;
  }
  const blocked = M >= MR && N >= NR && M * N * K > SMALL;
  const scratch: Scratch | undefined = blocked
    ? {
        cp: new Float64Array(Math.ceil(M / MR) * MR * Math.ceil(N / NR) * NR),
        bp: new Float64Array(Math.min(KC, K) * Math.ceil(N / NR) * NR),
        ap: new Float64Array(Math.min(KC, K) * MC),
      }
    : undefined;
  const row = new Float64Array(N);
  for (let t = 0; t < count; t++) {
    const oo = outOffset + t * M * N;
    if (scratch) gemmBlocked(a, t * a.sB, b, t * b.sB, M, N, K, out, oo, scratch);
    else gemmSimple(a, t * a.sB, b, t * b.sB, M, N, K, out, oo, row);
  }
}

const matmul: CpuRoutine = (inputs, inSpecs, outSpecs, params, options) => {
  const [contracting, batch] = [params.contracting, params.batch] as [
    readonly [readonly number[], readonly number[]],
    readonly [readonly number[], readonly number[]],
  ];
  const [lc, rc] = contracting;
  const [lb, rb] = batch;
  const ls = inSpecs[0] as BufferSpec;
  const rs = inSpecs[1] as BufferSpec;
  const os = outSpecs[0] as BufferSpec;
  const lf = freeAxes(ls.shape.length, lc, lb);
  const rf = freeAxes(rs.shape.length, rc, rb);
  const Bn = prod(lb.map((k) => ls.shape[k] as number));
  const M = prod(lf.map((k) => ls.shape[k] as number));
  const K = prod(lc.map((k) => ls.shape[k] as number));
  const N = prod(rf.map((k) => rs.shape[k] as number));
  const out = allocData(os.dtype, Bn * M * N);
  if (out.length === 0 || K === 0) return [out];
  const a = makeView(inputs[0] as DataArray, ls.shape, lb, lf, lc);
  const b = makeView(inputs[1] as DataArray, rs.shape, rb, rc, rf);
  const dtype = os.dtype;
  if (dtype === "float32" || dtype === "float64") {
    floatBatchedMatmul(a, b, Bn, M, N, K, out, 0, dtype === "float32" && options.wasm);
    return [out];
  }
  const acc = dtype === "int32" ? (out as Int32Array) : new Int32Array(out.length);
  const row = new Int32Array(N);
  for (let t = 0; t < Bn; t++) gemmInt(a, t * a.sB, b, t * b.sB, M, N, K, acc, t * M * N, row);
  if (dtype === "uint32") (out as Uint32Array).set(new Uint32Array(acc.buffer, acc.byteOffset, acc.length));
  else if (dtype === "bool") for (let i = 0; i < acc.length; i++) out[i] = acc[i] !== 0 ? 1 : 0;
  return [out];
};

/** Native CPU routines of this file, by routine name. */
export const MATMUL_ROUTINES: Record<string, CpuRoutine> = { matmul };
