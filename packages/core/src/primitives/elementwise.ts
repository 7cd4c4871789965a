// Elementwise primitives: unary math, binary arithmetic, comparisons, logic, select and dtype
// conversion. Each lowers to one ALU op per element and carries its JVP, transpose and batching
// rules. Layer 10.

import type { Array } from "../array/Array.js";
import { ShapedArray } from "../array/aval.js";
import { checkDType, isFloat, type DType } from "../dtype/dtype.js";
import { DTypeError } from "../errors/errors.js";
import { binary, cast, unary, where } from "../kernel/build.js";
import type { AluOp, Exp } from "../kernel/ir.js";
import { definePrimitive, type JvpRule, type Loader, type Primitive, type TransposeRule } from "../trace/primitive.js";
import { checkDtypes, checkSameShapeAndDtype, type DTypeClass } from "./checks.js";
import * as ops from "./ops.js";
import { elementwiseBatch, instantiate, isLinear, jvpFromPartials, known, linearJvp, zeroJvp } from "./rules.js";

/** Params of primitives that take none. */
export type NoParams = Record<string, never>;

/** How an elementwise primitive differentiates: a partial derivative `(t, ans, x) ↦ ∂`, or a sentinel. */
type UnaryDerivative = ((t: Array, ans: Array, x: Array) => Array) | "zero" | "linear";

/** Declares a unary elementwise primitive computing `build(x)`, differentiated by `derivative`. */
export function defineUnary(
  name: string,
  cls: DTypeClass,
  build: (x: Exp) => Exp,
  derivative: UnaryDerivative,
  options: { outDtype?: DType; transpose?: TransposeRule<NoParams> } = {},
): Primitive<NoParams> {
  const self = (): Primitive<NoParams> => prim;
  const jvp: JvpRule<NoParams> =
    derivative === "zero" ? zeroJvp(self) : derivative === "linear" ? linearJvp(self) : jvpFromPartials(self, derivative);
  const prim: Primitive<NoParams> = definePrimitive<NoParams>({
    name,
    abstractEval([x]) {
      const a = x as ShapedArray;
      checkDtypes(name, [a], cls);
      return [new ShapedArray(a.shape, options.outDtype ?? a.dtype, options.outDtype === undefined && a.weakType)];
    },
    lower: ({ inputs }) => {
      const [x] = inputs as [Loader];
      return { kind: "map", exp: (i) => build(x(i)) };
    },
    jvp,
    transpose: options.transpose ?? "nonlinear",
    batch: elementwiseBatch(self),
  });
  return prim;
}

const unaryOp = (op: AluOp) => (x: Exp): Exp => unary(op, x);
// Local shorthands; they look `ops` up at call time because ops.ts imports this module.
const add = (a: Array, b: Array): Array => ops.add(a, b);
const sub = (a: Array, b: Array): Array => ops.sub(a, b);
const mul = (a: Array, b: Array): Array => ops.mul(a, b);
const div = (a: Array, b: Array): Array => ops.div(a, b);
const neg = (a: Array): Array => ops.neg(a);
const one = (x: Array): Array => ops.fullLike(x, 1);

