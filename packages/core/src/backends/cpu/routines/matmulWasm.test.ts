// Tests of the WebAssembly SIMD float32 matmul (matmulWasm.ts) and of its use by the CPU matmul and
// conv routines: every product is checked against a naive triple loop written here, in float64.
import { describe, expect, it } from "vitest";
import { fromData } from "../../../array/create.js";
import { lax, np } from "../../../index.js";
import { assembleModule, functionText } from "../../../kernel/render/wasmBinary.js";
import { wasmDisabledByEnv, wasmSimdSupported } from "../wasm.js";
import { floatBatchedMatmul, type View } from "./matmul.js";
import { buildGemmModule, DEFAULT_GEMM_CONFIG, sharedWasmGemm, WasmGemm, type WasmGemmConfig } from "./matmulWasm.js";

/** A deterministic stream of floats in [-1, 1) (a 32-bit LCG). */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s / 4294967296) * 2 - 1;
  };
}

function randomF32(n: number, seed: number): Float32Array {
  const r = rng(seed);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = r();
  return out;
}

/** How an operand is laid out: "row" = rows contiguous, "col" = stored transposed, "shared" = one matrix for every batch (row layout). */
type Layout = "row" | "col" | "shared";

/** A [count, rows, depth] operand (A: rows = M; B: depth-major, see `viewB`) with its values for the reference. */
interface Operand {
  readonly view: View;
  /** value(t, r, k). */
  readonly at: (t: number, r: number, k: number) => number;
}

/** A as count × (M×K): element (t, i, k). */
function viewA(layout: Layout, count: number, M: number, K: number, seed: number): Operand {
  const data = randomF32((layout === "shared" ? 1 : count) * M * K, seed);
  if (layout === "col") {
    // Stored as count × K × M.
    const view: View = { data, sB: M * K, sO: 1, sI: M };
    return { view, at: (t, i, k) => data[t * M * K + k * M + i] as number };
  }
  const sB = layout === "shared" ? 0 : M * K;
  return { view: { data, sB, sO: K, sI: 1 }, at: (t, i, k) => data[t * sB + i * K + k] as number };
}

/** B as count × (K×N): element (t, j, k) is B[k, j]. */
function viewB(layout: Layout, count: number, K: number, N: number, seed: number): Operand {
  const data = randomF32((layout === "shared" ? 1 : count) * K * N, seed);
  if (layout === "col") {
    // Stored as count × N × K.
    const view: View = { data, sB: K * N, sO: 1, sI: K };
    return { view, at: (t, j, k) => data[t * K * N + j * K + k] as number };
  }
  const sB = layout === "shared" ? 0 : K * N;
  return { view: { data, sB, sO: N, sI: 1 }, at: (t, j, k) => data[t * sB + k * N + j] as number };
}

/**
 * Checks out[offset + t·M·N + i·N + j] against Σ_k A(t,i,k)·B(t,j,k) computed in float64: the
 * error may be at most rtol · Σ_k |A·B| (float32 accumulation over K terms).
 */
function expectProduct(out: ArrayLike<number>, offset: number, a: Operand, b: Operand, count: number, M: number, N: number, K: number, rtol = 1e-5): void {
  for (let t = 0; t < count; t++) {
    for (let i = 0; i < M; i++) {
      for (let j = 0; j < N; j++) {
        let sum = 0;
        let mag = 0;
        for (let k = 0; k < K; k++) {
          const p = a.at(t, i, k) * b.at(t, j, k);
          sum += p;
          mag += Math.abs(p);
        }
        const got = out[offset + (t * M + i) * N + j] as number;
        if (!(Math.abs(got - sum) <= rtol * mag)) {
          expect.fail(`batch ${t}, element (${i}, ${j}) of a ${M}×${K} · ${K}×${N} product: got ${got}, expected ${sum} (Σ|a·b| = ${mag})`);
        }
      }
    }
  }
}

const SIMD = wasmSimdSupported();

/** Shapes [M, N, K] that cross the 4×8 tile, the K block (256) and the M block (128). */
const SHAPES: readonly (readonly [number, number, number])[] = [
  [1, 1, 1],
  [3, 5, 7],
  [17, 33, 9],
  [64, 64, 64],
  [130, 67, 261],
  [4, 8, 256],
  [5, 9, 513],
  [129, 8, 3],
  [1, 40, 30],
  [40, 1, 30],
];

