// Filters: the small language that selects states by type, tag or path (`ParamState`, "new",
// `"..."`, predicates, lists of those) and the predicate classes behind it. Layer: state.
// Ported from brainstate's util/_filter.py.

import { ValueError } from "@brainstate/core";
import { isClass } from "./internal/isClass.js";
import type { Key, PathParts, Predicate } from "./typing.js";

/** A class used as a filter: matches its instances (and TreefyStates whose `type` is a subclass). @public */
export type FilterClass = abstract new (...args: never) => unknown;

/**
 * What the split/filter/query functions accept to select `(path, value)` pairs:
 * - a class: instances of it (`ParamState`), or TreefyStates referring to a subclass of it;
 * - a string: values whose `tag` equals it, except `"..."` which matches everything (Python's `...`);
 * - `true` matches everything, `false` and `null` nothing;
 * - a predicate function `(path, value) => boolean`, or one of the filter classes here;
 * - an array of filters: matches when any of them does.
 * @public
 */
export type Filter = FilterClass | string | boolean | null | Predicate | BaseFilter | readonly Filter[];

/** The string that plays Python's `...` (Ellipsis) in filter lists. @public */
export const ELLIPSIS = "...";

/** Base class of the predicate objects: a test on `(path, value)` with a readable `toString()`. @public */
export abstract class BaseFilter {
  /** True when `(path, x)` is selected. */
  abstract call(path: PathParts, x: unknown): boolean;
  /** Structural equality with another filter. */
  abstract equals(other: unknown): boolean;
  /** e.g. `OfType(ParamState)`. */
  abstract toString(): string;
}

/** Selects values whose `tag` property equals `tag`. @public */
export class WithTagFilter extends BaseFilter {
  readonly tag: string;
  constructor(tag: string) {
    super();
    this.tag = tag;
  }
  call(_path: PathParts, x: unknown): boolean {
    return typeof x === "object" && x !== null && "tag" in x && (x as { tag: unknown }).tag === this.tag;
  }
  equals(other: unknown): boolean {
    return other instanceof WithTagFilter && other.tag === this.tag;
  }
  toString(): string {
    return `WithTag('${this.tag}')`;
  }
}

/** Selects pairs whose path contains `key` (numbers and their decimal strings are the same key). @public */
export class PathContainsFilter extends BaseFilter {
  readonly key: Key;
  constructor(key: Key) {
    super();
    this.key = key;
  }
  call(path: PathParts, _x: unknown): boolean {
    const k = String(this.key);
    return path.some((p) => String(p) === k);
  }
  equals(other: unknown): boolean {
    return other instanceof PathContainsFilter && String(other.key) === String(this.key);
  }
  toString(): string {
    return `PathContains(${typeof this.key === "string" ? `'${this.key}'` : String(this.key)})`;
  }
}

/** Selects instances of `type`, and objects whose `type` property is `type` or a subclass (TreefyState). @public */
export class OfTypeFilter extends BaseFilter {
  readonly type: FilterClass;
  constructor(type: FilterClass) {
    super();
    this.type = type;
  }
  call(_path: PathParts, x: unknown): boolean {
    if (x instanceof this.type) return true;
    if (typeof x !== "object" || x === null || !("type" in x)) return false;
    const t = (x as { type: unknown }).type;
    return typeof t === "function" && (t === this.type || t.prototype instanceof this.type);
  }
  equals(other: unknown): boolean {
    return other instanceof OfTypeFilter && other.type === this.type;
  }
  toString(): string {
    return `OfType(${this.type.name})`;
  }
}

function predicatesEqual(a: readonly Predicate[], b: readonly Predicate[]): boolean {
  return a.length === b.length && a.every((p, i) => samePredicate(p, b[i] as Predicate));
}

// toPredicate wraps filter objects in closures; remember which object each closure stands for
// so equality and printing can see through the wrapper.
const WRAPPED = new WeakMap<Predicate, BaseFilter>();

function samePredicate(a: Predicate, b: Predicate): boolean {
  const fa = WRAPPED.get(a);
  const fb = WRAPPED.get(b);
  if (fa !== undefined && fb !== undefined) return fa.equals(fb);
  return a === b;
}

function predicateString(p: Predicate): string {
  return WRAPPED.get(p)?.toString() ?? (p.name || "<predicate>");
}

/** Selects pairs matched by any of the filters. @public */
export class AnyFilter extends BaseFilter {
  readonly predicates: readonly Predicate[];
  constructor(...filters: Filter[]) {
    super();
    this.predicates = filters.map((f) => toPredicate(f));
  }
  call(path: PathParts, x: unknown): boolean {
    return this.predicates.some((p) => p(path, x));
  }
  equals(other: unknown): boolean {
    return other instanceof AnyFilter && predicatesEqual(this.predicates, other.predicates);
  }
  toString(): string {
    return `Any(${this.predicates.map(predicateString).join(", ")})`;
  }
}

