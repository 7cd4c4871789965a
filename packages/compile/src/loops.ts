// scan, forLoop and their checkpointed forms over stateful bodies: the body is traced once with
// StatefulFunction, the values of the states it writes travel in the loop carry (states it only
// reads are loop constants), core's scan runs it, and the final values are written back.
// Layer: compile. Ported from brainstate's compile/_loop_collect_return.py.

import { Array, np, scan as coreScan, ShapedArray, ShapeError, TransformationError, tree, ValueError } from "@brainstate/core";
import { checkOptions, flattenArrays, type TreeDef } from "@brainstate/core/extend";
import { StatefulFunction } from "./StatefulFunction.js";
import type { ProgressBar, ProgressBarRunner } from "./ProgressBar.js";
import { checkStableStates, currentValues, mergeStates, pickWritten, runOn, withWritten, writeBack, type MergedStates } from "./internal/states.js";
import { nestedLoop } from "./internal/nested.js";

/** Options of {@link scan}. @public */
export interface ScanOptions {
  /** Number of iterations; must match the leading size of every `xs` leaf, required when `xs` is null. */
  length?: number;
  /** Iterate from the last element to the first (outputs keep the input order). @defaultValue false */
  reverse?: boolean;
  /** Iterations per generated loop iteration (a performance hint; `true` unrolls fully). @defaultValue 1 */
  unroll?: number | boolean;
  /** A progress bar advanced from inside the loop. @defaultValue null */
  pbar?: ProgressBar | null;
}

/** Options of {@link forLoop}. @public */
export type ForLoopOptions = ScanOptions;

/** Options of {@link checkpointedScan} and {@link checkpointedForLoop}. @public */
export interface CheckpointedScanOptions {
  /** Number of iterations; must match the leading size of every `xs` leaf, required when `xs` is null. */
  length?: number;
  /** Branching factor of the nested checkpointed blocks (memory ~ base·log_base(length) carries). @defaultValue 16 */
  base?: number;
  /** A progress bar advanced from inside the loop. @defaultValue null */
  pbar?: ProgressBar | null;
}

type ScanBody<C, X, Y> = (carry: C, x: X) => [C, Y];

/** The xs leaves and the loop length, validated as brainstate does. */
function loopLength(where: string, xs: unknown, length: number | undefined): { leaves: Array[]; tree: TreeDef; length: number } {
  const [leaves, xsTree] = flattenArrays(where, xs);
  leaves.forEach((x, k) => {
    if (x.ndim === 0) throw new ShapeError(`${where}: xs leaf ${k} is a scalar ${x.aval.toString()} with no leading axis to loop over; every xs leaf needs one (pass np.array(...) values, or { length } with xs = null)`);
  });
  const sizes = leaves.map((x) => x.shape[0] as number);
  if (length !== undefined) {
    if (!Number.isInteger(length) || length < 0) throw new ValueError(`${where}: length must be a non-negative integer, got ${length}`);
    if (sizes.some((s) => s !== length)) {
      throw new ShapeError(`${where}: { length: ${length} } disagrees with the leading axis sizes ${sizes.join(", ")} of xs; drop length or make them match`);
    }
    return { leaves, tree: xsTree, length };
  }
  const unique = [...new Set(sizes)];
  if (unique.length > 1) throw new ShapeError(`${where}: xs leaves have different leading axis sizes ${sizes.join(", ")}; every scanned array must have the same length on axis 0`);
  if (unique.length === 0) throw new ShapeError(`${where}: there are no xs to loop over and no { length }; pass xs or { length }`);
  return { leaves, tree: xsTree, length: unique[0] as number };
}

function checkBody(where: string, f: unknown): void {
  if (typeof f !== "function") throw new TransformationError(`${where}: the loop body is ${f === null ? "null" : typeof f}, not a function`);
}

/** The step as traced: `[carry, y]` checked; with a progress bar, an iteration counter leads the carry. */
function stepFunction<C, X, Y>(where: string, f: ScanBody<C, X, Y>, runner: ProgressBarRunner | null): (carry: unknown, x: unknown) => [unknown, unknown] {
  const call = (c: C, x: X): [C, Y] => {
    const r = f(c, x);
    if (!globalThis.Array.isArray(r) || r.length !== 2) throw new TransformationError(`${where}: the body must return a pair [carry, y], got ${r === null ? "null" : typeof r}`);
    return [r[0] as C, (r[1] ?? null) as Y];
  };
  if (runner === null) return call as (carry: unknown, x: unknown) => [unknown, unknown];
  return (carry: unknown, x: unknown): [unknown, unknown] => {
    const [i, c] = carry as [Array, C];
    const [c2, y] = call(c, x as X);
    runner.call(i);
    return [[i.add(1), c2], y];
  };
}

