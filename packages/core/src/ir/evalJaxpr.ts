// Interpreting a program: binds each equation's primitive under the current trace, so a staged
// program can itself be evaluated, differentiated, batched or staged again. Layer 7b.

import type { Array } from "../array/Array.js";
import { fromData } from "../array/create.js";
import { allocData } from "../dtype/dtype.js";
import { Literal, type Atom, type ClosedJaxpr, type Jaxpr, type Var } from "./jaxpr.js";

/** A 0-d array holding a literal's value. */
export function literalArray(l: Literal): Array {
  const data = allocData(l.aval.dtype, 1);
  data[0] = typeof l.value === "boolean" ? (l.value ? 1 : 0) : l.value;
  return fromData(data, [], l.aval.dtype, l.aval.weakType);
}

/** Runs `jaxpr` on `consts` and `args` under the current trace; returns its outputs. @beta */
export function evalJaxpr(jaxpr: Jaxpr, consts: readonly Array[], args: readonly Array[]): Array[] {
  if (args.length !== jaxpr.invars.length) {
    throw new Error(`evalJaxpr: the program takes ${jaxpr.invars.length} inputs, got ${args.length}`);
  }
  const env = new Map<Var, Array>();
  jaxpr.constvars.forEach((v, i) => env.set(v, consts[i] as Array));
  jaxpr.invars.forEach((v, i) => env.set(v, args[i] as Array));
  const read = (a: Atom): Array => {
    if (a instanceof Literal) return literalArray(a);
    const x = env.get(a);
    if (x === undefined) throw new Error("evalJaxpr: a variable is used before it is defined");
    return x;
  };
  for (const e of jaxpr.eqns) {
    const outs = e.primitive.bind(e.inputs.map(read), e.params);
    e.outputs.forEach((v, i) => env.set(v, outs[i] as Array));
  }
  return jaxpr.outvars.map(read);
}

/** Runs a closed program on `args`. @beta */
export function evalClosedJaxpr(closed: ClosedJaxpr, args: readonly Array[]): Array[] {
  return evalJaxpr(closed.jaxpr, closed.consts, args);
}
