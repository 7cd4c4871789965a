// Tests of conv_general_dilated: hand-computed cases and native/generic vs a naive reference on random data.
import { describe, expect, it } from "vitest";
import type { Array } from "../array/Array.js";
import type { ShapedArray } from "../array/aval.js";
import { fromData } from "../array/create.js";
import type { BufferSpec } from "../backend/backend.js";
import { getRoutine } from "../backend/routines.js";
import { allocData, type DataArray, type DType } from "../dtype/dtype.js";
import { AxisError, DTypeError, np, ShapeError, ValueError } from "../index.js";
import { expectAllclose } from "../testing/index.js";
import { convGeneralDilatedP, type ConvParams } from "./conv.js";
import { transposeP } from "./movement.js";
import { checkedEmitter } from "../../test/kernelChecks.js";

/** Asserts that `fn` throws an instance of `cls` whose message matches `msg`. */
function throws(fn: () => unknown, cls: new (message: string) => Error, msg: RegExp): void {
  expect(fn).toThrow(cls);
  expect(fn).toThrow(msg);
}

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

function random(shape: number[], dtype: DType, seed: number): Array {
  const r = rng(seed);
  const n = shape.reduce((a, b) => a * b, 1);
  const d = allocData(dtype, n);
  for (let i = 0; i < n; i++) d[i] = dtype === "int32" ? Math.floor(r() * 7) - 3 : r() * 2 - 1;
  return fromData(d, shape, dtype);
}

function canonical(d: number): ConvParams["dimensionNumbers"] {
  const id = globalThis.Array.from({ length: d + 2 }, (_, k) => k);
  return { lhs: id, rhs: id, out: id };
}

function params(d: number, over: Partial<ConvParams> = {}): ConvParams {
  const ones = new globalThis.Array<number>(d).fill(1);
  return {
    windowStrides: ones,
    padding: ones.map(() => [0, 0] as [number, number]),
    lhsDilation: ones,
    rhsDilation: ones,
    dimensionNumbers: canonical(d),
    featureGroupCount: 1,
    batchGroupCount: 1,
    ...over,
  };
}

/**
 * Independent reference in canonical layouts (lhs [N, C, S…], rhs [O, I, K…], out [N/bg, O, S'…]),
 * straight from the definition: pad and dilate the input conceptually, slide the dilated kernel.
 */
function naiveConv(lhs: Array, rhs: Array, p: ConvParams): { shape: number[]; data: number[] } {
  const x = globalThis.Array.from(lhs.data(), Number);
  const w = globalThis.Array.from(rhs.data(), Number);
  const [N, C, ...inSp] = lhs.shape as number[];
  const [O, I, ...kSp] = rhs.shape as number[];
  const d = inSp.length;
  const fg = p.featureGroupCount;
  const bg = p.batchGroupCount;
  const outSp = inSp.map((n, s) => {
    const dil = n === 0 ? 0 : (n - 1) * (p.lhsDilation[s] as number) + 1;
    const padded = dil + (p.padding[s] as [number, number])[0] + (p.padding[s] as [number, number])[1];
    const span = ((kSp[s] as number) - 1) * (p.rhsDilation[s] as number) + 1;
    return padded < span ? 0 : Math.floor((padded - span) / (p.windowStrides[s] as number)) + 1;
  });
  const Nout = (N as number) / bg;
  const iter = (dims: number[]): number[][] => {
    let acc: number[][] = [[]];
    for (const n of dims) acc = acc.flatMap((q) => globalThis.Array.from({ length: n }, (_, i) => [...q, i]));
    return acc;
  };
  const flat = (idx: number[], shape: number[]): number => idx.reduce((f, v, k) => f * (shape[k] as number) + v, 0);
  const out: number[] = [];
  for (let n = 0; n < Nout; n++) {
    for (let o = 0; o < (O as number); o++) {
      const g = Math.floor(o / ((O as number) / fg));
      const gb = Math.floor(o / ((O as number) / bg));
      for (const y of iter(outSp)) {
        let sum = 0;
        for (let i = 0; i < (I as number); i++) {
          for (const k of iter(kSp)) {
            const src: number[] = [];
            let ok = true;
            for (let s = 0; s < d; s++) {
              const pos = (y[s] as number) * (p.windowStrides[s] as number) + (k[s] as number) * (p.rhsDilation[s] as number) - (p.padding[s] as [number, number])[0];
              const ld = p.lhsDilation[s] as number;
              if (pos < 0 || pos % ld !== 0 || pos / ld >= (inSp[s] as number)) ok = false;
              src.push(pos / ld);
            }
            if (!ok) continue;
            const xi = flat([gb * Nout + n, g * (I as number) + i, ...src], [N as number, C as number, ...inSp]);
            const wi = flat([o, i, ...k], [O as number, I as number, ...kSp]);
            sum += (x[xi] as number) * (w[wi] as number);
          }
        }
        out.push(sum);
      }
    }
  }
  return { shape: [Nout, O as number, ...outSp], data: out };
}

