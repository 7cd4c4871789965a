// Cumulative primitives along one axis (JAX's cumsum, cumprod, cummax, cummin, with `reverse`)
// and their JVP, transpose (cumsum) and batching rules. Each runs through a routine of the same
// name whose generic lowering is one masked prefix reduction kernel (O(n²) per row, exact); the
// CPU backend scans natively. Layer 10.

import type { Array } from "../array/Array.js";
import { ShapedArray } from "../array/aval.js";
import type { BufferSpec } from "../backend/backend.js";
import { defineRoutine } from "../backend/routines.js";
import { isFloat, type DType } from "../dtype/dtype.js";
import { AxisError } from "../errors/errors.js";
import { constant, GIDX, le, load, ravel, RIDX, unravel, where } from "../kernel/build.js";
import type { Exp, Kernel } from "../kernel/ir.js";
import { definePrimitive, type JvpRule, type Primitive, type PrimitiveDefinition } from "../trace/primitive.js";
import { formatShape, prod } from "../util/assert.js";
import { checkDtypes, type DTypeClass } from "./checks.js";
import { andP, geP, isNanP, leP, notP, orP } from "./elementwise.js";
import { padP } from "./movement.js";
import * as ops from "./ops.js";
import { batchToFront, linearJvp } from "./rules.js";

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

/**
 * `x` moved `s` places along the scan direction (towards the end, or towards the start when
 * `reverse`), the vacated places holding the scalar `fill`: element i reads the one that the scan
 * reaches s steps before it.
 */
function shift(x: Array, fill: Array, axis: number, s: number, reverse: boolean): Array {
  const lo = x.shape.map((_, k) => (k === axis ? (reverse ? -s : s) : 0));
  return padP.bind1([x, fill], { lo, hi: lo.map((l) => -l), interior: lo.map(() => 0) });
}

/**
 * The tangent of a cumulative op as an inclusive associative scan (Hillis–Steele: ⌈log₂ n⌉
 * rounds) over (value, tangent) pairs: `combine(earlier, later)` gives the pair of a segment from
 * the pairs of its two halves, `earlier` being the half the scan reaches first.
 */
function scanTangent(
  x: Array,
  t: Array,
  { axis, reverse }: CumulativeParams,
  fills: [number, number],
  combine: (earlier: [Array, Array], later: [Array, Array], valid: Array) => [Array, Array],
): Array {
  const n = x.shape[axis] as number;
  let v = x;
  let tv = t;
  const vFill = ops.full([], fills[0], x.dtype);
  const tFill = ops.full([], fills[1], t.dtype);
  for (let s = 1; s < n; s *= 2) {
    const valid = shift(ops.full(x.shape, true, "bool"), ops.full([], false, "bool"), axis, s, reverse);
    [v, tv] = combine([shift(v, vFill, axis, s, reverse), shift(tv, tFill, axis, s, reverse)], [v, tv], valid);
  }
  return tv;
}

// d cumprod: the product rule through the scan, (a, da)·(b, db) = (ab, da·b + a·db); exact with zeros.
const cumprodJvp: JvpRule<CumulativeParams> = ([x], [t], params) => {
  const a = x as Array;
  const out = cumprodP.bind1([a], params);
  if (!t) return [[out], [null]];
  const tangent = scanTangent(a, t, params, [1, 0], ([ea, et], [la, lt]) => [ops.mul(ea, la), ops.add(ops.mul(et, la), ops.mul(ea, lt))]);
  return [[out], [tangent]];
};

// d cummax / d cummin: the tangent at the position of the running extremum — the first one along
// the axis (lowest index) among ties, the first NaN once a NaN is seen.
function chooserJvp(prim: () => Primitive<CumulativeParams>, op: "max" | "min"): JvpRule<CumulativeParams> {
  return ([x], [t], params) => {
    const a = x as Array;
    const out = prim().bind1([a], params);
    if (!t) return [[out], [null]];
    const atLeast = op === "max" ? geP : leP;
    const float = isFloat(a.dtype);
    const tangent = scanTangent(a, t, params, [0, 0], (earlier, later, valid) => {
      // `first`/`second`: the halves in index order; the first wins ties.
      const [first, second] = params.reverse ? [later, earlier] : [earlier, later];
      let firstWins = atLeast.bind1([first[0], second[0]], {});
      if (float) firstWins = orP.bind1([firstWins, isNanP.bind1([first[0]], {})], {});
      const takeEarlier = andP.bind1([valid, params.reverse ? notP.bind1([firstWins], {}) : firstWins], {});
      return [ops.select(takeEarlier, earlier[0], later[0]), ops.select(takeEarlier, earlier[1], later[1])];
    });
    return [[out], [tangent]];
  };
}

type CumulativeRules = Pick<PrimitiveDefinition<CumulativeParams>, "jvp" | "transpose">;

function defineCumulative(name: string, op: CumulativeOp, cls: DTypeClass, rules: (self: () => Primitive<CumulativeParams>) => CumulativeRules): Primitive<CumulativeParams> {
  const self = (): Primitive<CumulativeParams> => prim;
  const prim: Primitive<CumulativeParams> = definePrimitive<CumulativeParams>({
    ...rules(self),
    batch: ([x], [d], params, size) => [[prim.bind1([batchToFront(x as Array, d ?? null, size)], { axis: params.axis + 1, reverse: params.reverse })], [0]],
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

/** Running sum along an axis (ints wrap). Linear; its transpose is the running sum in the other direction. @beta */
export const cumsumP: Primitive<CumulativeParams> = defineCumulative("cumsum", "sum", "numeric", (self) => ({
  jvp: linearJvp(self),
  transpose: ([ct], _args, params) => [ct ? cumsumP.bind1([ct], { axis: params.axis, reverse: !params.reverse }) : null],
}));
/** Running product along an axis. @beta */
export const cumprodP: Primitive<CumulativeParams> = defineCumulative("cumprod", "prod", "numeric", () => ({ jvp: cumprodJvp, transpose: "nonlinear" }));
/** Running maximum along an axis (NaN propagates). @beta */
export const cummaxP: Primitive<CumulativeParams> = defineCumulative("cummax", "max", "any", (self) => ({ jvp: chooserJvp(self, "max"), transpose: "nonlinear" }));
/** Running minimum along an axis (NaN propagates). @beta */
export const cumminP: Primitive<CumulativeParams> = defineCumulative("cummin", "min", "any", (self) => ({ jvp: chooserJvp(self, "min"), transpose: "nonlinear" }));
