// WasmRenderer: turns a plain elementwise kernel into a WebAssembly SIMD module (4 lanes per
// iteration) assembled by kernel/render/wasmBinary.ts. It accepts kernels whose every op has a
// SIMD form with exactly the scalar semantics of kernel/scalar.ts, or, for float32 exp, expm1,
// log, log1p, tanh, sin and cos, a vectorised approximation within 1 ulp (kernel/render/wasmMath.ts);
// anything else gets `undefined` and stays on the JS renderer. Layer 4.

import type { DType } from "../../dtype/dtype.js";
import { constant } from "../build.js";
import type { AluOp, Exp, Kernel } from "../ir.js";
import { assembleModule, functionText, WasmCode, type WasmFunction, type WasmSimdOp, type WasmValType } from "./wasmBinary.js";
import { emitWasmMath, hasWasmMath, type WasmMathContext } from "./wasmMath.js";

/** Dtypes a wasm kernel computes in: float32 as f32x4, int32 as i32x4, bool as an i32x4 lane mask (all ones = true). */
type LaneDType = "float32" | "int32" | "bool";

const LANE_DTYPES: ReadonlySet<DType> = new Set<DType>(["float32", "int32", "bool"]);

/** An input read contiguously (`load(slot, dtype, gidx)`): copied into wasm memory at `offset`. @beta */
export interface WasmVectorInput {
  /** Input slot of the kernel. */
  readonly slot: number;
  /** Element dtype (bool inputs are bytes). */
  readonly dtype: LaneDType;
  /** Byte offset of the copy in the kernel's memory layout (16-byte aligned). */
  readonly offset: number;
}

/** An input element read at a constant index (a broadcast scalar): passed as a function parameter. @beta */
export interface WasmScalarInput {
  /** Input slot of the kernel. */
  readonly slot: number;
  /** The constant element index. */
  readonly index: number;
  /** Element dtype; a bool is passed as the i32 lane mask -1 (true) or 0 (false), a float32 as f32, an int32 as i32. */
  readonly dtype: LaneDType;
}

/**
 * A kernel rendered as a WebAssembly module. The module imports `env.memory` (and, for sin and
 * cos, `math.sin` / `math.cos`: JavaScript's Math functions) and exports `k(...scalars)`, which
 * reads the vector inputs from their offsets and writes `size` results (rounded up to a multiple
 * of 4 lanes: every region is padded to 16 bytes) at `outOffset`.
 * @beta
 */
export interface WasmKernelModule {
  /** The encoded module. */
  readonly bytes: Uint8Array;
  /** A text listing: the memory layout and the function in WAT-like form. */
  readonly text: string;
  /** Contiguous inputs, in copy order. */
  readonly vectors: readonly WasmVectorInput[];
  /** Broadcast scalar inputs, in parameter order. */
  readonly scalars: readonly WasmScalarInput[];
  /** Byte offset of the output region. */
  readonly outOffset: number;
  /** Bytes of memory the layout needs. */
  readonly memoryBytes: number;
}

/** Layouts larger than this stay on the JS renderer (addresses are i32 and memory is at most 4 GiB). */
const MAX_MEMORY_BYTES = 2 ** 31;

