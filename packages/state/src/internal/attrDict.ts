// Dicts with attribute access (brainstate's NestedDict and DotDict): entries live in a separate
// store and the instance is a Proxy, so `d.key` reads an entry while method names keep meaning
// the methods, as in Python where instance attributes shadow `__getattr__`. Layer: state.

const STORES = new WeakMap<object, Record<string, unknown>>();

/** The entry store behind an attribute dict (the proxy or its target). */
export function storeOf(d: object): Record<string, unknown> {
  const s = STORES.get(d);
  if (s === undefined) throw new TypeError("internal: not an attribute dict");
  return s;
}

/** True for a Proxy built by {@link attrProxy}. */
export function isAttrDict(x: unknown): boolean {
  return typeof x === "object" && x !== null && STORES.has(x);
}

/**
 * Wraps `self` (a freshly constructed instance) in a Proxy over a new entry store and returns it;
 * the constructor must return the result. Names found on the prototype chain (methods) read
 * as themselves; every other string key reads and writes the store. Writing a method name
 * calls `onReserved(key)`, which should throw.
 */
export function attrProxy<T extends object>(self: T, onReserved: (key: string) => never): T {
  const store: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  const proxy = new Proxy(self, {
    get(target, prop, receiver) {
      if (typeof prop === "symbol" || prop in target) return Reflect.get(target, prop, receiver) as unknown;
      return store[prop];
    },
    set(target, prop, value, receiver) {
      if (typeof prop === "symbol") return Reflect.set(target, prop, value, receiver);
      if (prop in target) onReserved(prop);
      store[prop] = value;
      return true;
    },
    has(target, prop) {
      return typeof prop === "string" ? prop in store || prop in target : prop in target;
    },
    deleteProperty(_target, prop) {
      if (typeof prop === "string") delete store[prop];
      return true;
    },
    ownKeys() {
      return Reflect.ownKeys(store);
    },
    getOwnPropertyDescriptor(_target, prop) {
      if (typeof prop !== "string" || !(prop in store)) return undefined;
      return { value: store[prop], writable: true, enumerable: true, configurable: true };
    },
    defineProperty(_target, prop, desc) {
      if (typeof prop !== "string") return false;
      store[prop] = desc.value;
      return true;
    },
  });
  STORES.set(proxy, store);
  STORES.set(self, store);
  return proxy;
}
