// Pretty printing: objects describe themselves as one PrettyType followed by PrettyAttrs, and one
// renderer turns that into `Type(\n  key=value,\n  …\n)`, cycle-safe. Layer: state.
// Ported from brainstate's util/_pretty_repr.py.

import { Array as CoreArray, formatAval } from "@brainstate/core";

/** How an object's header and attribute list are rendered. @public */
export class PrettyType {
  /** The type name shown before `start` (a class renders as its name). */
  readonly type: string | (abstract new (...args: never) => unknown);
  /** Opening bracket. */
  readonly start: string;
  /** Closing bracket. */
  readonly end: string;
  /** Separator between an attribute's key and value. */
  readonly valueSep: string;
  /** Indentation of each attribute line. */
  readonly elemIndent: string;
  /** What goes between the brackets when there are no attributes. */
  readonly emptyRepr: string;
  /**
   * @param type - a type name or class
   * @param options - brackets, separator, indent and empty rendering
   */
  constructor(type: string | (abstract new (...args: never) => unknown), options: PrettyTypeOptions = {}) {
    this.type = type;
    this.start = options.start ?? "(";
    this.end = options.end ?? ")";
    this.valueSep = options.valueSep ?? "=";
    this.elemIndent = options.elemIndent ?? "  ";
    this.emptyRepr = options.emptyRepr ?? "";
  }
}

/** Options of {@link PrettyType}. @public */
export interface PrettyTypeOptions {
  /** @defaultValue "(" */
  start?: string;
  /** @defaultValue ")" */
  end?: string;
  /** @defaultValue "=" */
  valueSep?: string;
  /** @defaultValue "  " (two spaces) */
  elemIndent?: string;
  /** @defaultValue "" */
  emptyRepr?: string;
}

/** One attribute line: `key` and a value (a string is used verbatim, anything else through {@link repr}). @public */
export class PrettyAttr {
  /** Attribute name as shown. */
  readonly key: string;
  /** The value, or its already rendered text. */
  readonly value: unknown;
  /** Text before the key. */
  readonly start: string;
  /** Text after the value. */
  readonly end: string;
  constructor(key: string, value: unknown, start = "", end = "") {
    this.key = key;
    this.value = value;
    this.start = start;
    this.end = end;
  }
}

/** What `prettyRepr()` yields: one {@link PrettyType}, then the attributes. @public */
export type PrettyItem = PrettyType | PrettyAttr;

const INSPECT = Symbol.for("nodejs.util.inspect.custom");

/**
 * Base class of objects that print themselves through {@link getRepr}: subclasses implement
 * `prettyRepr()` (brainstate's `__pretty_repr__`).
 * @example
 * ```ts
 * class Point extends PrettyRepr {
 *   constructor(readonly x: number) { super(); }
 *   *prettyRepr() { yield new PrettyType("Point"); yield new PrettyAttr("x", this.x); }
 * }
 * String(new Point(1)); // "Point(\n  x=1\n)"
 * ```
 * @public
 */
export abstract class PrettyRepr {
  /** Yields one PrettyType, then one PrettyAttr per attribute. */
  abstract prettyRepr(): Iterable<PrettyItem>;
  /** The rendered representation. */
  toString(): string {
    return getRepr(this);
  }
  /** Node's `console.log` shows the same text as `toString()`. */
  [INSPECT](): string {
    return this.toString();
  }
}

function reprElem(obj: PrettyType, elem: PrettyItem): string {
  if (!(elem instanceof PrettyAttr)) {
    throw new TypeError(`getRepr: every item after the first must be a PrettyAttr, got ${describe(elem)}`);
  }
  const text = (typeof elem.value === "string" ? elem.value : repr(elem.value)).split("\n").join(`\n${obj.elemIndent}`);
  return `${obj.elemIndent}${elem.start}${elem.key}${obj.valueSep}${text}${elem.end}`;
}

function describe(x: unknown): string {
  if (x === null) return "null";
  if (typeof x === "object") return (x as { constructor?: { name?: string } }).constructor?.name ?? "object";
  return typeof x;
}

function typeName(t: PrettyType["type"]): string {
  return typeof t === "string" ? t : t.name;
}

/**
 * Renders an object that implements `prettyRepr()`.
 * @throws TypeError when the first item is not a PrettyType.
 * @public
 */