// d(-x) = -dx
export const negP = defineUnary("neg", "numeric", unaryOp("neg"), "linear", {
  transpose: ([ct]) => [ct ? neg(ct) : null],
});
export const signP = defineUnary("sign", "numeric", unaryOp("sign"), "zero");
// d|x| = sign(x) dx
export const absP = defineUnary("abs", "numeric", unaryOp("abs"), (t, _y, x) => mul(t, ops.sign(x)));
export const floorP = defineUnary("floor", "float", unaryOp("floor"), "zero");
export const ceilP = defineUnary("ceil", "float", unaryOp("ceil"), "zero");
export const roundP = defineUnary("round", "float", unaryOp("round"), "zero");
export const truncP = defineUnary("trunc", "float", unaryOp("trunc"), "zero");
// d exp(x) = exp(x) dx
export const expP = defineUnary("exp", "float", unaryOp("exp"), (t, y) => mul(t, y));
// d expm1(x) = (expm1(x) + 1) dx
export const expm1P = defineUnary("expm1", "float", unaryOp("expm1"), (t, y) => mul(t, add(y, one(y))));
// d log(x) = dx / x
export const logP = defineUnary("log", "float", unaryOp("log"), (t, _y, x) => div(t, x));
// d log1p(x) = dx / (1 + x)
export const log1pP = defineUnary("log1p", "float", unaryOp("log1p"), (t, _y, x) => div(t, add(x, one(x))));
// d sqrt(x) = dx / (2 sqrt(x))
export const sqrtP = defineUnary("sqrt", "float", unaryOp("sqrt"), (t, y) => div(t, ops.scale(y, 2)));
// d cbrt(x) = dx / (3 cbrt(x)²)
export const cbrtP = defineUnary("cbrt", "float", unaryOp("cbrt"), (t, y) => div(t, ops.scale(mul(y, y), 3)));
// d sin(x) = cos(x) dx
export const sinP = defineUnary("sin", "float", unaryOp("sin"), (t, _y, x) => mul(t, ops.cos(x)));
// d cos(x) = -sin(x) dx
export const cosP = defineUnary("cos", "float", unaryOp("cos"), (t, _y, x) => neg(mul(t, ops.sin(x))));
// d tan(x) = (1 + tan²x) dx
export const tanP = defineUnary("tan", "float", unaryOp("tan"), (t, y) => mul(t, add(one(y), mul(y, y))));
// d asin(x) = dx / sqrt(1 - x²)
export const asinP = defineUnary("asin", "float", unaryOp("asin"), (t, _y, x) => div(t, ops.sqrt(sub(one(x), mul(x, x)))));
// d acos(x) = -dx / sqrt(1 - x²)
export const acosP = defineUnary("acos", "float", unaryOp("acos"), (t, _y, x) => neg(div(t, ops.sqrt(sub(one(x), mul(x, x))))));
// d atan(x) = dx / (1 + x²)
export const atanP = defineUnary("atan", "float", unaryOp("atan"), (t, _y, x) => div(t, add(one(x), mul(x, x))));
// d sinh(x) = cosh(x) dx
export const sinhP = defineUnary("sinh", "float", unaryOp("sinh"), (t, _y, x) => mul(t, coshP.bind1([x], {})));
// d cosh(x) = sinh(x) dx
export const coshP = defineUnary("cosh", "float", unaryOp("cosh"), (t, _y, x) => mul(t, sinhP.bind1([x], {})));
// d tanh(x) = (1 - tanh²x) dx
export const tanhP = defineUnary("tanh", "float", unaryOp("tanh"), (t, y) => mul(t, sub(one(y), mul(y, y))));
// d asinh(x) = dx / sqrt(x² + 1)
export const asinhP = defineUnary("asinh", "float", unaryOp("asinh"), (t, _y, x) => div(t, ops.sqrt(add(mul(x, x), one(x)))));
// d acosh(x) = dx / sqrt(x² - 1)
export const acoshP = defineUnary("acosh", "float", unaryOp("acosh"), (t, _y, x) => div(t, ops.sqrt(sub(mul(x, x), one(x)))));
// d atanh(x) = dx / (1 - x²)
export const atanhP = defineUnary("atanh", "float", unaryOp("atanh"), (t, _y, x) => div(t, sub(one(x), mul(x, x))));
export const notP = defineUnary("not", "intOrBool", unaryOp("not"), "zero");
export const isNanP = defineUnary("is_nan", "float", unaryOp("isnan"), "zero", { outDtype: "bool" });
// x - x is NaN exactly for NaN and ±Infinity.
export const isFiniteP = defineUnary(
  "is_finite",
  "float",
  (x) => unary("not", unary("isnan", binary("sub", x, x))),
  "zero",
  { outDtype: "bool" },
);

/** Partial derivatives of a binary primitive, `(t, ans, a, b) ↦ contribution`, or a sentinel. */
type BinaryDerivatives =
  | [((t: Array, ans: Array, a: Array, b: Array) => Array) | null, ((t: Array, ans: Array, a: Array, b: Array) => Array) | null]
  | "zero"
  | JvpRule<NoParams>;

/** Declares a binary elementwise primitive over operands of one shape and dtype. */
export function defineBinary(
  name: string,
  cls: DTypeClass,
  build: (a: Exp, b: Exp) => Exp,
  derivatives: BinaryDerivatives,
  options: { boolOut?: boolean; transpose?: TransposeRule<NoParams> } = {},
): Primitive<NoParams> {
  const boolOut = options.boolOut ?? false;
  const self = (): Primitive<NoParams> => prim;
  const jvp: JvpRule<NoParams> =
    derivatives === "zero" ? zeroJvp(self) : typeof derivatives === "function" ? derivatives : jvpFromPartials(self, ...derivatives);
  const prim: Primitive<NoParams> = definePrimitive<NoParams>({
    name,
    abstractEval(avals) {
      checkSameShapeAndDtype(name, avals);
      checkDtypes(name, avals, cls);
      const [a, b] = avals as [ShapedArray, ShapedArray];
      return [new ShapedArray(a.shape, boolOut ? "bool" : a.dtype, !boolOut && a.weakType && b.weakType)];
    },
    lower: ({ inputs }) => {
      const [a, b] = inputs as [Loader, Loader];
      return { kind: "map", exp: (i) => build(a(i), b(i)) };
    },
    jvp,
    transpose: options.transpose ?? "nonlinear",
    batch: elementwiseBatch(self),
  });
  return prim;
}

