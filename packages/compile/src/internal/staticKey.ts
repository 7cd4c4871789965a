// Cache-key text for static (compile-time constant) arguments: JSON for plain data, an identity
// number for class instances, functions and anything JSON cannot print. Layer: compile (internal).

const OBJECT_IDS = new WeakMap<object, number>();
let nextObjectId = 1;

function identity(v: object): string {
  let id = OBJECT_IDS.get(v);
  if (id === undefined) OBJECT_IDS.set(v, (id = nextObjectId++));
  return `@${id}`;
}

function isPlainData(v: object): boolean {
  if (globalThis.Array.isArray(v)) return true;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

/** The key of one static value: equal plain data gives equal keys; other objects are keyed by identity. */
export function staticKey(v: unknown): string {
  if (v === undefined) return "undefined";
  if (typeof v === "bigint") return `${v}n`;
  if (typeof v === "symbol" || typeof v === "function" || (typeof v === "object" && v !== null && !isPlainData(v))) return identity(v as object);
  try {
    return JSON.stringify(v, (_k, x: unknown) => (typeof x === "function" || (typeof x === "object" && x !== null && !isPlainData(x)) ? identity(x as object) : x)) ?? String(v);
  } catch {
    return identity(v as object);
  }
}
