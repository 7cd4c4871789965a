// State-aware vectorisation: StateAxes, vmap, pmap and vmapNewStates. The function is traced on
// one lane by a StatefulFunction; its pure form runs under core's vmap with the mapped states'
// values, one random key per lane for every RandomState it uses, and the other states as
// constants; written states get their new (stacked) values afterwards. Layer: augment.
// Ported from brainstate's augment/_mapping.py (0.1.0's graph-aware in_axes and StateAxes, and
// the in_states/out_states/vmap_new_states of later releases).

import { Array, AxisError, ShapedArray, TransformationError, tree, ValueError, vmap as coreVmap, type AxisSpec } from "@brainstate/core";
import { BatchTracer, checkOptions, currentTrace, type Trace } from "@brainstate/core/extend";
import { StatefulFunction, type StatefulProgram } from "@brainstate/compile";
import { graphToTree, Node, states as graphStates, Static, treeToGraph } from "@brainstate/graph";
import { RandomState } from "@brainstate/random";
import { catchNewStates, State, toPredicate, type Filter, type FlattedDict } from "@brainstate/state";
import type { NumberArgs } from "./autograd.js";
import { callProgram } from "./internal/program.js";
import { abstractArrays, dropAxis, joinArgs, sameStatics, splitArgs, type SplitArgs } from "./internal/args.js";

/**
 * A batch axis per group of states of a graph node, for `inAxes` (brainstate's `StateAxes`):
 * `new StateAxes([[ParamState, 0], [ShortTermState, null]])` maps the node's parameters over
 * axis 0 and shares its short-term states across lanes. The first matching filter wins; states
 * no filter matches are not mapped.
 * @example
 * ```ts
 * const axes = new StateAxes(new Map([[ParamState, 0], [ShortTermState, null]]));
 * vmap((m: Model) => m.a.value.mul(m.b.value), { inAxes: [axes] })(model);
 * ```
 * @public
 */
export class StateAxes {
  /** The filters, in order. */
  readonly filters: readonly Filter[];
  /** The axis of each filter's states (`null`: not mapped). */
  readonly axes: readonly (number | null)[];
  /** @param filterAxes - `[filter, axis]` pairs (a `Map` from filter to axis works too) */
  constructor(filterAxes: Iterable<readonly [Filter, number | null]>) {
    const pairs = [...filterAxes];
    pairs.forEach(([, axis], i) => {
      if (axis !== null && !Number.isInteger(axis)) {
        throw new ValueError(`StateAxes: the axis of entry ${i} must be an integer or null, got ${String(axis)}`);
      }
    });
    this.filters = pairs.map(([f]) => f);
    this.axes = pairs.map(([, a]) => a);
  }
  /** The `[filter, axis]` pairs. */
  items(): [Filter, number | null][] {
    return this.filters.map((f, i) => [f, this.axes[i] ?? null]);
  }
  /** Same filters and axes, in the same order. */
  equals(other: unknown): boolean {
    return (
      other instanceof StateAxes &&
      other.filters.length === this.filters.length &&
      this.filters.every((f, i) => f === other.filters[i] && this.axes[i] === other.axes[i])
    );
  }
  /** `StateAxes({ParamState: 0, ShortTermState: null})`. */
  toString(): string {
    const name = (f: Filter): string => (typeof f === "function" ? f.name : String(f));
    return `StateAxes({${this.items().map(([f, a]) => `${name(f)}: ${String(a)}`).join(", ")}})`;
  }
}

/**
 * The states a vmap maps: one State, a list or dict of States (all on axis 0), or per axis a
 * container of States — a `Map` from axis to container, or a plain object whose keys are all
 * integers (`{ 0: model.states(ParamState), 1: { h } }`).
 * @public
 */
export type VmapStates =
  | State
  | readonly State[]
  | { readonly [key: string]: unknown }
  | FlattedDict<State>
  | ReadonlyMap<number, unknown>;

/** The batch axis of each argument: a number, `null` (not mapped), a StateAxes for a graph node, or a prefix tree of them. @public */
export type InAxes = number | null | StateAxes | readonly InAxes[] | { readonly [key: string]: InAxes };

