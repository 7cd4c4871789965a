// One test per silent-wrong-result hazard of gpu.js 2.24.1 (shared/notes/gpujs.md §3, §5, §7):
// each shows the hazard in plain gpu.js where this machine can (a "canary": it fails if a gpu.js
// upgrade removes the hazard, telling us to revisit the defence) and checks the backend's defence
// with a test that fails if the defence is removed. Modes: cpu and webasm (the ones CI has), and
// headlessgl where it runs.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { BackendCapabilityError, np, prng, setBackend, type Array } from "@brainstate/core";
import { K, type Kernel } from "@brainstate/core/extend";
import { createGpujsBackend, GpujsBackend, gpujsCpuFallback, probeModes, type GpujsMode } from "../src/index.js";
import { GPUJS } from "../src/modes.js";
import "../src/register.js";

// headlessgl joins when this machine has it (a built `gl` under xvfb-run; see the README).
const MODES: readonly GpujsMode[] = ["cpu", "webasm", ...(probeModes().some((m) => m.mode === "headlessgl" && m.available) ? (["headlessgl"] as const) : [])];

/** Runs `f` with gpujs in `mode` as the default backend; returns the backend. */
function onGpujs(mode: GpujsMode, f: (b: GpujsBackend) => void): GpujsBackend {
  const b = setBackend("gpujs", { mode }) as GpujsBackend;
  try {
    f(b);
  } finally {
    setBackend("cpu");
  }
  return b;
}

const values = (a: Array): number[] => globalThis.Array.from(a.data(), Number);

