// Installs the NumPy-style methods declared on `Array` (array/Array.ts) onto its prototype; each
// forwards to the np function of the same name. Layer 12.

import { Array, type ArrayAt, type Axis, type IndexItem, type ReduceOptions, type VarOptions } from "../array/Array.js";
import type { DType } from "../dtype/dtype.js";
import * as E from "./elementwise.js";
import { at, index, take } from "./indexing.js";
import { dot, matmul } from "./linalg.js";
import { expandDims, flip, ravel, repeat, reshape, squeeze, swapaxes, transpose } from "./manipulation.js";
import * as R from "./reductions.js";
import { argsort, cumprod, cumsum, sort } from "./sorting.js";

type Operand = Array | number | boolean;

const methods: ThisType<Array> & Record<string, unknown> = {
  add(this: Array, y: Operand) { return E.add(this, y); },
  sub(this: Array, y: Operand) { return E.subtract(this, y); },
  mul(this: Array, y: Operand) { return E.multiply(this, y); },
  div(this: Array, y: Operand) { return E.divide(this, y); },
  floorDiv(this: Array, y: Operand) { return E.floorDivide(this, y); },
  mod(this: Array, y: Operand) { return E.remainder(this, y); },
  pow(this: Array, y: Operand) { return E.power(this, y); },
  neg(this: Array) { return E.negative(this); },
  abs(this: Array) { return E.abs(this); },
  lt(this: Array, y: Operand) { return E.less(this, y); },
  le(this: Array, y: Operand) { return E.lessEqual(this, y); },
  gt(this: Array, y: Operand) { return E.greater(this, y); },
  ge(this: Array, y: Operand) { return E.greaterEqual(this, y); },
  eq(this: Array, y: Operand) { return E.equal(this, y); },
  ne(this: Array, y: Operand) { return E.notEqual(this, y); },
  astype(this: Array, dtype: DType) { return E.astype(this, dtype); },
  clip(this: Array, lo: Operand | null, hi: Operand | null) { return E.clip(this, lo, hi); },
  round(this: Array, decimals?: number) { return E.round(this, decimals); },
  sum(this: Array, axis?: Axis, o?: ReduceOptions) { return R.sum(this, axis, o); },
  mean(this: Array, axis?: Axis, o?: ReduceOptions) { return R.mean(this, axis, o); },
  var(this: Array, axis?: Axis, o?: VarOptions) { return R.var(this, axis, o); },
  std(this: Array, axis?: Axis, o?: VarOptions) { return R.std(this, axis, o); },
  max(this: Array, axis?: Axis, o?: ReduceOptions) { return R.max(this, axis, o); },
  min(this: Array, axis?: Axis, o?: ReduceOptions) { return R.min(this, axis, o); },
  prod(this: Array, axis?: Axis, o?: ReduceOptions) { return R.prod(this, axis, o); },
  any(this: Array, axis?: Axis, o?: ReduceOptions) { return R.any(this, axis, o); },
  all(this: Array, axis?: Axis, o?: ReduceOptions) { return R.all(this, axis, o); },
  argmax(this: Array, axis?: number | null, o?: ReduceOptions) { return R.argmax(this, axis, o); },
  argmin(this: Array, axis?: number | null, o?: ReduceOptions) { return R.argmin(this, axis, o); },
  cumsum(this: Array, axis?: number | null) { return cumsum(this, axis); },
  cumprod(this: Array, axis?: number | null) { return cumprod(this, axis); },
  reshape(this: Array, shape: readonly number[]) { return reshape(this, shape); },
  transpose(this: Array, axes?: readonly number[]) { return transpose(this, axes); },
  swapaxes(this: Array, a: number, b: number) { return swapaxes(this, a, b); },
  squeeze(this: Array, axis?: Axis) { return squeeze(this, axis); },
  expandDims(this: Array, axis: number | readonly number[]) { return expandDims(this, axis); },
  ravel(this: Array) { return ravel(this); },
  flatten(this: Array) { return ravel(this); },
  get(this: Array, ...idx: IndexItem[]) { return index(this, ...idx); },
  at(this: Array, ...idx: IndexItem[]): ArrayAt { return at(this, ...idx); },
  take(this: Array, indices: Array | readonly number[] | number, axis?: number | null) { return take(this, indices, axis); },
  matmul(this: Array, y: Array) { return matmul(this, y); },
  dot(this: Array, y: Array) { return dot(this, y); },
  sort(this: Array, axis?: number | null) { return sort(this, axis); },
  argsort(this: Array, axis?: number | null) { return argsort(this, axis); },
  flip(this: Array, axis?: Axis) { return flip(this, axis); },
  repeat(this: Array, repeats: number | readonly number[], axis?: number | null) { return repeat(this, repeats, axis); },
};

for (const [name, fn] of Object.entries(methods)) {
  Object.defineProperty(Array.prototype, name, { value: fn, writable: true, configurable: true, enumerable: false });
}
Object.defineProperty(Array.prototype, "T", {
  get(this: Array) {
    return transpose(this);
  },
  configurable: true,
  enumerable: false,
});
