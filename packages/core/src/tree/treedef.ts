// TreeDef: the immutable structure of a pytree (everything but its leaves),
// plus the internal flatten / flatten-up-to engines built on it.

import { TreeMismatchError } from "./errors.js";
import { childPathKey, classify, compareStrings, lookupRegistered } from "./nodes.js";
import type { NodeConstructor, NodeInfo, NodeKind, RegisteredNode } from "./nodes.js";
import { keystr } from "./paths.js";
import type { KeyPath, MapKey, PathKey } from "./paths.js";

/** Predicate deciding that a value is a leaf even if it would otherwise be a node. @public */
export type IsLeaf = (x: unknown) => boolean;

/** Internal per-node data of a TreeDef. */
type NodeData =
  | { readonly kind: "leaf" }
  | { readonly kind: "none"; readonly value: null | undefined }
  | { readonly kind: "array" }
  | { readonly kind: "object"; readonly keys: readonly string[] }
  | { readonly kind: "map"; readonly keys: readonly MapKey[] }
  | { readonly kind: "custom"; readonly entry: RegisteredNode; readonly auxData: unknown };

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** Renders an object key for toString: bare identifiers unquoted, everything else JSON-quoted. */
function formatObjectKey(k: string): string {
  return IDENTIFIER.test(k) ? k : JSON.stringify(k);
}

/** Renders a Map key for toString / messages. */
function formatMapKey(k: MapKey): string {
  if (typeof k === "string") return JSON.stringify(k);
  if (typeof k === "bigint") return `${k.toString()}n`;
  return String(k);
}

/** Best-effort short rendering of aux data (depth-limited, never throws on cycles). */
function formatAux(x: unknown, depth = 0): string {
  if (typeof x === "string") return JSON.stringify(x);
  if (typeof x === "bigint") return `${x.toString()}n`;
  if (x === null || typeof x !== "object") {
    return typeof x === "function" ? `[Function ${x.name || "anonymous"}]` : String(x);
  }
  if (depth >= 3) return Array.isArray(x) ? "[...]" : "{...}";
  if (Array.isArray(x)) {
    const items: readonly unknown[] = x;
    return `[${items.map((v) => formatAux(v, depth + 1)).join(", ")}]`;
  }
  const proto: unknown = Object.getPrototypeOf(x);
  if (proto === Object.prototype || proto === null) {
    const obj = x as Record<string, unknown>;
    const keys = Object.keys(obj).sort(compareStrings);
    return `{${keys.map((k) => `${formatObjectKey(k)}: ${formatAux(obj[k], depth + 1)}`).join(", ")}}`;
  }
  const name = (x as { constructor?: { name?: unknown } }).constructor?.name;
  return `[object ${typeof name === "string" && name !== "" ? name : "Object"}]`;
}

/** Human description of a node (used in mismatch messages). */
function describeNode(node: NodeData, numChildren: number): string {
  switch (node.kind) {
    case "leaf":
      return "a leaf";
    case "none":
      return String(node.value);
    case "array":
      return `an array of length ${String(numChildren)}`;
    case "object":
      return `an object with keys [${node.keys.map((k) => JSON.stringify(k)).join(", ")}]`;
    case "map":
      return `a Map with keys [${node.keys.map(formatMapKey).join(", ")}]`;
    case "custom":
      return `a ${node.entry.name} node with ${String(numChildren)} children and aux data ${formatAux(node.auxData)}`;
  }
}

function sameKeys(a: readonly MapKey[], b: readonly MapKey[]): boolean {
  return a.length === b.length && a.every((k, i) => k === b[i]);
}

/** Whether two nodes have the same type and node data (children not compared). */
function sameNode(a: NodeData, b: NodeData): boolean {
  switch (a.kind) {
    case "leaf":
    case "array":
      return b.kind === a.kind;
    case "none":
      return b.kind === "none" && a.value === b.value;
    case "object":
      return b.kind === "object" && sameKeys(a.keys, b.keys);
    case "map":
      return b.kind === "map" && sameKeys(a.keys, b.keys);
    case "custom":
      return b.kind === "custom" && a.entry === b.entry && a.entry.auxEquals(a.auxData, b.auxData);
  }
}

