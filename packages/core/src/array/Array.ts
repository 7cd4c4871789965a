// The Array: the user-facing n-dimensional array. `Array` is the abstract base shared by
// concrete arrays (`ArrayImpl`, data on a backend) and tracers; NumPy-style methods are
// installed on its prototype by the numpy layer. Layer 6.

import type { Backend, DeviceBuffer } from "../backend/backend.js";
import type { DataArray, DType } from "../dtype/dtype.js";
import { BackendCapabilityError, DisposedError, ValueError } from "../errors/errors.js";
import { ShapedArray } from "./aval.js";
import { formatData } from "./format.js";

/** Nested JS arrays of numbers (or booleans for bool arrays), as returned by `toArray()`. @public */
export type NestedArray = number | boolean | NestedArray[];

function nest(data: ArrayLike<number>, shape: readonly number[], dtype: DType): NestedArray {
  const conv = dtype === "bool" ? (v: number): NestedArray => v !== 0 : (v: number): NestedArray => v;
  if (shape.length === 0) return conv(data[0] as number);
  const rec = (offset: number, axis: number): NestedArray[] => {
    const n = shape[axis] as number;
    let stride = 1;
    for (let a = axis + 1; a < shape.length; a++) stride *= shape[a] as number;
    const out: NestedArray[] = [];
    for (let i = 0; i < n; i++) {
      out.push(axis === shape.length - 1 ? conv(data[offset + i] as number) : rec(offset + i * stride, axis + 1));
    }
    return out;
  };
  return rec(0, 0);
}

/**
 * An immutable n-dimensional array. Concrete arrays hold data on a backend; inside a
 * transformation the same type stands for a traced value whose data is not yet known.
 * @public
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging -- the Array interface below declares the installed methods
export abstract class Array {
  /** Shape, dtype and weak type. */
  abstract get aval(): ShapedArray;
  /** Dimensions. */
  get shape(): readonly number[] {
    return this.aval.shape;
  }
  /** Element type. */
  get dtype(): DType {
    return this.aval.dtype;
  }
  /** Number of dimensions. */
  get ndim(): number {
    return this.aval.shape.length;
  }
  /** Number of elements. */
  get size(): number {
    return this.aval.size;
  }
  /** True when the dtype came from a JS scalar and yields to strongly typed operands. */
  get weakType(): boolean {
    return this.aval.weakType;
  }
  /** A copy of the elements in row-major order (bool as 0/1 bytes). Synchronous: needs a backend that reads synchronously. */
  abstract data(): DataArray;
  /** A copy of the elements, read asynchronously (works on every backend). */
  abstract dataAsync(): Promise<DataArray>;

  /** Nested JS arrays of the values (a number or boolean for a 0-d array). */
  toArray(): NestedArray {
    return nest(this.data(), this.shape, this.dtype);
  }
  /** Like `toArray()`, read asynchronously. */
  async toArrayAsync(): Promise<NestedArray> {
    return nest(await this.dataAsync(), this.shape, this.dtype);
  }
  /**
   * The single element of a size-1 array as a JS number (boolean for bool).
   * @throws `ValueError` when the array has more than one element.
   */
  item(): number | boolean {
    if (this.size !== 1) {
      throw new ValueError(
        `Array.item: the array has shape [${this.shape.join(",")}] (${this.size} elements); item() needs exactly one — index or reduce it first`,
      );
    }
    const v = this.data()[0] as number;
    return this.dtype === "bool" ? v !== 0 : v;
  }
  /** `Array([[1., 2.], [3., 4.]], dtype=float32)`. */
  toString(): string {
    return `Array(${formatData(this.data(), this.shape, this.dtype, "Array(".length)}, dtype=${this.dtype})`;
  }
}

/** Axis argument of reductions: one axis, several, or null/undefined for all. @public */
export type Axis = number | readonly number[] | null;

/** Options shared by reductions. @public */
export interface ReduceOptions {
  /** Keep reduced axes as size-1 dimensions. @defaultValue false */
  keepdims?: boolean;
}

/** Options of `var` and `std`. @public */
export interface VarOptions extends ReduceOptions {
  /** Delta degrees of freedom: the divisor is `n - ddof`. @defaultValue 0 */
  ddof?: number;
}

