// State: the mutable container of a pytree of arrays whose reads and writes are recorded by the
// open StateTraceStacks, its marker subclasses, and TreefyState, its immutable pytree reference.
// Layer: state. Ported from brainstate's _state.py.

import {
  Array as CoreArray,
  DTypeError,
  formatAval,
  ShapeError,
  TracerLeakError,
  tree,
  TreeMismatchError,
  ValueError,
} from "@brainstate/core";
import { currentTrace, Tracer, type Trace } from "@brainstate/core/extend";
import { TraceContextError } from "./errors.js";
import { jaxTracerCheck, newStateCatchers, stateStack, treeCheck, type StateRecorder } from "./internal/traceContext.js";
import { PrettyAttr, PrettyRepr, PrettyType, repr, type PrettyItem } from "./prettyRepr.js";
import { StateJaxTracer } from "./tracers.js";
import { isMissing, Missing } from "./typing.js";

const THIS_FILE = import.meta.url;

/**
 * Where a State was created: the first stack frame outside this module, read lazily (capturing
 * the stack is cheap; formatting it happens only when the text is asked for).
 * @public
 */
export class SourceInfo {
  readonly #holder: Error;
  constructor() {
    this.#holder = new Error();
  }
  /** The creation frame, e.g. `at Model.initState (file:///…/model.ts:12:14)`, or "" when unknown. */
  get frame(): string {
    const lines = (this.#holder.stack ?? "").split("\n").slice(1);
    let path = THIS_FILE;
    try {
      path = decodeURIComponent(new URL(THIS_FILE).pathname);
    } catch {
      // keep the URL form
    }
    const outside = lines.find((l) => !l.includes(THIS_FILE) && !l.includes(path));
    return outside?.trim() ?? "";
  }
  toString(): string {
    return this.frame;
  }
}

/** Options of the State constructors: `name`, `tag` and any further metadata keys. @public */
export interface StateOptions {
  /** A name for printing and lookup. @defaultValue null */
  name?: string | null;
  /** A tag string that filters can select on (`graph.states(model, "new")`). @defaultValue null */
  tag?: string | null;
  /** Any other metadata, kept with the state and its TreefyState references. */
  [key: string]: unknown;
}

/**
 * A value together with metadata for the State it will initialise (brainstate's
 * `StateMetadata`): `new ParamState(new StateMetadata(w, { sharding: "x" }))`.
 * @public
 */
export class StateMetadata<A = unknown> {
  readonly rawValue: A;
  readonly metadata: Readonly<Record<string, unknown>>;
  constructor(rawValue: A, metadata: Readonly<Record<string, unknown>> = {}) {
    this.rawValue = rawValue;
    this.metadata = metadata;
  }
}

/**
 * Wraps an initializer so that it returns a {@link StateMetadata} carrying `metadata`.
 * @public
 */
export function withMetadata<Args extends unknown[], A>(initializer: (...args: Args) => A, metadata: Readonly<Record<string, unknown>>): (...args: Args) => StateMetadata<A> {
  return (...args: Args) => new StateMetadata(initializer(...args), metadata);
}

/** A State class (used by TreefyState and type filters). @public */
export type StateClass = abstract new (...args: never) => State;

/** Metadata keys a State keeps under its own fields rather than in `metadata`. */
const OWN_KEYS = ["name", "tag", "sourceInfo", "beenWriten"];

function splitMetadata(all: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const user: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(all)) if (!OWN_KEYS.includes(k)) user[k] = v;
  return user;
}

function isTracerOutside(x: Tracer, current: Trace): boolean {
  if (x.trace.isFinished) return true;
  for (let t: Trace | undefined = current; t !== undefined; t = t.parent) if (t === x.trace) return false;
  return true;
}