/** Converts a classification result into TreeDef node data. */
function nodeDataOf(info: Exclude<NodeInfo, { kind: "leaf" }>): NodeData {
  switch (info.kind) {
    case "none":
      return { kind: "none", value: info.value };
    case "array":
      return { kind: "array" };
    case "object":
      return { kind: "object", keys: Object.freeze(info.keys.slice()) };
    case "map":
      return { kind: "map", keys: Object.freeze(info.keys.slice()) };
    case "custom":
      return { kind: "custom", entry: info.entry, auxData: info.auxData };
  }
}

const LEAF_NODE: NodeData = { kind: "leaf" };

/** Module-private access to TreeDef internals (assigned in TreeDef's static block). */
let makeDef: (node: NodeData, children: readonly TreeDef[]) => TreeDef;
let nodeOf: (def: TreeDef) => NodeData;

/**
 * The structure of a pytree: node types, node data (keys / aux data) and
 * child structures, with the leaves abstracted away. Immutable.
 *
 * @example
 * ```ts
 * const [, def] = flatten({ a: 1, b: [2, 3] });
 * def.toString();      // "TreeDef({a: *, b: [*, *]})"
 * def.numLeaves;       // 3
 * def.unflatten([4, 5, 6]); // { a: 4, b: [5, 6] }
 * ```
 * @public
 */
export class TreeDef {
  /** Node kind at the root of this structure. */
  readonly kind: NodeKind;
  /** Child structures, in flattening order. */
  readonly children: readonly TreeDef[];
  /** Number of leaves in the structure. */
  readonly numLeaves: number;
  /** Number of nodes in the structure, counting leaves and empty (`null`/`undefined`) nodes. */
  readonly numNodes: number;
  readonly #node: NodeData;

  private constructor(node: NodeData, children: readonly TreeDef[]) {
    this.#node = node;
    this.kind = node.kind;
    this.children = Object.freeze(children.slice());
    let numLeaves = node.kind === "leaf" ? 1 : 0;
    let numNodes = 1;
    for (const c of children) {
      numLeaves += c.numLeaves;
      numNodes += c.numNodes;
    }
    this.numLeaves = numLeaves;
    this.numNodes = numNodes;
    Object.freeze(this);
  }

  static readonly #LEAF = new TreeDef(LEAF_NODE, []);

