// Interval analysis: ranges of integer intermediates from the input ranges (hand-computed).
import { describe, expect, it } from "vitest";
import { K, type Kernel } from "@brainstate/core/extend";
import { analyzeBounds, dtypeRange, rangeOfData } from "./bounds.js";

const i = K.load(0, "int32", K.GIDX);

describe("analyzeBounds", () => {
  it("bounds index arithmetic by the kernel size", () => {
    // gidx in [0, 99]; gidx * 3 + 2 in [2, 299]
    const k: Kernel = { inputs: [], size: 100, dtype: "int32", exp: K.add(K.mul(K.GIDX, K.idx(3)), K.idx(2)) };
    expect(analyzeBounds(k, [])).toEqual({ out: { lo: 2, hi: 299 }, inexact: null });
  });

  it("flags an integer intermediate beyond 2^24 even when the result is small", () => {
    // (x * 4096) % 7 with x in [0, 10000]: the product reaches 40,960,000 > 2^24.
    const k: Kernel = { inputs: ["int32"], size: 4, dtype: "int32", exp: K.rem(K.mul(i, K.idx(4096)), K.idx(7)) };
    const v = analyzeBounds(k, [{ lo: 0, hi: 10000 }]);
    expect(v.inexact).toMatch(/mul on int32 reaches \[0, 40960000\]/);
    expect(analyzeBounds(k, [{ lo: 0, hi: 100 }]).inexact).toBeNull();
  });

  it("bounds a sum accumulator by size times the element range", () => {
    // 1000 elements in [-5, 20]: the sum lies in [-5000, 20000]
    const k: Kernel = { inputs: ["int32"], size: 1, dtype: "int32", exp: K.load(0, "int32", K.RIDX), reduction: { op: "sum", size: 1000, accDtype: "int32" } };
    expect(analyzeBounds(k, [{ lo: -5, hi: 20 }])).toEqual({ out: { lo: -5000, hi: 20000 }, inexact: null });
  });

  it("flags float → int casts of unbounded floats and int32 → uint32 casts of negatives", () => {
    const f = K.load(0, "float32", K.GIDX);
    const k: Kernel = { inputs: ["float32"], size: 1, dtype: "int32", exp: K.cast(K.unary("exp", f), "int32") };
    expect(analyzeBounds(k, [{ lo: -1, hi: 1 }]).inexact).not.toBeNull();
    const k2: Kernel = { inputs: ["float32"], size: 1, dtype: "int32", exp: K.cast(K.unary("floor", f), "int32") };
    expect(analyzeBounds(k2, [{ lo: -1.5, hi: 1.5 }])).toEqual({ out: { lo: -2, hi: 2 }, inexact: null });
    const k3: Kernel = { inputs: ["int32"], size: 1, dtype: "uint32", exp: K.cast(i, "uint32") };
    expect(analyzeBounds(k3, [{ lo: -1, hi: 3 }]).inexact).not.toBeNull();
  });
});

describe("rangeOfData", () => {
  it("returns min and max, unknown with NaN, and [0, 0] when empty", () => {
    expect(rangeOfData([3, -1, 2])).toEqual({ lo: -1, hi: 3 });
    expect(rangeOfData([1, NaN])).toEqual({ lo: -Infinity, hi: Infinity });
    expect(rangeOfData([])).toEqual({ lo: 0, hi: 0 });
    expect(dtypeRange("uint32")).toEqual({ lo: 0, hi: 4294967295 });
  });
});

describe("analyzeBounds on row-major index arithmetic", () => {
  it("keeps (gidx // 512) * 512 within [0, 261632] for 262144 outputs", () => {
    // gidx in [0, 262143]; gidx // 512 in [0, 511]; × 512 in [0, 261632]; gidx % 512 in [0, 511]
    const q = K.div(K.GIDX, K.idx(512));
    const k: Kernel = { inputs: [], size: 262144, dtype: "int32", exp: K.add(K.mul(q, K.idx(512)), K.rem(K.GIDX, K.idx(512))) };
    expect(analyzeBounds(k, [])).toEqual({ out: { lo: 0, hi: 262143 }, inexact: null });
  });
});
