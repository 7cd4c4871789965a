// Graph ⇄ pytree conversion: replace every graph node in a pytree by NodeStates (its GraphDef and
// states, shared nodes as NodeRefs) inside one split context, and back inside one merge
// context; with a prefix tree, check that every State has one prefix. Layer: graph.
// Ported from brainstate's graph/_graph_convert.py.

import { tree, ValueError } from "@brainstate/core";
import { isMissing, Missing, PyTreeNode, State, type NestedDict, type PathParts } from "@brainstate/state";
import { mergeContext, splitContext, type MergeContext, type SplitContext } from "./context.js";
import { GraphDef } from "./GraphDef.js";
import { iterLeaf } from "./operations.js";
import { RefMap } from "./RefMap.js";
import { isGraphNode } from "./registry.js";


/** Options of the NodeStates constructors. @public */
export interface NodeStatesOptions {
  /** Static metadata carried along. @defaultValue null */
  metadata?: unknown;
}

/**
 * A pytree standing for a graph node in a converted tree: its GraphDef (or null) and its state
 * dicts; `metadata` is static.
 * @public
 */
export class NodeStates extends PyTreeNode {
  static override metaFields: readonly string[] = ["metadata"];
  /** The GraphDef, or null for NodeStates made from states or prefixes only. */
  _graphdef: GraphDef | null;
  /** The state dicts (or prefixes). */
  states: readonly unknown[];
  /** Static metadata. */
  metadata: unknown;
  constructor(graphdef: GraphDef | null, states: readonly unknown[], metadata: unknown = null) {
    super();
    this._graphdef = graphdef;
    this.states = states;
    this.metadata = metadata;
  }
  /** The GraphDef. @throws ValueError when there is none. */
  get graphdef(): GraphDef {
    if (this._graphdef === null) throw new ValueError("NodeStates.graphdef: no graphdef is available (these NodeStates were made from states or prefixes)");
    return this._graphdef;
  }
  /** The only state dict. @throws ValueError unless there is exactly one. */
  get state(): NestedDict {
    if (this.states.length !== 1) throw new ValueError(`NodeStates.state: expected exactly one state, got ${this.states.length}; use .states`);
    return this.states[0] as NestedDict;
  }
  /** From a split: `NodeStates.fromSplit(graphdef, state, ...more)`. */
  static fromSplit(graphdef: GraphDef, state: NestedDict, ...states: NestedDict[]): NodeStates {
    return new NodeStates(graphdef, [state, ...states]);
  }
  /** Like `fromSplit`, with metadata. */
  static fromSplitWithMetadata(metadata: unknown, graphdef: GraphDef, state: NestedDict, ...states: NestedDict[]): NodeStates {
    return new NodeStates(graphdef, [state, ...states], metadata);
  }
  /** From state dicts only (no graphdef). */
  static fromStates(state: NestedDict, ...states: NestedDict[]): NodeStates {
    return new NodeStates(null, [state, ...states]);
  }
  /** From prefixes (no graphdef). */
  static fromPrefixes(prefixes: Iterable<unknown>, options: NodeStatesOptions = {}): NodeStates {
    return new NodeStates(null, [...prefixes], options.metadata ?? null);
  }
}

/** Turns a split of one graph node into the value put in the converted tree. @public */
export type SplitFn = (ctx: SplitContext, path: tree.KeyPath, prefix: unknown, leaf: unknown) => unknown;
/** Turns a converted value back into a graph node. @public */
export type MergeFn = (ctx: MergeContext, path: tree.KeyPath, prefix: unknown, leaf: unknown) => unknown;

const defaultSplit: SplitFn = (ctx, _path, _prefix, leaf) => {
  const [def, ...states] = ctx.treefySplit(leaf);
  return NodeStates.fromSplit(def, ...(states as [NestedDict, ...NestedDict[]]));
};

