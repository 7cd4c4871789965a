/**
 * `@brainstate/compile`: brainstate's compilation transforms over functions that read and write
 * States — `StatefulFunction`, `jit`, conditions, loops and their checkpointed forms, runtime
 * checks, progress bars and rematerialisation. Each is `StatefulFunction` plus the matching core
 * transformation.
 * @packageDocumentation
 */
export { makeJaxpr, StatefulFunction, type MakeJaxprOptions, type StatefulFunctionOptions, type StatefulProgram } from "./StatefulFunction.js";
export { jit, type JitOptions, type JittedFunction, type StatefulLowering } from "./jit.js";
export { cond, ifElse, switch_ as switch, type Branch } from "./conditions.js";
export { checkpointedForLoop, checkpointedScan, forLoop, scan, type CheckpointedScanOptions, type ForLoopOptions, type ScanOptions } from "./loops.js";
export { boundedWhileLoop, whileLoop, type BoundedWhileLoopOptions } from "./whileLoop.js";
export { jitErrorIf } from "./jitErrorIf.js";
export { checkpoint, remat, type CheckpointOptions } from "./checkpoint.js";
export { ProgressBar, ProgressBarRunner, type ProgressBarOptions, type ProgressBarStream } from "./ProgressBar.js";
export { unvmap, type UnvmapOp } from "./unvmap.js";
