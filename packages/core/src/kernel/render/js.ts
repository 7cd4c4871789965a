// JsRenderer: turns a kernel into the source of a specialised JavaScript function over typed
// arrays. Op spellings live in one table; other JS-like targets (gpu.js) subclass the renderer
// and override a few spellings.
// Layer 4.

import type { DType } from "../../dtype/dtype.js";
import type { AluOp, Exp, Kernel, ReduceOp } from "../ir.js";
import { castScalar, intPow, roundHalfEven } from "../scalar.js";

const isInt = (d: DType): boolean => d === "int32" || d === "uint32";

/** Helper functions that generated code may call as `h.<name>`; passed in when the code is compiled. @beta */
export const JS_HELPERS = {
  toI32: (x: number): number => castScalar("int32", x) as number,
  toU32: (x: number): number => castScalar("uint32", x) as number,
  idiv32: (a: number, b: number): number => (b === 0 ? -1 : Math.trunc(a / b) | 0),
  idivU32: (a: number, b: number): number => (b === 0 ? 4294967295 : Math.trunc(a / b) >>> 0),
  ipow32: (a: number, b: number): number => intPow("int32", a, b),
  ipowU32: (a: number, b: number): number => intPow("uint32", a, b),
  shl: (a: number, b: number): number => (b < 0 || b >= 32 ? 0 : a << b),
  shr32: (a: number, b: number): number => a >> (b < 0 || b >= 32 ? 31 : b),
  shrU32: (a: number, b: number): number => (b < 0 || b >= 32 ? 0 : a >>> b),
  rint: roundHalfEven as (x: number) => number,
};

/**
 * Wraps a JS-number expression to the value set of `dtype`. Integers wrap after every op;
 * float32 intermediates stay in float64 and are rounded once when stored (a typed-array store
 * rounds), which is exact for a single op and at least as accurate for fused chains — rounding
 * each intermediate with Math.fround costs more than half of a fused kernel's time. Explicit
 * casts to float32 still round.
 */
function wrap(d: DType, s: string): string {
  switch (d) {
    case "int32":
      return `(${s} | 0)`;
    case "uint32":
      return `(${s} >>> 0)`;
    default:
      return s;
  }
}

const MATH_UNARY: Partial<Record<AluOp, string>> = {
  floor: "Math.floor", ceil: "Math.ceil", trunc: "Math.trunc", exp: "Math.exp", expm1: "Math.expm1",
  log: "Math.log", log1p: "Math.log1p", sqrt: "Math.sqrt", cbrt: "Math.cbrt", sin: "Math.sin",
  cos: "Math.cos", tan: "Math.tan", asin: "Math.asin", acos: "Math.acos", atan: "Math.atan",
  sinh: "Math.sinh", cosh: "Math.cosh", tanh: "Math.tanh", asinh: "Math.asinh", acosh: "Math.acosh",
  atanh: "Math.atanh", abs: "Math.abs", round: "h.rint",
};

/**
 * Spells one ALU op in JavaScript. `d` is the operand dtype (of the first operand; of the
 * branches for `where`), `to` the result dtype, `a` the rendered operands.
 * @beta
 */
