// Graph operations: flatten a node graph into a GraphDef plus a state dict (shared nodes and
// States emitted once, referenced by index), unflatten it back, split/merge by filters, query
// states and nodes, pop and update states, clone, and call a method functionally.
// Layer: graph. Ported from brainstate's graph/_graph_operation.py.

import { tree, ValueError } from "@brainstate/core";
import {
  callableProxy,
  filtersToPredicates,
  FlattedDict,
  invokeAccessor,
  NestedDict,
  State,
  toPredicate,
  TreefyState,
  type ApplyCaller,
  type Filter,
  type Key,
  type PathParts,
} from "@brainstate/state";
import { GraphDef, NodeDef, NodeRef, setApplyNodeDef, type NodeType } from "./GraphDef.js";
import { RefMap } from "./RefMap.js";
import { flattenPytree, graphImplOf, graphImplOfType, isGraphNode, isNode, nodeChildren, PytreeType, unflattenPytree } from "./registry.js";

type TreeDef = Parameters<typeof unflattenPytree>[1];

const MAX_INT32 = 2147483647;

function typeOf(x: unknown): NodeType {
  return (x as { constructor: NodeType }).constructor;
}

function describe(x: unknown): string {
  if (x === null) return "null";
  if (typeof x === "object") return (x as { constructor?: { name?: string } }).constructor?.name ?? "object";
  return typeof x;
}

function isPlainObject(x: unknown): x is Record<string, unknown> {
  if (typeof x !== "object" || x === null) return false;
  const proto: unknown = Object.getPrototypeOf(x);
  return proto === Object.prototype || proto === null;
}

function graphFlatten(path: PathParts, refIndex: RefMap<unknown, number>, flat: FlattedDict, node: unknown, treefyState: boolean): NodeDef | NodeRef {
  if (refIndex.has(node)) return new NodeRef(typeOf(node), refIndex.get(node) as number);
  const impl = graphImplOf(node);
  let index = -1;
  let values: readonly (readonly [Key, unknown])[];
  let metadata: unknown;
  if (impl !== undefined) {
    index = refIndex.size;
    refIndex.set(node, index);
    [values, metadata] = impl.flatten(node as object);
  } else {
    [values, metadata] = flattenPytree(node);
  }
  const subgraphs: [Key, NodeDef | NodeRef][] = [];
  const staticFields: [Key, unknown][] = [];
  const leaves: [Key, NodeRef | null][] = [];
  for (const [key, value] of values) {
    if (value instanceof State) {
      if (refIndex.has(value)) {
        leaves.push([key, new NodeRef(typeOf(value), refIndex.get(value) as number)]);
      } else {
        flat.set([...path, key], treefyState ? value.toStateRef() : value);
        const vi = refIndex.size;
        refIndex.set(value, vi);
        leaves.push([key, new NodeRef(typeOf(value), vi)]);
      }
    } else if (value instanceof TreefyState) {
      flat.set([...path, key], value);
      leaves.push([key, null]);
    } else if (isNode(value)) {
      subgraphs.push([key, graphFlatten([...path, key], refIndex, flat, value, treefyState)]);
    } else {
      staticFields.push([key, value]);
    }
  }
  return new NodeDef({
    type: impl !== undefined ? typeOf(node) : PytreeType,
    index,
    attributes: values.map(([k]) => k),
    subgraphs,
    staticFields,
    leaves,
    metadata,
    indexMapping: null,
  });
}

/** Options of {@link flatten}. @public */
export interface FlattenOptions {
  /** Node/State → index map to fill (and share across several flattenings). @defaultValue a new RefMap */
  refIndex?: RefMap<unknown, number>;
  /** Store TreefyState references (true) or the State objects themselves (false). @defaultValue true */
  treefyState?: boolean;
}

function checkKeys(where: string, options: object | undefined, allowed: readonly string[]): void {
  if (options === undefined) return;
  for (const k of Object.keys(options)) {
    if (!allowed.includes(k)) throw new ValueError(`${where}: unknown option '${k}'; the options are ${allowed.map((a) => `'${a}'`).join(", ")}`);
  }
}

