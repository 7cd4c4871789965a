/**
 * Registers the gpu.js backend under the name `gpujs` (this module's only effect), so that
 * `setBackend("gpujs", { mode })` and `jit(f, { backend: "gpujs" })` find it.
 * @packageDocumentation
 */
import { registerBackend } from "@brainstate/core";
import { createGpujsBackend, type GpujsBackendOptions } from "./GpujsBackend.js";

registerBackend("gpujs", (options) => createGpujsBackend(options as GpujsBackendOptions | undefined));
