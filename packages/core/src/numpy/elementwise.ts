// The np elementwise functions: arithmetic, transcendental math, comparisons, logic, bitwise ops,
// where and clip — NumPy names and semantics, JAX promotion rules. Layer 12.

import { Array } from "../array/Array.js";
import { checkDType, isFloat, type DType } from "../dtype/dtype.js";
import { checkOptions, DTypeError } from "../errors/errors.js";
import * as P from "../primitives/elementwise.js";
import type { NoParams } from "../primitives/elementwise.js";
import type { Primitive } from "../trace/primitive.js";
import { asArray, setAstypeHook, type ArrayLike } from "./convert.js";
import { broadcastTo, convert, promoteArgs } from "./promote.js";
import { broadcastShapes } from "../shape/shape.js";

const bind = (p: Primitive<NoParams>, args: readonly Array[]): Array => p.bind1(args, {});

const floatUnary = (p: Primitive<NoParams>, name: string) => (x: ArrayLike): Array => bind(p, promoteArgs(name, [x], true));
const numUnary = (p: Primitive<NoParams>, name: string) => (x: ArrayLike): Array => bind(p, promoteArgs(name, [x]));
const binaryFn = (p: Primitive<NoParams>, name: string, toFloat = false) => (x: ArrayLike, y: ArrayLike): Array =>
  bind(p, promoteArgs(name, [x, y], toFloat));
/** Rounding functions leave integer and bool arrays unchanged, as NumPy does. */
const roundingUnary = (p: Primitive<NoParams>, name: string) => (x: ArrayLike): Array => {
  const [a] = promoteArgs(name, [x]) as [Array];
  return isFloat(a.dtype) ? bind(p, [a]) : a;
};

/** Converts to `dtype` (floats → ints truncate toward zero). @public */
export function astype(x: ArrayLike, dtype: DType): Array {
  const a = asArray(x, "astype");
  return convert(a, checkDType("astype", dtype), false);
}
setAstypeHook(astype);

/** `x + y`, broadcast and promoted (logical or on bools). @public */
export const add = binaryFn(P.addP, "add");
/** `x - y`. @public */
export const subtract = binaryFn(P.subP, "subtract");
/** `x * y` (logical and on bools). @public */
export const multiply = binaryFn(P.mulP, "multiply");
/** True division `x / y`; integers are promoted to the default float. @public */
export const divide = binaryFn(P.divP, "divide", true);
/** Alias of `np.divide`. @public */
export const trueDivide = divide;
/** `x ** y` (integer powers by repeated squaring). @public */
export const power = binaryFn(P.powP, "power");
/** Alias of `np.power`. @public */
export const pow = power;
/** C-style remainder with the sign of `x` (`fmod`). @public */
export const fmod = binaryFn(P.remP, "fmod");
/** Elementwise maximum; NaN propagates. @public */
export const maximum = binaryFn(P.maxP, "maximum");
/** Elementwise minimum; NaN propagates. @public */
export const minimum = binaryFn(P.minP, "minimum");
/** `atan2(x, y)`: the angle of the point (y, x), in radians. @public */
export const arctan2 = binaryFn(P.atan2P, "arctan2", true);
/** Alias of `np.arctan2`. @public */
export const atan2 = arctan2;

/** NumPy `remainder`/`mod`: the result has the sign of `y`. @public */
export function remainder(x: ArrayLike, y: ArrayLike): Array {
  const [a, b] = promoteArgs("remainder", [x, y]) as [Array, Array];
  const r = bind(P.remP, [a, b]);
  if (a.dtype === "uint32") return r;
  const zero = convert(asArray(0, "remainder"), a.dtype, true);
  const z = broadcastTo(zero, a.shape);
  const fix = bind(P.andP, [bind(P.neP, [r, z]), bind(P.neP, [bind(P.ltP, [r, z]), bind(P.ltP, [b, z])])]);
  return bind(P.selectP, [fix, bind(P.addP, [r, b]), r]);
}
/** Alias of `np.remainder`. @public */
export const mod = remainder;