/** Selects pairs matched by all of the filters. @public */
export class AllFilter extends BaseFilter {
  readonly predicates: readonly Predicate[];
  constructor(...filters: Filter[]) {
    super();
    this.predicates = filters.map((f) => toPredicate(f));
  }
  call(path: PathParts, x: unknown): boolean {
    return this.predicates.every((p) => p(path, x));
  }
  equals(other: unknown): boolean {
    return other instanceof AllFilter && predicatesEqual(this.predicates, other.predicates);
  }
  toString(): string {
    return `All(${this.predicates.map(predicateString).join(", ")})`;
  }
}

/** Selects pairs the filter does not match. @public */
export class NotFilter extends BaseFilter {
  readonly predicate: Predicate;
  constructor(filter: Filter) {
    super();
    this.predicate = toPredicate(filter);
  }
  call(path: PathParts, x: unknown): boolean {
    return !this.predicate(path, x);
  }
  equals(other: unknown): boolean {
    return other instanceof NotFilter && samePredicate(this.predicate, other.predicate);
  }
  toString(): string {
    return `Not(${predicateString(this.predicate)})`;
  }
}

/** Selects everything. @public */
export class EverythingFilter extends BaseFilter {
  call(_path: PathParts, _x: unknown): boolean {
    return true;
  }
  equals(other: unknown): boolean {
    return other instanceof EverythingFilter;
  }
  toString(): string {
    return "Everything()";
  }
}

/** Selects nothing. @public */
export class NothingFilter extends BaseFilter {
  call(_path: PathParts, _x: unknown): boolean {
    return false;
  }
  equals(other: unknown): boolean {
    return other instanceof NothingFilter;
  }
  toString(): string {
    return "Nothing()";
  }
}

function filterText(f: unknown): string {
  if (typeof f === "string") return `'${f}'`;
  if (typeof f === "object" && f !== null) return (f as { constructor?: { name?: string } }).constructor?.name ?? "object";
  return String(f);
}

/**
 * Turns a {@link Filter} into a predicate `(path, value) => boolean`.
 * @throws ValueError for values that are not filters (numbers, plain objects…).
 * @example
 * ```ts
 * toPredicate(ParamState)([], new ParamState(1)); // true
 * toPredicate("new")([], stateWithTagNew);        // true
 * ```
 * @public
 */
export function toPredicate(filter: Filter): Predicate {
  if (typeof filter === "string") {
    return filter === ELLIPSIS ? wrap(new EverythingFilter()) : wrap(new WithTagFilter(filter));
  }
  if (typeof filter === "boolean") return wrap(filter ? new EverythingFilter() : new NothingFilter());
  if (filter === null || filter === undefined) return wrap(new NothingFilter());
  if (filter instanceof BaseFilter) return wrap(filter);
  if (globalThis.Array.isArray(filter)) return wrap(new AnyFilter(...(filter as readonly Filter[])));
  if (typeof filter === "function") {
    if (isClass(filter)) return wrap(new OfTypeFilter(filter as FilterClass));
    return filter as Predicate;
  }
  throw new ValueError(
    `toPredicate: ${filterText(filter)} is not a filter; use a class (ParamState), a tag string, '...' or true (everything), false or null (nothing), a predicate (path, value) => boolean, or an array of these`,
  );
}

function wrap(f: BaseFilter): Predicate {
  const p: Predicate = (path, x) => f.call(path, x);
  WRAPPED.set(p, f);
  return p;
}

/** True for the filters that match everything (`"..."` and `true`), which may only come last. @public */
export function isEverything(f: Filter): boolean {
  return f === ELLIPSIS || f === true;
}

/**
 * Checks that `"..."`/`true` appear only at the end of a filter list, then converts every filter.
 * @param where - the API name for error messages
 * @throws ValueError naming the position of a misplaced `"..."`/`true`.
 * @public
 */
export function filtersToPredicates(where: string, filters: readonly Filter[]): Predicate[] {
  filters.forEach((f, i) => {
    if (isEverything(f) && i !== filters.length - 1 && !filters.slice(i + 1).every(isEverything)) {
      throw new ValueError(
        `${where}: '...' or true matches everything and may only be used as the last filter(s), but it is filter ${i} of ${filters.length}; move it to the end`,
      );
    }
  });
  return filters.map((f) => toPredicate(f));
}