export function getRepr(obj: { prettyRepr(): Iterable<PrettyItem> }): string {
  // Attributes are rendered while the generator is suspended, so cycle bookkeeping done inside
  // prettyRepr() (prettyReprAvoidDuplicate) is still in effect for nested values.
  const it = obj.prettyRepr()[Symbol.iterator]();
  const first = it.next();
  const head = first.done === true ? undefined : first.value;
  if (!(head instanceof PrettyType)) {
    throw new TypeError(`getRepr: the first item of prettyRepr() must be a PrettyType, got ${describe(head)}`);
  }
  const elems: string[] = [];
  for (let r = it.next(); r.done !== true; r = it.next()) elems.push(reprElem(head, r.value));
  const body = elems.length > 0 ? `\n${elems.join(",\n")}\n` : head.emptyRepr;
  return `${typeName(head.type)}${head.start}${body}${head.end}`;
}

/**
 * Text of any value as brainstate's reprs show it: strings quoted, JS arrays and plain objects
 * recursively, core Arrays with their data (or `float32[2,3]` when the data cannot be read
 * synchronously), classes by name, other objects through their `toString()`.
 * @public
 */
export function repr(x: unknown): string {
  return reprValue(x, new Set());
}

function reprValue(x: unknown, seen: Set<unknown>): string {
  if (typeof x === "string") return `'${x.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
  if (typeof x === "bigint") return `${x.toString()}n`;
  if (typeof x === "function") return (x as { name?: string }).name || "<function>";
  if (x === null || typeof x !== "object") return String(x);
  if (x instanceof CoreArray) {
    try {
      return x.toString();
    } catch {
      return `Array(${formatAval(x)})`;
    }
  }
  if (seen.has(x)) return "...";
  seen.add(x);
  try {
    if (globalThis.Array.isArray(x)) {
      const items: readonly unknown[] = x;
      return `[${items.map((v) => reprValue(v, seen)).join(", ")}]`;
    }
    if (x instanceof Map) {
      return `Map({${[...x.entries()].map(([k, v]) => `${reprValue(k, seen)}: ${reprValue(v, seen)}`).join(", ")}})`;
    }
    const proto: unknown = Object.getPrototypeOf(x);
    if (proto === Object.prototype || proto === null) {
      const obj = x as Record<string, unknown>;
      return `{${Object.keys(obj)
        .map((k) => `${reprValue(k, seen)}: ${reprValue(obj[k], seen)}`)
        .join(", ")}}`;
    }
    return String(x);
  } finally {
    seen.delete(x);
  }
}

/**
 * Pretty representation of a mapping (a Map or a plain object): `{key: value, …}` over lines.
 * @public
 */
export class PrettyMapping extends PrettyRepr {
  /** The wrapped mapping. */
  readonly mapping: ReadonlyMap<unknown, unknown> | Readonly<Record<string, unknown>>;
  constructor(mapping: ReadonlyMap<unknown, unknown> | Readonly<Record<string, unknown>>) {
    super();
    this.mapping = mapping;
  }
  *prettyRepr(): Iterable<PrettyItem> {
    yield new PrettyType("", { valueSep: ": ", start: "{", end: "}" });
    const entries: [unknown, unknown][] = this.mapping instanceof Map ? [...this.mapping.entries()] : Object.entries(this.mapping);
    for (const [k, v] of entries) yield new PrettyAttr(repr(k), v);
  }
}

// Objects whose repr is in progress; an object met again while rendering itself prints as
// `Type(...)` instead of recursing forever.
let seenModules: Set<object> | null = null;

/**
 * Yields an object's pretty representation, printing an object already being rendered higher
 * up (a reference cycle or a shared sub-node) as `Type(...)`. Used by graph nodes and dicts.
 * @param node - the object being rendered
 * @param reprObject - yields its PrettyType
 * @param reprAttr - yields its PrettyAttrs
 * @public
 */
export function* prettyReprAvoidDuplicate(
  node: object,
  reprObject: (node: object) => Iterable<PrettyItem>,
  reprAttr: (node: object) => Iterable<PrettyItem>,
): Generator<PrettyItem> {
  const clear = seenModules === null;
  if (seenModules === null) seenModules = new Set();
  try {
    if (seenModules.has(node)) {
      yield new PrettyType((node as { constructor: { name: string } }).constructor.name, { emptyRepr: "..." });
      return;
    }
    yield* reprObject(node);
    seenModules.add(node);
    yield* reprAttr(node);
  } finally {
    if (clear) seenModules = null;
  }
}