/** One SIMD instruction for `op` on operands of dtype `d`, where the spec semantics match exactly. */
const SIMPLE: Readonly<Record<string, WasmSimdOp>> = {
  "neg:float32": "f32x4.neg",
  "neg:int32": "i32x4.neg",
  "abs:float32": "f32x4.abs",
  "abs:int32": "i32x4.abs",
  "not:int32": "v128.not",
  "not:bool": "v128.not",
  "floor:float32": "f32x4.floor",
  "ceil:float32": "f32x4.ceil",
  "trunc:float32": "f32x4.trunc",
  "round:float32": "f32x4.nearest",
  "sqrt:float32": "f32x4.sqrt",
  "add:float32": "f32x4.add",
  "add:int32": "i32x4.add",
  "add:bool": "v128.or",
  "sub:float32": "f32x4.sub",
  "sub:int32": "i32x4.sub",
  "mul:float32": "f32x4.mul",
  "mul:int32": "i32x4.mul",
  "mul:bool": "v128.and",
  "div:float32": "f32x4.div",
  "max:float32": "f32x4.max",
  "max:int32": "i32x4.max_s",
  "max:bool": "v128.or",
  "min:float32": "f32x4.min",
  "min:int32": "i32x4.min_s",
  "min:bool": "v128.and",
  "lt:float32": "f32x4.lt",
  "lt:int32": "i32x4.lt_s",
  "le:float32": "f32x4.le",
  "le:int32": "i32x4.le_s",
  "eq:float32": "f32x4.eq",
  "eq:int32": "i32x4.eq",
  "eq:bool": "i32x4.eq",
  "ne:float32": "f32x4.ne",
  "ne:int32": "i32x4.ne",
  "ne:bool": "v128.xor",
  "and:int32": "v128.and",
  "and:bool": "v128.and",
  "or:int32": "v128.or",
  "or:bool": "v128.or",
  "xor:int32": "v128.xor",
  "xor:bool": "v128.xor",
};

/** Ops that are the identity on int32 (rounding an integer). */
const INT_IDENTITY: ReadonlySet<AluOp> = new Set<AluOp>(["floor", "ceil", "round", "trunc"]);

/** Ops with a short SIMD sequence of their own (see `emitOp`), keyed `op:operandDtype`. */
const COMPOSITE: ReadonlySet<string> = new Set([
  "sign:float32",
  "sign:int32",
  "isnan:float32",
  "isnan:int32",
  "lt:bool",
  "le:bool",
  "shl:int32",
  "shr:int32",
]);

const operandDtype = (e: Exp): DType => (e.op === "where" ? (e.args[1] as Exp).dtype : ((e.args[0] as Exp | undefined)?.dtype ?? e.dtype));

const isGidx = (e: Exp): boolean => e.op === "gidx";

/** Whether a float32 literal is exactly a float32 (the scalar spec computes with the literal as given). */
function exactLiteral(e: Exp): boolean {
  if (e.dtype === "float32") return Number.isNaN(e.arg) || Math.fround(e.arg) === e.arg;
  if (e.dtype === "int32") return (e.arg | 0) === e.arg;
  return e.dtype === "bool";
}

/** Checks that every node of the DAG has an exact SIMD rendering. */
class Qualifier {
  private readonly memo = new Map<string, boolean>();
  constructor(private readonly kernel: Kernel) {}

  ok(e: Exp): boolean {
    const hit = this.memo.get(e.key);
    if (hit !== undefined) return hit;
    const v = this.check(e);
    this.memo.set(e.key, v);
    return v;
  }

  private check(e: Exp): boolean {
    if (!LANE_DTYPES.has(e.dtype)) return false;
    switch (e.op) {
      case "const":
        return exactLiteral(e);
      case "gidx":
        return true;
      case "ridx":
      case "acc":
        return false;
      case "load": {
        const index = e.args[0] as Exp;
        if (this.kernel.inputs[e.arg] !== e.dtype) return false;
        return isGidx(index) || (index.op === "const" && Number.isInteger(index.arg) && index.arg >= 0);
      }
      case "cast": {
        const from = operandDtype(e);
        return LANE_DTYPES.has(from) && this.ok(e.args[0] as Exp);
      }
      case "where":
        return e.args.every((a) => this.ok(a));
      default: {
        const d = operandDtype(e);
        const key = `${e.op}:${d}`;
        const known =
          SIMPLE[key] !== undefined ||
          COMPOSITE.has(key) ||
          (d === "int32" && INT_IDENTITY.has(e.op)) ||
          (d === "float32" && hasWasmMath(e.op));
        if (!known || !e.args.every((a) => this.ok(a))) return false;
        // Shifts take one scalar amount in SIMD: only literal amounts qualify.
        if (e.op === "shl" || e.op === "shr") return (e.args[1] as Exp).op === "const";
        return true;
      }
    }
  }
}