/** Small blocks and an odd tile, so that small shapes cross every block edge; unroll 2 pads K. */
const SMALL_BLOCKS: WasmGemmConfig = { mr: 3, nr: 4, unroll: 2, kc: 8, mc: 6 };

describe.skipIf(!SIMD)("WasmGemm", () => {
  const gemm = new WasmGemm();
  const small = new WasmGemm(SMALL_BLOCKS);

  it("uses the 4×8 tile with K blocks of 256 by default", () => {
    expect(gemm.config).toEqual(DEFAULT_GEMM_CONFIG);
    expect(DEFAULT_GEMM_CONFIG).toMatchObject({ mr: 4, nr: 8, kc: 256 });
  });

  it("assembles a module whose micro-kernel splats A and multiplies vectors of B", () => {
    const spec = buildGemmModule(DEFAULT_GEMM_CONFIG);
    expect(spec.functions.map((f) => f.name)).toEqual(["tile", "block", "packAs", "packBv", "packBs", "packLines", "packAv"]);
    const tile = functionText(spec.functions[0] as (typeof spec.functions)[number]);
    // 4 rows × 2 vectors of 4 columns: 8 multiply-adds per k step, 4 splats, 2 vector loads of B.
    expect(tile.match(/f32x4\.mul/g)?.length).toBe(8);
    expect(tile.match(/v128\.load32_splat/g)?.length).toBe(4);
    expect((globalThis as unknown as { WebAssembly: { validate(b: Uint8Array): boolean } }).WebAssembly.validate(assembleModule(spec))).toBe(true);
  });

  it("rejects a tile configuration whose blocks are not multiples of the tile", () => {
    expect(() => new WasmGemm({ mr: 4, nr: 6, unroll: 1, kc: 256, mc: 128 })).toThrow(/inconsistent tile configuration/);
    expect(() => new WasmGemm({ mr: 4, nr: 8, unroll: 3, kc: 256, mc: 128 })).toThrow(/inconsistent tile configuration/);
    expect(() => new WasmGemm({ mr: 3, nr: 8, unroll: 1, kc: 256, mc: 128 })).toThrow(/inconsistent tile configuration/);
  });

  for (const [M, N, K] of SHAPES) {
    it(`matches a naive loop for ${M}×${K} · ${K}×${N} (row-major operands)`, () => {
      const a = viewA("row", 1, M, K, M * 7 + K);
      const b = viewB("row", 1, K, N, N * 13 + K);
      for (const g of [gemm, small]) {
        const out = new Float32Array(M * N).fill(NaN);
        expect(g.run(a.view, b.view, 1, M, N, K, out)).toBe(true);
        expectProduct(out, 0, a, b, 1, M, N, K);
      }
    });
  }

  for (const la of ["row", "col"] as const) {
    for (const lb of ["row", "col"] as const) {
      it(`matches a naive loop with A ${la === "row" ? "row-major" : "transposed"} and B ${lb === "row" ? "row-major" : "transposed"}`, () => {
        for (const [M, N, K] of [
          [130, 67, 261],
          [9, 17, 5],
        ] as const) {
          const a = viewA(la, 1, M, K, 3);
          const b = viewB(lb, 1, K, N, 4);
          for (const g of [gemm, small]) {
            const out = new Float32Array(M * N);
            g.run(a.view, b.view, 1, M, N, K, out);
            expectProduct(out, 0, a, b, 1, M, N, K);
          }
        }
      });
    }
  }

  it("runs batched products, packing a shared operand once", () => {
    const count = 3;
    for (const [la, lb] of [
      ["row", "row"],
      ["shared", "row"],
      ["row", "shared"],
      ["col", "col"],
    ] as const) {
      for (const [M, N, K] of [
        [6, 10, 7],
        [33, 20, 40],
      ] as const) {
        const a = viewA(la, count, M, K, 11);
        const b = viewB(lb, count, K, N, 12);
        for (const g of [gemm, small]) {
          const out = new Float32Array(count * M * N).fill(NaN);
          g.run(a.view, b.view, count, M, N, K, out);
          expectProduct(out, 0, a, b, count, M, N, K);
        }
      }
    }
  });

  it("writes at an offset into a Float64Array (as the convolution routine does)", () => {
    const [M, N, K] = [10, 12, 30];
    const a = viewA("row", 2, M, K, 5);
    const b = viewB("row", 2, K, N, 6);
    const out = new Float64Array(7 + 2 * M * N).fill(-1);
    gemm.run(a.view, b.view, 2, M, N, K, out, 7);
    expect(globalThis.Array.from(out.subarray(0, 7))).toEqual([-1, -1, -1, -1, -1, -1, -1]);
    expectProduct(out, 7, a, b, 2, M, N, K);
  });

  it("writes zeros when K is 0 and nothing when M or N is 0", () => {
    const empty: View = { data: new Float32Array(0), sB: 0, sO: 0, sI: 1 };
    const out = new Float32Array(2 * 3 * 4).fill(NaN);
    expect(gemm.run(empty, empty, 2, 3, 4, 0, out)).toBe(true);
    expect(globalThis.Array.from(out)).toEqual(new globalThis.Array<number>(24).fill(0));
    const untouched = new Float32Array(3).fill(5);
    expect(gemm.run(empty, empty, 1, 0, 3, 4, untouched)).toBe(true);
    expect(globalThis.Array.from(untouched)).toEqual([5, 5, 5]);
  });

  it("keeps Infinity and NaN of real rows and columns out of the padding", () => {
    // A is 5×2 (rows 5..7 of the last panel are padding), B is 2×9 (columns 9..15 are padding).
    const A = new Float32Array([1, 0, 0, 1, Infinity, 1, 2, 3, NaN, 0]);
    const B = new Float32Array(18).fill(1);
    const out = new Float32Array(45);
    gemm.run({ data: A, sB: 0, sO: 2, sI: 1 }, { data: B, sB: 0, sO: 9, sI: 1 }, 1, 5, 9, 2, out);
    // Row sums of A times a column of ones: 1, 1, Infinity, 5, NaN.
    const rows = [1, 1, Infinity, 5, NaN];
    for (let i = 0; i < 5; i++) for (let j = 0; j < 9; j++) expect(out[i * 9 + j]).toBe(rows[i]);
  });

  it("accumulates in float32", () => {
    // Σ (1e8, 1, -1e8)·(1, 1, 1): in float32, 1e8 + 1 rounds to 1e8 (spacing 8), so the sum is 0;
    // in float64 it is 1.
    const A = new Float32Array([1e8, 1, -1e8]);
    const B = new Float32Array([1, 1, 1]);
    const out = new Float32Array(1);
    gemm.run({ data: A, sB: 0, sO: 3, sI: 1 }, { data: B, sB: 0, sO: 1, sI: 1 }, 1, 1, 1, 3, out);
    expect(out[0]).toBe(0);
  });
});

