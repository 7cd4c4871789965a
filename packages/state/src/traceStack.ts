// StateTraceStack: the record of which states a traced function reads and writes (in order,
// with their original values), plus the scoped switches around it: catchNewStates,
// checkStateValueTree, checkStateJaxTracer. Layer: state. Ported from brainstate's _state.py.

import { Array as CoreArray, np, ShapedArray, tree } from "@brainstate/core";
import { jaxTracerCheck, newStateCatchers, stateStack, treeCheck, withPushed } from "./internal/traceContext.js";
import { State } from "./State.js";

/** Mints a program input for an abstract value (e.g. `(aval) => newJaxTrace().newArg(aval)`). @public */
export type NewArgFn = (aval: ShapedArray) => CoreArray;

function avalOf(x: unknown): ShapedArray {
  const a = x instanceof CoreArray ? x : np.asArray(x as number | boolean, "StateTraceStack.newArg");
  return new ShapedArray(a.shape, a.dtype, a.weakType);
}

/** Options of `StateTraceStack.getStateValues`. @public */
export interface GetStateValuesOptions {
  /** Return `[writtenValues, readValues]` instead of all values. @defaultValue false */
  separate?: boolean;
  /** With `separate`, both lists have one slot per state, `null` where the state is in the other list. @defaultValue false */
  replace?: boolean;
}

/**
 * Records the states a function touches while it runs inside `stack.run(fn)`: each state once,
 * in order of first use, whether it was written, and its value before the first use. With a
 * `newArg` hook, a state's first read replaces its value by fresh program inputs (one per
 * leaf) — how a state read inside a staged trace becomes an input; `recoveryOriginalValues()`
 * puts the originals back.
 * @example
 * ```ts
 * const stack = new StateTraceStack();
 * stack.run(() => { a.value = b.value.add(1); });
 * stack.getReadStates();  // [b]
 * stack.getWriteStates(); // [a]
 * ```
 * @public
 */
export class StateTraceStack {
  /** The states seen, in order of first use. */
  readonly states: State[] = [];
  /** For each state in `states`: true when it was written (brainstate's `been_writen`). */
  readonly beenWriten: boolean[] = [];
  readonly #index = new Map<State, number>();
  readonly #originals: unknown[] = [];
  #newArg: NewArgFn | undefined;

  /** @param newArg - the hook that lifts a state's value into the program on its first read */
  constructor(newArg?: NewArgFn) {
    this.#newArg = newArg;
  }