describe.each(MODES)("gpujs hazards in mode %s", (mode) => {
  it("loopMaxIterations: a reduction over 5000 elements sums all of them (literal bound, loopMaxIterations = bound)", () => {
    onGpujs(mode, (b) => {
      // 5000 ones: the exact sum is 5000; gpu.js's default cap would stop at 1000.
      const s = np.ones([2, 5000]).sum(1);
      expect(values(s)).toEqual([5000, 5000]);
      const kernel: Kernel = {
        inputs: ["float32"],
        size: 2,
        dtype: "float32",
        exp: K.load(0, "float32", K.add(K.mul(K.GIDX, K.idx(5000)), K.RIDX)),
        reduction: { op: "sum", size: 5000, accDtype: "float32" },
      };
      const compiled = b.compileKernel(kernel);
      expect(compiled.source).toContain("for (let r = 0; r < 5000; r++)");
      const out = b.allocate("float32", 2);
      b.execute(compiled, [b.upload(new Float32Array(10000).fill(1), "float32")], out);
      expect(globalThis.Array.from(b.readSync(out))).toEqual([5000, 5000]);
      expect(compiled.instances.map((i) => i.settings.loopMaxIterations)).toEqual([5000]);
      expect(b.hostFallbacks).toBe(0);
    });
  });

  it("canary: a runtime loop bound without loopMaxIterations stops at 1000 iterations in gpu.js", () => {
    const gpu = new GPUJS.GPU({ mode });
    const k = gpu.createKernel("function (a, n) { let s = 0.0; for (let j = 0; j < n; j++) { s = s + a[j]; } return s; }", { output: [1] });
    // Summing 5000 ones with n passed at run time: gpu.js silently stops after 1000.
    expect((k(new Float32Array(5000).fill(1), 5000) as Float32Array)[0]).toBe(1000);
    gpu.destroy();
  });

  it("setOutput across sizes: every output size gets its own gpu.js kernel, never a resized one", () => {
    onGpujs(mode, (b) => {
      // exp(0) = 1 everywhere, at sizes from different texture-size classes and back.
      for (const n of [100000, 10, 100000]) {
        const y = np.exp(np.zeros([n]));
        expect(y.size).toBe(n);
        const v = y.data();
        expect(v.length).toBe(n);
        expect(v[0]).toBe(1);
        expect(v[n - 1]).toBe(1);
      }
      const big = b.compileKernel({ inputs: ["float32"], size: 100000, dtype: "float32", exp: K.unary("exp", K.load(0, "float32", K.GIDX)) });
      const small = b.compileKernel({ inputs: ["float32"], size: 10, dtype: "float32", exp: K.unary("exp", K.load(0, "float32", K.GIDX)) });
      expect(big).not.toBe(small);
      for (const inst of [...big.instances, ...small.instances]) expect(inst.settings.dynamicOutput).toBe(false);
      expect(big.instances.map((i) => i.settings.output)).toEqual([[100000]]);
      expect(small.instances.map((i) => i.settings.output)).toEqual([[10]]);
    });
  });

  it("dynamicArguments: one IR kernel fed inputs of two sizes builds one gpu.js kernel per input size", () => {
    onGpujs(mode, (b) => {
      // out[i] = in[i] * 2 for i < 4, from inputs of 10 and of 1000 elements (0, 1, 2, … each).
      const kernel: Kernel = { inputs: ["float32"], size: 4, dtype: "float32", exp: K.mul(K.load(0, "float32", K.GIDX), K.constant(2, "float32")) };
      const compiled = b.compileKernel(kernel);
      for (const n of [10, 1000]) {
        const out = b.allocate("float32", 4);
        b.execute(compiled, [b.upload(Float32Array.from({ length: n }, (_, i) => i), "float32")], out);
        expect(globalThis.Array.from(b.readSync(out))).toEqual([0, 2, 4, 6]);
      }
      expect(compiled.instances.map((i) => i.inputSizes)).toEqual([[10], [1000]]);
      expect(compiled.instances.every((i) => i.settings.dynamicArguments)).toBe(true);
    });
  });

  it("integers above 2^24: int32 kernels whose values leave ±2^24 run on the host, exactly", () => {
    onGpujs(mode, (b) => {
      b.resetCounters();
      // 16777217 = 2^24 + 1 is not a float32; + 1 must give 16777218 exactly.
      const big = np.array([16777217, -33554433], { dtype: "int32" });
      expect(values(big.add(1))).toEqual([16777218, -33554432]);
      expect(b.hostFallbacks).toBe(1);
      expect(b.fallbacks[0]?.reason).toMatch(/2\^24/);
      // An integer sum whose accumulator passes 2^24: 100 × 1,000,000 = 100,000,000.
      expect(values(np.full([100], 1000000, { dtype: "int32" }).sum())).toEqual([100000000]);
      expect(b.hostFallbacks).toBe(2);
      // Small integers stay on the device: (7 // 2, 7 % 3, -7 // 2) = (3, 1, -4).
      b.resetCounters();
      const small = np.array([7, 7, -7], { dtype: "int32" });
      expect(values(np.floorDivide(small, np.array([2, 3, 2], { dtype: "int32" })))).toEqual([3, 2, -4]);
      expect(values(np.mod(small, np.array([2, 3, 2], { dtype: "int32" })))).toEqual([1, 1, 1]);
      expect(b.hostFallbacks).toBe(0);
    });
  });

  it("canary: gpu.js hands back an int32 value above 2^24 rounded to float32", () => {
    const gpu = new GPUJS.GPU({ mode });
    const k = gpu.createKernel("function (a) { return a[this.thread.x]; }", { output: [1] });
    // 16777217 = 2^24 + 1 has no float32: it comes back as 16777216.
    expect((k(new Int32Array([16777217])) as Float32Array)[0]).toBe(16777216);
    gpu.destroy();
  });

  it("32-bit hashing: threefry keys and random bits run on the host and match the cpu backend bit for bit", () => {
    const cpuBits = values(prng.bits(prng.key(7), [6]));
    const cpuUniform = values(prng.uniform(prng.key(7), [6]));
    onGpujs(mode, (b) => {
      b.resetCounters();
      expect(values(prng.bits(prng.key(7), [6]))).toEqual(cpuBits);
      expect(values(prng.uniform(prng.key(7), [6]))).toEqual(cpuUniform);
      expect(b.hostFallbacks).toBeGreaterThan(0);
      expect(b.fallbacks.some((f) => /no integer bitwise operations/.test(f.reason))).toBe(true);
    });
  });

  it("literal division by zero: x / 0 divides by a runtime zero (GL folds a literal x / 0.0 to 0)", () => {
    onGpujs(mode, (b) => {
      // 1/0 = Infinity, -1/0 = -Infinity, 0/0 = NaN (IEEE 754).
      expect(values(np.divide(np.array([1, -1, 0]), 0))).toEqual([Infinity, -Infinity, NaN]);
      const k = b.compileKernel({ inputs: ["float32"], size: 3, dtype: "float32", exp: K.div(K.load(0, "float32", K.GIDX), K.constant(0, "float32")) });
      expect(k.source).not.toMatch(/\/ 0\.0/);
      expect(k.source).toContain("c_zero");
      // Infinity and NaN literals arrive as arguments too (a max reduction starts at -Infinity).
      const m = b.compileKernel({ inputs: ["float32"], size: 1, dtype: "float32", exp: K.load(0, "float32", K.RIDX), reduction: { op: "max", size: 3, accDtype: "float32" } });
      expect(m.source).not.toMatch(/Infinity/);
      expect(m.source).toContain("c_ninf");
      expect(b.hostFallbacks).toBe(0);
    });
  });

  it("immutable pipelining: results of one kernel called twice stay distinct", () => {
    onGpujs(mode, (b) => {
      // exp(0) = 1 and exp(1) = e from the same compiled kernel.
      const a = np.exp(np.zeros([3]));
      const c = np.exp(np.ones([3]));
      expect(values(a)).toEqual([1, 1, 1]);
      expect(values(c)[0]).toBeCloseTo(Math.E, 5);
      const k = b.compileKernel({ inputs: ["float32"], size: 3, dtype: "float32", exp: K.unary("exp", K.load(0, "float32", K.GIDX)) });
      expect(k.instances.every((i) => i.settings.pipeline && i.settings.immutable)).toBe(true);
    });
  });

  it("kernel maps: every kernel runs as one-output gpu.js kernel of the backend's own mode (no CPU fallback)", () => {
    onGpujs(mode, (b) => {
      b.resetCounters();
      const x = np.linspace(-1, 1, 64).reshape([8, 8]);
      values(np.tanh(np.matmul(x, x)).sum(0));
      expect(b.fallbacks.filter((f) => f.kind === "gpujs-cpu")).toEqual([]);
      expect(b.hostFallbacks).toBe(0);
    });
  });
});

