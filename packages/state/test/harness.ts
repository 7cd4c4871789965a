// Test-only stateful tracing harness: traces a function that reads and writes States into one
// program whose extra inputs are the lifted state values (the job compile's StatefulFunction
// does), then runs that program on concrete values and writes the results back.

import { makeJaxpr, tree, type Array, type ClosedJaxpr } from "@brainstate/core";
import { evalClosedJaxpr } from "@brainstate/core/extend";
import { newJaxTrace, StateTraceStack, type State } from "../src/index.js";

export interface Traced {
  /** Program inputs: the flat arguments, then the leaves of each state read (in first-use order). */
  readonly closed: ClosedJaxpr;
  /** The states the function touched, in first-use order. */
  readonly states: readonly State[];
  /** Whether each state was written. */
  readonly written: readonly boolean[];
  /** Number of leaves of the function's own output (the written states' leaves follow). */
  readonly numOut: number;
  /** Rebuilds the function's output from its leaves. */
  readonly outTree: tree.TreeDef;
}

/** Traces `f(...args)` with every state read lifted into the program as an input. */
export function traceStateful(f: (...args: Array[]) => unknown, args: readonly Array[]): Traced {
  const stack = new StateTraceStack();
  let numOut = 0;
  let outTree: tree.TreeDef | undefined;
  const closed = makeJaxpr((...a: Array[]) => {
    const trace = newJaxTrace();
    stack.setNewArg((aval) => trace.newArg(aval));
    try {
      const out = stack.run(() => f(...a));
      const [leaves, def] = tree.flatten(out);
      numOut = leaves.length;
      outTree = def;
      return [...(leaves as Array[]), ...tree.leaves(stack.getWriteStateValues())];
    } finally {
      stack.recoveryOriginalValues();
    }
  })(...args);
  return { closed, states: [...stack.states], written: [...stack.beenWriten], numOut, outTree: outTree as tree.TreeDef };
}

/** Runs a traced program on `args` and the states' current values; writes new values back and returns the output. */
export function runStateful(t: Traced, args: readonly Array[], run: (inputs: Array[]) => Array[] = (inputs) => evalClosedJaxpr(t.closed, inputs)): unknown {
  const stateLeaves = t.states.flatMap((s) => tree.leaves(s.value) as Array[]);
  const outs = run([...args, ...stateLeaves]);
  let pos = t.numOut;
  t.states.forEach((s, i) => {
    if (t.written[i] !== true) return;
    const [oldLeaves, def] = tree.flatten(s.value);
    s.value = def.unflatten(outs.slice(pos, pos + oldLeaves.length));
    pos += oldLeaves.length;
  });
  return t.outTree.unflatten(outs.slice(0, t.numOut));
}
