// Special-function primitives (erf, erfc, erf_inv, lgamma, digamma, logistic, logit): each lowers
// to one kernel through the IR-level approximations of kernel/math.ts. Layer 10.

import type { Array } from "../array/Array.js";
import { NonDifferentiableError } from "../errors/errors.js";
import * as M from "../kernel/math.js";
import { trigamma } from "../kernel/polygamma.js";
import { defineUnary } from "./elementwise.js";
import * as ops from "./ops.js";

const mul = (a: Array, b: Array): Array => ops.mul(a, b);
const div = (a: Array, b: Array): Array => ops.div(a, b);
const sub = (a: Array, b: Array): Array => ops.sub(a, b);
const neg = (a: Array): Array => ops.neg(a);
const exp = (a: Array): Array => ops.exp(a);

// d erf(x) = 2/√π e^(−x²) dx
export const erfP = defineUnary("erf", "float", M.erf, (t, _y, x) => mul(t, ops.scale(exp(neg(mul(x, x))), 2 / Math.sqrt(Math.PI))));
// d erfc(x) = −2/√π e^(−x²) dx
export const erfcP = defineUnary("erfc", "float", M.erfc, (t, _y, x) => mul(t, ops.scale(exp(neg(mul(x, x))), -2 / Math.sqrt(Math.PI))));
// d erfinv(x) = √π/2 e^(erfinv(x)²) dx
export const erfInvP = defineUnary("erf_inv", "float", M.erfinv, (t, y) => mul(t, ops.scale(exp(mul(y, y)), Math.sqrt(Math.PI) / 2)));
// d digamma(x) = trigamma(x) dx
export const digammaP = defineUnary("digamma", "float", M.digamma, (t, _y, x) => mul(t, trigammaP.bind1([x], {})));
// d lgamma(x) = digamma(x) dx
export const lgammaP = defineUnary("lgamma", "float", M.lgamma, (t, _y, x) => mul(t, digammaP.bind1([x], {})));
/** Trigamma ψ₁(x); its own derivative (tetragamma) is not provided. */
export const trigammaP = defineUnary("trigamma", "float", trigamma, () => {
  throw new NonDifferentiableError("trigamma: its derivative (polygamma of order 2) is not implemented, so digamma can be differentiated once only");
});
// d σ(x) = σ(x)(1 − σ(x)) dx
export const logisticP = defineUnary("logistic", "float", M.logistic, (t, y) => mul(t, mul(y, sub(ops.fullLike(y, 1), y))));
// d logit(x) = dx / (x(1 − x))
export const logitP = defineUnary("logit", "float", M.logit, (t, _y, x) => div(t, mul(x, sub(ops.fullLike(x, 1), x))));
