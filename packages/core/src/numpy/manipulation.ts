// The np array-manipulation functions: reshaping, axis permutations, joining and splitting,
// tiling/repeating, padding, flipping and rolling — NumPy names and semantics. Layer 12.

import type { Array, Axis } from "../array/Array.js";
import { AxisError, checkOptions, ShapeError, ValueError } from "../errors/errors.js";
import { takeP } from "../primitives/gather.js";
import { broadcastInDimP, concatenateP, padP, reshapeP, revP, sliceP, transposeP } from "../primitives/movement.js";
import { broadcastShapes, checkShape, normalizeAxes, normalizeAxis } from "../shape/shape.js";
import { formatShape, isJsArray, prod, range, sameList } from "../util/assert.js";
import { array, asArray, scalar, type ArrayLike } from "./convert.js";
import { broadcastTo as broadcastToShape, convert, resultType } from "./promote.js";

function rawReshape(x: Array, shape: readonly number[]): Array {
  return sameList(x.shape, shape) ? x : reshapeP.bind1([x], { newShape: shape });
}

function checkInt(where: string, what: string, v: unknown, min: number): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < min) {
    throw new ValueError(`${where}: ${what} must be ${min === 0 ? "a non-negative integer" : min > 0 ? `an integer ≥ ${min}` : "an integer"}, got ${JSON.stringify(v)}`);
  }
  return v;
}

/** Resolves one -1 entry of a requested shape against `size`. */
function resolveShape(where: string, size: number, shape: readonly number[]): number[] {
  const unknown = shape.filter((d) => d === -1).length;
  if (unknown > 1) {
    throw new ValueError(`${where}: can only specify one unknown dimension (-1), got shape ${formatShape(shape)}`);
  }
  for (const d of shape) {
    if (!Number.isInteger(d) || d < -1) {
      throw new ShapeError(`${where}: shape ${formatShape(shape)} has a bad size ${d}; sizes are non-negative integers, with at most one -1`);
    }
  }
  if (unknown === 0) {
    if (prod(shape) !== size) {
      throw new ShapeError(`${where}: cannot reshape an array of size ${size} into shape ${formatShape(shape)} (${prod(shape)} elements); the sizes must match`);
    }
    return [...shape];
  }
  const known = prod(shape.filter((d) => d !== -1));
  if (known === 0 || size % known !== 0) {
    throw new ShapeError(
      `${where}: cannot reshape an array of size ${size} into shape ${formatShape(shape)}; the -1 entry must make the sizes match (${size} is not a multiple of ${known}${known === 0 ? ", which leaves -1 undetermined" : ""})`,
    );
  }
  return shape.map((d) => (d === -1 ? size / known : d));
}

/**
 * Gives the elements (row-major) a new shape of the same size; one entry may be -1 (inferred).
 * @throws {@link ShapeError} when the sizes differ; {@link ValueError} for more than one -1.
 * @example
 * ```ts
 * np.reshape(np.arange(6), [2, -1]) // shape [2, 3]
 * ```
 * @public
 */
export function reshape(x: ArrayLike, shape: number | readonly number[]): Array {
  const a = asArray(x, "reshape");
  return rawReshape(a, resolveShape("reshape", a.size, typeof shape === "number" ? [shape] : shape));
}

/**
 * A 1-d copy of the elements in row-major order.
 * @public
 */
export function ravel(x: ArrayLike): Array {
  const a = asArray(x, "ravel");
  return rawReshape(a, [a.size]);
}

function permute(a: Array, perm: readonly number[]): Array {
  return perm.every((p, k) => p === k) ? a : transposeP.bind1([a], { permutation: perm });
}

/**
 * Permutes the axes: output axis k is input axis `axes[k]` (negative allowed); reverses them by default.
 * @throws {@link AxisError} when `axes` is not a permutation of all axes.
 * @public
 */
