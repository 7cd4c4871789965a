// The global tracing context shared by State and StateTraceStack: open trace stacks, the
// value-tree and trace-level check flags, and the new-state catchers. JS runs one thread of
// control, so one module-level context plays brainstate's thread-local one. Layer: state.

import type { State } from "../State.js";

/** What a State reports its reads and writes to. */
export interface StateRecorder {
  readItsValue(state: State): void;
  writeItsValue(state: State): void;
}

/** What a State reports its construction to. */
export interface StateCatcher {
  append(state: State): void;
}

/** Innermost last. */
export const stateStack: StateRecorder[] = [];
/** Top = whether `.value =` checks the value tree (structure, shapes, dtypes). */
export const treeCheck: boolean[] = [false];
/** Top = whether mutating a State checks it belongs to the current trace. */
export const jaxTracerCheck: boolean[] = [false];
/** Open `catchNewStates` scopes. */
export const newStateCatchers: StateCatcher[] = [];

/** Runs `fn` with `value` pushed on `stack`, popping it afterwards (also on error). */
export function withPushed<S, T>(stack: S[], value: S, fn: () => T): T {
  stack.push(value);
  try {
    return fn();
  } finally {
    stack.pop();
  }
}