export function renderJsOp(op: AluOp, d: DType, to: DType, a: readonly string[]): string {
  const [x = "", y = "", z = ""] = a;
  const mathFn = MATH_UNARY[op];
  if (mathFn) return d === "bool" ? x : wrap(d, `${mathFn}(${x})`);
  switch (op) {
    case "cast":
      if (to === "bool") return d === "bool" ? x : `(${x} !== 0)`;
      if (d === "bool") return `(${x} ? 1 : 0)`;
      if (to === "int32") return d === "uint32" ? `(${x} | 0)` : isInt(d) ? x : `h.toI32(${x})`;
      if (to === "uint32") return d === "int32" ? `(${x} >>> 0)` : isInt(d) ? x : `h.toU32(${x})`;
      return to === "float32" && d !== "float32" ? `Math.fround(${x})` : x;
    case "neg":
      return wrap(d, `(-${x})`);
    case "not":
      return d === "bool" ? `!${x}` : wrap(d, `(~${x})`);
    case "sign":
      return `(${x} > 0 ? 1 : ${x} < 0 ? -1 : ${x})`;
    case "isnan":
      return `(${x} !== ${x})`;
    case "add":
      return d === "bool" ? `(${x} || ${y})` : wrap(d, `(${x} + ${y})`);
    case "sub":
      return wrap(d, `(${x} - ${y})`);
    case "mul":
      if (d === "bool") return `(${x} && ${y})`;
      return isInt(d) ? wrap(d, `Math.imul(${x}, ${y})`) : wrap(d, `(${x} * ${y})`);
    case "div":
      if (d === "int32") return `h.idiv32(${x}, ${y})`;
      if (d === "uint32") return `h.idivU32(${x}, ${y})`;
      return wrap(d, `(${x} / ${y})`);
    case "rem":
      return isInt(d) ? `(${y} === 0 ? ${x} : ${wrap(d, `(${x} % ${y})`)})` : wrap(d, `(${x} % ${y})`);
    case "pow":
      if (d === "int32") return `h.ipow32(${x}, ${y})`;
      if (d === "uint32") return `h.ipowU32(${x}, ${y})`;
      return wrap(d, `Math.pow(${x}, ${y})`);
    case "max":
      return d === "bool" ? `(${x} || ${y})` : `Math.max(${x}, ${y})`;
    case "min":
      return d === "bool" ? `(${x} && ${y})` : `Math.min(${x}, ${y})`;
    case "atan2":
      return wrap(d, `Math.atan2(${x}, ${y})`);
    case "lt":
      return `(${x} < ${y})`;
    case "le":
      return `(${x} <= ${y})`;
    case "eq":
      return d === "bool" ? `(!${x} === !${y})` : `(${x} === ${y})`;
    case "ne":
      return d === "bool" ? `(!${x} !== !${y})` : `(${x} !== ${y})`;
    case "and":
      return d === "bool" ? `(${x} && ${y})` : wrap(d, `(${x} & ${y})`);
    case "or":
      return d === "bool" ? `(${x} || ${y})` : wrap(d, `(${x} | ${y})`);
    case "xor":
      return d === "bool" ? `(!${x} !== !${y})` : wrap(d, `(${x} ^ ${y})`);
    case "shl":
      return wrap(d, `h.shl(${x}, ${y})`);
    case "shr":
      return d === "uint32" ? `h.shrU32(${x}, ${y})` : `h.shr32(${x}, ${y})`;
    case "where":
      return `(${x} ? ${y} : ${z})`;
    default:
      throw new Error(`renderJsOp: '${op}' is not an ALU operation`);
  }
}

/** Spells a literal as JavaScript (NaN, ±Infinity and -0 included). */
function jsLiteral(e: Exp): string {
  if (e.dtype === "bool") return e.arg !== 0 ? "true" : "false";
  const v = e.arg;
  if (Number.isNaN(v)) return "NaN";
  if (v === Infinity) return "Infinity";
  if (v === -Infinity) return "(-Infinity)";
  if (Object.is(v, -0)) return "(-0)";
  return v < 0 ? `(${v})` : String(v);
}

/**
 * The JavaScript renderer: how a JS-like target spells ALU ops, loads, literals and reduction
 * steps, and the kernel skeleton (one loop over output elements) built from them. Other JS-like
 * targets subclass it and override a few spellings (backend-gpujs: `this.thread.x` as the output
 * index, float-only arithmetic); the expression walk ({@link JsExpEmitter}) is shared.
 * @beta
 */
export class JsRenderer {
  /** Spells one ALU op; the default is {@link renderJsOp}. */
  op(op: AluOp, d: DType, to: DType, args: readonly string[]): string {
    return renderJsOp(op, d, to, args);
  }

  /** Spells a read of input buffer `slot` (of `dtype`) at the rendered flat `index`. */
  load(slot: number, _dtype: DType, index: string): string {
    return `in${slot}[${index}]`;
  }

  /** Spells a literal. */
  literal(e: Exp): string {
    return jsLiteral(e);
  }

  /** The accumulator's initial value for a reduction over values of dtype `d`. */
  reduceInit(op: ReduceOp, _d: DType): string {
    return op === "sum" ? "0" : op === "prod" ? "1" : op === "max" || op === "argmax" ? "-Infinity" : "Infinity";
  }

  /**
   * One reduction step as a statement: folds `v` (dtype `d`) into `acc`; arg-reductions also keep
   * the extremum in `best` and store the position `ridx` in `acc` (first extremum wins, NaN beats all).
   */
  reduceUpdate(op: ReduceOp, d: DType): string {
    switch (op) {
      case "sum":
        return `acc = ${isInt(d) ? wrap(d, `(acc + v)`) : "acc + v"};`;
      case "prod":
        return `acc = ${isInt(d) ? wrap(d, "Math.imul(acc, v)") : "acc * v"};`;
      case "max":
        return "acc = Math.max(acc, v);";
      case "min":
        return "acc = Math.min(acc, v);";
      case "argmax":
        return "if (v > best || (v !== v && best === best)) { best = v; acc = ridx; }";
      case "argmin":
        return "if (v < best || (v !== v && best === best)) { best = v; acc = ridx; }";
    }
  }

