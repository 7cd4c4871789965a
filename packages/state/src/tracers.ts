// Which core trace is in effect: a snapshot taken when a State or graph node is created, and the
// staging trace new program inputs are minted in. Layer: state. Ported from brainstate's
// util/_tracers.py (there: JAX's opaque trace state and DynamicJaxprTrace).

import { currentTrace, StagingTrace, type Trace } from "@brainstate/core/extend";
import { TraceContextError } from "./errors.js";

/**
 * A snapshot of core's current trace (the interpreter in effect: evaluation, or a staging/JVP/
 * batching trace inside a transformation). `isValid()` says whether the same trace is still
 * current, i.e. whether the owner is being used at the trace level it was created at.
 * @public
 */
export class StateJaxTracer {
  /** The trace that was current when the snapshot was taken. */
  readonly jaxTrace: Trace;
  constructor() {
    this.jaxTrace = currentTrace();
  }
  /** True when the current trace is the one captured. */
  isValid(): boolean {
    return this.jaxTrace === currentTrace();
  }
  /** Same captured trace. */
  equals(other: unknown): boolean {
    return other instanceof StateJaxTracer && other.jaxTrace === this.jaxTrace;
  }
  toString(): string {
    return `StateJaxTracer(jaxTrace=${this.jaxTrace.constructor.name})`;
  }
}

/**
 * The innermost staging trace in effect (the program being built by `jit`/`makeJaxpr` or a
 * control-flow body), found from the current trace through its parents. A `StateTraceStack`'s
 * `newArg` hook mints program inputs with it: `(aval) => newJaxTrace().newArg(aval)`.
 * @throws TraceContextError when no staging trace is in effect (plain eager execution).
 * @public
 */
export function newJaxTrace(): StagingTrace {
  for (let t: Trace | undefined = currentTrace(); t !== undefined; t = t.parent) {
    if (t instanceof StagingTrace) return t;
  }
  throw new TraceContextError(
    "newJaxTrace: no staging trace is in effect, so no program input can be added; call it inside a function being traced by jit or makeJaxpr",
  );
}
