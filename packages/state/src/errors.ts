// The errors the state package adds to core's BrainstateError family. Layer: state (bottom).
// Ported from brainstate's util/_error.py.

import { BrainstateError } from "@brainstate/core";

/**
 * A State or graph node was mutated, or a program input was requested, from a trace other than
 * the one it belongs to (for example a state created outside `jit` mutated while
 * `checkStateJaxTracer` is on, or a `newArg` hook used outside any staging trace).
 * @public
 */
export class TraceContextError extends BrainstateError {
  constructor(message: string) {
    super("BS_TRACE_CONTEXT", message);
  }
}
