// Graph nodes: Node (the base of every module; its own enumerable properties are its graph
// children), and the container nodes Dict, List and Sequential. Layer: graph.
// Ported from brainstate's graph/_graph_node.py.

import { ValueError } from "@brainstate/core";
import {
  PrettyAttr,
  PrettyRepr,
  prettyReprAvoidDuplicate,
  PrettyType,
  repr,
  StateJaxTracer,
  TraceContextError,
  type PrettyItem,
} from "@brainstate/state";

/** Where a node keeps its trace snapshot: a symbol, so it is not an attribute. */
export const TRACE_STATE: unique symbol = Symbol("brainstate.traceState");

/** Gives `obj` a fresh, non-enumerable trace snapshot. */
export function stampTraceState(obj: object): void {
  Object.defineProperty(obj, TRACE_STATE, { value: new StateJaxTracer(), writable: true, configurable: true, enumerable: false });
}

/**
 * The base class of graph nodes (every module). A node's graph children are its own enumerable
 * string-keyed properties: sub-nodes, States, pytrees of them, and static values. Shared
 * sub-nodes and States, and reference cycles, are handled by identity when a graph is
 * flattened. Keep a node's data in ordinary properties: `#private` fields and symbol keys are not
 * children, and unflattening builds nodes without running their constructors.
 * @example
 * ```ts
 * class Linear extends Node {
 *   weight = new ParamState({ w: np.zeros([2, 3]), b: np.zeros([3]) });
 * }
 * ```
 * @public
 */
export class Node extends PrettyRepr {
  declare readonly [TRACE_STATE]: StateJaxTracer;
  constructor() {
    super();
    stampTraceState(this);
  }
  /** Throws TraceContextError with `errorMsg()` when the current trace is not the one the node was created in. */
  checkValidContext(errorMsg: () => string): void {
    if (!this[TRACE_STATE].isValid()) throw new TraceContextError(errorMsg());
  }
  /** Hook that renames or replaces an attribute for printing (brainstate's `__leaf_fn__`). */
  leafFn(name: string, value: unknown): [string, unknown] {
    return [name, value];
  }
  *prettyRepr(): Iterable<PrettyItem> {
    yield* prettyReprAvoidDuplicate(
      this,
      (node) => [new PrettyType(node.constructor.name)],
      (node) => nodeAttrs(node as Node),
    );
  }
}

function* nodeAttrs(node: Node): Generator<PrettyItem> {
  for (const key of Object.keys(node)) {
    const [name, value] = node.leafFn(key, (node as unknown as Record<string, unknown>)[key]);
    if (name.startsWith("_")) continue;
    yield new PrettyAttr(name, repr(value));
  }
}

/**
 * A node whose entries are its attributes: `d.get(k)` ⇔ `d[k]`. Entries named like a method
 * shadow the method on that instance.
 * @example
 * ```ts
 * const d = new Dict({ a: 1, b: new ParamState(2) });
 * d.get("a"); // 1
 * ```
 * @public
 */
export class Dict extends Node {
  [key: string]: unknown;
  /** @param entries - initial entries (applied in order) */
  constructor(...entries: (Readonly<Record<string, unknown>> | Iterable<readonly [string, unknown]>)[]) {
    super();
    for (const e of entries) {
      const pairs = Symbol.iterator in Object(e) ? [...(e as Iterable<readonly [string, unknown]>)] : Object.entries(e);
      for (const [k, v] of pairs) (this as Record<string, unknown>)[k] = v;
    }
  }
  /** The entry at `key`. */
  get(key: string): unknown {
    return (this as Record<string, unknown>)[key];
  }
  /** Sets the entry at `key`. */
  set(key: string, value: unknown): void {
    (this as Record<string, unknown>)[key] = value;
  }
  /** The keys. */
  keys(): string[] {
    return Object.keys(this);
  }
  /** The values. */
  values(): unknown[] {
    return Object.keys(this).map((k) => (this as Record<string, unknown>)[k]);
  }
  /** `[key, value]` pairs. */
  entries(): [string, unknown][] {
    return Object.keys(this).map((k) => [k, (this as Record<string, unknown>)[k]]);
  }
  /** Number of entries (Python `len`). */
  get size(): number {
    return Object.keys(this).length;
  }
  [Symbol.iterator](): Iterator<string> {
    return this.keys()[Symbol.iterator]();
  }
}

/**
 * A node storing its items as attributes `"0"`, `"1"`, …: `l.get(i)`, `l.set(i, v)`, iteration
 * over the items, `length`, `append`, `extend`, `concat` (Python `+`).
 * @example
 * ```ts
 * const l = new List([new Linear(), new Linear()]);
 * l.get(1);
 * ```
 * @public
 */
export class List<T = unknown> extends Node {
  /** @param items - initial items */
  constructor(items: Iterable<T> = []) {
    super();
    let i = 0;
    for (const item of items) (this as unknown as Record<string, unknown>)[String(i++)] = item;
  }
  /** The item at `index`. */
  get(index: number): T {
    return (this as unknown as Record<string, T>)[String(index)] as T;
  }
  /** Replaces the item at `index`. */
  set(index: number, value: T): void {
    (this as unknown as Record<string, T>)[String(index)] = value;
  }
  /** Number of items (Python `len`). */
  get length(): number {
    return Object.keys(this).length;
  }
  /** Appends an item. */
  append(value: T): void {
    this.set(this.length, value);
  }
  /** Appends several items. */
  extend(values: Iterable<T>): void {
    for (const v of values) this.append(v);
  }
  /** A new List with this list's items followed by `other`'s. */
  concat(other: Iterable<T>): List<T> {
    return new List<T>([...this, ...other]);
  }
  *[Symbol.iterator](): Iterator<T> {
    const n = this.length;
    for (let i = 0; i < n; i++) yield this.get(i);
  }
}

/** A callable layer: a function, or an object with a `call` method (a module). @public */
export type Layer = ((...args: never[]) => unknown) | { call(...args: never[]): unknown };

/**
 * A node holding `layers` and calling them in order: the first gets `call`'s arguments; each
 * later one gets the previous output, spread when it is a JS array, as one argument otherwise.
 * @example
 * ```ts
 * const seq = new Sequential((x: Array) => x.mul(2), new Linear());
 * seq.call(x);
 * ```
 * @public
 */
export class Sequential extends Node {
  /** The layers, in call order. */
  layers: Layer[];
  constructor(...layers: Layer[]) {
    super();
    this.layers = layers;
  }
  /**
   * Runs the layers in order.
   * @throws ValueError when a layer is not callable.
   */
  call(...args: unknown[]): unknown {
    let output: unknown = undefined;
    this.layers.forEach((f, i) => {
      const input = i === 0 ? args : globalThis.Array.isArray(output) ? (output as unknown[]) : [output];
      if (typeof f === "function") output = (f as (...a: unknown[]) => unknown)(...input);
      else if (typeof f === "object" && f !== null && typeof (f as { call?: unknown }).call === "function") output = (f as { call(...a: unknown[]): unknown }).call(...input);
      else throw new ValueError(`Sequential.call: layer ${i} is not callable (${typeof f}); layers must be functions or objects with a call method`);
    });
    return output;
  }
}
