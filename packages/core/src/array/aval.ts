// Abstract values: what a traced value is known to be (shape, dtype, weak type) without its data.
// Layer 6.

import type { DType } from "../dtype/dtype.js";
import { prod } from "../util/assert.js";

/** The abstract value of an array: shape, dtype and whether the dtype is weak (came from a JS scalar). @public */
export class ShapedArray {
  /** Dimensions. */
  readonly shape: readonly number[];
  /** Element type. */
  readonly dtype: DType;
  /** True for values born from JS scalars, whose dtype yields to a strongly typed operand. */
  readonly weakType: boolean;
  constructor(shape: readonly number[], dtype: DType, weakType = false) {
    this.shape = Object.freeze([...shape]);
    this.dtype = dtype;
    this.weakType = weakType;
  }
  /** Number of dimensions. */
  get ndim(): number {
    return this.shape.length;
  }
  /** Number of elements. */
  get size(): number {
    return prod(this.shape);
  }
  /** Same shape and dtype (weak type ignored). */
  equals(other: ShapedArray): boolean {
    return this.dtype === other.dtype && this.shape.length === other.shape.length && this.shape.every((d, i) => d === other.shape[i]);
  }
  /** `float32[2,3]`, with a `~` suffix on the dtype for weak types, as the IR prints avals. */
  toString(): string {
    return formatAval(this);
  }
}

/** Formats an aval as the IR prints it: `float32[2,3]` (weak: `float32~[2,3]`). @public */
export function formatAval(a: { shape: readonly number[]; dtype: DType; weakType?: boolean }): string {
  return `${a.dtype}${a.weakType ? "~" : ""}[${a.shape.join(",")}]`;
}
