// The np linear-algebra products: matmul, dot, vdot, inner, outer, tensordot, einsum, plus
// trace, diagonal and norm — NumPy semantics, JAX dtype promotion, all through dot_general. Layer 12.

import type { Array } from "../array/Array.js";
import { getDefaultFloatDType, isFloat, type DType } from "../dtype/dtype.js";
import { AxisError, checkOptions, ShapeError, ValueError } from "../errors/errors.js";
import { dotGeneralP } from "../primitives/dot.js";
import * as P from "../primitives/elementwise.js";
import { broadcastInDimP, reshapeP, sliceP, transposeP } from "../primitives/movement.js";
import { reduceMaxP, reduceMinP, reduceSumP } from "../primitives/reduce.js";
import { normalizeAxis } from "../shape/shape.js";
import { formatShape, range, sameList } from "../util/assert.js";
import { asArray, scalar, type ArrayLike } from "./convert.js";
import { multiply } from "./elementwise.js";
import { broadcastTo, convert, resultType } from "./promote.js";

function reshape(x: Array, shape: readonly number[]): Array {
  return sameList(x.shape, shape) ? x : reshapeP.bind1([x], { newShape: shape });
}

function permute(x: Array, perm: readonly number[]): Array {
  return perm.every((p, k) => p === k) ? x : transposeP.bind1([x], { permutation: perm });
}

function dotGeneral(a: Array, b: Array, contracting: [number[], number[]], batch: [number[], number[]]): Array {
  return dotGeneralP.bind1([a, b], { contracting, batch });
}

/** Converts arguments to Arrays of their promoted dtype (no broadcasting). */
function promoteAll(where: string, args: readonly ArrayLike[]): Array[] {
  const { dtype, weak } = resultType(...args);
  return args.map((a) => convert(asArray(a, where), dtype, weak));
}

/** Sums `axes` away; bools are or-reduced (the sum of logical products, as dot_general on bool). */
function sumAxes(x: Array, axes: readonly number[]): Array {
  if (axes.length === 0) return x;
  const sorted = [...axes].sort((p, q) => p - q);
  if (x.dtype === "bool") {
    const s = reduceSumP.bind1([convert(x, "int32", x.weakType)], { axes: sorted });
    return convert(s, "bool", x.weakType);
  }
  return reduceSumP.bind1([x], { axes: sorted });
}

/**
 * NumPy's `matmul` (`a @ b`): matrix products over the last two axes, broadcasting leading
 * (batch) axes; a 1-d operand is a vector (a row on the left, a column on the right) whose
 * axis is removed from the result.
 * @throws {@link ShapeError} for 0-d operands, mismatched contraction sizes or batch shapes that do not broadcast.
 * @example
 * ```ts
 * np.matmul(np.ones([2, 3]), np.ones([3, 4])) // shape [2, 4]
 * ```
 * @public
 */