/**
 * Flattens a graph (a node, or a pytree containing nodes and States) into its GraphDef and a
 * NestedDict of its States, each State once (at its first path), as TreefyStates by default.
 * @throws ValueError when `node` is neither a graph node nor a pytree.
 * @example
 * ```ts
 * const [graphdef, state] = graph.flatten(model);
 * ```
 * @public
 */
export function flatten(node: unknown, options: FlattenOptions = {}): [NodeDef | NodeRef, NestedDict] {
  checkKeys("graph.flatten", options, ["refIndex", "treefyState"]);
  if (!isNode(node)) throw new ValueError(`graph.flatten: expected a graph node or a pytree of them, got ${describe(node)}`);
  const refIndex = options.refIndex ?? new RefMap<unknown, number>();
  if (!(refIndex instanceof RefMap)) throw new ValueError("graph.flatten: refIndex must be a RefMap");
  const flat = new FlattedDict();
  const def = graphFlatten([], refIndex, flat, node, options.treefyState ?? true);
  return [def, NestedDict.fromFlat(flat)];
}

type IndexMap = Map<number, unknown>;

function toPlain(x: unknown): unknown {
  return x instanceof NestedDict ? x.toDict() : x;
}

function getChildren(def: NodeDef, state: Record<string, unknown>, indexRef: IndexMap, cache: ReadonlyMap<number, unknown> | undefined): [Key, unknown][] {
  const attrKeys = new Set(def.attributes.map(String));
  const unknown = Object.keys(state).filter((k) => !attrKeys.has(k));
  if (unknown.length > 0) {
    throw new ValueError(`graph.unflatten: unknown keys ${unknown.map((k) => `'${k}'`).join(", ")} in the state for a node of type ${def.type.name}; its attributes are ${[...attrKeys].map((k) => `'${k}'`).join(", ")}`);
  }
  const children: [Key, unknown][] = [];
  for (const key of def.attributes) {
    const k = String(key);
    if (!(k in state)) {
      if (def.staticFields.has(k)) children.push([key, def.staticFields.get(k)]);
      else if (def.subgraphs.has(k)) {
        const sub = def.subgraphs.get(k) as NodeDef | NodeRef;
        children.push([key, sub instanceof NodeRef ? indexRef.get(sub.index) : graphUnflatten(sub, {}, indexRef, cache)]);
      } else if (def.leaves.has(k)) {
        const ref = def.leaves.get(k);
        if (ref !== null && ref !== undefined && indexRef.has(ref.index)) children.push([key, indexRef.get(ref.index)]);
        else throw new ValueError(`graph.unflatten: expected key '${k}' in the state while building a node of type ${def.type.name}; pass the state returned by graph.flatten/treefySplit for this graphdef`);
      } else throw new Error(`graph.unflatten: internal error — attribute '${k}' of ${def.type.name} has no definition`);
      continue;
    }
    const value = toPlain(state[k]);
    if (def.staticFields.has(k)) throw new ValueError(`graph.unflatten: got a state for the static field '${k}' of ${def.type.name}; static fields are part of the graphdef and cannot be given in the state`);
    if (def.subgraphs.has(k)) {
      const sub = def.subgraphs.get(k) as NodeDef | NodeRef;
      if (value instanceof TreefyState || value instanceof State) throw new ValueError(`graph.unflatten: expected the sub-graph state (a dict) of ${def.type.name}.${k}, got a ${describe(value)}`);
      if (!isPlainObject(value)) throw new ValueError(`graph.unflatten: expected a dict for the sub-graph '${k}' of ${def.type.name}, got ${describe(value)}`);
      children.push([key, sub instanceof NodeRef ? indexRef.get(sub.index) : graphUnflatten(sub, value, indexRef, cache)]);
    } else if (def.leaves.has(k)) {
      if (!(value instanceof TreefyState || value instanceof State)) throw new ValueError(`graph.unflatten: expected a State or TreefyState for '${k}' of ${def.type.name}, got ${describe(value)}`);
      const ref = def.leaves.get(k) as NodeRef | null;
      if (ref === null) {
        children.push([key, value instanceof TreefyState ? value.toState() : value]);
      } else if (indexRef.has(ref.index)) {
        children.push([key, indexRef.get(ref.index)]);
      } else {
        let variable: State;
        if (cache !== undefined && cache.has(ref.index)) {
          const cached = cache.get(ref.index);
          if (!(cached instanceof State)) throw new ValueError(`graph.unflatten: the cached object for '${k}' of ${def.type.name} is a ${describe(cached)}, expected a State`);
          if (value instanceof TreefyState) cached.updateFromRef(value);
          else cached.restoreValue(value.value);
          variable = cached;
        } else {
          variable = value instanceof TreefyState ? value.toState() : value;
        }
        children.push([key, variable]);
        indexRef.set(ref.index, variable);
      }
    } else throw new Error(`graph.unflatten: internal error — unknown key '${k}'`);
  }
  return children;
}

