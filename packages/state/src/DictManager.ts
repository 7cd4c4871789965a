// DictManager (a Map with subset/split/dedup helpers, a pytree over its values) and
// StateDictManager (its State-valued form with value assignment and collection). Layer: state.
// Ported from brainstate's util/_others.py and _state.py.

import { tree, ValueError } from "@brainstate/core";
import { isClass, type AnyClass } from "./internal/isClass.js";
import { State } from "./State.js";

/** A class, a list of classes, or a predicate on values (what `subset` selects by). @public */
export type ValueSelector = AnyClass | readonly AnyClass[] | ((value: unknown) => boolean);

function matches(sel: ValueSelector, v: unknown): boolean {
  if (globalThis.Array.isArray(sel)) return (sel as readonly AnyClass[]).some((c) => v instanceof c);
  if (isClass(sel)) return v instanceof sel;
  return (sel as (value: unknown) => boolean)(v);
}

function entriesOf<K, V>(d: ReadonlyMap<K, V> | Readonly<Record<string, V>>): [K, V][] {
  if (d instanceof Map) return [...(d as ReadonlyMap<K, V>).entries()];
  if (typeof d === "object" && d !== null) return Object.entries(d) as unknown as [K, V][];
  throw new ValueError(`DictManager: expected a Map or a plain object, got ${typeof d}`);
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  return typeof a === "object" && a !== null && typeof (a as { equals?: unknown }).equals === "function" && (a as { equals(o: unknown): boolean }).equals(b);
}

/** How `popByValues` and friends compare values: by identity or by equality. @public */
export type CompareBy = "id" | "value";

function checkBy(where: string, by: string): void {
  if (by !== "id" && by !== "value") throw new ValueError(`${where}: unsupported comparison '${by}'; use 'id' (identity) or 'value' (equality)`);
}

/**
 * A Map for collecting objects (states, modules) with brainstate's helpers: select by class or
 * predicate, split by classes, keep values unique by identity, set operations by keys or values.
 * It is a pytree whose children are its values, in insertion order.
 * @example
 * ```ts
 * const d = new DictManager([["w", param], ["v", hidden]]);
 * const [params, rest] = d.split(ParamState);
 * ```
 * @public
 */
export class DictManager<K = unknown, V = unknown> extends Map<K, V> {
  #valueKeys: Map<V, K> | undefined;

  /** A new, empty dict of the same class. */
  protected emptyLike(): this {
    return new (this.constructor as new () => this)();
  }

  /** The entries whose values match `sel` (a class, classes, or a predicate). */
  subset(sel: ValueSelector): this {
    const out = this.emptyLike();
    for (const [k, v] of this) if (matches(sel, v)) out.set(k, v);
    return out;
  }

  /** The entries whose values are not instances of the class(es). */
  notSubset(sel: AnyClass | readonly AnyClass[]): this {
    const out = this.emptyLike();
    for (const [k, v] of this) if (!matches(sel, v)) out.set(k, v);
    return out;
  }

  /** Validates an element before `addUniqueKey`/`addUniqueValue`; subclasses restrict it. */
  protected checkElem(_elem: V): void {}

  /**
   * Adds `key → val`; a key already bound to another object is an error.
   * @throws ValueError when `key` holds a different object.
   */
  addUniqueKey(key: K, val: V): void {
    this.checkElem(val);
    if (this.has(key)) {
      if (this.get(key) !== val) throw new ValueError(`DictManager.addUniqueKey: ${String(key)} is already registered with another object; the new value must be the same object`);
    } else this.set(key, val);
  }

