// Primitives: the registry, the rule types every interpreter reads, and `bind`. A primitive is
// declared once (primitives/**) with all of its rules in one object. Layer 7.

import type { Array } from "../array/Array.js";
import type { ShapedArray } from "../array/aval.js";
import type { Eqn } from "../ir/jaxpr.js";
import type { Exp, ReduceOp } from "../kernel/ir.js";
import { currentTrace } from "./trace.js";

/** Reads an operand at a multi-index (int32 expressions, one per axis). @beta */
export type Loader = (index: readonly Exp[]) => Exp;

/** What a lowering rule receives: a loader per operand, the avals, and the params. @beta */
export interface LowerContext<P> {
  readonly inputs: readonly Loader[];
  readonly inAvals: readonly ShapedArray[];
  readonly outAval: ShapedArray;
  readonly params: P;
}

/**
 * A lowering into the kernel IR: either a map (the output element at a multi-index) or a
 * reduction over an extra index space of `shape`, with an optional epilogue on the accumulator.
 * @beta
 */
export type Lowered =
  | { readonly kind: "map"; readonly exp: (index: readonly Exp[]) => Exp }
  | {
      readonly kind: "reduce";
      readonly op: ReduceOp;
      readonly shape: readonly number[];
      readonly body: (outIndex: readonly Exp[], reduceIndex: readonly Exp[]) => Exp;
      readonly epilogue?: (acc: Exp) => Exp;
    };

/**
 * Forward-mode rule: primal outputs and their tangents from primal inputs and tangents.
 * A `null` tangent is a symbolic zero (on input: the operand does not depend on the inputs being
 * differentiated; on output: the output does not either).
 * @beta
 */
export type JvpRule<P> = (
  primals: readonly Array[],
  tangents: readonly (Array | null)[],
  params: P,
) => [Array[], (Array | null)[]];

/**
 * Partial-evaluation rule: given an equation and which of its inputs are unknown, returns the
 * equations to run with the known values and those that need the unknown ones. Every output
 * variable of `eqn` must be defined by one of them; `outUnknowns` says which are unknown.
 * @beta
 */
export type PartialEvalRule = (eqn: Eqn, unknowns: readonly boolean[]) => { known: Eqn[]; unknown: Eqn[]; outUnknowns: boolean[] };

/** Marks an operand of a linear equation whose value is unknown during transposition (the linear input). @beta */
export class UndefinedPrimal {
  readonly aval: ShapedArray;
  constructor(aval: ShapedArray) {
    this.aval = aval;
  }
}

/**
 * Transpose rule of a primitive that is linear in its {@link UndefinedPrimal} operands: given the
 * output cotangents (`null` = zero), returns a cotangent for each operand (`null` for known
 * operands or zero cotangents).
 * @beta
 */
export type TransposeRule<P> = (
  cotangents: readonly (Array | null)[],
  args: readonly (Array | UndefinedPrimal)[],
  params: P,
) => (Array | null)[];
/** Batching rule: outputs and their batch axes (null = not batched), given the operands' batch axes and the number of lanes. @beta */
export type BatchRule<P> = (
  args: readonly Array[],
  dims: readonly (number | null)[],
  params: P,
  axisSize: number,
) => [Array[], (number | null)[]];

/**
 * Everything about one primitive, in one object. `abstractEval` is required, and exactly one
 * of `lower` (kernel IR), `routine` (a registered routine name) or `impl` (hand-written
 * evaluation, for higher-order or effectful primitives). The transformation slots are filled as
 * the transformations land.
 * @beta
 */
export interface PrimitiveDefinition<P extends object> {
  /** IR name, JAX's spelling (`exp`, `reduce_sum`, `dot_general`). */
  readonly name: string;
  /** Output avals from input avals; throws the user-facing shape/dtype errors. */
  abstractEval(avals: readonly ShapedArray[], params: P): ShapedArray[];
  /** Lowering to one kernel (single-output primitives). */
  readonly lower?: (ctx: LowerContext<P>) => Lowered;
  /** Name of the routine that computes the primitive. */
  readonly routine?: string;
  /** Direct evaluation on concrete arrays. */
  readonly impl?: (args: readonly Array[], params: P) => Array[];
  /**
   * Splits an equation some of whose inputs are unknown into known and unknown equations
   * (higher-order primitives: checkpoint, control flow). Without it the whole equation is unknown.
   */
  readonly partialEval?: PartialEvalRule;
  /** True for primitives with side effects (host callbacks, checked errors): never removed or merged by program passes. */
  readonly effectful?: boolean;
  readonly jvp?: JvpRule<P>;
  readonly transpose?: TransposeRule<P> | "nonlinear";
  readonly batch?: BatchRule<P>;
}

/** A registered primitive. `bind` applies it under the current interpreter. @beta */
export class Primitive<P extends object> {
  readonly def: PrimitiveDefinition<P>;
  constructor(def: PrimitiveDefinition<P>) {
    this.def = def;
  }
  get name(): string {
    return this.def.name;
  }
  /** Applies the primitive to `args` under the current trace; returns every output. */
  bind(args: readonly Array[], params: P): Array[] {
    return currentTrace().processPrimitive(this as unknown as Primitive<object>, args, params);
  }
  /** Applies a single-output primitive. */
  bind1(args: readonly Array[], params: P): Array {
    return this.bind(args, params)[0] as Array;
  }
  toString(): string {
    return this.def.name;
  }
}

const REGISTRY = new Map<string, Primitive<object>>();

/**
 * Declares a primitive: checks that the definition is complete and registers it.
 * @throws Error when the name is taken or the evaluation slots are not exactly one of lower/routine/impl.
 * @beta
 */
export function definePrimitive<P extends object>(def: PrimitiveDefinition<P>): Primitive<P> {
  if (REGISTRY.has(def.name)) throw new Error(`definePrimitive: a primitive named '${def.name}' already exists`);
  const ways = [def.lower, def.routine, def.impl].filter((x) => x !== undefined).length;
  if (ways !== 1) {
    throw new Error(`definePrimitive(${def.name}): give exactly one of lower, routine or impl (got ${ways})`);
  }
  const prim = new Primitive(def);
  REGISTRY.set(def.name, prim as unknown as Primitive<object>);
  return prim;
}

/** Every registered primitive. @beta */
export function allPrimitives(): Primitive<object>[] {
  return [...REGISTRY.values()];
}

/** The primitive registered under `name`, if any. @beta */
export function lookupPrimitive(name: string): Primitive<object> | undefined {
  return REGISTRY.get(name);
}