/** A slice `start:stop:step` (each part optional; negative values count from the end). @public */
export interface Slice {
  readonly start?: number | null;
  readonly stop?: number | null;
  readonly step?: number | null;
}

/**
 * One entry of an index expression, as in NumPy's `x[...]`: an integer, a {@link Slice} or a
 * slice string (`":"`, `"1:3"`, `"::-1"`), `null` (new axis), `"..."` (ellipsis), an integer
 * Array or nested list (gather), or a bool Array (mask, eager only).
 * @public
 */
export type IndexItem = number | Slice | string | null | Array | NestedIndexList | readonly boolean[];

/** Nested lists of integers used as an index array. @public */
export type NestedIndexList = readonly (number | NestedIndexList)[];

/** Indexed update helper returned by `x.at(index)`: JAX's `x.at[index].set(v)` and friends. @public */
export interface ArrayAt {
  /** `x[index]`. */
  get(): Array;
  /** A copy of x with `x[index] = values`. */
  set(values: Array | number | boolean): Array;
  /** A copy of x with `x[index] += values` (repeated indices accumulate). */
  add(values: Array | number | boolean): Array;
  /** A copy of x with `x[index] *= values`. */
  mul(values: Array | number | boolean): Array;
  /** A copy of x with `x[index] = min(x[index], values)`. */
  min(values: Array | number | boolean): Array;
  /** A copy of x with `x[index] = max(x[index], values)`. */
  max(values: Array | number | boolean): Array;
}

/** NumPy-style methods of every Array (and tracer); they call the np functions of the same name. @public */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging -- the methods are installed on the prototype by numpy/methods.ts
export interface Array {
  /** `np.add(this, y)`. */
  add(y: Array | number | boolean): Array;
  /** `np.subtract(this, y)`. */
  sub(y: Array | number | boolean): Array;
  /** `np.multiply(this, y)`. */
  mul(y: Array | number | boolean): Array;
  /** `np.divide(this, y)` (true division). */
  div(y: Array | number | boolean): Array;
  /** `np.floorDivide(this, y)`. */
  floorDiv(y: Array | number | boolean): Array;
  /** `np.remainder(this, y)`. */
  mod(y: Array | number | boolean): Array;
  /** `np.power(this, y)`. */
  pow(y: Array | number | boolean): Array;
  /** `np.negative(this)`. */
  neg(): Array;
  /** `np.abs(this)`. */
  abs(): Array;
  /** `np.less(this, y)`. */
  lt(y: Array | number | boolean): Array;
  /** `np.lessEqual(this, y)`. */
  le(y: Array | number | boolean): Array;
  /** `np.greater(this, y)`. */
  gt(y: Array | number | boolean): Array;
  /** `np.greaterEqual(this, y)`. */
  ge(y: Array | number | boolean): Array;
  /** `np.equal(this, y)`. */
  eq(y: Array | number | boolean): Array;
  /** `np.notEqual(this, y)`. */
  ne(y: Array | number | boolean): Array;
  /** `np.astype(this, dtype)`. */
  astype(dtype: DType): Array;
  /** `np.sum(this, axis, options)`. */
  sum(axis?: Axis, options?: ReduceOptions): Array;
  /** `np.mean(this, axis, options)`. */
  mean(axis?: Axis, options?: ReduceOptions): Array;
  /** `np.var(this, axis, options)`. */
  var(axis?: Axis, options?: VarOptions): Array;
  /** `np.std(this, axis, options)`. */
  std(axis?: Axis, options?: VarOptions): Array;
  /** `np.max(this, axis, options)`. */
  max(axis?: Axis, options?: ReduceOptions): Array;
  /** `np.min(this, axis, options)`. */
  min(axis?: Axis, options?: ReduceOptions): Array;
  /** `np.prod(this, axis, options)`. */
  prod(axis?: Axis, options?: ReduceOptions): Array;
  /** `np.any(this, axis, options)`. */
  any(axis?: Axis, options?: ReduceOptions): Array;
  /** `np.all(this, axis, options)`. */
  all(axis?: Axis, options?: ReduceOptions): Array;
  /** `np.argmax(this, axis, options)`. */
  argmax(axis?: number | null, options?: ReduceOptions): Array;
  /** `np.argmin(this, axis, options)`. */
  argmin(axis?: number | null, options?: ReduceOptions): Array;
  /** `np.cumsum(this, axis)`. */
  cumsum(axis?: number | null): Array;
  /** `np.cumprod(this, axis)`. */
  cumprod(axis?: number | null): Array;
  /** `np.reshape(this, shape)` (one entry may be -1). */
  reshape(shape: readonly number[]): Array;
  /** `np.transpose(this, axes)`. */
  transpose(axes?: readonly number[]): Array;
  /** The transpose (axes reversed). */
  readonly T: Array;
  /** `np.swapaxes(this, a, b)`. */
  swapaxes(a: number, b: number): Array;
  /** `np.squeeze(this, axis)`. */
  squeeze(axis?: Axis): Array;
  /** `np.expandDims(this, axis)`. */
  expandDims(axis: number | readonly number[]): Array;
  /** `np.ravel(this)`: a 1-d copy. */
  ravel(): Array;
  /** Alias of `ravel()`. */
  flatten(): Array;
  /** `np.index(this, ...index)`: NumPy's `x[index]`. */
  get(...index: IndexItem[]): Array;
  /** JAX's `x.at[index]`: indexed updates returning new arrays. */
  at(...index: IndexItem[]): ArrayAt;
  /** `np.take(this, indices, axis)`. */
  take(indices: Array | readonly number[] | number, axis?: number | null): Array;
  /** `np.matmul(this, y)`. */
  matmul(y: Array): Array;
  /** `np.dot(this, y)`. */
  dot(y: Array): Array;
  /** `np.sort(this, axis)`. */
  sort(axis?: number | null): Array;
  /** `np.argsort(this, axis)`. */
  argsort(axis?: number | null): Array;
  /** `np.clip(this, min, max)`. */
  clip(min: Array | number | boolean | null, max: Array | number | boolean | null): Array;
  /** `np.round(this, decimals)`. */
  round(decimals?: number): Array;
  /** `np.flip(this, axis)`. */
  flip(axis?: Axis): Array;
  /** `np.repeat(this, repeats, axis)`. */
  repeat(repeats: number | readonly number[], axis?: number | null): Array;
}

