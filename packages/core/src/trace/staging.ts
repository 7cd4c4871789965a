// The staging interpreter: records primitives into a Jaxpr instead of computing them. Inputs can be
// added while tracing is in progress (`newArg`), which is how states are lifted into programs.
// Layer 7b.

import { Array, ArrayImpl } from "../array/Array.js";
import type { ShapedArray } from "../array/aval.js";
import { ClosedJaxpr, Jaxpr, Literal, Var, type Atom, type Eqn } from "../ir/jaxpr.js";
import type { Primitive } from "./primitive.js";
import { checkNotLeaked, Trace, Tracer } from "./trace.js";

/** A value being staged into a program: a tracer bound to one program variable. @beta */
export class StagingTracer extends Tracer {
  private readonly owner: StagingTrace;
  /** The program variable this tracer stands for. */
  readonly variable: Var;
  constructor(owner: StagingTrace, variable: Var) {
    super();
    this.owner = owner;
    this.variable = variable;
  }
  get trace(): StagingTrace {
    return this.owner;
  }
  get aval(): ShapedArray {
    return this.variable.aval;
  }
}

/** Records every primitive applied to its tracers as an equation of a new program. @beta */
export class StagingTrace extends Trace {
  private readonly invars: Var[] = [];
  private readonly eqns: Eqn[] = [];
  private readonly constVars = new Map<Array, Var>();
  private readonly constValues: Array[] = [];

  /** Adds a program input of `aval` and returns the tracer standing for it; allowed at any point while tracing. */
  newArg(aval: ShapedArray): StagingTracer {
    const v = new Var(aval);
    this.invars.push(v);
    return new StagingTracer(this, v);
  }

  /** Number of inputs added so far (arguments first, then lifted inputs in the order they were added). */
  get numInputs(): number {
    return this.invars.length;
  }

  /** The atom for any value used by the program: own tracers map to their variable, other values become constants. */
  atom(x: Array): Atom {
    checkNotLeaked("tracing", x);
    if (x instanceof StagingTracer && x.trace === this) return x.variable;
    if (x instanceof ArrayImpl && x.ndim === 0 && x.backend.capabilities.syncRead) {
      const v = x.data()[0] as number;
      return new Literal(x.dtype === "bool" ? v !== 0 : v, x.aval);
    }
    let cv = this.constVars.get(x);
    if (cv === undefined) {
      cv = new Var(x.aval);
      this.constVars.set(x, cv);
      this.constValues.push(x);
    }
    return cv;
  }

  processPrimitive(prim: Primitive<object>, args: readonly Array[], params: object): Array[] {
    const inputs = args.map((a) => this.atom(a));
    const outAvals = prim.def.abstractEval(
      args.map((a) => a.aval),
      params,
    );
    const outputs = outAvals.map((aval) => new Var(aval));
    this.eqns.push({ primitive: prim, inputs, outputs, params });
    return outputs.map((v) => new StagingTracer(this, v));
  }

  /** Closes the program over `outs` (tracers of this trace or outside values, which become constants). */
  toClosedJaxpr(outs: readonly Array[]): ClosedJaxpr {
    const outvars = outs.map((o) => {
      const a = this.atom(o);
      return a;
    });
    const constvars = [...this.constVars.values()];
    return new ClosedJaxpr(new Jaxpr(constvars, [...this.invars], [...this.eqns], outvars), [...this.constValues]);
  }
}
