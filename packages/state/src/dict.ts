// Nested and flat state dicts: NestedDict (path components → sub-dicts or leaves, with attribute
// access) and FlattedDict (whole paths → leaves), their conversions, and splitting/filtering them
// with filters. Both are pytrees. Layer: state. Ported from brainstate's util/_dict.py.

import { tree, ValueError } from "@brainstate/core";
import { filtersToPredicates, type Filter } from "./filter.js";
import { attrProxy, isAttrDict, storeOf } from "./internal/attrDict.js";
import { PrettyAttr, PrettyRepr, prettyReprAvoidDuplicate, PrettyType, repr, type PrettyItem } from "./prettyRepr.js";
import { State } from "./State.js";
import type { Key, PathParts } from "./typing.js";

/** Marker that `flatMapping({ keepEmptyNodes: true })` puts where an empty sub-mapping was. */
class EmptyNode {
  toString(): string {
    return "EmptyNode()";
  }
}
const EMPTY_NODE = new EmptyNode();

/** The identity of a path: numbers and their decimal strings name the same key. */
function pathId(path: PathParts): string {
  return JSON.stringify(path.map(String));
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** True for the mappings nested dicts are made of: plain objects and attribute dicts. */
function isMapping(x: unknown): x is object {
  if (typeof x !== "object" || x === null) return false;
  if (isAttrDict(x)) return true;
  const proto: unknown = Object.getPrototypeOf(x);
  return proto === Object.prototype || proto === null;
}

/** The entries of a mapping (an attribute dict's entries, or a plain object's own properties). */
function mappingEntries(x: object): [string, unknown][] {
  const obj = isAttrDict(x) ? storeOf(x) : (x as Record<string, unknown>);
  return Object.keys(obj).map((k) => [k, obj[k]]);
}

function pathText(path: PathParts): string {
  return `(${path.map((p) => (typeof p === "string" ? `'${p}'` : String(p))).join(", ")}${path.length === 1 ? "," : ""})`;
}

/** Options of {@link flatMapping}. @public */
export interface FlatMappingOptions {
  /** Keep empty sub-mappings as an empty-node marker (restored to `{}` by `nestMapping`). @defaultValue false */
  keepEmptyNodes?: boolean;
  /** Stops flattening at a sub-mapping for which it returns true (it becomes a leaf). @defaultValue never */
  isLeaf?: (path: PathParts, x: unknown) => boolean;
  /** When given, each path is joined with it into a single string key. @defaultValue undefined */
  sep?: string;
}

const FLAT_OPTIONS = ["keepEmptyNodes", "isLeaf", "sep"];

function checkOptionKeys(where: string, options: object | undefined, allowed: readonly string[]): void {
  if (options === undefined) return;
  for (const k of Object.keys(options)) {
    if (!allowed.includes(k)) {
      throw new ValueError(`${where}: unknown option '${k}'; the options are ${allowed.map((a) => `'${a}'`).join(", ")}`);
    }
  }
}

/**
 * Flattens a nested mapping (plain objects, NestedDicts) into a {@link FlattedDict} keyed by
 * paths. Empty sub-mappings disappear unless `keepEmptyNodes` is set.
 * @throws ValueError when `xs` is not a mapping.
 * @example
 * ```ts
 * flatMapping({ foo: 1, bar: { a: 2, b: {} } }).toString(); // FlattedDict({ ('foo',): 1, ('bar', 'a'): 2 })
 * ```
 * @public
 */
export function flatMapping<V = unknown>(xs: object, options?: FlatMappingOptions): FlattedDict<V> {
  checkOptionKeys("flatMapping", options, FLAT_OPTIONS);
  if (!isMapping(xs)) {
    throw new ValueError(`flatMapping: expected a mapping (a plain object or a NestedDict), got ${describe(xs)}`);
  }
  const keep = options?.keepEmptyNodes ?? false;
  const isLeaf = options?.isLeaf;
  const sep = options?.sep;
  const out = new FlattedDict<V>();
  const put = (path: PathParts, v: unknown): void => {
    out.set(sep === undefined ? path : [path.map(String).join(sep)], v as V);
  };
  const visit = (x: unknown, prefix: PathParts): void => {
    if (!isMapping(x) || (isLeaf !== undefined && isLeaf(prefix, x))) {
      put(prefix, x);
      return;
    }
    const entries = mappingEntries(x);
    if (entries.length === 0) {
      if (keep && prefix.length > 0) put(prefix, EMPTY_NODE);
      return;
    }
    for (const [k, v] of entries) visit(v, [...prefix, k]);
  };
  visit(xs, []);
  return out;
}

/** Options of {@link nestMapping}. @public */
export interface NestMappingOptions {
  /** Split string keys on this separator (the inverse of `flatMapping({ sep })`). @defaultValue undefined */
  sep?: string;
}

/**
 * Rebuilds a {@link NestedDict} from a flat mapping: a FlattedDict, an iterable of
 * `[path, value]` pairs, or (with `sep`) a plain object whose keys are joined paths.
 * @throws ValueError when `xs` is none of these.
 * @example
 * ```ts
 * nestMapping(new FlattedDict([[["foo"], 1], [["bar", "a"], 2]])); // NestedDict({ foo: 1, bar: { a: 2 } })
 * ```
 * @public
 */
export function nestMapping(xs: FlattedDict | Iterable<readonly [PathParts, unknown]> | Record<string, unknown>, options?: NestMappingOptions): NestedDict {
  checkOptionKeys("nestMapping", options, ["sep"]);
  const sep = options?.sep;
  let entries: [PathParts, unknown][];
  if (xs instanceof FlattedDict) entries = [...xs.entries()];
  else if (typeof (xs as Iterable<unknown>)[Symbol.iterator] === "function") entries = [...(xs as Iterable<readonly [PathParts, unknown]>)].map(([p, v]) => [p, v]);
  else if (isMapping(xs)) entries = mappingEntries(xs).map(([k, v]) => [[k], v]);
  else throw new ValueError(`nestMapping: expected a FlattedDict, [path, value] pairs or a plain object, got ${describe(xs)}`);
  const root: Record<string, unknown> = {};
  for (const [rawPath, rawValue] of entries) {
    const path: PathParts = sep === undefined ? rawPath : rawPath.flatMap((p) => String(p).split(sep));
    if (path.length === 0) throw new ValueError("nestMapping: a path is empty; every flat key needs at least one component");
    const value = rawValue === EMPTY_NODE ? {} : rawValue;
    let cursor = root;
    for (const key of path.slice(0, -1)) {
      const k = String(key);
      let next = cursor[k];
      if (!isMapping(next)) {
        next = {};
        cursor[k] = next;
      }
      cursor = (isAttrDict(next) ? storeOf(next as object) : next) as Record<string, unknown>;
    }
    cursor[String(path[path.length - 1])] = value;
  }
  return new NestedDict(root);
}

function describe(x: unknown): string {
  if (x === null) return "null";
  if (typeof x === "object") return (x as { constructor?: { name?: string } }).constructor?.name ?? "object";
  return typeof x;
}

/** Splits flat entries by predicates (first match wins); the last group is the remainder. */
function splitEntries<V>(where: string, entries: Iterable<[PathParts, V]>, filters: readonly Filter[]): [PathParts, V][][] {
  const predicates = filtersToPredicates(where, filters);
  const groups: [PathParts, V][][] = Array.from({ length: predicates.length + 1 }, () => []);
  for (const [path, value] of entries) {
    const i = predicates.findIndex((p) => p(path, value));
    (groups[i === -1 ? predicates.length : i] as [PathParts, V][]).push([path, value]);
  }
  return groups;
}

function remainderError(where: string, rest: readonly [PathParts, unknown][]): ValueError {
  const shown = rest.slice(0, 5).map(([p, v]) => `${pathText(p)} -> ${describe(v)}`);
  const more = rest.length > 5 ? ` and ${rest.length - 5} more` : "";
  return new ValueError(
    `${where}: non-exhaustive filters; ${rest.length} entr${rest.length === 1 ? "y matches" : "ies match"} no filter: ${shown.join(", ")}${more}; add '...' (or true) as the last filter to collect the remaining entries`,
  );
}

function valuesEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a === "object" && a !== null && typeof (a as { equals?: unknown }).equals === "function") {
    return (a as { equals(o: unknown): boolean }).equals(b);
  }
  return false;
}