/** A concrete array: a buffer on a backend plus its abstract value. @beta */
export class ArrayImpl extends Array {
  private readonly avalValue: ShapedArray;
  private buf: DeviceBuffer | null;

  constructor(buffer: DeviceBuffer, aval: ShapedArray) {
    super();
    this.buf = buffer;
    this.avalValue = aval;
  }
  get aval(): ShapedArray {
    return this.avalValue;
  }
  /** The device buffer (throws after `dispose()`). */
  get buffer(): DeviceBuffer {
    if (this.buf === null) {
      throw new DisposedError(`Array: this ${this.avalValue.toString()} array was disposed; do not use an array after dispose()`);
    }
    return this.buf;
  }
  /** The backend holding the data. */
  get backend(): Backend {
    return this.buffer.backend;
  }
  data(): DataArray {
    const buf = this.buffer;
    if (!buf.backend.capabilities.syncRead) {
      throw new BackendCapabilityError(
        `Array.data: backend '${buf.backend.name}' reads asynchronously only; use await array.dataAsync() or toArrayAsync()`,
      );
    }
    return buf.backend.readSync(buf);
  }
  dataAsync(): Promise<DataArray> {
    const buf = this.buffer;
    return buf.backend.read(buf);
  }
  /** Frees the device memory now; any later use throws DisposedError. */
  dispose(): void {
    if (this.buf !== null) {
      this.buf.backend.free(this.buf);
      this.buf = null;
    }
  }
  /** True once `dispose()` has been called (or the array was donated to a jitted call). */
  get isDisposed(): boolean {
    return this.buf === null;
  }
  /** Gives up the buffer without freeing it: it now belongs to another array (jit's donated arguments). */
  relinquish(): void {
    this.buf = null;
  }
}
