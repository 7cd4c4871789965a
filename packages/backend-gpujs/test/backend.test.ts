// The gpu.js backend through core's public API: registration and mode reporting, device residency,
// host fallbacks that are counted and logged, jit on the backend, and option errors.
import { afterEach, describe, expect, it, vi } from "vitest";
import { ArrayImpl, BackendCapabilityError, devicePut, getBackend, jit, np, OptionError, scan, setBackend, type Array } from "@brainstate/core";
import { createGpujsBackend, GpujsBackend, probeModes, type GpujsMode } from "../src/index.js";
import "../src/register.js";

const values = (a: Array): number[] => globalThis.Array.from(a.data(), Number);

afterEach(() => {
  setBackend("cpu");
});

describe("setBackend('gpujs')", () => {
  it.each(["cpu", "webasm"] as GpujsMode[])("selects mode %s and reports the mode gpu.js runs", (mode) => {
    const b = setBackend("gpujs", { mode }) as GpujsBackend;
    expect(b).toBeInstanceOf(GpujsBackend);
    expect(b.mode).toBe(mode);
    expect(b.actualMode).toBe(mode);
    expect(b.capabilities.label).toBe(`gpujs (gpu.js mode '${mode}')`);
    // [1, 2, 3] * 2 + 1 = [3, 5, 7]
    expect(values(np.array([1, 2, 3]).mul(2).add(1))).toEqual([3, 5, 7]);
  });

  it("reports what the auto mode 'gpu' resolved to", () => {
    const expected = probeModes().find((m) => m.mode === "gpu")?.resolvesTo;
    const b = setBackend("gpujs", { mode: "gpu" }) as GpujsBackend;
    expect(b.mode).toBe("gpu");
    expect(b.actualMode).toBe(expected);
    expect(b.capabilities.label).toBe(`gpujs (gpu.js mode 'gpu' running ${expected ?? ""})`);
  });

  it("throws BackendCapabilityError naming the reason for a mode this runtime lacks", () => {
    expect(() => createGpujsBackend({ mode: "webgl2" })).toThrow(BackendCapabilityError);
    expect(() => createGpujsBackend({ mode: "webgl2" })).toThrow(/mode 'webgl2' is not available here: webgl2 exists only in browsers \(use headlessgl in Node\); available modes: 'cpu', 'webasm'/);
  });

  it("throws OptionError for an unknown mode or option", () => {
    expect(() => createGpujsBackend({ mode: "cuda" as GpujsMode })).toThrow(OptionError);
    expect(() => createGpujsBackend({ mode: "cuda" as GpujsMode })).toThrow(/unknown mode 'cuda'; the modes are 'cpu', 'webasm'/);
    expect(() => createGpujsBackend({ precision: "single" } as never)).toThrow(/createGpujsBackend: unknown option 'precision'/);
  });
});

describe("probeModes", () => {
  it("lists every mode, with a reason for each unavailable one", () => {
    const modes = probeModes();
    expect(modes.map((m) => m.mode)).toEqual(["cpu", "webasm", "headlessgl", "webgl2", "webgl", "webgpu", "gpu", "async"]);
    expect(modes.find((m) => m.mode === "cpu")?.available).toBe(true);
    for (const m of modes) expect(m.available || m.reason.length > 0).toBe(true);
  });
});

