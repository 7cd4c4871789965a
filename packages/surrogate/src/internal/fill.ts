// A constant with the shape of x in x's float dtype (the default float for integer x), so that
// piecewise-constant surrogate derivatives keep float64 precision for float64 inputs.
// Layer: surrogate internals.

import { getDefaultFloatDType, isFloat, np, type Array } from "@brainstate/core";

/** `value` broadcast to `x`'s shape, in `x`'s float dtype. */
export function fillLike(x: Array, value: number): Array {
  return np.fullLike(x, value, { dtype: isFloat(x.dtype) ? x.dtype : getDefaultFloatDType() });
}
