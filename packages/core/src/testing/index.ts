/**
 * `@brainstate/core/testing`: helpers for testing code built on core — numeric comparisons and
 * numerical derivative checks (JAX's check_grads).
 * @packageDocumentation
 */
import "../index.js";

export { expectAllclose, type AllcloseOptions } from "./allclose.js";
export { checkGrads, checkJvp, checkVjp, type CheckGradsOptions } from "./checkGrads.js";
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
export type { DataArray, DType } from "../dtype/dtype.js";
