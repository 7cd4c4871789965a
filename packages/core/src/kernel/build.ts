// Builders for kernel expressions: typed constructors that fold constants and simplify index
// arithmetic, plus ravel/unravel between flat and multi-dimensional indices.
// Layer 4.

import type { DType } from "../dtype/dtype.js";
import { Exp, type AluOp } from "./ir.js";
import { evalScalar } from "./scalar.js";

const BOOL_RESULT = new Set<AluOp>(["lt", "le", "eq", "ne", "isnan"]);

function isConst(e: Exp, v?: number): boolean {
  return e.op === "const" && (v === undefined || e.arg === v);
}

function fold(op: AluOp, dtype: DType, args: readonly Exp[], to?: DType): Exp | undefined {
  if (!args.every((a) => a.op === "const")) return undefined;
  const vals = args.map((a) => (a.dtype === "bool" ? a.arg !== 0 : a.arg));
  const v = evalScalar(op, dtype, vals, to);
  const outDtype = to ?? (BOOL_RESULT.has(op) ? "bool" : dtype);
  return new Exp("const", outDtype, [], typeof v === "boolean" ? (v ? 1 : 0) : v);
}

/** A literal of dtype `dtype` (booleans are stored as 1/0). @beta */
export function constant(value: number | boolean, dtype: DType): Exp {
  const v = typeof value === "boolean" ? (value ? 1 : 0) : value;
  return new Exp("const", dtype, [], dtype === "bool" ? (v !== 0 ? 1 : 0) : v);
}

/** An int32 index literal. @beta */
export function idx(value: number): Exp {
  return new Exp("const", "int32", [], value);
}

/** The output element index. @beta */
export const GIDX = new Exp("gidx", "int32");
/** The reduction index. @beta */
export const RIDX = new Exp("ridx", "int32");

/** The accumulator of a reduction, for epilogues. @beta */
export function acc(dtype: DType): Exp {
  return new Exp("acc", dtype);
}

/** Reads element `index` of input buffer `slot`, whose dtype is `dtype`. @beta */
export function load(slot: number, dtype: DType, index: Exp): Exp {
  return new Exp("load", dtype, [index], slot);
}

/** Applies a unary op; the result has the operand's dtype (bool for `isnan`). @beta */
export function unary(op: AluOp, x: Exp): Exp {
  const outDtype = BOOL_RESULT.has(op) ? "bool" : x.dtype;
  return fold(op, x.dtype, [x]) ?? new Exp(op, outDtype, [x]);
}

/** Converts `x` to `dtype` (see `castScalar` for the rules). @beta */
export function cast(x: Exp, dtype: DType): Exp {
  if (x.dtype === dtype) return x;
  return fold("cast", x.dtype, [x], dtype) ?? new Exp("cast", dtype, [x], 0);
}

/** Applies a binary op to operands of one dtype; comparisons give bool. @beta */
export function binary(op: AluOp, a: Exp, b: Exp): Exp {
  if (a.dtype !== b.dtype) {
    throw new Error(`kernel.binary(${op}): operand dtypes differ (${a.dtype} vs ${b.dtype}); cast first`);
  }
  const folded = fold(op, a.dtype, [a, b]);
  if (folded) return folded;
  const isInt = a.dtype === "int32" || a.dtype === "uint32";
  switch (op) {
    case "add":
      if (isConst(b, 0) && a.dtype !== "bool") return a;
      if (isConst(a, 0) && a.dtype !== "bool") return b;
      break;
    case "sub":
      if (isConst(b, 0)) return a;
      break;
    case "mul":
      if (isConst(b, 1)) return a;
      if (isConst(a, 1)) return b;
      if (isInt && (isConst(a, 0) || isConst(b, 0))) return constant(0, a.dtype);
      break;
    case "div":
      if (isConst(b, 1)) return a;
      break;
    case "rem":
      if (isInt && isConst(b, 1)) return constant(0, a.dtype);
      break;
  }
  return new Exp(op, BOOL_RESULT.has(op) ? "bool" : a.dtype, [a, b]);
}

