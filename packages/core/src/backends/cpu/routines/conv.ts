// Native CPU `conv`: operands go to [N, C, spatial…] / [O, I, window…]; valid positions per window
// offset form arithmetic progressions (no bounds checks). Floats gather patches and reuse the blocked
// matmul kernel (WebAssembly SIMD for float32 where available); integers accumulate directly with
// wrapping Math.imul. Layer 5'.

import type { BufferSpec } from "../../../backend/backend.js";
import { allocData, type DataArray } from "../../../dtype/dtype.js";
import { stridesOf } from "../../../shape/shape.js";
import { prod } from "../../../util/assert.js";
import { floatBatchedMatmul, permuteCopy, type View } from "./matmul.js";
import type { CpuRoutine } from "./types.js";

/** Largest patch buffer (elements) the float path gathers; bigger problems use direct loops. */
const IM2COL_LIMIT = 1 << 23;

interface Dims {
  readonly lhs: readonly number[];
  readonly rhs: readonly number[];
  readonly out: readonly number[];
}

function isIdentity(perm: readonly number[]): boolean {
  return perm.every((p, k) => p === k);
}

/** `src` (row-major over `shape`) with output axis k being source axis `perm[k]`; `src` itself when `perm` is the identity. */
function permute(src: DataArray, shape: readonly number[], perm: readonly number[]): DataArray {
  return isIdentity(perm) ? src : permuteCopy(src, shape, perm);
}

/** Scatters `src` laid out with axis order `perm` (canonical) back into row-major `shape` order. */
function unpermute(src: DataArray, shape: readonly number[], perm: readonly number[], into: DataArray): void {
  if (isIdentity(perm)) {
    into.set(src);
    return;
  }
  const inverse: number[] = new globalThis.Array<number>(perm.length);
  perm.forEach((p, k) => (inverse[p] = k));
  into.set(permute(src, perm.map((p) => shape[p] as number), inverse));
}

/** Valid output positions of one spatial axis for one window offset: o = o0 + t·oStep, input i = i0 + t·iStep. */
interface Progression {
  readonly count: number;
  readonly o0: number;
  readonly oStep: number;
  readonly i0: number;
  readonly iStep: number;
}

function progression(outSize: number, inSize: number, stride: number, offset: number, lhsDil: number): Progression {
  const span = inSize === 0 ? 0 : (inSize - 1) * lhsDil + 1;
  let first = -1;
  let second = -1;
  let count = 0;
  for (let o = 0; o < outSize; o++) {
    const pos = o * stride + offset;
    if (pos < 0 || pos >= span || pos % lhsDil !== 0) continue;
    if (first < 0) first = o;
    else if (second < 0) second = o;
    count++;
  }
  if (count === 0) return { count: 0, o0: 0, oStep: 0, i0: 0, iStep: 0 };
  const oStep = second < 0 ? 1 : second - first;
  return { count, o0: first, oStep, i0: (first * stride + offset) / lhsDil, iStep: (oStep * stride) / lhsDil };
}

type Axpy = (out: DataArray, o: number, oStep: number, x: DataArray, i: number, iStep: number, count: number, w: number) => void;

const axpyFloat: Axpy = (out, o, oStep, x, i, iStep, count, w) => {
  for (let t = 0; t < count; t++) {
    (out[o] as number) += w * (x[i] as number);
    o += oStep;
    i += iStep;
  }
};

const copyLine: Axpy = (out, o, oStep, x, i, iStep, count) => {
  for (let t = 0; t < count; t++) {
    out[o] = x[i] as number;
    o += oStep;
    i += iStep;
  }
};

const axpyInt: Axpy = (out, o, oStep, x, i, iStep, count, w) => {
  for (let t = 0; t < count; t++) {
    out[o] = ((out[o] as number) + Math.imul(w, x[i] as number)) | 0;
    o += oStep;
    i += iStep;
  }
};