function graphUnflatten(def: NodeDef | NodeRef, state: Record<string, unknown>, indexRef: IndexMap, cache: ReadonlyMap<number, unknown> | undefined): unknown {
  if (def instanceof NodeRef) return indexRef.get(def.index);
  const impl = graphImplOfType(def.type);
  if (impl === undefined && def.type !== PytreeType) throw new ValueError(`graph.unflatten: ${def.type.name} is not a graph node type`);
  if (indexRef.has(def.index)) throw new ValueError(`graph.unflatten: graphdef index ${def.index} is used twice; the graphdef is corrupted`);
  if (impl !== undefined) {
    let node: object;
    if (cache !== undefined && cache.has(def.index)) {
      node = cache.get(def.index) as object;
      if (typeOf(node) !== def.type) throw new ValueError(`graph.unflatten: expected a node of type ${def.type.name} for index ${def.index}, but the cached node is a ${describe(node)}`);
      impl.clear(node);
    } else {
      node = impl.createEmpty(def.metadata);
    }
    indexRef.set(def.index, node);
    for (const [k, v] of getChildren(def, state, indexRef, cache)) impl.setKey(node, k, v);
    return node;
  }
  return unflattenPytree(getChildren(def, state, indexRef, cache), def.metadata as TreeDef);
}

/** Options of {@link unflatten}. @public */
export interface UnflattenOptions {
  /** Index → object map to fill (shared across several unflattenings). @defaultValue a new Map */
  indexRef?: Map<number, unknown>;
  /** Index → existing object to reuse and update in place instead of creating a new one. @defaultValue undefined */
  indexRefCache?: ReadonlyMap<number, unknown>;
}

/**
 * Rebuilds a graph from its GraphDef and state dict: TreefyStates become new States, States are
 * used as they are, shared nodes and States stay shared.
 * @throws ValueError for unknown or missing keys, states given for static fields, and wrong value kinds.
 * @public
 */
export function unflatten(graphdef: GraphDef, state: NestedDict | Readonly<Record<string, unknown>>, options: UnflattenOptions = {}): unknown {
  checkKeys("graph.unflatten", options, ["indexRef", "indexRefCache"]);
  if (!(graphdef instanceof NodeDef || graphdef instanceof NodeRef)) throw new ValueError(`graph.unflatten: expected a NodeDef or NodeRef, got ${describe(graphdef)}`);
  const plain = state instanceof NestedDict ? state.toDict() : { ...state };
  return graphUnflatten(graphdef, plain, options.indexRef ?? new Map(), options.indexRefCache);
}

/** Splits a state dict by filters (no filters: the dict itself). */
export function splitState(state: NestedDict, filters: readonly Filter[]): NestedDict[] {
  if (filters.length === 0) return [state];
  const out = (state.split as (...f: Filter[]) => NestedDict | NestedDict[])(...filters);
  return out instanceof NestedDict ? [out] : out;
}

