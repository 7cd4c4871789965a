// The meaning of every kernel ALU op on one scalar: the executable spec used by the kernel
// interpreter, by constant folding, and as the oracle for generated code in tests.
// Layer 4.

import type { DType } from "../dtype/dtype.js";
import type { AluOp } from "./ir.js";

const I32_MAX = 2147483647;
const I32_MIN = -2147483648;
const U32_MAX = 4294967295;

/** Wraps a JS number to the representable value of `dtype` (integer wrap, float32 rounding, bool). */
export function wrapTo(dtype: DType, x: number | boolean): number | boolean {
  switch (dtype) {
    case "int32":
      return Number(x) | 0;
    case "uint32":
      return Number(x) >>> 0;
    case "float32":
      return Math.fround(Number(x));
    case "float64":
      return Number(x);
    case "bool":
      return Boolean(x);
  }
}

/**
 * Converts a scalar of dtype `from` to `to`: floats → ints truncate toward zero, NaN → 0 and
 * out-of-range values saturate (XLA's rule); int ↔ int conversions wrap, as in C.
 * @beta
 */
export function castScalar(to: DType, x: number | boolean, from?: DType): number | boolean {
  if (to === "bool") return typeof x === "boolean" ? x : x !== 0;
  if ((from === "int32" || from === "uint32") && (to === "int32" || to === "uint32")) return wrapTo(to, x);
  const v = typeof x === "boolean" ? (x ? 1 : 0) : x;
  switch (to) {
    case "int32":
      return v !== v ? 0 : v >= I32_MAX ? I32_MAX : v <= I32_MIN ? I32_MIN : Math.trunc(v) | 0;
    case "uint32":
      return v !== v ? 0 : v >= U32_MAX ? U32_MAX : v <= 0 ? 0 : Math.trunc(v) >>> 0;
    case "float32":
      return Math.fround(v);
    case "float64":
      return v;
  }
}

/** Integer power by repeated squaring, wrapping like C; negative exponents give 0 except for bases ±1. */
export function intPow(dtype: "int32" | "uint32", a: number, b: number): number {
  if (dtype === "int32" && b < 0) return a === 1 ? 1 : a === -1 ? (b & 1 ? -1 : 1) : 0;
  let result = 1;
  let base = a;
  let e = dtype === "uint32" ? b >>> 0 : b;
  while (e > 0) {
    if (e & 1) result = Math.imul(result, base);
    base = Math.imul(base, base);
    e = Math.floor(e / 2);
  }
  return dtype === "uint32" ? result >>> 0 : result | 0;
}

/** Rounds half to even (NumPy's `round`). */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

type Scalar = number | boolean;
const n = (x: Scalar): number => (typeof x === "boolean" ? (x ? 1 : 0) : x);

/**
 * Evaluates `op` on scalars, given the operand dtype `dtype` (the dtype of the first operand; for
 * `where`, of the second) and, for `cast`, the target dtype `to`.
 * @beta
 */
export function evalScalar(op: AluOp, dtype: DType, args: readonly (number | boolean)[], to?: DType): number | boolean {
  const [a0, b0, c0] = args as [Scalar, Scalar, Scalar];
  const a = n(a0);
  const b = n(b0);
  const isI = dtype === "int32" || dtype === "uint32";
  const wrap = (x: number): Scalar => wrapTo(dtype, x);
  switch (op) {
    case "cast":
      return castScalar(to as DType, a0, dtype);
    case "neg":
      return wrap(-a);
    case "not":
      return dtype === "bool" ? !a0 : wrap(~a);
    case "abs":
      return wrap(Math.abs(a));
    case "sign":
      return a !== a ? a : wrap(a > 0 ? 1 : a < 0 ? -1 : dtype === "float32" || dtype === "float64" ? a : 0);
    case "floor":
      return wrap(Math.floor(a));
    case "ceil":
      return wrap(Math.ceil(a));
    case "round":
      return wrap(roundHalfEven(a));
    case "trunc":
      return wrap(Math.trunc(a));
    case "exp":
      return wrap(Math.exp(a));
    case "expm1":
      return wrap(Math.expm1(a));
    case "log":
      return wrap(Math.log(a));
    case "log1p":
      return wrap(Math.log1p(a));
    case "sqrt":
      return wrap(Math.sqrt(a));
    case "cbrt":
      return wrap(Math.cbrt(a));
    case "sin":
      return wrap(Math.sin(a));
    case "cos":
      return wrap(Math.cos(a));
    case "tan":
      return wrap(Math.tan(a));
    case "asin":
      return wrap(Math.asin(a));
    case "acos":
      return wrap(Math.acos(a));
    case "atan":
      return wrap(Math.atan(a));
    case "sinh":
      return wrap(Math.sinh(a));
    case "cosh":
      return wrap(Math.cosh(a));
    case "tanh":
      return wrap(Math.tanh(a));
    case "asinh":
      return wrap(Math.asinh(a));
    case "acosh":
      return wrap(Math.acosh(a));
    case "atanh":
      return wrap(Math.atanh(a));
    case "isnan":
      return a !== a;
    case "add":
      return dtype === "bool" ? Boolean(a0) || Boolean(b0) : wrap(a + b);
    case "sub":
      return wrap(a - b);
    case "mul":
      return dtype === "bool" ? Boolean(a0) && Boolean(b0) : isI ? wrap(Math.imul(a, b)) : wrap(a * b);
    case "div":
      if (isI) return b === 0 ? (dtype === "int32" ? -1 : U32_MAX) : wrap(Math.trunc(a / b));
      return wrap(a / b);
    case "rem":
      if (isI) return b === 0 ? a : wrap(a % b);
      return wrap(a % b);
    case "pow":
      return isI ? intPow(dtype, a, b) : wrap(Math.pow(a, b));
    case "max":
      return dtype === "bool" ? Boolean(a0) || Boolean(b0) : wrap(a !== a || b !== b ? NaN : Math.max(a, b));
    case "min":
      return dtype === "bool" ? Boolean(a0) && Boolean(b0) : wrap(a !== a || b !== b ? NaN : Math.min(a, b));
    case "atan2":
      return wrap(Math.atan2(a, b));
    case "lt":
      return a < b;
    case "le":
      return a <= b;
    case "eq":
      return a === b;
    case "ne":
      return a !== b;
    case "and":
      return dtype === "bool" ? Boolean(a0) && Boolean(b0) : wrap(a & b);
    case "or":
      return dtype === "bool" ? Boolean(a0) || Boolean(b0) : wrap(a | b);
    case "xor":
      return dtype === "bool" ? Boolean(a0) !== Boolean(b0) : wrap(a ^ b);
    case "shl":
      return b < 0 || b >= 32 ? 0 : wrap(a << b);
    case "shr":
      if (dtype === "uint32") return b < 0 || b >= 32 ? 0 : a >>> b;
      return a >> (b < 0 || b >= 32 ? 31 : b);
    case "where":
      return c0 === undefined ? NaN : a0 ? b0 : c0;
    default:
      throw new Error(`evalScalar: '${op}' is not a scalar operation`);
  }
}
