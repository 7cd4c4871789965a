// Cumulative primitives along one axis (JAX's cumsum, cumprod, cummax, cummin, with `reverse`).
// Each runs through a routine of the same name whose generic lowering is one masked prefix
// reduction kernel (O(n²) per row, exact); the CPU backend scans natively. Layer 10.

import { ShapedArray } from "../array/aval.js";
import type { BufferSpec } from "../backend/backend.js";
import { defineRoutine } from "../backend/routines.js";
import type { DType } from "../dtype/dtype.js";
import { AxisError } from "../errors/errors.js";
import { constant, GIDX, le, load, ravel, RIDX, unravel, where } from "../kernel/build.js";
import type { Exp, Kernel } from "../kernel/ir.js";
import { definePrimitive, type Primitive } from "../trace/primitive.js";
import { formatShape, prod } from "../util/assert.js";
import { checkDtypes, type DTypeClass } from "./checks.js";

/** Params of the cumulative primitives. @beta */
export interface CumulativeParams {
  /** The scanned axis (non-negative). */
  readonly axis: number;
  /** Scan from the end of the axis towards its start. */
  readonly reverse: boolean;
}

/** The combining operation of a cumulative primitive. @beta */
export type CumulativeOp = "sum" | "prod" | "max" | "min";

/** The identity of `op` in `dtype` (what masked-out positions contribute). @beta */
export function cumulativeIdentity(op: CumulativeOp, dtype: DType): number | boolean {
  switch (op) {
    case "sum":
      return 0;
    case "prod":
      return 1;
    case "max":
      return dtype === "bool" ? false : dtype === "int32" ? -2147483648 : dtype === "uint32" ? 0 : -Infinity;
    case "min":
      return dtype === "bool" ? true : dtype === "int32" ? 2147483647 : dtype === "uint32" ? 4294967295 : Infinity;
  }
}

function defineCumulative(name: string, op: CumulativeOp, cls: DTypeClass): Primitive<CumulativeParams> {
  const prim = definePrimitive<CumulativeParams>({
    name,
    abstractEval([x], { axis }) {
      const a = x as ShapedArray;
      checkDtypes(name, [a], cls);
      if (!Number.isInteger(axis) || axis < 0 || axis >= a.ndim) {
        throw new AxisError(`${name}: axis ${axis} is out of range for an operand of shape ${formatShape(a.shape)}`);
      }
      return [new ShapedArray(a.shape, a.dtype, a.weakType)];
    },
    routine: name,
  });
  defineRoutine({
    name,
    doc: `${name}: cumulative ${op} along one axis (params: axis, reverse)`,
    lowerGeneric(emit, inputs, inSpecs, _outSpecs, params) {
      const { axis, reverse } = params as unknown as CumulativeParams;
      const spec = inSpecs[0] as BufferSpec;
      const shape = spec.shape;
      const i = unravel(GIDX, shape);
      const self = i[axis] as Exp;
      const j = i.map((e, k) => (k === axis ? RIDX : e));
      const inPrefix = reverse ? le(self, RIDX) : le(RIDX, self);
      const value = load(0, spec.dtype, ravel(j, shape));
      const kernel: Kernel = {
        inputs: [spec.dtype],
        size: prod(shape),
        dtype: spec.dtype,
        exp: where(inPrefix, value, constant(cumulativeIdentity(op, spec.dtype), spec.dtype)),
        reduction: { op, size: shape[axis] as number, accDtype: spec.dtype },
      };
      return [emit.kernel(kernel, inputs)];
    },
  });
  return prim;
}

/** Running sum along an axis (ints wrap). @beta */
export const cumsumP = defineCumulative("cumsum", "sum", "numeric");
/** Running product along an axis. @beta */
export const cumprodP = defineCumulative("cumprod", "prod", "numeric");
/** Running maximum along an axis (NaN propagates). @beta */
export const cummaxP = defineCumulative("cummax", "max", "any");
/** Running minimum along an axis (NaN propagates). @beta */
export const cumminP = defineCumulative("cummin", "min", "any");