/**
 * Splits a graph into its GraphDef and one NestedDict of TreefyStates per filter (every state
 * must match a filter; end with `"..."` to collect the rest). The inverse of {@link treefyMerge}.
 * @throws ValueError when the filters leave states unmatched.
 * @example
 * ```ts
 * const [graphdef, params, others] = graph.treefySplit(model, ParamState, "...");
 * ```
 * @public
 */
export function treefySplit(node: unknown): [GraphDef, NestedDict];
/** Overload of `treefySplit` (see its first signature). @public */
export function treefySplit(node: unknown, first: Filter): [GraphDef, NestedDict];
/** Overload of `treefySplit` (see its first signature). @public */
export function treefySplit(node: unknown, first: Filter, second: Filter): [GraphDef, NestedDict, NestedDict];
/** Overload of `treefySplit` (see its first signature). @public */
export function treefySplit(node: unknown, first: Filter, second: Filter, third: Filter): [GraphDef, NestedDict, NestedDict, NestedDict];
/** Overload of `treefySplit` (see its first signature). @public */
export function treefySplit(node: unknown, ...filters: Filter[]): [GraphDef, NestedDict, ...NestedDict[]];
export function treefySplit(node: unknown, ...filters: Filter[]): [GraphDef, NestedDict, ...NestedDict[]] {
  const [def, state] = flatten(node);
  return [def, ...splitState(state, filters)] as [GraphDef, NestedDict, ...NestedDict[]];
}

/**
 * Builds a new graph from a GraphDef and state dicts (merged first): new States, same sharing.
 * @public
 */
export function treefyMerge(graphdef: GraphDef, state: NestedDict, ...states: NestedDict[]): unknown {
  return unflatten(graphdef, NestedDict.merge(state, ...states));
}

/** Options of the graph queries (`nodes`, `states`, `iterLeaf`, `iterNode`). @public */
export interface HierarchyOptions {
  /** Only items at graph depth `lo..hi` (the root is depth 0; entering a graph node adds 1). @defaultValue [0, 2147483647] */
  allowedHierarchy?: readonly [number, number];
}

function hierarchy(where: string, options: HierarchyOptions | undefined): readonly [number, number] {
  checkKeys(where, options, ["allowedHierarchy"]);
  return options?.allowedHierarchy ?? [0, MAX_INT32];
}

/**
 * Yields `[path, leaf]` for every value in the graph that is not a node (States and static
 * values), visiting each graph node once. `null` is an empty container, not a leaf.
 * @public
 */
export function* iterLeaf(node: unknown, options?: HierarchyOptions): Generator<[PathParts, unknown]> {
  const [lo, hi] = hierarchy("graph.iterLeaf", options);
  const visited = new Set<unknown>();
  function* go(x: unknown, path: PathParts, level: number): Generator<[PathParts, unknown]> {
    if (level > hi) return;
    if (isNode(x)) {
      if (x !== null && x !== undefined) {
        if (visited.has(x)) return;
        visited.add(x);
      }
      for (const [k, v] of nodeChildren(x)) yield* go(v, [...path, k], isGraphNode(v) ? level + 1 : level);
    } else if (level >= lo) yield [path, x];
  }
  yield* go(node, [], 0);
}

/**
 * Yields `[path, node]` for every graph node (children before parents, the root last), each
 * once.
 * @public
 */
export function* iterNode(node: unknown, options?: HierarchyOptions): Generator<[PathParts, unknown]> {
  const [lo, hi] = hierarchy("graph.iterNode", options);
  const visited = new Set<unknown>();
  function* go(x: unknown, path: PathParts, level: number): Generator<[PathParts, unknown]> {
    if (level > hi || !isNode(x)) return;
    if (x !== null && x !== undefined) {
      if (visited.has(x)) return;
      visited.add(x);
    }
    for (const [k, v] of nodeChildren(x)) yield* go(v, [...path, k], isGraphNode(v) ? level + 1 : level);
    if (isGraphNode(x) && level >= lo) yield [path, x];
  }
  yield* go(node, [], 0);
}

