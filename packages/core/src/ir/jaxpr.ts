// The typed SSA IR (jaxpr-like): variables, literals, equations, programs with constants, and
// the readable printer behind makeJaxpr. Layer 7b: imports array/ avals and trace/primitive.

import type { Array } from "../array/Array.js";
import { formatAval, type ShapedArray } from "../array/aval.js";
import type { Primitive } from "../trace/primitive.js";

let nextVarId = 0;

/** A program variable: defined once, by an input binder or an equation. @beta */
export class Var {
  /** Unique id (printing renames variables to a, b, c… per program). */
  readonly id: number;
  /** The variable's abstract value. */
  readonly aval: ShapedArray;
  constructor(aval: ShapedArray) {
    this.id = nextVarId++;
    this.aval = aval;
  }
}

/** A scalar constant written into the program. @beta */
export class Literal {
  readonly value: number | boolean;
  readonly aval: ShapedArray;
  constructor(value: number | boolean, aval: ShapedArray) {
    this.value = value;
    this.aval = aval;
  }
}

/** An equation operand. @beta */
export type Atom = Var | Literal;

/** One primitive application: `outputs = primitive[params](inputs)`. @beta */
export interface Eqn {
  readonly primitive: Primitive<object>;
  readonly inputs: readonly Atom[];
  readonly outputs: readonly Var[];
  readonly params: object;
}

/** A typed SSA program: constants, inputs, equations and outputs. @beta */
export class Jaxpr {
  readonly constvars: readonly Var[];
  readonly invars: readonly Var[];
  readonly eqns: readonly Eqn[];
  readonly outvars: readonly Atom[];
  constructor(constvars: readonly Var[], invars: readonly Var[], eqns: readonly Eqn[], outvars: readonly Atom[]) {
    this.constvars = constvars;
    this.invars = invars;
    this.eqns = eqns;
    this.outvars = outvars;
  }
  /** Avals of the inputs. */
  get inAvals(): ShapedArray[] {
    return this.invars.map((v) => v.aval);
  }
  /** Avals of the outputs. */
  get outAvals(): ShapedArray[] {
    return this.outvars.map((v) => v.aval);
  }
  /** JAX-style listing: `{ lambda consts ; inputs . let eqns in (outputs) }`. */
  toString(): string {
    return printJaxpr(this, new Namer(), "");
  }
}

/** A program together with the values of its constants. @beta */
export class ClosedJaxpr {
  readonly jaxpr: Jaxpr;
  readonly consts: readonly Array[];
  constructor(jaxpr: Jaxpr, consts: readonly Array[]) {
    if (consts.length !== jaxpr.constvars.length) {
      throw new Error(`ClosedJaxpr: ${consts.length} constants for ${jaxpr.constvars.length} constant variables`);
    }
    this.jaxpr = jaxpr;
    this.consts = consts;
  }
  get inAvals(): ShapedArray[] {
    return this.jaxpr.inAvals;
  }
  get outAvals(): ShapedArray[] {
    return this.jaxpr.outAvals;
  }
  get eqns(): readonly Eqn[] {
    return this.jaxpr.eqns;
  }
  toString(): string {
    return this.jaxpr.toString();
  }
}

/** Assigns short names (a, b, …, z, ba, bb, …) to variables in order of appearance. */
class Namer {
  private readonly names = new Map<number, string>();
  name(v: Var): string {
    let n = this.names.get(v.id);
    if (n === undefined) {
      let k = this.names.size;
      n = "";
      do {
        n = String.fromCharCode(97 + (k % 26)) + n;
        k = Math.floor(k / 26);
      } while (k > 0);
      this.names.set(v.id, n);
    }
    return n;
  }
}

function atomText(a: Atom, namer: Namer): string {
  if (a instanceof Literal) {
    const v = typeof a.value === "boolean" ? String(a.value) : a.aval.dtype === "float32" || a.aval.dtype === "float64" ? (Number.isInteger(a.value) ? `${a.value}.0` : String(a.value)) : String(a.value);
    return `${v}:${formatAval(a.aval)}`;
  }
  return namer.name(a);
}

function binder(v: Var, namer: Namer): string {
  return `${namer.name(v)}:${formatAval(v.aval)}`;
}

function paramText(value: unknown, namer: Namer, indent: string): string {
  if (value instanceof ClosedJaxpr) return printJaxpr(value.jaxpr, namer, `${indent}    `);
  if (value instanceof Jaxpr) return printJaxpr(value, namer, `${indent}    `);
  if (globalThis.Array.isArray(value)) {
    if (value.some((x) => x instanceof ClosedJaxpr || x instanceof Jaxpr)) {
      return `(\n${value.map((x) => `${indent}      ${paramText(x, namer, `${indent}  `)}`).join("\n")}\n${indent}    )`;
    }
    return `(${value.map((x) => paramText(x, namer, indent)).join(",")}${value.length === 1 ? "," : ""})`;
  }
  if (typeof value === "function") return value.name || "<fn>";
  if (value !== null && typeof value === "object") {
    return `{${Object.entries(value).map(([k, v]) => `${k}=${paramText(v, namer, indent)}`).join(", ")}}`;
  }
  return String(value);
}

function printJaxpr(j: Jaxpr, namer: Namer, indent: string): string {
  const consts = j.constvars.map((v) => binder(v, namer)).join(" ");
  const ins = j.invars.map((v) => binder(v, namer)).join(" ");
  const lines = [`{ lambda ${consts}${consts ? " " : ""}; ${ins}. let`];
  for (const e of j.eqns) {
    const outs = e.outputs.map((v) => binder(v, namer)).join(" ");
    const params = Object.entries(e.params);
    const ptext = params.length === 0 ? "" : `[${params.map(([k, v]) => `${k}=${paramText(v, namer, indent)}`).join(" ")}]`;
    lines.push(`${indent}    ${outs} = ${e.primitive.name}${ptext} ${e.inputs.map((a) => atomText(a, namer)).join(" ")}`);
  }
  lines.push(`${indent}  in (${j.outvars.map((a) => atomText(a, namer)).join(", ")}${j.outvars.length === 1 ? "," : ""}) }`);
  return lines.join("\n");
}

/** Turns a program's constants into leading inputs, so callers pass them as ordinary operands. @beta */
export function closureConvert(closed: ClosedJaxpr): { jaxpr: Jaxpr; consts: readonly Array[] } {
  const j = closed.jaxpr;
  return { jaxpr: new Jaxpr([], [...j.constvars, ...j.invars], j.eqns, j.outvars), consts: closed.consts };
}

const EFFECTS = new WeakMap<Eqn, boolean>();

/**
 * True when evaluating `e` has side effects: its primitive is effectful (host callbacks, checked
 * errors) or a program in its params (a cond branch, a loop body, a jit body…) contains such an
 * equation. Program passes must keep these equations.
 * @beta
 */
export function hasEffects(e: Eqn): boolean {
  let v = EFFECTS.get(e);
  if (v === undefined) {
    v = e.primitive.def.effectful === true || Object.values(e.params).some(programHasEffects);
    EFFECTS.set(e, v);
  }
  return v;
}

function programHasEffects(p: unknown): boolean {
  if (p instanceof ClosedJaxpr) return p.jaxpr.eqns.some(hasEffects);
  if (p instanceof Jaxpr) return p.eqns.some(hasEffects);
  if (globalThis.Array.isArray(p)) return p.some(programHasEffects);
  return false;
}