export function transpose(x: ArrayLike, axes?: readonly number[] | null): Array {
  const a = asArray(x, "transpose");
  if (axes === undefined || axes === null) return permute(a, range(a.ndim).reverse());
  if (axes.length !== a.ndim) {
    throw new AxisError(`transpose: axes ${formatShape(axes)} don't match an array of ndim ${a.ndim} (shape ${formatShape(a.shape)}); give each of the ${a.ndim} axes once`);
  }
  const perm = axes.map((k) => normalizeAxis("transpose", k, a.ndim));
  if (new Set(perm).size !== perm.length) throw new AxisError(`transpose: repeated axis in ${formatShape(axes)}; give each axis once`);
  return permute(a, perm);
}

/**
 * Exchanges two axes.
 * @public
 */
export function swapaxes(x: ArrayLike, axis1: number, axis2: number): Array {
  const a = asArray(x, "swapaxes");
  const i = normalizeAxis("swapaxes", axis1, a.ndim);
  const j = normalizeAxis("swapaxes", axis2, a.ndim);
  const perm = range(a.ndim);
  perm[i] = j;
  perm[j] = i;
  return permute(a, perm);
}

/**
 * Moves axes `source` to positions `destination`, the other axes keeping their order.
 * @throws {@link ValueError} when source and destination differ in length; {@link AxisError} for bad or repeated axes.
 * @public
 */
export function moveaxis(x: ArrayLike, source: number | readonly number[], destination: number | readonly number[]): Array {
  const a = asArray(x, "moveaxis");
  const src = typeof source === "number" ? [source] : [...source];
  const dst = typeof destination === "number" ? [destination] : [...destination];
  if (src.length !== dst.length) {
    throw new ValueError(`moveaxis: source ${formatShape(src)} and destination ${formatShape(dst)} must have the same number of axes`);
  }
  const s = src.map((k) => normalizeAxis("moveaxis", k, a.ndim));
  const d = dst.map((k) => normalizeAxis("moveaxis", k, a.ndim));
  if (new Set(s).size !== s.length || new Set(d).size !== d.length) {
    throw new AxisError(`moveaxis: repeated axis in source ${formatShape(src)} or destination ${formatShape(dst)}`);
  }
  const perm = range(a.ndim).filter((k) => !s.includes(k));
  const pairs = d.map((dd, i) => [dd, s[i] as number] as const).sort((p, q) => p[0] - q[0]);
  for (const [dd, ss] of pairs) perm.splice(dd, 0, ss);
  return permute(a, perm);
}

/**
 * Inserts size-1 axes at the positions `axis` of the result.
 * @throws {@link AxisError} for a position out of range or repeated.
 * @public
 */
export function expandDims(x: ArrayLike, axis: number | readonly number[]): Array {
  const a = asArray(x, "expandDims");
  const list = typeof axis === "number" ? [axis] : axis;
  const nd = a.ndim + list.length;
  const at = normalizeAxes("expandDims", list, nd);
  const shape: number[] = [];
  let j = 0;
  for (let k = 0; k < nd; k++) shape.push(at.includes(k) ? 1 : (a.shape[j++] as number));
  return rawReshape(a, shape);
}

/**
 * Removes size-1 axes: all of them, or those in `axis`.
 * @throws {@link ValueError} when a selected axis does not have size 1.
 * @public
 */
export function squeeze(x: ArrayLike, axis?: Axis): Array {
  const a = asArray(x, "squeeze");
  const axes = axis === undefined || axis === null ? range(a.ndim).filter((k) => a.shape[k] === 1) : normalizeAxes("squeeze", axis, a.ndim);
  for (const k of axes) {
    if (a.shape[k] !== 1) {
      throw new ValueError(`squeeze: cannot select axis ${k}, which has size ${a.shape[k]} in shape ${formatShape(a.shape)}; only size-1 axes can be squeezed out`);
    }
  }
  return rawReshape(a, a.shape.filter((_, k) => !axes.includes(k)));
}

/**
 * Broadcasts `x` to `shape` (NumPy rules: axes align from the last; size-1 axes stretch).
 * @throws {@link ShapeError} when x cannot be broadcast to shape.
 * @public
 */
export function broadcastTo(x: ArrayLike, shape: number | readonly number[]): Array {
  const target = checkShape("broadcastTo", typeof shape === "number" ? [shape] : shape);
  return broadcastToShape(asArray(x, "broadcastTo"), target, "broadcastTo");
}

