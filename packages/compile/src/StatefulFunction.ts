// StatefulFunction: traces a function that reads and writes States into a program whose extra
// inputs are the states' values (lifted on first read) and whose extra outputs are the new
// values of the states it writes; calling it feeds current values in and writes new ones back.
// Every brainstate transformation is this plus the matching core transformation (DESIGN §5).
// Layer: compile. Ported from brainstate's compile/_make_jaxpr.py.

import { Array, ClosedJaxpr, Jaxpr, np, ShapedArray, tree, ValueError } from "@brainstate/core";
import { checkOptions, currentTrace, flattenArrays, jitP, StagingTrace, Tracer, withTrace, type Atom, type TreeDef } from "@brainstate/core/extend";
import { State, StateTraceStack } from "@brainstate/state";
import { staticKey } from "./internal/staticKey.js";

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

/** The abstract value of an argument leaf: an Array, a JS number/boolean (weakly typed) or a ShapedArray. */
function leafAval(where: string, x: unknown, i: number): ShapedArray {
  if (x instanceof ShapedArray) return x;
  if (x instanceof Array) return new ShapedArray(x.shape, x.dtype, x.weakType);
  if (typeof x === "number" || typeof x === "boolean") {
    const a = np.asArray(x, where);
    return new ShapedArray(a.shape, a.dtype, a.weakType);
  }
  throw new ValueError(`${where}: leaf ${i} of the arguments is ${x === null ? "null" : typeof x}; stateful functions take Arrays, numbers, ShapedArrays (for abstract tracing) or pytrees of them`);
}