/** Options of `vmap`, `pmap` and `vmapNewStates`. @public */
export interface VmapOptions {
  /**
   * Batch axis of each argument: a number for all, `null` for none, or a prefix tree of the
   * argument list. A graph node argument with an axis has all its states mapped on that axis
   * (and updated in place); a {@link StateAxes} maps its states by filter.
   * @defaultValue 0
   */
  inAxes?: InAxes;
  /** Where the batch axis goes in each output (a number, null, or a prefix tree of the output). @defaultValue 0 */
  outAxes?: AxisSpec;
  /** States read with a batch axis (each lane sees its slice); they are also written back on that axis. @defaultValue null */
  inStates?: VmapStates | null;
  /** States written with a batch axis (their new value is stacked on it). @defaultValue null */
  outStates?: VmapStates | null;
  /** The number of lanes, needed only when nothing is mapped. */
  axisSize?: number;
}

/** Options of `vmapNewStates`. @public */
export interface VmapNewStatesOptions extends VmapOptions {
  /** The tag given to the states created inside. @defaultValue null */
  stateTag?: string | null;
  /** New states matching this filter are not vectorised. @defaultValue null */
  stateToExclude?: Filter | null;
}

/**
 * A state's batch axis is inconsistent: a state mapped on two axes, or written with a batched
 * value without an axis in `outStates` (brainstate's `BatchAxisError`).
 * @public
 */
export class BatchAxisError extends TransformationError {}

const VMAP_KEYS = ["inAxes", "outAxes", "inStates", "outStates", "axisSize"];

function stateName(s: State): string {
  return `${s.constructor.name}${s.name === null ? "" : ` '${s.name}'`}`;
}

function isContainer(x: unknown): boolean {
  return x !== null && typeof x === "object" && !(x instanceof State) && !(x instanceof Array);
}

function statesOf(where: string, what: string, x: unknown): State[] {
  const leaves = tree.leaves(x);
  leaves.forEach((leaf) => {
    if (!(leaf instanceof State)) {
      throw new ValueError(
        `${where}: every leaf of ${what} must be a State, got ${leaf === null ? "null" : leaf instanceof Array ? `an Array ${leaf.aval.toString()}` : typeof leaf}; pass the State objects (e.g. model.h, not model.h.value)`,
      );
    }
  });
  return leaves as State[];
}

/** brainstate's `_flatten_in_out_states`: per-axis containers, or everything on axis 0. */
function parseStates(where: string, what: string, spec: VmapStates | null | undefined): Map<State, number> {
  const out = new Map<State, number>();
  if (spec === null || spec === undefined) return out;
  const add = (axis: number, container: unknown): void => {
    for (const s of statesOf(where, what, container)) out.set(s, axis);
  };
  if (spec instanceof Map) {
    for (const [axis, container] of spec as ReadonlyMap<unknown, unknown>) {
      if (!Number.isInteger(axis)) throw new ValueError(`${where}: the keys of a ${what} Map are batch axes (integers), got ${String(axis)}`);
      add(axis as number, container);
    }
    return out;
  }
  if (isPlainObject(spec)) {
    const entries = Object.entries(spec);
    if (entries.length > 0 && entries.every(([k, v]) => /^-?\d+$/.test(k) && isContainer(v))) {
      for (const [k, v] of entries) add(Number(k), v);
      return out;
    }
  }
  add(0, spec);
  return out;
}

function isPlainObject(x: unknown): x is Record<string, unknown> {
  if (x === null || typeof x !== "object") return false;
  const proto: unknown = Object.getPrototypeOf(x);
  return proto === Object.prototype || proto === null;
}

function setAxis(where: string, map: Map<State, number>, s: State, axis: number, what: string): void {
  const old = map.get(s);
  if (old !== undefined && old !== axis) {
    throw new BatchAxisError(`${where}: ${stateName(s)} is mapped on axis ${old} and on axis ${axis} (${what}); give each state one batch axis`);
  }
  map.set(s, axis);
}

/** The (state, axis) pairs a graph-node argument contributes. */
function nodeStateAxes(node: unknown, axis: unknown): [State, number | null][] {
  const pairs: [State, number | null][] = [];
  if (axis instanceof StateAxes) {
    const n = axis.filters.length;
    if (n === 0) return pairs;
    const dicts = n === 1 ? [graphStates(node, axis.filters[0] as Filter)] : graphStates(node, ...(axis.filters as [Filter, Filter, ...Filter[]]));
    dicts.forEach((d, k) => {
      for (const [, s] of d) pairs.push([s, axis.axes[k] ?? null]);
    });
    return pairs;
  }
  for (const [, s] of graphStates(node)) pairs.push([s, axis as number | null]);
  return pairs;
}

