// Node-type registry and classification of JS values into pytree node kinds
// (built-in arrays / plain objects / Maps / null-undefined, plus registered classes).

import type { MapKey, PathKey } from "./paths.js";

/** Kinds of pytree nodes. `none` is `null`/`undefined` (a node with no children). @public */
export type NodeKind = "leaf" | "none" | "array" | "object" | "map" | "custom";

/**
 * Constructor of a class that can be registered as a pytree node. The
 * `never` rest parameter lets classes with any constructor signature match.
 * @public
 */
export type NodeConstructor<T extends object = object> = abstract new (...args: never) => T;

/**
 * How to take apart and rebuild instances of a registered class.
 *
 * @example
 * ```ts
 * const spec: NodeSpec<Point, string> = {
 *   flatten: (p) => [[p.x, p.y], p.units],
 *   unflatten: (units, [x, y]) => new Point(x as number, y as number, units),
 * };
 * ```
 * @public
 */
export interface NodeSpec<T extends object, A = unknown> {
  /** Splits a node into its children (which are flattened further) and static aux data. */
  flatten(node: T): readonly [children: readonly unknown[], auxData: A];
  /** Rebuilds a node from the aux data returned by `flatten` and (possibly transformed) children. */
  unflatten(auxData: A, children: unknown[]): T;
  /** Name used in `TreeDef.toString()` and error messages; defaults to the constructor's name. */
  name?: string;
  /**
   * Equality of aux data, used by `TreeDef.equals`. Defaults to structural equality
   * for primitives, arrays and plain objects, and identity for everything else.
   */
  auxEquals?(a: A, b: A): boolean;
}

/** Type-erased registry entry for a registered class. @internal */
export interface RegisteredNode {
  readonly ctor: NodeConstructor;
  readonly name: string;
  readonly flatten: (node: object) => readonly [readonly unknown[], unknown];
  readonly unflatten: (auxData: unknown, children: unknown[]) => unknown;
  readonly auxEquals: (a: unknown, b: unknown) => boolean;
}

/** Registry keyed by the class prototype, so that lookup is by exact class (subclasses don't match). */
const registry = new Map<object, RegisteredNode>();

/** Built-in constructors that are handled natively and may not be registered. */
const BUILTIN_CTORS: readonly unknown[] = [Array, Object, Map];

/** True for objects whose prototype is `Object.prototype` or `null`. @internal */
export function isPlainObject(x: unknown): x is Record<string, unknown> {
  if (typeof x !== "object" || x === null) return false;
  const proto: unknown = Object.getPrototypeOf(x);
  return proto === Object.prototype || proto === null;
}

/** Default aux-data equality: SameValueZero for primitives, structural for arrays/plain objects, identity otherwise. @internal */
export function defaultAuxEquals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a === "number" && typeof b === "number") return Number.isNaN(a) && Number.isNaN(b);
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((v: unknown, i) => defaultAuxEquals(v, b[i]));
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const ka = Object.keys(a).sort(compareStrings);
    const kb = Object.keys(b).sort(compareStrings);
    return (
      ka.length === kb.length && ka.every((k, i) => k === kb[i] && defaultAuxEquals(a[k], b[k]))
    );
  }
  return false;
}

/**
 * Registers a class as a pytree node type. Instances whose class is exactly
 * `ctor` (not a subclass) are then flattened with `spec.flatten` instead of
 * being treated as leaves. Each class can be registered only once.
 *
 * @example
 * ```ts
 * class Point { constructor(readonly x: number, readonly y: number) {} }
 * registerNode(Point, {
 *   flatten: (p) => [[p.x, p.y], undefined],
 *   unflatten: (_aux, [x, y]) => new Point(x as number, y as number),
 * });
 * leaves([new Point(1, 2), 3]); // [1, 2, 3]
 * ```
 * @public
 */
export function registerNode<T extends object, A = unknown>(
  ctor: NodeConstructor<T>,
  spec: NodeSpec<T, A>,
): void {
  if (typeof ctor !== "function") {
    throw new TypeError(`tree.registerNode: expected a class constructor, got ${typeof ctor}`);
  }
  const proto: unknown = ctor.prototype;
  if (typeof proto !== "object" || proto === null) {
    throw new TypeError(
      `tree.registerNode: ${ctor.name || "<anonymous>"} has no prototype object; only classes can be registered`,
    );
  }
  if (BUILTIN_CTORS.includes(ctor)) {
    throw new TypeError(
      `tree.registerNode: ${ctor.name} is a built-in pytree node type and cannot be re-registered`,
    );
  }
  if (typeof spec.flatten !== "function" || typeof spec.unflatten !== "function") {
    throw new TypeError("tree.registerNode: spec must provide flatten and unflatten functions");
  }
  const name = spec.name ?? (ctor.name || "<anonymous>");
  const existing = registry.get(proto);
  if (existing !== undefined) {
    throw new Error(
      `tree.registerNode: class ${name} is already registered as a pytree node (as "${existing.name}"); each class can be registered only once`,
    );
  }
  const auxEquals = spec.auxEquals;
  registry.set(proto, {
    ctor,
    name,
    // The registry is type-erased: lookup is by exact prototype, so `node` is a `T`
    // and `auxData` is whatever this same spec's `flatten` produced (an `A`).
    flatten: (node) => spec.flatten(node as T),
    unflatten: (auxData, children) => spec.unflatten(auxData as A, children),
    auxEquals:
      auxEquals === undefined
        ? defaultAuxEquals
        : (a, b) => auxEquals.call(spec, a as A, b as A),
  });
}