  /** A fresh expression emitter that spells with this renderer. */
  emitter(): JsExpEmitter {
    return new JsExpEmitter(this);
  }

  /**
   * Renders `kernel` as the body of `function (ins, out, h)`: one loop over output elements, an
   * inner loop for reductions, typed-array locals and no closures per element.
   */
  renderKernel(kernel: Kernel): string {
    const lines: string[] = [];
    kernel.inputs.forEach((_, i) => lines.push(`const in${i} = ins[${i}];`));
    const em = this.emitter();
    em.count(kernel.exp);
    const red = kernel.reduction;
    if (!red) {
      const value = em.emit(kernel.exp);
      lines.push(`for (let gidx = 0; gidx < ${kernel.size}; gidx++) {`);
      lines.push(...em.outer.map((l) => `  ${l}`));
      lines.push(`  out[gidx] = ${value};`);
      lines.push("}");
      return lines.join("\n");
    }
    const v = em.emit(kernel.exp);
    const d = kernel.exp.dtype;
    const isArg = red.op === "argmax" || red.op === "argmin";
    const init = this.reduceInit(red.op, d);
    const epi = this.emitter();
    if (red.epilogue) epi.count(red.epilogue);
    const result = red.epilogue ? epi.emit(red.epilogue) : "acc";
    lines.push(`for (let gidx = 0; gidx < ${kernel.size}; gidx++) {`);
    lines.push(...em.outer.map((l) => `  ${l}`));
    lines.push(isArg ? `  let acc = 0; let best = ${init};` : `  let acc = ${init};`);
    lines.push(`  for (let ridx = 0; ridx < ${red.size}; ridx++) {`);
    lines.push(...em.inner.map((l) => `    ${l}`));
    lines.push(`    const v = ${v};`);
    lines.push(`    ${this.reduceUpdate(red.op, d)}`);
    lines.push("  }");
    lines.push(...epi.outer.map((l) => `  ${l}`), ...epi.inner.map((l) => `  ${l}`));
    lines.push(`  out[gidx] = ${result};`);
    lines.push("}");
    return lines.join("\n");
  }
}

/**
 * Emits an expression DAG as source through a {@link JsRenderer}: subexpressions used more than
 * once are bound to `const tN` locals, in `outer` (independent of `ridx`, hoisted out of the
 * reduction loop) or `inner` (inside it); `emit` returns the expression for the root.
 * @beta
 */
export class JsExpEmitter {
  private readonly renderer: JsRenderer;
  private readonly uses = new Map<string, number>();
  private readonly names = new Map<string, string>();
  private counter = 0;
  /** Local bindings that do not depend on `ridx`, in dependency order. */
  readonly outer: string[] = [];
  /** Local bindings that depend on `ridx`, in dependency order. */
  readonly inner: string[] = [];

  constructor(renderer: JsRenderer) {
    this.renderer = renderer;
  }

  /** Counts uses of every subexpression of `e` (call once per root before `emit`). */
  count(e: Exp): void {
    const n = (this.uses.get(e.key) ?? 0) + 1;
    this.uses.set(e.key, n);
    if (n === 1) for (const a of e.args) this.count(a);
  }

  /** Returns source for `e`, binding shared subexpressions; `acc` leaves are spelled `accName`. */
  emit(e: Exp, accName = "acc"): string {
    const bound = this.names.get(e.key);
    if (bound) return bound;
    let code: string;
    switch (e.op) {
      case "const":
        return this.renderer.literal(e);
      case "gidx":
        return "gidx";
      case "ridx":
        return "ridx";
      case "acc":
        return accName;
      case "load":
        code = this.renderer.load(e.arg, e.dtype, this.emit(e.args[0] as Exp, accName));
        break;
      default: {
        const args = e.args.map((a) => this.emit(a, accName));
        const d = e.op === "where" ? (e.args[1] as Exp).dtype : (e.args[0] as Exp).dtype;
        code = this.renderer.op(e.op, d, e.dtype, args);
      }
    }
    if ((this.uses.get(e.key) ?? 0) > 1) {
      const name = `t${this.counter++}`;
      (e.dependsOnRidx ? this.inner : this.outer).push(`const ${name} = ${code};`);
      this.names.set(e.key, name);
      return name;
    }
    return code;
  }
}

const JS_RENDERER = new JsRenderer();

/**
 * Renders `kernel` as the body of `function (ins, out, h)`: one loop over output elements, an
 * inner loop for reductions, typed-array locals and no closures per element.
 * @beta
 */
export function renderJsKernel(kernel: Kernel): string {
  return JS_RENDERER.renderKernel(kernel);
}
