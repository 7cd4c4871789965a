// Special functions on the np/scipy.special level (integers promote to the default float). Layer 12.

import type { Array } from "../array/Array.js";
import * as S from "../primitives/special.js";
import { type ArrayLike } from "./convert.js";
import { promoteArgs } from "./promote.js";

const floatFn = (p: typeof S.erfP, name: string) => (x: ArrayLike): Array => p.bind1(promoteArgs(name, [x], true), {});

/** Error function erf(x) = 2/√π ∫₀ˣ e^(−t²) dt. @public */
export const erf = floatFn(S.erfP, "erf");
/** Complementary error function 1 − erf(x), accurate in the tail. @public */
export const erfc = floatFn(S.erfcP, "erfc");
/** Inverse error function on (−1, 1); ±1 → ±∞, outside → NaN. @public */
export const erfinv = floatFn(S.erfInvP, "erfinv");
/** log |Γ(x)|; +∞ at the poles (non-positive integers). @public */
export const lgamma = floatFn(S.lgammaP, "lgamma");
/** Alias of `np.lgamma` (scipy's name). @public */
export const gammaln = lgamma;
/** Digamma ψ(x) = d/dx log Γ(x). @public */
export const digamma = floatFn(S.digammaP, "digamma");
/** Logistic sigmoid 1 / (1 + e^(−x)), stable for large |x|. @public */
export const sigmoid = floatFn(S.logisticP, "sigmoid");
/** Alias of `np.sigmoid` (scipy's name). @public */
export const expit = sigmoid;
/** Logit log(x / (1 − x)), the inverse of the sigmoid. @public */
export const logit = floatFn(S.logitP, "logit");