const defaultMerge: MergeFn = (ctx, path, _prefix, leaf) => {
  if (!(leaf instanceof NodeStates)) throw new ValueError(`treeToGraph: expected NodeStates at ${tree.keystr(path)}, got ${typeof leaf}`);
  return ctx.treefyMerge(leaf.graphdef, ...(leaf.states as [NestedDict, ...NestedDict[]]));
};

/** Broadcasts a prefix tree over a full tree: one prefix per leaf of the full tree. */
function broadcastPrefix(prefix: unknown, full: unknown, prefixIsLeaf: (x: unknown) => boolean, treeIsLeaf?: (x: unknown) => boolean): unknown[] {
  const [pLeaves, pDef] = tree.flatten(prefix, prefixIsLeaf);
  const subtrees = pDef.flattenUpTo(full);
  const out: unknown[] = [];
  pLeaves.forEach((p, i) => {
    const n = tree.flatten(subtrees[i], treeIsLeaf)[0].length;
    for (let k = 0; k < n; k++) out.push(p);
  });
  return out;
}

function pathString(path: PathParts): string {
  return path.length === 0 ? "<root>" : path.map(String).join("/");
}

/**
 * Records the prefix of every State reachable from `node` and throws when one State is reached
 * with different prefixes.
 * @throws ValueError "Inconsistent aliasing detected…" listing the paths and prefixes.
 */
function checkConsistentAliasing(node: unknown, prefix: unknown, nodePrefixes: RefMap<State, [PathParts, unknown][]>): void {
  for (const [path, value] of iterLeaf(node)) {
    if (!(value instanceof State)) continue;
    const list = nodePrefixes.get(value);
    if (list === undefined) nodePrefixes.set(value, [[path, prefix]]);
    else list.push([path, prefix]);
  }
  const msgs: string[] = [];
  for (const [st, pairs] of nodePrefixes) {
    if (new Set(pairs.map(([, p]) => p)).size > 1) {
      msgs.push(`State: ${st.constructor.name}\n${pairs.map(([p, pre]) => `  ${pathString(p)}: ${String(pre)}`).join("\n")}`);
    }
  }
  if (msgs.length > 0) {
    throw new ValueError(`graphToTree: Inconsistent aliasing detected. The following states are reached with different prefixes:\n${msgs.join("\n")}\ngive every path to a shared state the same prefix`);
  }
}

/** Options of {@link graphToTree}. @public */
export interface GraphToTreeOptions {
  /** A prefix tree of the input (e.g. vmap axes); `null` entries are leaves. @defaultValue Missing (one prefix for everything) */
  prefix?: unknown;
  /** How a graph node is converted. @defaultValue NodeStates.fromSplit of ctx.treefySplit(node) */
  splitFn?: SplitFn;
  /** Also pass non-node leaves through `splitFn`. @defaultValue false */
  mapNonGraphNodes?: boolean;
  /** Update-context tag of the split context. @defaultValue null */
  ctxtag?: string | null;
  /** Check that each State has one prefix. @defaultValue true */
  checkAliasing?: boolean;
}

const G2T_KEYS = ["prefix", "splitFn", "mapNonGraphNodes", "ctxtag", "checkAliasing"];
const T2G_KEYS = ["prefix", "mergeFn", "isNodeLeaf", "isLeaf", "mapNonGraphNodes", "ctxtag"];

function checkKeys(where: string, options: object, allowed: readonly string[]): void {
  for (const k of Object.keys(options)) {
    if (!allowed.includes(k)) throw new ValueError(`${where}: unknown option '${k}'; the options are ${allowed.map((a) => `'${a}'`).join(", ")}`);
  }
}

/**
 * Replaces every graph node in a pytree by a pure pytree (NodeStates by default), all inside one
 * split context: a node met again becomes a NodeRef with empty states.
 * @throws ValueError "Inconsistent aliasing detected" when a State is reached under different prefixes.
 * @example
 * ```ts
 * const pure = graph.graphToTree([model, 1, { b: model }]);
 * ```
 * @public
 */