const regionBytes = (size: number, dtype: LaneDType): number => {
  const lanes = Math.ceil(size / 4) * 4;
  const bytes = dtype === "bool" ? lanes : lanes * 4;
  return Math.ceil(bytes / 16) * 16;
};

/** Emits the DAG as SIMD code: shared nodes in locals, loop-invariant nodes hoisted before the loop. */
class Emitter {
  readonly pre = new WasmCode();
  readonly locals: WasmValType[] = [];
  readonly scalars: WasmScalarInput[] = [];
  /** The `Math` functions the code calls, imported as `math.<name>`: function indices 0, 1, … in this order. */
  readonly imports: ("sin" | "cos")[] = [];
  private readonly scalarParam = new Map<string, number>();
  private readonly uses = new Map<string, number>();
  private readonly bound = new Map<string, number>();
  private readonly invariantMemo = new Map<string, boolean>();
  /** Local holding the byte offset of the current 4-lane group (for 4-byte elements). */
  iLocal = -1;
  /** Local holding `i / 4` (the byte offset for bool inputs), when any bool input is read. */
  iqLocal = -1;
  /** Local holding the lane indices [g, g+1, g+2, g+3], when `gidx` is used as a value. */
  gidxLocal = -1;

  constructor(
    private readonly numParams: number,
    private readonly vectorOffset: ReadonlyMap<number, number>,
  ) {}

  /** Constants for the math sequences go through `value`, so they are hoisted and shared like literals. */
  private readonly mathContext: WasmMathContext = {
    f32: (code, v) => this.value(constant(v, "float32"), code),
    i32: (code, v) => this.value(constant(v, "int32"), code),
    f64: (code, v) => this.value(constant(v, "float64"), code),
    local: () => this.newLocal("v128"),
    importMath: (name) => {
      const at = this.imports.indexOf(name);
      if (at >= 0) return at;
      this.imports.push(name);
      return this.imports.length - 1;
    },
  };

  newLocal(t: WasmValType): number {
    this.locals.push(t);
    return this.numParams + this.locals.length - 1;
  }

  count(e: Exp): void {
    const n = (this.uses.get(e.key) ?? 0) + 1;
    this.uses.set(e.key, n);
    if (n === 1 && e.op !== "load") for (const a of e.args) this.count(a);
  }

  private invariant(e: Exp): boolean {
    let v = this.invariantMemo.get(e.key);
    if (v === undefined) {
      if (e.op === "gidx") v = false;
      else if (e.op === "load") v = !isGidx(e.args[0] as Exp);
      else v = e.args.every((a) => this.invariant(a));
      this.invariantMemo.set(e.key, v);
    }
    return v;
  }

  /** Pushes the value of `e` (4 lanes) onto the stack of `code`. */
  value(e: Exp, code: WasmCode): void {
    const bound = this.bound.get(e.key);
    if (bound !== undefined) {
      code.localGet(bound);
      return;
    }
    if (this.invariant(e)) {
      code.localGet(this.hoist(e));
      return;
    }
    this.emitNode(e, code);
    if ((this.uses.get(e.key) ?? 0) > 1) {
      const l = this.newLocal("v128");
      code.localTee(l);
      this.bound.set(e.key, l);
    }
  }

  /** Hoists an invariant node: computed once before the loop into a local. */
  private hoist(e: Exp): number {
    const bound = this.bound.get(e.key);
    if (bound !== undefined) return bound;
    this.emitNode(e, this.pre);
    const l = this.newLocal("v128");
    this.pre.localSet(l);
    this.bound.set(e.key, l);
    return l;
  }

