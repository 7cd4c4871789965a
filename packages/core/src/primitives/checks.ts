// Shared checks for abstract evaluation rules: dtype classes and equal operand shapes. Layer 10.

import type { ShapedArray } from "../array/aval.js";
import { formatAval } from "../array/aval.js";
import { isFloat, isInteger, type DType } from "../dtype/dtype.js";
import { DTypeError, ShapeError } from "../errors/errors.js";

/** Which dtypes an elementwise primitive accepts. */
export type DTypeClass = "float" | "numeric" | "integer" | "intOrBool" | "any" | "signed";

/** True when `d` belongs to the class. */
export function inClass(d: DType, cls: DTypeClass): boolean {
  switch (cls) {
    case "float":
      return isFloat(d);
    case "numeric":
      return d !== "bool";
    case "signed":
      return d !== "bool" && d !== "uint32";
    case "integer":
      return isInteger(d);
    case "intOrBool":
      return isInteger(d) || d === "bool";
    case "any":
      return true;
  }
}

const CLASS_TEXT: Record<DTypeClass, string> = {
  float: "a float dtype (float32 or float64); cast integers with astype('float32')",
  numeric: "a numeric dtype (not bool); cast with astype()",
  signed: "a signed dtype (float32, float64 or int32)",
  integer: "an integer dtype (int32 or uint32)",
  intOrBool: "an integer or bool dtype",
  any: "any dtype",
};

/** Throws DTypeError unless every operand's dtype is in `cls`. */
export function checkDtypes(name: string, avals: readonly ShapedArray[], cls: DTypeClass): void {
  for (const a of avals) {
    if (!inClass(a.dtype, cls)) {
      throw new DTypeError(`${name}: got an operand of type ${formatAval(a)}; it needs ${CLASS_TEXT[cls]}`);
    }
  }
}

/** Throws unless all operands have one shape and one dtype (lax-level ops do not broadcast or promote). */
export function checkSameShapeAndDtype(name: string, avals: readonly ShapedArray[]): void {
  const [first] = avals;
  if (!first) return;
  for (const a of avals) {
    if (a.shape.length !== first.shape.length || a.shape.some((d, i) => d !== first.shape[i])) {
      throw new ShapeError(
        `${name}: operands have shapes ${avals.map((x) => `[${x.shape.join(",")}]`).join(" and ")}; lax-level ops need equal shapes — broadcast first (np functions broadcast for you)`,
      );
    }
    if (a.dtype !== first.dtype) {
      throw new DTypeError(
        `${name}: operands have dtypes ${avals.map((x) => x.dtype).join(" and ")}; lax-level ops need one dtype — promote first (np functions promote for you)`,
      );
    }
  }
}