/** Splits `[path, value]` pairs by predicates; every pair must match one. */
function splitFlatted<V>(where: string, items: Iterable<[PathParts, V]>, filters: readonly Filter[]): FlattedDict<V>[] {
  const predicates = filtersToPredicates(where, filters);
  const groups = predicates.map(() => new FlattedDict<V>());
  for (const [path, value] of items) {
    const i = predicates.findIndex((p) => p(path, value));
    if (i === -1) throw new ValueError(`${where}: non-exhaustive filters; ${String(path)} matches none; add '...' as the last filter`);
    (groups[i] as FlattedDict<V>).set(path, value);
  }
  return groups;
}

function isOptions(x: unknown): x is HierarchyOptions {
  return isPlainObject(x);
}

function parseQueryArgs(args: readonly (Filter | HierarchyOptions)[]): [Filter[], HierarchyOptions | undefined] {
  const last = args[args.length - 1];
  if (args.length > 0 && isOptions(last)) return [args.slice(0, -1) as Filter[], last];
  return [args as Filter[], undefined];
}

function query<V>(where: string, items: Iterable<[PathParts, V]>, filters: Filter[]): FlattedDict<V> | FlattedDict<V>[] {
  const n = filters.length;
  const all = n === 0 ? ["...", "...", "..."] : [...filters, "...", "..."];
  const maps = splitFlatted(where, items, all);
  return n < 2 ? (maps[0] as FlattedDict<V>) : maps.slice(0, n);
}

/**
 * The graph nodes (root included, at path `[]`) as a FlattedDict path → node; with two or more
 * filters, one dict per filter (first match wins). A trailing `{ allowedHierarchy }` object
 * limits the depth.
 * @public
 */
export function nodes(node: unknown, options?: HierarchyOptions): FlattedDict;
/** Overload of `nodes` (see its first signature). @public */
export function nodes(node: unknown, filter: Filter, options?: HierarchyOptions): FlattedDict;
/** Overload of `nodes` (see its first signature). @public */
export function nodes(node: unknown, first: Filter, second: Filter, options?: HierarchyOptions): [FlattedDict, FlattedDict];
/** Overload of `nodes` (see its first signature). @public */
export function nodes(node: unknown, first: Filter, second: Filter, ...rest: (Filter | HierarchyOptions)[]): FlattedDict[];
export function nodes(node: unknown, ...args: (Filter | HierarchyOptions | undefined)[]): FlattedDict | FlattedDict[] {
  const [filters, options] = parseQueryArgs(args.filter((a) => a !== undefined) as (Filter | HierarchyOptions)[]);
  return query("graph.nodes", iterNode(node, options), filters);
}

/**
 * The States of the graph (live objects) as a FlattedDict path → State; with two or more
 * filters, one dict per filter (first match wins). A trailing `{ allowedHierarchy }` object
 * limits the depth.
 * @example
 * ```ts
 * const [params, others] = graph.states(model, ParamState, "...");
 * ```
 * @public
 */
export function states(node: unknown, options?: HierarchyOptions): FlattedDict<State>;
/** Overload of `states` (see its first signature). @public */
export function states(node: unknown, filter: Filter, options?: HierarchyOptions): FlattedDict<State>;
/** Overload of `states` (see its first signature). @public */
export function states(node: unknown, first: Filter, second: Filter, options?: HierarchyOptions): [FlattedDict<State>, FlattedDict<State>];
/** Overload of `states` (see its first signature). @public */
export function states(node: unknown, first: Filter, second: Filter, third: Filter, options?: HierarchyOptions): [FlattedDict<State>, FlattedDict<State>, FlattedDict<State>];
/** Overload of `states` (see its first signature). @public */
export function states(node: unknown, first: Filter, second: Filter, ...rest: (Filter | HierarchyOptions)[]): FlattedDict<State>[];
export function states(node: unknown, ...args: (Filter | HierarchyOptions | undefined)[]): FlattedDict<State> | FlattedDict<State>[] {
  const [filters, options] = parseQueryArgs(args.filter((a) => a !== undefined) as (Filter | HierarchyOptions)[]);
  function* gen(): Generator<[PathParts, State]> {
    for (const [p, v] of iterLeaf(node, options)) if (v instanceof State) yield [p, v];
  }
  return query("graph.states", gen(), filters);
}