function checkNoForeignTracers(state: State, v: unknown): void {
  if (v instanceof CoreArray && !(v instanceof Tracer)) return;
  const leaves = v instanceof Tracer ? [v] : tree.leaves(v);
  let current: Trace | undefined;
  for (const leaf of leaves) {
    if (!(leaf instanceof Tracer)) continue;
    current ??= currentTrace();
    if (isTracerOutside(leaf, current)) {
      throw new TracerLeakError(
        `${state.constructor.name}.value: the new value holds a ${formatAval(leaf.aval)} tracer of a transformation that is ${leaf.trace.isFinished ? "already finished" : "not in effect here"}, so it cannot be stored outside its trace; return the value from the transformed function and write the returned (concrete) array instead`,
      );
    }
  }
}

function leafAval(x: unknown): { shape: readonly number[]; dtype?: string } | undefined {
  if (x instanceof CoreArray) return { shape: x.shape, dtype: x.dtype };
  if (typeof x === "number" || typeof x === "boolean") return { shape: [] };
  return undefined;
}

/** Level of a new State: the number of open trace stacks (stacks opened later see it). */
function traceStackLevel(): number {
  return stateStack.length;
}

/**
 * The pointer to dynamical data: a mutable container of a pytree of arrays. Reading
 * `state.value` inside an open `StateTraceStack` records the state (and, under a staging
 * transformation, lifts its value into the program as an input); writing records it as an
 * output. Subclass it to mark a kind of state (`ParamState`, `HiddenState`, …): filters select
 * states by class.
 * @example
 * ```ts
 * const v = new State(np.zeros([3]), { name: "v" });
 * v.value = v.value.add(1);
 * ```
 * @public
 */
export class State<A = unknown> extends PrettyRepr {
  /** @internal */ _value: A;
  /** @internal */ _level: number;
  /** @internal */ _traceState: StateJaxTracer;
  /** @internal */ _sourceInfo: SourceInfo | undefined;
  /** @internal */ _name: string | null;
  /** @internal */ _tag: string | null;
  /** @internal */ _beenWriten: boolean | undefined;
  /** @internal */ _metadata: Record<string, unknown>;

  /**
   * @param value - a pytree of arrays; a State is unwrapped to its value and a StateMetadata to its raw value (its metadata merged)
   * @param options - `name`, `tag` and extra metadata
   */
  constructor(value: A | StateMetadata<A> | State<A>, options: StateOptions = {}) {
    super();
    const { name = null, tag = null, ...rest } = options;
    let metadata: Record<string, unknown> = rest;
    let v: unknown = value;
    if (v instanceof StateMetadata) {
      metadata = { ...metadata, ...v.metadata };
      v = v.rawValue;
    }
    if (v instanceof State) v = v.value;
    this._traceState = new StateJaxTracer();
    this._value = v as A;
    this._level = traceStackLevel();
    this._sourceInfo = new SourceInfo();
    this._name = name;
    this._tag = tag;
    this._beenWriten = false;
    this._metadata = metadata;
    for (const c of newStateCatchers) c.append(this);
  }

  /** The state's name (setting it is allowed from any trace). */
  get name(): string | null {
    return this._name;
  }
  set name(name: string | null) {
    this._name = name;
  }

  /** The tag filters select on (`catchNewStates(tag, …)` sets it). */
  get tag(): string | null {
    return this._tag;
  }
  set tag(tag: string | null) {
    this.checkMutation();
    this._tag = tag;
  }

  /** Extra metadata given at construction (everything but name and tag). */
  get metadata(): Readonly<Record<string, unknown>> {
    return this._metadata;
  }

  /** Where the state was created. */
  get sourceInfo(): SourceInfo | undefined {
    return this._sourceInfo;
  }

  /** The current value; the read is recorded on every open trace stack that can see this state. */
  get value(): A {
    this.checkIfDeleted();
    for (let i = this._level; i < stateStack.length; i++) (stateStack[i] as StateRecorder).readItsValue(this);
    return this._value;
  }
  set value(v: A) {
    this.checkMutation();
    this.writeValue(v);
    this._beenWriten = true;
  }

