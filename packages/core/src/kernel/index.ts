// The kernel IR layer: IR types, builders, the reference interpreter and the JS renderer.
export { Exp, UNARY_OPS, BINARY_OPS, kernelKey, type AluOp, type Kernel, type KernelReduction, type ReduceOp } from "./ir.js";
export * as K from "./build.js";
export { interpretKernel } from "./interpret.js";
export { renderJsKernel, renderJsOp, JS_HELPERS, JsRenderer, JsExpEmitter } from "./render/js.js";
export { evalScalar, castScalar } from "./scalar.js";
export * as math from "./math.js";