/**
 * The graph's states as TreefyState references in a NestedDict; with filters, only matching
 * ones (one dict per filter; unmatched states are dropped).
 * @public
 */
export function treefyStates(node: unknown): NestedDict;
/** Overload of `treefyStates` (see its first signature). @public */
export function treefyStates(node: unknown, filter: Filter): NestedDict;
/** Overload of `treefyStates` (see its first signature). @public */
export function treefyStates(node: unknown, first: Filter, second: Filter): [NestedDict, NestedDict];
/** Overload of `treefyStates` (see its first signature). @public */
export function treefyStates(node: unknown, first: Filter, second: Filter, ...rest: Filter[]): NestedDict[];
export function treefyStates(node: unknown, ...filters: Filter[]): NestedDict | NestedDict[] {
  const [, state] = flatten(node);
  if (filters.length === 0) return state;
  return (state.filter as (...f: Filter[]) => NestedDict | NestedDict[])(...filters);
}

/**
 * Removes the States matching the filters from the graph nodes that hold them and returns them
 * (a NestedDict of State objects for one filter, an array for several).
 * @throws ValueError with no filters, or when a match sits inside a pytree container (which cannot be edited in place).
 * @example
 * ```ts
 * const popped = graph.popStates(model, "new");
 * ```
 * @public
 */
export function popStates(node: unknown, filter: Filter): NestedDict;
/** Overload of `popStates` (see its first signature). @public */
export function popStates(node: unknown, first: Filter, second: Filter): [NestedDict, NestedDict];
/** Overload of `popStates` (see its first signature). @public */
export function popStates(node: unknown, first: Filter, second: Filter, ...rest: Filter[]): NestedDict[];
export function popStates(node: unknown, ...filters: Filter[]): NestedDict | NestedDict[] {
  if (filters.length === 0) throw new ValueError("graph.popStates: expected at least one filter (e.g. a State class or a tag)");
  const predicates = filters.map((f) => toPredicate(f));
  const flats = predicates.map(() => new FlattedDict());
  const visited = new Set<unknown>();
  const go = (x: unknown, path: PathParts): void => {
    if (x !== null && x !== undefined) {
      if (visited.has(x)) return;
      visited.add(x);
    }
    const impl = graphImplOf(x);
    for (const [name, value] of nodeChildren(x)) {
      if (value instanceof State) {
        if (visited.has(value)) continue;
        const p = [...path, name];
        const i = predicates.findIndex((pred) => pred(p, value));
        if (i === -1) continue;
        if (impl === undefined) throw new ValueError(`graph.popStates: cannot pop key '${String(name)}' from a ${describe(x)} at ${p.map(String).join("/")}; only attributes of graph nodes can be removed — hold the state in a Node attribute`);
        visited.add(value);
        impl.popKey(x as object, name);
        (flats[i] as FlattedDict).set(p, value);
      } else if (isNode(value)) go(value, [...path, name]);
    }
  };
  if (!isNode(node)) throw new ValueError(`graph.popStates: expected a graph node or a pytree of them, got ${describe(node)}`);
  go(node, []);
  const out = flats.map((f) => NestedDict.fromFlat(f));
  return out.length === 1 ? (out[0] as NestedDict) : out;
}

