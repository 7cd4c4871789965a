// Pytree dataclasses: `dataclass(Class, { metaFields })` makes a class's instances pytrees whose
// children are their own properties (except static meta fields), and PyTreeNode does the same
// for its subclasses. Layer: state. Ported from brainstate's util/_struct.py.

import { tree, ValueError } from "@brainstate/core";


interface DataclassInfo {
  readonly metaFields: readonly string[];
}

const DATACLASSES = new WeakMap<object, DataclassInfo>();

/** Options of {@link dataclass}. @public */
export interface DataclassOptions {
  /** Properties that are static metadata (kept in the tree structure, not children) — brainstate's `field(pytree_node=False)`. @defaultValue [] */
  metaFields?: readonly string[];
}

interface DataAux {
  readonly keys: readonly string[];
  readonly meta: readonly (readonly [string, unknown])[];
}

/**
 * Registers `cls` as a pytree: an instance's children are its own enumerable properties in
 * insertion order, except `metaFields`, which are static. Unflattening builds a new instance
 * without running the constructor. Adds `replace(updates)` to the prototype when the class has
 * none. Registering a class again returns it unchanged.
 * @example
 * ```ts
 * class Pair { constructor(public a: Array, public label: string) {} }
 * dataclass(Pair, { metaFields: ["label"] });
 * tree.leaves(new Pair(x, "p")); // [x]
 * ```
 * @public
 */
export function dataclass<C extends abstract new (...args: never) => object>(cls: C, options: DataclassOptions = {}): C {
  if (DATACLASSES.has(cls)) return cls;
  for (const k of Object.keys(options)) {
    if (k !== "metaFields") throw new ValueError(`dataclass: unknown option '${k}'; the options are 'metaFields'`);
  }
  const metaFields = [...(options.metaFields ?? [])];
  DATACLASSES.set(cls, { metaFields });
  const proto = cls.prototype as Record<string, unknown>;
  if (typeof proto["replace"] !== "function") {
    Object.defineProperty(proto, "replace", {
      value: function replace(this: object, updates: Record<string, unknown>): object {
        return Object.assign(Object.create(Object.getPrototypeOf(this) as object) as object, this, updates);
      },
      writable: true,
      configurable: true,
    });
  }
  tree.registerNode(cls, {
    flatten: (x: object) => {
      const rec = x as Record<string, unknown>;
      const keys = Object.keys(rec).filter((k) => !metaFields.includes(k));
      const aux: DataAux = { keys, meta: metaFields.filter((k) => k in rec).map((k) => [k, rec[k]] as const) };
      return [keys.map((k) => rec[k]), aux];
    },
    unflatten: (aux: DataAux, children) => {
      const obj = Object.create(cls.prototype as object) as Record<string, unknown>;
      aux.keys.forEach((k, i) => {
        obj[k] = children[i];
      });
      for (const [k, v] of aux.meta) obj[k] = v;
      return obj as InstanceType<C>;
    },
    auxEquals: (a, b) =>
      a.keys.length === b.keys.length && a.keys.every((k, i) => k === b.keys[i]) && a.meta.length === b.meta.length && a.meta.every(([k, v], i) => b.meta[i]?.[0] === k && b.meta[i]?.[1] === v),
    name: cls.name,
  });
  return cls;
}

/**
 * The data (non-static) field names of a dataclass instance, or undefined when its class is not
 * a registered dataclass. Graph flattening uses these as the children's keys.
 * @public
 */
export function getDataclassFields(x: unknown): readonly string[] | undefined {
  if (typeof x !== "object" || x === null) return undefined;
  const info = DATACLASSES.get((x as { constructor: object }).constructor);
  if (info === undefined) return undefined;
  return Object.keys(x).filter((k) => !info.metaFields.includes(k));
}

/**
 * Base class whose subclasses are pytree dataclasses (registered on first construction); list
 * static properties in `static metaFields`.
 * @example
 * ```ts
 * class Model extends PyTreeNode {
 *   static override metaFields = ["name"];
 *   constructor(public params: Array, public name: string) { super(); }
 * }
 * ```
 * @public
 */
export abstract class PyTreeNode {
  /** Properties that are static metadata rather than pytree children. */
  static metaFields: readonly string[] = [];
  constructor() {
    const cls = new.target as unknown as (abstract new (...args: never) => object) & { metaFields?: readonly string[] };
    if (!DATACLASSES.has(cls)) dataclass(cls, { metaFields: cls.metaFields ?? [] });
  }
  /** A new instance with the given properties replaced. */
  replace(updates: Partial<this>): this {
    return Object.assign(Object.create(Object.getPrototypeOf(this) as object) as this, this, updates);
  }
}