function normalizeAxis(where: string, axis: number, ndim: number, what: string): number {
  if (!Number.isInteger(axis) || axis < -ndim || axis >= ndim) {
    throw new AxisError(`${where}: batch axis ${axis} of ${what} is out of range for an array of ndim ${ndim}`);
  }
  return axis < 0 ? axis + ndim : axis;
}

/** Graph nodes: the objects whose states a node argument brings. */
function isNode(x: unknown): x is Node {
  return x instanceof Node;
}

function isAxisLeaf(x: unknown): boolean {
  return x === null || typeof x === "number" || x instanceof StateAxes;
}

function isBatched(value: unknown, trace: Trace): boolean {
  return tree.leaves(value).some((l) => l instanceof BatchTracer && l.trace === trace && l.batchDim !== null);
}

/** Stands for an input graph node returned by the mapped function (kept as the same object). */
class InputNodeRef {
  readonly index: number;
  constructor(index: number) {
    this.index = index;
  }
}

/** One traced form of the mapped function, for one set of static arguments and mapped states. */
interface Traced {
  readonly split: SplitArgs;
  readonly mapped: readonly State[];
  readonly sf: StatefulFunction<[unknown[], Array[]], unknown>;
}

type Kind = "mapped" | "rng" | "other";

function transform<A extends unknown[]>(where: string, fn: (...args: A) => unknown, options: VmapOptions): (...args: NumberArgs<A>) => unknown {
  checkOptions(where, options, VMAP_KEYS);
  if (typeof fn !== "function") throw new ValueError(`${where}: expected a function to map, got ${typeof fn}`);
  const inAxes = options.inAxes === undefined ? 0 : options.inAxes;
  const outAxes = options.outAxes === undefined ? 0 : options.outAxes;
  if (options.axisSize !== undefined && (!Number.isInteger(options.axisSize) || options.axisSize < 1)) {
    throw new ValueError(`${where}: axisSize must be a positive integer, got ${String(options.axisSize)}`);
  }
  const inStateAxis = parseStates(where, "inStates", options.inStates);
  const outStateAxis = parseStates(where, "outStates", options.outStates);
  for (const [s, a] of inStateAxis) {
    const o = outStateAxis.get(s);
    if (o !== undefined && o !== a) {
      throw new BatchAxisError(`${where}: ${stateName(s)} is mapped to axis ${a} in inStates but to axis ${o} in outStates; a state keeps one batch axis`);
    }
  }
  const cache: Traced[] = [];

  const traced = (split: SplitArgs, mapped: State[]): Traced => {
    const hit = cache.find((t) => sameStatics(t.split, split) && t.mapped.length === mapped.length && t.mapped.every((s, i) => s === mapped[i]));
    if (hit !== undefined) return hit;
    const inputNodes = new Map<unknown, number>();
    split.leaves.forEach((x) => {
      if (isNode(x) && !inputNodes.has(x)) inputNodes.set(x, inputNodes.size);
    });
    const inner = (mappedValues: unknown[], arrays: Array[]): unknown => {
      mapped.forEach((s, i) => s.restoreValue(mappedValues[i]));
      const out = fn(...(joinArgs(split, arrays) as A));
      const marked = tree.map((x: unknown) => (inputNodes.has(x) ? new Static(new InputNodeRef(inputNodes.get(x) as number)) : x), out);
      return graphToTree(marked);
    };
    const entry: Traced = { split, mapped, sf: new StatefulFunction(inner, { name: fn.name || where }) };
    cache.push(entry);
    return entry;
  };

  return (...args: NumberArgs<A>): unknown => {
    const split = splitArgs(where, args);
    const prefix = isAxisLeaf(inAxes) ? args.map(() => inAxes) : inAxes;
    let axes: unknown[];
    try {
      axes = tree.broadcastPrefix(prefix, args, isAxisLeaf);
    } catch (e) {
      throw new TransformationError(`${where}: inAxes does not match the structure of the arguments (${split.argTree.toString()}): ${(e as Error).message}; give one axis per argument (or a prefix tree of them)`);
    }
    // Graph-node arguments add their states to the mapped states.
    const stateAxis = new Map(inStateAxis);
    const outAxis = new Map(outStateAxis);
    split.leaves.forEach((leaf, i) => {
      if (!isNode(leaf)) {
        if (axes[i] instanceof StateAxes) throw new TransformationError(`${where}: a StateAxes is given for argument leaf ${i}, which is not a graph node; StateAxes maps the states of a node`);
        return;
      }
      for (const [s, a] of nodeStateAxes(leaf, axes[i])) {
        if (a === null) continue;
        setAxis(where, stateAxis, s, a, "inAxes of a graph-node argument");
        setAxis(where, outAxis, s, a, "inAxes of a graph-node argument");
      }
    });
    for (const [s, a] of inStateAxis) if (!outAxis.has(s)) outAxis.set(s, a);
    const mapped = [...stateAxis.keys()];
    const mappedAxes = mapped.map((s) => stateAxis.get(s) as number);
    const mappedValues = mapped.map((s) => s.value);

    // The number of lanes, from the mapped arguments and states.
    const argAxes = split.dynamic.map((pos) => axes[pos] as number | null);
    let size = options.axisSize;
    const sizes: string[] = [];
    const see = (x: Array, axis: number, what: string): number => {
      const d = normalizeAxis(where, axis, x.ndim, what);
      const n = x.shape[d] as number;
      sizes.push(`${what} has size ${n} on axis ${d}`);
      if (size === undefined) size = n;
      else if (size !== n) throw new TransformationError(`${where}: the mapped axes have different sizes (${sizes.join("; ")}); every mapped axis must have the lane count${options.axisSize === undefined ? "" : ` axisSize=${options.axisSize}`}`);
      return d;
    };
    split.arrays.forEach((x, j) => {
      const a = argAxes[j];
      if (a !== null && a !== undefined) argAxes[j] = see(x, a, `argument leaf ${split.dynamic[j]}`);
    });
    const laneValues = mapped.map((s, i) =>
      tree.map((leaf: unknown) => {
        if (!(leaf instanceof Array)) throw new ValueError(`${where}: the value of mapped ${stateName(s)} must be a pytree of Arrays`);
        const d = see(leaf, mappedAxes[i] as number, stateName(s));
        return abstractArrays([dropAxis(leaf, d)])[0];
      }, mappedValues[i]),
    );
    if (size === undefined) {
      throw new TransformationError(`${where}: nothing is mapped (every inAxes is null and there are no mapped states); pass { axisSize } to say how many lanes to run`);
    }
    const n = size;

    // Trace one lane and sort the states the function touches.
    const entry = traced(split, mapped);
    const laneArrays = abstractArrays(split.arrays.map((x, j) => {
      const a = argAxes[j];
      return a === null || a === undefined ? new ShapedArray(x.shape, x.dtype, x.weakType) : dropAxis(x, a);
    }));
    const program: StatefulProgram = entry.sf.makeJaxpr(laneValues, laneArrays);
    const stateIndex = new Map(mapped.map((s, i) => [s, i]));
    const kinds: Kind[] = program.states.map((s) => (stateIndex.has(s) ? "mapped" : s instanceof RandomState ? "rng" : "other"));
    const base = program.states.map((s, i) => (kinds[i] === "rng" ? undefined : s.value));
    const rngs = program.states.filter((_, i) => kinds[i] === "rng") as RandomState[];
    const keys = rngs.map((r) => r.splitKey(n));
    const writtenAxes: (number | null)[] = [];
    program.states.forEach((s, i) => {
      if (program.written[i] !== true || kinds[i] === "rng") return;
      writtenAxes.push(kinds[i] === "mapped" ? (outAxis.get(s) ?? (stateAxis.get(s) as number)) : (outAxis.get(s) ?? null));
    });

    const outShapes = tree.unflatten(program.outTree, program.jaxpr.outAvals.slice(0, program.numOutLeaves));
    let outLeafAxes: (number | null)[];
    try {
      outLeafAxes = (typeof outAxes === "number" || outAxes === null ? new globalThis.Array<number | null>(program.numOutLeaves).fill(outAxes) : tree.broadcastPrefix(outAxes, outShapes, (x) => x === null || typeof x === "number")) as (number | null)[];
    } catch (e) {
      throw new TransformationError(`${where}: outAxes does not match the structure of the output (${program.outTree.toString()}): ${(e as Error).message}`);
    }

    const pure = (arrays: Array[], mappedIn: unknown[], laneKeys: Array[]): [unknown[], unknown[]] => {
      let r = 0;
      const values = program.states.map((_, i) => (kinds[i] === "rng" ? laneKeys[r++] : base[i]));
      const [newValues, out] = callProgram(where, program, values, [mappedIn, arrays]);
      const trace = currentTrace();
      const written: unknown[] = [];
      program.states.forEach((s, i) => {
        if (program.written[i] !== true || kinds[i] === "rng") return;
        if (kinds[i] === "other" && !outAxis.has(s) && isBatched(newValues[i], trace)) {
          throw new BatchAxisError(`${where}: ${stateName(s)} is written with a value that differs across lanes, but it is not mapped; list it in outStates (or inStates) with its batch axis, or write a value that does not depend on the mapped inputs`);
        }
        written.push(newValues[i]);
      });
      return [tree.leaves(out), written];
    };
    const [outLeaves, written] = coreVmap(pure, {
      inAxes: [argAxes, mappedAxes, keys.map(() => 0)],
      outAxes: [outLeafAxes, writtenAxes],
      axisSize: n,
    })(split.arrays as Array[], mappedValues, keys) as [unknown[], unknown[]];

    let w = 0;
    program.states.forEach((s, i) => {
      if (program.written[i] === true && kinds[i] !== "rng") s.value = written[w++];
    });
    const nodes = [...new Set(split.leaves.filter((x) => isNode(x)))];
    const out = tree.unflatten(program.outTree, outLeaves);
    const restored = tree.mapTrees((x: unknown) => (x instanceof Static && x.value instanceof InputNodeRef ? nodes[x.value.index] : x), [out], (x) => x instanceof Static);
    return treeToGraph(restored);
  };
}

