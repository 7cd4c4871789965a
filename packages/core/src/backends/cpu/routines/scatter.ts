// Native CPU scatter: copies the operand and applies every update in order (the routine behind
// `x.at[idx].set/add/mul/min/max`). Layer 5'.

import type { BufferSpec } from "../../../backend/backend.js";
import type { DataArray, DType } from "../../../dtype/dtype.js";
import { prod } from "../../../util/assert.js";
import type { CpuRoutine } from "./types.js";

type Combine = (old: number, update: number) => number;

const isInt = (d: DType): boolean => d === "int32" || d === "uint32";

/** How one update merges into the element it lands on; typed-array stores do the int wrapping and float32 rounding. */
function combiner(mode: string, dtype: DType): Combine {
  const isBool = dtype === "bool";
  switch (mode) {
    case "set":
      return (_, v) => v;
    case "add":
      return isBool ? (a, v) => (a !== 0 || v !== 0 ? 1 : 0) : (a, v) => a + v;
    case "mul":
      if (isBool) return (a, v) => (a !== 0 && v !== 0 ? 1 : 0);
      return isInt(dtype) ? (a, v) => Math.imul(a, v) : (a, v) => a * v;
    case "min":
      return (a, v) => Math.min(a, v);
    case "max":
      return (a, v) => Math.max(a, v);
    default:
      throw new Error(`cpu scatter: unknown mode '${mode}'`);
  }
}

/** scatter(x, indices, updates): updates applied in row-major order of the update positions; out-of-range indices dropped. */
const scatter: CpuRoutine = (inputs, inSpecs, _outSpecs, params) => {
  const [x, indices, updates] = inputs as [DataArray, DataArray, DataArray];
  const xs = inSpecs[0] as BufferSpec;
  const axis = params["axis"] as number;
  const combine = combiner(params["mode"] as string, xs.dtype);
  const out = x.slice();
  const outer = prod(xs.shape.slice(0, axis));
  const n = xs.shape[axis] as number;
  const inner = prod(xs.shape.slice(axis + 1));
  const m = indices.length;
  for (let a = 0; a < outer; a++) {
    for (let u = 0; u < m; u++) {
      const p = indices[u] as number;
      if (p < 0 || p >= n) continue;
      const dst = (a * n + p) * inner;
      const src = (a * m + u) * inner;
      for (let b = 0; b < inner; b++) {
        out[dst + b] = combine(out[dst + b] as number, updates[src + b] as number);
      }
    }
  }
  return [out];
};

/** The native scatter routine of the CPU backend. */
export const SCATTER_ROUTINES: Record<string, CpuRoutine> = { scatter };
