// The static half of a flattened graph: NodeDef (one node's type, attribute keys, sub-graphs,
// static fields and State references) and NodeRef (a reference to a node or State emitted
// earlier). Both are static pytrees, so they pass through jit unchanged. Layer: graph.
// Ported from brainstate's graph/_graph_operation.py.

import { tree } from "@brainstate/core";
import { FrozenDict, PrettyAttr, PrettyMapping, PrettyRepr, PrettyType, type ApplyCaller, type Key, type NestedDict, type PrettyItem } from "@brainstate/state";

/** A class (the `type` of a GraphDef). @public */
export type NodeType = abstract new (...args: never) => unknown;

const typeIds = new WeakMap<object, number>();
const objectIds = new WeakMap<object, number>();
let nextId = 0;

function typeKey(t: NodeType): string {
  let id = typeIds.get(t);
  if (id === undefined) {
    id = nextId++;
    typeIds.set(t, id);
  }
  return `${t.name}#${id}`;
}

/** A deterministic key of a static value: structural for primitives, arrays and plain objects, identity otherwise. */
function staticKey(v: unknown): string {
  if (v === null || v === undefined || typeof v === "boolean" || typeof v === "number") return String(v);
  if (typeof v === "string") return JSON.stringify(v);
  if (typeof v === "bigint") return `${v.toString()}n`;
  if (globalThis.Array.isArray(v)) return `[${(v as readonly unknown[]).map(staticKey).join(",")}]`;
  if (typeof v === "object" || typeof v === "function") {
    const proto: unknown = typeof v === "object" ? Object.getPrototypeOf(v) : undefined;
    if (proto === Object.prototype || proto === null) {
      const o = v as Record<string, unknown>;
      return `{${Object.keys(o)
        .sort()
        .map((k) => `${JSON.stringify(k)}:${staticKey(o[k])}`)
        .join(",")}}`;
    }
    if (v instanceof GraphDef) return v.key;
    if (v instanceof tree.TreeDef) return v.toString();
    let id = objectIds.get(v);
    if (id === undefined) {
      id = nextId++;
      objectIds.set(v, id);
    }
    return `<${(v as { name?: string; constructor?: { name?: string } }).constructor?.name ?? typeof v}#${id}>`;
  }
  return String(v);
}

/** The base of NodeDef and NodeRef: a node's type and its index in the flattening. @public */
export abstract class GraphDef extends PrettyRepr {
  /** The node's class (PytreeType for pytree containers). */
  readonly type: NodeType;
  /** Index of the node in the flattening (-1 for pytree containers, which are never shared). */
  readonly index: number;
  constructor(type: NodeType, index: number) {
    super();
    this.type = type;
    this.index = index;
  }
  /** A string that is equal for equal GraphDefs (used for equality and as part of jit cache keys). */
  abstract get key(): string;
  /** Structural equality (static values compared by identity unless they are plain data). */
  equals(other: unknown): boolean {
    return other instanceof GraphDef && other.key === this.key;
  }
}

/**
 * A reference to a node or State already emitted in the same flattening (shared references,
 * cycles), by type and index.
 * @public
 */
export class NodeRef extends GraphDef {
  get key(): string {
    return `NodeRef(${typeKey(this.type)},${this.index})`;
  }
  *prettyRepr(): Iterable<PrettyItem> {
    yield new PrettyType("NodeRef");
    yield new PrettyAttr("type", this.type.name);
    yield new PrettyAttr("index", this.index);
  }
}

/** The fields of a NodeDef. @public */
export interface NodeDefFields {
  type: NodeType;
  index: number;
  /** Attribute keys, in flattening order. */
  attributes: readonly Key[];
  /** Sub-graphs by key. */
  subgraphs: Iterable<readonly [Key, NodeDef | NodeRef]>;
  /** Static (non-State, non-node) attribute values by key. */
  staticFields: Iterable<readonly [Key, unknown]>;
  /** State references by key (null for a TreefyState that was already in the node). */
  leaves: Iterable<readonly [Key, NodeRef | null]>;
  /** The node type's aux data (the class for graph nodes, the TreeDef for pytrees). */
  metadata: unknown;
  /** Outer index → inner index, set by update contexts. */
  indexMapping: ReadonlyMap<number, number> | FrozenDict<number, number> | null;
}

/**
 * The structure of one node: its type and index, attribute keys in order, sub-graphs, static
 * fields, State references and metadata. Maps are keyed by the attribute key as a string.
 * @public
 */
