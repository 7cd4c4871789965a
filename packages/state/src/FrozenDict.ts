// FrozenDict: an immutable mapping that deep-copies nested plain objects and hands them out as
// FrozenDicts. A pytree with keys sorted. Layer: state. Ported from brainstate's util/_struct.py.

import { tree, ValueError } from "@brainstate/core";
import { repr } from "./prettyRepr.js";

function isPlainObject(x: unknown): x is Record<string, unknown> {
  if (typeof x !== "object" || x === null) return false;
  const proto: unknown = Object.getPrototypeOf(x);
  return proto === Object.prototype || proto === null;
}

/** Deep copy of nested plain objects (frozen), other values shared. */
function prepareFreeze(x: unknown): unknown {
  if (x instanceof FrozenDict) return x.unfreeze();
  if (!isPlainObject(x)) return x;
  return Object.freeze(Object.fromEntries(Object.entries(x).map(([k, v]) => [k, prepareFreeze(v)])));
}

function unfreezeValue(x: unknown): unknown {
  if (x instanceof FrozenDict) return x.unfreeze();
  if (isPlainObject(x)) return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, unfreezeValue(v)]));
  return x;
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (isPlainObject(a) && isPlainObject(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => k in b && deepEqual(a[k], b[k]));
  }
  if (typeof a === "object" && a !== null && typeof (a as { equals?: unknown }).equals === "function") return (a as { equals(o: unknown): boolean }).equals(b);
  return false;
}

function compareKeys(a: unknown, b: unknown): number {
  if (typeof a === "number" && typeof b === "number") return a - b;
  const sa = String(a);
  const sb = String(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

function indent(text: string, n: number): string {
  const pad = " ".repeat(n);
  return text
    .split("\n")
    .map((l) => (l === "" ? l : pad + l))
    .join("\n");
}

function prettyDict(x: unknown, n: number): string {
  if (!isPlainObject(x)) return repr(x);
  const body = Object.entries(x)
    .map(([k, v]) => `${k}: ${prettyDict(v, n)},\n`)
    .join("");
  return body === "" ? "{}" : `{\n${indent(body, n)}}`;
}

/** Where a FrozenDict's entries come from. @public */
export type FrozenDictSource<K, V> = ReadonlyMap<K, V> | Iterable<readonly [K, V]> | Readonly<Record<string, V>> | FrozenDict<K, V>;

/**
 * An immutable mapping: construction deep-copies nested plain objects; `get` returns nested
 * dicts as FrozenDicts; `copy` and `pop` return new FrozenDicts. Iterates `[key, value]` pairs.
 * @example
 * ```ts
 * const f = new FrozenDict({ a: 1, b: { c: 2 } });
 * (f.get("b") as FrozenDict).get("c"); // 2
 * const [g, a] = f.pop("a");          // g has only b
 * ```
 * @public
 */
export class FrozenDict<K = string, V = unknown> implements Iterable<[K, V]> {
  readonly #map: Map<K, unknown>;
  /** @param source - entries (a Map, pairs, a plain object or another FrozenDict) */
  constructor(source?: FrozenDictSource<K, V>) {
    const m = new Map<K, unknown>();
    if (source instanceof FrozenDict) for (const [k, v] of source.#map) m.set(k as K, v);
    else if (source instanceof Map) for (const [k, v] of source) m.set(k as K, prepareFreeze(v));
    else if (source !== undefined && typeof (source as Iterable<unknown>)[Symbol.iterator] === "function") {
      for (const [k, v] of source as Iterable<readonly [K, V]>) m.set(k, prepareFreeze(v));
    } else if (source !== undefined) for (const [k, v] of Object.entries(source)) m.set(k as K, prepareFreeze(v));
    this.#map = m;
    Object.freeze(this);
  }
  /** The value at `key` (nested plain objects come back as FrozenDicts), or undefined. */
  get(key: K): V | undefined {
    const v = this.#map.get(key);
    return (isPlainObject(v) ? new FrozenDict(Object.entries(v)) : v) as V | undefined;
  }
  /** True when `key` is present. */
  has(key: K): boolean {
    return this.#map.has(key);
  }
  /** Number of entries. */
  get size(): number {
    return this.#map.size;
  }
  /** The keys. */
  keys(): K[] {
    return [...this.#map.keys()];
  }
  /** The values (nested dicts as FrozenDicts). */
  values(): V[] {
    return this.keys().map((k) => this.get(k) as V);
  }
  /** `[key, value]` pairs (Python `items()`). */
  entries(): [K, V][] {
    return this.keys().map((k) => [k, this.get(k) as V]);
  }
  [Symbol.iterator](): Iterator<[K, V]> {
    return this.entries()[Symbol.iterator]();
  }
  /** A new FrozenDict with entries added or replaced. */
  copy(addOrReplace: FrozenDictSource<K, V> = new Map<K, V>()): FrozenDict<K, V> {
    const extra = new FrozenDict<K, V>(addOrReplace);
    return new FrozenDict<K, V>([...this.#map, ...extra.#map] as [K, V][]);
  }
  /**
   * A new FrozenDict without `key`, and the removed value.
   * @throws ValueError when `key` is absent.
   */
  pop(key: K): [FrozenDict<K, V>, V] {
    if (!this.#map.has(key)) throw new ValueError(`FrozenDict.pop: key ${repr(key)} is not present; its keys are ${this.keys().map((k) => repr(k)).join(", ")}`);
    const value = this.get(key) as V;
    return [new FrozenDict<K, V>([...this.#map].filter(([k]) => k !== key) as [K, V][]), value];
  }
  /** A mutable plain-object copy (keys as strings), nested dicts unfrozen too. */
  unfreeze(): Record<string, unknown> {
    return Object.fromEntries([...this.#map].map(([k, v]) => [String(k), unfreezeValue(v)]));
  }
  /** Same keys with identical (or `equals`) values. */
  equals(other: unknown): boolean {
    if (!(other instanceof FrozenDict) || other.size !== this.size) return false;
    for (const [k, v] of this.#map) {
      if (!other.#map.has(k)) return false;
      if (!deepEqual(v, other.#map.get(k))) return false;
    }
    return true;
  }
  /** Indented text of the nested dict. */
  prettyRepr(numSpaces = 4): string {
    return `FrozenDict(${prettyDict(this.unfreeze(), numSpaces)})`;
  }
  toString(): string {
    return this.prettyRepr();
  }
  /** @internal The stored entries (nested dicts as frozen plain objects). */
  _rawEntries(): [K, unknown][] {
    return [...this.#map];
  }
}

tree.registerNode<FrozenDict<unknown, unknown>, readonly unknown[]>(FrozenDict, {
  flatten: (d) => {
    const entries = d._rawEntries().sort((a, b) => compareKeys(a[0], b[0]));
    return [entries.map((e) => e[1]), entries.map((e) => e[0])];
  },
  unflatten: (keys: readonly unknown[], children) => new FrozenDict(keys.map((k, i) => [k, children[i]] as const)),
  name: "FrozenDict",
});