function updateDynamic(node: unknown, state: Record<string, unknown>): void {
  if (!isNode(node)) throw new ValueError(`graph.updateStates: cannot update a ${describe(node)}; expected a graph node or pytree`);
  const impl = graphImplOf(node);
  const current = new Map(nodeChildren(node).map(([k, v]) => [String(k), [k, v] as const]));
  for (const [key, rawValue] of Object.entries(state)) {
    let value = toPlain(rawValue);
    const entry = current.get(key);
    if (entry === undefined) {
      if (impl === undefined) throw new ValueError(`graph.updateStates: cannot set key '${key}' on a ${describe(node)}, which cannot be edited in place`);
      if (value instanceof State) value = value.copy();
      impl.setKey(node as object, key, value);
      continue;
    }
    const cur = entry[1];
    if (isNode(cur)) {
      if (value instanceof TreefyState) throw new ValueError(`graph.updateStates: expected a sub-graph state (a dict) for '${key}', got a TreefyState`);
      if (!isPlainObject(value)) throw new ValueError(`graph.updateStates: expected a dict for the sub-graph '${key}', got ${describe(value)}`);
      updateDynamic(cur, value);
    } else if (value instanceof TreefyState) {
      if (!(cur instanceof State)) throw new ValueError(`graph.updateStates: '${key}' is not a State (it is ${describe(cur)}), so it cannot be updated from a TreefyState`);
      cur.updateFromRef(value);
    } else {
      throw new ValueError(`graph.updateStates: unsupported update of '${key}' with a ${describe(value)}; pass TreefyStates (from treefySplit/treefyStates) for existing states`);
    }
  }
}

/**
 * Updates a graph in place from state dicts (merged first): existing States take the values of
 * the TreefyStates, nested dicts update sub-nodes, and unknown keys are added (a State is
 * copied first).
 * @throws ValueError for updates a node cannot take (see the message).
 * @public
 */
export function updateStates(node: unknown, stateDict: NestedDict | FlattedDict, ...stateDicts: (NestedDict | FlattedDict)[]): void {
  const merged = stateDicts.length > 0 ? NestedDict.merge(stateDict, ...stateDicts) : stateDict instanceof FlattedDict ? stateDict.toNest() : stateDict;
  updateDynamic(node, merged.toDict());
}

/** The GraphDef of a graph. @public */
export function graphdef(node: unknown): GraphDef {
  return flatten(node)[0];
}

/**
 * A deep structural copy of a graph with new States (shared nodes/States stay shared in the copy).
 * @public
 */
export function clone<N>(node: N): N {
  const [def, ...st] = treefySplit(node);
  return treefyMerge(def, ...(st as [NestedDict, ...NestedDict[]])) as N;
}

/**
 * A functional call of a method on a `[graphdef, state]` pair: `graph.call(split).method(x)`
 * (or `graph.call(split)(x)` for the node's `call`) merges a fresh node, runs the method and
 * returns `[output, [graphdef, state]]` of the node afterwards; the original objects are
 * untouched (usable inside `jit`). Give the node type (`graph.call<Counter>(split)`) to type
 * the method chain.
 * @example
 * ```ts
 * const [y, newSplit] = graph.call(graph.treefySplit(counter)).inc();
 * ```
 * @public
 */
export function call<N = unknown>(graphdefState: readonly [GraphDef, NestedDict, ...NestedDict[]]): ApplyCaller<[GraphDef, NestedDict], N> {
  return callableProxy<[GraphDef, NestedDict], N>((accessor, ...args) => {
    const [def, ...st] = graphdefState;
    const node = treefyMerge(def, ...(st as [NestedDict, ...NestedDict[]]));
    const out = invokeAccessor(accessor, node, args);
    return [out, treefySplit(node) as unknown as [GraphDef, NestedDict]];
  });
}

setApplyNodeDef((def, state, more) =>
  callableProxy((accessor, ...args) => {
    const node = treefyMerge(def, state, ...more);
    const out = invokeAccessor(accessor, node, args);
    return [out, flatten(node)];
  }),
);

/**
 * An empty pytree node holding a static value (it passes through transformations as structure).
 * @public
 */
export class Static<A = unknown> {
  readonly value: A;
  constructor(value: A) {
    this.value = value;
  }
}

tree.registerNode<Static, { readonly value: unknown }>(Static, {
  flatten: (s) => [[], { value: s.value }],
  unflatten: (aux) => new Static(aux.value),
  auxEquals: (a, b) => a.value === b.value,
  name: "Static",
});