/**
 * Broadcasts every argument to their common shape (dtypes unchanged).
 * @throws {@link ShapeError} when the shapes do not broadcast together.
 * @public
 */
export function broadcastArrays(...xs: ArrayLike[]): Array[] {
  const arrays = xs.map((x) => asArray(x, "broadcastArrays"));
  const shape = broadcastShapes("broadcastArrays", ...arrays.map((a) => a.shape));
  return arrays.map((a) => broadcastToShape(a, shape, "broadcastArrays"));
}

/** Converts the arguments of a joining function to one promoted dtype (JAX's result_type). */
function promoteAll(where: string, xs: readonly ArrayLike[]): Array[] {
  if (xs.length === 0) throw new ValueError(`${where}: need at least one array to join`);
  const { dtype, weak } = resultType(...xs);
  return xs.map((x) => convert(asArray(x, where), dtype, weak));
}

function join(arrays: readonly Array[], axis: number): Array {
  return arrays.length === 1 ? (arrays[0] as Array) : concatenateP.bind1(arrays, { dimension: axis });
}

function concatChecked(where: string, arrays: readonly Array[], axis: number): Array {
  const first = arrays[0] as Array;
  if (first.ndim === 0) throw new ShapeError(`${where}: zero-dimensional arrays cannot be concatenated; use stack, or expandDims them first`);
  const k = normalizeAxis(where, axis, first.ndim);
  arrays.forEach((a, i) => {
    if (a.ndim !== first.ndim) {
      throw new ShapeError(
        `${where}: all the input arrays must have the same number of dimensions, but array 0 has shape ${formatShape(first.shape)} and array ${i} has shape ${formatShape(a.shape)}`,
      );
    }
    if (a.shape.some((d, j) => j !== k && d !== first.shape[j])) {
      throw new ShapeError(
        `${where}: all the input array dimensions except for the concatenation axis ${axis} must match exactly, but array 0 has shape ${formatShape(first.shape)} and array ${i} has shape ${formatShape(a.shape)}`,
      );
    }
  });
  return join(arrays, k);
}

/**
 * Joins arrays along an existing `axis` (default 0; null flattens them first), promoting dtypes.
 * @throws {@link ValueError} for an empty list; {@link ShapeError} for 0-d inputs or shapes that differ off the axis.
 * @example
 * ```ts
 * np.concatenate([np.array([1, 2]), np.array([3.5])]) // float32 [1, 2, 3.5]
 * ```
 * @public
 */
export function concatenate(xs: readonly ArrayLike[], axis: number | null = 0): Array {
  let arrays = promoteAll("concatenate", xs);
  if (axis === null) {
    arrays = arrays.map((a) => rawReshape(a, [a.size]));
    return join(arrays, 0);
  }
  return concatChecked("concatenate", arrays, axis);
}

/**
 * Joins arrays of one shape along a new `axis` of the result.
 * @throws {@link ShapeError} when the shapes differ; {@link ValueError} for an empty list.
 * @public
 */
export function stack(xs: readonly ArrayLike[], axis = 0): Array {
  const arrays = promoteAll("stack", xs);
  const first = arrays[0] as Array;
  arrays.forEach((a, i) => {
    if (!sameList(a.shape, first.shape)) {
      throw new ShapeError(`stack: all input arrays must have the same shape, but array 0 has shape ${formatShape(first.shape)} and array ${i} has shape ${formatShape(a.shape)}`);
    }
  });
  const k = normalizeAxis("stack", axis, first.ndim + 1);
  const shape = [...first.shape.slice(0, k), 1, ...first.shape.slice(k)];
  return join(arrays.map((a) => rawReshape(a, shape)), k);
}

function atleast(x: Array, n: number): Array {
  if (x.ndim >= n) return x;
  if (n === 1) return rawReshape(x, [1]);
  if (n === 2) return rawReshape(x, x.ndim === 0 ? [1, 1] : [1, ...x.shape]);
  return rawReshape(x, x.ndim === 0 ? [1, 1, 1] : x.ndim === 1 ? [1, ...x.shape, 1] : [...x.shape, 1]);
}

