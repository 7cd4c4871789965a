// The gpu.js dialect of core's JsRenderer: a kernel becomes the source of one gpu.js kernel
// function (`this.thread.x` is the output index, one return per element). Only the spellings that
// differ from plain JavaScript are overridden: gpu.js computes in float32 and has no bitwise ops.

import { Exp, JsRenderer, K, type AluOp, type DType, type Kernel, type ReduceOp } from "@brainstate/core/extend";

const isInt = (d: DType): boolean => d === "int32" || d === "uint32";

/**
 * Ops gpu.js cannot compute exactly on integers (it has no integer type on GL/WebGPU and float32
 * is exact only up to 2^24): kernels that apply them to int32/uint32 run on the host.
 * @beta
 */
export const HOST_ONLY_INTEGER_OPS: readonly AluOp[] = ["and", "or", "xor", "not", "shl", "shr", "pow"];

/**
 * Scalar arguments appended to every kernel that needs them: special values are never written as
 * literals (GL and WGSL fold a literal `x / 0` to 0, and have no spelling for NaN or ±Infinity).
 */
const SPECIALS = {
  c_pinf: Infinity,
  c_ninf: -Infinity,
  c_nan: NaN,
  c_zero: 0,
} as const;

type SpecialName = keyof typeof SPECIALS;

/**
 * Helper functions the generated kernels call: integer division and remainder with JS semantics
 * computed exactly in float32 (a correction step absorbs the rounding of `a / b`), JS's truncated
 * float remainder, NaN-propagating max/min for shaders (GLSL and WGSL max/min return the other
 * operand when one is NaN; JS and JAX propagate NaN) and round-half-to-even. The backend registers
 * them once per gpu.js instance with explicit float types (`gpu.addFunction`): declared inside a
 * kernel, gpu.js 2.24.1 infers their types from the call sites and then rejects declarations such
 * as `const t = (h(x) * 2.0)` ("Identifier is not defined").
 * @beta
 */
export const GPUJS_HELPERS: Readonly<Record<string, { readonly source: string; readonly params: readonly string[] }>> = {
  idiv: {
    params: ["a", "b"],
    source: [
      "function idiv(a, b) {",
      "  if (b == 0.0) { return -1.0; }",
      "  const aa = Math.abs(a); const bb = Math.abs(b);",
      "  let q = Math.floor(aa / bb);",
      "  if ((q + 1.0) * bb <= aa) { q = q + 1.0; }",
      "  if (q * bb > aa) { q = q - 1.0; }",
      "  if ((a < 0.0) != (b < 0.0)) { return -q; }",
      "  return q;",
      "}",
    ].join("\n"),
  },
  irem: { params: ["a", "b"], source: ["function irem(a, b) {", "  if (b == 0.0) { return a; }", "  return a - b * idiv(a, b);", "}"].join("\n") },
  frem: { params: ["a", "b"], source: ["function frem(a, b) {", "  return a - b * Math.trunc(a / b);", "}"].join("\n") },
  fmax: { params: ["a", "b"], source: ["function fmax(a, b) {", "  if (a != a) { return a; }", "  if (b != b) { return b; }", "  return Math.max(a, b);", "}"].join("\n") },
  fmin: { params: ["a", "b"], source: ["function fmin(a, b) {", "  if (a != a) { return a; }", "  if (b != b) { return b; }", "  return Math.min(a, b);", "}"].join("\n") },
  // GLSL's pow is NaN for a negative base; JS gives ±|a|^b for an integral exponent.
  fpow: {
    params: ["a", "b"],
    source: [
      "function fpow(a, b) {",
      "  if (a >= 0.0) { return Math.pow(a, b); }",
      "  if (Math.floor(b) != b) { return Math.pow(a, b); }",
      "  if (b - 2.0 * Math.floor(b * 0.5) == 0.0) { return Math.pow(-a, b); }",
      "  return -Math.pow(-a, b);",
      "}",
    ].join("\n"),
  },
  // GLSL computes cbrt as pow(a, 1/3): NaN for a negative a.
  fcbrt: {
    params: ["a"],
    source: ["function fcbrt(a) {", "  if (a < 0.0) { return -Math.pow(-a, 0.3333333333333333); }", "  return Math.pow(a, 0.3333333333333333);", "}"].join("\n"),
  },
  rint: {
    params: ["u"],
    source: [
      "function rint(u) {",
      "  const f = Math.floor(u);",
      "  if (u - f > 0.5) { return f + 1.0; }",
      "  if (u - f < 0.5) { return f; }",
      "  if (f - 2.0 * Math.floor(f * 0.5) == 0.0) { return f; }",
      "  return f + 1.0;",
      "}",
    ].join("\n"),
  },
};