export function matmul(a: ArrayLike, b: ArrayLike): Array {
  const [x, y] = promoteAll("matmul", [a, b]) as [Array, Array];
  if (x.ndim === 0 || y.ndim === 0) {
    throw new ShapeError(
      `matmul: operand ${x.ndim === 0 ? "a" : "b"} is 0-d (shapes ${formatShape(x.shape)} and ${formatShape(y.shape)}); matmul needs arrays with at least 1 dimension — use multiply for scalars`,
    );
  }
  const A = x.ndim === 1 ? reshape(x, [1, x.shape[0] as number]) : x;
  const B = y.ndim === 1 ? reshape(y, [y.shape[0] as number, 1]) : y;
  const K = A.shape[A.ndim - 1] as number;
  const Kb = B.shape[B.ndim - 2] as number;
  if (K !== Kb) {
    throw new ShapeError(
      `matmul: a has shape ${formatShape(x.shape)} and b has shape ${formatShape(y.shape)}; the contraction sizes differ (${K} in a's last axis vs ${Kb} in b's ${y.ndim === 1 ? "only" : "second-to-last"} axis)`,
    );
  }
  let out: Array;
  if (B.ndim === 2) {
    out = dotGeneral(A, B, [[A.ndim - 1], [0]], [[], []]);
  } else {
    const batchA = A.shape.slice(0, -2);
    const batchB = B.shape.slice(0, -2);
    const nb = Math.max(batchA.length, batchB.length);
    const batch: number[] = [];
    for (let k = 0; k < nb; k++) {
      const da = batchA[k - (nb - batchA.length)] ?? 1;
      const db = batchB[k - (nb - batchB.length)] ?? 1;
      if (da !== db && da !== 1 && db !== 1) {
        throw new ShapeError(
          `matmul: the batch (leading) dimensions of a ${formatShape(x.shape)} and b ${formatShape(y.shape)} do not broadcast (${formatShape(batchA)} vs ${formatShape(batchB)}); sizes must match or be 1`,
        );
      }
      batch.push(da === 1 ? db : da);
    }
    const M = A.shape[A.ndim - 2] as number;
    const N = B.shape[B.ndim - 1] as number;
    const A2 = broadcastTo(A, [...batch, M, K], "matmul");
    const B2 = broadcastTo(B, [...batch, K, N], "matmul");
    out = dotGeneral(A2, B2, [[nb + 1], [nb]], [range(nb), range(nb)]);
  }
  let shape = [...out.shape];
  if (y.ndim === 1) shape = shape.slice(0, -1);
  if (x.ndim === 1) shape.splice(shape.length - (y.ndim === 1 ? 1 : 2), 1);
  return reshape(out, shape);
}

/**
 * NumPy's `dot`: a scalar operand multiplies; 1-d · 1-d is the inner product; N-d · 1-d sums
 * over the last axes; N-d · M-d (M ≥ 2) sums over the last axis of `a` and the second-to-last of `b`.
 * @throws {@link ShapeError} when the summed axes differ in size.
 * @public
 */
export function dot(a: ArrayLike, b: ArrayLike): Array {
  const [x, y] = promoteAll("dot", [a, b]) as [Array, Array];
  if (x.ndim === 0 || y.ndim === 0) return multiply(x, y);
  const ax = x.ndim - 1;
  const by = y.ndim === 1 ? 0 : y.ndim - 2;
  if (x.shape[ax] !== y.shape[by]) {
    throw new ShapeError(
      `dot: shapes ${formatShape(x.shape)} and ${formatShape(y.shape)} are not aligned: a's last axis has size ${x.shape[ax]} but b's axis ${by} has size ${y.shape[by]}`,
    );
  }
  return dotGeneral(x, y, [[ax], [by]], [[], []]);
}

/**
 * NumPy's `vdot`: both operands flattened, then their inner product (a 0-d array).
 * @throws {@link ShapeError} when the sizes differ.
 * @public
 */
export function vdot(a: ArrayLike, b: ArrayLike): Array {
  const [x, y] = promoteAll("vdot", [a, b]) as [Array, Array];
  if (x.size !== y.size) {
    throw new ShapeError(`vdot: operands have ${x.size} and ${y.size} elements (shapes ${formatShape(x.shape)} and ${formatShape(y.shape)}); they need the same number`);
  }
  return dotGeneral(reshape(x, [x.size]), reshape(y, [y.size]), [[0], [0]], [[], []]);
}

/**
 * NumPy's `inner`: sums over the last axes of both operands (a scalar operand multiplies);
 * the result has shape `a.shape[:-1] + b.shape[:-1]`.
 * @throws {@link ShapeError} when the last axes differ in size.
 * @public
 */
export function inner(a: ArrayLike, b: ArrayLike): Array {
  const [x, y] = promoteAll("inner", [a, b]) as [Array, Array];
  if (x.ndim === 0 || y.ndim === 0) return multiply(x, y);
  if (x.shape[x.ndim - 1] !== y.shape[y.ndim - 1]) {
    throw new ShapeError(
      `inner: the last axes of ${formatShape(x.shape)} and ${formatShape(y.shape)} differ in size (${x.shape[x.ndim - 1]} vs ${y.shape[y.ndim - 1]})`,
    );
  }
  return dotGeneral(x, y, [[x.ndim - 1], [y.ndim - 1]], [[], []]);
}

