/**
 * `@brainstate/core/testing`: helpers for testing code built on core — numeric comparisons and
 * numerical derivative checks (JAX's check_grads).
 * @packageDocumentation
 */
import "../index.js";

export { expectAllclose, type AllcloseOptions } from "./allclose.js";
export { checkGrads, checkJvp, checkVjp, type CheckGradsOptions } from "./checkGrads.js";