/**
 * Vectorises a function that may read and write States over a batch axis of its arguments and
 * of the states named in `inStates` (brainstate's `augment.vmap`). Every `RandomState` the
 * function draws from (and that is not in `inStates`) gets one key per lane, split from its key
 * (which advances); other states are shared across lanes, and writing a per-lane value into one
 * of them throws {@link BatchAxisError} unless it is in `outStates`. Graph nodes passed as
 * arguments have their states mapped on their `inAxes` entry (a {@link StateAxes} maps them by
 * filter) and are updated in place; a node the function returns that was an argument is the
 * same object, a node it creates comes back with stacked states. Without a function it returns
 * a decorator (`vmap(options)(fn)`).
 * @param fn - the function to vectorise
 * @param options - `inAxes`, `outAxes`, `inStates`, `outStates`, `axisSize`
 * @throws {@link BatchAxisError} for a state with two batch axes or a per-lane write into an unmapped state; `TransformationError` for mapped axes of different sizes or axes that do not fit the arguments.
 * @example
 * ```ts
 * const h = new ShortTermState(np.zeros([4, 3]));       // one row per lane
 * const step = vmap((x: Array) => { h.value = h.value.add(x); return h.value.sum(); }, { inStates: h });
 * step(np.ones([4, 3]));                                 // [3, 3, 3, 3]; h.value is all ones
 * ```
 * @public
 */