/** A kernel rendered for gpu.js. @beta */
export interface GpujsSource {
  /** The `function (in0, …, c_…) { … }` source handed to `gpu.createKernel`. */
  readonly source: string;
  /** Names of the helper functions it calls (see {@link GPUJS_HELPERS}). */
  readonly helpers: readonly string[];
  /** Names of the special-value arguments after the inputs, in order. */
  readonly specialNames: readonly string[];
  /** Their values, in the same order. */
  readonly specialValues: readonly number[];
  /** Iterations of the inner (reduction) loop: `loopMaxIterations` is set to exactly this. */
  readonly loopIterations: number;
}

/**
 * The gpu.js renderer: core's `JsRenderer` with an override table. Values are float32 on
 * every gpu.js mode, so bools are 0/1 floats, integer arithmetic is float arithmetic (the backend
 * only sends integer kernels here when every intermediate stays within ±2^24), literals are float
 * literals, and special values arrive as scalar arguments.
 * @beta
 */
export class GpujsRenderer extends JsRenderer {
  private readonly usedHelpers = new Set<string>();
  private readonly usedSpecials = new Set<SpecialName>();
  private readonly shader: boolean;

  /**
   * `shader`: the kernel runs as a GLSL or WGSL shader (headlessgl, webgl, webgl2, webgpu), whose
   * max/min drop NaN; min and max then go through NaN-propagating helpers.
   */
  constructor(options: { readonly shader?: boolean } = {}) {
    super();
    this.shader = options.shader ?? false;
  }

  private maxMin(op: "max" | "min", x: string, y: string): string {
    return this.shader ? this.helper(op === "max" ? "fmax" : "fmin", x, y) : `Math.${op}(${x}, ${y})`;
  }

  /** Why `kernel` cannot run as a gpu.js kernel at all (whatever its values), or null. */
  static hostOnlyReason(kernel: Kernel): string | null {
    const seen = new Set<Exp>();
    let reason: string | null = null;
    const visit = (e: Exp): void => {
      if (reason !== null || seen.has(e)) return;
      seen.add(e);
      const operand = e.op === "where" ? e.args[1] : e.args[0];
      if (operand && isInt(operand.dtype) && HOST_ONLY_INTEGER_OPS.includes(e.op)) {
        reason = `'${e.op}' on ${operand.dtype} (gpu.js has no integer ${e.op === "pow" ? "power" : "bitwise operations"})`;
        return;
      }
      e.args.forEach(visit);
    };
    visit(kernel.exp);
    if (kernel.reduction?.epilogue) visit(kernel.reduction.epilogue);
    if (reason === null && kernel.reduction?.op === "prod" && isInt(kernel.reduction.accDtype)) {
      reason = `an integer product reduction (wraps modulo 2^32 on the host; float32 cannot)`;
    }
    return reason;
  }

