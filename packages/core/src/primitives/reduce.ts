// Reduction primitives: sum, product, max, min (and, on bool, all/any) over axes; argmax/argmin
// over one axis. Each lowers to one reduction kernel. Layer 10.

import { ShapedArray } from "../array/aval.js";
import { ValueError } from "../errors/errors.js";
import { cast } from "../kernel/build.js";
import type { Exp, ReduceOp } from "../kernel/ir.js";
import type { Array } from "../array/Array.js";
import { definePrimitive, type JvpRule, type Loader, type Primitive, type PrimitiveDefinition, type UndefinedPrimal } from "../trace/primitive.js";
import * as ops from "./ops.js";
import { batchToFront, linearJvp, zeroJvp } from "./rules.js";
import { formatShape } from "../util/assert.js";
import { checkDtypes, type DTypeClass } from "./checks.js";

/** Params of the axis reductions: sorted, non-negative axes. */
export interface ReduceParams {
  readonly axes: readonly number[];
}

/** Splits the output multi-index and the reduction multi-index back into an operand index. */
function operandIndex(ndim: number, axes: readonly number[], out: readonly Exp[], red: readonly Exp[]): Exp[] {
  const src: Exp[] = [];
  let o = 0;
  let r = 0;
  for (let k = 0; k < ndim; k++) src.push(axes.includes(k) ? (red[r++] as Exp) : (out[o++] as Exp));
  return src;
}

/** The axes of `shape` not in `axes`: where the reduced result's axes come from. */
function keptAxes(ndim: number, axes: readonly number[]): number[] {
  const out: number[] = [];
  for (let k = 0; k < ndim; k++) if (!axes.includes(k)) out.push(k);
  return out;
}

/** Batching for axis reductions: batch axis to the front, reduced axes shifted by one. */
function reduceBatch(prim: () => Primitive<ReduceParams>) {
  return (args: readonly Array[], dims: readonly (number | null)[], params: ReduceParams, size: number): [Array[], number[]] => [
    [prim().bind1([batchToFront(args[0] as Array, dims[0] ?? null, size)], { axes: params.axes.map((k) => k + 1) })],
    [0],
  ];
}

/** Broadcasts a reduced result back over the reduced axes of `shape`. */
function expandReduced(r: Array, shape: readonly number[], axes: readonly number[]): Array {
  return ops.broadcastInDim(r, shape, keptAxes(shape.length, axes));
}

// JAX's chooser rule for max/min: the tangent is the mean of the tangents at the extremal positions.
function chooserJvp(prim: () => Primitive<ReduceParams>): JvpRule<ReduceParams> {
  return ([x], [t], params) => {
    const a = x as Array;
    const ans = prim().bind1([a], params);
    if (!t) return [[ans], [null]];
    const at = ops.convert(ops.eq(a, expandReduced(ans, a.shape, params.axes)), a.dtype);
    const counts = ops.reduceSum(at, params.axes);
    return [[ans], [ops.div(ops.reduceSum(ops.mul(t, at), params.axes), counts)]];
  };
}

// d prod(x) = Σᵢ dxᵢ Π_{j≠i} xⱼ, with the products of the others computed safely when x has zeros.
const prodJvp: JvpRule<ReduceParams> = ([x], [t], params) => {
  const a = x as Array;
  const ans = reduceProdP.bind1([a], params);
  if (!t) return [[ans], [null]];
  const zero = ops.zerosLike(a);
  const isZero = ops.eq(a, zero);
  const nonZero = ops.select(isZero, ops.fullLike(a, 1), a);
  const prodNonZero = expandReduced(reduceProdP.bind1([nonZero], params), a.shape, params.axes);
  const zeroCount = expandReduced(ops.reduceSum(ops.convert(isZero, "int32"), params.axes), a.shape, params.axes);
  const noZeros = ops.eq(zeroCount, ops.zerosLike(zeroCount));
  const oneZero = ops.eq(zeroCount, ops.fullLike(zeroCount, 1));
  const others = ops.select(noZeros, ops.div(expandReduced(ans, a.shape, params.axes), nonZero), ops.select(oneZero, ops.select(isZero, prodNonZero, zero), zero));
  return [[ans], [ops.reduceSum(ops.mul(t, others), params.axes)]];
};