export function vmap<A extends unknown[]>(fn: (...args: A) => unknown, options?: VmapOptions): (...args: NumberArgs<A>) => unknown;
/** Decorator form of `vmap` (see its first signature). @public */
export function vmap(options?: VmapOptions): <A extends unknown[]>(fn: (...args: A) => unknown) => (...args: NumberArgs<A>) => unknown;
export function vmap<A extends unknown[]>(fnOrOptions?: ((...args: A) => unknown) | VmapOptions, options?: VmapOptions): unknown {
  if (typeof fnOrOptions === "function") return transform("vmap", fnOrOptions, options ?? {});
  const opts = fnOrOptions ?? {};
  checkOptions("vmap", opts, VMAP_KEYS);
  return <B extends unknown[]>(fn: (...args: B) => unknown) => transform("vmap", fn, opts);
}

/**
 * Parallel map (brainstate's `augment.pmap`). JavaScript has one device and one thread here, so
 * `pmap` runs its lanes through core's `vmap` in one thread: same options, same results and same
 * state handling as `vmap` (no worker threads, no collectives).
 * @example
 * ```ts
 * pmap((x: Array) => x.mul(2))(np.arange(4)); // [0, 2, 4, 6]
 * ```
 * @public
 */
export function pmap<A extends unknown[]>(fn: (...args: A) => unknown, options?: VmapOptions): (...args: NumberArgs<A>) => unknown;
/** Decorator form of `pmap` (see its first signature). @public */
export function pmap(options?: VmapOptions): <A extends unknown[]>(fn: (...args: A) => unknown) => (...args: NumberArgs<A>) => unknown;
export function pmap<A extends unknown[]>(fnOrOptions?: ((...args: A) => unknown) | VmapOptions, options?: VmapOptions): unknown {
  if (typeof fnOrOptions === "function") return transform("pmap", fnOrOptions, options ?? {});
  const opts = fnOrOptions ?? {};
  checkOptions("pmap", opts, VMAP_KEYS);
  return <B extends unknown[]>(fn: (...args: B) => unknown) => transform("pmap", fn, opts);
}

