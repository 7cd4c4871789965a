/**
 * `@brainstate/core/testing`: helpers for testing code built on core — numeric comparisons and
 * numerical derivative checks (JAX's check_grads), and the backend-parity suite (needs vitest).
 * @packageDocumentation
 */
import "../index.js";

export { expectAllclose, type AllcloseOptions } from "./allclose.js";
export { checkGrads, checkJvp, checkVjp, type CheckGradsOptions } from "./checkGrads.js";
export {
  conformanceChecks,
  runBackendConformance,
  type ConformanceCheck,
  type ConformanceNeed,
  type ConformanceOptions,
  type ConformanceReport,
} from "./conformance.js";
// Types that the signatures above mention, re-exported so that this entry point is self-contained.
export type {
  Array,
  ArrayAt,
  Axis,
  IndexItem,
  NestedArray,
  NestedIndexList,
  ReduceOptions,
  Slice,
  VarOptions,
} from "../array/Array.js";
export type { ShapedArray } from "../array/aval.js";
export type { Backend, BackendCapabilities, BufferSpec, CompiledKernel, DeviceBuffer, RoutineImpl } from "../backend/backend.js";
export type { AluOp, Exp, Kernel, KernelReduction, ReduceOp } from "../kernel/ir.js";
export type { DataArray, DType } from "../dtype/dtype.js";