/** Floor division `x // y` (rounds toward −∞). @public */
export function floorDivide(x: ArrayLike, y: ArrayLike): Array {
  const [a, b] = promoteArgs("floorDivide", [x, y]) as [Array, Array];
  if (isFloat(a.dtype)) return bind(P.floorP, [bind(P.divP, [a, b])]);
  const q = bind(P.divP, [a, b]);
  if (a.dtype === "uint32") return q;
  const z = broadcastTo(convert(asArray(0, "floorDivide"), a.dtype, true), a.shape);
  const r = bind(P.remP, [a, b]);
  const adjust = bind(P.andP, [bind(P.neP, [r, z]), bind(P.neP, [bind(P.ltP, [a, z]), bind(P.ltP, [b, z])])]);
  const one = broadcastTo(convert(asArray(1, "floorDivide"), a.dtype, true), a.shape);
  return bind(P.selectP, [adjust, bind(P.subP, [q, one]), q]);
}

/** `-x`. @public */
export const negative = numUnary(P.negP, "negative");
/** `+x` (a no-op kept for NumPy parity). @public */
export function positive(x: ArrayLike): Array {
  return asArray(x, "positive");
}
/** Absolute value. @public */
export function abs(x: ArrayLike): Array {
  const [a] = promoteArgs("abs", [x]) as [Array];
  return a.dtype === "bool" || a.dtype === "uint32" ? a : bind(P.absP, [a]);
}
/** Alias of `np.abs`. @public */
export const absolute = abs;
/** −1, 0 or +1 by sign (NaN stays NaN). @public */
export const sign = numUnary(P.signP, "sign");
/** Largest integer ≤ x. @public */
export const floor = roundingUnary(P.floorP, "floor");
/** Smallest integer ≥ x. @public */
export const ceil = roundingUnary(P.ceilP, "ceil");
/** Rounds toward zero. @public */
export const trunc = roundingUnary(P.truncP, "trunc");
/** Alias of `np.trunc`. @public */
export const fix = trunc;
/** Rounds half to even. @public */
export const rint = roundingUnary(P.roundP, "rint");
/** Rounds half to even at `decimals` decimal places (NumPy `round`). @public */
export function round(x: ArrayLike, decimals = 0): Array {
  if (decimals === 0) return rint(x);
  const f = 10 ** decimals;
  return divide(rint(multiply(x, f)), f);
}
/** Alias of `np.round`. @public */
export const around = round;
/** eˣ. @public */
export const exp = floatUnary(P.expP, "exp");
/** eˣ − 1, accurate near 0. @public */
export const expm1 = floatUnary(P.expm1P, "expm1");
/** 2ˣ. @public */
export function exp2(x: ArrayLike): Array {
  return exp(multiply(promoteArgs("exp2", [x], true)[0] as Array, Math.LN2));
}
/** Natural logarithm. @public */
export const log = floatUnary(P.logP, "log");
/** log(1 + x), accurate near 0. @public */
export const log1p = floatUnary(P.log1pP, "log1p");
/** Base-2 logarithm. @public */
export function log2(x: ArrayLike): Array {
  return multiply(log(x), Math.LOG2E);
}
/** Base-10 logarithm. @public */
export function log10(x: ArrayLike): Array {
  return multiply(log(x), Math.LOG10E);
}
/** Square root. @public */
export const sqrt = floatUnary(P.sqrtP, "sqrt");
/** Cube root. @public */
export const cbrt = floatUnary(P.cbrtP, "cbrt");
/** x². @public */
export function square(x: ArrayLike): Array {
  const a = asArray(x, "square");
  return multiply(a, a);
}
/** 1 / x (float). @public */
export function reciprocal(x: ArrayLike): Array {
  return divide(1, x);
}
/** Sine (radians). @public */
export const sin = floatUnary(P.sinP, "sin");
/** Cosine (radians). @public */
export const cos = floatUnary(P.cosP, "cos");
/** Tangent (radians). @public */
export const tan = floatUnary(P.tanP, "tan");
/** Inverse sine. @public */
export const arcsin = floatUnary(P.asinP, "arcsin");
/** Inverse cosine. @public */
export const arccos = floatUnary(P.acosP, "arccos");
/** Inverse tangent. @public */
export const arctan = floatUnary(P.atanP, "arctan");
/** Hyperbolic sine. @public */
export const sinh = floatUnary(P.sinhP, "sinh");
/** Hyperbolic cosine. @public */
export const cosh = floatUnary(P.coshP, "cosh");
/** Hyperbolic tangent. @public */
export const tanh = floatUnary(P.tanhP, "tanh");
/** Inverse hyperbolic sine. @public */
export const arcsinh = floatUnary(P.asinhP, "arcsinh");
/** Inverse hyperbolic cosine. @public */
export const arccosh = floatUnary(P.acoshP, "arccosh");
/** Inverse hyperbolic tangent. @public */
export const arctanh = floatUnary(P.atanhP, "arctanh");
export { arcsin as asin, arccos as acos, arctan as atan, arcsinh as asinh, arccosh as acosh, arctanh as atanh };
/** Degrees → radians. @public */
export function deg2rad(x: ArrayLike): Array {
  return multiply(promoteArgs("deg2rad", [x], true)[0] as Array, Math.PI / 180);
}
/** Radians → degrees. @public */
export function rad2deg(x: ArrayLike): Array {
  return multiply(promoteArgs("rad2deg", [x], true)[0] as Array, 180 / Math.PI);
}
export { deg2rad as radians, rad2deg as degrees };
/** sqrt(x² + y²). @public */
export function hypot(x: ArrayLike, y: ArrayLike): Array {
  const [a, b] = promoteArgs("hypot", [x, y], true) as [Array, Array];
  return sqrt(add(multiply(a, a), multiply(b, b)));
}
/** log(eˣ + eʸ) without overflow. @public */
export function logaddexp(x: ArrayLike, y: ArrayLike): Array {
  const [a, b] = promoteArgs("logaddexp", [x, y], true) as [Array, Array];
  const m = maximum(a, b);
  const d = subtract(a, b);
  const safe = add(m, log1p(exp(negative(abs(d)))));
  return where(isnan(d), add(a, b), where(equal(a, b), add(a, Math.LN2), safe));
}

