// Readable printing of array contents (NumPy-like), used by Array.toString(). Layer 6.

import type { DType } from "../dtype/dtype.js";

const EDGE = 3;
const SUMMARIZE_ABOVE = 1000;

function formatScalar(v: number, dtype: DType): string {
  if (dtype === "bool") return v ? "true" : "false";
  if (dtype !== "float32" && dtype !== "float64") return String(v);
  if (Number.isNaN(v)) return "nan";
  if (!Number.isFinite(v)) return v > 0 ? "inf" : "-inf";
  if (Number.isInteger(v) && Math.abs(v) < 1e16) return `${v}.`;
  const s = Number(v.toPrecision(dtype === "float32" ? 7 : 15)).toString();
  return s;
}

/** Formats flat row-major data of `shape` as nested brackets (continuation rows indented by `indent`), eliding the middle of large arrays. */
export function formatData(data: ArrayLike<number>, shape: readonly number[], dtype: DType, indent = 0): string {
  const size = data.length;
  const summarize = size > SUMMARIZE_ABOVE;
  const strs: string[] = [];
  for (let i = 0; i < size; i++) strs.push(formatScalar(data[i] as number, dtype));
  const width = Math.max(0, ...strs.map((s) => s.length));
  const pad = (s: string): string => s.padStart(width);
  const rec = (offset: number, axis: number, indent: string): string => {
    if (axis === shape.length) return pad(strs[offset] as string);
    const n = shape[axis] as number;
    let stride = 1;
    for (let a = axis + 1; a < shape.length; a++) stride *= shape[a] as number;
    const items: string[] = [];
    const idxs: (number | null)[] = [];
    if (summarize && n > 2 * EDGE) {
      for (let i = 0; i < EDGE; i++) idxs.push(i);
      idxs.push(null);
      for (let i = n - EDGE; i < n; i++) idxs.push(i);
    } else {
      for (let i = 0; i < n; i++) idxs.push(i);
    }
    for (const i of idxs) items.push(i === null ? "..." : rec(offset + i * stride, axis + 1, `${indent} `));
    if (axis === shape.length - 1) return `[${items.join(", ")}]`;
    const sep = `,${"\n".repeat(shape.length - axis - 1)}${indent} `;
    return `[${items.join(sep)}]`;
  };
  return rec(0, 0, " ".repeat(indent));
}