  /**
   * Writes a new value (what `state.value = v` does, without marking the state written).
   * @throws ValueError when `v` is a State.
   * @throws TracerLeakError when `v` holds a tracer of a transformation that is not in effect.
   * @throws TreeMismatchError, ShapeError, DTypeError when value-tree checking is on (`checkStateValueTree`) and the structure, a shape or a dtype changes.
   */
  writeValue(v: A): void {
    if ((v as unknown) instanceof State) {
      throw new ValueError(`${this.constructor.name}.value: cannot set a State as the value of another State; assign its value (other.value) instead`);
    }
    checkNoForeignTracers(this, v);
    if (treeCheck[treeCheck.length - 1] === true) this.checkValueTree(v, true);
    for (let i = this._level; i < stateStack.length; i++) (stateStack[i] as StateRecorder).writeItsValue(this);
    this._value = v;
  }

  /**
   * Puts a value back without marking the state written (the read is recorded): used when
   * restoring values after tracing. The tree structure must not change.
   * @throws ValueError when `v` is a State; TreeMismatchError when the structure changes.
   */
  restoreValue(v: A): void {
    if ((v as unknown) instanceof State) {
      throw new ValueError(`${this.constructor.name}.restoreValue: cannot restore a State as the value of another State; pass its value instead`);
    }
    this.checkValueTree(v, false);
    for (let i = this._level; i < stateStack.length; i++) (stateStack[i] as StateRecorder).readItsValue(this);
    this._value = v;
  }

  /** Maps `fn` over the leaves of the value (the read is recorded). */
  valueCall(fn: (leaf: never) => unknown): unknown {
    return tree.map(fn as (leaf: unknown) => unknown, this.value);
  }

  /** Throws TraceContextError with `errorMsg()` when the current trace is not the one this state was created in. */
  checkValidTrace(errorMsg: () => string): void {
    if (!this._traceState.isValid()) throw new TraceContextError(errorMsg());
  }

  /** Hook run before every read; subclasses that can be deleted (RandomState) override it. */
  checkIfDeleted(): void {}

  /**
   * Copies a TreefyState's metadata into this state, then its value: written (`value =`) when
   * the reference says the state was written (the default), restored otherwise.
   */
  updateFromRef(ref: TreefyState<A>): void {
    const md = ref.getMetadata();
    this._applyMetadata(md);
    if (md["beenWriten"] === undefined || md["beenWriten"] === true) this.value = ref.value;
    else this.restoreValue(ref.value);
  }

  /**
   * A new state of the same class with some attributes replaced. When `value` is itself a State
   * of the same class it is returned (with `updates` applied to a copy).
   * @param value - the new value, or `Missing` to keep the current one
   * @param updates - `name`, `tag` or metadata keys to change
   * @throws ValueError when `value` is a State of another class.
   */
  replace(value: unknown = Missing, updates: StateOptions = {}): State<A> {
    if (value instanceof State) {
      if (value.constructor !== this.constructor) {
        throw new ValueError(`${this.constructor.name}.replace: cannot replace the value with a ${value.constructor.name}; expected a ${this.constructor.name}`);
      }
      return Object.keys(updates).length > 0 ? (value.replace(Missing, updates) as State<A>) : (value as State<A>);
    }
    const obj = Object.create(Object.getPrototypeOf(this) as object) as State<A>;
    Object.assign(obj, this);
    obj._metadata = { ...this._metadata };
    if (!isMissing(value)) obj._value = value as A;
    obj._applyMetadata(updates);
    return obj;
  }

  /** A shallow copy with a fresh trace snapshot, level and source info (not marked written). */
  copy(): State<A> {
    const obj = Object.create(Object.getPrototypeOf(this) as object) as State<A>;
    Object.assign(obj, this);
    obj._metadata = { ...this._metadata };
    obj._traceState = new StateJaxTracer();
    obj._level = traceStackLevel();
    obj._sourceInfo = new SourceInfo();
    obj._beenWriten = undefined;
    return obj;
  }

  /** An immutable pytree reference to this state: its class, value and metadata. */
  toStateRef(): TreefyState<A> {
    const md: Record<string, unknown> = { name: this._name, tag: this._tag, sourceInfo: this._sourceInfo, ...this._metadata };
    if (this._beenWriten !== undefined) md["beenWriten"] = this._beenWriten;
    return new TreefyState(this.constructor as StateClass, this._value, md);
  }