  override op(op: AluOp, d: DType, to: DType, a: readonly string[]): string {
    const [x = "", y = "", z = ""] = a;
    switch (op) {
      case "cast":
        if (to === "bool") return d === "bool" ? x : `(${x} != 0.0 ? 1.0 : 0.0)`;
        if (d === "bool" || !isInt(to) || isInt(d)) return x;
        return `Math.trunc(${x})`;
      case "not":
        return `(1.0 - ${x})`;
      case "isnan":
        return `(${x} != ${x} ? 1.0 : 0.0)`;
      case "sign":
        return `(${x} > 0.0 ? 1.0 : (${x} < 0.0 ? -1.0 : ${x}))`;
      case "round":
        return d === "bool" ? x : this.helper("rint", x);
      case "pow":
        return this.shader ? this.helper("fpow", x, y) : `Math.pow(${x}, ${y})`;
      case "cbrt":
        return this.shader ? this.helper("fcbrt", x) : `Math.cbrt(${x})`;
      case "lt":
        return `(${x} < ${y} ? 1.0 : 0.0)`;
      case "le":
        return `(${x} <= ${y} ? 1.0 : 0.0)`;
      case "eq":
        return `(${x} == ${y} ? 1.0 : 0.0)`;
      case "ne":
        return `(${x} != ${y} ? 1.0 : 0.0)`;
      case "where":
        return `(${x} > 0.5 ? ${y} : ${z})`;
      case "and":
        return `(${x} * ${y})`;
      case "or":
        return `Math.max(${x}, ${y})`;
      case "xor":
        return `Math.abs(${x} - ${y})`;
      case "add":
        return d === "bool" ? `Math.max(${x}, ${y})` : `(${x} + ${y})`;
      case "mul":
        return `(${x} * ${y})`;
      case "max":
        return this.maxMin("max", x, y);
      case "min":
        return this.maxMin("min", x, y);
      case "div":
        return isInt(d) ? this.helper("idiv", x, this.divisor(y)) : `(${x} / ${this.divisor(y)})`;
      case "rem":
        return this.helper(isInt(d) ? "irem" : "frem", x, this.divisor(y));
      default:
        // Everything else is spelled as in JavaScript, computed as float (bools are 0/1 floats).
        return super.op(op, isInt(d) ? "float32" : d, isInt(to) ? "float32" : to, a);
    }
  }

  override literal(e: Exp): string {
    const v = e.arg;
    if (Number.isNaN(v)) return this.special("c_nan");
    if (v === Infinity) return this.special("c_pinf");
    if (v === -Infinity) return this.special("c_ninf");
    if (Object.is(v, -0)) return "(-0.0)";
    const s = Number.isInteger(v) && Math.abs(v) < 1e21 ? v.toFixed(1) : String(v);
    return v < 0 ? `(${s})` : s;
  }

  override reduceInit(op: ReduceOp, _d: DType): string {
    if (op === "sum") return "0.0";
    if (op === "prod") return "1.0";
    return this.special(op === "max" || op === "argmax" ? "c_ninf" : "c_pinf");
  }

  override reduceUpdate(op: ReduceOp, d: DType): string {
    switch (op) {
      case "sum":
        return d === "bool" ? "acc = Math.max(acc, v);" : "acc = acc + v;";
      case "prod":
        return "acc = acc * v;";
      case "max":
        return `acc = ${this.maxMin("max", "acc", "v")};`;
      case "min":
        return `acc = ${this.maxMin("min", "acc", "v")};`;
      case "argmax":
        return "if (v > best || (v != v && best == best)) { best = v; acc = ridx; }";
      case "argmin":
        return "if (v < best || (v != v && best == best)) { best = v; acc = ridx; }";
    }
  }

  /** A literal zero divisor becomes the runtime argument `c_zero` (GL folds a literal `x / 0` to 0). */
  private divisor(y: string): string {
    return y === "0.0" || y === "(-0.0)" ? (y === "0.0" ? this.special("c_zero") : `(-${this.special("c_zero")})`) : y;
  }

  private helper(name: string, ...args: string[]): string {
    this.usedHelpers.add(name);
    if (name === "irem") this.usedHelpers.add("idiv");
    return `${name}(${args.join(", ")})`;
  }

  private special(name: SpecialName): string {
    this.usedSpecials.add(name);
    return name;
  }

