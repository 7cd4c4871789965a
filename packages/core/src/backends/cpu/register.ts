// Registers the embedded CPU backend under the name `cpu` (the default); `setBackend("cpu", { wasm })` passes options through. Layer 5'.
import { registerBackend } from "../../backend/registry.js";
import { createCpuBackend } from "./CpuBackend.js";

registerBackend("cpu", (options) => createCpuBackend(options as { readonly wasm?: boolean } | undefined));
