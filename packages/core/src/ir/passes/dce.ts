// Dead-code elimination: drops equations whose outputs nothing uses (equations with effects, also
// inside their sub-programs, stay). Layer 7b.

import { hasEffects, Jaxpr, Literal, type Eqn, type Var } from "../jaxpr.js";

/** Options of {@link dce}. @beta */
export interface DceOptions {
  /** Which outputs to keep (default: all). */
  usedOutputs?: readonly boolean[];
  /** Also remove inputs that nothing reads (the result says which were kept). @defaultValue false */
  pruneInputs?: boolean;
}

/** Removes unused equations; returns the smaller program and which inputs it still reads. @beta */
export function dce(jaxpr: Jaxpr, options: DceOptions = {}): { jaxpr: Jaxpr; usedInputs: boolean[] } {
  const used = new Set<Var>();
  const outvars = jaxpr.outvars.filter((_, i) => options.usedOutputs?.[i] ?? true);
  for (const o of outvars) if (!(o instanceof Literal)) used.add(o);
  const kept: Eqn[] = [];
  for (let i = jaxpr.eqns.length - 1; i >= 0; i--) {
    const e = jaxpr.eqns[i] as Eqn;
    if (hasEffects(e) || e.outputs.some((v) => used.has(v))) {
      kept.push(e);
      for (const a of e.inputs) if (!(a instanceof Literal)) used.add(a);
    }
  }
  kept.reverse();
  const usedInputs = jaxpr.invars.map((v) => used.has(v));
  const invars = options.pruneInputs ? jaxpr.invars.filter((_, i) => usedInputs[i]) : jaxpr.invars;
  const constvars = jaxpr.constvars;
  return { jaxpr: new Jaxpr(constvars, invars, kept, outvars), usedInputs };
}