/**
 * Views `x` with at least one dimension (a 0-d array becomes shape [1]).
 * @public
 */
export function atleast1d(x: ArrayLike): Array {
  return atleast(asArray(x, "atleast1d"), 1);
}

/**
 * Views `x` with at least two dimensions ([N] becomes [1, N]).
 * @public
 */
export function atleast2d(x: ArrayLike): Array {
  return atleast(asArray(x, "atleast2d"), 2);
}

/**
 * Views `x` with at least three dimensions ([N] becomes [1, N, 1]; [M, N] becomes [M, N, 1]).
 * @public
 */
export function atleast3d(x: ArrayLike): Array {
  return atleast(asArray(x, "atleast3d"), 3);
}

/**
 * Joins horizontally: along axis 0 for 1-d inputs, else along axis 1.
 * @public
 */
export function hstack(xs: readonly ArrayLike[]): Array {
  const arrays = promoteAll("hstack", xs).map((a) => atleast(a, 1));
  return concatChecked("hstack", arrays, (arrays[0] as Array).ndim === 1 ? 0 : 1);
}

/**
 * Joins vertically (along axis 0), after making every input at least 2-d.
 * @public
 */
export function vstack(xs: readonly ArrayLike[]): Array {
  return concatChecked("vstack", promoteAll("vstack", xs).map((a) => atleast(a, 2)), 0);
}

/**
 * Joins along the third axis, after making every input at least 3-d.
 * @public
 */
export function dstack(xs: readonly ArrayLike[]): Array {
  return concatChecked("dstack", promoteAll("dstack", xs).map((a) => atleast(a, 3)), 2);
}

function sliceAxis(a: Array, axis: number, start: number, stop: number): Array {
  if (start === 0 && stop === a.shape[axis]) return a;
  return sliceP.bind1([a], {
    start: a.shape.map((_, k) => (k === axis ? start : 0)),
    limit: a.shape.map((d, k) => (k === axis ? stop : d)),
    strides: a.shape.map(() => 1),
  });
}

/** Splits at the given points with Python slice semantics (negative counts from the end, out-of-range clips). */
function splitAt(a: Array, axis: number, points: readonly number[]): Array[] {
  const n = a.shape[axis] as number;
  const clip = (p: number): number => (p < 0 ? Math.max(p + n, 0) : Math.min(p, n));
  const bounds = [0, ...points.map(clip), n];
  const out: Array[] = [];
  for (let i = 0; i + 1 < bounds.length; i++) {
    const start = bounds[i] as number;
    out.push(sliceAxis(a, axis, start, Math.max(start, bounds[i + 1] as number)));
  }
  return out;
}

function splitPoints(where: string, indices: readonly number[]): number[] {
  return indices.map((p) => {
    if (!Number.isInteger(p)) throw new ValueError(`${where}: split indices must be integers, got ${JSON.stringify(indices)}`);
    return p;
  });
}

/**
 * Splits into `sections` equal parts along `axis`, or at the given indices (NumPy's slicing rules).
 * @throws {@link ValueError} when the axis does not divide evenly into `sections`.
 * @public
 */
export function split(x: ArrayLike, indicesOrSections: number | readonly number[], axis = 0): Array[] {
  const a = asArray(x, "split");
  const k = normalizeAxis("split", axis, a.ndim);
  if (typeof indicesOrSections !== "number") return splitAt(a, k, splitPoints("split", indicesOrSections));
  const sections = checkInt("split", "the number of sections", indicesOrSections, 1);
  const n = a.shape[k] as number;
  if (n % sections !== 0) {
    throw new ValueError(`split: array split does not result in an equal division: axis ${axis} of size ${n} into ${sections} sections; use arraySplit for unequal parts`);
  }
  return splitAt(a, k, range(sections - 1).map((i) => ((i + 1) * n) / sections));
}

/**
 * Like `np.split`, but `sections` need not divide the axis: the first `n % sections` parts get one extra element.
 * @throws {@link ValueError} when sections is not a positive integer.
 * @public
 */
