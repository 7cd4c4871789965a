// Converting JS values (numbers, booleans, nested lists, typed arrays) into Arrays, with NumPy's
// checks for ragged input and values that do not fit the requested dtype. Layer 12.

import { Array, type NestedArray } from "../array/Array.js";
import { fromData } from "../array/create.js";
import type { Backend } from "../backend/backend.js";
import {
  allocData,
  checkDType,
  dtypeOfData,
  getDefaultFloatDType,
  isInteger,
  scalarDType,
  type DataArray,
  type DType,
} from "../dtype/dtype.js";
import { checkOptions, ValueError } from "../errors/errors.js";
import { isJsArray } from "../util/assert.js";

/** Anything an np function accepts as an array: an Array, a JS scalar, nested lists, or a typed array. @public */
export type ArrayLike = Array | number | boolean | NestedArray | DataArray;

/** Options of `array`. @public */
export interface ArrayOptions {
  /** Element type; inferred when omitted: bool for booleans, otherwise the default float (JS numbers carry no int/float distinction). */
  dtype?: DType;
}

function shapeOf(value: unknown): number[] {
  const shape: number[] = [];
  let cur: unknown = value;
  while (isJsArray(cur)) {
    shape.push(cur.length);
    if (cur.length === 0) break;
    cur = cur[0];
  }
  return shape;
}

function flattenNested(value: NestedArray, shape: readonly number[], where: string): (number | boolean)[] {
  const out: (number | boolean)[] = [];
  const rec = (v: unknown, axis: number, path: string): void => {
    if (axis === shape.length) {
      if (typeof v === "number" || typeof v === "boolean") {
        out.push(v);
        return;
      }
      throw new ValueError(
        isJsArray(v)
          ? `${where}: ragged nested list — element ${path} is a list but its siblings are scalars; every row must have the same length (shape so far ${JSON.stringify(shape)})`
          : `${where}: element ${path} is ${v === null ? "null" : typeof v} (${String(v)}); arrays hold numbers or booleans only`,
      );
    }
    if (!isJsArray(v) || v.length !== shape[axis]) {
      throw new ValueError(
        `${where}: ragged nested list — element ${path || "[]"} has ${isJsArray(v) ? `length ${v.length}` : "a scalar"} where length ${shape[axis]} was expected from the first row; every row must have the same length`,
      );
    }
    v.forEach((x, i) => rec(x, axis + 1, `${path}[${i}]`));
  };
  rec(value, 0, "");
  return out;
}

/**
 * The dtype of an array made from JS values: bool when every value is a boolean, otherwise the
 * default float. JS has one number type, so `3` and `3.0` are indistinguishable; integer arrays
 * are requested explicitly with `{ dtype: 'int32' }` (a deliberate departure from JAX, where
 * Python ints give int32).
 */
function inferDType(values: readonly (number | boolean)[]): DType {
  if (values.length > 0 && values.every((v) => typeof v === "boolean")) return "bool";
  return getDefaultFloatDType();
}

/** Writes JS values into storage of `dtype`, rejecting what NumPy would reject (NaN or ±Infinity into integers, overflow). */
function fillData(values: readonly (number | boolean)[], dtype: DType, where: string): DataArray {
  const data = allocData(dtype, values.length);
  const lo = dtype === "int32" ? -2147483648 : 0;
  const hi = dtype === "int32" ? 2147483647 : 4294967295;
  for (let i = 0; i < values.length; i++) {
    const raw = values[i] as number | boolean;
    const v = typeof raw === "boolean" ? (raw ? 1 : 0) : raw;
    if (dtype === "bool") {
      data[i] = v !== 0 ? 1 : 0;
    } else if (isInteger(dtype)) {
      if (!Number.isFinite(v)) throw new ValueError(`${where}: cannot convert ${v} to ${dtype} (element ${i}); NaN and infinities have no integer value`);
      const t = Math.trunc(v);
      if (t < lo || t > hi) throw new ValueError(`${where}: ${v} (element ${i}) is out of range for ${dtype} [${lo}, ${hi}]`);
      data[i] = t;
    } else {
      data[i] = v;
    }
  }
  return data;
}

/**
 * Creates an array from nested lists, a scalar, a typed array or another Array.
 * @throws {@link ValueError} for ragged lists, non-numeric elements, or values the dtype cannot hold.
 * @example
 * ```ts
 * np.array([[1, 2], [3, 4]], { dtype: "float32" })
 * ```
 * @public
 */
export function array(value: ArrayLike, options?: ArrayOptions): Array {
  checkOptions("array", options, ["dtype"]);
  const requested = options?.dtype === undefined ? undefined : checkDType("array", options.dtype);
  if (value instanceof Array) {
    return requested === undefined || requested === value.dtype ? value : astypeHook(value, requested);
  }
  if (ArrayBuffer.isView(value)) {
    const own = dtypeOfData(value);
    if (own === undefined) throw new ValueError(`array: typed arrays of type ${value.constructor.name} are not supported; use Float32Array, Float64Array, Int32Array, Uint32Array or Uint8Array`);
    const dtype = requested ?? own;
    const data = dtype === own ? value : fillData(globalThis.Array.from(value as unknown as Iterable<number>), dtype, "array");
    return fromData(data, [value.length], dtype);
  }
  const shape = shapeOf(value);
  const values = flattenNested(value as NestedArray, shape, "array");
  const dtype = requested ?? inferDType(values);
  return fromData(fillData(values, dtype, "array"), shape, dtype);
}

/** Converts via `astype`; installed by the elementwise module to avoid an import cycle. */
let astypeHook: (x: Array, dtype: DType) => Array = () => {
  throw new Error("array: astype is not installed");
};

/** Installs the conversion used by `array(x, { dtype })` on existing arrays. */
export function setAstypeHook(fn: (x: Array, dtype: DType) => Array): void {
  astypeHook = fn;
}

/** A 0-d array holding a JS scalar in `dtype` (on `backend`, default the current one); weak when it stands for a JS literal. */
export function scalar(value: number | boolean, dtype: DType, weakType = false, backend?: Backend): Array {
  return fromData(fillScalar(value, dtype), [], dtype, weakType, backend);
}

function fillScalar(value: number | boolean, dtype: DType): DataArray {
  const data = allocData(dtype, 1);
  data[0] = typeof value === "boolean" ? (value ? 1 : 0) : dtype === "bool" ? (value !== 0 ? 1 : 0) : value;
  return data;
}

/**
 * Converts an argument of an np function to an Array; JS scalars become weakly typed. `where`
 * names the calling function in error messages.
 * @public
 */
export function asArray(x: ArrayLike, where: string): Array {
  if (x instanceof Array) return x;
  if (typeof x === "number" || typeof x === "boolean") return scalar(x, scalarDType(x, getDefaultFloatDType()), true);
  if (isJsArray(x) || ArrayBuffer.isView(x)) return array(x);
  throw new ValueError(`${where}: expected an Array, a number, a boolean or a nested list, got ${x === null ? "null" : typeof x}`);
}
