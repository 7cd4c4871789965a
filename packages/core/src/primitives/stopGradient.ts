// stop_gradient: the identity whose derivative is zero. Layer 10.

import { ShapedArray } from "../array/aval.js";
import { definePrimitive, type Loader, type Primitive } from "../trace/primitive.js";
import type { NoParams } from "./elementwise.js";
import { elementwiseBatch, zeroJvp } from "./rules.js";

/** The identity on values; differentiation sees a constant. */
export const stopGradientP: Primitive<NoParams> = definePrimitive<NoParams>({
  name: "stop_gradient",
  abstractEval: ([x]) => [new ShapedArray((x as ShapedArray).shape, (x as ShapedArray).dtype, (x as ShapedArray).weakType)],
  lower: ({ inputs }) => {
    const [x] = inputs as [Loader];
    return { kind: "map", exp: (i) => x(i) };
  },
  jvp: zeroJvp(() => stopGradientP),
  transpose: "nonlinear",
  batch: elementwiseBatch(() => stopGradientP),
});