export function arraySplit(x: ArrayLike, indicesOrSections: number | readonly number[], axis = 0): Array[] {
  const a = asArray(x, "arraySplit");
  const k = normalizeAxis("arraySplit", axis, a.ndim);
  if (typeof indicesOrSections !== "number") return splitAt(a, k, splitPoints("arraySplit", indicesOrSections));
  const sections = checkInt("arraySplit", "the number of sections", indicesOrSections, 1);
  const n = a.shape[k] as number;
  const each = Math.floor(n / sections);
  const extra = n % sections;
  const points: number[] = [];
  let p = 0;
  for (let i = 0; i + 1 < sections; i++) {
    p += each + (i < extra ? 1 : 0);
    points.push(p);
  }
  return splitAt(a, k, points);
}

/**
 * Repeats the whole array `reps` times along each axis (reps and x's shape are padded with
 * leading 1s to the same length).
 * @throws {@link ValueError} for negative or non-integer reps.
 * @public
 */
export function tile(x: ArrayLike, reps: number | readonly number[]): Array {
  const a = asArray(x, "tile");
  const r = (typeof reps === "number" ? [reps] : [...reps]).map((v) => checkInt("tile", "each repetition count", v, 0));
  const nd = Math.max(r.length, a.ndim);
  const shape = [...new globalThis.Array<number>(nd - a.ndim).fill(1), ...a.shape];
  const rr = [...new globalThis.Array<number>(nd - r.length).fill(1), ...r];
  const src = rawReshape(a, shape);
  const target = shape.flatMap((d, k) => [rr[k] as number, d]);
  const wide = broadcastInDimP.bind1([src], { shape: target, broadcastDimensions: shape.map((_, k) => 2 * k + 1) });
  return rawReshape(wide, shape.map((d, k) => d * (rr[k] as number)));
}

/**
 * Repeats each element `repeats` times along `axis` (the flattened array when null/undefined);
 * `repeats` is one count or one count per element of the axis.
 * @throws {@link ValueError} for negative counts or a count list of the wrong length.
 * @public
 */
export function repeat(x: ArrayLike, repeats: number | readonly number[], axis?: number | null): Array {
  let a = asArray(x, "repeat");
  let k = 0;
  if (axis === undefined || axis === null) a = rawReshape(a, [a.size]);
  else k = normalizeAxis("repeat", axis, a.ndim);
  const n = a.shape[k] as number;
  const counts = (typeof repeats === "number" ? [repeats] : [...repeats]).map((v) => checkInt("repeat", "each repeat count", v, 0));
  if (counts.length === 1) {
    const r = counts[0] as number;
    const target = [...a.shape.slice(0, k + 1), r, ...a.shape.slice(k + 1)];
    const wide = broadcastInDimP.bind1([a], { shape: target, broadcastDimensions: a.shape.map((_, j) => (j <= k ? j : j + 1)) });
    return rawReshape(wide, a.shape.map((d, j) => (j === k ? d * r : d)));
  }
  if (counts.length !== n) {
    throw new ValueError(`repeat: repeats has ${counts.length} counts but axis ${axis ?? 0} has ${n} elements; give one count, or one per element`);
  }
  const indices: number[] = [];
  counts.forEach((c, i) => {
    for (let j = 0; j < c; j++) indices.push(i);
  });
  return takeP.bind1([a, array(indices, { dtype: "int32" })], { axis: k });
}

/** Padding modes of `np.pad`. @public */
export type PadMode = "constant" | "edge" | "reflect" | "symmetric" | "wrap";

/** Pad widths (or constant values): one number, `[before, after]`, or one `[before, after]` per axis. @public */
export type PadSpec = number | readonly number[] | readonly (readonly number[])[];

/** Options of `np.pad`. @public */
export interface PadOptions {
  /** How to fill the border. @defaultValue "constant" */
  mode?: PadMode;
  /** Values of the `constant` mode, in the forms of the pad widths. @defaultValue 0 */
  constantValues?: PadSpec | boolean;
}