/**
 * NumPy's `outer`: `out[i, j] = a.flat[i] * b.flat[j]`.
 * @public
 */
export function outer(a: ArrayLike, b: ArrayLike): Array {
  const [x, y] = promoteAll("outer", [a, b]) as [Array, Array];
  return multiply(reshape(x, [x.size, 1]), reshape(y, [1, y.size]));
}

/** The axes argument of `np.tensordot`: a count, or the axes of `a` and of `b` to sum over pairwise. @public */
export type TensordotAxes = number | readonly [number | readonly number[], number | readonly number[]];

/**
 * NumPy's `tensordot`: sums products over `axes` (an integer N = the last N axes of `a` with the
 * first N of `b`, or a pair of axis lists); the result has `a`'s remaining axes then `b`'s.
 * @throws {@link ShapeError} when paired axes differ in size; {@link AxisError} for bad axes; {@link ValueError} for a bad count.
 * @public
 */
export function tensordot(a: ArrayLike, b: ArrayLike, axes: TensordotAxes = 2): Array {
  const [x, y] = promoteAll("tensordot", [a, b]) as [Array, Array];
  let ax: number[];
  let bx: number[];
  if (typeof axes === "number") {
    if (!Number.isInteger(axes) || axes < 0 || axes > x.ndim || axes > y.ndim) {
      throw new ValueError(
        `tensordot: axes=${axes} must be an integer between 0 and the smaller rank (shapes ${formatShape(x.shape)} and ${formatShape(y.shape)})`,
      );
    }
    ax = range(axes).map((k) => x.ndim - axes + k);
    bx = range(axes);
  } else {
    const [pa, pb] = axes;
    const la = typeof pa === "number" ? [pa] : [...pa];
    const lb = typeof pb === "number" ? [pb] : [...pb];
    if (la.length !== lb.length) {
      throw new ValueError(`tensordot: the axis lists ${formatShape(la)} and ${formatShape(lb)} have different lengths; pair each axis of a with one of b`);
    }
    ax = la.map((k) => normalizeAxis("tensordot", k, x.ndim));
    bx = lb.map((k) => normalizeAxis("tensordot", k, y.ndim));
    if (new Set(ax).size !== ax.length || new Set(bx).size !== bx.length) {
      throw new AxisError(`tensordot: repeated axis in ${formatShape(la)} / ${formatShape(lb)}; list each axis once`);
    }
  }
  ax.forEach((k, i) => {
    const j = bx[i] as number;
    if (x.shape[k] !== y.shape[j]) {
      throw new ShapeError(
        `tensordot: shape mismatch for sum: axis ${k} of a ${formatShape(x.shape)} has size ${x.shape[k]} but axis ${j} of b ${formatShape(y.shape)} has size ${y.shape[j]}`,
      );
    }
  });
  return dotGeneral(x, y, [ax, bx], [[], []]);
}

/** The diagonal of axes (i, j) of `x` with `offset`, appended as the last axis (the other two removed). */
function diagonalOf(x: Array, offset: number, i: number, j: number): Array {
  const rest = range(x.ndim).filter((k) => k !== i && k !== j);
  const t = permute(x, [...rest, i, j]);
  const n1 = x.shape[i] as number;
  const n2 = x.shape[j] as number;
  const len = Math.max(0, offset >= 0 ? Math.min(n1, n2 - offset) : Math.min(n1 + offset, n2));
  const r0 = offset >= 0 ? 0 : -offset;
  const c0 = offset >= 0 ? offset : 0;
  const lead = rest.map((k) => x.shape[k] as number);
  const square = sliceP.bind1([t], {
    start: [...lead.map(() => 0), len === 0 ? 0 : r0, len === 0 ? 0 : c0],
    limit: [...lead, len === 0 ? 0 : r0 + len, len === 0 ? 0 : c0 + len],
    strides: t.shape.map(() => 1),
  });
  const flat = reshape(square, [...lead, len * len]);
  return sliceP.bind1([flat], { start: flat.shape.map(() => 0), limit: [...flat.shape], strides: [...lead.map(() => 1), len + 1] });
}