  /**
   * Renders `kernel` as one gpu.js kernel function. Shapes, strides and the reduction bound are
   * literals; the inner loop counts from 0 with a literal bound (WGSL rejects other counters).
   */
  renderGpujs(original: Kernel): GpujsSource {
    const kernel = rewriteForShaders(original);
    // Indices are floats like every other value: GLSL rejects a ternary mixing int and float.
    const body: string[] = ["  const gidx = this.thread.x * 1.0;"];
    const em = this.emitter();
    em.count(kernel.exp);
    const red = kernel.reduction;
    if (red) hoistLoopInvariants(kernel.exp, (e) => em.count(e));
    const value = em.emit(kernel.exp);
    body.push(...em.outer.map((l) => `  ${l}`));
    if (!red) {
      body.push(`  return ${value};`);
    } else {
      const d = kernel.exp.dtype;
      const isArg = red.op === "argmax" || red.op === "argmin";
      const init = this.reduceInit(red.op, d);
      body.push(isArg ? `  let acc = 0.0; let best = ${init};` : `  let acc = ${init};`);
      body.push(`  for (let r = 0; r < ${red.size}; r++) {`, "    const ridx = r * 1.0;");
      body.push(...em.inner.map((l) => `    ${l}`));
      body.push(`    const v = ${value};`);
      body.push(`    ${this.reduceUpdate(red.op, d)}`);
      body.push("  }");
      const epi = this.emitter();
      if (red.epilogue) epi.count(red.epilogue);
      const result = red.epilogue ? epi.emit(red.epilogue) : "acc";
      body.push(...epi.outer.map((l) => `  ${l}`), ...epi.inner.map((l) => `  ${l}`));
      body.push(`  return ${result};`);
    }
    const helpers = Object.keys(GPUJS_HELPERS).filter((h) => this.usedHelpers.has(h));
    const specialNames = (Object.keys(SPECIALS) as SpecialName[]).filter((n) => this.usedSpecials.has(n));
    const params = [...kernel.inputs.map((_, i) => `in${i}`), ...specialNames];
    const source = [`function (${params.join(", ")}) {`, ...body, "}"].join("\n");
    return {
      source,
      helpers,
      specialNames,
      specialValues: specialNames.map((n) => SPECIALS[n]),
      loopIterations: red?.size ?? 0,
    };
  }
}

/** The largest finite float32. */
const FLT_MAX = 3.4028234663852886e38;

/**
 * Rewrites what shader compilers break. `isnan(x - x)` (core's `isfinite`) becomes
 * `!(|x| <= FLT_MAX)`: GLSL and WGSL compilers fold `x - x` to 0 (measured on Dawn → Mesa), which
 * makes every value finite.
 */
function rewriteForShaders(kernel: Kernel): Kernel {
  const memo = new Map<Exp, Exp>();
  const visit = (e: Exp): Exp => {
    const hit = memo.get(e);
    if (hit) return hit;
    let out: Exp;
    const [a] = e.args;
    if (e.op === "isnan" && a && a.op === "sub" && a.args[0] && a.args[0].key === a.args[1]?.key) {
      const x = visit(a.args[0]);
      out = K.unary("not", K.le(K.unary("abs", x), K.constant(FLT_MAX, x.dtype)));
    } else {
      const args = e.args.map(visit);
      out = args.every((n, i) => n === e.args[i]) ? e : new Exp(e.op, e.dtype, args, e.arg);
    }
    memo.set(e, out);
    return out;
  };
  const red = kernel.reduction;
  return {
    ...kernel,
    exp: visit(kernel.exp),
    ...(red ? { reduction: { ...red, ...(red.epilogue ? { epilogue: visit(red.epilogue) } : {}) } } : {}),
  };
}

/**
 * Marks every operand that does not depend on `ridx` but feeds a node that does (the row index of
 * a matmul, a broadcast offset) as used twice, so the shared emitter binds it once before the
 * reduction loop instead of recomputing it on every iteration.
 */
function hoistLoopInvariants(root: Exp, countAgain: (e: Exp) => void): void {
  const seen = new Set<Exp>();
  const visit = (e: Exp): void => {
    if (seen.has(e) || !e.dependsOnRidx) return;
    seen.add(e);
    for (const a of e.args) {
      if (a.dependsOnRidx) visit(a);
      else if (a.args.length > 0) countAgain(a);
    }
  };
  visit(root);
}

/**
 * Renders a kernel for gpu.js (a fresh renderer per kernel: it records the helpers it used);
 * `shader` as in {@link GpujsRenderer}'s constructor.
 * @beta
 */
export function renderGpujsKernel(kernel: Kernel, options: { readonly shader?: boolean } = {}): GpujsSource {
  return new GpujsRenderer(options).renderGpujs(kernel);
}
