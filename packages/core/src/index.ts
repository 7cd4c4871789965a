/**
 * `@brainstate/core`: brainstate's engine — immutable n-d arrays with NumPy's API and JAX's
 * dtype rules, pytrees, the primitive registry, and pluggable backends with an embedded CPU backend.
 * @packageDocumentation
 */
import "./backends/cpu/register.js";
import "./interpreters/eval.js";
import "./numpy/methods.js";

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
} from "./array/Array.js";
export { ShapedArray, formatAval } from "./array/aval.js";
export { devicePut, devicePutAsync } from "./array/devicePut.js";
export {
  DTYPES,
  getDefaultFloatDType,
  isFloat,
  isInteger,
  promoteTypes,
  setDefaultFloatDType,
  type DataArray,
  type DType,
  type TypedArrayFor,
} from "./dtype/dtype.js";
export {
  AxisError,
  BackendCapabilityError,
  BackendError,
  BrainstateError,
  ConcretizationError,
  DisposedError,
  DTypeError,
  IndexError,
  NonDifferentiableError,
  OptionError,
  RuntimeCheckError,
  ShapeError,
  TracerLeakError,
  TransformationError,
  TreeMismatchError,
  ValueError,
  type ErrorCode,
} from "./errors/errors.js";
export { availableBackends, currentBackendName, getBackend, registerBackend, setBackend, type BackendFactory } from "./backend/registry.js";
export type { Backend, BackendCapabilities, BufferSpec, CompiledKernel, DeviceBuffer, RoutineImpl } from "./backend/backend.js";
export type { AluOp, Exp, Kernel, KernelReduction, ReduceOp } from "./kernel/ir.js";
export type {
  BatchRule,
  JvpRule,
  Loader,
  LowerContext,
  Lowered,
  PartialEvalRule,
  Primitive,
  PrimitiveDefinition,
  TransposeRule,
  UndefinedPrimal,
} from "./trace/primitive.js";
export * as np from "./numpy/index.js";
export * as tree from "./tree/index.js";
export { makeJaxpr, evalShape } from "./transforms/makeJaxpr.js";
export { jvp } from "./transforms/jvp.js";
export { vmap, type AxisSpec, type VmapOptions } from "./transforms/vmap.js";
export {
  grad,
  hessian,
  jacfwd,
  jacrev,
  linearize,
  stopGradient,
  valueAndGrad,
  vjp,
  type GradOptions,
  type JacobianOptions,
} from "./transforms/autodiff.js";
export { ClosedJaxpr, Jaxpr, Literal, Var, type Atom, type Eqn } from "./ir/jaxpr.js";
export { jit, type JitLowering, type JitOptions, type JittedFunction } from "./control/jit.js";
export { customJvp, type CustomJvpFunction, type CustomJvpOptions } from "./custom/customJvp.js";
export { customVjp, type CustomVjpFunction } from "./custom/customVjp.js";
export { checkpoint, type CheckpointOptions, type CheckpointPolicy } from "./custom/checkpoint.js";
export { cond, switch_ as switch } from "./control/cond.js";
export { scan, type ScanOptions } from "./control/scan.js";
export { forI, whileLoop } from "./control/whileLoop.js";
export { debugCallback, errorIf, pureCallback } from "./control/callbacks.js";
export * as lax from "./lax/index.js";
export * as prng from "./prng/index.js";
