/**
 * `@brainstate/backend-gpujs`: brainstate's Backend interface implemented with gpu.js. Importing
 * this entry has no side effect; import `@brainstate/backend-gpujs/register` (or call
 * `registerBackend("gpujs", createGpujsBackend)`) to make `setBackend("gpujs", { mode })` work.
 * @packageDocumentation
 */
export {
  createGpujsBackend,
  GpujsBackend,
  type GpujsBackendOptions,
  type GpujsCapabilities,
  type GpujsCompiledKernel,
  type GpujsKernelInstance,
  type GpujsKernelSettings,
  type HostFallback,
} from "./GpujsBackend.js";
export {
  GPUJS_MODES,
  gpujsCpuFallback,
  installNodeWebGPU,
  probeModes,
  probeModesAsync,
  type GpujsKernelMode,
  type GpujsMode,
  type ModeAvailability,
} from "./modes.js";
export { GPUJS_HELPERS, GpujsRenderer, HOST_ONLY_INTEGER_OPS, renderGpujsKernel, type GpujsSource } from "./renderer.js";
export { HOST_ROUTINES } from "./routines/index.js";
export { GpujsBuffer, DeviceHandle, type Contents, type Piece } from "./textures.js";
export { analyzeBounds, MAX_EXACT_INTEGER, type BoundsVerdict, type Range } from "./bounds.js";
