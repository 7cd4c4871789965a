// Transformation rules of conv_general_dilated: JVP and gradients against finite differences
// (float64) over strides, padding (also negative), lhs/rhs dilation, layouts, feature and batch
// groups; the transpose identity ⟨ct, J·t⟩ = ⟨Jᵀ·ct, t⟩; vmap against per-lane loops; nesting.
import { describe, expect, it } from "vitest";
import { grad, jacfwd, jacrev, jit, lax, np, vmap, type Array } from "../index.js";
import { expectAllclose } from "../testing/index.js";

import { checkGrad, checkJvp, checkTranspose, checkVmap, f64, fdGrad, flat, lossOf, rand, type Fn } from "../../test/ruleChecks.js";

type Opts = NonNullable<Parameters<typeof lax.convGeneralDilated>[4]>;
type Pad = Parameters<typeof lax.convGeneralDilated>[3];
const cv = (strides: number[], padding: Pad, opts: Opts = {}): Fn => (l, r) => lax.convGeneralDilated(l as Array, r as Array, strides, padding, opts);

// [name, lhs shape, rhs shape, conv]
const CASES: [string, number[], number[], Fn][] = [
  ["1-d convolution with symmetric padding", [2, 3, 7], [4, 3, 3], cv([1], [[1, 1]])],
  ["2-d convolution with strides, uneven padding and rhs dilation", [1, 2, 6, 5], [3, 2, 2, 2], cv([2, 2], [[1, 0], [0, 2]], { rhsDilation: [1, 2] })],
  ["transposed (lhs-dilated) convolution", [1, 2, 4], [2, 2, 3], cv([1], [[2, 1]], { lhsDilation: [2] })],
  ["NHWC/HWIO layout whose stride leaves the last row unread", [2, 6, 4, 3], [3, 2, 3, 2], cv([2, 1], "VALID", { dimensionNumbers: ["NHWC", "HWIO", "NHWC"] })],
  ["convolution with negative (cropping) padding", [1, 2, 8], [2, 2, 3], cv([1], [[-1, 2]])],
  ["feature-grouped convolution (2 groups)", [2, 4, 5], [6, 2, 3], cv([1], [[1, 0]], { featureGroupCount: 2 })],
  ["depthwise convolution", [1, 3, 5], [3, 1, 2], cv([1], "SAME", { featureGroupCount: 3 })],
  ["batch-grouped convolution (2 groups)", [4, 3, 5], [4, 3, 2], cv([1], [[0, 1]], { batchGroupCount: 2 })],
  [
    "2-d convolution with every option and feature groups in NWHC/OHWI/CNHW layouts",
    [2, 5, 3, 4],
    [4, 2, 2, 2],
    cv([1, 2], [[1, 1], [0, -1]], { lhsDilation: [2, 1], rhsDilation: [1, 2], featureGroupCount: 2, dimensionNumbers: ["NWHC", "OHWI", "CNHW"] }),
  ],
  ["batch groups with strides and lhs dilation", [4, 2, 5], [6, 2, 2], cv([2], [[1, 1]], { lhsDilation: [2], batchGroupCount: 2 })],
];

describe("conv_general_dilated jvp", () => {
  for (const [name, ls, rs, f] of CASES) {
    it(`matches finite differences for a ${name}`, () => {
      checkJvp(f, [rand(ls, 1), rand(rs, 2)]);
    });
  }
});

describe("conv_general_dilated grad", () => {
  for (const [name, ls, rs, f] of CASES) {
    it(`matches finite differences for a ${name}`, () => {
      checkGrad(f, [rand(ls, 3), rand(rs, 4)]);
    });
  }

  it("gives hand-computed gradients for a 1-d difference filter", () => {
    // out = [x0 − x1, x1 − x2, x2 − x3] for w = [1, −1]; ∂Σout/∂x = [1, 0, 0, −1];
    // ∂Σout/∂w = [x0 + x1 + x2, x1 + x2 + x3] = [6, 9] for x = [1, 2, 3, 4].
    const x = f64([[[1, 2, 3, 4]]]);
    const w = f64([[[1, -1]]]);
    const [gx, gw] = grad((a: Array, b: Array) => np.sum(lax.convGeneralDilated(a, b, [1], "VALID")), { argnums: [0, 1] })(x, w) as Array[];
    expectAllclose(gx as Array, [[[1, 0, 0, -1]]]);
    expectAllclose(gw as Array, [[[6, 9]]]);
  });

  it("gives zero gradients when the output is empty", () => {
    // A window of 3 does not fit an input of 2: the output has shape [1, 1, 0].
    const [gx, gw] = grad((a: Array, b: Array) => np.sum(lax.convGeneralDilated(a, b, [1], "VALID")), { argnums: [0, 1] })(f64([[[1, 2]]]), f64([[[1, 1, 1]]])) as Array[];
    expectAllclose(gx as Array, [[[0, 0]]]);
    expectAllclose(gw as Array, [[[0, 0, 0]]]);
  });
});

