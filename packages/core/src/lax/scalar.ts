// JS numbers given to lax functions as operand values (padding values, init values) become 0-d
// arrays of the operand's dtype — exactly, or with an error. Layer 11.

import type { Array } from "../array/Array.js";
import { fromData } from "../array/create.js";
import { allocData, isInteger, type DType } from "../dtype/dtype.js";
import { ValueError } from "../errors/errors.js";

/**
 * A 0-d array of `dtype` holding `value`; `what` names the argument in errors.
 * @throws {@link ValueError} when an integer dtype cannot hold the value exactly.
 * @beta
 */
export function scalarOf(where: string, what: string, value: number | boolean, dtype: DType): Array {
  const v = typeof value === "boolean" ? (value ? 1 : 0) : value;
  if (isInteger(dtype)) {
    const lo = dtype === "int32" ? -2147483648 : 0;
    const hi = dtype === "int32" ? 2147483647 : 4294967295;
    if (!Number.isInteger(v) || v < lo || v > hi) {
      throw new ValueError(
        `${where}: the ${what} ${value} cannot be represented in the operand's dtype ${dtype}; use an integer in [${lo}, ${hi}] (e.g. ${lo} as the identity of a max)`,
      );
    }
  }
  const data = allocData(dtype, 1);
  data[0] = dtype === "bool" ? (v !== 0 ? 1 : 0) : v;
  return fromData(data, [], dtype);
}