/** Traces the step on one slice of xs and returns it with its states. */
function traceStep(where: string, step: (carry: unknown, x: unknown) => [unknown, unknown], init: unknown, xsLeaves: readonly Array[], xsTree: TreeDef): { sf: StatefulFunction<unknown[]>; slice: unknown; merged: MergedStates } {
  const sf = new StatefulFunction<unknown[]>(step as (...args: unknown[]) => unknown, { name: where });
  const slice = tree.unflatten(
    xsTree,
    xsLeaves.map((x) => new ShapedArray(x.shape.slice(1), x.dtype, x.weakType)),
  );
  const program = sf.makeJaxpr(init, slice);
  checkStableStates(where, program, "a state written in a loop body is carried from one iteration to the next, so its type must not change");
  return { sf, slice, merged: mergeStates([program]) };
}

function scanImpl<C, X, Y>(where: string, f: ScanBody<C, X, Y>, init: C, xs: X | null, options: ScanOptions): [C, Y] {
  checkOptions(where, options, ["length", "reverse", "unroll", "pbar"]);
  checkBody(where, f);
  const { leaves, tree: xsTree, length } = loopLength(where, xs, options.length);
  const runner = options.pbar ? options.pbar.init(length) : null;
  const step = stepFunction(where, f, runner);
  const carry0: unknown = runner === null ? init : [np.array(0, { dtype: "int32" }), init];
  const { sf, merged } = traceStep(where, step, carry0, leaves, xsTree);
  const values = currentValues(merged);
  const unroll = options.unroll === true ? Math.max(1, length) : options.unroll === false || options.unroll === undefined ? 1 : options.unroll;
  const [[written, carry], ys] = coreScan(
    (c: [unknown[], unknown], x: unknown): [[unknown[], unknown], unknown] => {
      const [newValues, out] = runOn(sf, merged, withWritten(merged, values, c[0]), [c[1], x]);
      const [c2, y] = out as [unknown, unknown];
      return [[pickWritten(merged, newValues), c2], y];
    },
    [pickWritten(merged, values), carry0] as [unknown[], unknown],
    xs,
    { length, reverse: options.reverse ?? false, unroll },
  );
  writeBack(merged, written);
  return [(runner === null ? carry : (carry as [Array, C])[1]) as C, ys as Y];
}

/**
 * brainstate's `scan`: `f(carry, x) → [carry, y]` over the leading axis of `xs` (any pytree),
 * returning `[finalCarry, stackedYs]`. The body may read and write States: the values of the
 * states it writes are carried from step to step and written back at the end; states it only reads
 * are constants of the loop. Differentiable in both modes (through `jaxprCall` or `augment.grad`).
 * @throws ShapeError when an xs leaf has no leading axis, the leading sizes differ, or `length` disagrees with them.
 * @throws TransformationError when `f` is not a function, does not return a pair, or changes the carry's or a written state's type.
 * @example
 * ```ts
 * const total = new State(np.zeros([]));
 * const [carry, ys] = scan((c: Array, x: Array) => { total.value = total.value.add(x); return [c.mul(2), c]; }, np.array(1), np.arange(4));
 * ```
 * @public
 */
export function scan<C, X, Y>(f: (carry: C, x: X) => [C, Y], init: C, xs: X | null, options: ScanOptions = {}): [C, Y] {
  return scanImpl("scan", f, init, xs, options);
}

/** The per-step call of a for-loop body: a JS array of xs spreads into arguments (brainstate's `f(*x)`). */
function forBody<Y>(f: (...args: never[]) => Y, spread: boolean): ScanBody<null, unknown, Y> {
  const g = f as (...args: unknown[]) => Y;
  return (carry: null, x: unknown): [null, Y] => [carry, spread ? g(...(x as unknown[])) : x === null ? g() : g(x)];
}

/**
 * brainstate's `for_loop`: calls `f` on each slice of `xs` and returns the stacked results. When
 * `xs` is a JS array (`[a, b]`) its elements are the arguments (`f(a[i], b[i])`); otherwise `f(xs[i])`
 * (and `f()` when `xs` is null with `{ length }`). States read and written by `f` are carried
 * through the loop and written back, as in {@link scan}.
 * @throws ShapeError when an xs leaf has no leading axis, the leading sizes differ, or `length` disagrees with them.
 * @throws TransformationError when `f` is not a function or changes a written state's type.
 * @example
 * ```ts
 * const v = new State(np.zeros([]));
 * const vs = forLoop((i: Array) => { v.value = v.value.add(i); return v.value; }, np.arange(10)); // running sums
 * ```
 * @public
 */
