// The spike: a Heaviside step whose derivative is a surrogate's g'(x), built on core's customJvp
// (brainstate's `heaviside_p`). Layer: surrogate, the one place that defines a derivative rule.

import { customJvp, np, type Array } from "@brainstate/core";
import type { Surrogate } from "./Surrogate.js";

// H(x) = 1 where x >= 0, else 0, in x's dtype. The surrogate is a non-differentiated argument: the
// rule needs it to compute g'(x).
const heavisideStep = customJvp((_surrogate: Surrogate, x: Array): Array => np.greaterEqual(x, 0).astype(x.dtype), {
  nondiffArgnums: [0],
});

// dH(x) = g'(x)·dx. As in brainstate, g'(x) is an ordinary function of x: a second derivative of
// the spike differentiates g' (brainstate's rule multiplies the tangent by the forward-computed
// g'(x), which outer transformations see through).
heavisideStep.defjvp(([surrogate, x], [, dx]) => [heavisideStep(surrogate, x), surrogate.surrogateGrad(x).mul(dx)]);

/** H(x) with the surrogate derivative of `surrogate`; `x` is already an Array. */
export function heaviside(surrogate: Surrogate, x: Array): Array {
  return heavisideStep(surrogate, x);
}