  /** The local holding `e` (binding it first when needed), for sequences that read an operand twice. */
  private local(e: Exp, code: WasmCode): number {
    const bound = this.bound.get(e.key);
    if (bound !== undefined) return bound;
    if (this.invariant(e)) return this.hoist(e);
    this.emitNode(e, code);
    const l = this.newLocal("v128");
    code.localSet(l);
    this.bound.set(e.key, l);
    return l;
  }

  private emitConst(e: Exp, code: WasmCode): void {
    if (e.dtype === "float32") code.f32x4Const(e.arg);
    else if (e.dtype === "float64") code.f64x2Const(e.arg); // constants of the math sequences only
    else if (e.dtype === "int32") code.i32x4Const([e.arg, e.arg, e.arg, e.arg]);
    else {
      const m = e.arg !== 0 ? -1 : 0;
      code.i32x4Const([m, m, m, m]);
    }
  }

  private emitLoad(e: Exp, code: WasmCode): void {
    const index = e.args[0] as Exp;
    if (!isGidx(index)) {
      const key = `${e.arg}@${index.arg}`;
      let p = this.scalarParam.get(key);
      if (p === undefined) {
        p = this.scalars.length;
        this.scalars.push({ slot: e.arg, index: index.arg, dtype: e.dtype as LaneDType });
        this.scalarParam.set(key, p);
      }
      code.localGet(p).simd(e.dtype === "float32" ? "f32x4.splat" : "i32x4.splat");
      return;
    }
    const offset = this.vectorOffset.get(e.arg) as number;
    if (e.dtype === "bool") {
      // Four bytes → four u32 lanes → lane masks (a bool element is true when non-zero).
      code.localGet(this.iqLocal).simdMem("v128.load32_zero", offset, 2);
      code.simd("i16x8.extend_low_i8x16_u").simd("i32x4.extend_low_i16x8_u");
      this.value(constant(0, "int32"), code);
      code.simd("i32x4.ne");
      return;
    }
    code.localGet(this.iLocal).simdMem("v128.load", offset, 4);
  }

  private emitNode(e: Exp, code: WasmCode): void {
    switch (e.op) {
      case "const":
        this.emitConst(e, code);
        return;
      case "gidx":
        code.localGet(this.gidxLocal);
        return;
      case "load":
        this.emitLoad(e, code);
        return;
      case "cast":
        this.emitCast(e, code);
        return;
      case "where":
        this.value(e.args[1] as Exp, code);
        this.value(e.args[2] as Exp, code);
        this.value(e.args[0] as Exp, code);
        code.simd("v128.bitselect");
        return;
      default:
        this.emitOp(e, code);
    }
  }

  private emitCast(e: Exp, code: WasmCode): void {
    const x = e.args[0] as Exp;
    const from = x.dtype;
    const to = e.dtype;
    this.value(x, code);
    if (from === to) return;
    if (to === "bool") {
      // x != 0 (NaN is true, ±0 false).
      this.value(constant(0, from), code);
      code.simd(from === "float32" ? "f32x4.ne" : "i32x4.ne");
    } else if (from === "bool") {
      // mask & bits(1).
      this.value(constant(1, to), code);
      code.simd("v128.and");
    } else if (to === "int32") {
      // Truncation toward zero, saturating, NaN → 0: castScalar's rule.
      code.simd("i32x4.trunc_sat_f32x4_s");
    } else {
      // int32 → float32 rounds to nearest even, as Math.fround does.
      code.simd("f32x4.convert_i32x4_s");
    }
  }