/** `x == y` (bool). @public */
export const equal = binaryFn(P.eqP, "equal");
/** `x != y`. @public */
export const notEqual = binaryFn(P.neP, "notEqual");
/** `x < y`. @public */
export const less = binaryFn(P.ltP, "less");
/** `x <= y`. @public */
export const lessEqual = binaryFn(P.leP, "lessEqual");
/** `x > y`. @public */
export const greater = binaryFn(P.gtP, "greater");
/** `x >= y`. @public */
export const greaterEqual = binaryFn(P.geP, "greaterEqual");

/** True where x is NaN (false for integers). @public */
export function isnan(x: ArrayLike): Array {
  const a = asArray(x, "isnan");
  return isFloat(a.dtype) ? bind(P.isNanP, [a]) : notEqual(a, a);
}
/** True where x is finite (always for integers). @public */
export function isfinite(x: ArrayLike): Array {
  const a = asArray(x, "isfinite");
  return isFloat(a.dtype) ? bind(P.isFiniteP, [a]) : equal(a, a);
}
/** True where x is ±Infinity. @public */
export function isinf(x: ArrayLike): Array {
  const a = asArray(x, "isinf");
  return logicalAnd(logicalNot(isfinite(a)), logicalNot(isnan(a)));
}

function toBool(x: ArrayLike, where: string): Array {
  const a = asArray(x, where);
  return a.dtype === "bool" ? a : notEqual(a, 0);
}
/** Logical and of truth values. @public */
export function logicalAnd(x: ArrayLike, y: ArrayLike): Array {
  return bind(P.andP, promoteArgs("logicalAnd", [toBool(x, "logicalAnd"), toBool(y, "logicalAnd")]));
}
/** Logical or. @public */
export function logicalOr(x: ArrayLike, y: ArrayLike): Array {
  return bind(P.orP, promoteArgs("logicalOr", [toBool(x, "logicalOr"), toBool(y, "logicalOr")]));
}
/** Logical exclusive or. @public */
export function logicalXor(x: ArrayLike, y: ArrayLike): Array {
  return bind(P.xorP, promoteArgs("logicalXor", [toBool(x, "logicalXor"), toBool(y, "logicalXor")]));
}
/** Logical not. @public */
export function logicalNot(x: ArrayLike): Array {
  return bind(P.notP, [toBool(x, "logicalNot")]);
}