export function forLoop<Y = unknown>(f: (...args: never[]) => Y, xs: unknown, options: ForLoopOptions = {}): Y {
  checkBody("forLoop", f);
  return scanImpl("forLoop", forBody(f, globalThis.Array.isArray(xs)), null, xs, options)[1];
}

function checkedBase(where: string, base: number | undefined): number {
  const b = base ?? 16;
  if (!Number.isInteger(b) || b < 2) throw new ValueError(`${where}: base must be an integer of at least 2, got ${b}`);
  return b;
}

function checkpointedImpl<C, X, Y>(where: string, f: ScanBody<C, X, Y>, init: C, xs: X | null, options: CheckpointedScanOptions): [C, Y] {
  checkOptions(where, options, ["length", "base", "pbar"]);
  checkBody(where, f);
  const base = checkedBase(where, options.base);
  const { leaves, tree: xsTree, length: n } = loopLength(where, xs, options.length);
  const runner = options.pbar ? options.pbar.init(n) : null;
  const step = stepFunction(where, f, null);
  const { sf, slice, merged } = traceStep(where, step, init, leaves, xsTree);
  const outShapes = sf.getOutShapes(init, slice) as [unknown, unknown];
  const [yAvals, yTree] = tree.flatten(outShapes[1], (x) => x instanceof ShapedArray) as [ShapedArray[], TreeDef];
  // No iterations: nothing runs, no state changes, and the outputs are empty.
  if (n === 0) return [init, tree.unflatten(yTree, yAvals.map((a) => np.zeros([0, ...a.shape], { dtype: a.dtype }))) as Y];
  const values = currentValues(merged);
  type Carry = [Array, unknown[], unknown];
  const last = n;
  const [[, written, carry], ys] = nestedLoop<Carry>({
    n,
    base,
    init: [np.array(0, { dtype: "int32" }), pickWritten(merged, values), init],
    xs,
    step: ([i, w, c], x) => {
      if (runner !== null) runner.call(i);
      const [newValues, out] = runOn(sf, merged, withWritten(merged, values, w), [c, x]);
      const [c2, y] = out as [unknown, unknown];
      // Steps past the end (padding of the last block) leave the carry and the states as they are.
      const valid = i.lt(last);
      const keep = (a: unknown, b: unknown): unknown => tree.map((p, q) => np.where(valid, p as Array, q as Array), a, b);
      return [[i.add(1), keep(pickWritten(merged, newValues), w) as unknown[], keep(c2, c)], y];
    },
    active: ([i]) => i.lt(last),
    skip: ([i, w, c], steps) => [i.add(steps), w, c],
    ys: yAvals.length === 0 ? null : { tree: yTree, avals: yAvals },
  });
  writeBack(merged, written);
  return [carry as C, (yAvals.length === 0 ? tree.unflatten(yTree, []) : ys) as Y];
}

/**
 * {@link scan} with bounded memory under reverse-mode differentiation: the steps run as nested
 * blocks of `base` sub-blocks, each block rematerialised (core `checkpoint`), so `grad` stores
 * about `base · log_base(length)` carries instead of every step's intermediates, at the cost of
 * recomputing each step about `log_base(length)` times. Same results as `scan`.
 * @throws ValueError when `base` is not an integer ≥ 2; otherwise as {@link scan}.
 * @example
 * ```ts
 * const [v, ys] = checkpointedScan((c: Array, x: Array) => [c.mul(0.9).add(x), c], np.zeros([]), xs, { base: 8 });
 * ```
 * @public
 */
export function checkpointedScan<C, X, Y>(f: (carry: C, x: X) => [C, Y], init: C, xs: X | null, options: CheckpointedScanOptions = {}): [C, Y] {
  return checkpointedImpl("checkpointedScan", f, init, xs, options);
}

/**
 * {@link forLoop} with the bounded memory of {@link checkpointedScan} under reverse-mode
 * differentiation.
 * @throws as {@link checkpointedScan}.
 * @example
 * ```ts
 * const vs = checkpointedForLoop((x: Array) => { v.value = v.value.mul(0.9).add(x); return v.value; }, xs);
 * ```
 * @public
 */
export function checkpointedForLoop<Y = unknown>(f: (...args: never[]) => Y, xs: unknown, options: CheckpointedScanOptions = {}): Y {
  checkBody("checkpointedForLoop", f);
  return checkpointedImpl("checkpointedForLoop", forBody(f, globalThis.Array.isArray(xs)), null, xs, options)[1];
}