const isAvalLeaf = (x: unknown): boolean => x instanceof ShapedArray;

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

  /** The dynamic argument leaves, their abstract values, the argument structure and the cache key. */
  private abstractArgs(args: A): { leaves: unknown[]; avals: ShapedArray[]; tree: TreeDef; key: string } {
    const [leaves, inTree] = tree.flatten(
      args.map((a, i) => (this.statics.has(i) ? null : a)),
      isAvalLeaf,
    );
    const avals = leaves.map((l, i) => leafAval(this.name, l, i));
    let key = `${inTree.toString()}|${[...this.statics].map((i) => staticKey(args[i])).join(",")}`;
    for (const a of avals) key += `|${a.dtype}${a.weakType ? "~" : ""}${a.shape.join(",")}`;
    return { leaves, avals, tree: inTree, key };
  }

  /** The concrete (or traced) argument leaves, for running the program. */
  private flattenArgs(args: A): Array[] {
    const [leaves] = tree.flatten(
      args.map((a, i) => (this.statics.has(i) ? null : a)),
      isAvalLeaf,
    );
    return leaves.map((l, i) => {
      if (l instanceof ShapedArray) throw new ValueError(`${this.name}: argument leaf ${i} is an abstract ShapedArray; running the program needs concrete (or traced) arrays`);
      return l instanceof Array ? l : np.asArray(l as number | boolean, this.name);
    });
  }

  /**
   * The cache key of these arguments: the argument structure, the static values and every
   * dynamic leaf's dtype, weak type and shape.
   */
  getArgCacheKey(...args: A): string {
    return this.abstractArgs(args).key;
  }

  /**
   * Traces the function for these arguments (cached by signature) and returns its program.
   * Argument leaves may be `ShapedArray`s, to trace without concrete values.
   */
  makeJaxpr(...args: A): StatefulProgram {
    const { avals, tree: inTree, key } = this.abstractArgs(args);
    const hit = this.cache.get(key);
    if (hit && this.statesStillFit(hit)) return hit;
    const program = this.trace(args, avals, inTree);
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
        const x = l instanceof Array ? l : typeof l === "number" || typeof l === "boolean" ? np.asArray(l, this.name) : null;
        return x !== null && x.dtype === a.dtype && x.shape.length === a.shape.length && x.shape.every((d, j) => d === a.shape[j]);
      });
    });
  }

  private trace(args: A, argAvals: readonly ShapedArray[], inTree: TreeDef): StatefulProgram {
    const staging = new StagingTrace(currentTrace());
    const stack = new StateTraceStack((aval: ShapedArray) => staging.newArg(aval));
    try {
      const argTracers = argAvals.map((a) => staging.newArg(a));
      const full = tree.unflatten(inTree, argTracers) as unknown[];
      this.statics.forEach((i) => (full[i] = args[i]));
      const [outLeaves, outTree] = withTrace(staging, () => stack.run(() => flattenArrays(`${this.name} (output)`, checkNoStates(this.name, this.fn(...(full as A))))));
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

  /** The structure of the function's output. */
  getOutTreedef(...args: A): TreeDef {
    return this.makeJaxpr(...args).outTree;
  }

  /** The states as a StateTraceStack (states in order of first use, with their write flags). */
  getStateTrace(...args: A): StateTraceStack {
    const p = this.makeJaxpr(...args);
    const stack = new StateTraceStack();
    p.states.forEach((s, i) => (p.written[i] ? stack.writeItsValue(s) : stack.readItsValue(s)));
    return stack;
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
      throw new ValueError(`${this.name}.jaxprCall: expected ${p.states.length} state values (one per state of getStates), got ${stateValues.length}`);
    }
    const leaves = this.flattenArgs(args);
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

/** Throws ValueError when the function's output holds a State (return `state.value` instead). */
function checkNoStates(name: string, out: unknown): unknown {
  const leaves = tree.leaves(out);
  const k = leaves.findIndex((l) => l instanceof State);
  if (k >= 0) {
    throw new ValueError(`${name}: output leaf ${k} is a ${(leaves[k] as State).constructor.name} object; a State cannot be returned from a transformed function — return its value (state.value) instead`);
  }
  return out;
}

/** Options of `makeJaxpr`. @public */
export interface MakeJaxprOptions {
  /** Positional arguments that are compile-time constants. @defaultValue [] */
  staticArgnums?: number | readonly number[];
  /** Also return the output's abstract values. @defaultValue false */
  returnShape?: boolean;
}

/**
 * brainstate's stateful `makeJaxpr`: a function that traces `fn` on example arguments and returns
 * `[program, states]` (with `returnShape`, also the output's `ShapedArray` pytree). The program's
 * inputs are the dynamic argument leaves followed by the leaves of every state's value; its
 * outputs are the result's leaves followed by the leaves of every state's value after the call
 * (read-only states pass their input through). A state read is an input, never a constant.
 * @example
 * ```ts
 * const w = new ParamState(np.ones([3]));
 * const [program, states] = makeJaxpr((x: Array) => x.mul(w.value).sum())(np.ones([3]));
 * // program: { lambda ; a:float32[3] b:float32[3] . let ... in (c, b) }, states: [w]
 * ```
 * @public
 */
export function makeJaxpr<A extends unknown[]>(fn: (...args: A) => unknown, options?: MakeJaxprOptions & { returnShape?: false }): (...args: A) => [ClosedJaxpr, State[]];
/** Overload of `makeJaxpr` returning the output shapes too (see its first signature). @public */
export function makeJaxpr<A extends unknown[]>(fn: (...args: A) => unknown, options: MakeJaxprOptions & { returnShape: true }): (...args: A) => [ClosedJaxpr, State[], unknown];
export function makeJaxpr<A extends unknown[]>(fn: (...args: A) => unknown, options: MakeJaxprOptions = {}): (...args: A) => [ClosedJaxpr, State[]] | [ClosedJaxpr, State[], unknown] {
  checkOptions("makeJaxpr", options, ["staticArgnums", "returnShape"]);
  const sf = new StatefulFunction(fn, options.staticArgnums === undefined ? {} : { staticArgnums: options.staticArgnums });
  return (...args: A) => {
    const p = sf.makeJaxpr(...args);
    const j = p.jaxpr.jaxpr;
    const numStateLeaves = p.stateTrees.reduce((n, t) => n + t.numLeaves, 0);
    const stateIns = j.invars.slice(j.invars.length - numStateLeaves);
    const outs: Atom[] = j.outvars.slice(0, p.numOutLeaves);
    let inPos = 0;
    let outPos = p.numOutLeaves;
    p.states.forEach((_, i) => {
      const n = (p.stateTrees[i] as TreeDef).numLeaves;
      if (p.written[i]) {
        const m = (p.writtenTrees[p.written.slice(0, i).filter(Boolean).length] as TreeDef).numLeaves;
        outs.push(...j.outvars.slice(outPos, outPos + m));
        outPos += m;
      } else outs.push(...stateIns.slice(inPos, inPos + n));
      inPos += n;
    });
    const program = new ClosedJaxpr(new Jaxpr(j.constvars, j.invars, j.eqns, outs), p.jaxpr.consts);
    const states = [...p.states];
    return options.returnShape === true ? [program, states, sf.getOutShapes(...args)] : [program, states];
  };
}
