// The shape of a native CPU routine: typed arrays in, typed arrays out. Layer 5'.

import type { BufferSpec } from "../../../backend/backend.js";
import type { DataArray } from "../../../dtype/dtype.js";

/** Backend settings a routine honours. */
export interface CpuRoutineOptions {
  /** Whether the backend may use WebAssembly SIMD (the float32 matmul). */
  readonly wasm: boolean;
}

/** A CPU routine over typed arrays; returns freshly allocated outputs matching `outSpecs`. */
export type CpuRoutine = (
  inputs: readonly DataArray[],
  inSpecs: readonly BufferSpec[],
  outSpecs: readonly BufferSpec[],
  params: Readonly<Record<string, unknown>>,
  options: CpuRoutineOptions,
) => DataArray[];
