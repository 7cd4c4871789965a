// Forward-mode differentiation: the JVP interpreter, its tracer (primal + tangent, null tangent =
// symbolic zero) and the helpers primitives use to write their JVP rules. Layer 9.

import type { Array } from "../array/Array.js";
import { NonDifferentiableError } from "../errors/errors.js";
import type { JvpRule, Primitive } from "../trace/primitive.js";
import { checkNotLeaked, Trace, Tracer, withTrace } from "../trace/trace.js";
import type { ShapedArray } from "../array/aval.js";

/** A value under forward-mode differentiation: its primal and its tangent (null = zero). @beta */
export class JvpTracer extends Tracer {
  private readonly owner: JvpTrace;
  readonly primal: Array;
  readonly tangent: Array | null;
  constructor(owner: JvpTrace, primal: Array, tangent: Array | null) {
    super();
    this.owner = owner;
    this.primal = primal;
    this.tangent = tangent;
  }
  get trace(): JvpTrace {
    return this.owner;
  }
  get aval(): ShapedArray {
    return this.primal.aval;
  }
}

/** The JVP interpreter: runs each primitive's JVP rule under the parent interpretation. @beta */
export class JvpTrace extends Trace {
  /** Wraps a primal and tangent as a tracer of this trace. */
  tracer(primal: Array, tangent: Array | null): JvpTracer {
    return new JvpTracer(this, primal, tangent);
  }

  /** Splits a value into primal and tangent: values from outside this trace are constants. */
  unpack(x: Array): [Array, Array | null] {
    checkNotLeaked("jvp", x);
    if (x instanceof JvpTracer && x.trace === this) return [x.primal, x.tangent];
    return [x, null];
  }

  processPrimitive(prim: Primitive<object>, args: readonly Array[], params: object): Array[] {
    const primals: Array[] = [];
    const tangents: (Array | null)[] = [];
    for (const a of args) {
      const [p, t] = this.unpack(a);
      primals.push(p);
      tangents.push(t);
    }
    const parent = this.parent as Trace;
    if (tangents.every((t) => t === null)) return withTrace(parent, () => prim.bind(primals, params));
    const rule = prim.def.jvp as JvpRule<object> | undefined;
    if (!rule) {
      throw new NonDifferentiableError(
        `jvp: primitive '${prim.name}' has no differentiation rule, so it cannot be differentiated; apply stopGradient to its inputs if their derivative is not needed`,
      );
    }
    const [outs, outTangents] = withTrace(parent, () => rule(primals, tangents, params));
    return outs.map((p, i) => this.tracer(p, outTangents[i] ?? null));
  }
}

/** Sums tangent contributions, skipping zeros; null when every contribution is zero. @beta */
export function addTangents(add: (a: Array, b: Array) => Array, ts: readonly (Array | null)[]): Array | null {
  let acc: Array | null = null;
  for (const t of ts) if (t !== null) acc = acc === null ? t : add(acc, t);
  return acc;
}