export class NodeDef extends GraphDef {
  readonly attributes: readonly Key[];
  readonly subgraphs: ReadonlyMap<string, NodeDef | NodeRef>;
  readonly staticFields: ReadonlyMap<string, unknown>;
  readonly leaves: ReadonlyMap<string, NodeRef | null>;
  readonly metadata: unknown;
  readonly indexMapping: FrozenDict<number, number> | null;
  #key: string | undefined;
  constructor(fields: NodeDefFields) {
    super(fields.type, fields.index);
    this.attributes = Object.freeze([...fields.attributes]);
    this.subgraphs = new Map([...fields.subgraphs].map(([k, v]) => [String(k), v] as const));
    this.staticFields = new Map([...fields.staticFields].map(([k, v]) => [String(k), v] as const));
    this.leaves = new Map([...fields.leaves].map(([k, v]) => [String(k), v] as const));
    this.metadata = fields.metadata;
    const im = fields.indexMapping;
    this.indexMapping = im === null ? null : im instanceof FrozenDict ? im : new FrozenDict<number, number>(im);
  }
  /** Same as `new NodeDef(fields)` (brainstate's `NodeDef.create`). */
  static create(fields: NodeDefFields): NodeDef {
    return new NodeDef(fields);
  }
  /** A copy with another index mapping. */
  withIndexMapping(indexMapping: ReadonlyMap<number, number> | FrozenDict<number, number> | null): NodeDef {
    return new NodeDef({
      type: this.type,
      index: this.index,
      attributes: this.attributes,
      subgraphs: this.subgraphs,
      staticFields: this.staticFields,
      leaves: this.leaves,
      metadata: this.metadata,
      indexMapping,
    });
  }
  get key(): string {
    if (this.#key === undefined) {
      const sub = [...this.subgraphs].map(([k, v]) => `${JSON.stringify(k)}:${v.key}`).join(",");
      const st = [...this.staticFields].map(([k, v]) => `${JSON.stringify(k)}:${staticKey(v)}`).join(",");
      const lv = [...this.leaves].map(([k, v]) => `${JSON.stringify(k)}:${v === null ? "null" : v.key}`).join(",");
      const im = this.indexMapping === null ? "null" : staticKey(this.indexMapping.unfreeze());
      this.#key = `NodeDef(${typeKey(this.type)},${this.index},${staticKey(this.attributes)},{${sub}},{${st}},{${lv}},${staticKey(this.metadata)},${im})`;
    }
    return this.#key;
  }
  /**
   * Merges a node from this graphdef and the states, and returns a proxy whose calls run a
   * method of that node and return `[output, [graphdef, state]]` of the node afterwards.
   * @example
   * ```ts
   * const [y, [gd, st]] = graphdef.apply(state).call(x);
   * ```
   */
  apply<N = unknown>(state: NestedDict, ...states: NestedDict[]): ApplyCaller<[GraphDef, NestedDict], N> {
    return applyNodeDef(this, state, states) as ApplyCaller<[GraphDef, NestedDict], N>;
  }
  *prettyRepr(): Iterable<PrettyItem> {
    yield new PrettyType("NodeDef");
    yield new PrettyAttr("type", this.type.name);
    yield new PrettyAttr("index", this.index);
    yield new PrettyAttr("attributes", this.attributes);
    yield new PrettyAttr("subgraphs", new PrettyMapping(this.subgraphs));
    yield new PrettyAttr("staticFields", new PrettyMapping(this.staticFields));
    yield new PrettyAttr("leaves", new PrettyMapping(this.leaves));
    yield new PrettyAttr("metadata", typeof this.metadata === "function" ? (this.metadata as NodeType).name : this.metadata);
    yield new PrettyAttr("indexMapping", this.indexMapping);
  }
}

/** Set by operations.ts (which needs NodeDef): merges, calls and splits for `NodeDef.apply`. */
let applyNodeDef: (def: NodeDef, state: NestedDict, states: readonly NestedDict[]) => ApplyCaller<[GraphDef, NestedDict]> = () => {
  throw new Error("graph: operations module not loaded");
};

/** Installs the implementation of `NodeDef.apply` (called once by operations.ts). */
export function setApplyNodeDef(fn: typeof applyNodeDef): void {
  applyNodeDef = fn;
}

interface StaticAux {
  readonly key: string;
  readonly def: GraphDef;
}

for (const cls of [NodeRef, NodeDef] as const) {
  tree.registerNode<GraphDef, StaticAux>(cls, {
    flatten: (d) => [[], { key: d.key, def: d }],
    unflatten: (aux) => aux.def,
    auxEquals: (a, b) => a.key === b.key,
    name: cls.name,
  });
}