/**
 * NumPy's `diagonal`: the `offset` diagonal of axes `axis1`, `axis2` (above the main one for
 * `offset > 0`), as the last axis of the result; the other axes keep their order.
 * @throws {@link ValueError} for arrays under 2-d; {@link AxisError} for bad or equal axes.
 * @public
 */
export function diagonal(x: ArrayLike, offset = 0, axis1 = 0, axis2 = 1): Array {
  const a = asArray(x, "diagonal");
  if (a.ndim < 2) throw new ValueError(`diagonal: needs an array of at least 2 dimensions, got shape ${formatShape(a.shape)}`);
  const i = normalizeAxis("diagonal", axis1, a.ndim);
  const j = normalizeAxis("diagonal", axis2, a.ndim);
  if (i === j) throw new AxisError(`diagonal: axis1 and axis2 are both axis ${i}; they must differ`);
  if (!Number.isInteger(offset)) throw new ValueError(`diagonal: offset must be an integer, got ${offset}`);
  return diagonalOf(a, offset, i, j);
}

/**
 * NumPy's `trace`: the sum along the `offset` diagonal of axes `axis1`, `axis2` (bool sums to int32).
 * @throws {@link ValueError} for arrays under 2-d; {@link AxisError} for bad or equal axes.
 * @public
 */
export function trace(x: ArrayLike, offset = 0, axis1 = 0, axis2 = 1): Array {
  const a = asArray(x, "trace");
  if (a.ndim < 2) throw new ValueError(`trace: needs an array of at least 2 dimensions, got shape ${formatShape(a.shape)}`);
  const i = normalizeAxis("trace", axis1, a.ndim);
  const j = normalizeAxis("trace", axis2, a.ndim);
  if (i === j) throw new AxisError(`trace: axis1 and axis2 are both axis ${i}; they must differ`);
  if (!Number.isInteger(offset)) throw new ValueError(`trace: offset must be an integer, got ${offset}`);
  let d = diagonalOf(a, offset, i, j);
  if (d.dtype === "bool") d = convert(d, "int32", d.weakType);
  return reduceSumP.bind1([d], { axes: [d.ndim - 1] });
}

// ---------------------------------------------------------------------------------------------
// einsum

interface Term {
  readonly letters: string[];
  readonly ellipsisAt: number;
}

const LETTER = /^[a-zA-Z]$/;

function parseTerm(term: string, subscripts: string, what: string): Term {
  const letters: string[] = [];
  let ellipsisAt = -1;
  for (let p = 0; p < term.length; ) {
    if (term.startsWith("...", p)) {
      if (ellipsisAt >= 0) throw new ValueError(`einsum: ${what} '${term}' in '${subscripts}' has more than one ellipsis '...'`);
      ellipsisAt = letters.length;
      p += 3;
      continue;
    }
    const c = term[p] as string;
    if (!LETTER.test(c)) {
      throw new ValueError(`einsum: invalid character '${c}' in ${what} '${term}' of '${subscripts}'; subscripts are letters a-z, A-Z and '...'`);
    }
    letters.push(c);
    p++;
  }
  return { letters, ellipsisAt };
}

const ellLabel = (k: number): string => `...${k}`;

/**
 * NumPy's `einsum`: Einstein summation over `subscripts` such as `"ij,jk->ik"` (explicit output)
 * or `"ij,jk"` (implicit: letters used once, sorted, after broadcast `...` axes). Supports
 * `...`, repeated letters in one operand (diagonals, e.g. `"ii->i"`, traces `"ii"`), sums over
 * letters absent from the output, size-1 axes broadcasting against their label's size, and any
 * number of operands (contracted pairwise, left to right).
 * @throws {@link ValueError} for malformed subscripts or a wrong operand count; {@link ShapeError} when a letter's sizes disagree.
 * @example
 * ```ts
 * np.einsum("bij,bjk->bik", a, b)
 * ```
 * @public
 */
