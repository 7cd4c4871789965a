/**
 * `@brainstate/core/extend` (beta): the surface for people who write primitives, routines and
 * backends — the primitive registry, the trace hooks, the kernel IR and its JS renderer, and the
 * Backend interface. No stability promise yet.
 * @packageDocumentation
 */
import "../backends/cpu/register.js";
import "../interpreters/eval.js";

export {
  allPrimitives,
  definePrimitive,
  lookupPrimitive,
  Primitive,
  type BatchRule,
  type JvpRule,
  type Loader,
  type LowerContext,
  type Lowered,
  type PrimitiveDefinition,
  type TransposeRule,
} from "../trace/primitive.js";
export { currentTrace, Trace, Tracer, withTrace } from "../trace/trace.js";
export { buildKernel, EvalTrace, evalTrace, runRoutine } from "../interpreters/eval.js";
export { fromData } from "../array/create.js";
export type {
  Backend,
  BackendCapabilities,
  BufferSpec,
  CompiledKernel,
  DeviceBuffer,
  RoutineImpl,
} from "../backend/backend.js";
export { allRoutines, defineRoutine, getRoutine, type KernelEmitter, type RoutineDefinition } from "../backend/routines.js";
export { CpuBackend, CpuBuffer, createCpuBackend, type CpuCompiledKernel } from "../backends/cpu/CpuBackend.js";
export {
  BINARY_OPS,
  castScalar,
  evalScalar,
  Exp,
  interpretKernel,
  JS_HELPERS,
  JsExpEmitter,
  JsRenderer,
  K,
  kernelKey,
  renderJsKernel,
  renderJsOp,
  UNARY_OPS,
  type AluOp,
  type Kernel,
  type KernelReduction,
  type ReduceOp,
} from "../kernel/index.js";
export { math as kernelMath } from "../kernel/index.js";
export { linearizeProgram } from "../transforms/autodiff.js";
export { partialEvalJaxpr, type PartialEvalResult } from "../interpreters/partialEval.js";
export { backwardPass } from "../interpreters/transpose.js";
export { evalJaxpr, evalClosedJaxpr } from "../ir/evalJaxpr.js";
export { dce, type DceOptions } from "../ir/passes/dce.js";
export { cse } from "../ir/passes/cse.js";
export { StagingTrace, StagingTracer } from "../trace/staging.js";
export { JvpTrace, JvpTracer } from "../interpreters/jvp.js";
export { BatchTrace, BatchTracer } from "../interpreters/batching.js";
export { UndefinedPrimal, type PartialEvalRule } from "../trace/primitive.js";
// Types that the signatures above mention, re-exported so that this entry point is self-contained.
export {
  Array,
  ArrayImpl,
  type ArrayAt,
  type Axis,
  type IndexItem,
  type NestedArray,
  type NestedIndexList,
  type ReduceOptions,
  type Slice,
  type VarOptions,
} from "../array/Array.js";
export { ShapedArray } from "../array/aval.js";
export { allocData, type DataArray, type DType, type TypedArrayFor } from "../dtype/dtype.js";
export { ClosedJaxpr, Jaxpr, Literal, Var, type Atom, type Eqn } from "../ir/jaxpr.js";
export { jitP, type JitParams } from "../control/jit.js";
export { condP, type CondParams } from "../control/cond.js";
export { scanP, type ScanParams } from "../control/scan.js";
export { whileP, type WhileParams } from "../control/whileLoop.js";
export { compileProgram, Plan, type PlanOutput, type PlanStep } from "../compiler/compile.js";
export { checkOptions } from "../errors/errors.js";
export { traceFlat, traceToJaxpr, flattenArrays, type Traced } from "../transforms/flat.js";
export { TreeDef, type MapKey, type NodeConstructor, type NodeKind } from "../tree/index.js";
export { jvpFlat } from "../transforms/jvp.js";