describe("conv_general_dilated transpose", () => {
  for (const [name, ls, rs, f] of CASES) {
    it(`satisfies ⟨ct, J·t⟩ = ⟨Jᵀ·ct, t⟩ for a ${name}`, () => {
      checkTranspose(f, [rand(ls, 5), rand(rs, 6)]);
    });
  }
});

describe("conv_general_dilated vmap", () => {
  const moved = (shape: number[], axis: number): number[] => [...shape.slice(0, axis), 3, ...shape.slice(axis)];
  for (const [name, ls, rs, f] of CASES) {
    it(`matches a per-lane loop for a ${name}: both, lhs only and rhs only batched`, () => {
      checkVmap(f, [rand(moved(ls, 0), 7), rand(moved(rs, 2), 8)], [0, 2]);
      checkVmap(f, [rand(moved(ls, ls.length), 9), rand(rs, 10)], [ls.length, null]);
      checkVmap(f, [rand(ls, 11), rand(moved(rs, 1), 12)], [null, 1]);
    });
  }
});

describe("conv_general_dilated vmap over zero lanes", () => {
  it("gives an empty batch of outputs for each batching pattern, also with feature groups", () => {
    // 4 input features in 2 groups of 2, window 3 over 5 positions: each lane's output is [1, 4, 3].
    const f = cv([1], "VALID", { featureGroupCount: 2 });
    const l = np.zeros([0, 1, 4, 5], { dtype: "float64" });
    const r = np.zeros([0, 4, 2, 3], { dtype: "float64" });
    expect((vmap(f)(l, r) as Array).shape).toEqual([0, 1, 4, 3]);
    expect((vmap(f, { inAxes: [0, null] })(l, np.zeros([4, 2, 3], { dtype: "float64" })) as Array).shape).toEqual([0, 1, 4, 3]);
    expect((vmap(f, { inAxes: [null, 0] })(np.zeros([1, 4, 5], { dtype: "float64" }), r) as Array).shape).toEqual([0, 1, 4, 3]);
  });
});

describe("conv_general_dilated nested transformations", () => {
  const [, ls, rs, f] = CASES[5] as [string, number[], number[], Fn];

  it("grad of vmap matches finite differences", () => {
    const g = (l: Array, r: Array): Array => vmap(f, { inAxes: [1, null] })(l, r) as Array;
    checkGrad(g, [rand(moved2(ls), 13), rand(rs, 14)]);
  });

  it("vmap of grad matches per-lane gradients (lhs and rhs batched)", () => {
    const g = (l: Array, r: Array): Array => grad(lossOf(f), { argnums: 1 })(l, r) as Array;
    checkVmap(g, [rand([2, ...ls], 15), rand([2, ...rs], 16)], [0, 0]);
  });

  it("jacfwd equals jacrev on a small strided, padded convolution", () => {
    const w = rand([2, 1, 2, 2], 18);
    const h = (x: Array): Array => np.tanh(lax.convGeneralDilated(x, w, [2, 1], [[1, 0], [0, 1]]));
    const x = rand([1, 1, 3, 3], 17);
    const jf = jacfwd(h)(x) as Array;
    expect(jf.shape).toEqual([1, 2, 2, 3, 1, 1, 3, 3]);
    expectAllclose(jf, jacrev(h)(x) as Array, { rtol: 1e-12, atol: 1e-12 });
  });

  it("jit of grad equals finite differences", () => {
    const loss = lossOf(f);
    const xs = [rand(ls, 19), rand(rs, 20)];
    const g = jit(grad(loss, { argnums: [0, 1] }))(...xs) as Array[];
    g.forEach((gi, i) => expectAllclose(flat(gi), fdGrad(loss, xs, i), { rtol: 1e-6, atol: 1e-7 }));
  });
});

/** `shape` with a lane axis of 2 inserted at position 1. */
function moved2(shape: number[]): number[] {
  return [shape[0] as number, 2, ...shape.slice(1)];
}
