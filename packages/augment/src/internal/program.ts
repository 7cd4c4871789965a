// Evaluating a StatefulFunction's traced program inline, equation by equation, in its pure form
// (state values in, new state values out). vmap uses it instead of `jaxprCall`: core's jit
// primitive batches every output of a program, while inline evaluation keeps the outputs that
// do not depend on the mapped inputs unbatched (so lane-independent state writes stay legal).
// Layer: augment (internal).

import { tree } from "@brainstate/core";
import { evalClosedJaxpr, flattenArrays, type TreeDef } from "@brainstate/core/extend";
import type { StatefulProgram } from "@brainstate/compile";

/** `[newStateValues, output]` of `program` for the values of its states and its arguments. */
export function callProgram(where: string, program: StatefulProgram, stateValues: readonly unknown[], args: readonly unknown[]): [unknown[], unknown] {
  const [argLeaves] = flattenArrays(where, args);
  const stateLeaves = stateValues.flatMap((v, i) => flattenArrays(`${where} (state ${i})`, v)[0]);
  const outs = evalClosedJaxpr(program.jaxpr, [...argLeaves, ...stateLeaves]);
  const out = tree.unflatten(program.outTree, outs.slice(0, program.numOutLeaves));
  let o = program.numOutLeaves;
  let w = 0;
  const newValues = program.states.map((_, i) => {
    if (program.written[i] !== true) return stateValues[i];
    const t = program.writtenTrees[w++] as TreeDef;
    const value = tree.unflatten(t, outs.slice(o, o + t.numLeaves));
    o += t.numLeaves;
    return value;
  });
  return [newValues, out];
}
