// The Backend interface: what a device must provide so that core can run every program on it.
// Third-party backends implement it through @brainstate/core/extend. Layer 5: imports kernel/, dtype/, util/, errors/.

import type { DataArray, DType } from "../dtype/dtype.js";
import type { Kernel } from "../kernel/ir.js";

/** A buffer owned by a backend: `size` elements of `dtype`, resident wherever the backend keeps data. @beta */
export interface DeviceBuffer {
  /** The backend that owns the buffer. */
  readonly backend: Backend;
  /** Element type. */
  readonly dtype: DType;
  /** Number of elements. */
  readonly size: number;
}

/** What a backend can do; core consults it instead of guessing. @beta */
export interface BackendCapabilities {
  /** Dtypes the backend stores and computes natively. */
  readonly dtypes: readonly DType[];
  /** Whether `readSync` works (false for asynchronous devices such as WebGPU). */
  readonly syncRead: boolean;
  /** Largest integer the backend represents exactly (2^24 on float-only GPU paths). */
  readonly maxExactInteger: number;
  /** How error messages name the backend, e.g. `gpujs (gpu.js mode 'webasm')`; the plain name when absent. */
  readonly label?: string;
}

/** A kernel prepared by a backend for repeated execution. @beta */
export interface CompiledKernel {
  /** The kernel it was compiled from. */
  readonly kernel: Kernel;
  /** Generated source, for inspection (`jit(f).lower()` and debug logs). */
  readonly source: string;
}

/** Shape and dtype of a routine operand or result. @beta */
export interface BufferSpec {
  readonly shape: readonly number[];
  readonly dtype: DType;
}

/** A backend's native implementation of a routine: buffers in, buffers out. @beta */
export type RoutineImpl = (
  inputs: readonly DeviceBuffer[],
  inSpecs: readonly BufferSpec[],
  outSpecs: readonly BufferSpec[],
  params: Readonly<Record<string, unknown>>,
) => DeviceBuffer[];

/**
 * A device: owns buffers (upload, read synchronously and/or asynchronously, free) and compiles
 * and executes kernels of the shared IR. Routines (matmul, sort, scatter…) are optional.
 * @beta
 */
export interface Backend {
  /** Registered name, e.g. `cpu` or `gpujs`. */
  readonly name: string;
  /** What the backend supports. */
  readonly capabilities: BackendCapabilities;
  /** Copies host data (of `dtype`) to a new device buffer. */
  upload(data: DataArray, dtype: DType): DeviceBuffer;
  /** Allocates an uninitialised buffer. */
  allocate(dtype: DType, size: number): DeviceBuffer;
  /** Reads a buffer back synchronously; throws BackendCapabilityError where `capabilities.syncRead` is false. */
  readSync(buffer: DeviceBuffer): DataArray;
  /** Reads a buffer back; always available. */
  read(buffer: DeviceBuffer): Promise<DataArray>;
  /** Releases a buffer now instead of waiting for garbage collection. */
  free(buffer: DeviceBuffer): void;
  /** Compiles a kernel (backends cache by `kernelKey`). */
  compileKernel(kernel: Kernel): CompiledKernel;
  /** Runs a compiled kernel on inputs (in slot order) into `output`. */
  execute(kernel: CompiledKernel, inputs: readonly DeviceBuffer[], output: DeviceBuffer): void;
  /** The native implementation of a routine, or undefined to use the routine's generic lowering. */
  prepareRoutine(name: string): RoutineImpl | undefined;
  /**
   * Optional: a buffer viewing `size` elements of `buffer` from element `offset`, sharing its
   * memory (compiled loops read scanned slices and write stacked outputs through views). Without
   * it, compiled programs copy slices with kernels.
   */
  view?(buffer: DeviceBuffer, offset: number, size: number): DeviceBuffer;
  /** Optional: copies all of `src` into `dst` starting at element `offset`. */
  copyInto?(dst: DeviceBuffer, offset: number, src: DeviceBuffer): void;
}