const PAD_MODES: readonly PadMode[] = ["constant", "edge", "reflect", "symmetric", "wrap"];

/** Expands a pad spec into one [before, after] pair per axis (NumPy's broadcasting of pad_width). */
function padPairs(what: string, spec: PadSpec | boolean, ndim: number): [number, number][] {
  const bad = (): ValueError =>
    new ValueError(`pad: ${what} ${JSON.stringify(spec)} must be a number, [before, after], or one [before, after] per axis (${ndim} axes)`);
  const all = (p: [number, number]): [number, number][] => range(ndim).map(() => [p[0], p[1]]);
  if (typeof spec === "number" || typeof spec === "boolean") return all([Number(spec), Number(spec)]);
  if (!isJsArray(spec)) throw bad();
  const pairOf = (v: unknown): [number, number] => {
    if (typeof v === "number") return [v, v];
    if (isJsArray(v) && v.every((e) => typeof e === "number") && (v.length === 1 || v.length === 2)) {
      return [v[0] as number, v[v.length - 1] as number];
    }
    throw bad();
  };
  if (spec.every((e) => typeof e === "number")) {
    if (spec.length === 1 || spec.length === 2) return all(pairOf(spec));
    throw bad();
  }
  if (spec.length === 1) return all(pairOf(spec[0]));
  if (spec.length === ndim) return spec.map(pairOf);
  throw bad();
}

function constantScalar(value: number, a: Array): Array {
  if (a.dtype !== "bool" && a.dtype !== "float32" && a.dtype !== "float64" && !Number.isFinite(value)) {
    throw new ValueError(`pad: cannot use constant value ${value} for a ${a.dtype} array; NaN and infinities have no integer value`);
  }
  return scalar(value, a.dtype, a.weakType);
}

/** Index of the input element that output position `p` (relative to the first input element) reads. */
function sourceIndex(mode: PadMode, p: number, n: number): number {
  const mod = (v: number, m: number): number => ((v % m) + m) % m;
  switch (mode) {
    case "edge":
      return Math.min(Math.max(p, 0), n - 1);
    case "wrap":
      return mod(p, n);
    case "reflect": {
      if (n === 1) return 0;
      const q = mod(p, 2 * (n - 1));
      return q < n ? q : 2 * (n - 1) - q;
    }
    default: {
      const q = mod(p, 2 * n);
      return q < n ? q : 2 * n - 1 - q;
    }
  }
}

/**
 * Pads each axis with `padWidth` elements before and after. Modes: `constant` (`constantValues`,
 * default 0), `edge` (repeat the border element), `reflect` (mirror without the border),
 * `symmetric` (mirror with it) and `wrap` (periodic).
 * @throws {@link ValueError} for negative or malformed widths, an unknown mode, constantValues
 * with another mode, or extending an empty axis in a non-constant mode.
 * @example
 * ```ts
 * np.pad(np.array([1, 2, 3]), [1, 2], { mode: "edge" }) // [1, 1, 2, 3, 3, 3]
 * ```
 * @public
 */