describe("floatBatchedMatmul", () => {
  const wasmOn = SIMD && !wasmDisabledByEnv();

  it("has a shared wasm kernel exactly when SIMD is supported and not disabled", () => {
    expect(sharedWasmGemm() !== undefined).toBe(wasmOn);
  });

  it("accumulates float32 products in float32 on the wasm path and in float64 otherwise", () => {
    // 16×16 rows of (1e8, 1, -1e8) times columns of ones (768 multiply-adds, above the wasm threshold).
    const [M, N, K] = [16, 16, 3];
    const A = new Float32Array(M * K);
    for (let i = 0; i < M; i++) A.set([1e8, 1, -1e8], i * K);
    const B = new Float32Array(K * N).fill(1);
    const a: View = { data: A, sB: 0, sO: K, sI: 1 };
    const b: View = { data: B, sB: 0, sO: N, sI: 1 };
    const f32 = new Float32Array(M * N);
    floatBatchedMatmul(a, b, 1, M, N, K, f32, 0, true);
    expect(f32[0]).toBe(wasmOn ? 0 : 1);
    const js = new Float32Array(M * N);
    floatBatchedMatmul(a, b, 1, M, N, K, js);
    expect(js[0]).toBe(1);
  });
});

describe("matmul on float32 (CPU routine)", () => {
  function f32Array(shape: number[], seed: number): { x: ReturnType<typeof fromData>; data: Float32Array } {
    const data = randomF32(shape.reduce((p, q) => p * q, 1), seed);
    return { x: fromData(data, shape, "float32"), data };
  }

  it("matches a naive loop for 2-d products across tile and block edges", () => {
    for (const [M, N, K] of [
      [3, 5, 7],
      [17, 33, 9],
      [64, 64, 64],
      [130, 67, 261],
    ] as const) {
      const a = f32Array([M, K], 21);
      const b = f32Array([K, N], 22);
      const out = np.matmul(a.x, b.x);
      expect(out.dtype).toBe("float32");
      expect(out.shape).toEqual([M, N]);
      const A: Operand = { view: { data: a.data, sB: 0, sO: K, sI: 1 }, at: (_t, i, k) => a.data[i * K + k] as number };
      const B: Operand = { view: { data: b.data, sB: 0, sO: N, sI: 1 }, at: (_t, j, k) => b.data[k * N + j] as number };
      expectProduct(out.data(), 0, A, B, 1, M, N, K);
    }
  });

  it("matches a naive loop for batched and transposed operands", () => {
    const [Bn, M, N, K] = [3, 20, 18, 33];
    const a = f32Array([Bn, K, M], 31); // contracted over axis 1: A stored transposed
    const b = f32Array([Bn, N, K], 32); // contracted over axis 2: B stored transposed
    const out = lax.dotGeneral(a.x, b.x, [
      [[1], [2]],
      [[0], [0]],
    ]);
    expect(out.shape).toEqual([Bn, M, N]);
    const A: Operand = { view: { data: a.data, sB: M * K, sO: 1, sI: M }, at: (t, i, k) => a.data[t * M * K + k * M + i] as number };
    const B: Operand = { view: { data: b.data, sB: K * N, sO: 1, sI: K }, at: (t, j, k) => b.data[t * K * N + j * K + k] as number };
    expectProduct(out.data(), 0, A, B, Bn, M, N, K);
  });

  it("returns zeros for an empty contraction", () => {
    const out = np.matmul(np.ones([3, 0]), np.ones([0, 5]));
    expect(out.shape).toEqual([3, 5]);
    expect(globalThis.Array.from(out.data())).toEqual(new globalThis.Array<number>(15).fill(0));
  });
});

