// The jit compiler: fusion into few kernels, native loops without per-iteration allocation,
// donated arguments updated in place, backend selection, and agreement with eager evaluation.
import { describe, expect, it } from "vitest";
import { ArrayImpl, BackendError, devicePut, getBackend, jit, np, OptionError, scan, type Array } from "@brainstate/core";
import { createCpuBackend } from "@brainstate/core/extend";
import { expectAllclose } from "@brainstate/core/testing";

const f32 = (v: number[]): Array => np.array(v, { dtype: "float32" });

describe("jit fusion", () => {
  it("fuses an elementwise chain with broadcasts into one kernel", () => {
    const f = (x: Array, b: Array): Array => np.abs(x.mul(1.5).add(b)).mul(x).sub(x.mul(0.25)).add(np.maximum(x, 0));
    const x = f32([-1, 0.5, 2, -3]);
    const b = f32([0.25]);
    const lowered = jit(f).lower(x, b);
    // One kernel: the broadcast of b and every intermediate live only inside it.
    expect(lowered.numKernels).toBe(1);
    expectAllclose(jit(f)(x, b) as Array, f(x, b), { rtol: 1e-6 });
  });

  it("fuses producers into a reduction and keeps shared values materialised once", () => {
    const f = (x: Array): Array => {
      const e = np.exp(x.sub(x.max()));
      return e.div(e.sum());
    };
    const x = f32([1, 2, 3]);
    // max, exp-sum (fused into its reduction) and the final normalisation: three kernels, not seven.
    expect(jit(f).lower(x).numKernels).toBeLessThanOrEqual(4);
    expectAllclose(jit(f)(x) as Array, f(x), { rtol: 1e-6 });
  });
});

describe("jit loops", () => {
  const lif = (v0: Array, inputs: Array): Array =>
    scan((v: Array, i: Array): [Array, Array] => {
      const vn = v.add(i.sub(v).mul(0.1));
      const spike = vn.ge(1);
      return [np.where(spike, 0, vn), spike.astype("float32").sum()];
    }, v0, inputs)[1];

  it("runs a scan natively with the same results as eager", () => {
    const inputs = np.array(globalThis.Array.from({ length: 50 }, (_, t) => [1.5, 0.5 + t / 50, 2]), { dtype: "float32" });
    expectAllclose(jit(lif)(np.zeros([3]), inputs) as Array, lif(np.zeros([3]), inputs), { rtol: 1e-6 });
  });

  it("allocates no buffers per iteration: the count does not grow with the number of steps", () => {
    const backend = getBackend("cpu");
    const allocate = backend.allocate.bind(backend);
    let count = 0;
    backend.allocate = (dtype, size) => {
      count++;
      return allocate(dtype, size);
    };
    try {
      const f = jit(lif);
      const run = (steps: number): number => {
        const inputs = np.ones([steps, 3]);
        const v0 = np.zeros([3]);
        f(v0, inputs);
        count = 0;
        f(v0, inputs);
        return count;
      };
      expect(run(10)).toBe(run(1000));
    } finally {
      backend.allocate = allocate;
    }
  });

  it("contains no allocation in the generated code of the loop body", () => {
    const sources = jit(lif).lower(np.zeros([3]), np.ones([10, 3])).kernels;
    expect(sources.length).toBeGreaterThan(0);
    for (const s of sources) expect(s).not.toMatch(/new |Array\(/);
  });
});

describe("jit options", () => {
  it("updates donated arguments in place and consumes them", () => {
    const step = jit((x: Array) => x.mul(2).add(1), { donateArgnums: 0 });
    const x = f32([1, 2, 3]) as ArrayImpl;
    const buffer = x.buffer;
    const y = step(x) as ArrayImpl;
    expect(y.toArray()).toEqual([3, 5, 7]);
    expect(y.buffer).toBe(buffer);
    expect(x.isDisposed).toBe(true);
    expect(() => x.data()).toThrow(/disposed/);
    let z: Array = y;
    for (let i = 0; i < 3; i++) z = step(z);
    expect(z.toArray()).toEqual([31, 47, 63]);
  });

  it("rejects an argument that is both static and donated, and unknown options", () => {
    expect(() => jit((x: Array) => x, { staticArgnums: 0, donateArgnums: 0 })).toThrow(OptionError);
    expect(() => jit((x: Array) => x, { donate: 0 } as never)).toThrow(/unknown option 'donate'/);
  });

  it("runs on the named backend and asks for devicePut when an argument lives elsewhere", () => {
    const f = jit((x: Array) => x.add(1), { backend: "cpu" });
    expect((f(f32([1])) as Array).toArray()).toEqual([2]);
    expect(() => jit((x: Array) => x, { backend: "nope" })).toThrow(BackendError);
  });

  it("creates JS scalars on their array operand's backend, so mixed arithmetic never crosses backends", () => {
    const other = createCpuBackend();
    const x = devicePut(f32([1, 2]), other) as ArrayImpl;
    const y = x.mul(2).add(1) as ArrayImpl;
    expect(y.backend).toBe(other);
    expect(y.toArray()).toEqual([3, 5]);
  });

  it("devicePut returns arrays already on the backend as they are", () => {
    const x = f32([1]);
    expect(devicePut(x, "cpu")).toBe(x);
    expect(devicePut({ a: x }, "cpu").a).toBe(x);
  });
});