export function pad(x: ArrayLike, padWidth: PadSpec, options?: PadOptions): Array {
  checkOptions("pad", options, ["mode", "constantValues"]);
  const a = asArray(x, "pad");
  const mode = options?.mode ?? "constant";
  if (!PAD_MODES.includes(mode)) {
    throw new ValueError(`pad: unknown mode ${JSON.stringify(mode)}; the modes are ${PAD_MODES.map((m) => `'${m}'`).join(", ")}`);
  }
  if (mode !== "constant" && options?.constantValues !== undefined) {
    throw new ValueError(`pad: constantValues only applies to mode 'constant', not '${mode}'`);
  }
  const widths = padPairs("padWidth", padWidth, a.ndim);
  for (const [b, e] of widths) {
    if (!Number.isInteger(b) || !Number.isInteger(e) || b < 0 || e < 0) {
      throw new ValueError(`pad: pad widths must be non-negative integers, got ${JSON.stringify(padWidth)}`);
    }
  }
  if (mode === "constant") {
    const values = padPairs("constantValues", options?.constantValues ?? 0, a.ndim);
    const v0 = values[0]?.[0] ?? 0;
    const zeros = widths.map(() => 0);
    if (values.every(([b, e]) => Object.is(b, v0) && Object.is(e, v0))) {
      if (widths.every(([b, e]) => b === 0 && e === 0)) return a;
      return padP.bind1([a, constantScalar(v0, a)], { lo: widths.map((w) => w[0]), hi: widths.map((w) => w[1]), interior: zeros });
    }
    // Per-axis values: pad axis by axis, so corners take the later axis' value (as NumPy).
    let out = a;
    widths.forEach(([b, e], k) => {
      const [vb, ve] = values[k] as [number, number];
      const only = (w: number): number[] => zeros.map((_, j) => (j === k ? w : 0));
      if (b > 0) out = padP.bind1([out, constantScalar(vb, out)], { lo: only(b), hi: zeros, interior: zeros });
      if (e > 0) out = padP.bind1([out, constantScalar(ve, out)], { lo: zeros, hi: only(e), interior: zeros });
    });
    return out;
  }
  let out = a;
  widths.forEach(([b, e], k) => {
    if (b === 0 && e === 0) return;
    const n = a.shape[k] as number;
    if (n === 0) {
      throw new ValueError(`pad: can't extend empty axis ${k} of shape ${formatShape(a.shape)} using mode '${mode}'; use mode 'constant'`);
    }
    const indices = range(b + n + e).map((i) => sourceIndex(mode, i - b, n));
    out = takeP.bind1([out, array(indices, { dtype: "int32" })], { axis: k });
  });
  return out;
}

/**
 * Reverses the order of elements along `axis` (every axis when null/undefined).
 * @public
 */
export function flip(x: ArrayLike, axis?: Axis): Array {
  const a = asArray(x, "flip");
  const axes = normalizeAxes("flip", axis, a.ndim);
  return axes.length === 0 ? a : revP.bind1([a], { dimensions: axes });
}

/**
 * Shifts elements cyclically by `shift` along `axis`; with axis null/undefined the flattened
 * array is rolled and the shape restored. Several shifts and axes pair up (one of them may be a
 * single value); shifts on one axis add up.
 * @throws {@link ValueError} for non-integer shifts or shift/axis lists of different lengths.
 * @public
 */
export function roll(x: ArrayLike, shift: number | readonly number[], axis?: number | readonly number[] | null): Array {
  const a = asArray(x, "roll");
  const shifts = typeof shift === "number" ? [shift] : [...shift];
  for (const s of shifts) checkInt("roll", "each shift", s, Number.NEGATIVE_INFINITY);
  if (axis === undefined || axis === null) {
    const flat = rawReshape(a, [a.size]);
    return rawReshape(rollAxes(flat, shifts.map(() => 0), shifts), a.shape);
  }
  const axes = typeof axis === "number" ? [axis] : [...axis];
  const count = Math.max(shifts.length, axes.length);
  if ((shifts.length !== 1 && shifts.length !== count) || (axes.length !== 1 && axes.length !== count)) {
    throw new ValueError(`roll: ${shifts.length} shifts and ${axes.length} axes cannot be paired; give one of them once or both with the same length`);
  }
  const ks = range(count).map((i) => normalizeAxis("roll", axes[axes.length === 1 ? 0 : i] as number, a.ndim));
  return rollAxes(a, ks, range(count).map((i) => shifts[shifts.length === 1 ? 0 : i] as number));
}

function rollAxes(a: Array, axes: readonly number[], shifts: readonly number[]): Array {
  const total = new Map<number, number>();
  axes.forEach((k, i) => total.set(k, (total.get(k) ?? 0) + (shifts[i] as number)));
  let out = a;
  for (const [k, s] of total) {
    const n = a.shape[k] as number;
    if (n === 0) continue;
    const r = ((s % n) + n) % n;
    if (r === 0) continue;
    out = concatenateP.bind1([sliceAxis(out, k, n - r, n), sliceAxis(out, k, 0, n - r)], { dimension: k });
  }
  return out;
}