export function einsum(subscripts: string, ...operands: ArrayLike[]): Array {
  if (typeof subscripts !== "string") throw new ValueError(`einsum: the first argument must be a subscripts string such as 'ij,jk->ik', got ${typeof subscripts}`);
  const spec = subscripts.replace(/\s+/g, "");
  const parts = spec.split("->");
  if (parts.length > 2) throw new ValueError(`einsum: subscripts '${subscripts}' contain '->' more than once`);
  const inputTerms = (parts[0] as string).split(",");
  if (inputTerms.length !== operands.length) {
    throw new ValueError(`einsum: subscripts '${subscripts}' name ${inputTerms.length} operand(s) but ${operands.length} were given`);
  }
  const arrays = operands.length === 0 ? [] : promoteAll("einsum", operands);
  const terms = inputTerms.map((t, i) => parseTerm(t, subscripts, `operand ${i} subscripts`));
  // Expand each term to one label per axis; broadcast ('...') axes get right-aligned labels.
  let nEll = 0;
  terms.forEach((t, i) => {
    const a = arrays[i] as Array;
    const named = t.letters.length;
    if (t.ellipsisAt < 0 ? named !== a.ndim : named > a.ndim) {
      throw new ValueError(
        `einsum: operand ${i} has ${a.ndim} dimension(s) (shape ${formatShape(a.shape)}) but its subscripts '${inputTerms[i]}' name ${named}${t.ellipsisAt >= 0 ? " plus '...'" : ""}`,
      );
    }
    if (t.ellipsisAt >= 0) nEll = Math.max(nEll, a.ndim - named);
  });
  const labels: string[][] = terms.map((t, i) => {
    if (t.ellipsisAt < 0) return [...t.letters];
    const e = (arrays[i] as Array).ndim - t.letters.length;
    const ell = range(e).map((k) => ellLabel(nEll - e + k));
    return [...t.letters.slice(0, t.ellipsisAt), ...ell, ...t.letters.slice(t.ellipsisAt)];
  });
  // Sizes of one label must agree, except that size 1 broadcasts (as opt_einsum and JAX).
  const size = new Map<string, number>();
  labels.forEach((ls, i) => {
    ls.forEach((l, k) => {
      const n = (arrays[i] as Array).shape[k] as number;
      const prev = size.get(l);
      if (prev === undefined || prev === 1) size.set(l, n);
      else if (prev !== n && n !== 1) {
        throw new ShapeError(
          l.startsWith("...")
            ? `einsum: the '...' axes of the operands do not broadcast (size ${prev} vs ${n}); shapes ${arrays.map((a) => formatShape(a.shape)).join(", ")}`
            : `einsum: subscript '${l}' has size ${prev} in one place but ${n} in operand ${i} (shapes ${arrays.map((a) => formatShape(a.shape)).join(", ")})`,
        );
      }
    });
  });
  const ellLabels = range(nEll).map(ellLabel);
  let output: string[];
  if (parts.length === 2) {
    const out = parseTerm(parts[1] as string, subscripts, "output subscripts");
    const seen = new Set<string>();
    for (const l of out.letters) {
      if (seen.has(l)) throw new ValueError(`einsum: output subscript '${l}' appears more than once in '${subscripts}'`);
      if (!size.has(l)) throw new ValueError(`einsum: output subscript '${l}' in '${subscripts}' does not appear in any input`);
      seen.add(l);
    }
    output = out.ellipsisAt < 0 ? out.letters : [...out.letters.slice(0, out.ellipsisAt), ...ellLabels, ...out.letters.slice(out.ellipsisAt)];
  } else {
    const count = new Map<string, number>();
    for (const t of terms) for (const l of t.letters) count.set(l, (count.get(l) ?? 0) + 1);
    output = [...ellLabels, ...[...count.keys()].filter((l) => count.get(l) === 1).sort()];
  }
  // Per operand: take diagonals of repeated labels and drop broadcast axes of size 1.
  const ops: { x: Array; ls: string[] }[] = arrays.map((a, i) => {
    let x = a;
    let ls = [...(labels[i] as string[])];
    for (;;) {
      const p = ls.findIndex((l, k) => ls.indexOf(l) !== k);
      if (p < 0) break;
      const first = ls.indexOf(ls[p] as string);
      const l = ls[p] as string;
      if (x.shape[first] !== x.shape[p]) {
        throw new ShapeError(`einsum: subscript '${l}' repeats in operand ${i} with different sizes (${x.shape[first]} and ${x.shape[p]}); a diagonal needs equal sizes`);
      }
      x = diagonalOf(x, 0, first, p);
      ls = [...ls.filter((_, k) => k !== first && k !== p), l];
    }
    const drop = ls.map((l, k) => x.shape[k] === 1 && (size.get(l) as number) !== 1);
    if (drop.some(Boolean)) {
      x = reshape(x, x.shape.filter((_, k) => !drop[k]));
      ls = ls.filter((_, k) => !drop[k]);
    }
    return { x, ls };
  });
  const outSet = new Set(output);
  const sumUnneeded = (x: Array, ls: string[], needed: (l: string) => boolean): { x: Array; ls: string[] } => {
    const axes = ls.map((l, k) => (needed(l) ? -1 : k)).filter((k) => k >= 0);
    return { x: sumAxes(x, axes), ls: ls.filter((l) => needed(l)) };
  };
  const usedElsewhere = (i: number, l: string): boolean => outSet.has(l) || ops.some((o, j) => j !== i && o.ls.includes(l));
  const first = ops[0] as { x: Array; ls: string[] };
  let cur = sumUnneeded(first.x, first.ls, (l) => usedElsewhere(0, l));
  for (let i = 1; i < ops.length; i++) {
    const oi = ops[i] as { x: Array; ls: string[] };
    const other = sumUnneeded(oi.x, oi.ls, (l) => usedElsewhere(i, l));
    const later = (l: string): boolean => outSet.has(l) || ops.slice(i + 1).some((o) => o.ls.includes(l));
    cur = sumUnneeded(cur.x, cur.ls, (l) => later(l) || other.ls.includes(l));
    const shared = cur.ls.filter((l) => other.ls.includes(l));
    const batch = shared.filter(later);
    const contract = shared.filter((l) => !later(l));
    const x = dotGeneral(
      cur.x,
      other.x,
      [contract.map((l) => cur.ls.indexOf(l)), contract.map((l) => other.ls.indexOf(l))],
      [batch.map((l) => cur.ls.indexOf(l)), batch.map((l) => other.ls.indexOf(l))],
    );
    cur = {
      x,
      ls: [...batch, ...cur.ls.filter((l) => !shared.includes(l)), ...other.ls.filter((l) => !shared.includes(l))],
    };
  }
  cur = sumUnneeded(cur.x, cur.ls, (l) => outSet.has(l));
  const present = output.filter((l) => cur.ls.includes(l));
  const t = permute(cur.x, present.map((l) => cur.ls.indexOf(l)));
  if (present.length === output.length) return t;
  return broadcastInDimP.bind1([t], {
    shape: output.map((l) => size.get(l) as number),
    broadcastDimensions: present.map((l) => output.indexOf(l)),
  });
}