  /** Adds `key → val` unless the same object is already a value; returns whether it was added. */
  addUniqueValue(key: K, val: V): boolean {
    this.checkElem(val);
    if (this.#valueKeys === undefined) this.#valueKeys = new Map([...this].map(([k, v]) => [v, k]));
    if (this.#valueKeys.has(val)) return false;
    this.#valueKeys.set(val, key);
    this.set(key, val);
    return true;
  }

  /** A copy keeping the first key of each value (by identity). */
  unique(): this {
    const out = this.emptyLike();
    const seen = new Set<V>();
    for (const [k, v] of this) {
      if (seen.has(v)) continue;
      seen.add(v);
      out.set(k, v);
    }
    return out;
  }

  /** Removes, in place, every key whose value appeared under an earlier key; returns this. */
  unique_(): this {
    const seen = new Set<V>();
    for (const [k, v] of [...this]) {
      if (seen.has(v)) this.delete(k);
      else seen.add(v);
    }
    return this;
  }

  /** Sets every entry of the given dicts (Maps or plain objects). */
  assign(...dicts: (ReadonlyMap<K, V> | Readonly<Record<string, V>>)[]): void {
    for (const d of dicts) for (const [k, v] of entriesOf<K, V>(d)) this.set(k, v);
  }

  /** Partitions by classes (first match wins); the last dict holds the rest. */
  split(first: AnyClass, ...others: AnyClass[]): this[] {
    const filters = [first, ...others];
    const out = filters.map(() => this.emptyLike()).concat([this.emptyLike()]);
    for (const [k, v] of this) {
      const i = filters.findIndex((c) => v instanceof c);
      (out[i === -1 ? filters.length : i] as this).set(k, v);
    }
    return out;
  }

  /** Removes the given keys in place. */
  popByKeys(keys: Iterable<K>): void {
    for (const k of keys) this.delete(k);
  }

  /**
   * Removes, in place, the entries whose values are among `values`.
   * @throws ValueError for an unknown `by`.
   */
  popByValues(values: Iterable<V>, by: CompareBy = "id"): void {
    checkBy("DictManager.popByValues", by);
    const vs = [...values];
    for (const [k, v] of [...this]) if (vs.some((x) => (by === "id" ? x === v : sameValue(v, x)))) this.delete(k);
  }

  /** A copy without the given keys. */
  differenceByKeys(keys: Iterable<K>): this {
    const ks = new Set(keys);
    const out = this.emptyLike();
    for (const [k, v] of this) if (!ks.has(k)) out.set(k, v);
    return out;
  }

  /** A copy without the entries whose values are among `values`. @throws ValueError for an unknown `by`. */
  differenceByValues(values: Iterable<V>, by: CompareBy = "id"): this {
    checkBy("DictManager.differenceByValues", by);
    const vs = [...values];
    const out = this.emptyLike();
    for (const [k, v] of this) if (!vs.some((x) => (by === "id" ? x === v : sameValue(v, x)))) out.set(k, v);
    return out;
  }

  /** The entries whose keys are among `keys`. */
  intersectionByKeys(keys: Iterable<K>): this {
    const ks = new Set(keys);
    const out = this.emptyLike();
    for (const [k, v] of this) if (ks.has(k)) out.set(k, v);
    return out;
  }

  /** The entries whose values are among `values`. @throws ValueError for an unknown `by`. */
  intersectionByValues(values: Iterable<V>, by: CompareBy = "id"): this {
    checkBy("DictManager.intersectionByValues", by);
    const vs = [...values];
    const out = this.emptyLike();
    for (const [k, v] of this) if (vs.some((x) => (by === "id" ? x === v : sameValue(v, x)))) out.set(k, v);
    return out;
  }

  /** A copy plus the entries of `other` whose values (by identity) are not already values here. */
  unionByValueIds(other: ReadonlyMap<K, V> | Readonly<Record<string, V>>): this {
    const out = this.emptyLike();
    const seen = new Set<V>();
    for (const [k, v] of this) {
      out.set(k, v);
      seen.add(v);
    }
    for (const [k, v] of entriesOf<K, V>(other)) {
      if (seen.has(v)) continue;
      seen.add(v);
      out.set(k, v);
    }
    return out;
  }

  /** A copy updated with `other`'s entries (Python `self + other`). */
  add(other: ReadonlyMap<K, V> | Readonly<Record<string, V>>): this {
    const out = this.copy();
    for (const [k, v] of entriesOf<K, V>(other)) out.set(k, v);
    return out;
  }

  /** A plain Map with the same entries. */
  toDict(): Map<K, V> {
    return new Map(this);
  }

  /** A shallow copy of the same class. */
  copy(): this {
    const out = this.emptyLike();
    for (const [k, v] of this) out.set(k, v);
    return out;
  }
}

tree.registerNode(DictManager, {
  flatten: (d) => [[...d.values()], [...d.keys()]],
  unflatten: (keys: readonly unknown[], children) => new DictManager(keys.map((k, i) => [k, children[i]] as const)),
  name: "DictManager",
});

/**
 * A DictManager of States: assign values by key, split or collect their values.
 * @public
 */
export class StateDictManager<K = unknown> extends DictManager<K, State> {
  /** Sets `.value` of the state under each key of the given dicts. @throws ValueError for a key that is not here. */
  assignValues(...dicts: (ReadonlyMap<K, unknown> | Readonly<Record<string, unknown>>)[]): void {
    for (const d of dicts) {
      for (const [k, v] of entriesOf<K, unknown>(d)) {
        const st = this.get(k);
        if (st === undefined) throw new ValueError(`StateDictManager.assignValues: no state under key ${String(k)}`);
        st.value = v;
      }
    }
  }

  /** Splits the states' values by classes (first match wins); the last dict holds the rest. */
  splitValues(...filters: AnyClass[]): DictManager<K, unknown>[] {
    const out = filters.map(() => new DictManager<K, unknown>()).concat([new DictManager<K, unknown>()]);
    for (const [k, v] of this) {
      const i = filters.findIndex((c) => v instanceof c);
      (out[i === -1 ? filters.length : i] as DictManager<K, unknown>).set(k, v.value);
    }
    return out;
  }

  /** Every state's value, by key. */
  collectValues(): DictManager<K, unknown> {
    const out = new DictManager<K, unknown>();
    for (const [k, v] of this) out.set(k, v.value);
    return out;
  }

  /** Every state's value, as a plain Map. */
  toDictValues(): Map<K, unknown> {
    return new Map([...this].map(([k, v]) => [k, v.value] as const));
  }

  protected override checkElem(elem: State): void {
    if (!(elem instanceof State)) throw new ValueError(`StateDictManager: elements must be States, got ${typeof elem}`);
  }
}
