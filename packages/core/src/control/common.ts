// Shared plumbing of the higher-order primitives: re-tracing transformed versions of a body
// program (JVP, transpose) and reordering program inputs/outputs. Bodies are ClosedJaxprs whose
// constants are concrete arrays created while re-tracing. Layer 13.

import { Array } from "../array/Array.js";
import type { ShapedArray } from "../array/aval.js";
import { evalJaxpr } from "../ir/evalJaxpr.js";
import { ClosedJaxpr, Jaxpr, Var } from "../ir/jaxpr.js";
import { backwardPass } from "../interpreters/transpose.js";
import * as ops from "../primitives/ops.js";
import { StagingTrace } from "../trace/staging.js";
import { currentTrace, Tracer, withTrace } from "../trace/trace.js";
import { jvpFlat } from "../transforms/jvp.js";

/** Traces a flat function on `avals` into a closed program; captured constants must be concrete. */
export function retrace(where: string, f: (xs: Array[]) => Array[], avals: readonly ShapedArray[]): ClosedJaxpr {
  const trace = new StagingTrace(currentTrace());
  try {
    const ins = avals.map((a) => trace.newArg(a));
    const outs = withTrace(trace, () => f(ins));
    const closed = trace.toClosedJaxpr(outs);
    if (closed.consts.some((c) => c instanceof Tracer)) {
      throw new Error(`${where}: internal error — a re-traced body captured a tracer`);
    }
    return closed;
  } finally {
    trace.finish();
  }
}

/** Runs a closed body on `args` under the current trace. */
export function evalClosed(c: ClosedJaxpr, args: readonly Array[]): Array[] {
  return evalJaxpr(c.jaxpr, c.consts, args);
}

/** The same program with its inputs listed in the order `order` (indices into the old inputs). */
export function permuteInputs(c: ClosedJaxpr, order: readonly number[]): ClosedJaxpr {
  const j = c.jaxpr;
  return new ClosedJaxpr(new Jaxpr(j.constvars, order.map((k) => j.invars[k] as Var), j.eqns, j.outvars), c.consts);
}

/** The same program with its outputs listed in the order `order` (duplicates allowed). */
export function permuteOutputs(c: ClosedJaxpr, order: readonly number[]): ClosedJaxpr {
  const j = c.jaxpr;
  return new ClosedJaxpr(new Jaxpr(j.constvars, j.invars, j.eqns, order.map((k) => j.outvars[k] as Var)), c.consts);
}

/** A program that takes extra inputs it ignores, inserted before and after its own. */
export function padInputs(c: ClosedJaxpr, before: readonly ShapedArray[], after: readonly ShapedArray[]): ClosedJaxpr {
  const j = c.jaxpr;
  return new ClosedJaxpr(new Jaxpr(j.constvars, [...before.map((a) => new Var(a)), ...j.invars, ...after.map((a) => new Var(a))], j.eqns, j.outvars), c.consts);
}

/** The JVP of a body: inputs `[primals..., tangents...]`, outputs `[outs..., tangentOuts...]` (tangents instantiated). */
export function jvpJaxpr(where: string, c: ClosedJaxpr): ClosedJaxpr {
  const avals = c.inAvals;
  const n = avals.length;
  return retrace(
    where,
    (xs) => {
      const [outs, ts] = jvpFlat((ys) => [evalClosed(c, ys), null], xs.slice(0, n), xs.slice(n));
      return [...outs.values, ...ts];
    },
    [...avals, ...avals],
  );
}

/**
 * The transpose of a body linear in the inputs at `linear` positions: inputs
 * `[known inputs..., output cotangents...]`, outputs the cotangents of the linear inputs (zeros
 * where none flows).
 */
export function transposeJaxpr(where: string, c: ClosedJaxpr, linear: readonly boolean[]): ClosedJaxpr {
  const j = c.jaxpr;
  const knownIdx = j.invars.map((_, i) => i).filter((i) => !linear[i]);
  const linIdx = j.invars.map((_, i) => i).filter((i) => linear[i]);
  const ordered = permuteInputs(c, [...knownIdx, ...linIdx]);
  const nk = knownIdx.length;
  return retrace(
    where,
    (xs) => {
      const cts = backwardPass(ordered.jaxpr, ordered.consts, xs.slice(0, nk), xs.slice(nk), ops.add);
      return cts.map((ct, k) => {
        const a = (j.invars[linIdx[k] as number] as Var).aval;
        return ct ?? ops.full(a.shape, 0, a.dtype);
      });
    },
    [...knownIdx.map((i) => (j.invars[i] as Var).aval), ...c.outAvals],
  );
}

/** Zeros for a missing cotangent or tangent of aval `a`. */
export function zerosOf(a: ShapedArray): Array {
  return ops.full(a.shape, 0, a.dtype);
}