function bitwise(p: Primitive<NoParams>, name: string) {
  return (x: ArrayLike, y: ArrayLike): Array => {
    const args = promoteArgs(name, [x, y]);
    if (isFloat((args[0] as Array).dtype)) throw new DTypeError(`${name}: bitwise operations need integer or bool operands, got ${(args[0] as Array).dtype}`);
    return bind(p, args);
  };
}
/** Bitwise and (logical on bools). @public */
export const bitwiseAnd = bitwise(P.andP, "bitwiseAnd");
/** Bitwise or. @public */
export const bitwiseOr = bitwise(P.orP, "bitwiseOr");
/** Bitwise xor. @public */
export const bitwiseXor = bitwise(P.xorP, "bitwiseXor");
/** Bitwise not (logical on bools). @public */
export const bitwiseNot = numUnaryInt(P.notP, "bitwiseNot");
/** Alias of `np.bitwiseNot`. @public */
export const invert = bitwiseNot;
/** `x << y` (0 once y ≥ 32). @public */
export const leftShift = bitwise(P.shiftLeftP, "leftShift");
/** `x >> y` (arithmetic for int32, logical for uint32). @public */
export const rightShift = bitwise(P.shiftRightP, "rightShift");

function numUnaryInt(p: Primitive<NoParams>, name: string) {
  return (x: ArrayLike): Array => {
    const a = asArray(x, name);
    if (isFloat(a.dtype)) throw new DTypeError(`${name}: needs an integer or bool operand, got ${a.dtype}`);
    return bind(p, [a]);
  };
}

/** Chooses `x` where `cond` is true and `y` elsewhere, broadcasting all three. @public */
export function where(cond: ArrayLike, x: ArrayLike, y: ArrayLike): Array {
  const c = toBool(cond, "where");
  const [a, b] = promoteArgs("where", [x, y]) as [Array, Array];
  const shape = broadcastShapes("where", c.shape, a.shape);
  return bind(P.selectP, [broadcastTo(c, shape, "where"), broadcastTo(a, shape, "where"), broadcastTo(b, shape, "where")]);
}

/** Limits values to `[min, max]`; either bound may be null. @public */
export function clip(x: ArrayLike, min: ArrayLike | null, max: ArrayLike | null): Array {
  let out = asArray(x, "clip");
  if (min !== null && min !== undefined) out = maximum(out, min);
  if (max !== null && max !== undefined) out = minimum(out, max);
  return out;
}

/** Options of `isclose`/`allclose`. @public */
export interface IsCloseOptions {
  /** Relative tolerance. @defaultValue 1e-5 */
  rtol?: number;
  /** Absolute tolerance. @defaultValue 1e-8 */
  atol?: number;
  /** Whether NaN equals NaN. @defaultValue false */
  equalNan?: boolean;
}

/** `|x − y| ≤ atol + rtol·|y|` elementwise (infinities must match exactly). @public */
export function isclose(x: ArrayLike, y: ArrayLike, options?: IsCloseOptions): Array {
  checkOptions("isclose", options, ["rtol", "atol", "equalNan"]);
  const rtol = options?.rtol ?? 1e-5;
  const atol = options?.atol ?? 1e-8;
  const [a, b] = promoteArgs("isclose", [x, y], true) as [Array, Array];
  const close = lessEqual(abs(subtract(a, b)), add(atol, multiply(rtol, abs(b))));
  let out = logicalOr(equal(a, b), logicalAnd(close, logicalAnd(isfinite(a), isfinite(b))));
  if (options?.equalNan) out = logicalOr(out, logicalAnd(isnan(a), isnan(b)));
  return out;
}
