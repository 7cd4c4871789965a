// The plumbing every state-aware control-flow wrapper shares: the union of the states several
// traced functions touch, running one function on a slice of the union's values, and writing
// new values back. Layer: compile (internal). Ported from brainstate's compile/_util.py.

import { TransformationError, type ShapedArray } from "@brainstate/core";
import type { TreeDef } from "@brainstate/core/extend";
import type { State } from "@brainstate/state";
import type { StatefulFunction, StatefulProgram } from "../StatefulFunction.js";

/** The states of several traced functions, in order of first use; a state is written if any function writes it. */
export interface MergedStates {
  readonly states: readonly State[];
  readonly written: readonly boolean[];
  /** Positions (in `states`) of the written states. */
  readonly writtenIdx: readonly number[];
  readonly index: ReadonlyMap<State, number>;
}

/** Merges the state lists of several programs (brainstate's `StateTraceStack.__add__`). */
export function mergeStates(programs: readonly StatefulProgram[]): MergedStates {
  const states: State[] = [];
  const written: boolean[] = [];
  const index = new Map<State, number>();
  for (const p of programs) {
    p.states.forEach((s, i) => {
      let k = index.get(s);
      if (k === undefined) {
        index.set(s, (k = states.length));
        states.push(s);
        written.push(false);
      }
      if (p.written[i] === true) written[k] = true;
    });
  }
  const writtenIdx = written.flatMap((w, k) => (w ? [k] : []));
  return { states, written, writtenIdx, index };
}

/** The current value of every merged state (each read is recorded on the open trace stacks). */
export function currentValues(m: MergedStates): unknown[] {
  return m.states.map((s) => s.value);
}

/** The values of the written states, picked from a full value list. */
export function pickWritten(m: MergedStates, values: readonly unknown[]): unknown[] {
  return m.writtenIdx.map((k) => values[k]);
}

/** A full value list: the written states' values from `writtenValues`, the others from `values`. */
export function withWritten(m: MergedStates, values: readonly unknown[], writtenValues: readonly unknown[]): unknown[] {
  const out = values.slice();
  m.writtenIdx.forEach((k, j) => (out[k] = writtenValues[j]));
  return out;
}

/**
 * Runs `sf` purely on its share of the merged state values; returns the new value of every
 * merged state (states `sf` does not write keep their given value) and the function's output.
 */
export function runOn(sf: StatefulFunction<unknown[]>, m: MergedStates, values: readonly unknown[], args: unknown[]): [unknown[], unknown] {
  const p = sf.makeJaxpr(...args);
  const own = p.states.map((s) => m.index.get(s));
  if (own.some((k) => k === undefined)) {
    throw new TransformationError(`${sf.name}: the function touched a state that it did not touch when it was first traced; a function must read and write the same states on every call`);
  }
  const [newValues, out] = sf.jaxprCall(
    own.map((k) => values[k as number]),
    ...args,
  );
  const result = values.slice();
  own.forEach((k, i) => (result[k as number] = newValues[i]));
  return [result, out];
}

/** Writes the new values of the written states back. */
export function writeBack(m: MergedStates, writtenValues: readonly unknown[]): void {
  m.writtenIdx.forEach((k, j) => {
    (m.states[k] as State).value = writtenValues[j];
  });
}

/** A state's class and name, for messages. */
export function describeState(s: State): string {
  return s.name === null ? s.constructor.name : `${s.constructor.name} '${s.name}'`;
}

function sameAvals(a: readonly ShapedArray[], b: readonly ShapedArray[]): boolean {
  return a.length === b.length && a.every((x, i) => {
    const y = b[i] as ShapedArray;
    return x.dtype === y.dtype && x.shape.length === y.shape.length && x.shape.every((d, j) => d === y.shape[j]);
  });
}

/**
 * Checks that every state `p` writes keeps the structure, shapes and dtypes it had on entry: a
 * state carried through a loop, or returned unchanged by the branches that do not write it,
 * must have one type. `why` completes the message.
 */
export function checkStableStates(where: string, p: StatefulProgram, why: string): void {
  const ins = p.jaxpr.inAvals;
  const outs = p.jaxpr.outAvals;
  let inPos = ins.length - p.stateTrees.reduce((n, t) => n + t.numLeaves, 0);
  let outPos = p.numOutLeaves;
  let w = 0;
  p.states.forEach((s, i) => {
    const t = p.stateTrees[i] as TreeDef;
    const before = ins.slice(inPos, inPos + t.numLeaves);
    inPos += t.numLeaves;
    if (p.written[i] !== true) return;
    const wt = p.writtenTrees[w++] as TreeDef;
    const after = outs.slice(outPos, outPos + wt.numLeaves);
    outPos += wt.numLeaves;
    if (!wt.equals(t) || !sameAvals(before, after)) {
      const show = (avals: readonly ShapedArray[]): string => avals.map((a) => a.toString()).join(", ") || "(no arrays)";
      throw new TransformationError(
        `${where}: ${describeState(s)} is written with ${show(after)} but held ${show(before)} before; ${why} (cast or reshape the new value, e.g. with astype)`,
      );
    }
  });
}