describe("GpujsBackend residency", () => {
  it("keeps a chain of results on the device and reads back once, on data()", () => {
    const b = setBackend("gpujs", { mode: "webasm" }) as GpujsBackend;
    const x = np.array([0, 1, 2, 3]);
    b.resetCounters();
    const y = np.exp(x.mul(0.5)).add(1).sub(x).sum();
    expect(b.transfers.toHost).toBe(0);
    // sum(exp(x/2) + 1 - x) for x = 0..3
    const want = [0, 1, 2, 3].reduce((s, v) => s + Math.exp(v / 2) + 1 - v, 0);
    expect(y.item()).toBeCloseTo(want, 4);
    expect(b.transfers.toHost).toBe(1);
    expect(b.hostFallbacks).toBe(0);
  });

  it("stacks the outputs of an eager scan on the device", () => {
    const b = setBackend("gpujs", { mode: "webasm" }) as GpujsBackend;
    const xs = np.array([[1, 2], [3, 4], [5, 6]]);
    b.resetCounters();
    const [c, ys] = scan((c: Array, x: Array): [Array, Array] => [c.add(x), c.mul(2)], np.zeros([2]), xs);
    expect(b.transfers.toHost).toBe(0);
    // carries: [0,0] → [1,2] → [4,6] → [9,12]; ys = 2 × the carry before each step
    expect(values(c)).toEqual([9, 12]);
    expect(values(ys)).toEqual([0, 0, 2, 4, 8, 12]);
    expect(b.hostFallbacks).toBe(0);
  });
});

describe("GpujsBackend host fallbacks", () => {
  it("runs scatter on the host and counts it", () => {
    const b = setBackend("gpujs", { mode: "cpu" }) as GpujsBackend;
    b.resetCounters();
    // [0,0,0,0] with 1 added at index 1 twice and 5 at index 3 → [0, 2, 0, 5]
    const y = np.zeros([4]).at(np.array([1, 1, 3], { dtype: "int32" })).add(np.array([1, 1, 5]));
    expect(values(y)).toEqual([0, 2, 0, 5]);
    expect(b.fallbacks.filter((f) => f.kind === "routine").map((f) => f.what)).toEqual(["scatter"]);
  });

  it("runs kernels with more inputs than maxKernelInputs on the host", () => {
    const b = createGpujsBackend({ mode: "cpu", maxKernelInputs: 2 });
    const [x, x2, x3] = devicePut([np.array([1, 2]), np.array([2, 4]), np.array([3, 6])], b);
    // x + 2x + 3x = 6x
    const y = jit((a: Array, c: Array, d: Array) => a.add(c).add(d))(x as Array, x2 as Array, x3 as Array);
    expect(values(y)).toEqual([6, 12]);
    expect(b.fallbacks.some((f) => /3 inputs exceed the 2 texture units/.test(f.reason))).toBe(true);
  });

  it("logs each fallback under debug level 1", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    try {
      const b = createGpujsBackend({ mode: "cpu", debug: 1 });
      const [big, one] = devicePut([np.array([16777217], { dtype: "int32" }), np.array([1], { dtype: "int32" })], b);
      expect(values((big as Array).add(one as Array))).toEqual([16777218]);
      expect(warn.mock.calls.some(([m]) => /^\[brainstate gpujs \(gpu\.js mode 'cpu'\)\] host fallback \(kernel\) int32\[1\].*2\^24/.test(String(m)))).toBe(true);
    } finally {
      warn.mockRestore();
    }
  });
});

describe("jit(f, { backend: 'gpujs' })", () => {
  it("runs the compiled program on the gpujs backend", () => {
    const b = setBackend("gpujs", { mode: "webasm" }) as GpujsBackend;
    setBackend("cpu");
    const f = jit((x: Array, w: Array) => np.tanh(np.matmul(x, w)).sum(1), { backend: "gpujs" });
    const x = devicePut(np.array([[1, 0], [0, 1], [1, 1]]), "gpujs");
    const w = devicePut(np.array([[0.5, -0.5], [0.25, 1]]), "gpujs");
    const y = f(x, w);
    expect((y as ArrayImpl).backend).toBe(getBackend("gpujs"));
    // rows of x @ w: [0.5,-0.5], [0.25,1], [0.75,0.5] → tanh, summed per row
    const want = [[0.5, -0.5], [0.25, 1], [0.75, 0.5]].map((r) => Math.tanh(r[0] as number) + Math.tanh(r[1] as number));
    values(y).forEach((v, i) => expect(v).toBeCloseTo(want[i] as number, 5));
    expect(b.hostFallbacks).toBe(0);
  });
});
