// A kernel emitter for tests of routines' generic lowerings: every kernel runs in the reference
// interpreter and compiled on the CPU backend, and the two must agree (bit for bit, float32 to
// rounding: generated code keeps float32 intermediates in float64).
import { expect } from "vitest";
import { getBackend } from "../src/backend/registry.js";
import type { KernelEmitter } from "../src/backend/routines.js";
import { allocData, type DataArray, type DType } from "../src/dtype/dtype.js";
import { interpretKernel } from "../src/kernel/interpret.js";
import { expectAllclose } from "../src/testing/index.js";

/** Runs each kernel in the interpreter and on the CPU backend, checks they agree, returns the interpreter's result. */
export function checkedEmitter(): KernelEmitter<DataArray> {
  const backend = getBackend("cpu");
  const norm = (d: DataArray): number[] => globalThis.Array.from(d, (v) => (v === 0 ? 0 : v));
  return {
    kernel(k, ins) {
      const host = allocData(k.dtype, k.size);
      interpretKernel(k, ins, host);
      const out = backend.allocate(k.dtype, k.size);
      if (k.size > 0) backend.execute(backend.compileKernel(k), ins.map((d, i) => backend.upload(d, k.inputs[i] as DType)), out);
      if (k.dtype === "float32") expectAllclose(norm(backend.readSync(out)), norm(host), { rtol: 1e-6, atol: 1e-6 });
      else expect(norm(backend.readSync(out))).toEqual(norm(host));
      return host;
    },
  };
}
