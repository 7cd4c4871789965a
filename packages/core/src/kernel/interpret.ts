// The reference evaluator of the kernel IR: slow, obviously correct, and the oracle that every
// backend's generated code is tested against (tinygrad's emulator idea).
// Layer 4.

import type { DataArray, DType } from "../dtype/dtype.js";
import type { Exp, Kernel } from "./ir.js";
import { castScalar, evalScalar, wrapTo } from "./scalar.js";

type Scalar = number | boolean;

/** Evaluates an expression DAG at one point, each shared node once (memo keyed by node identity). */
function evalExp(e: Exp, inputs: readonly DataArray[], gidx: number, ridx: number, accVal: Scalar, memo = new Map<Exp, Scalar>()): Scalar {
  const hit = memo.get(e);
  if (hit !== undefined) return hit;
  const v = evalNode(e, inputs, gidx, ridx, accVal, memo);
  memo.set(e, v);
  return v;
}

function evalNode(e: Exp, inputs: readonly DataArray[], gidx: number, ridx: number, accVal: Scalar, memo: Map<Exp, Scalar>): Scalar {
  switch (e.op) {
    case "const":
      return e.dtype === "bool" ? e.arg !== 0 : e.arg;
    case "gidx":
      return gidx;
    case "ridx":
      return ridx;
    case "acc":
      return accVal;
    case "load": {
      const buf = inputs[e.arg] as DataArray;
      const i = evalExp(e.args[0] as Exp, inputs, gidx, ridx, accVal, memo) as number;
      if (i < 0 || i >= buf.length || !Number.isInteger(i)) {
        throw new Error(`kernel interpreter: load from slot ${e.arg} at index ${i} is out of bounds [0, ${buf.length})`);
      }
      const v = buf[i] as number;
      return e.dtype === "bool" ? v !== 0 : v;
    }
    default: {
      const args = e.args.map((a) => evalExp(a, inputs, gidx, ridx, accVal, memo));
      const operandDtype: DType = e.op === "where" ? (e.args[1] as Exp).dtype : (e.args[0] as Exp).dtype;
      return evalScalar(e.op, operandDtype, args, e.op === "cast" ? e.dtype : undefined);
    }
  }
}

/**
 * Runs `kernel` element by element, writing into `out`. Float32 results are rounded after every
 * op (what float32 hardware does); the JS renderer may keep float32 intermediates in float64 and
 * round on store, so fused float32 chains agree to a few ulps, and everything else bit for bit.
 * @beta
 */
export function interpretKernel(kernel: Kernel, inputs: readonly DataArray[], out: DataArray): void {
  const red = kernel.reduction;
  for (let g = 0; g < kernel.size; g++) {
    let value: Scalar;
    if (!red) {
      value = evalExp(kernel.exp, inputs, g, 0, 0);
    } else {
      const isArg = red.op === "argmax" || red.op === "argmin";
      let accVal: number =
        red.op === "sum" ? 0 : red.op === "prod" ? 1 : red.op === "max" || red.op === "argmax" ? -Infinity : Infinity;
      let best = red.op === "argmax" ? -Infinity : Infinity;
      if (isArg) accVal = 0;
      for (let r = 0; r < red.size; r++) {
        const v = Number(evalExp(kernel.exp, inputs, g, r, 0));
        switch (red.op) {
          case "sum":
            accVal = wrapTo(red.accDtype === "float32" ? "float64" : red.accDtype, accVal + v) as number;
            break;
          case "prod":
            accVal = (red.accDtype === "int32" || red.accDtype === "uint32"
              ? evalScalar("mul", red.accDtype, [accVal, v])
              : accVal * v) as number;
            break;
          case "max":
            accVal = v !== v || accVal !== accVal ? NaN : Math.max(accVal, v);
            break;
          case "min":
            accVal = v !== v || accVal !== accVal ? NaN : Math.min(accVal, v);
            break;
          case "argmax":
            if (v > best || (v !== v && best === best)) {
              best = v;
              accVal = r;
            }
            break;
          case "argmin":
            if (v < best || (v !== v && best === best)) {
              best = v;
              accVal = r;
            }
            break;
        }
      }
      value = red.epilogue ? evalExp(red.epilogue, inputs, g, 0, accVal) : accVal;
    }
    out[g] = Number(castScalar(kernel.dtype, value));
  }
}