  /** The value each state had before this stack first saw it. */
  get originalStateValues(): readonly unknown[] {
    return [...this.#originals];
  }

  /** Sets (or clears) the lifting hook. */
  setNewArg(newArg: NewArgFn | undefined): void {
    this.#newArg = newArg;
  }

  /** Replaces the state's value by fresh program inputs when a hook is set. */
  newArg(state: State): void {
    const hook = this.#newArg;
    if (hook === undefined) return;
    state._value = tree.map((x: unknown) => hook(avalOf(x)), state._value);
  }

  /** Runs `fn` with this stack open (pushed on the global stack), closing it afterwards, also on error. */
  run<T>(fn: () => T): T {
    return withPushed(stateStack, this, fn);
  }

  /** Records a read: on first sight the state is appended, its original value saved and lifted. */
  readItsValue(state: State): void {
    if (this.#index.has(state)) return;
    this.#index.set(state, this.states.length);
    this.states.push(state);
    this.beenWriten.push(false);
    this.#originals.push(state._value);
    this.newArg(state);
  }

  /** Records a write (a first sight counts as a read first). */
  writeItsValue(state: State): void {
    if (!this.#index.has(state)) this.readItsValue(state);
    this.beenWriten[this.#index.get(state) as number] = true;
  }

  /**
   * The current values of the recorded states.
   * @returns all values, or with `separate` the pair `[written, read]`
   */
  getStateValues(options?: { separate?: false; replace?: boolean }): unknown[];
  getStateValues(options: { separate: true; replace?: boolean }): [unknown[], unknown[]];
  getStateValues(options: GetStateValuesOptions = {}): unknown[] | [unknown[], unknown[]] {
    if (options.separate !== true) return this.states.map((s) => s.value);
    const writes: unknown[] = [];
    const reads: unknown[] = [];
    this.states.forEach((s, i) => {
      const w = this.beenWriten[i] === true;
      if (options.replace === true) {
        writes.push(w ? s.value : null);
        reads.push(w ? null : s.value);
      } else (w ? writes : reads).push(s.value);
    });
    return [writes, reads];
  }

  /** Puts every recorded state's original value back (without recording anything). */
  recoveryOriginalValues(): void {
    this.states.forEach((s, i) => {
      s._value = this.#originals[i];
    });
  }

  /** Adds the states of other stacks (keeping their write flags and original values); returns this. */
  merge(...traces: StateTraceStack[]): this {
    for (const t of traces) {
      t.states.forEach((s, i) => {
        if (!this.#index.has(s)) {
          this.#index.set(s, this.states.length);
          this.#originals.push(t.#originals[i]);
          this.states.push(s);
          this.beenWriten.push(false);
        }
        if (t.beenWriten[i] === true) this.writeItsValue(s);
      });
    }
    return this;
  }

  /** The states only read; with `replaceWriten`, one slot per state with `null` for written ones. */
  getReadStates(replaceWriten = false): (State | null)[] {
    return this.pick(false, replaceWriten, (s) => s);
  }

  /** The values of the states only read (same convention as `getReadStates`). */
  getReadStateValues(replaceWriten = false): unknown[] {
    return this.pick(false, replaceWriten, (s) => s.value);
  }

  /** The written states; with `replaceRead`, one slot per state with `null` for read-only ones. */
  getWriteStates(replaceRead = false): (State | null)[] {
    return this.pick(true, replaceRead, (s) => s);
  }

  /** The values of the written states (same convention as `getWriteStates`). */
  getWriteStateValues(replaceRead = false): unknown[] {
    return this.pick(true, replaceRead, (s) => s.value);
  }

  /** A new stack holding the union of this one and `other` (Python `self + other`). */
  add(other: StateTraceStack): StateTraceStack {
    return new StateTraceStack().merge(this, other);
  }

  private pick<T>(written: boolean, keepSlots: boolean, f: (s: State) => T): (T | null)[] {
    const out: (T | null)[] = [];
    this.states.forEach((s, i) => {
      const match = (this.beenWriten[i] === true) === written;
      if (match) out.push(f(s));
      else if (keepSlots) out.push(null);
    });
    return out;
  }
}

/** Collects the States constructed inside `catchNewStates` and tags them. @public */
export class Catcher {
  /** The tag given to every caught state (null clears their tags, as in brainstate). */
  readonly tag: string | null;
  /** The caught states, in creation order. */
  readonly states: State[] = [];
  /** The caught states as a set (brainstate's `state_ids`). */
  readonly stateIds = new Set<State>();
  constructor(tag: string | null) {
    this.tag = tag;
  }
  /** Records a state once and sets its tag. */
  append(state: State): void {
    if (this.stateIds.has(state)) return;
    this.stateIds.add(state);
    this.states.push(state);
    state._tag = this.tag;
  }
}

/**
 * Runs `fn` with a catcher that records every State constructed meanwhile (once each) and sets
 * its `tag`; returns `fn`'s result.
 * @example
 * ```ts
 * catchNewStates("new", (catcher) => model.initAllStates());
 * graph.popStates(model, "new");
 * ```
 * @public
 */
export function catchNewStates<T>(fn: (catcher: Catcher) => T): T;
/** Overload of `catchNewStates` (see its first signature). @public */
export function catchNewStates<T>(tag: string | null, fn: (catcher: Catcher) => T): T;
export function catchNewStates<T>(tagOrFn: string | null | ((catcher: Catcher) => T), maybeFn?: (catcher: Catcher) => T): T {
  const [tag, fn] = typeof tagOrFn === "function" ? [null, tagOrFn] : [tagOrFn, maybeFn as (catcher: Catcher) => T];
  const catcher = new Catcher(tag);
  return withPushed(newStateCatchers, catcher, () => fn(catcher));
}

/**
 * Runs `fn` with value-tree checking switched on (or off with `val = false`): while on, writing
 * `state.value` with a different tree structure, leaf shape or leaf dtype throws.
 * @example
 * ```ts
 * checkStateValueTree(() => { s.value = np.zeros([2, 3]); });
 * ```
 * @public
 */
export function checkStateValueTree<T>(fn: () => T): T;
/** Overload of `checkStateValueTree` (see its first signature). @public */
export function checkStateValueTree<T>(val: boolean, fn: () => T): T;
export function checkStateValueTree<T>(valOrFn: boolean | (() => T), maybeFn?: () => T): T {
  const [val, fn] = typeof valOrFn === "function" ? [true, valOrFn] : [valOrFn, maybeFn as () => T];
  return withPushed(treeCheck, val, fn);
}

/**
 * Runs `fn` with trace-level checking switched on (or off with `val = false`): while on,
 * mutating a State from a trace other than the one it was created in throws TraceContextError.
 * @public
 */
export function checkStateJaxTracer<T>(fn: () => T): T;
/** Overload of `checkStateJaxTracer` (see its first signature). @public */
export function checkStateJaxTracer<T>(val: boolean, fn: () => T): T;
export function checkStateJaxTracer<T>(valOrFn: boolean | (() => T), maybeFn?: () => T): T {
  const [val, fn] = typeof valOrFn === "function" ? [true, valOrFn] : [valOrFn, maybeFn as () => T];
  return withPushed(jaxTracerCheck, val, fn);
}
