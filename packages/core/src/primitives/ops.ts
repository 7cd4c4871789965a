// Lax-level shorthands over the basic primitives (no promotion, no broadcasting), used by the
// transformation rules of every primitive file. Rule bodies run lazily, so the import cycle
// between this file and the primitive files is harmless at module-evaluation time. Layer 10.

import type { Array } from "../array/Array.js";
import { fromData } from "../array/create.js";
import { allocData, type DType } from "../dtype/dtype.js";
import * as E from "./elementwise.js";
import { broadcastInDimP, iotaP, reshapeP, transposeP } from "./movement.js";
import { reduceSumP } from "./reduce.js";

const b1 = (p: { bind1(args: readonly Array[], params: object): Array }, ...args: Array[]): Array => p.bind1(args, {});

export const add = (a: Array, b: Array): Array => b1(E.addP, a, b);
export const sub = (a: Array, b: Array): Array => b1(E.subP, a, b);
export const mul = (a: Array, b: Array): Array => b1(E.mulP, a, b);
export const div = (a: Array, b: Array): Array => b1(E.divP, a, b);
export const neg = (a: Array): Array => b1(E.negP, a);
export const max = (a: Array, b: Array): Array => b1(E.maxP, a, b);
export const min = (a: Array, b: Array): Array => b1(E.minP, a, b);
export const exp = (a: Array): Array => b1(E.expP, a);
export const log = (a: Array): Array => b1(E.logP, a);
export const sqrt = (a: Array): Array => b1(E.sqrtP, a);
export const sin = (a: Array): Array => b1(E.sinP, a);
export const cos = (a: Array): Array => b1(E.cosP, a);
export const sign = (a: Array): Array => b1(E.signP, a);
export const abs = (a: Array): Array => b1(E.absP, a);
export const trunc = (a: Array): Array => b1(E.truncP, a);
export const eq = (a: Array, b: Array): Array => b1(E.eqP, a, b);
export const ne = (a: Array, b: Array): Array => b1(E.neP, a, b);
export const lt = (a: Array, b: Array): Array => b1(E.ltP, a, b);
export const gt = (a: Array, b: Array): Array => b1(E.gtP, a, b);
export const select = (p: Array, t: Array, f: Array): Array => b1(E.selectP, p, t, f);

/** Converts to `dtype` (identity when it already is). */
export function convert(x: Array, dtype: DType): Array {
  return x.dtype === dtype ? x : E.convertP.bind1([x], { newDtype: dtype, weakType: false });
}

/** An array of `shape` filled with `value` (a broadcast scalar). */
export function full(shape: readonly number[], value: number | boolean, dtype: DType, weakType = false): Array {
  const data = allocData(dtype, 1);
  data[0] = typeof value === "boolean" ? (value ? 1 : 0) : value;
  const s = fromData(data, [], dtype, weakType);
  return shape.length === 0 ? s : broadcastInDimP.bind1([s], { shape, broadcastDimensions: [] });
}

/** `full` with `x`'s shape and dtype. */
export const fullLike = (x: Array, value: number | boolean): Array => full(x.shape, value, x.dtype, x.weakType);
/** Zeros with `x`'s shape and dtype. */
export const zerosLike = (x: Array): Array => fullLike(x, 0);
/** `x * c` for a JS scalar c. */
export const scale = (x: Array, c: number): Array => mul(x, fullLike(x, c));

/** Broadcasts `x` into `shape`, operand axis k landing on `dims[k]`. */
export function broadcastInDim(x: Array, shape: readonly number[], dims: readonly number[]): Array {
  return broadcastInDimP.bind1([x], { shape, broadcastDimensions: dims });
}

/** Reshapes (identity when the shape is unchanged). */
export function reshape(x: Array, shape: readonly number[]): Array {
  return x.shape.length === shape.length && x.shape.every((d, i) => d === shape[i]) ? x : reshapeP.bind1([x], { newShape: shape });
}

/** Permutes axes. */
export const transpose = (x: Array, permutation: readonly number[]): Array => transposeP.bind1([x], { permutation });

/** Sums over `axes` (sorted, non-negative). */
export const reduceSum = (x: Array, axes: readonly number[]): Array => (axes.length === 0 ? x : reduceSumP.bind1([x], { axes }));

/** Moves axis `from` to position `to`. */
export function moveAxis(x: Array, from: number, to: number): Array {
  if (from === to) return x;
  const perm = x.shape.map((_, k) => k).filter((k) => k !== from);
  perm.splice(to, 0, from);
  return transpose(x, perm);
}

/** Sums `x` (of a broadcast result's shape) back down to `shape`: the transpose of NumPy broadcasting. */
export function unbroadcast(x: Array, shape: readonly number[]): Array {
  if (x.shape.length === shape.length && x.shape.every((d, i) => d === shape[i])) return x;
  const lead = x.ndim - shape.length;
  const axes: number[] = [];
  for (let k = 0; k < x.ndim; k++) if (k < lead || (shape[k - lead] === 1 && x.shape[k] !== 1)) axes.push(k);
  return reshape(reduceSum(x, axes), shape);
}

/** `0, 1, 2, …` along `dimension` of a new int32 array of `shape`. */
export const iota = (shape: readonly number[], dimension: number): Array => iotaP.bind1([], { dtype: "int32", shape, dimension });