/** `cond ? a : b` elementwise; `cond` is bool, `a` and `b` share a dtype. @beta */
export function where(cond: Exp, a: Exp, b: Exp): Exp {
  if (a.dtype !== b.dtype) throw new Error(`kernel.where: branch dtypes differ (${a.dtype} vs ${b.dtype})`);
  if (cond.op === "const") return cond.arg !== 0 ? a : b;
  if (a.key === b.key) return a;
  return new Exp("where", a.dtype, [cond, a, b]);
}

/** `a + b`; see `binary`. @beta */
export const add = (a: Exp, b: Exp): Exp => binary("add", a, b);
/** `a - b`; see `binary`. @beta */
export const sub = (a: Exp, b: Exp): Exp => binary("sub", a, b);
/** `a * b`; see `binary`. @beta */
export const mul = (a: Exp, b: Exp): Exp => binary("mul", a, b);
/** `a / b` (integer division truncates toward zero); see `binary`. @beta */
export const div = (a: Exp, b: Exp): Exp => binary("div", a, b);
/** `a % b`, the remainder with the sign of `a` (C's `fmod`); see `binary`. @beta */
export const rem = (a: Exp, b: Exp): Exp => binary("rem", a, b);
/** `a < b` (bool); see `binary`. @beta */
export const lt = (a: Exp, b: Exp): Exp => binary("lt", a, b);
/** `a <= b` (bool); see `binary`. @beta */
export const le = (a: Exp, b: Exp): Exp => binary("le", a, b);
/** `a == b` (bool); see `binary`. @beta */
export const eq = (a: Exp, b: Exp): Exp => binary("eq", a, b);
/** `a != b` (bool); see `binary`. @beta */
export const ne = (a: Exp, b: Exp): Exp => binary("ne", a, b);
/** The larger of `a` and `b` (NaN if either is NaN); see `binary`. @beta */
export const max = (a: Exp, b: Exp): Exp => binary("max", a, b);
/** The smaller of `a` and `b` (NaN if either is NaN); see `binary`. @beta */
export const min = (a: Exp, b: Exp): Exp => binary("min", a, b);
/** Bitwise (or logical, for bool) and; see `binary`. @beta */
export const and = (a: Exp, b: Exp): Exp => binary("and", a, b);
/** Bitwise (or logical, for bool) or; see `binary`. @beta */
export const or = (a: Exp, b: Exp): Exp => binary("or", a, b);

// Multi-indices produced by `unravel` remember their source so that `ravel` over the same shape
// returns the flat index itself: an elementwise kernel then loads `in[gidx]`, not a div/mod chain.
const RAVELED = new WeakMap<readonly Exp[], { flat: Exp; shape: readonly number[] }>();

/** Splits a row-major flat index into one int32 index per axis of `shape`. @beta */
export function unravel(flat: Exp, shape: readonly number[]): Exp[] {
  const out: Exp[] = [];
  let stride = 1;
  const strides: number[] = [];
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = stride;
    stride *= shape[i] as number;
  }
  let leading = true;
  for (let i = 0; i < shape.length; i++) {
    const dim = shape[i] as number;
    if (dim === 1) {
      out.push(idx(0));
      continue;
    }
    let e = div(flat, idx(strides[i] as number));
    if (!leading) e = rem(e, idx(dim));
    leading = false;
    out.push(e);
  }
  RAVELED.set(out, { flat, shape: [...shape] });
  return out;
}

/** Joins per-axis indices into a row-major flat index over `shape`. @beta */
export function ravel(index: readonly Exp[], shape: readonly number[]): Exp {
  const src = RAVELED.get(index);
  if (src && src.shape.length === shape.length && src.shape.every((d, i) => d === shape[i])) return src.flat;
  let flat = idx(0);
  let stride = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    flat = add(flat, mul(index[i] as Exp, idx(stride)));
    stride *= shape[i] as number;
  }
  return flat;
}