function defineReduce(name: string, op: ReduceOp, cls: DTypeClass, rules: Pick<PrimitiveDefinition<ReduceParams>, "jvp" | "transpose">): Primitive<ReduceParams> {
  const prim: Primitive<ReduceParams> = definePrimitive<ReduceParams>({
    ...rules,
    batch: reduceBatch(() => prim),
    name,
    abstractEval([x], { axes }) {
      const a = x as ShapedArray;
      checkDtypes(name, [a], cls);
      if ((op === "max" || op === "min") && axes.some((k) => a.shape[k] === 0)) {
        throw new ValueError(
          `${name}: cannot reduce a zero-size axis of shape ${formatShape(a.shape)} (axes ${formatShape(axes)}); the operation has no identity — pass an initial value or check the size first`,
        );
      }
      return [new ShapedArray(a.shape.filter((_, k) => !axes.includes(k)), a.dtype, a.weakType)];
    },
    lower: ({ inputs, inAvals, params }) => {
      const [x] = inputs as [Loader];
      const shape = (inAvals[0] as ShapedArray).shape;
      return {
        kind: "reduce",
        op,
        shape: params.axes.map((k) => shape[k] as number),
        body: (out, red) => x(operandIndex(shape.length, params.axes, out, red)),
      };
    },
  });
  return prim;
}

export const reduceSumP: Primitive<ReduceParams> = defineReduce("reduce_sum", "sum", "numeric", {
  jvp: linearJvp(() => reduceSumP),
  // Transpose of a sum: broadcast the cotangent over the summed axes.
  transpose: ([ct], [x], params) => [ct ? expandReduced(ct, (x as UndefinedPrimal).aval.shape, params.axes) : null],
});
export const reduceProdP: Primitive<ReduceParams> = defineReduce("reduce_prod", "prod", "numeric", { jvp: prodJvp, transpose: "nonlinear" });
export const reduceMaxP: Primitive<ReduceParams> = defineReduce("reduce_max", "max", "any", { jvp: chooserJvp(() => reduceMaxP), transpose: "nonlinear" });
export const reduceMinP: Primitive<ReduceParams> = defineReduce("reduce_min", "min", "any", { jvp: chooserJvp(() => reduceMinP), transpose: "nonlinear" });

/** Params of argmax/argmin. */
export interface ArgReduceParams {
  readonly axis: number;
}

function defineArgReduce(name: string, op: "argmax" | "argmin"): Primitive<ArgReduceParams> {
  const prim: Primitive<ArgReduceParams> = definePrimitive<ArgReduceParams>({
    name,
    jvp: zeroJvp(() => prim),
    transpose: "nonlinear",
    batch: ([x], [d], params, size) => [[prim.bind1([batchToFront(x as Array, d ?? null, size)], { axis: params.axis + 1 })], [0]],
    abstractEval([x], { axis }) {
      const a = x as ShapedArray;
      if (a.shape[axis] === 0) {
        throw new ValueError(`${name}: attempt to get ${op} of an empty axis (shape ${formatShape(a.shape)}, axis ${axis})`);
      }
      return [new ShapedArray(a.shape.filter((_, k) => k !== axis), "int32")];
    },
    lower: ({ inputs, inAvals, params }) => {
      const [x] = inputs as [Loader];
      const a = inAvals[0] as ShapedArray;
      return {
        kind: "reduce",
        op,
        shape: [a.shape[params.axis] as number],
        body: (out, red) => {
          const v = x(operandIndex(a.ndim, [params.axis], out, red));
          return a.dtype === "bool" ? cast(v, "int32") : v;
        },
      };
    },
  });
  return prim;
}

export const argmaxP = defineArgReduce("argmax", "argmax");
export const argminP = defineArgReduce("argmin", "argmin");