  /** Same class and identical attributes (value, name, tag, metadata, trace snapshot, level). */
  equals(other: unknown): boolean {
    if (!(other instanceof State) || other.constructor !== this.constructor) return false;
    const a = this._metadata;
    const b = other._metadata;
    const ka = Object.keys(a);
    return (
      other._value === this._value &&
      other._name === this._name &&
      other._tag === this._tag &&
      other._beenWriten === this._beenWriten &&
      other._level === this._level &&
      other._sourceInfo === this._sourceInfo &&
      other._traceState.equals(this._traceState) &&
      ka.length === Object.keys(b).length &&
      ka.every((k) => k in b && a[k] === b[k])
    );
  }

  *prettyRepr(): Iterable<PrettyItem> {
    yield new PrettyType(this.constructor.name);
    yield new PrettyAttr("value", repr(this._value));
    if (this._name !== null) yield new PrettyAttr("name", repr(this._name));
    if (this._tag !== null) yield new PrettyAttr("tag", repr(this._tag));
    for (const [k, v] of Object.entries(this._metadata)) yield new PrettyAttr(k, repr(v));
  }

  /** @internal Sets name/tag/sourceInfo/beenWriten and metadata keys from a metadata record. */
  _applyMetadata(md: Readonly<Record<string, unknown>>): void {
    if ("name" in md) this._name = (md["name"] ?? null) as string | null;
    if ("tag" in md) this._tag = (md["tag"] ?? null) as string | null;
    if ("sourceInfo" in md) this._sourceInfo = md["sourceInfo"] as SourceInfo | undefined;
    if ("beenWriten" in md) this._beenWriten = md["beenWriten"] as boolean | undefined;
    Object.assign(this._metadata, splitMetadata(md));
  }

  private checkMutation(): void {
    if (jaxTracerCheck[jaxTracerCheck.length - 1] === true) {
      this.checkValidTrace(
        () =>
          `Cannot mutate ${this.constructor.name} from a different trace level: it was created under ${this._traceState.jaxTrace.constructor.name} but is written under ${currentTrace().constructor.name} (checkStateJaxTracer is on); create the state outside the transformation and let the transformation lift it, or write it outside`,
      );
    }
  }

  private checkValueTree(v: unknown, shapes: boolean): void {
    const where = `${this.constructor.name}.value${this._name === null ? "" : ` ('${this._name}')`}`;
    const created = this._sourceInfo?.frame;
    const origin = created ? ` (the state was created ${created})` : "";
    const newTree = tree.structure(v);
    const oldTree = tree.structure(this._value);
    if (!newTree.equals(oldTree)) {
      throw new TreeMismatchError(
        `${where}: the new value has structure ${newTree.toString()} but the state holds ${oldTree.toString()}${origin}; a state keeps the tree structure it was created with — assign a value of the same structure, or create a new state`,
      );
    }
    if (!shapes) return;
    const olds = tree.leaves(this._value);
    tree.leaves(v).forEach((leaf, i) => {
      const a = leafAval(leaf);
      const b = leafAval(olds[i]);
      if (a === undefined || b === undefined) return;
      if (a.shape.length !== b.shape.length || a.shape.some((d, j) => d !== b.shape[j])) {
        throw new ShapeError(
          `${where}: leaf ${i} of the new value has shape [${a.shape.join(",")}] but the state holds shape [${b.shape.join(",")}]${origin}; value-tree checking (checkStateValueTree) is on, so shapes may not change — write an array of shape [${b.shape.join(",")}] or create a new state`,
        );
      }
      if (a.dtype !== undefined && b.dtype !== undefined && a.dtype !== b.dtype) {
        throw new DTypeError(
          `${where}: leaf ${i} of the new value has dtype ${a.dtype} but the state holds ${b.dtype}${origin}; value-tree checking (checkStateValueTree) is on, so dtypes may not change — cast with .astype('${b.dtype}')`,
        );
      }
    });
  }
}

/** Per-run state, reset between trials (brainstate's ShortTermState). @public */
export class ShortTermState<A = unknown> extends State<A> {}

/** Persistent state, kept across runs (brainstate's LongTermState). @public */
export class LongTermState<A = unknown> extends State<A> {}

