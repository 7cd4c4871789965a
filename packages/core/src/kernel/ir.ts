// The backend-neutral kernel IR: per output element, a scalar expression over loads from input
// buffers, optionally reduced over an inner index. Every backend compiles exactly this.
// Layer 4: imports only dtype/, util/ and errors/.

import type { DType } from "../dtype/dtype.js";

/**
 * The closed set of scalar operations of the kernel IR.
 * Leaves: `const` (a literal), `gidx` (output element index), `ridx` (reduction index),
 * `acc` (the reduction accumulator, in epilogues only), `load` (read input buffer `arg` at `args[0]`).
 * @beta
 */
export type AluOp =
  | "const"
  | "gidx"
  | "ridx"
  | "acc"
  | "load"
  // unary
  | "neg"
  | "not"
  | "abs"
  | "sign"
  | "floor"
  | "ceil"
  | "round"
  | "trunc"
  | "exp"
  | "expm1"
  | "log"
  | "log1p"
  | "sqrt"
  | "cbrt"
  | "sin"
  | "cos"
  | "tan"
  | "asin"
  | "acos"
  | "atan"
  | "sinh"
  | "cosh"
  | "tanh"
  | "asinh"
  | "acosh"
  | "atanh"
  | "isnan"
  | "cast"
  // binary
  | "add"
  | "sub"
  | "mul"
  | "div"
  | "rem"
  | "pow"
  | "max"
  | "min"
  | "atan2"
  | "lt"
  | "le"
  | "eq"
  | "ne"
  | "and"
  | "or"
  | "xor"
  | "shl"
  | "shr"
  // ternary
  | "where";

/** Unary ops (besides `cast`, which carries a target dtype). @beta */
export const UNARY_OPS: readonly AluOp[] = [
  "neg", "not", "abs", "sign", "floor", "ceil", "round", "trunc", "exp", "expm1", "log", "log1p",
  "sqrt", "cbrt", "sin", "cos", "tan", "asin", "acos", "atan", "sinh", "cosh", "tanh", "asinh",
  "acosh", "atanh", "isnan",
];

/** Binary ops. Comparisons (`lt`, `le`, `eq`, `ne`) produce bool. @beta */
export const BINARY_OPS: readonly AluOp[] = [
  "add", "sub", "mul", "div", "rem", "pow", "max", "min", "atan2", "lt", "le", "eq", "ne", "and",
  "or", "xor", "shl", "shr",
];

/**
 * One node of a kernel expression. Immutable; build nodes with the helpers in `kernel/build.ts`,
 * which fold constants and keep index arithmetic small.
 * @beta
 */
export class Exp {
  /** The operation. */
  readonly op: AluOp;
  /** Result dtype. */
  readonly dtype: DType;
  /** Operands. */
  readonly args: readonly Exp[];
  /** Literal value (`const`), input slot (`load`) or unused. */
  readonly arg: number;
  private keyMemo: string | undefined;
  private ridxMemo: boolean | undefined;

  constructor(op: AluOp, dtype: DType, args: readonly Exp[] = [], arg = 0) {
    this.op = op;
    this.dtype = dtype;
    this.args = args;
    this.arg = arg;
  }

  /**
   * A structural key: equal keys mean equal expressions (used for caching and CSE). It names the
   * operands by interned ids, so its length does not grow with the size of the expression DAG.
   */
  get key(): string {
    if (this.keyMemo === undefined) {
      const head = this.op === "const" ? `${this.dtype}:${Object.is(this.arg, -0) ? "-0" : this.arg}` : `${this.op}:${this.dtype}${this.op === "load" ? `@${this.arg}` : ""}`;
      this.keyMemo = this.args.length === 0 ? head : `${head}(${this.args.map((a) => structuralId(a.key)).join(",")})`;
    }
    return this.keyMemo;
  }

  /** True when the expression reads `ridx` somewhere (it must then be evaluated inside the reduction loop). */
  get dependsOnRidx(): boolean {
    if (this.ridxMemo === undefined) this.ridxMemo = this.op === "ridx" || this.args.some((a) => a.dependsOnRidx);
    return this.ridxMemo;
  }
}

// Structural ids: one per distinct key string. Ids are never reused, so forgetting the table
// (to bound memory) only makes later identical expressions miss caches, never collide.
const STRUCTURAL_IDS = new Map<string, number>();
const STRUCTURAL_ID_LIMIT = 1_000_000;
let nextStructuralId = 0;

function structuralId(key: string): number {
  let id = STRUCTURAL_IDS.get(key);
  if (id === undefined) {
    if (STRUCTURAL_IDS.size >= STRUCTURAL_ID_LIMIT) STRUCTURAL_IDS.clear();
    id = nextStructuralId++;
    STRUCTURAL_IDS.set(key, id);
  }
  return id;
}

/** Reductions a kernel can perform over its inner index. @beta */
export type ReduceOp = "sum" | "prod" | "max" | "min" | "argmax" | "argmin";

/**
 * A kernel: `size` output elements of dtype `dtype`; element `gidx` is `exp`, or — with a
 * reduction — `epilogue(reduce_{ridx < reduction.size} exp)`.
 * @beta
 */
export interface Kernel {
  /** Dtypes of the input buffers, by slot. */
  readonly inputs: readonly DType[];
  /** Number of output elements. */
  readonly size: number;
  /** Output dtype. */
  readonly dtype: DType;
  /** The per-element expression (or per-(element, ridx) for a reduction). */
  readonly exp: Exp;
  /** Present for a reduction kernel. */
  readonly reduction?: KernelReduction;
}

/** The reduction part of a kernel. @beta */
export interface KernelReduction {
  /** Reduction operation; argmax/argmin yield the int32 position of the first extremum. */
  readonly op: ReduceOp;
  /** Number of reduced elements per output element. */
  readonly size: number;
  /** Dtype of the accumulator (the dtype of `exp` for sum/prod/max/min, int32 for arg-reductions). */
  readonly accDtype: DType;
  /** Expression over `acc` (and `gidx`) producing the stored value; identity when absent. */
  readonly epilogue?: Exp;
}

/** A structural key for a whole kernel: equal keys compile to the same code. @beta */
export function kernelKey(k: Kernel): string {
  const red = k.reduction
    ? `|${k.reduction.op}:${k.reduction.size}:${k.reduction.accDtype}:${k.reduction.epilogue?.key ?? ""}`
    : "";
  return `${k.inputs.join(",")}->${k.dtype}[${k.size}]${red}|${k.exp.key}`;
}
