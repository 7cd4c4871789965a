// NumPy/JAX argument handling shared by the np functions: dtype promotion with weak types,
// broadcasting to a common shape, and conversion of JS scalars directly into the result dtype. Layer 12.

import { Array, ArrayImpl } from "../array/Array.js";
import { getDefaultFloatDType, isFloat, promoteTypes, scalarDType, type DType } from "../dtype/dtype.js";
import { broadcastInDimP } from "../primitives/movement.js";
import { convertP } from "../primitives/elementwise.js";
import { broadcastShapes } from "../shape/shape.js";
import { formatShape, sameList } from "../util/assert.js";
import { ShapeError } from "../errors/errors.js";
import { asArray, scalar, type ArrayLike } from "./convert.js";

/** The promoted dtype and weakness of several arguments, as JAX's `result_type`. @public */
export function resultType(...args: ArrayLike[]): { dtype: DType; weak: boolean } {
  const def = getDefaultFloatDType();
  let acc: { dtype: DType; weak: boolean } | undefined;
  for (const a of args) {
    const cur =
      a instanceof Array
        ? { dtype: a.dtype, weak: a.weakType }
        : typeof a === "number" || typeof a === "boolean"
          ? { dtype: scalarDType(a, def), weak: true }
          : { dtype: asArray(a, "resultType").dtype, weak: false };
    acc = acc === undefined ? cur : promoteTypes(acc.dtype, cur.dtype, acc.weak, cur.weak, def);
  }
  return acc ?? { dtype: def, weak: false };
}

/** Converts `x` to `dtype` (and weakness), doing nothing when it already matches. */
export function convert(x: Array, dtype: DType, weak = false): Array {
  if (x.dtype === dtype && x.weakType === weak) return x;
  return convertP.bind1([x], { newDtype: dtype, weakType: weak });
}

/** Broadcasts `x` to `shape` (NumPy rules, leading axes added), without a kernel when already that shape. */
export function broadcastTo(x: Array, shape: readonly number[], where = "broadcastTo"): Array {
  if (sameList(x.shape, shape)) return x;
  const offset = shape.length - x.ndim;
  if (offset < 0 || !x.shape.every((d, k) => d === 1 || d === shape[k + offset])) {
    throw new ShapeError(
      `${where}: cannot broadcast shape ${formatShape(x.shape)} to ${formatShape(shape)}; each axis must equal the target's or be 1, counting from the last axis`,
    );
  }
  return broadcastInDimP.bind1([x], { shape, broadcastDimensions: x.shape.map((_, k) => k + offset) });
}

/**
 * Converts np arguments to Arrays of one dtype and one shape: JS scalars become weak values of
 * the promoted dtype, everything is promoted then broadcast. `toFloat` promotes integers and
 * bools to the default float (for true division and transcendental functions).
 */
export function promoteArgs(where: string, args: readonly ArrayLike[], toFloat = false): Array[] {
  let { dtype, weak } = resultType(...args);
  if (toFloat && !isFloat(dtype)) {
    dtype = getDefaultFloatDType();
    weak = false;
  }
  // JS scalars are created where the array operands live, so mixing them never crosses backends.
  const home = args.find((a): a is ArrayImpl => a instanceof ArrayImpl)?.backend;
  const arrays = args.map((a) =>
    typeof a === "number" || typeof a === "boolean" ? scalar(a, dtype, true, home) : convert(asArray(a, where), dtype, weak),
  );
  const shape = broadcastShapes(where, ...arrays.map((a) => a.shape));
  return arrays.map((a) => broadcastTo(a, shape, where));
}