const binOp = (op: AluOp) => (a: Exp, b: Exp): Exp => binary(op, a, b);

/** JAX's balanced tie rule for max/min: the derivative flows to the selected operand, split in half on ties. */
function balancedEq(x: Array, ans: Array, y: Array): Array {
  const xEq = ops.eq(x, ans);
  const yEq = ops.eq(y, ans);
  return ops.select(xEq, ops.select(yEq, ops.fullLike(ans, 0.5), one(ans)), ops.zerosLike(ans));
}

// d(a + b) = da + db; transposes to the same cotangent for each linear operand.
export const addP = defineBinary("add", "any", binOp("add"), (primals, tangents) => {
  const [a, b] = primals as [Array, Array];
  const [ta, tb] = tangents as [Array | null, Array | null];
  return [[add(a, b)], [ta && tb ? add(ta, tb) : (ta ?? tb)]];
}, {
  transpose: ([ct], [a, b]) => [isLinear(a) ? (ct ?? null) : null, isLinear(b) ? (ct ?? null) : null],
});
// d(a - b) = da - db
export const subP = defineBinary("sub", "numeric", binOp("sub"), (primals, tangents) => {
  const [a, b] = primals as [Array, Array];
  const [ta, tb] = tangents as [Array | null, Array | null];
  return [[sub(a, b)], [ta && tb ? sub(ta, tb) : ta ? ta : tb ? neg(tb) : null]];
}, {
  transpose: ([ct], [a, b]) => [isLinear(a) ? (ct ?? null) : null, isLinear(b) && ct ? neg(ct) : null],
});
// d(a b) = da b + a db; linear in whichever operand is unknown.
export const mulP = defineBinary("mul", "any", binOp("mul"), [(t, _y, _a, b) => mul(t, b), (t, _y, a) => mul(a, t)], {
  transpose: ([ct], [a, b]) => {
    if (!ct) return [null, null];
    if (isLinear(a) && isLinear(b)) throw new Error("mul: transpose of a product of two linear operands (the program is not linear)");
    return [isLinear(a) ? mul(ct, known(b, "mul")) : null, isLinear(b) ? mul(known(a, "mul"), ct) : null];
  },
});
// d(a / b) = da / b - a db / b²
export const divP = defineBinary("div", "numeric", binOp("div"), [(t, _y, _a, b) => div(t, b), (t, y, _a, b) => neg(div(mul(t, y), b))], {
  transpose: ([ct], [a, b]) => {
    if (isLinear(b)) throw new Error("div: transpose with respect to the divisor (the program is not linear)");
    return [isLinear(a) && ct ? div(ct, known(b, "div")) : null, null];
  },
});
// d rem(a, b) = da - db · trunc(a / b)
export const remP = defineBinary("rem", "numeric", binOp("rem"), [(t) => t, (t, _y, a, b) => neg(mul(t, ops.trunc(div(a, b))))]);
// d a^b = b a^(b-1) da + log(a) a^b db (with log(0) taken as 0 where a = 0)
export const powP = defineBinary("pow", "numeric", binOp("pow"), [
  (t, _y, a, b) => (isFloat(a.dtype) ? mul(t, mul(b, powP.bind1([a, sub(b, one(b))], {}))) : ops.zerosLike(t)),
  (t, y, a) => {
    const safeLog = ops.select(ops.eq(a, ops.zerosLike(a)), ops.zerosLike(a), ops.log(a));
    return mul(t, mul(safeLog, y));
  },
]);
// d max(a, b) flows to the larger operand (half each on ties), as JAX.
export const maxP = defineBinary("max", "any", binOp("max"), [(t, y, a, b) => mul(t, balancedEq(a, y, b)), (t, y, a, b) => mul(t, balancedEq(b, y, a))]);
export const minP = defineBinary("min", "any", binOp("min"), [(t, y, a, b) => mul(t, balancedEq(a, y, b)), (t, y, a, b) => mul(t, balancedEq(b, y, a))]);
// d atan2(a, b) = (b da - a db) / (a² + b²)
export const atan2P = defineBinary("atan2", "float", binOp("atan2"), [
  (t, _y, a, b) => div(mul(t, b), add(mul(a, a), mul(b, b))),
  (t, _y, a, b) => neg(div(mul(t, a), add(mul(a, a), mul(b, b)))),
]);
export const andP = defineBinary("and", "intOrBool", binOp("and"), "zero");
export const orP = defineBinary("or", "intOrBool", binOp("or"), "zero");
export const xorP = defineBinary("xor", "intOrBool", binOp("xor"), "zero");
export const shiftLeftP = defineBinary("shift_left", "integer", binOp("shl"), "zero");
export const shiftRightP = defineBinary("shift_right", "integer", binOp("shr"), "zero");
export const ltP = defineBinary("lt", "any", binOp("lt"), "zero", { boolOut: true });
export const leP = defineBinary("le", "any", binOp("le"), "zero", { boolOut: true });
export const gtP = defineBinary("gt", "any", (a, b) => binary("lt", b, a), "zero", { boolOut: true });
export const geP = defineBinary("ge", "any", (a, b) => binary("le", b, a), "zero", { boolOut: true });
export const eqP = defineBinary("eq", "any", binOp("eq"), "zero", { boolOut: true });
export const neP = defineBinary("ne", "any", binOp("ne"), "zero", { boolOut: true });

