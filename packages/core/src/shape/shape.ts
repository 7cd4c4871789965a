// Shapes: NumPy broadcasting, axis normalisation and row-major strides.
// Layer 2: imports only util/ and errors/.

import { AxisError, ShapeError } from "../errors/errors.js";
import { formatShape } from "../util/assert.js";

/** Row-major strides of a shape, in elements. */
export function stridesOf(shape: readonly number[]): number[] {
  const strides = new globalThis.Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i] as number;
  }
  return strides;
}

/** NumPy broadcasting of several shapes; `where` names the operation in the error. */
export function broadcastShapes(where: string, ...shapes: (readonly number[])[]): number[] {
  const nd = Math.max(0, ...shapes.map((s) => s.length));
  const out = new globalThis.Array<number>(nd).fill(1);
  for (const s of shapes) {
    for (let i = 0; i < s.length; i++) {
      const o = nd - s.length + i;
      const d = s[i] as number;
      const cur = out[o] as number;
      if (d === cur || d === 1) continue;
      if (cur === 1) out[o] = d;
      else
        throw new ShapeError(
          `${where}: shapes ${shapes.map(formatShape).join(" and ")} cannot be broadcast together (axis ${o - nd} has sizes ${cur} and ${d}); sizes must match or be 1 — reshape or expandDims one operand`,
        );
    }
  }
  return out;
}

/** Normalises one possibly negative axis into `[0, ndim)`. */
export function normalizeAxis(where: string, axis: number, ndim: number): number {
  if (!Number.isInteger(axis) || axis < -ndim || axis >= ndim) {
    throw new AxisError(
      `${where}: axis ${axis} is out of bounds for an array of ndim ${ndim}; valid axes are ${ndim === 0 ? "none (the array is a scalar)" : `-${ndim}..${ndim - 1}`}`,
    );
  }
  return axis < 0 ? axis + ndim : axis;
}

/** Normalises `axis` (one, several or all when undefined/null) into sorted unique axes. */
export function normalizeAxes(where: string, axis: number | readonly number[] | null | undefined, ndim: number): number[] {
  if (axis === undefined || axis === null) return Array.from({ length: ndim }, (_, i) => i);
  const list = typeof axis === "number" ? [axis] : axis;
  const out = list.map((a) => normalizeAxis(where, a, ndim));
  if (new Set(out).size !== out.length) {
    throw new AxisError(`${where}: repeated axis in ${JSON.stringify(list)}; list each axis once`);
  }
  return out.sort((a, b) => a - b);
}

/** Checks that every entry is a non-negative integer. */
export function checkShape(where: string, shape: readonly number[]): number[] {
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 0) {
      throw new ShapeError(`${where}: shape ${JSON.stringify(shape)} has a bad size ${d}; sizes must be non-negative integers`);
    }
  }
  return [...shape];
}
