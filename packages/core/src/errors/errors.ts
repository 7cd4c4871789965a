// Every error a user of core can trigger, each with a stable code (see docs/errors.md).
// Layer 1: imports nothing from the rest of core.

/** Stable identifiers of core's error classes, greppable in docs/errors.md. @public */
export type ErrorCode =
  | "BS_SHAPE"
  | "BS_DTYPE"
  | "BS_AXIS"
  | "BS_VALUE"
  | "BS_INDEX"
  | "BS_CONCRETIZATION"
  | "BS_TRACER_LEAK"
  | "BS_BACKEND"
  | "BS_BACKEND_CAPABILITY"
  | "BS_DISPOSED"
  | "BS_OPTION"
  | "BS_TREE_MISMATCH"
  | "BS_NON_DIFFERENTIABLE"
  | "BS_TRANSFORM"
  | "BS_RUNTIME_CHECK"
  | "BS_TRACE_CONTEXT";

/**
 * Base class of every error raised by brainstate.
 * The message names where (the API as the user wrote it), what was wrong, what was expected and how to fix it.
 * @public
 */
export class BrainstateError extends Error {
  /** Stable code; its section in docs/errors.md lists causes and fixes. */
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string) {
    super(`${message} (see docs/errors.md#${code.toLowerCase()})`);
    this.code = code;
    this.name = new.target.name;
  }
}

/** Operand shapes that do not fit the operation (broadcasting, reshape sizes, matmul dims…). @public */
export class ShapeError extends BrainstateError {
  constructor(message: string) {
    super("BS_SHAPE", message);
  }
}

/** A dtype the operation does not accept, or a cast NumPy would reject. @public */
export class DTypeError extends BrainstateError {
  constructor(message: string) {
    super("BS_DTYPE", message);
  }
}

/** An axis outside `[-ndim, ndim)`, or repeated. @public */
export class AxisError extends BrainstateError {
  constructor(message: string) {
    super("BS_AXIS", message);
  }
}

/** A bad argument value: ragged nested lists, non-integer sizes, NaN where an integer is needed… @public */
export class ValueError extends BrainstateError {
  constructor(message: string) {
    super("BS_VALUE", message);
  }
}

/** An index out of bounds or of the wrong kind. @public */
export class IndexError extends BrainstateError {
  constructor(message: string) {
    super("BS_INDEX", message);
  }
}

/** A concrete value was needed (e.g. `data()`, a Python-style `if`) but only its shape is known while tracing. @public */
export class ConcretizationError extends BrainstateError {
  constructor(message: string) {
    super("BS_CONCRETIZATION", message);
  }
}

/** A tracer was used after the transformation that created it had finished. @public */
export class TracerLeakError extends BrainstateError {
  constructor(message: string) {
    super("BS_TRACER_LEAK", message);
  }
}

/** Unknown backend, or arrays living on different backends mixed in one operation. @public */
export class BackendError extends BrainstateError {
  constructor(message: string) {
    super("BS_BACKEND", message);
  }
}

/** The backend cannot do what was asked (a dtype, a synchronous read, a routine) in its current mode. @public */
export class BackendCapabilityError extends BrainstateError {
  constructor(message: string) {
    super("BS_BACKEND_CAPABILITY", message);
  }
}

/** An array was used after `dispose()`. @public */
export class DisposedError extends BrainstateError {
  constructor(message: string) {
    super("BS_DISPOSED", message);
  }
}

/** An options object had an unknown key or a value of the wrong kind. @public */
export class OptionError extends BrainstateError {
  constructor(message: string) {
    super("BS_OPTION", message);
  }
}

/** Rejects option keys that `where` does not know, naming the allowed ones (throws OptionError). @beta */
export function checkOptions(where: string, options: object | undefined, allowed: readonly string[]): void {
  if (options === undefined || options === null) return;
  if (typeof options !== "object") {
    throw new OptionError(`${where}: options must be an object, got ${typeof options}`);
  }
  for (const key of Object.keys(options)) {
    if (!allowed.includes(key)) {
      throw new OptionError(
        `${where}: unknown option '${key}'; the options are ${allowed.map((k) => `'${k}'`).join(", ") || "(none)"}`,
      );
    }
  }
}

/** Two pytrees that must have one structure do not (map over several trees, unflatten with the wrong leaf count…). @public */
export class TreeMismatchError extends BrainstateError {
  constructor(message: string) {
    super("BS_TREE_MISMATCH", message);
  }
}

/** A derivative was requested through something that has none: a primitive without a rule, integer inputs to grad, reverse mode through an unbounded loop. @public */
export class NonDifferentiableError extends BrainstateError {
  constructor(message: string) {
    super("BS_NON_DIFFERENTIABLE", message);
  }
}

/** A transformation cannot handle the program: a primitive without a batching rule, mismatched axes or branch types. @public */
export class TransformationError extends BrainstateError {
  constructor(message: string) {
    super("BS_TRANSFORM", message);
  }
}

/** A check inside a (possibly compiled) program failed at run time: raised by `errorIf` / brainstate's `jitErrorIf`. @public */
export class RuntimeCheckError extends BrainstateError {
  constructor(message: string) {
    super("BS_RUNTIME_CHECK", message);
  }
}