/** `select(pred, onTrue, onFalse)`: elementwise choice; pred is bool, branches share shape and dtype. */
export const selectP: Primitive<NoParams> = definePrimitive<NoParams>({
  name: "select",
  abstractEval([p, t, f]) {
    const pred = p as ShapedArray;
    checkSameShapeAndDtype("select", [t as ShapedArray, f as ShapedArray]);
    if (pred.dtype !== "bool") throw new DTypeError(`select: the predicate has dtype ${pred.dtype}; it must be bool — compare first (x.gt(0))`);
    checkSameShapeAndDtype("select", [new ShapedArray(pred.shape, (t as ShapedArray).dtype), t as ShapedArray]);
    const a = t as ShapedArray;
    return [new ShapedArray(a.shape, a.dtype, a.weakType && (f as ShapedArray).weakType)];
  },
  lower: ({ inputs }) => {
    const [p, t, f] = inputs as [Loader, Loader, Loader];
    return { kind: "map", exp: (i) => where(p(i), t(i), f(i)) };
  },
  // d select(p, x, y) = select(p, dx, dy)
  jvp: (primals, tangents) => {
    const [p, x, y] = primals as [Array, Array, Array];
    const [, tx, ty] = tangents as [null, Array | null, Array | null];
    const out = ops.select(p, x, y);
    return [[out], [tx || ty ? ops.select(p, instantiate(tx, x), instantiate(ty, y)) : null]];
  },
  transpose: ([ct], [p, x, y]) => {
    if (isLinear(p)) throw new Error("select: transpose with respect to the predicate (the program is not linear)");
    if (!ct) return [null, null, null];
    const z = ops.zerosLike(ct);
    const pred = known(p, "select");
    return [null, isLinear(x) ? ops.select(pred, ct, z) : null, isLinear(y) ? ops.select(pred, z, ct) : null];
  },
  batch: elementwiseBatch(() => selectP),
});

/** Params of `convert_element_type`. */
export interface ConvertParams {
  readonly newDtype: DType;
  readonly weakType: boolean;
}

/** Converts elements to another dtype (floats → ints truncate toward zero; NaN → 0; out of range saturates). */
export const convertP: Primitive<ConvertParams> = definePrimitive<ConvertParams>({
  name: "convert_element_type",
  abstractEval([x], { newDtype, weakType }) {
    checkDType("convert_element_type", newDtype);
    return [new ShapedArray((x as ShapedArray).shape, newDtype, weakType)];
  },
  lower: ({ inputs, params }) => {
    const [x] = inputs as [Loader];
    return { kind: "map", exp: (i) => cast(x(i), params.newDtype) };
  },
  // Linear between float dtypes; a conversion to or from integers has a zero derivative.
  jvp: ([x], [t], params) => {
    const out = convertP.bind1([x as Array], params);
    const diff = t && isFloat((x as Array).dtype) && isFloat(params.newDtype);
    return [[out], [diff ? convertP.bind1([t], params) : null]];
  },
  transpose: ([ct], [x]) => [ct ? ops.convert(ct, (x as { aval: ShapedArray }).aval.dtype) : null],
  batch: elementwiseBatch(() => convertP),
});
