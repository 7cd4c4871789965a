// Partial evaluation of programs: splits a jaxpr into the part computable from known inputs and
// the part that needs the unknown ones, connected by residuals. Reverse-mode AD is
// JVP → partial evaluation → transpose, so every rule is written once. Layer 9.

import { Jaxpr, Literal, Var, type Atom, type Eqn } from "../ir/jaxpr.js";

/** Result of {@link partialEvalJaxpr}. @beta */
export interface PartialEvalResult {
  /** Known inputs (and the original constants) → known outputs followed by the residuals. */
  readonly known: Jaxpr;
  /** Residuals followed by the unknown inputs → the unknown outputs (in their original order). */
  readonly unknown: Jaxpr;
  /** Which outputs of the original program are unknown. */
  readonly outUnknowns: boolean[];
  /** Number of residuals passed from `known` to `unknown`. */
  readonly numResiduals: number;
}

/**
 * Splits `jaxpr` given which inputs are unknown. Equations whose inputs are all known go to the
 * known program; every other equation goes to the unknown program, and the known values it reads
 * become residuals. Known outputs listed in `instantiate` are also routed to the unknown program
 * (as residuals), so it returns every output the caller needs there.
 * @beta
 */
export function partialEvalJaxpr(jaxpr: Jaxpr, unknowns: readonly boolean[], instantiate: readonly boolean[] = []): PartialEvalResult {
  const isUnknown = new Set<Var>();
  jaxpr.invars.forEach((v, i) => {
    if (unknowns[i]) isUnknown.add(v);
  });
  const knownEqns: Eqn[] = [];
  const unknownEqns: Eqn[] = [];
  const residuals: Var[] = [];
  const residualOf = new Map<Var, Var>();
  const residual = (v: Var): Var => {
    let r = residualOf.get(v);
    if (r === undefined) {
      r = new Var(v.aval);
      residualOf.set(v, r);
      residuals.push(v);
    }
    return r;
  };
  const toUnknownAtom = (a: Atom): Atom => (a instanceof Literal || isUnknown.has(a) ? a : residual(a));
  for (const e of jaxpr.eqns) {
    const inUnknown = e.inputs.map((a) => !(a instanceof Literal) && isUnknown.has(a));
    if (!inUnknown.some(Boolean)) {
      knownEqns.push(e);
      continue;
    }
    const rule = e.primitive.def.partialEval;
    if (rule && !inUnknown.every(Boolean)) {
      const split = rule(e, inUnknown);
      knownEqns.push(...split.known);
      for (const u of split.unknown) {
        unknownEqns.push({ ...u, inputs: u.inputs.map(toUnknownAtom) });
        for (const o of u.outputs) isUnknown.add(o);
      }
      continue;
    }
    unknownEqns.push({ ...e, inputs: e.inputs.map(toUnknownAtom) });
    for (const o of e.outputs) isUnknown.add(o);
  }
  const outUnknowns = jaxpr.outvars.map((o) => !(o instanceof Literal) && isUnknown.has(o));
  const knownOuts = jaxpr.outvars.filter((_, i) => !outUnknowns[i]);
  const unknownOuts: Atom[] = [];
  jaxpr.outvars.forEach((o, i) => {
    if (outUnknowns[i]) unknownOuts.push(o);
    else if (instantiate[i]) unknownOuts.push(toUnknownAtom(o));
  });
  const residualBinders = residuals.map((v) => residualOf.get(v) as Var);
  const known = new Jaxpr(jaxpr.constvars, jaxpr.invars.filter((_, i) => !unknowns[i]), knownEqns, [...knownOuts, ...residuals]);
  const unknown = new Jaxpr([], [...residualBinders, ...jaxpr.invars.filter((_, i) => unknowns[i])], unknownEqns, unknownOuts);
  return { known, unknown, outUnknowns, numResiduals: residuals.length };
}
