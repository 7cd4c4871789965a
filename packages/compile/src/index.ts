/**
 * `@brainstate/compile`: brainstate's compilation transforms over functions that read and write
 * States — `StatefulFunction`, `jit`, conditions, loops and their checkpointed forms.
 * @packageDocumentation
 */
export { StatefulFunction, type StatefulFunctionOptions, type StatefulProgram } from "./StatefulFunction.js";