  private emitOp(e: Exp, code: WasmCode): void {
    const d = operandDtype(e);
    const [a, b] = e.args as [Exp, Exp];
    if (d === "int32" && INT_IDENTITY.has(e.op)) {
      this.value(a, code);
      return;
    }
    const simple = SIMPLE[`${e.op}:${d}`];
    if (simple) {
      for (const arg of e.args) this.value(arg, code);
      code.simd(simple);
      return;
    }
    if (d === "float32" && hasWasmMath(e.op)) {
      emitWasmMath(e.op, this.mathContext, code, this.local(a, code));
      return;
    }
    switch (`${e.op}:${d}`) {
      case "sign:float32": {
        // x > 0 ? 1 : x < 0 ? -1 : x (NaN and ±0 stay).
        const x = this.local(a, code);
        this.value(constant(1, "float32"), code);
        this.value(constant(-1, "float32"), code);
        code.localGet(x);
        code.localGet(x);
        this.value(constant(0, "float32"), code);
        code.simd("f32x4.lt").simd("v128.bitselect");
        code.localGet(x);
        this.value(constant(0, "float32"), code);
        code.simd("f32x4.gt").simd("v128.bitselect");
        return;
      }
      case "sign:int32": {
        // (x > 0) & 1 | (x < 0): 1, -1 or 0.
        const x = this.local(a, code);
        code.localGet(x);
        this.value(constant(0, "int32"), code);
        code.simd("i32x4.gt_s");
        this.value(constant(1, "int32"), code);
        code.simd("v128.and");
        code.localGet(x);
        this.value(constant(0, "int32"), code);
        code.simd("i32x4.lt_s").simd("v128.or");
        return;
      }
      case "isnan:float32": {
        const x = this.local(a, code);
        code.localGet(x).localGet(x).simd("f32x4.ne");
        return;
      }
      case "isnan:int32":
        this.value(constant(false, "bool"), code);
        return;
      case "lt:bool":
        // a < b on {0, 1}: b & ~a.
        this.value(b, code);
        this.value(a, code);
        code.simd("v128.andnot");
        return;
      case "le:bool":
        // a <= b on {0, 1}: ~a | b.
        this.value(a, code);
        code.simd("v128.not");
        this.value(b, code);
        code.simd("v128.or");
        return;
      case "shl:int32": {
        // Amounts outside [0, 32) give 0 (kernel/scalar.ts).
        const s = b.arg;
        if (s < 0 || s >= 32) {
          this.value(constant(0, "int32"), code);
          return;
        }
        this.value(a, code);
        code.i32Const(s).simd("i32x4.shl");
        return;
      }
      case "shr:int32": {
        // Arithmetic shift; amounts outside [0, 32) shift by 31.
        const s = b.arg < 0 || b.arg >= 32 ? 31 : b.arg;
        this.value(a, code);
        code.i32Const(s).simd("i32x4.shr_s");
        return;
      }
      default:
        throw new Error(`wasm renderer: internal error — '${e.op}' on ${d} was accepted but has no rendering`);
    }
  }
}

/**
 * Renders `kernel` as a WebAssembly SIMD module, or returns undefined when the kernel does not
 * qualify: it must be a plain elementwise kernel (no reduction) with a float32 or int32 output,
 * every load contiguous (`load(slot, dtype, gidx)`) or at a constant index (a broadcast scalar),
 * every value float32, int32 or bool, and every op one whose SIMD form gives bit for bit the
 * result of `evalScalar` (add, sub, mul, div, sqrt, min, max, abs, neg, floor, ceil, trunc,
 * round, sign, comparisons, isnan, where, casts among float32/int32/bool, bitwise ops and shifts
 * by literal amounts on int32) or a float32 function approximated in SIMD within the ulps of
 * `WASM_MATH_ULPS` (exp, expm1, log, log1p, tanh, sin, cos: special values exact). NaN payloads
 * are not preserved (neither are they in JS).
 * @beta
 */