/** The "conv" routine's generic lowering, every kernel evaluated by the reference interpreter. */
function generic(lhs: Array, rhs: Array, p: ConvParams): number[] {
  const inSpecs: BufferSpec[] = [lhs, rhs].map((a) => ({ shape: a.shape, dtype: a.dtype }));
  const outs = convGeneralDilatedP.def.abstractEval([lhs.aval, rhs.aval], p) as ShapedArray[];
  const emit = checkedEmitter();
  const [d] = getRoutine("conv").lowerGeneric(emit, [lhs.data(), rhs.data()], inSpecs, outs, p as unknown as Record<string, unknown>);
  return globalThis.Array.from(d as DataArray, Number);
}

const conv = (lhs: Array, rhs: Array, p: ConvParams): Array => convGeneralDilatedP.bind1([lhs, rhs], p);
const vec = (xs: number[], shape: number[]): Array => fromData(Float32Array.from(xs), shape, "float32");

describe("conv_general_dilated", () => {
  it("cross-correlates in 1-d (VALID, stride 1)", () => {
    // x = [1,2,3,4,5], w = [1,-1]: out[j] = x[j] − x[j+1]
    const out = conv(vec([1, 2, 3, 4, 5], [1, 1, 5]), vec([1, -1], [1, 1, 2]), params(1));
    expect(out.shape).toEqual([1, 1, 4]);
    expect(out.toArray()).toEqual([[[-1, -1, -1, -1]]]);
  });

  it("pads, strides and dilates", () => {
    const x = vec([1, 2, 3, 4, 5], [1, 1, 5]);
    const ones2 = vec([1, 1], [1, 1, 2]);
    // stride 2: windows (1,2), (3,4) → [3, 7]
    expect(conv(x, ones2, params(1, { windowStrides: [2] })).toArray()).toEqual([[[3, 7]]]);
    // padding [1, 2]: [0,1,2,3,4,5,0,0] → pair sums [1,3,5,7,9,5,0]
    expect(conv(x, ones2, params(1, { padding: [[1, 2]] })).toArray()).toEqual([[[1, 3, 5, 7, 9, 5, 0]]]);
    // rhs dilation 2: taps j and j+2 → [1+3, 2+4, 3+5]
    expect(conv(x, ones2, params(1, { rhsDilation: [2] })).toArray()).toEqual([[[4, 6, 8]]]);
    // lhs dilation 2 on [1,2,3] → [1,0,2,0,3]; pair sums [1,2,2,3]
    expect(conv(vec([1, 2, 3], [1, 1, 3]), ones2, params(1, { lhsDilation: [2] })).toArray()).toEqual([[[1, 2, 2, 3]]]);
    // negative padding crops: [2,3,4] with w=[1] → [2,3,4]
    expect(conv(x, vec([1], [1, 1, 1]), params(1, { padding: [[-1, -1]] })).toArray()).toEqual([[[2, 3, 4]]]);
  });

  it("counts neighbours with a 3×3 kernel and SAME-style padding", () => {
    const out = conv(np.ones([1, 1, 3, 3], { dtype: "float32" }), np.ones([1, 1, 3, 3], { dtype: "float32" }), params(2, { padding: [[1, 1], [1, 1]] }));
    expect(out.toArray()).toEqual([[[[4, 6, 4], [6, 9, 6], [4, 6, 4]]]]);
  });

  it("sums over input channels and produces several output features", () => {
    // x: 2 channels of length 2: c0 = [1,2], c1 = [3,4]; w[o, i, 0]: o0 = [1, 1], o1 = [1, -1].
    const out = conv(vec([1, 2, 3, 4], [1, 2, 2]), vec([1, 1, 1, -1], [2, 2, 1]), params(1));
    expect(out.toArray()).toEqual([[[4, 6], [-2, -2]]]);
  });

  it("propagates NaN through zero weights", () => {
    // x = [NaN, 1, 2], w = [0, 1]: [0·NaN + 1, 0·1 + 2] = [NaN, 2]
    const x = vec([NaN, 1, 2], [1, 1, 3]);
    const w = vec([0, 1], [1, 1, 2]);
    expect(conv(x, w, params(1)).toArray()).toEqual([[[NaN, 2]]]);
    expect(generic(x, w, params(1))).toEqual([NaN, 2]);
  });

  it("convolves feature groups (depthwise)", () => {
    // 2 channels, featureGroupCount 2, one weight per channel: c0·2, c1·3.
    const out = conv(vec([1, 2, 3, 4], [1, 2, 2]), vec([2, 3], [2, 1, 1]), params(1, { featureGroupCount: 2 }));
    expect(out.toArray()).toEqual([[[2, 4], [9, 12]]]);
  });

  it("convolves batch groups (output feature group g reads batch group g)", () => {
    // N = 2 split into 2 groups of 1; O = 2: o0 reads batch 0, o1 reads batch 1. Weights 1 and 10.
    const out = conv(vec([1, 2, 3, 4], [2, 1, 2]), vec([1, 10], [2, 1, 1]), params(1, { batchGroupCount: 2 }));
    expect(out.shape).toEqual([1, 2, 2]);
    expect(out.toArray()).toEqual([[[1, 2], [30, 40]]]);
  });

  it("matches an independent reference on random data (native and generic)", () => {
    const cases: [number[], number[], ConvParams][] = [
      [[2, 3, 9], [4, 3, 3], params(1, { windowStrides: [2], padding: [[1, 2]] })],
      [[1, 2, 7], [2, 2, 2], params(1, { lhsDilation: [3], rhsDilation: [2], padding: [[2, 1]] })],
      [[2, 4, 6, 5], [6, 2, 3, 2], params(2, { windowStrides: [2, 1], padding: [[1, 1], [0, 2]], featureGroupCount: 2 })],
      [[1, 3, 5, 6], [3, 1, 2, 3], params(2, { lhsDilation: [2, 1], rhsDilation: [1, 2], padding: [[1, 0], [2, 2]], featureGroupCount: 3 })],
      [[4, 2, 5, 4], [6, 2, 2, 2], params(2, { batchGroupCount: 2, windowStrides: [1, 2], padding: [[0, 1], [1, 0]] })],
      [[1, 2, 4, 3, 4], [2, 2, 2, 2, 3], params(3, { windowStrides: [1, 2, 1], padding: [[1, 0], [0, 1], [1, 1]], rhsDilation: [1, 1, 2] })],
      [[2, 2, 3, 3], [3, 2, 5, 5], params(2, { padding: [[-1, 4], [3, -1]], windowStrides: [3, 2] })],
    ];
    cases.forEach(([ls, rs, p], t) => {
      for (const dtype of ["float32", "float64", "int32"] as DType[]) {
        const lhs = random(ls, dtype, 3 + t);
        const rhs = random(rs, dtype, 30 + t);
        const want = naiveConv(lhs, rhs, p);
        const got = conv(lhs, rhs, p);
        expect(got.shape).toEqual(want.shape);
        const tol = dtype === "float32" ? 1e-5 : 1e-12;
        expectAllclose(globalThis.Array.from(got.data(), Number), want.data, { rtol: tol, atol: tol });
        expectAllclose(generic(lhs, rhs, p), want.data, { rtol: tol, atol: tol });
      }
    });
  });

  it("uses direct loops for floats when the patch buffer would be too large", () => {
    // 1-d, 2^20 samples, window 9: the patches would hold 9·(2^20 − 8) > 2^23 elements.
    const n = 1 << 20;
    const x = fromData(Float32Array.from({ length: n }, (_, i) => i % 4), [1, 1, n], "float32");
    const w = np.ones([1, 1, 9], { dtype: "float32" });
    const out = conv(x, w, params(1)).data();
    expect(out.length).toBe(n - 8);
    // 9 consecutive values of the period-4 pattern 0,1,2,3 sum to 2·6 + x[j+8] = 12 + (j % 4).
    let bad = 0;
    for (let j = 0; j < out.length; j++) if (out[j] !== 12 + (j % 4)) bad++;
    expect(bad).toBe(0);
  });

  it("follows dimension numbers (NHWC / HWIO / NHWC)", () => {
    const lhs = random([2, 3, 5, 4], "float64", 11); // canonical N C H W
    const rhs = random([4, 3, 2, 3], "float64", 12); // canonical O I H W
    const p = params(2, { padding: [[1, 0], [1, 1]] });
    const want = naiveConv(lhs, rhs, p);
    const lhsNHWC = transposeP.bind1([lhs], { permutation: [0, 2, 3, 1] });
    const rhsHWIO = transposeP.bind1([rhs], { permutation: [2, 3, 1, 0] });
    const q = { ...p, dimensionNumbers: { lhs: [0, 3, 1, 2], rhs: [3, 2, 0, 1], out: [0, 3, 1, 2] } };
    const out = conv(lhsNHWC, rhsHWIO, q);
    // back to N C H W
    const back = transposeP.bind1([out], { permutation: [0, 3, 1, 2] });
    expectAllclose(globalThis.Array.from(back.data(), Number), want.data, { rtol: 1e-12, atol: 1e-12 });
    const g = fromData(Float64Array.from(generic(lhsNHWC, rhsHWIO, q)), out.shape, "float64");
    expectAllclose(globalThis.Array.from(transposeP.bind1([g], { permutation: [0, 3, 1, 2] }).data(), Number), want.data, { rtol: 1e-12, atol: 1e-12 });
  });

  it("gives an empty or all-padding output for empty inputs", () => {
    const out = conv(np.zeros([1, 1, 0], { dtype: "float32" }), np.ones([1, 1, 1], { dtype: "float32" }), params(1, { padding: [[1, 1]] }));
    expect(out.toArray()).toEqual([[[0, 0]]]);
    expect(generic(np.zeros([1, 1, 0], { dtype: "float32" }), np.ones([1, 1, 1], { dtype: "float32" }), params(1, { padding: [[1, 1]] }))).toEqual([0, 0]);
    expect(conv(np.zeros([0, 1, 4], { dtype: "float32" }), np.ones([1, 1, 2], { dtype: "float32" }), params(1)).shape).toEqual([0, 1, 3]);
    // window larger than the input: no output positions
    expect(conv(np.zeros([1, 1, 2], { dtype: "float32" }), np.ones([1, 1, 3], { dtype: "float32" }), params(1)).shape).toEqual([1, 1, 0]);
  });

  it("rejects mismatched dtypes, shapes and params", () => {
    const x = np.ones([1, 2, 4], { dtype: "float32" });
    const w = np.ones([2, 2, 2], { dtype: "float32" });
    throws(() => conv(x, np.ones([2, 2, 2], { dtype: "float64" }), params(1)), DTypeError, /conv_general_dilated: lhs has dtype float32 but rhs has float64/);
    throws(() => conv(np.ones([1, 2, 4], { dtype: "bool" }), np.ones([2, 2, 2], { dtype: "bool" }), params(1)), DTypeError, /bool operands are not supported/);
    throws(() => conv(x, np.ones([2, 2], { dtype: "float32" }), params(1)), ShapeError, /must have the same rank/);
    throws(() => conv(x, np.ones([2, 3, 2], { dtype: "float32" }), params(1)), ShapeError, /lhs feature dimension has size 2 but rhs input-feature dimension \(3\) × featureGroupCount \(1\) is 3/);
    throws(() => conv(x, np.ones([3, 1, 2], { dtype: "float32" }), params(1, { featureGroupCount: 2 })), ShapeError, /divisible by featureGroupCount \(2\)/);
    throws(() => conv(x, w, params(1, { batchGroupCount: 2 })), ShapeError, /lhs batch dimension \(1\) must be divisible by batchGroupCount \(2\)/);
    throws(() => conv(x, w, params(1, { featureGroupCount: 2, batchGroupCount: 2 })), ValueError, /at most one may exceed 1/);
    throws(() => conv(x, w, params(1, { windowStrides: [0] })), ValueError, /windowStrides \[0\] must list 1 positive integers/);
    throws(() => conv(x, w, params(1, { padding: [] })), ValueError, /padding \[\] must hold 1 \[lo, hi\] integer pairs/);
    throws(() => conv(x, w, params(1, { dimensionNumbers: { lhs: [0, 0, 1], rhs: [0, 1, 2], out: [0, 1, 2] } })), AxisError, /lhs dimension numbers \[0,0,1\] are not a permutation/);
  });
});
