// Traces and tracers (autodidax2 style): one current interpreter at a time; each interpreter
// runs its rules under the parent it was started in. Layer 7.

import { Array } from "../array/Array.js";
import type { ShapedArray } from "../array/aval.js";
import type { DataArray } from "../dtype/dtype.js";
import { ConcretizationError, TracerLeakError } from "../errors/errors.js";
import type { Primitive } from "./primitive.js";

/** An interpreter of primitives: evaluation, JVP, batching, staging to IR… @beta */
export abstract class Trace {
  /** The trace this one was started under (undefined for the evaluation trace at the root). */
  readonly parent: Trace | undefined;
  private finishedFlag = false;
  constructor(parent: Trace | undefined) {
    this.parent = parent;
  }
  /** True once the transformation that owns this trace has returned; its tracers must not be used again. */
  get isFinished(): boolean {
    return this.finishedFlag;
  }
  /** Marks the trace finished (called by the transformation when it returns or throws). */
  finish(): void {
    this.finishedFlag = true;
  }
  /** Applies `prim` to `args` under this interpretation. */
  abstract processPrimitive(prim: Primitive<object>, args: readonly Array[], params: object): Array[];
}

/** A value being traced by `trace`: an Array whose data is not available. @beta */
export abstract class Tracer extends Array {
  /** The trace that owns this tracer. */
  abstract get trace(): Trace;
  data(): DataArray {
    throw concretizationError(this.aval, "data()");
  }
  dataAsync(): Promise<DataArray> {
    return Promise.reject(concretizationError(this.aval, "dataAsync()"));
  }
  override toString(): string {
    return `Traced<${this.aval.toString()}>`;
  }
}

function concretizationError(aval: ShapedArray, what: string): ConcretizationError {
  return new ConcretizationError(
    `Array.${what}: the value is an abstract ${aval.toString()} tracer inside a transformation (jit, grad, vmap…), so its data is not known yet; return it from the transformed function and read it outside, or use a traced op (np.where, lax.cond) instead of reading it`,
  );
}

let current: Trace | undefined;

/** The interpreter in effect (the evaluation trace when no transformation is running). @beta */
export function currentTrace(): Trace {
  if (current === undefined) throw new Error("currentTrace: no evaluation trace installed (core/index was not loaded)");
  return current;
}

/** Runs `fn` with `trace` as the current interpreter, restoring the previous one afterwards, also on error. @beta */
export function withTrace<T>(trace: Trace, fn: () => T): T {
  const prev = current;
  current = trace;
  try {
    return fn();
  } finally {
    current = prev;
  }
}

/** Installs the root evaluation trace; called once by the evaluation interpreter module. */
export function installRootTrace(trace: Trace): void {
  if (current === undefined) current = trace;
}

/** Throws TracerLeakError when `x` is a tracer of a transformation that has already finished. @beta */
export function checkNotLeaked(where: string, x: Array): void {
  if (x instanceof Tracer && x.trace.isFinished) {
    throw new TracerLeakError(
      `${where}: a ${x.aval.toString()} tracer escaped from a transformation that has already finished (it was stored in a closure, a global or a State instead of being returned); pass the value in as an argument or return it from the transformed function`,
    );
  }
}