function newStatesTransform<A extends unknown[]>(fn: (...args: A) => unknown, options: VmapNewStatesOptions): (...args: NumberArgs<A>) => unknown {
  checkOptions("vmapNewStates", options, [...VMAP_KEYS, "stateTag", "stateToExclude"]);
  if (typeof fn !== "function") throw new ValueError(`vmapNewStates: expected a function, got ${typeof fn}`);
  const { stateTag = null, stateToExclude = null, ...vmapOptions } = options;
  const excluded = stateToExclude === null ? () => false : ((p) => (s: State) => p([], s))(toPredicate(stateToExclude));
  const outAxes = vmapOptions.outAxes === undefined ? 0 : vmapOptions.outAxes;
  return (...args: NumberArgs<A>): unknown => {
    let created: State[] = [];
    const creating = (...a: A): unknown =>
      catchNewStates(stateTag, (catcher) => {
        const out = fn(...a);
        created = catcher.states.filter((s) => !excluded(s));
        return [out, created.map((s) => s.value)];
      });
    // A fresh transformation per call: every call creates its states anew.
    const [out, values] = transform("vmapNewStates", creating, { ...vmapOptions, outAxes: [outAxes, 0] })(...args) as [unknown, unknown[]];
    created.forEach((s, i) => {
      s.restoreValue(values[i]);
      // The state was created one trace level down; it now lives where vmapNewStates was called.
      s._level = Math.max(s._level - 1, 0);
    });
    return out;
  };
}

/**
 * Vectorises the creation of states: the States that `fn` creates come out with a leading lane
 * axis (brainstate's `augment.vmap_new_states`), e.g. to initialise a batch of hidden states
 * with per-lane random draws. The new states are tagged `stateTag`; those matching
 * `stateToExclude` are left out. Other options as `vmap`.
 * @example
 * ```ts
 * const init = vmapNewStates(() => { model.h = new ShortTermState(random.randn(3)); }, { axisSize: 5 });
 * init(); // model.h.value has shape [5, 3], a different draw per lane
 * ```
 * @public
 */
export function vmapNewStates<A extends unknown[]>(fn: (...args: A) => unknown, options?: VmapNewStatesOptions): (...args: NumberArgs<A>) => unknown;
/** Decorator form of `vmapNewStates` (see its first signature). @public */
export function vmapNewStates(options?: VmapNewStatesOptions): <A extends unknown[]>(fn: (...args: A) => unknown) => (...args: NumberArgs<A>) => unknown;
export function vmapNewStates<A extends unknown[]>(fnOrOptions?: ((...args: A) => unknown) | VmapNewStatesOptions, options?: VmapNewStatesOptions): unknown {
  if (typeof fnOrOptions === "function") return newStatesTransform(fnOrOptions, options ?? {});
  const opts = fnOrOptions ?? {};
  checkOptions("vmapNewStates", opts, [...VMAP_KEYS, "stateTag", "stateToExclude"]);
  return <B extends unknown[]>(fn: (...args: B) => unknown) => newStatesTransform(fn, opts);
}