/** Returns the registry entry for exactly this class, if registered. @internal */
export function lookupRegistered(ctor: NodeConstructor): RegisteredNode | undefined {
  const proto: unknown = ctor.prototype;
  return typeof proto === "object" && proto !== null ? registry.get(proto) : undefined;
}

/** Result of classifying one value. Children are in canonical (flattening) order. @internal */
export type NodeInfo =
  | { readonly kind: "leaf" }
  | { readonly kind: "none"; readonly value: null | undefined }
  | { readonly kind: "array"; readonly children: readonly unknown[] }
  | { readonly kind: "object"; readonly keys: readonly string[]; readonly children: readonly unknown[] }
  | { readonly kind: "map"; readonly keys: readonly MapKey[]; readonly children: readonly unknown[] }
  | {
      readonly kind: "custom";
      readonly entry: RegisteredNode;
      readonly auxData: unknown;
      readonly children: readonly unknown[];
    };

/** Code-unit string comparison (deterministic, locale independent). @internal */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Short description of a Map key for error messages. */
function describeKey(k: unknown): string {
  if (typeof k === "string") return JSON.stringify(k);
  if (typeof k === "bigint") return `${k.toString()}n`;
  if (typeof k === "number") return String(k);
  if (typeof k === "symbol") return k.toString();
  if (k === null) return "null";
  if (typeof k === "object") return `[object ${k.constructor?.name ?? "Object"}]`;
  return String(k);
}

/**
 * Sorts Map keys deterministically. Keys must be all strings, or all numbers
 * / bigints (mirroring JAX, which sorts dict keys and fails on incomparable ones).
 * @internal
 */
export function sortMapKeys(keys: readonly unknown[], op: string): MapKey[] {
  let firstString: string | undefined;
  let firstNumber: number | bigint | undefined;
  const out: MapKey[] = [];
  for (const k of keys) {
    if (typeof k === "string") {
      firstString ??= k;
    } else if (typeof k === "bigint" || (typeof k === "number" && !Number.isNaN(k))) {
      firstNumber ??= k;
    } else {
      throw new TypeError(
        `${op}: Map key ${describeKey(k)} (${k === null ? "null" : typeof k}) cannot be sorted; ` +
          "Map keys in a pytree must be all strings or all numbers/bigints (NaN excluded) so that flattening order is deterministic",
      );
    }
    if (firstString !== undefined && firstNumber !== undefined) {
      throw new TypeError(
        `${op}: Map keys are not mutually comparable: string key ${describeKey(firstString)} and numeric key ${describeKey(firstNumber)}; ` +
          "Map keys in a pytree must be all strings or all numbers/bigints",
      );
    }
    out.push(k);
  }
  if (firstString !== undefined) {
    return (out as string[]).sort(compareStrings);
  }
  return (out as (number | bigint)[]).sort((a, b) => {
    if (a < b) return -1;
    if (a > b) return 1;
    // Equal value but distinct keys (e.g. 1 and 1n): numbers sort before bigints.
    if (typeof a === typeof b) return 0;
    return typeof a === "number" ? -1 : 1;
  });
}

/**
 * Classifies a value as a pytree node or a leaf (without consulting any
 * `isLeaf` predicate; callers check that first). Registered classes take
 * precedence over built-in handling.
 * @internal
 */
export function classify(x: unknown, op: string): NodeInfo {
  if (x === null || x === undefined) return { kind: "none", value: x };
  if (typeof x !== "object") return { kind: "leaf" };
  const proto: unknown = Object.getPrototypeOf(x);
  if (proto !== null) {
    const entry = registry.get(proto as object);
    if (entry !== undefined) {
      const result: unknown = entry.flatten(x);
      if (!Array.isArray(result) || result.length !== 2 || !Array.isArray(result[0])) {
        throw new TypeError(
          `${op}: flatten for registered node ${entry.name} must return [children: unknown[], auxData]`,
        );
      }
      const children: readonly unknown[] = result[0];
      return { kind: "custom", entry, auxData: result[1], children: children.slice() };
    }
  }
  if (Array.isArray(x)) {
    // Index-based copy so holes in sparse arrays become `undefined` children.
    const arr: readonly unknown[] = x;
    const children: unknown[] = [];
    for (let i = 0; i < arr.length; i++) children.push(arr[i]);
    return { kind: "array", children };
  }
  if (proto === Object.prototype || proto === null) {
    const obj = x as Record<string, unknown>;
    const keys = Object.keys(obj).sort(compareStrings);
    return { kind: "object", keys, children: keys.map((k) => obj[k]) };
  }
  if (x instanceof Map) {
    const m: Map<unknown, unknown> = x;
    const keys = sortMapKeys([...m.keys()], op);
    return { kind: "map", keys, children: keys.map((k) => m.get(k)) };
  }
  return { kind: "leaf" };
}

/** Path step for the i-th child of a node (keys for objects/Maps, indices otherwise). @internal */
export function childPathKey(info: NodeInfo, i: number): PathKey {
  if (info.kind === "object" || info.kind === "map") {
    const key = info.keys[i];
    if (key !== undefined) return { kind: "key", key };
  }
  return { kind: "index", index: i };
}
