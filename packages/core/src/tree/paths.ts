// Key paths: the route from the root of a pytree to one of its leaves,
// and `keystr` for rendering them like `[0]["a"]`.

/** Key of an entry in a plain object (string) or a Map (string, number or bigint). @public */
export type MapKey = string | number | bigint;

/**
 * One step of a key path: `index` for array elements and children of
 * registered nodes, `key` for plain-object properties and Map entries.
 * @public
 */
export type PathKey =
  | { readonly kind: "index"; readonly index: number }
  | { readonly kind: "key"; readonly key: MapKey };

/** A path from the root of a tree to a node; the empty path is the root. @public */
export type KeyPath = readonly PathKey[];

/** Renders a single path step, e.g. `[0]`, `["a"]`, `[3n]`. */
function renderKey(k: PathKey): string {
  if (k.kind === "index") return `[${String(k.index)}]`;
  const key = k.key;
  if (typeof key === "string") return `[${JSON.stringify(key)}]`;
  if (typeof key === "bigint") return `[${key.toString()}n]`;
  return `[${String(key)}]`;
}

/**
 * Renders a key path as a string: indices as `[i]`, string keys as `["k"]`,
 * numeric Map keys as `[k]`. The empty path renders as `""`.
 *
 * @example
 * ```ts
 * keystr([{ kind: "index", index: 0 }, { kind: "key", key: "a" }]); // '[0]["a"]'
 * ```
 * @public
 */
export function keystr(path: KeyPath): string {
  return path.map(renderKey).join("");
}