/** Dynamical hidden variables: membrane potentials, synaptic conductances, RNN hidden states. @public */
export class HiddenState<A = unknown> extends ShortTermState<A> {}

/** Trainable parameters (optimizers and `grad` select these). @public */
export class ParamState<A = unknown> extends LongTermState<A> {}

/**
 * An immutable-by-convention pytree reference to a State: its class, value and metadata. Its one
 * pytree child is `value`; class and metadata are static. `toState()` makes a new State from it.
 * @example
 * ```ts
 * const ref = new ParamState(np.ones([2])).toStateRef();
 * tree.map((x) => x.mul(2), ref); // a TreefyState with the doubled value
 * ```
 * @public
 */
export class TreefyState<A = unknown> extends PrettyRepr {
  /** The class of the referenced state. */
  readonly type: StateClass;
  /** The referenced value. */
  value: A;
  readonly #metadata: Readonly<Record<string, unknown>>;
  /**
   * @param type - the State class
   * @param value - the value
   * @param metadata - `name`, `tag`, `sourceInfo`, `beenWriten` and user metadata
   */
  constructor(type: StateClass, value: A, metadata: Readonly<Record<string, unknown>> = {}) {
    super();
    this.type = type;
    this.value = value;
    this.#metadata = { ...metadata };
  }
  /** The referenced state's name. */
  get name(): string | null {
    return (this.#metadata["name"] ?? null) as string | null;
  }
  /** The referenced state's tag (tag filters select on it). */
  get tag(): string | null {
    return (this.#metadata["tag"] ?? null) as string | null;
  }
  /** A copy of the metadata. */
  getMetadata(): Record<string, unknown> {
    return { ...this.#metadata };
  }
  /** The same reference with another value. */
  replace<B>(value: B): TreefyState<B> {
    return new TreefyState(this.type, value, this.#metadata);
  }
  /** A new State of `type` holding the value and metadata (no constructor runs, so no catcher sees it). */
  toState(): State<A> {
    const st = Object.create(this.type.prototype as object) as State<A>;
    const md = this.#metadata;
    st._value = this.value;
    st._level = traceStackLevel();
    st._traceState = new StateJaxTracer();
    st._sourceInfo = md["sourceInfo"] as SourceInfo | undefined;
    st._name = (md["name"] ?? null) as string | null;
    st._tag = (md["tag"] ?? null) as string | null;
    st._beenWriten = md["beenWriten"] as boolean | undefined;
    st._metadata = splitMetadata(md);
    return st;
  }
  /** A copy (the pytree identity map). */
  copy(): TreefyState<A> {
    return tree.map((x: unknown) => x, this) as TreefyState<A>;
  }
  *prettyRepr(): Iterable<PrettyItem> {
    yield new PrettyType("TreefyState");
    yield new PrettyAttr("type", this.type.name);
    yield new PrettyAttr("value", repr(this.value));
    for (const [k, v] of Object.entries(this.#metadata)) {
      if (k === "sourceInfo" || v === null || v === undefined) continue;
      yield new PrettyAttr(k, repr(v));
    }
  }
}

interface TreefyAux {
  readonly type: StateClass;
  readonly metadata: Readonly<Record<string, unknown>>;
}

function metadataEqual(a: Readonly<Record<string, unknown>>, b: Readonly<Record<string, unknown>>): boolean {
  const ka = Object.keys(a).filter((k) => k !== "sourceInfo");
  const kb = Object.keys(b).filter((k) => k !== "sourceInfo");
  return ka.length === kb.length && ka.every((k) => k in b && a[k] === b[k]);
}

tree.registerNode<TreefyState<unknown>, TreefyAux>(TreefyState, {
  flatten: (ts) => [[ts.value], { type: ts.type, metadata: ts.getMetadata() } satisfies TreefyAux],
  unflatten: (aux: TreefyAux, children) => new TreefyState(aux.type, children[0], aux.metadata),
  auxEquals: (a, b) => a.type === b.type && metadataEqual(a.metadata, b.metadata),
  name: "TreefyState",
});
