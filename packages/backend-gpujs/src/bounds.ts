// Interval analysis over a kernel's expression DAG: the range of every integer intermediate, from
// the value ranges of the input buffers. gpu.js computes in float32, so an integer kernel may run on
// the device only while every integer it forms stays within ±2^24 (exact in float32).

import type { DType, Exp, Kernel } from "@brainstate/core/extend";

/** A closed value range; `[-Infinity, Infinity]` means unknown (NaN possible). @beta */
export interface Range {
  readonly lo: number;
  readonly hi: number;
}

/** The largest integer magnitude float32 represents exactly, and with it every smaller one. @beta */
export const MAX_EXACT_INTEGER = 2 ** 24;

const UNKNOWN: Range = { lo: -Infinity, hi: Infinity };
const BOOL: Range = { lo: 0, hi: 1 };

const isInt = (d: DType): boolean => d === "int32" || d === "uint32";

/** The range every value of `dtype` lies in. */
export function dtypeRange(dtype: DType): Range {
  switch (dtype) {
    case "bool":
      return BOOL;
    case "int32":
      return { lo: -(2 ** 31), hi: 2 ** 31 - 1 };
    case "uint32":
      return { lo: 0, hi: 2 ** 32 - 1 };
    default:
      return UNKNOWN;
  }
}

function range(lo: number, hi: number): Range {
  return Number.isNaN(lo) || Number.isNaN(hi) ? UNKNOWN : { lo, hi };
}

function hull(...vs: number[]): Range {
  return vs.some(Number.isNaN) ? UNKNOWN : range(Math.min(...vs), Math.max(...vs));
}

const magnitude = (r: Range): number => Math.max(Math.abs(r.lo), Math.abs(r.hi));

/** The range of the values in `data` (unknown when it holds NaN). */
export function rangeOfData(data: ArrayLike<number>): Range {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < data.length; i++) {
    const v = data[i] as number;
    if (v !== v) return UNKNOWN;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return data.length === 0 ? { lo: 0, hi: 0 } : { lo, hi };
}

/** Where a kernel's integer arithmetic stops being exact in float32, or null when it never does. @beta */
export interface BoundsVerdict {
  /** Range of the kernel's stored values. */
  readonly out: Range;
  /** Why the kernel must run on the host (an integer intermediate leaves ±2^24), or null. */
  readonly inexact: string | null;
}

/** Propagates ranges through `kernel` given the ranges of its input buffers (slot order). @beta */
export function analyzeBounds(kernel: Kernel, inputs: readonly Range[]): BoundsVerdict {
  const memo = new Map<Exp, Range>();
  let inexact: string | null = null;
  const red = kernel.reduction;
  const visit = (e: Exp, accRange: Range): Range => {
    const hit = memo.get(e);
    if (hit) return hit;
    let r = rangeOf(e, (a) => visit(a, accRange), accRange);
    if (e.dtype === "bool") r = BOOL;
    else if (isInt(e.dtype)) {
      // A value outside the dtype wraps (JS semantics); float32 cannot follow it exactly.
      const d = dtypeRange(e.dtype);
      if (inexact === null && (r.lo < Math.max(d.lo, -MAX_EXACT_INTEGER) || r.hi > Math.min(d.hi, MAX_EXACT_INTEGER))) {
        inexact = `${e.op} on ${e.dtype} reaches [${r.lo}, ${r.hi}], beyond the ±2^24 that float32 holds exactly`;
      }
      r = range(Math.max(r.lo, d.lo), Math.min(r.hi, d.hi));
    }
    memo.set(e, r);
    return r;
  };
  const rangeOf = (e: Exp, sub: (a: Exp) => Range, accRange: Range): Range => {
    const [a, b, c] = e.args;
    switch (e.op) {
      case "const":
        return Number.isNaN(e.arg) ? UNKNOWN : { lo: e.arg, hi: e.arg };
      case "gidx":
        return { lo: 0, hi: Math.max(kernel.size - 1, 0) };
      case "ridx":
        return { lo: 0, hi: Math.max((red?.size ?? 1) - 1, 0) };
      case "acc":
        return accRange;
      case "load":
        sub(a as Exp);
        return e.dtype === "bool" ? BOOL : (inputs[e.arg] ?? dtypeRange(e.dtype));
      default:
        return opRange(e, a ? sub(a) : UNKNOWN, b ? sub(b) : UNKNOWN, c ? sub(c) : UNKNOWN, a);
    }
  };
  const body = visit(kernel.exp, UNKNOWN);
  if (!red) return { out: body, inexact };
  let accRange: Range;
  const n = red.size;
  switch (red.op) {
    case "sum":
      accRange = hull(Math.min(0, n * body.lo), Math.max(0, n * body.hi));
      break;
    case "prod": {
      const m = magnitude(body);
      accRange = m <= 1 ? { lo: -1, hi: 1 } : range(-(m ** n), m ** n);
      break;
    }
    case "max":
    case "min":
      accRange = n === 0 ? UNKNOWN : body;
      break;
    default:
      accRange = { lo: 0, hi: Math.max(n - 1, 0) };
  }
  if (isInt(red.accDtype) && inexact === null && magnitude(accRange) > MAX_EXACT_INTEGER) {
    inexact = `the ${red.op} accumulator of ${red.accDtype} reaches [${accRange.lo}, ${accRange.hi}], beyond the ±2^24 that float32 holds exactly`;
  }
  if (!red.epilogue) return { out: accRange, inexact };
  memo.clear();
  const out = visit(red.epilogue, accRange);
  return { out, inexact };
}

