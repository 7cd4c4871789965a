// lax.convGeneralDilated and lax.reduceWindow: JAX's argument conventions (string or explicit
// padding, dimension-number strings such as ["NHWC", "HWIO", "NHWC"]) resolved into the
// primitives' explicit params. Layer 11.

import type { Array } from "../array/Array.js";
import { checkOptions, ValueError } from "../errors/errors.js";
import { convGeneralDilatedP, dilateDim, type ConvDimensionNumbers } from "../primitives/conv.js";
import { reduceWindowP, type WindowComputation } from "../primitives/reduceWindow.js";
import { range } from "../util/assert.js";
import { scalarOf } from "./scalar.js";

/** Padding of a windowed op: `'SAME'` (output size ⌈in/stride⌉, extra padding high), `'SAME_LOWER'` (extra low), `'VALID'` (none), or `[lo, hi]` per spatial axis. @public */
export type PaddingSpec = "SAME" | "SAME_LOWER" | "VALID" | readonly (readonly [number, number])[];

/** Dimension numbers as JAX accepts them: layout strings `[lhs, rhs, out]` such as `["NCHW", "OIHW", "NCHW"]`, or explicit axis lists. @public */
export type ConvDimensionNumbersSpec = readonly [string, string, string] | ConvDimensionNumbers;

/** Options of `lax.convGeneralDilated`. @public */
export interface ConvOptions {
  /** Dilation of the input (transposed convolution), per spatial axis. @defaultValue all 1 */
  lhsDilation?: readonly number[];
  /** Dilation of the kernel (atrous convolution), per spatial axis. @defaultValue all 1 */
  rhsDilation?: readonly number[];
  /** Layouts of lhs, kernel and output. @defaultValue `NC…`, `OI…`, `NC…` (channels first) */
  dimensionNumbers?: ConvDimensionNumbersSpec | null;
  /** Number of feature groups (depthwise convolution: the number of input channels). @defaultValue 1 */
  featureGroupCount?: number;
  /** Number of batch groups (used by kernel gradients). @defaultValue 1 */
  batchGroupCount?: number;
}

/** Options of `lax.reduceWindow`. @public */
export interface ReduceWindowOptions {
  /** Dilation of the operand, per axis. @defaultValue all 1 */
  baseDilation?: readonly number[];
  /** Dilation of the window, per axis. @defaultValue all 1 */
  windowDilation?: readonly number[];
}

/**
 * Explicit `[lo, hi]` pads for a padding spec over spatial sizes `inShape` with (dilated) window
 * sizes `window` and `strides`, as JAX's `padtype_to_pads`.
 * @public
 */
export function padtypeToPads(where: string, inShape: readonly number[], window: readonly number[], strides: readonly number[], padding: PaddingSpec): [number, number][] {
  if (typeof padding !== "string") {
    if (padding.length !== inShape.length || padding.some((p) => p.length !== 2 || !p.every(Number.isInteger))) {
      throw new ValueError(`${where}: padding ${JSON.stringify(padding)} must be 'SAME', 'SAME_LOWER', 'VALID' or ${inShape.length} [lo, hi] integer pairs`);
    }
    return padding.map((p) => [p[0], p[1]]);
  }
  if (padding === "VALID") return inShape.map(() => [0, 0]);
  if (padding !== "SAME" && padding !== "SAME_LOWER") {
    throw new ValueError(`${where}: unknown padding ${JSON.stringify(padding)}; use 'SAME', 'SAME_LOWER', 'VALID' or [lo, hi] pairs`);
  }
  return inShape.map((n, k) => {
    const s = strides[k] as number;
    const out = Math.ceil(n / s);
    const total = Math.max(0, (out - 1) * s + (window[k] as number) - n);
    const lo = padding === "SAME" ? Math.floor(total / 2) : Math.ceil(total / 2);
    return [lo, total - lo];
  });
}

function layoutPerms(spec: readonly [string, string, string]): ConvDimensionNumbers {
  const [lhs, rhs, out] = spec;
  const pairs: [string, string, string][] = [
    [lhs, "N", "C"],
    [rhs, "O", "I"],
    [out, "N", "C"],
  ];
  for (const [s, a, b] of pairs) {
    if (typeof s !== "string" || [...s].filter((c) => c === a).length !== 1 || [...s].filter((c) => c === b).length !== 1 || new Set(s).size !== s.length) {
      throw new ValueError(
        `convGeneralDilated: dimension numbers ${JSON.stringify(spec)} are invalid: '${String(s)}' must contain '${a}' and '${b}' once each and no repeated letters`,
      );
    }
  }
  const spatial = (s: string, a: string, b: string): string[] => [...s].filter((c) => c !== a && c !== b);
  const rhsSpatial = spatial(rhs, "O", "I");
  const same = (xs: string[]): boolean => xs.length === rhsSpatial.length && xs.every((c) => rhsSpatial.includes(c));
  if (!same(spatial(lhs, "N", "C")) || !same(spatial(out, "N", "C")) || lhs.length !== rhs.length || out.length !== rhs.length) {
    throw new ValueError(`convGeneralDilated: dimension numbers ${JSON.stringify(spec)} must name the same spatial letters in all three layouts`);
  }
  const perm = (s: string, a: string, b: string): number[] => [s.indexOf(a), s.indexOf(b), ...rhsSpatial.map((c) => s.indexOf(c))];
  return { lhs: perm(lhs, "N", "C"), rhs: perm(rhs, "O", "I"), out: perm(out, "N", "C") };
}