describe("gpujsCpuFallback", () => {
  it("detects gpu.js replacing a webasm kernel map with its CPU kernel (kernel maps are missing on webasm)", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const gpu = new GPUJS.GPU({ mode: "webasm" }) as unknown as {
      createKernelMap(maps: object, f: string, s: object): ((...a: unknown[]) => unknown) & { kernel?: { constructor: unknown; fallbackReason?: string } };
      destroy(): void;
    };
    const k = gpu.createKernelMap({ twice: "function twice(v) { return v * 2.0; }" }, "function (a) { return twice(a[this.thread.x]); }", { output: [2] });
    k(new Float32Array([1, 2]));
    expect(gpujsCpuFallback(k as never, "webasm")).toMatch(/replaced the webasm kernel with its CPU kernel: kernel maps are not supported/);
    expect(warn).toHaveBeenCalled();
    warn.mockRestore();
    gpu.destroy();
  });
});

describe("gpujs float64", () => {
  it.each(["cpu", "webasm"] as GpujsMode[])("throws BackendCapabilityError naming mode %s for float64 arrays", (mode) => {
    onGpujs(mode, () => {
      expect(() => np.array([1, 2], { dtype: "float64" })).toThrow(BackendCapabilityError);
      expect(() => np.array([1, 2], { dtype: "float64" })).toThrow(new RegExp(`gpu\\.js mode '${mode}'.*no float64`));
      expect(() => np.ones([2]).astype("float64")).toThrow(new RegExp(`gpujs \\(gpu\\.js mode '${mode}'\\) does not support float64`));
    });
  });

  it("refuses a float64 kernel at compile time", () => {
    const b = createGpujsBackend({ mode: "cpu" });
    expect(() => b.compileKernel({ inputs: ["float64"], size: 1, dtype: "float32", exp: K.cast(K.load(0, "float64", K.GIDX), "float32") })).toThrow(/no float64/);
  });
});

describe("gpujs asynchronous mode", () => {
  let b: GpujsBackend;
  beforeEach(() => {
    b = setBackend("gpujs", { mode: "async" }) as GpujsBackend;
  });
  afterEach(() => {
    setBackend("cpu");
  });

  it("raises an error saying to use dataAsync on a synchronous read", async () => {
    const y = np.exp(np.zeros([3]));
    expect(b.capabilities.syncRead).toBe(false);
    expect(() => y.data()).toThrow(BackendCapabilityError);
    expect(() => y.data()).toThrow(/dataAsync/);
    expect(() => b.readSync((y as unknown as { buffer: Parameters<GpujsBackend["readSync"]>[0] }).buffer)).toThrow(/gpu\.js mode 'async'.*dataAsync/);
    // exp(0) = 1.
    expect(globalThis.Array.from(await y.dataAsync())).toEqual([1, 1, 1]);
  });

  it("propagates a kernel's failure to the arrays that read it", async () => {
    const y = np.exp(np.zeros([2]));
    b.free((y as unknown as { buffer: Parameters<GpujsBackend["free"]>[0] }).buffer);
    await expect(y.add(1).dataAsync()).rejects.toThrow(/freed/);
  });
});