describe("convGeneralDilated on float32 (CPU routine)", () => {
  it("matches a naive convolution loop", () => {
    // x: [N=2, C=3, H=11, W=10], w: [O=5, I=3, 3, 3], stride 1, VALID → [2, 5, 9, 8].
    const [Nb, C, H, W, O, KH, KW] = [2, 3, 11, 10, 5, 3, 3];
    const xd = randomF32(Nb * C * H * W, 41);
    const wd = randomF32(O * C * KH * KW, 42);
    const out = lax.convGeneralDilated(fromData(xd, [Nb, C, H, W], "float32"), fromData(wd, [O, C, KH, KW], "float32"), [1, 1], "VALID");
    const [OH, OW] = [H - KH + 1, W - KW + 1];
    expect(out.shape).toEqual([Nb, O, OH, OW]);
    expect(out.dtype).toBe("float32");
    const got = out.data();
    for (let n = 0; n < Nb; n++) {
      for (let o = 0; o < O; o++) {
        for (let y = 0; y < OH; y++) {
          for (let x = 0; x < OW; x++) {
            let sum = 0;
            let mag = 0;
            for (let c = 0; c < C; c++) {
              for (let dy = 0; dy < KH; dy++) {
                for (let dx = 0; dx < KW; dx++) {
                  const p = (xd[((n * C + c) * H + y + dy) * W + x + dx] as number) * (wd[((o * C + c) * KH + dy) * KW + dx] as number);
                  sum += p;
                  mag += Math.abs(p);
                }
              }
            }
            const v = got[((n * O + o) * OH + y) * OW + x] as number;
            if (!(Math.abs(v - sum) <= 1e-5 * mag)) expect.fail(`conv output (${n}, ${o}, ${y}, ${x}): got ${v}, expected ${sum}`);
          }
        }
      }
    }
  });
});