export function renderWasmKernel(kernel: Kernel): WasmKernelModule | undefined {
  if (kernel.reduction) return undefined;
  if (kernel.dtype !== "float32" && kernel.dtype !== "int32") return undefined;
  if (kernel.exp.dtype !== kernel.dtype) return undefined;
  if (!new Qualifier(kernel).ok(kernel.exp)) return undefined;

  // Memory layout: one padded region per contiguously read input, then the output.
  const vectors: WasmVectorInput[] = [];
  const vectorOffset = new Map<number, number>();
  let offset = 0;
  const seen = new Set<string>();
  let readsBool = false;
  let usesGidx = false;
  // Distinct broadcast loads: the function's parameters, numbered before the locals.
  const scalarKeys = new Set<string>();
  const visit = (e: Exp): void => {
    if (seen.has(e.key)) return;
    seen.add(e.key);
    if (e.op === "gidx") usesGidx = true;
    if (e.op === "load") {
      const index = e.args[0] as Exp;
      if (!isGidx(index)) scalarKeys.add(`${e.arg}@${index.arg}`);
      else if (!vectorOffset.has(e.arg)) {
        const dtype = e.dtype as LaneDType;
        vectors.push({ slot: e.arg, dtype, offset });
        vectorOffset.set(e.arg, offset);
        offset += regionBytes(kernel.size, dtype);
        if (dtype === "bool") readsBool = true;
      }
      return;
    }
    for (const a of e.args) visit(a);
  };
  visit(kernel.exp);
  const outOffset = offset;
  const memoryBytes = outOffset + regionBytes(kernel.size, kernel.dtype as LaneDType);
  if (memoryBytes > MAX_MEMORY_BYTES) return undefined;

  const numParams = scalarKeys.size;

  const em = new Emitter(numParams, vectorOffset);
  em.iLocal = em.newLocal("i32");
  if (readsBool) em.iqLocal = em.newLocal("i32");
  if (usesGidx) em.gidxLocal = em.newLocal("v128");
  em.count(kernel.exp);

  const body = new WasmCode();
  if (readsBool) body.localGet(em.iLocal).i32Const(2).op("i32.shr_u").localSet(em.iqLocal);
  body.localGet(em.iLocal);
  em.value(kernel.exp, body);
  body.simdMem("v128.store", outOffset, 4);
  if (usesGidx) {
    body.localGet(em.gidxLocal);
    em.value(constant(4, "int32"), body);
    body.simd("i32x4.add").localSet(em.gidxLocal);
  }
  const end = Math.ceil(kernel.size / 4) * 16;
  body.localGet(em.iLocal).i32Const(16).op("i32.add").localTee(em.iLocal).i32Const(end).op("i32.lt_u").brIf(0);

  const code = new WasmCode();
  if (kernel.size > 0) {
    if (usesGidx) code.i32x4Const([0, 1, 2, 3]).localSet(em.gidxLocal);
    code.append(em.pre);
    code.loop().append(body).end();
  }
  if (em.scalars.length !== numParams) throw new Error("wasm renderer: internal error — scalar parameters miscounted");
  const params: WasmValType[] = em.scalars.map((s) => (s.dtype === "float32" ? "f32" : "i32"));
  const fn: WasmFunction = { name: "k", params, results: [], locals: em.locals, code };
  const imports = em.imports.map((name) => ({ module: "math", name, params: ["f64" as const], results: ["f64" as const] }));
  const bytes = assembleModule({ memoryMinPages: 1, imports, functions: [fn] });

  const iterations = Math.ceil(kernel.size / 4);
  const header = [
    `;; wasm simd128 kernel: ${kernel.dtype}[${kernel.size}], 4 lanes per iteration, ${iterations} iteration${iterations === 1 ? "" : "s"}, ${bytes.length} bytes`,
    ...vectors.map((v) => `;; in${v.slot}: ${v.dtype}[${kernel.size}] copied to memory offset ${v.offset}`),
    ...em.scalars.map((s, i) => `;; $${i}: in${s.slot}[${s.index}] (${s.dtype}, broadcast)`),
    `;; out: ${kernel.dtype}[${kernel.size}] at memory offset ${outOffset}`,
    ...em.imports.map((name, i) => `;; call ${i}: imported math.${name} (Math.${name}, for lanes with |x| ≥ 2^24)`),
  ];
  return {
    bytes,
    text: `${header.join("\n")}\n${functionText(fn)}`,
    vectors,
    scalars: em.scalars,
    outOffset,
    memoryBytes,
  };
}
