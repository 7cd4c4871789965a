// Native CPU `sort`: per row along the axis, a stable sort of an index permutation by the
// lexicographic order of the key operands (NaNs last), then every operand is gathered by it. Layer 5'.

import type { BufferSpec } from "../../../backend/backend.js";
import { allocData, type DataArray } from "../../../dtype/dtype.js";
import { prod } from "../../../util/assert.js";
import type { CpuRoutine } from "./types.js";

/** Three-way comparison with NaN after every number and NaNs equal to each other. */
function compareNanLast(a: number, b: number): number {
  if (a < b) return -1;
  if (a > b) return 1;
  if (a === b) return 0;
  const na = a !== a;
  const nb = b !== b;
  return na === nb ? 0 : na ? 1 : -1;
}

const sort: CpuRoutine = (inputs, inSpecs, _outSpecs, params) => {
  const axis = params.axis as number;
  const numKeys = params.numKeys as number;
  const shape = (inSpecs[0] as BufferSpec).shape;
  const n = shape[axis] as number;
  const inner = prod(shape.slice(axis + 1));
  const outer = prod(shape.slice(0, axis));
  const outs = inSpecs.map((s) => allocData(s.dtype, prod(shape)));
  if (n === 0 || inner === 0 || outer === 0) return outs;
  const keys = inputs.slice(0, numKeys) as DataArray[];
  const rowKeys = keys.map(() => new Float64Array(n));
  const perm: number[] = new globalThis.Array<number>(n);
  const single = rowKeys[0] as Float64Array;
  const cmp =
    numKeys === 1
      ? (i: number, j: number): number => compareNanLast(single[i] as number, single[j] as number) || i - j
      : (i: number, j: number): number => {
          for (let s = 0; s < numKeys; s++) {
            const row = rowKeys[s] as Float64Array;
            const c = compareNanLast(row[i] as number, row[j] as number);
            if (c !== 0) return c;
          }
          return i - j;
        };
  for (let o = 0; o < outer; o++) {
    for (let t = 0; t < inner; t++) {
      const base = o * n * inner + t;
      for (let s = 0; s < numKeys; s++) {
        const src = keys[s] as DataArray;
        const row = rowKeys[s] as Float64Array;
        for (let i = 0; i < n; i++) row[i] = src[base + i * inner] as number;
      }
      for (let i = 0; i < n; i++) perm[i] = i;
      perm.sort(cmp);
      for (let s = 0; s < inputs.length; s++) {
        const src = inputs[s] as DataArray;
        const dst = outs[s] as DataArray;
        for (let r = 0; r < n; r++) dst[base + r * inner] = src[base + (perm[r] as number) * inner] as number;
      }
    }
  }
  return outs;
};

/** Native CPU routines of this file, by routine name. */
export const SORT_ROUTINES: Record<string, CpuRoutine> = { sort };