const conv: CpuRoutine = (inputs, inSpecs, outSpecs, params, options) => {
  const dn = params.dimensionNumbers as Dims;
  const strides = params.windowStrides as readonly number[];
  const padding = params.padding as readonly (readonly [number, number])[];
  const lhsDil = params.lhsDilation as readonly number[];
  const rhsDil = params.rhsDilation as readonly number[];
  const fg = params.featureGroupCount as number;
  const bg = params.batchGroupCount as number;
  const ls = inSpecs[0] as BufferSpec;
  const rs = inSpecs[1] as BufferSpec;
  const os = outSpecs[0] as BufferSpec;
  const d = ls.shape.length - 2;
  const lhs = permute(inputs[0] as DataArray, ls.shape, dn.lhs);
  const rhs = permute(inputs[1] as DataArray, rs.shape, dn.rhs);
  const N = ls.shape[dn.lhs[0] as number] as number;
  const C = ls.shape[dn.lhs[1] as number] as number;
  const O = rs.shape[dn.rhs[0] as number] as number;
  const I = rs.shape[dn.rhs[1] as number] as number;
  const inSp = dn.lhs.slice(2).map((a) => ls.shape[a] as number);
  const kSp = dn.rhs.slice(2).map((a) => rs.shape[a] as number);
  const outSp = dn.out.slice(2).map((a) => os.shape[a] as number);
  const Nout = N / bg;
  const inPlane = prod(inSp);
  const outPlane = prod(outSp);
  const kPlane = prod(kSp);
  const isInt = os.dtype === "int32" || os.dtype === "uint32";
  const acc: DataArray = isInt ? new Int32Array(Nout * O * outPlane) : new Float64Array(Nout * O * outPlane);
  const x = isInt && lhs instanceof Uint32Array ? new Int32Array(lhs.buffer, lhs.byteOffset, lhs.length) : lhs;
  const inStr = stridesOf(inSp);
  const outStr = stridesOf(outSp);
  // Per spatial axis and window offset, the progression of valid output positions.
  const prog: Progression[][] = [];
  for (let s = 0; s < d; s++) {
    const lo = (padding[s] as readonly [number, number])[0];
    const list: Progression[] = [];
    for (let k = 0; k < (kSp[s] as number); k++) {
      list.push(progression(outSp[s] as number, inSp[s] as number, strides[s] as number, k * (rhsDil[s] as number) - lo, lhsDil[s] as number));
    }
    prog.push(list);
  }
  const kIdx = new Int32Array(kPlane * d);
  for (let kf = 0; kf < kPlane; kf++) {
    let r = kf;
    for (let s = d - 1; s >= 0; s--) {
      kIdx[kf * d + s] = r % (kSp[s] as number);
      r = Math.floor(r / (kSp[s] as number));
    }
  }
  const cur: Progression[] = new globalThis.Array<Progression>(d);
  const counter = new Int32Array(Math.max(d, 1));
  /** Applies `op` to every line of valid (output, input) positions of window offset `kf`. */
  const walk = (kf: number, outBase: number, inBase: number, src: DataArray, dst: DataArray, w: number, op: Axpy): void => {
    if (d === 0) {
      op(dst, outBase, 1, src, inBase, 1, 1, w);
      return;
    }
    for (let s = 0; s < d; s++) {
      const pr = (prog[s] as Progression[])[kIdx[kf * d + s] as number] as Progression;
      if (pr.count === 0) return;
      cur[s] = pr;
      counter[s] = 0;
    }
    const last = cur[d - 1] as Progression;
    for (;;) {
      let oOff = outBase + last.o0;
      let iOff = inBase + last.i0;
      for (let s = 0; s < d - 1; s++) {
        const pr = cur[s] as Progression;
        const t = counter[s] as number;
        oOff += (pr.o0 + t * pr.oStep) * (outStr[s] as number);
        iOff += (pr.i0 + t * pr.iStep) * (inStr[s] as number);
      }
      op(dst, oOff, last.oStep, src, iOff, last.iStep, last.count, w);
      let s = d - 2;
      while (s >= 0) {
        const t = (counter[s] as number) + 1;
        if (t < (cur[s] as Progression).count) {
          counter[s] = t;
          break;
        }
        counter[s] = 0;
        s--;
      }
      if (s < 0) return;
    }
  };
  const groups = fg > 1 ? fg : bg;
  const perGroup = O / groups;
  const KI = I * kPlane;
  if (acc.length > 0 && lhs.length > 0 && !isInt && groups * KI * outPlane <= IM2COL_LIMIT) {
    // Floats: gather each batch element's windows into patches [group, I·window, outPlane], then one
    // blocked matrix product per group: weights [perGroup, I·window] @ patches.
    const patches = new Float64Array(groups * KI * outPlane);
    const w: View = { data: rhs, sB: perGroup * KI, sO: KI, sI: 1 };
    const p: View = { data: patches, sB: KI * outPlane, sO: outPlane, sI: 1 };
    for (let n = 0; n < Nout; n++) {
      patches.fill(0);
      for (let g = 0; g < groups; g++) {
        const lhsBatch = bg > 1 ? g * Nout + n : n;
        const chan = fg > 1 ? g * I : 0;
        for (let i = 0; i < I; i++) {
          const inBase = (lhsBatch * C + chan + i) * inPlane;
          for (let kf = 0; kf < kPlane; kf++) walk(kf, ((g * I + i) * kPlane + kf) * outPlane, inBase, x, patches, 1, copyLine);
        }
      }
      floatBatchedMatmul(w, p, groups, perGroup, outPlane, KI, acc, n * O * outPlane, os.dtype === "float32" && options.wasm);
    }
  } else if (acc.length > 0 && lhs.length > 0) {
    const axpy = isInt ? axpyInt : axpyFloat;
    for (let n = 0; n < Nout; n++) {
      for (let f = 0; f < O; f++) {
        const g = Math.floor(f / perGroup);
        const lhsBatch = bg > 1 ? g * Nout + n : n;
        const chan = fg > 1 ? g * I : 0;
        const outBase = (n * O + f) * outPlane;
        for (let i = 0; i < I; i++) {
          const inBase = (lhsBatch * C + chan + i) * inPlane;
          const wBase = (f * I + i) * kPlane;
          for (let kf = 0; kf < kPlane; kf++) {
            const wv = rhs[wBase + kf] as number;
            if (wv !== 0 || !isInt) walk(kf, outBase, inBase, x, acc, wv, axpy);
          }
        }
      }
    }
  }
  const out = allocData(os.dtype, acc.length);
  unpermute(acc, os.shape, dn.out, out);
  return [out];
};

/** Native CPU routines of this file, by routine name. */
export const CONV_ROUTINES: Record<string, CpuRoutine> = { conv };
