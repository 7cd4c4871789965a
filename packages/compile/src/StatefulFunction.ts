// StatefulFunction: traces a function that reads and writes States into a program whose extra
// inputs are the states' values (lifted on first read) and whose extra outputs are the new
// values of the states it writes; calling it feeds current values in and writes new ones back.
// Every brainstate transformation is this plus the matching core transformation (DESIGN §5).
// Layer: compile. Ported from brainstate's compile/_make_jaxpr.py.

import { Array, ClosedJaxpr, Jaxpr, ShapedArray, tree } from "@brainstate/core";
import { checkOptions, currentTrace, flattenArrays, jitP, StagingTrace, Tracer, withTrace, type TreeDef } from "@brainstate/core/extend";
import { State, StateTraceStack } from "@brainstate/state";

/** Options of {@link StatefulFunction}. @public */
export interface StatefulFunctionOptions {
  /** Positional arguments that are compile-time constants (any JS value; part of the cache key). */
  staticArgnums?: number | readonly number[];
  /** Name used in programs and errors. */
  name?: string;
}

/** One traced program of a StatefulFunction, for one argument signature. @public */
export interface StatefulProgram {
  /** The program: `[argument leaves..., state leaves...] → [output leaves..., written-state leaves...]` (constants inside). */
  readonly jaxpr: ClosedJaxpr;
  /** Every state the function touched, in order of first use. */
  readonly states: readonly State[];
  /** For each state: whether the function wrote it. */
  readonly written: readonly boolean[];
  /** Structure of each state's value when traced. */
  readonly stateTrees: readonly TreeDef[];
  /** Structure of each written state's new value. */
  readonly writtenTrees: readonly TreeDef[];
  /** Structure of the function's output. */
  readonly outTree: TreeDef;
  /** Number of output leaves (before the written-state leaves). */
  readonly numOutLeaves: number;
}

function staticKey(v: unknown): string {
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return `#${String(v)}`;
  }
}

/**
 * A function of arrays and States, traced once per argument signature into a program with the
 * states as explicit inputs and outputs. `call(...args)` runs the compiled program and writes the
 * new state values back; `jaxprCall(stateValues, ...args)` is the pure form.
 * @example
 * ```ts
 * const count = new ShortTermState(np.zeros([]));
 * const step = new StatefulFunction((x: Array) => { count.value = count.value.add(1); return x.mul(2); });
 * step.call(np.ones([3]));       // count.value is now 1
 * step.getWriteStates(np.ones([3])); // [count]
 * ```
 * @public
 */
export class StatefulFunction<A extends unknown[] = unknown[], R = unknown> {
  /** The wrapped function. */
  readonly fn: (...args: A) => R;
  /** Name used in programs and errors. */
  readonly name: string;
  private readonly statics: ReadonlySet<number>;
  private readonly cache = new Map<string, StatefulProgram>();

  constructor(fn: (...args: A) => R, options: StatefulFunctionOptions = {}) {
    checkOptions("StatefulFunction", options, ["staticArgnums", "name"]);
    this.fn = fn;
    this.name = options.name ?? (fn.name || "fn");
    this.statics = new Set(typeof options.staticArgnums === "number" ? [options.staticArgnums] : (options.staticArgnums ?? []));
  }

  private flattenArgs(args: A): { leaves: Array[]; tree: TreeDef; key: string } {
    const [leaves, inTree] = flattenArrays(this.name, args.map((a, i) => (this.statics.has(i) ? null : a)));
    let key = `${inTree.toString()}|${[...this.statics].map((i) => staticKey(args[i])).join(",")}`;
    for (const l of leaves) key += `|${l.dtype}${l.weakType ? "~" : ""}${l.shape.join(",")}`;
    return { leaves, tree: inTree, key };
  }

  /** Traces the function for these arguments (cached by signature) and returns its program. */
  makeJaxpr(...args: A): StatefulProgram {
    const { leaves, tree: inTree, key } = this.flattenArgs(args);
    const hit = this.cache.get(key);
    if (hit && this.statesStillFit(hit)) return hit;
    const program = this.trace(args, leaves, inTree);
    // A program that closed over tracers of an enclosing transformation is valid for this call only.
    if (!program.jaxpr.consts.some((c) => c instanceof Tracer)) this.cache.set(key, program);
    return program;
  }

  /** A cached program stays valid while its states keep the structures, shapes and dtypes it was traced with. */
  private statesStillFit(p: StatefulProgram): boolean {
    const avals = p.jaxpr.inAvals.slice(p.jaxpr.inAvals.length - p.stateTrees.reduce((n, t) => n + t.numLeaves, 0));
    let k = 0;
    return p.states.every((s, i) => {
      const [ls, t] = tree.flatten(s._value);
      if (!t.equals(p.stateTrees[i] as TreeDef)) return false;
      return ls.every((l) => {
        const a = avals[k++] as ShapedArray;
        const x = l instanceof Array ? l : null;
        return x !== null && x.dtype === a.dtype && x.shape.length === a.shape.length && x.shape.every((d, j) => d === a.shape[j]);
      });
    });
  }

