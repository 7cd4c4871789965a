// Common-subexpression elimination: equations with the same primitive, inputs and params are
// computed once (effectful ones are never merged). Layer 7b.

import { ClosedJaxpr, hasEffects, Jaxpr, Literal, type Atom, type Eqn, type Var } from "../jaxpr.js";

// Sub-programs and functions in params compare by identity.
const objectIds = new WeakMap<object, number>();
let nextObjectId = 0;

function identityKey(value: object): string {
  let id = objectIds.get(value);
  if (id === undefined) {
    id = nextObjectId++;
    objectIds.set(value, id);
  }
  return `#obj${id}`;
}

function paramKey(value: unknown): string {
  if (value instanceof ClosedJaxpr || value instanceof Jaxpr || typeof value === "function") return identityKey(value as object);
  if (globalThis.Array.isArray(value)) return `[${value.map(paramKey).join(",")}]`;
  if (value !== null && typeof value === "object") {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${k}:${paramKey((value as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  }
  return typeof value === "number" && Object.is(value, -0) ? "-0" : String(value);
}

/** Merges duplicate equations, rewriting later uses to the first result. @beta */
export function cse(jaxpr: Jaxpr): Jaxpr {
  const rename = new Map<Var, Var>();
  const ids = new Map<Var, number>();
  let next = 0;
  const atomKey = (a: Atom): string => {
    if (a instanceof Literal) return `lit:${a.aval.dtype}:${String(a.value)}`;
    const v = rename.get(a) ?? a;
    let id = ids.get(v);
    if (id === undefined) {
      id = next++;
      ids.set(v, id);
    }
    return `v${id}`;
  };
  const subst = (a: Atom): Atom => (a instanceof Literal ? a : (rename.get(a) ?? a));
  const seen = new Map<string, Eqn>();
  const eqns: Eqn[] = [];
  for (const e of jaxpr.eqns) {
    const inputs = e.inputs.map(subst);
    if (!hasEffects(e)) {
      const key = `${e.primitive.name}|${inputs.map(atomKey).join(",")}|${paramKey(e.params)}`;
      const prev = seen.get(key);
      if (prev) {
        e.outputs.forEach((v, i) => rename.set(v, prev.outputs[i] as Var));
        continue;
      }
      const eqn = { ...e, inputs };
      seen.set(key, eqn);
      eqns.push(eqn);
    } else {
      eqns.push({ ...e, inputs });
    }
  }
  return new Jaxpr(jaxpr.constvars, jaxpr.invars, eqns, jaxpr.outvars.map(subst));
}
