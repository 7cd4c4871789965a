// How graph traversal sees each value: graph nodes (Node subclasses and registered types, which
// are shared by identity), pytree nodes (arrays, plain objects, Maps, null, registered pytree
// classes: traversed, never shared) and leaves. Layer: graph.
// Ported from brainstate's graph/_graph_operation.py (node implementations and registry).

import { Array as CoreArray, tree, ValueError } from "@brainstate/core";
import { getDataclassFields, State, TreefyState, type Key } from "@brainstate/state";
import { Node, stampTraceState } from "./Node.js";

type TreeDef = tree.TreeDef;

/** How a graph node type is taken apart and rebuilt in place. @public */
export interface GraphNodeImpl<N extends object = object> {
  /** The node's `[key, value]` children and its static metadata (passed to `createEmpty`). */
  flatten(node: N): [readonly (readonly [Key, unknown])[], unknown];
  /** Sets one child (a State child receiving a TreefyState is updated in place). */
  setKey(node: N, key: Key, value: unknown): void;
  /** Removes one child and returns it. */
  popKey(node: N, key: Key): unknown;
  /** An empty node of the type described by `metadata`, built without its constructor. */
  createEmpty(metadata: unknown): N;
  /** Removes every child (keeping the node's identity and trace snapshot). */
  clear(node: N): void;
}

/**
 * The marker type of pytree nodes (arrays, plain objects, Maps, null, registered pytree classes)
 * inside a NodeDef.
 * @public
 */
export class PytreeType {}

const registry = new Map<abstract new (...args: never) => unknown, GraphNodeImpl>();

/**
 * Registers a class (exactly that class, not its subclasses) as a graph node type with its own
 * traversal. Node and its subclasses need no registration.
 * @public
 */
export function registerGraphNodeType<N extends object>(type: abstract new (...args: never) => N, impl: GraphNodeImpl<N>): void {
  registry.set(type, impl as unknown as GraphNodeImpl);
}

function attrs(node: object): Record<string, unknown> {
  return node as Record<string, unknown>;
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The traversal of Node and its subclasses: sorted own enumerable properties. */
export const NODE_IMPL: GraphNodeImpl = {
  flatten(node) {
    const keys = Object.keys(node).sort(compareStrings);
    return [keys.map((k) => [k, attrs(node)[k]] as const), node.constructor];
  },
  setKey(node, key, value) {
    if (typeof key !== "string") throw new ValueError(`${node.constructor.name}: invalid attribute key ${String(key)}; graph node attributes are strings`);
    const current = attrs(node)[key];
    if (current instanceof State && value instanceof TreefyState) current.updateFromRef(value);
    else attrs(node)[key] = value;
  },
  popKey(node, key) {
    if (typeof key !== "string") throw new ValueError(`${node.constructor.name}: invalid attribute key ${String(key)}; graph node attributes are strings`);
    const v = attrs(node)[key];
    delete attrs(node)[key];
    return v;
  },
  createEmpty(metadata) {
    const node = Object.create((metadata as { prototype: object }).prototype) as object;
    stampTraceState(node);
    return node;
  },
  clear(node) {
    for (const k of Object.keys(node)) delete attrs(node)[k];
  },
};

/** The graph-node traversal of `x`, or undefined when `x` is not a graph node. */
export function graphImplOf(x: unknown): GraphNodeImpl | undefined {
  if (typeof x !== "object" || x === null) return undefined;
  const own = registry.get((x as { constructor: abstract new (...args: never) => unknown }).constructor);
  if (own !== undefined) return own;
  return x instanceof Node ? NODE_IMPL : undefined;
}

/** The graph-node traversal of a NodeDef's type, or undefined for PytreeType/unknown types. */
export function graphImplOfType(type: unknown): GraphNodeImpl | undefined {
  const own = registry.get(type as abstract new (...args: never) => unknown);
  if (own !== undefined) return own;
  return typeof type === "function" && (type === Node || (type as { prototype: unknown }).prototype instanceof Node) ? NODE_IMPL : undefined;
}

/** True for graph nodes. */
export function isGraphNode(x: unknown): boolean {
  return graphImplOf(x) !== undefined;
}

function isPlainObject(x: object): boolean {
  const proto: unknown = Object.getPrototypeOf(x);
  return proto === Object.prototype || proto === null;
}

/** True for pytree nodes (containers that graph traversal walks through without sharing). */
export function isPytreeNode(x: unknown): boolean {
  if (x === null || x === undefined) return true;
  if (typeof x !== "object") return false;
  if (x instanceof CoreArray || x instanceof State || x instanceof TreefyState) return false;
  if (globalThis.Array.isArray(x) || x instanceof Map || isPlainObject(x)) return true;
  if (isGraphNode(x)) return false;
  const [pairs] = tree.flattenWithPath(x, (y) => y !== x);
  return !(pairs.length === 1 && (pairs[0] as [unknown, unknown])[1] === x && (pairs[0] as [readonly unknown[], unknown])[0].length === 0);
}

/** True for graph or pytree nodes. */
export function isNode(x: unknown): boolean {
  return isGraphNode(x) || isPytreeNode(x);
}

/** One level of a pytree node: its `[key, child]` pairs and the structure that rebuilds it. */
export function flattenPytree(x: unknown): [[Key, unknown][], TreeDef] {
  const [pairs, def] = tree.flattenWithPath(x, (y) => y !== x);
  const fields = getDataclassFields(x);
  const items = pairs.map(([path, child], i): [Key, unknown] => {
    const step = path[0];
    if (fields !== undefined) return [fields[i] as string, child];
    if (step === undefined) return [i, child];
    if (step.kind === "index") return [step.index, child];
    return [typeof step.key === "bigint" ? step.key.toString() : step.key, child];
  });
  return [items, def];
}

/** Rebuilds a pytree node from its children in order. */
export function unflattenPytree(items: readonly (readonly [Key, unknown])[], def: TreeDef): unknown {
  return def.unflatten(items.map(([, v]) => v));
}

/** A pytree or graph node's children as `[key, value]` pairs. */
export function nodeChildren(x: unknown): readonly (readonly [Key, unknown])[] {
  const impl = graphImplOf(x);
  if (impl !== undefined) return impl.flatten(x as object)[0];
  return flattenPytree(x)[0];
}
