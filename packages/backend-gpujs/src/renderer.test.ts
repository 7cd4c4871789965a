// The gpu.js renderer: generated source for map and reduction kernels (pinned), the spellings it
// overrides in core's JsRenderer, and the ops that send a kernel to the host.
import { describe, expect, it } from "vitest";
import { K, type Kernel } from "@brainstate/core/extend";
import { GPUJS_HELPERS, GpujsRenderer, renderGpujsKernel } from "./renderer.js";

const x = K.load(0, "float32", K.GIDX);

describe("renderGpujsKernel", () => {
  it("renders a map kernel as one gpu.js function with this.thread.x and float literals", () => {
    const k: Kernel = { inputs: ["float32"], size: 8, dtype: "float32", exp: K.mul(K.unary("tanh", K.add(x, K.constant(1, "float32"))), K.constant(0.5, "float32")) };
    const r = renderGpujsKernel(k);
    expect(r.source).toMatchInlineSnapshot(`
      "function (in0) {
        const gidx = this.thread.x * 1.0;
        return (Math.tanh((in0[gidx] + 1.0)) * 0.5);
      }"
    `);
    expect(r.specialNames).toEqual([]);
    expect(r.loopIterations).toBe(0);
  });

  it("renders a reduction with a literal bound, special values as arguments and the epilogue", () => {
    // max over rows of a [2, 3] input, then + 1
    const k: Kernel = {
      inputs: ["float32"],
      size: 2,
      dtype: "float32",
      exp: K.load(0, "float32", K.add(K.mul(K.GIDX, K.idx(3)), K.RIDX)),
      reduction: { op: "max", size: 3, accDtype: "float32", epilogue: K.add(K.acc("float32"), K.constant(1, "float32")) },
    };
    const r = renderGpujsKernel(k);
    expect(r.source).toMatchInlineSnapshot(`
      "function (in0, c_ninf) {
        const gidx = this.thread.x * 1.0;
        const t0 = (gidx * 3.0);
        let acc = c_ninf;
        for (let r = 0; r < 3; r++) {
          const ridx = r * 1.0;
          const v = in0[(t0 + ridx)];
          acc = Math.max(acc, v);
        }
        return (acc + 1.0);
      }"
    `);
    expect(r.specialValues).toEqual([-Infinity]);
    expect(r.loopIterations).toBe(3);
  });

  it("spells integer division, remainder, comparisons and bools without bitwise operations", () => {
    const i = K.load(0, "int32", K.GIDX);
    const k: Kernel = {
      inputs: ["int32"],
      size: 4,
      dtype: "int32",
      exp: K.where(K.lt(i, K.idx(0)), K.div(i, K.idx(3)), K.rem(i, K.idx(3))),
    };
    const r = renderGpujsKernel(k);
    expect(r.helpers).toEqual(["idiv", "irem"]);
    expect(r.source).toContain("const t0 = in0[gidx];");
    expect(r.source).toContain("return ((t0 < 0.0 ? 1.0 : 0.0) > 0.5 ? idiv(t0, 3.0) : irem(t0, 3.0));");
    expect(r.source).not.toMatch(/[|&^~]|>>|<</);
  });

  it("writes a literal zero divisor and NaN as runtime arguments", () => {
    const k: Kernel = { inputs: ["float32"], size: 2, dtype: "float32", exp: K.add(K.div(x, K.constant(0, "float32")), K.constant(NaN, "float32")) };
    const r = renderGpujsKernel(k);
    expect(r.source).toContain("(in0[gidx] / c_zero)");
    expect(r.specialNames).toEqual(["c_nan", "c_zero"]);
    expect(r.specialValues).toEqual([NaN, 0]);
  });
});

describe("GpujsRenderer.hostOnlyReason", () => {
  it("names bitwise and power ops on integers, and integer products", () => {
    const i = K.load(0, "int32", K.GIDX);
    expect(GpujsRenderer.hostOnlyReason({ inputs: ["int32"], size: 1, dtype: "int32", exp: K.binary("xor", i, K.idx(5)) })).toMatch(/'xor' on int32/);
    expect(GpujsRenderer.hostOnlyReason({ inputs: ["int32"], size: 1, dtype: "int32", exp: K.binary("pow", i, K.idx(2)) })).toMatch(/no integer power/);
    expect(GpujsRenderer.hostOnlyReason({ inputs: ["int32"], size: 1, dtype: "int32", exp: K.load(0, "int32", K.RIDX), reduction: { op: "prod", size: 4, accDtype: "int32" } })).toMatch(/integer product/);
  });

  it("accepts logical ops on bools and float arithmetic", () => {
    const b = K.lt(x, K.constant(0, "float32"));
    expect(GpujsRenderer.hostOnlyReason({ inputs: ["float32"], size: 1, dtype: "bool", exp: K.and(b, K.unary("not", b)) })).toBeNull();
  });
});

describe("GPUJS_HELPERS", () => {
  it("spells NaN-propagating max/min only for shaders (GLSL/WGSL max drops NaN)", () => {
    const k: Kernel = { inputs: ["float32", "float32"], size: 2, dtype: "float32", exp: K.max(x, K.load(1, "float32", K.GIDX)) };
    expect(renderGpujsKernel(k).source).toContain("Math.max(in0[gidx], in1[gidx])");
    const shader = renderGpujsKernel(k, { shader: true });
    expect(shader.source).toContain("fmax(in0[gidx], in1[gidx])");
    expect(shader.helpers).toEqual(["fmax"]);
    expect(GPUJS_HELPERS.fmax?.source).toContain("if (a != a) { return a; }");
  });

  it("spells cbrt and pow through sign-aware helpers for shaders (GLSL pow is NaN for a negative base)", () => {
    const k: Kernel = { inputs: ["float32"], size: 2, dtype: "float32", exp: K.add(K.unary("cbrt", x), K.binary("pow", x, K.constant(3, "float32"))) };
    expect(renderGpujsKernel(k).source).toContain("(Math.cbrt(t0) + Math.pow(t0, 3.0))");
    expect(renderGpujsKernel(k, { shader: true }).source).toContain("(fcbrt(t0) + fpow(t0, 3.0))");
  });

  it("rewrites isnan(x - x) (core's isfinite) so that shader compilers cannot fold x - x to 0", () => {
    const k: Kernel = { inputs: ["float32"], size: 2, dtype: "bool", exp: K.unary("not", K.unary("isnan", K.binary("sub", x, x))) };
    const src = renderGpujsKernel(k).source;
    expect(src).not.toContain("in0[gidx] - in0[gidx]");
    expect(src).toContain("Math.abs(in0[gidx]) <= 3.4028234663852886e+38");
  });
});