function resolveDims(spec: ConvDimensionNumbersSpec | null | undefined, ndim: number): ConvDimensionNumbers {
  if (spec === null || spec === undefined) {
    const id = range(ndim);
    return { lhs: id, rhs: id, out: id };
  }
  if (globalThis.Array.isArray(spec)) {
    const dims = layoutPerms(spec as readonly [string, string, string]);
    if (dims.lhs.length !== ndim) {
      throw new ValueError(`convGeneralDilated: dimension numbers ${JSON.stringify(spec)} describe rank ${dims.lhs.length} but the operands have rank ${ndim}`);
    }
    return dims;
  }
  const d = spec as ConvDimensionNumbers;
  return { lhs: [...d.lhs], rhs: [...d.rhs], out: [...d.out] };
}

/**
 * JAX's `lax.conv_general_dilated`: N-d cross-correlation of `lhs` (batch, features, spatial…)
 * with `rhs` (out features, in features, window…) with strides, padding, input/kernel
 * dilation, layouts and feature/batch groups. Operands share one numeric dtype.
 * @throws {@link ValueError} for malformed strides/padding/dimension numbers or string padding with lhs dilation; ShapeError for incompatible shapes; DTypeError for mismatched dtypes.
 * @example
 * ```ts
 * lax.convGeneralDilated(x, w, [1, 1], "SAME", { dimensionNumbers: ["NHWC", "HWIO", "NHWC"] })
 * ```
 * @public
 */
export function convGeneralDilated(lhs: Array, rhs: Array, windowStrides: readonly number[], padding: PaddingSpec, options?: ConvOptions): Array {
  checkOptions("convGeneralDilated", options, ["lhsDilation", "rhsDilation", "dimensionNumbers", "featureGroupCount", "batchGroupCount"]);
  const dn = resolveDims(options?.dimensionNumbers, lhs.ndim);
  const d = Math.max(lhs.ndim - 2, 0);
  const ones = range(d).map(() => 1);
  const lhsDilation = options?.lhsDilation ?? ones;
  const rhsDilation = options?.rhsDilation ?? ones;
  let pads: [number, number][];
  if (typeof padding === "string") {
    if (lhsDilation.some((x) => x !== 1)) {
      throw new ValueError(
        `convGeneralDilated: string padding '${padding}' is not supported together with lhsDilation ${JSON.stringify(lhsDilation)} (a transposed convolution); give explicit [lo, hi] pairs`,
      );
    }
    const inSp = dn.lhs.slice(2).map((a) => lhs.shape[a] as number);
    const win = dn.rhs.slice(2).map((a, k) => dilateDim(rhs.shape[a] as number, (rhsDilation[k] as number | undefined) ?? 1));
    pads = padtypeToPads("convGeneralDilated", inSp, win, windowStrides, padding);
  } else {
    pads = padding.map((p) => [p[0], p[1]]);
  }
  return convGeneralDilatedP.bind1([lhs, rhs], {
    windowStrides: [...windowStrides],
    padding: pads,
    lhsDilation: [...lhsDilation],
    rhsDilation: [...rhsDilation],
    dimensionNumbers: dn,
    featureGroupCount: options?.featureGroupCount ?? 1,
    batchGroupCount: options?.batchGroupCount ?? 1,
  });
}

/**
 * JAX's `lax.reduce_window` with a named monoid: reduces `computation` over windows of
 * `windowDimensions` moved by `windowStrides` (default 1) over the padded (default `'VALID'`),
 * optionally dilated operand; each result is `initValue ⊕ window` (padding contributes `initValue`).
 * @throws {@link ValueError} for malformed window parameters; DTypeError for an init value of another dtype.
 * @example
 * ```ts
 * lax.reduceWindow(x, -Infinity, "max", [1, 1, 2, 2], [1, 1, 2, 2], "VALID") // 2×2 max pooling, NCHW
 * ```
 * @public
 */
export function reduceWindow(
  operand: Array,
  initValue: Array | number | boolean,
  computation: WindowComputation,
  windowDimensions: readonly number[],
  windowStrides?: readonly number[] | null,
  padding: PaddingSpec = "VALID",
  options?: ReduceWindowOptions,
): Array {
  checkOptions("reduceWindow", options, ["baseDilation", "windowDilation"]);
  const ones = operand.shape.map(() => 1);
  const strides = windowStrides ?? ones;
  const windowDilation = options?.windowDilation ?? ones;
  const baseDilation = options?.baseDilation ?? ones;
  const win = windowDimensions.map((w, k) => dilateDim(w, (windowDilation[k] as number | undefined) ?? 1));
  const pads = padtypeToPads("reduceWindow", operand.shape, win, strides, padding);
  const init = typeof initValue === "number" || typeof initValue === "boolean" ? scalarOf("reduceWindow", "init value", initValue, operand.dtype) : initValue;
  return reduceWindowP.bind1([operand, init], {
    computation,
    windowDimensions: [...windowDimensions],
    windowStrides: [...strides],
    padding: pads,
    baseDilation: [...baseDilation],
    windowDilation: [...windowDilation],
  });
}