export function graphToTree(input: unknown, options: GraphToTreeOptions = {}): unknown {
  checkKeys("graphToTree", options, G2T_KEYS);
  const prefix = "prefix" in options ? options.prefix : Missing;
  const splitFn = options.splitFn ?? defaultSplit;
  const prefixes = broadcastPrefix(isMissing(prefix) ? Missing : prefix, input, (x) => x === null);
  const [pairs, def] = tree.flattenWithPath(input);
  if (pairs.length !== prefixes.length) throw new ValueError(`graphToTree: the prefix has ${prefixes.length} leaves for ${pairs.length} leaves of the input`);
  const leaves = splitContext(options.ctxtag ?? null, (ctx) => {
    const nodePrefixes = new RefMap<State, [PathParts, unknown][]>();
    return pairs.map(([path, leaf], i) => {
      const p = prefixes[i];
      if (isGraphNode(leaf)) {
        if (options.checkAliasing ?? true) checkConsistentAliasing(leaf, p, nodePrefixes);
        return splitFn(ctx, path, p, leaf);
      }
      return options.mapNonGraphNodes === true ? splitFn(ctx, path, p, leaf) : leaf;
    });
  });
  return def.unflatten(leaves);
}

/** Options of {@link treeToGraph}. @public */
export interface TreeToGraphOptions {
  /** A prefix tree of the input. @defaultValue Missing */
  prefix?: unknown;
  /** How a converted value is turned back into a node. @defaultValue ctx.treefyMerge of the NodeStates */
  mergeFn?: MergeFn;
  /** Which leaves are converted nodes. @defaultValue instances of NodeStates */
  isNodeLeaf?: (x: unknown) => boolean;
  /** Which values stop pytree flattening. @defaultValue instances of NodeStates */
  isLeaf?: (x: unknown) => boolean;
  /** Also pass other leaves through `mergeFn`. @defaultValue false */
  mapNonGraphNodes?: boolean;
  /** Update-context tag of the merge context. @defaultValue null */
  ctxtag?: string | null;
}

/**
 * The inverse of {@link graphToTree}: rebuilds the graph nodes inside one merge context, so
 * NodeRefs resolve to the nodes built earlier.
 * @throws ValueError when the default merge meets something other than NodeStates.
 * @public
 */
export function treeToGraph(input: unknown, options: TreeToGraphOptions = {}): unknown {
  checkKeys("treeToGraph", options, T2G_KEYS);
  const isNodeStates = (x: unknown): boolean => x instanceof NodeStates;
  const isLeaf = options.isLeaf ?? isNodeStates;
  const isNodeLeaf = options.isNodeLeaf ?? isNodeStates;
  const mergeFn = options.mergeFn ?? defaultMerge;
  const prefix = "prefix" in options ? options.prefix : Missing;
  const prefixes = broadcastPrefix(isMissing(prefix) ? Missing : prefix, input, (x) => x === null || isLeaf(x), isLeaf);
  const [pairs, def] = tree.flattenWithPath(input, isLeaf);
  if (pairs.length !== prefixes.length) throw new ValueError(`treeToGraph: the prefix has ${prefixes.length} leaves for ${pairs.length} leaves of the input`);
  const leaves = mergeContext(options.ctxtag ?? null, (ctx) =>
    pairs.map(([path, leaf], i) => {
      const p = prefixes[i];
      if (isNodeLeaf(leaf)) return mergeFn(ctx, path, p, leaf);
      return options.mapNonGraphNodes === true ? mergeFn(ctx, path, p, leaf) : leaf;
    }),
  );
  return def.unflatten(leaves);
}

/**
 * The same pytree with every leaf that is not a graph node replaced by `null`.
 * @public
 */
export function clearNonGraphNodes(input: unknown): unknown {
  return tree.map((x: unknown) => (isGraphNode(x) ? x : null), input);
}