function treefyLeaves(x: unknown): unknown {
  return tree.map((leaf: unknown) => (leaf instanceof State ? leaf.toStateRef() : leaf), x);
}

/**
 * A flat mapping from paths (arrays of keys) to leaves, as returned by `graph.states()` and
 * `graph.nodes()` and by {@link NestedDict.toFlat}. Paths are compared by value (`["a", 0]`
 * and `["a", "0"]` are the same path). It is a pytree whose children are the values, sorted by
 * path.
 * @example
 * ```ts
 * const flat = new FlattedDict([[["a", "w"], 1], [["b"], 2]]);
 * flat.get(["a", "w"]); // 1
 * flat.toNest();        // NestedDict({ a: { w: 1 }, b: 2 })
 * ```
 * @public
 */
export class FlattedDict<V = unknown> extends PrettyRepr implements Iterable<[PathParts, V]> {
  readonly #map = new Map<string, [PathParts, V]>();
  /** @param entries - initial `[path, value]` pairs (a FlattedDict is copied) */
  constructor(entries?: Iterable<readonly [PathParts, V]>) {
    super();
    if (entries !== undefined) for (const [p, v] of entries) this.set(p, v);
  }
  /** Number of entries (Python `len`). */
  get size(): number {
    return this.#map.size;
  }
  /** The value at `path`, or undefined. */
  get(path: PathParts): V | undefined {
    return this.#map.get(pathId(path))?.[1];
  }
  /** Sets the value at `path`. */
  set(path: PathParts, value: V): this {
    const id = pathId(path);
    const existing = this.#map.get(id);
    this.#map.set(id, [existing?.[0] ?? Object.freeze([...path]), value]);
    return this;
  }
  /** True when `path` has a value. */
  has(path: PathParts): boolean {
    return this.#map.has(pathId(path));
  }
  /** Removes `path`; true when it was present. */
  delete(path: PathParts): boolean {
    return this.#map.delete(pathId(path));
  }
  /** The paths, in insertion order. */
  *keys(): IterableIterator<PathParts> {
    for (const [p] of this.#map.values()) yield p;
  }
  /** The values, in insertion order. */
  *values(): IterableIterator<V> {
    for (const [, v] of this.#map.values()) yield v;
  }
  /** `[path, value]` pairs, in insertion order (Python `items()`). */
  *entries(): IterableIterator<[PathParts, V]> {
    for (const [p, v] of this.#map.values()) yield [p, v];
  }
  [Symbol.iterator](): IterableIterator<[PathParts, V]> {
    return this.entries();
  }
  /** Same paths with equal values (identical, or `equals()` for values that define it). */
  equals(other: unknown): boolean {
    if (!(other instanceof FlattedDict) || other.size !== this.size) return false;
    for (const [p, v] of this.entries()) {
      if (!other.has(p) || !valuesEqual(v, other.get(p))) return false;
    }
    return true;
  }
  /** The nested form. */
  toNest(): NestedDict {
    return nestMapping(this);
  }
  /** Flattens a nested mapping (`flatMapping`). */
  static fromNest<V = unknown>(nested: object): FlattedDict<V> {
    return flatMapping<V>(nested);
  }
  /**
   * Partitions the entries by filters (first match wins); every entry must match a filter.
   * @returns one FlattedDict for one filter, an array of them for several
   * @throws ValueError when some entries match no filter (add `"..."` last), or `"..."` is not last.
   */
  split(first: Filter): FlattedDict<V>;
  split(first: Filter, second: Filter): [FlattedDict<V>, FlattedDict<V>];
  split(first: Filter, second: Filter, third: Filter): [FlattedDict<V>, FlattedDict<V>, FlattedDict<V>];
  split(first: Filter, second: Filter, ...rest: Filter[]): FlattedDict<V>[];
  split(...filters: Filter[]): FlattedDict<V> | FlattedDict<V>[] {
    const groups = splitEntries("FlattedDict.split", this.entries(), filters);
    const rest = groups.pop() as [PathParts, V][];
    if (rest.length > 0) throw remainderError("FlattedDict.split", rest);
    const out = groups.map((g) => new FlattedDict<V>(g));
    return out.length === 1 ? (out[0] as FlattedDict<V>) : out;
  }
  /**
   * Like `split`, but entries matching no filter are dropped.
   * @returns one FlattedDict for one filter, an array of them for several
   */
  filter(first: Filter): FlattedDict<V>;
  filter(first: Filter, second: Filter): [FlattedDict<V>, FlattedDict<V>];
  filter(first: Filter, second: Filter, third: Filter): [FlattedDict<V>, FlattedDict<V>, FlattedDict<V>];
  filter(first: Filter, second: Filter, ...rest: Filter[]): FlattedDict<V>[];
  filter(...filters: Filter[]): FlattedDict<V> | FlattedDict<V>[] {
    const groups = splitEntries("FlattedDict.filter", this.entries(), filters);
    groups.pop();
    const out = groups.map((g) => new FlattedDict<V>(g));
    return out.length === 1 ? (out[0] as FlattedDict<V>) : out;
  }
  /** Same as `filter` (brainstate's `subset`). */
  subset(first: Filter): FlattedDict<V>;
  subset(first: Filter, second: Filter): [FlattedDict<V>, FlattedDict<V>];
  subset(first: Filter, second: Filter, third: Filter): [FlattedDict<V>, FlattedDict<V>, FlattedDict<V>];
  subset(first: Filter, second: Filter, ...rest: Filter[]): FlattedDict<V>[];
  subset(...filters: Filter[]): FlattedDict<V> | FlattedDict<V>[] {
    return (this.filter as (...f: Filter[]) => FlattedDict<V> | FlattedDict<V>[])(...filters);
  }
  /**
   * The union of several dicts (later ones win on equal paths); the inverse of `split`.
   * @throws ValueError for arguments that are not Nested/FlattedDicts.
   */
  static merge<V = unknown>(state: FlattedDict<V> | NestedDict, ...states: (FlattedDict<V> | NestedDict)[]): FlattedDict<V> {
    if (states.length === 0 && state instanceof FlattedDict) return state;
    const out = new FlattedDict<V>();
    for (const s of [state, ...states]) {
      if (s instanceof NestedDict) for (const [p, v] of s.toFlat()) out.set(p, v as V);
      else if (s instanceof FlattedDict) for (const [p, v] of s) out.set(p, v);
      else throw new ValueError(`FlattedDict.merge: expected a NestedDict or FlattedDict, got ${describe(s)}`);
    }
    return out;
  }
  /** Union with `other`, whose values win (Python `self | other`). */
  or(other: FlattedDict<V>): FlattedDict<V> {
    if (other.size === 0) return this;
    return FlattedDict.merge(this, other);
  }
  /** The entries whose paths are not in `other` (Python `self - other`). */
  sub(other: FlattedDict): FlattedDict<V> {
    if (other.size === 0) return this;
    return new FlattedDict<V>([...this.entries()].filter(([p]) => !other.has(p)));
  }
  /** Same paths, each State replaced by its current value. */
  toDictValues(): FlattedDict {
    return new FlattedDict([...this.entries()].map(([p, v]) => [p, v instanceof State ? (v.value as unknown) : v] as const));
  }
  /** Same paths, each State replaced by its TreefyState reference. */
  treefyState(): FlattedDict {
    return treefyLeaves(this) as FlattedDict;
  }
  *prettyRepr(): Iterable<PrettyItem> {
    yield* prettyReprAvoidDuplicate(
      this,
      () => [new PrettyType("FlattedDict", { valueSep: ": ", start: "({", end: "})" })],
      () => [...this.entries()].map(([p, v]) => new PrettyAttr(pathText(p), nestedValue(v))),
    );
  }
}

/** Renders sub-dicts as `{ 'k': v }` blocks inside a dict's repr. */
class NestedRepr extends PrettyRepr {
  readonly entries: readonly [string, unknown][];
  constructor(entries: readonly [string, unknown][]) {
    super();
    this.entries = entries;
  }
  *prettyRepr(): Iterable<PrettyItem> {
    yield new PrettyType("", { valueSep: ": ", start: "{", end: "}" });
    for (const [k, v] of this.entries) yield new PrettyAttr(repr(k), nestedValue(v));
  }
}

function nestedValue(v: unknown): unknown {
  if (typeof v === "string") return repr(v);
  return isMapping(v) ? new NestedRepr(mappingEntries(v)) : v;
}

function reservedKey(key: string): never {
  throw new ValueError(
    `NestedDict: '${key}' is the name of a NestedDict method and cannot be assigned as an attribute; use d.set('${key}', value) and d.get('${key}')`,
  );
}

/**
 * A nested mapping from keys (attribute names, dict keys, list indices as strings) to sub-dicts
 * (plain objects) or leaves (States, TreefyStates, arrays), as returned by `graph.flatten` and
 * `graph.treefySplit`. Entries read as attributes (`d.a`, `d.layers[0]`) unless the name is a
 * method's; `get`/`set` always address entries. It is a pytree whose children are the entries,
 * sorted by key.
 * @example
 * ```ts
 * const d = new NestedDict({ a: new ParamState(1), b: { c: new ParamState(2) } });
 * (d.a as ParamState<number>).value;   // 1
 * const [params, rest] = d.split(ParamState, "...");
 * ```
 * @public
 */
export class NestedDict extends PrettyRepr {
  [key: string]: unknown;
  /** @param mapping - initial entries: a plain object, a NestedDict, a FlattedDict (nested first) or `[key, value]` pairs */
  constructor(mapping?: Readonly<Record<string, unknown>> | NestedDict | FlattedDict | Iterable<readonly [Key, unknown]>) {
    super();
    const self = attrProxy(this, reservedKey);
    const store = storeOf(self);
    if (mapping instanceof FlattedDict) {
      Object.assign(store, storeOf(nestMapping(mapping)));
    } else if (mapping !== undefined) {
      const entries: (readonly [Key, unknown])[] = isMapping(mapping) ? mappingEntries(mapping) : [...(mapping as Iterable<readonly [Key, unknown]>)];
      for (const [k, v] of entries) store[String(k)] = v;
    }
    return self;
  }
  /** The entry at `key` (also for keys that are method names). */
  get(key: Key): unknown {
    return storeOf(this)[String(key)];
  }
  /** Sets the entry at `key`. */
  set(key: Key, value: unknown): this {
    storeOf(this)[String(key)] = value;
    return this;
  }
  /** True when `key` is an entry (Python `key in d`). */
  has(key: Key): boolean {
    return String(key) in storeOf(this);
  }
  /** Removes the entry at `key`; true when it was present. */
  delete(key: Key): boolean {
    const store = storeOf(this);
    const k = String(key);
    if (!(k in store)) return false;
    delete store[k];
    return true;
  }
  /** Number of top-level entries (Python `len`). */
  get size(): number {
    return Object.keys(storeOf(this)).length;
  }
  /** Top-level keys. */
  keys(): string[] {
    return Object.keys(storeOf(this));
  }
  /** Top-level values. */
  values(): unknown[] {
    const s = storeOf(this);
    return Object.keys(s).map((k) => s[k]);
  }
  /** Top-level `[key, value]` pairs (Python `items()`). */
  entries(): [string, unknown][] {
    return mappingEntries(this);
  }
  /** A plain-object copy of the top level (sub-dicts shared). */
  toDict(): Record<string, unknown> {
    return { ...storeOf(this) };
  }
  /** Same flat entries with equal values. */
  equals(other: unknown): boolean {
    return other instanceof NestedDict && this.toFlat().equals(other.toFlat());
  }
  /** The flat form, keyed by paths. */
  toFlat(): FlattedDict {
    return flatMapping(this);
  }
  /** Builds a NestedDict from a flat mapping or `[path, value]` pairs. */
  static fromFlat(flat: FlattedDict | Iterable<readonly [PathParts, unknown]>): NestedDict {
    return nestMapping(flat);
  }
  /**
   * Partitions the leaves by filters (first match wins); every leaf must match a filter.
   * @returns one NestedDict for one filter, an array of them for several
   * @throws ValueError when some leaves match no filter (add `"..."` last), or `"..."` is not last.
   * @example
   * ```ts
   * const [params, others] = state.split(ParamState, "...");
   * ```
   */
  split(first: Filter): NestedDict;
  split(first: Filter, second: Filter): [NestedDict, NestedDict];
  split(first: Filter, second: Filter, third: Filter): [NestedDict, NestedDict, NestedDict];
  split(first: Filter, second: Filter, ...rest: Filter[]): NestedDict[];
  split(...filters: Filter[]): NestedDict | NestedDict[] {
    const groups = splitEntries("NestedDict.split", this.toFlat().entries(), filters);
    const rest = groups.pop() as [PathParts, unknown][];
    if (rest.length > 0) throw remainderError("NestedDict.split", rest);
    const out = groups.map((g) => NestedDict.fromFlat(g));
    return out.length === 1 ? (out[0] as NestedDict) : out;
  }
  /**
   * Like `split`, but leaves matching no filter are dropped.
   * @returns one NestedDict for one filter, an array of them for several
   */
  filter(first: Filter): NestedDict;
  filter(first: Filter, second: Filter): [NestedDict, NestedDict];
  filter(first: Filter, second: Filter, third: Filter): [NestedDict, NestedDict, NestedDict];
  filter(first: Filter, second: Filter, ...rest: Filter[]): NestedDict[];
  filter(...filters: Filter[]): NestedDict | NestedDict[] {
    const groups = splitEntries("NestedDict.filter", this.toFlat().entries(), filters);
    groups.pop();
    const out = groups.map((g) => NestedDict.fromFlat(g));
    return out.length === 1 ? (out[0] as NestedDict) : out;
  }
  /** Same as `filter` (brainstate's `subset`). */
  subset(first: Filter): NestedDict;
  subset(first: Filter, second: Filter): [NestedDict, NestedDict];
  subset(first: Filter, second: Filter, third: Filter): [NestedDict, NestedDict, NestedDict];
  subset(first: Filter, second: Filter, ...rest: Filter[]): NestedDict[];
  subset(...filters: Filter[]): NestedDict | NestedDict[] {
    return (this.filter as (...f: Filter[]) => NestedDict | NestedDict[])(...filters);
  }
  /**
   * The union of several dicts (later ones win on equal paths); the inverse of `split`.
   * @throws ValueError for arguments that are not Nested/FlattedDicts.
   */
  static merge(state: NestedDict | FlattedDict, ...states: (NestedDict | FlattedDict)[]): NestedDict {
    if (states.length === 0 && state instanceof NestedDict) return state;
    return NestedDict.fromFlat(FlattedDict.merge(state, ...states));
  }
  /** Union with `other`, whose leaves win (Python `self | other`). */
  or(other: NestedDict): NestedDict {
    if (other.size === 0) return this;
    return NestedDict.merge(this, other);
  }
  /** The leaves whose paths are not in `other` (Python `self - other`). */
  sub(other: NestedDict): NestedDict {
    if (other.size === 0) return this;
    return NestedDict.fromFlat(this.toFlat().sub(other.toFlat()));
  }
  /** A plain nested object with the same leaves. */
  toPureDict(): Record<string, unknown> {
    return nestMapping(this.toFlat()).toDict();
  }
  /**
   * Replaces leaves in place from a plain nested object with the same paths; by default a leaf
   * with a `replace` method (TreefyState) is replaced by `leaf.replace(value)`.
   * @throws ValueError for a path of `pureDict` that this dict does not have.
   */
  replaceByPureDict(pureDict: Readonly<Record<string, unknown>>, replaceFn?: (leaf: unknown, value: unknown) => unknown): void {
    const fn =
      replaceFn ??
      ((leaf: unknown, v: unknown) =>
        typeof leaf === "object" && leaf !== null && typeof (leaf as { replace?: unknown }).replace === "function" ? (leaf as { replace(x: unknown): unknown }).replace(v) : v);
    const current = this.toFlat();
    for (const [p, v] of flatMapping(pureDict)) {
      if (!current.has(p)) {
        throw new ValueError(`NestedDict.replaceByPureDict: the path ${pathText(p)} of the pure dict is not in this state dict; its paths are ${[...current.keys()].map(pathText).join(", ")}`);
      }
      current.set(p, fn(current.get(p), v));
    }
    Object.assign(storeOf(this), storeOf(nestMapping(current)));
  }
  /** Same structure, each State leaf replaced by its TreefyState reference. */
  treefyState(): NestedDict {
    return treefyLeaves(this) as NestedDict;
  }
  *prettyRepr(): Iterable<PrettyItem> {
    yield* prettyReprAvoidDuplicate(
      this,
      () => [new PrettyType("NestedDict", { valueSep: ": ", start: "({", end: "})" })],
      () => mappingEntries(this).map(([k, v]) => new PrettyAttr(repr(k), nestedValue(v))),
    );
  }
}

tree.registerNode(NestedDict, {
  flatten: (d) => {
    const store = storeOf(d);
    const keys = Object.keys(store).sort(compareStrings);
    return [keys.map((k) => store[k]), keys];
  },
  unflatten: (keys: readonly string[], children) => new NestedDict(keys.map((k, i) => [k, children[i]] as const)),
  name: "NestedDict",
});

tree.registerNode(FlattedDict, {
  flatten: (d) => {
    const entries = [...d.entries()].sort((a, b) => compareStrings(pathId(a[0]), pathId(b[0])));
    return [entries.map((e) => e[1]), entries.map((e) => [...e[0]])];
  },
  unflatten: (paths: readonly (readonly Key[])[], children) => new FlattedDict(paths.map((p, i) => [p, children[i]] as const)),
  name: "FlattedDict",
});
