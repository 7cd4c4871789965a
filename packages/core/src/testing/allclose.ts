// Numeric assertions for tests of core and of packages above it. Layer: testing (imports the public surface only).

import { Array, type NestedArray } from "../array/Array.js";

/** Tolerances of {@link expectAllclose}. @public */
export interface AllcloseOptions {
  /** Relative tolerance. @defaultValue 1e-6 */
  rtol?: number;
  /** Absolute tolerance. @defaultValue 1e-6 */
  atol?: number;
  /** Whether NaN in both places counts as equal. @defaultValue true */
  equalNan?: boolean;
}

function flat(x: Array | NestedArray): { values: number[]; shape: number[] } {
  if (x instanceof Array) return { values: globalThis.Array.from(x.data(), Number), shape: [...x.shape] };
  const shape: number[] = [];
  let cur: NestedArray = x;
  while (globalThis.Array.isArray(cur)) {
    shape.push(cur.length);
    if (cur.length === 0) break;
    cur = cur[0] as NestedArray;
  }
  const values: number[] = [];
  const rec = (v: NestedArray): void => {
    if (globalThis.Array.isArray(v)) v.forEach(rec);
    else values.push(Number(v));
  };
  rec(x);
  return { values, shape };
}

/**
 * Throws an Error describing the first mismatch unless `actual` and `expected` have the same
 * shape and `|a − e| ≤ atol + rtol·|e|` everywhere.
 * @public
 */
export function expectAllclose(actual: Array | NestedArray, expected: Array | NestedArray, options: AllcloseOptions = {}): void {
  const rtol = options.rtol ?? 1e-6;
  const atol = options.atol ?? 1e-6;
  const equalNan = options.equalNan ?? true;
  const a = flat(actual);
  const e = flat(expected);
  if (a.shape.join(",") !== e.shape.join(",")) {
    throw new Error(`expectAllclose: shape [${a.shape.join(",")}] differs from expected [${e.shape.join(",")}]`);
  }
  for (let i = 0; i < a.values.length; i++) {
    const x = a.values[i] as number;
    const y = e.values[i] as number;
    if (Number.isNaN(x) || Number.isNaN(y)) {
      if (Number.isNaN(x) && Number.isNaN(y) && equalNan) continue;
      throw new Error(`expectAllclose: element ${i} is ${x}, expected ${y}`);
    }
    if (x === y) continue;
    if (!(Math.abs(x - y) <= atol + rtol * Math.abs(y))) {
      throw new Error(`expectAllclose: element ${i} is ${x}, expected ${y} (|diff| ${Math.abs(x - y)} > ${atol} + ${rtol}·|expected|)`);
    }
  }
}
