// Transposition of linear programs (the backward pass of reverse-mode AD): walks the equations
// in reverse, turning output cotangents into input cotangents with each primitive's transpose rule. Layer 9.

import type { Array } from "../array/Array.js";
import { Literal, type Atom, type Jaxpr, type Var } from "../ir/jaxpr.js";
import { literalArray } from "../ir/evalJaxpr.js";
import { NonDifferentiableError } from "../errors/errors.js";
import { UndefinedPrimal, type TransposeRule } from "../trace/primitive.js";

/**
 * Transposes `jaxpr`, which is linear in its invars from `numKnown` on (the first `numKnown`
 * are known values given in `known`). Returns the cotangent of each linear invar (null = zero)
 * given the output cotangents (null = zero). `add` accumulates cotangents of a shared variable.
 * @beta
 */
export function backwardPass(
  jaxpr: Jaxpr,
  consts: readonly Array[],
  known: readonly Array[],
  cotangents: readonly (Array | null)[],
  add: (a: Array, b: Array) => Array,
): (Array | null)[] {
  const values = new Map<Var, Array>();
  jaxpr.constvars.forEach((v, i) => values.set(v, consts[i] as Array));
  const numKnown = known.length;
  jaxpr.invars.slice(0, numKnown).forEach((v, i) => values.set(v, known[i] as Array));
  const cts = new Map<Var, Array>();
  const addCt = (a: Atom, ct: Array | null): void => {
    if (ct === null || a instanceof Literal || values.has(a)) return;
    const prev = cts.get(a);
    cts.set(a, prev === undefined ? ct : add(prev, ct));
  };
  jaxpr.outvars.forEach((o, i) => addCt(o, cotangents[i] ?? null));
  for (let i = jaxpr.eqns.length - 1; i >= 0; i--) {
    const e = jaxpr.eqns[i];
    if (e === undefined) continue;
    const outCts = e.outputs.map((v) => {
      const c = cts.get(v);
      cts.delete(v);
      return c ?? null;
    });
    if (outCts.every((c) => c === null)) continue;
    const rule = e.primitive.def.transpose as TransposeRule<object> | "nonlinear" | undefined;
    if (rule === undefined || rule === "nonlinear") {
      throw new NonDifferentiableError(
        `grad: primitive '${e.primitive.name}' appears in the linear part of the program but has no transpose rule, so reverse-mode differentiation cannot pass through it`,
      );
    }
    const args = e.inputs.map((a) => {
      if (a instanceof Literal) return literalArray(a);
      const v = values.get(a);
      return v ?? new UndefinedPrimal(a.aval);
    });
    const inCts = rule(outCts, args, e.params);
    e.inputs.forEach((a, k) => {
      if (args[k] instanceof UndefinedPrimal) addCt(a, inCts[k] ?? null);
    });
  }
  return jaxpr.invars.slice(numKnown).map((v) => cts.get(v) ?? null);
}