// ---------------------------------------------------------------------------------------------
// norm

/** Options of `np.norm`. @public */
export interface NormOptions {
  /** Keep the reduced axes as size-1 dimensions. @defaultValue false */
  keepdims?: boolean;
}

/** The order of a `np.norm`: a number (vectors: any p, ±Infinity, 0; matrices: ±1, ±Infinity) or `'fro'`. @public */
export type NormOrder = number | "fro" | null;

/**
 * NumPy's `linalg.norm` for vector norms (any `ord`, over one axis or the flattened array) and
 * the matrix norms that need no decomposition (`'fro'`, `1`, `-1`, `Infinity`, `-Infinity`) over
 * two axes. Integer inputs give the default float.
 * @throws {@link ValueError} for matrix orders that need an SVD (2, -2, 'nuc') or an ord that fits neither case; {@link AxisError} for bad axes.
 * @public
 */
export function norm(x: ArrayLike, ord: NormOrder = null, axis: number | readonly [number, number] | null = null, options?: NormOptions): Array {
  checkOptions("norm", options, ["keepdims"]);
  let a = asArray(x, "norm");
  const fdt: DType = isFloat(a.dtype) ? a.dtype : getDefaultFloatDType();
  a = convert(a, fdt, false);
  const keepdims = options?.keepdims ?? false;
  let axes: number[];
  if (axis === null) axes = ord === null ? range(a.ndim) : a.ndim <= 2 ? range(a.ndim) : [];
  else axes = (typeof axis === "number" ? [axis] : [...axis]).map((k) => normalizeAxis("norm", k, a.ndim));
  if (axes.length === 0 && a.ndim > 2) {
    throw new ValueError(`norm: with ord=${String(ord)} an array of shape ${formatShape(a.shape)} needs an axis (one for a vector norm, two for a matrix norm)`);
  }
  if (new Set(axes).size !== axes.length) throw new AxisError(`norm: the axes ${formatShape(axes)} repeat; give two different axes for a matrix norm`);
  const finish = (r: Array): Array => {
    if (!keepdims) return r;
    const shape = a.shape.map((d, k) => (axes.includes(k) ? 1 : d));
    return reshape(r, shape);
  };
  const absA = P.absP.bind1([a], {});
  const c = (v: number): Array => broadcastTo(scalar(v, fdt), a.shape);
  if (ord === null || ord === "fro" || (ord === 2 && axes.length === 1)) {
    if (ord === "fro" && axes.length !== 2) throw new ValueError(`norm: ord='fro' is a matrix norm; it needs 2 axes, got ${axes.length}`);
    const sq = P.mulP.bind1([a, a], {});
    return finish(P.sqrtP.bind1([sumAxes(sq, axes)], {}));
  }
  if (axes.length === 1) {
    const ax = [axes[0] as number];
    if (ord === Infinity) return finish(reduceMaxP.bind1([absA], { axes: ax }));
    if (ord === -Infinity) return finish(reduceMinP.bind1([absA], { axes: ax }));
    if (ord === 0) return finish(sumAxes(convert(P.neP.bind1([a, c(0)], {}), fdt), ax));
    if (ord === 1) return finish(sumAxes(absA, ax));
    if (typeof ord !== "number") throw new ValueError(`norm: ord ${JSON.stringify(ord)} is not a vector norm order; use a number or ±Infinity`);
    const s = sumAxes(P.powP.bind1([absA, c(ord)], {}), ax);
    return finish(P.powP.bind1([s, broadcastTo(scalar(1 / ord, fdt), s.shape)], {}));
  }
  if (axes.length !== 2) throw new ValueError(`norm: ${axes.length} axes given; use one (vector norm) or two (matrix norm)`);
  const [r, col] = axes as [number, number];
  if (ord === 1 || ord === -1) {
    const colSums = sumAxes(absA, [r]);
    const reduce = ord === 1 ? reduceMaxP : reduceMinP;
    return finish(reduce.bind1([colSums], { axes: [col > r ? col - 1 : col] }));
  }
  if (ord === Infinity || ord === -Infinity) {
    const rowSums = sumAxes(absA, [col]);
    const reduce = ord === Infinity ? reduceMaxP : reduceMinP;
    return finish(reduce.bind1([rowSums], { axes: [r > col ? r - 1 : r] }));
  }
  throw new ValueError(`norm: matrix norm ord=${String(ord)} is not supported (orders 2, -2 and 'nuc' need a singular value decomposition); use 'fro', 1, -1, Infinity or -Infinity`);
}
