// Native CPU cumulative scans (cumsum, cumprod, cummax, cummin) along one axis, forward or
// reversed; integers wrap like the kernels, floats accumulate in doubles. Layer 5'.

import type { BufferSpec } from "../../../backend/backend.js";
import { allocData, type DataArray, type DType } from "../../../dtype/dtype.js";
import { prod } from "../../../util/assert.js";
import type { CpuRoutine } from "./types.js";

type Combine = (acc: number, v: number) => number;

function combiner(op: "sum" | "prod" | "max" | "min", dtype: DType): Combine {
  const isInt = dtype === "int32" || dtype === "uint32";
  switch (op) {
    case "sum":
      return isInt ? (a, v) => (a + v) | 0 : (a, v) => a + v;
    case "prod":
      return isInt ? (a, v) => Math.imul(a, v) : (a, v) => a * v;
    case "max":
      return (a, v) => (a !== a || v !== v ? NaN : a > v ? a : v);
    case "min":
      return (a, v) => (a !== a || v !== v ? NaN : a < v ? a : v);
  }
}

function scan(op: "sum" | "prod" | "max" | "min"): CpuRoutine {
  return (inputs, inSpecs, _outSpecs, params) => {
    const axis = params.axis as number;
    const reverse = params.reverse as boolean;
    const spec = inSpecs[0] as BufferSpec;
    const shape = spec.shape;
    const src = inputs[0] as DataArray;
    const out = allocData(spec.dtype, src.length);
    const n = shape[axis] as number;
    const inner = prod(shape.slice(axis + 1));
    const outer = prod(shape.slice(0, axis));
    const f = combiner(op, spec.dtype);
    const step = reverse ? -inner : inner;
    for (let o = 0; o < outer; o++) {
      for (let t = 0; t < inner; t++) {
        if (n === 0) continue;
        let p = o * n * inner + t + (reverse ? (n - 1) * inner : 0);
        let acc = src[p] as number;
        out[p] = acc;
        for (let i = 1; i < n; i++) {
          p += step;
          acc = f(acc, src[p] as number);
          out[p] = acc;
        }
      }
    }
    return [out];
  };
}

/** Native CPU routines of this file, by routine name. */
export const CUMULATIVE_ROUTINES: Record<string, CpuRoutine> = {
  cumsum: scan("sum"),
  cumprod: scan("prod"),
  cummax: scan("max"),
  cummin: scan("min"),
};