/** Range of one ALU op from the ranges of its operands (conservative; UNKNOWN when unsure). */
function opRange(e: Exp, x: Range, y: Range, z: Range, xe: Exp | undefined): Range {
  const finite = (r: Range): boolean => Number.isFinite(r.lo) && Number.isFinite(r.hi);
  switch (e.op) {
    case "neg":
      return range(-x.hi, -x.lo);
    case "abs":
      return x.lo >= 0 ? x : x.hi <= 0 ? range(-x.hi, -x.lo) : range(0, magnitude(x));
    case "sign":
      return { lo: -1, hi: 1 };
    case "floor":
    case "ceil":
    case "round":
    case "trunc":
      return finite(x) ? range(Math.floor(x.lo), Math.ceil(x.hi)) : UNKNOWN;
    case "not":
    case "isnan":
    case "lt":
    case "le":
    case "eq":
    case "ne":
      return BOOL;
    case "cast":
      if (e.dtype === "bool" || xe?.dtype === "bool") return BOOL;
      if (isInt(e.dtype) && !isInt(xe?.dtype ?? "float32")) {
        // float → int truncates; NaN and out-of-range values have no exact float32 counterpart.
        return finite(x) ? range(Math.trunc(x.lo), Math.trunc(x.hi)) : dtypeRange(e.dtype).lo === 0 ? { lo: 0, hi: Infinity } : UNKNOWN;
      }
      if (e.dtype === "uint32" && x.lo < 0) return { lo: 0, hi: 2 ** 32 - 1 };
      return x;
    case "add":
      return hull(x.lo + y.lo, x.hi + y.hi);
    case "sub":
      return hull(x.lo - y.hi, x.hi - y.lo);
    case "mul":
      return finite(x) && finite(y) ? hull(x.lo * y.lo, x.lo * y.hi, x.hi * y.lo, x.hi * y.hi) : UNKNOWN;
    case "div": {
      if (isInt(e.dtype)) {
        if (finite(x) && finite(y) && (y.lo > 0 || y.hi < 0)) {
          // A divisor range without 0: the quotient's extremes sit at the corners (truncated).
          return hull(Math.trunc(x.lo / y.lo), Math.trunc(x.lo / y.hi), Math.trunc(x.hi / y.lo), Math.trunc(x.hi / y.hi));
        }
        const m = magnitude(x);
        const byZero = y.lo <= 0 && y.hi >= 0;
        const lo = byZero && e.dtype === "int32" ? Math.min(-m, -1) : -m;
        const hi = byZero && e.dtype === "uint32" ? 2 ** 32 - 1 : m;
        return range(e.dtype === "uint32" ? 0 : lo, hi);
      }
      if (!finite(x) || !finite(y) || (y.lo <= 0 && y.hi >= 0)) return UNKNOWN;
      return hull(x.lo / y.lo, x.lo / y.hi, x.hi / y.lo, x.hi / y.hi);
    }
    case "rem": {
      // |x rem y| <= min(|x|, |y|); for integers a zero divisor returns x (still within |x|).
      if (!isInt(e.dtype) && (!finite(x) || !finite(y) || (y.lo <= 0 && y.hi >= 0))) return UNKNOWN;
      const zeroDivisor = y.lo <= 0 && y.hi >= 0;
      const m = isInt(e.dtype) ? (zeroDivisor ? magnitude(x) : Math.min(magnitude(x), magnitude(y) - 1)) : Math.min(magnitude(x), magnitude(y));
      return range(x.lo >= 0 ? 0 : -m, x.hi <= 0 ? 0 : m);
    }
    case "max":
      return hull(Math.max(x.lo, y.lo), Math.max(x.hi, y.hi));
    case "min":
      return hull(Math.min(x.lo, y.lo), Math.min(x.hi, y.hi));
    case "where":
      return hull(y.lo, z.lo, y.hi, z.hi);
    case "and":
    case "or":
    case "xor":
    case "shl":
    case "shr":
    case "pow":
      // Host-only on gpu.js for integers; their results get the whole dtype range.
      return dtypeRange(e.dtype);
    default:
      // Transcendental float ops: no useful bound.
      return UNKNOWN;
  }
}