  static {
    makeDef = (node, children) => (node.kind === "leaf" ? TreeDef.#LEAF : new TreeDef(node, children));
    nodeOf = (def) => def.#node;
  }

  /** The structure of a single leaf, `*`. */
  static leaf(): TreeDef {
    return TreeDef.#LEAF;
  }

  /** The structure of an empty node: `TreeDef.none(null)` or `TreeDef.none(undefined)`. */
  static none(value: null | undefined): TreeDef {
    return new TreeDef({ kind: "none", value }, []);
  }

  /** The structure of an array with the given child structures. */
  static array(children: readonly TreeDef[]): TreeDef {
    return new TreeDef({ kind: "array" }, children);
  }

  /**
   * The structure of a plain object. Entries are sorted by key, as in flattening.
   *
   * @example
   * ```ts
   * TreeDef.object({ b: TreeDef.leaf(), a: TreeDef.leaf() }).toString(); // "TreeDef({a: *, b: *})"
   * ```
   */
  static object(children: Readonly<Record<string, TreeDef>>): TreeDef {
    const keys = Object.keys(children).sort(compareStrings);
    return new TreeDef(
      { kind: "object", keys: Object.freeze(keys) },
      keys.map((k) => children[k] ?? TreeDef.#LEAF),
    );
  }

  /** The structure of a Map; entries are sorted by key, as in flattening. */
  static map(children: ReadonlyMap<MapKey, TreeDef>): TreeDef {
    const info = classify(children, "TreeDef.map");
    if (info.kind !== "map") throw new TypeError("TreeDef.map: expected a Map of TreeDefs");
    const defs = info.children.map((c) => {
      if (!(c instanceof TreeDef)) throw new TypeError("TreeDef.map: Map values must be TreeDefs");
      return c;
    });
    return new TreeDef({ kind: "map", keys: Object.freeze(info.keys.slice()) }, defs);
  }

  /** The structure of an instance of a registered class with the given aux data and child structures. */
  static custom<T extends object>(
    ctor: NodeConstructor<T>,
    auxData: unknown,
    children: readonly TreeDef[],
  ): TreeDef {
    const entry = lookupRegistered(ctor);
    if (entry === undefined) {
      throw new TypeError(
        `TreeDef.custom: ${ctor.name || "<anonymous>"} is not a registered pytree node; call registerNode first`,
      );
    }
    return new TreeDef({ kind: "custom", entry, auxData }, children);
  }

  /**
   * Node data of the root: sorted keys for objects and Maps, the value for
   * `none`, the registered aux data for custom nodes, `undefined` otherwise.
   */
  get auxData(): unknown {
    const n = this.#node;
    switch (n.kind) {
      case "object":
      case "map":
        return n.keys;
      case "none":
        return n.value;
      case "custom":
        return n.auxData;
      default:
        return undefined;
    }
  }

  /** The registered class at the root, for `custom` nodes; `undefined` otherwise. */
  get nodeType(): NodeConstructor | undefined {
    return this.#node.kind === "custom" ? this.#node.entry.ctor : undefined;
  }

  /** Whether this structure is a single leaf. */
  get isLeaf(): boolean {
    return this.#node.kind === "leaf";
  }

  /**
   * Structural equality: same node types, keys, registered classes and aux
   * data (by the class's `auxEquals`), recursively.
   *
   * @example
   * ```ts
   * structure([1, { a: 2 }]).equals(structure(["x", { a: "y" }])); // true
   * ```
   */
  equals(other: TreeDef): boolean {
    if (this === other) return true;
    if (
      !(other instanceof TreeDef) ||
      this.numLeaves !== other.numLeaves ||
      this.numNodes !== other.numNodes ||
      this.children.length !== other.children.length ||
      !sameNode(this.#node, other.#node)
    ) {
      return false;
    }
    for (let i = 0; i < this.children.length; i++) {
      const c = this.children[i];
      const o = other.children[i];
      if (c === undefined || o === undefined || !c.equals(o)) return false;
    }
    return true;
  }

  /**
   * Renders the structure with `*` for leaves.
   *
   * @example
   * ```ts
   * structure({ a: 1, b: [2, null] }).toString(); // "TreeDef({a: *, b: [*, null]})"
   * ```
   */
  toString(): string {
    return `TreeDef(${this.#repr()})`;
  }

  #repr(): string {
    const n = this.#node;
    const kids: string[] = [];
    for (const c of this.children) kids.push(c.#repr());
    switch (n.kind) {
      case "leaf":
        return "*";
      case "none":
        return String(n.value);
      case "array":
        return `[${kids.join(", ")}]`;
      case "object":
        return `{${n.keys.map((k, i) => `${formatObjectKey(k)}: ${kids[i] ?? "?"}`).join(", ")}}`;
      case "map":
        return `Map({${n.keys.map((k, i) => `${formatMapKey(k)} => ${kids[i] ?? "?"}`).join(", ")}})`;
      case "custom": {
        const aux = n.auxData === undefined ? "" : `[${formatAux(n.auxData)}]`;
        return `${n.entry.name}${aux}(${kids.join(", ")})`;
      }
    }
  }

  /** Human description of the root node, e.g. "an array of length 2". */
  describe(): string {
    return describeNode(this.#node, this.children.length);
  }

  /**
   * Rebuilds a tree of this structure from leaves (in flattening order).
   * Throws TreeMismatchError if `leaves.length !== numLeaves`.
   *
   * @example
   * ```ts
   * structure([1, [2, 3]]).unflatten(["a", "b", "c"]); // ["a", ["b", "c"]]
   * ```
   */
  unflatten(leaves: readonly unknown[]): unknown {
    return unflattenWith(this, leaves, "TreeDef.unflatten");
  }

  /**
   * Flattens `tree` only down to the leaves of this structure: returns, for
   * each leaf of this structure, the corresponding (possibly non-leaf) subtree
   * of `tree`. Throws TreeMismatchError if `tree` does not have this structure
   * as a prefix.
   *
   * @example
   * ```ts
   * structure([0, 0]).flattenUpTo([{ a: 1 }, [2, 3]]); // [{ a: 1 }, [2, 3]]
   * ```
   */
  flattenUpTo(tree: unknown): unknown[] {
    return flattenUpToWith(this, tree, "TreeDef.flattenUpTo");
  }
}

/** Rebuilds a tree; `op` names the public operation for error messages. @internal */
export function unflattenWith(def: TreeDef, leaves: readonly unknown[], op: string): unknown {
  if (!Array.isArray(leaves)) {
    throw new TypeError(`${op}: leaves must be an array, got ${typeof leaves}`);
  }
  if (leaves.length !== def.numLeaves) {
    throw new TreeMismatchError(
      `${op}: expected ${String(def.numLeaves)} leaves for ${def.toString()} but got ${String(leaves.length)}; ` +
        "pass exactly treedef.numLeaves leaves, in flattening order",
    );
  }
  let cursor = 0;
  const build = (d: TreeDef): unknown => {
    const n = nodeOf(d);
    if (n.kind === "leaf") return leaves[cursor++];
    if (n.kind === "none") return n.value;
    // Plain loop (not .map callbacks) keeps the stack shallow for deep trees.
    const kids: unknown[] = [];
    for (const c of d.children) kids.push(build(c));
    switch (n.kind) {
      case "array":
        return kids;
      case "object":
        // fromEntries defines own data properties, so keys like "__proto__" are safe.
        return Object.fromEntries(kids.map((v, i) => [n.keys[i], v]));
      case "map":
        return new Map(kids.map((v, i) => [n.keys[i], v]));
      case "custom":
        return n.entry.unflatten(n.auxData, kids);
    }
  };
  return build(def);
}

/** Mutable state threaded through the flatten engine. */
interface FlattenState {
  readonly op: string;
  readonly isLeaf: IsLeaf | undefined;
  readonly leaves: unknown[];
  /** Paths of the leaves, when requested. */
  readonly paths: KeyPath[] | undefined;
  readonly pathStack: PathKey[];
  /** Containers on the current root-to-node path, for cycle detection. */
  readonly ancestors: Set<object>;
}

/** Renders a path for messages, naming the root explicitly. @internal */
export function describePath(path: KeyPath): string {
  return path.length === 0 ? "the root" : `path ${keystr(path)}`;
}

function flattenNode(x: unknown, st: FlattenState): TreeDef {
  if (st.isLeaf !== undefined && st.isLeaf(x)) {
    st.leaves.push(x);
    st.paths?.push(Object.freeze(st.pathStack.slice()));
    return TreeDef.leaf();
  }
  const info = classify(x, st.op);
  if (info.kind === "leaf") {
    st.leaves.push(x);
    st.paths?.push(Object.freeze(st.pathStack.slice()));
    return TreeDef.leaf();
  }
  if (info.kind === "none") return makeDef(nodeDataOf(info), []);
  const container = x as object;
  if (st.ancestors.has(container)) {
    throw new TypeError(
      `${st.op}: cycle detected at ${describePath(st.pathStack)}: the value there is one of its own ancestors; ` +
        "pytrees must be acyclic (replace the back-reference, or use isLeaf to treat it as a leaf)",
    );
  }
  st.ancestors.add(container);
  // Plain loops (not .map callbacks) keep the stack shallow for deep trees.
  const children: TreeDef[] = [];
  for (let i = 0; i < info.children.length; i++) {
    st.pathStack.push(childPathKey(info, i));
    children.push(flattenNode(info.children[i], st));
    st.pathStack.pop();
  }
  st.ancestors.delete(container);
  return makeDef(nodeDataOf(info), children);
}

/** Flattens a tree; `op` names the public operation for error messages. @internal */
export function flattenWith(
  tree: unknown,
  isLeaf: IsLeaf | undefined,
  op: string,
  withPaths: boolean,
): { leaves: unknown[]; paths: KeyPath[] | undefined; treedef: TreeDef } {
  const st: FlattenState = {
    op,
    isLeaf,
    leaves: [],
    paths: withPaths ? [] : undefined,
    pathStack: [],
    ancestors: new Set(),
  };
  const treedef = flattenNode(tree, st);
  return { leaves: st.leaves, paths: st.paths, treedef };
}

/** Structure of `tree` as a string for messages, or a placeholder if it can't be flattened. */
function tryStructureString(tree: unknown, op: string): string {
  try {
    return flattenWith(tree, undefined, op, false).treedef.toString();
  } catch {
    return "<unflattenable tree>";
  }
}

/** Describes the node type of a value, for mismatch messages. */
function describeValue(x: unknown, info: NodeInfo): string {
  if (info.kind === "leaf") {
    const t = x === null ? "null" : typeof x;
    if (t !== "object") return `a leaf (${t})`;
    const name = (x as { constructor?: { name?: unknown } }).constructor?.name;
    return `a leaf (${typeof name === "string" && name !== "" ? name : "object"})`;
  }
  return describeNode(nodeDataOf(info), info.kind === "none" ? 0 : info.children.length);
}

/**
 * Returns the subtrees of `tree` at the leaves of `def`; `op` names the
 * public operation for error messages. No isLeaf is applied to `tree`.
 * @internal
 */
export function flattenUpToWith(def: TreeDef, tree: unknown, op: string): unknown[] {
  const out: unknown[] = [];
  const path: PathKey[] = [];
  const mismatch = (expected: TreeDef, got: string): TreeMismatchError =>
    new TreeMismatchError(
      `${op}: structure ${def.toString()} is not a prefix of the tree's structure ${tryStructureString(tree, op)}: ` +
        `at ${describePath(path)} expected ${expected.describe()} but got ${got}; ` +
        "the tree must match the prefix structure down to each of the prefix's leaves",
    );
  const walk = (d: TreeDef, x: unknown): void => {
    const n = nodeOf(d);
    if (n.kind === "leaf") {
      out.push(x);
      return;
    }
    const info = classify(x, op);
    if (info.kind === "leaf") throw mismatch(d, describeValue(x, info));
    const data = nodeDataOf(info);
    const numChildren = info.kind === "none" ? 0 : info.children.length;
    if (!sameNode(n, data) || numChildren !== d.children.length) {
      throw mismatch(d, describeNode(data, numChildren));
    }
    if (info.kind === "none") return;
    for (let i = 0; i < d.children.length; i++) {
      const c = d.children[i];
      if (c === undefined) continue;
      path.push(childPathKey(info, i));
      walk(c, info.children[i]);
      path.pop();
    }
  };
  walk(def, tree);
  return out;
}

/**
 * Finds the first (pre-order) position where two structures differ, with a
 * description of both nodes there; `undefined` if they are equal.
 * @internal
 */
export function firstDifference(
  a: TreeDef,
  b: TreeDef,
): { path: KeyPath; a: string; b: string } | undefined {
  const path: PathKey[] = [];
  const walk = (x: TreeDef, y: TreeDef): { path: KeyPath; a: string; b: string } | undefined => {
    const nx = nodeOf(x);
    const ny = nodeOf(y);
    if (!sameNode(nx, ny) || x.children.length !== y.children.length) {
      return { path: path.slice(), a: x.describe(), b: y.describe() };
    }
    for (let i = 0; i < x.children.length; i++) {
      const cx = x.children[i];
      const cy = y.children[i];
      if (cx === undefined || cy === undefined) continue;
      path.push(
        nx.kind === "object" || nx.kind === "map"
          ? { kind: "key", key: nx.keys[i] ?? i }
          : { kind: "index", index: i },
      );
      const r = walk(cx, cy);
      path.pop();
      if (r !== undefined) return r;
    }
    return undefined;
  };
  return walk(a, b);
}
