// DotDict: a dict whose entries are also attributes (`d.a === d.get("a")`), converting nested
// plain objects (also inside arrays) to DotDicts. A pytree over its values. Layer: state.
// Ported from brainstate's util/_others.py.

import { tree, ValueError } from "@brainstate/core";
import { attrProxy, isAttrDict, storeOf } from "./internal/attrDict.js";

function isPlainObject(x: unknown): x is Record<string, unknown> {
  if (typeof x !== "object" || x === null) return false;
  const proto: unknown = Object.getPrototypeOf(x);
  return proto === Object.prototype || proto === null;
}

function hook(x: unknown): unknown {
  if (x instanceof DotDict) return x;
  if (isPlainObject(x)) return new DotDict(x);
  if (globalThis.Array.isArray(x)) return (x as readonly unknown[]).map(hook);
  return x;
}

function reserved(key: string): never {
  throw new ValueError(`DotDict: attribute '${key}' is read-only (it is a DotDict method); store the entry with d.setdefault('${key}', value) or read it with d.get('${key}')`);
}

function deepCopy(x: unknown): unknown {
  if (x instanceof DotDict) return x.deepcopy();
  if (isPlainObject(x)) return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, deepCopy(v)]));
  if (globalThis.Array.isArray(x)) return (x as readonly unknown[]).map(deepCopy);
  return x;
}

/**
 * A dictionary with dot access: `d.a` reads entry `a`, `d.c = 30` creates entry `c`; nested plain
 * objects become DotDicts. Method names (`get`, `copy`, `update`, …) stay methods and cannot be
 * assigned as attributes.
 * @example
 * ```ts
 * const d = new DotDict({ a: 10, b: { c: 20 } });
 * d.a;                        // 10
 * (d.b as DotDict).c;         // 20
 * ```
 * @public
 */
export class DotDict {
  [key: string]: unknown;
  /** @param sources - plain objects, DotDicts or `[key, value]` pairs, applied in order */
  constructor(...sources: (Readonly<Record<string, unknown>> | DotDict | Iterable<readonly [string, unknown]>)[]) {
    const self = attrProxy(this, reserved);
    const store = storeOf(self);
    for (const src of sources) {
      const entries = isAttrDict(src) ? Object.entries(storeOf(src)) : isPlainObject(src) ? Object.entries(src) : [...(src as Iterable<readonly [string, unknown]>)];
      for (const [k, v] of entries) store[k] = hook(v);
    }
    return self;
  }
  /** The entry at `key`, or `defaultValue` when absent. */
  get(key: string, defaultValue?: unknown): unknown {
    const s = storeOf(this);
    return key in s ? s[key] : defaultValue;
  }
  /** True when `key` is an entry. */
  has(key: string): boolean {
    return key in storeOf(this);
  }
  /** Removes the entry at `key`; true when it was present. */
  delete(key: string): boolean {
    const s = storeOf(this);
    if (!(key in s)) return false;
    delete s[key];
    return true;
  }
  /** Number of entries. */
  get size(): number {
    return Object.keys(storeOf(this)).length;
  }
  /** The keys, in insertion order. */
  keys(): string[] {
    return Object.keys(storeOf(this));
  }
  /** The values, in insertion order. */
  values(): unknown[] {
    return Object.values(storeOf(this));
  }
  /** `[key, value]` pairs (Python `items()`). */
  entries(): [string, unknown][] {
    return Object.entries(storeOf(this));
  }
  /** A shallow copy. */
  copy(): DotDict {
    const out = new DotDict();
    Object.assign(storeOf(out), storeOf(this));
    return out;
  }
  /** A deep copy (nested DotDicts, plain objects and arrays copied; other values shared). */
  deepcopy(): DotDict {
    const out = new DotDict();
    const s = storeOf(out);
    for (const [k, v] of Object.entries(storeOf(this))) s[k] = deepCopy(v);
    return out;
  }
  /** A plain nested object (DotDicts converted recursively, also inside arrays). */
  toDict(): Record<string, unknown> {
    const conv = (x: unknown): unknown => (x instanceof DotDict ? x.toDict() : globalThis.Array.isArray(x) ? (x as readonly unknown[]).map(conv) : x);
    return Object.fromEntries(Object.entries(storeOf(this)).map(([k, v]) => [k, conv(v)]));
  }
  /** Merges `other` in: where both sides hold dicts the merge recurses, otherwise entries are replaced. */
  update(other: Readonly<Record<string, unknown>> | DotDict): void {
    const s = storeOf(this);
    const src = isAttrDict(other) ? storeOf(other) : (other as Record<string, unknown>);
    for (const [k, v] of Object.entries(src)) {
      const cur = s[k];
      if (cur instanceof DotDict && (isPlainObject(v) || v instanceof DotDict)) cur.update(v as Record<string, unknown>);
      else s[k] = hook(v);
    }
  }
  /** The entry at `key`, first setting it to `defaultValue` when absent. */
  setdefault(key: string, defaultValue: unknown = null): unknown {
    const s = storeOf(this);
    if (!(key in s)) s[key] = defaultValue;
    return s[key];
  }
}

tree.registerNode(DotDict, {
  flatten: (d) => [d.values(), d.keys()],
  unflatten: (keys: readonly string[], children) => {
    const out = new DotDict();
    const s = storeOf(out);
    keys.forEach((k, i) => {
      s[k] = children[i];
    });
    return out;
  },
  name: "DotDict",
});
