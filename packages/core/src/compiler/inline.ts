// Inlining of call-like equations (jit, custom_jvp_call, custom_vjp_call, checkpoint) before
// compilation: for evaluation each of them is just its body, and inlining lets the fuser see
// across the call boundary. Layer 13.

import { Jaxpr, Literal, Var, type Atom, type Eqn } from "../ir/jaxpr.js";

/** Primitive names whose evaluation is exactly their body program (param name of the body). */
const CALLS: Readonly<Record<string, string>> = {
  jit: "jaxpr",
  custom_jvp_call: "fun",
  custom_vjp_call: "fun",
  checkpoint: "jaxpr",
};

/** Returns a program without call-like equations (their constant-free bodies spliced in, recursively). */
export function inlineCalls(jaxpr: Jaxpr): Jaxpr {
  // Outputs of spliced calls → the atoms that now compute them (chains are followed).
  const sub = new Map<Var, Atom>();
  const resolve = (a: Atom): Atom => {
    let x = a;
    while (!(x instanceof Literal) && sub.has(x)) x = sub.get(x) as Atom;
    return x;
  };
  const read = resolve;
  const eqns: Eqn[] = [];
  const splice = (body: Jaxpr, inputs: readonly Atom[], outputs: readonly Var[]): void => {
    // Fresh variables for the body's own definitions, so a body inlined twice stays SSA.
    const local = new Map<Var, Atom>();
    body.invars.forEach((v, i) => local.set(v, inputs[i] as Atom));
    const rd = (a: Atom): Atom => (a instanceof Literal ? a : resolve(local.get(a) ?? a));
    for (const e of body.eqns) {
      const key = CALLS[e.primitive.name];
      const ins = e.inputs.map(rd);
      const outs = e.outputs.map((o) => {
        const nv = new Var(o.aval);
        local.set(o, nv);
        return nv;
      });
      if (key !== undefined) splice((e.params as Record<string, Jaxpr>)[key] as Jaxpr, ins, outs);
      else eqns.push({ ...e, inputs: ins, outputs: outs });
    }
    body.outvars.forEach((o, i) => sub.set(outputs[i] as Var, rd(o)));
  };
  for (const e of jaxpr.eqns) {
    const key = CALLS[e.primitive.name];
    const ins = e.inputs.map(read);
    if (key !== undefined) splice((e.params as Record<string, Jaxpr>)[key] as Jaxpr, ins, e.outputs);
    else eqns.push({ ...e, inputs: ins });
  }
  return new Jaxpr(jaxpr.constvars, jaxpr.invars, eqns, jaxpr.outvars.map(read));
}
