/**
 * `@brainstate/core/testing`: helpers for testing code built on core — numeric comparisons now,
 * the backend conformance suite as backends land.
 * @packageDocumentation
 */
export { expectAllclose, type AllcloseOptions } from "./allclose.js";