  private trace(args: A, argLeaves: readonly Array[], inTree: TreeDef): StatefulProgram {
    const staging = new StagingTrace(currentTrace());
    const stack = new StateTraceStack((aval: ShapedArray) => staging.newArg(aval));
    try {
      const argTracers = argLeaves.map((l) => staging.newArg(new ShapedArray(l.shape, l.dtype, l.weakType)));
      const full = tree.unflatten(inTree, argTracers) as unknown[];
      this.statics.forEach((i) => (full[i] = args[i]));
      const [outLeaves, outTree] = withTrace(staging, () => stack.run(() => flattenArrays(`${this.name} (output)`, this.fn(...(full as A)))));
      const states = [...stack.states];
      const written = [...stack.beenWriten];
      const writtenTrees: TreeDef[] = [];
      const writtenLeaves: Array[] = [];
      states.forEach((s, i) => {
        if (!written[i]) return;
        const [ls, t] = flattenArrays(`${this.name} (state ${s.name ?? i})`, s._value);
        writtenTrees.push(t);
        writtenLeaves.push(...ls);
      });
      const stateTrees = stack.originalStateValues.map((v) => tree.structure(v));
      const jaxpr = staging.toClosedJaxpr([...outLeaves, ...writtenLeaves]);
      return { jaxpr, states, written, stateTrees, writtenTrees, outTree, numOutLeaves: outLeaves.length };
    } finally {
      stack.recoveryOriginalValues();
      staging.finish();
    }
  }

  /** The program traced for these arguments. */
  getJaxpr(...args: A): ClosedJaxpr {
    return this.makeJaxpr(...args).jaxpr;
  }

  /** Every state the function touches with these arguments, in order of first use. */
  getStates(...args: A): State[] {
    return [...this.makeJaxpr(...args).states];
  }

  /** The states the function only reads. */
  getReadStates(...args: A): State[] {
    const p = this.makeJaxpr(...args);
    return p.states.filter((_, i) => !p.written[i]);
  }

  /** The states the function writes. */
  getWriteStates(...args: A): State[] {
    const p = this.makeJaxpr(...args);
    return p.states.filter((_, i) => p.written[i]);
  }

  /** Abstract values of the function's output (a pytree of `ShapedArray`). */
  getOutShapes(...args: A): unknown {
    const p = this.makeJaxpr(...args);
    return tree.unflatten(p.outTree, p.jaxpr.outAvals.slice(0, p.numOutLeaves));
  }

  /**
   * Runs the program purely: `stateValues` are the values of `getStates(...args)` in order; returns
   * `[newStateValues, output]` (read-only states keep their given values). Works under every
   * core transformation.
   */
  jaxprCall(stateValues: readonly unknown[], ...args: A): [unknown[], R] {
    const p = this.makeJaxpr(...args);
    if (stateValues.length !== p.states.length) {
      throw new Error(`${this.name}.jaxprCall: expected ${p.states.length} state values (one per state of getStates), got ${stateValues.length}`);
    }
    const { leaves } = this.flattenArgs(args);
    const stateLeaves = stateValues.flatMap((v, i) => flattenArrays(`${this.name} (state ${i})`, v)[0].map((l) => l));
    const outs = this.run(p, leaves, stateLeaves);
    const out = tree.unflatten(p.outTree, outs.slice(0, p.numOutLeaves)) as R;
    let o = p.numOutLeaves;
    let w = 0;
    const newValues = p.states.map((_, i) => {
      if (!p.written[i]) return stateValues[i];
      const t = p.writtenTrees[w++] as TreeDef;
      const value = tree.unflatten(t, outs.slice(o, o + t.numLeaves));
      o += t.numLeaves;
      return value;
    });
    return [newValues, out];
  }

  private run(p: StatefulProgram, argLeaves: readonly Array[], stateLeaves: readonly Array[]): Array[] {
    const j = p.jaxpr.jaxpr;
    const constFree = new Jaxpr([], [...j.constvars, ...j.invars], j.eqns, j.outvars);
    const operands = [...p.jaxpr.consts, ...argLeaves, ...stateLeaves];
    return jitP.bind(operands, { jaxpr: constFree, name: this.name, donated: operands.map(() => false), backend: null });
  }

  /** Calls the function: current state values in, written states updated afterwards. */
  call(...args: A): R {
    const p = this.makeJaxpr(...args);
    const values = p.states.map((s) => s.value);
    const [newValues, out] = this.jaxprCall(values, ...args);
    p.states.forEach((s, i) => {
      if (p.written[i]) s.value = newValues[i];
    });
    return out;
  }

  /** Forgets every traced program. */
  clearCache(): void {
    this.cache.clear();
  }
}
