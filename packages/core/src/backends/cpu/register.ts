// Registers the embedded CPU backend under the name `cpu` (the default). Layer 5'.
import { registerBackend } from "../../backend/registry.js";
import { createCpuBackend } from "./CpuBackend.js";

registerBackend("cpu", () => createCpuBackend());
