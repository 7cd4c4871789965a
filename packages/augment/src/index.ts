/**
 * `@brainstate/augment`: brainstate's augmenting transformations over functions that read and
 * write States — gradients with gradient states (`grad`, `vectorGrad`, `jacrev`/`jacobian`,
 * `jacfwd`, `hessian`), state-aware `vmap`/`pmap`, `vmapNewStates`, `evalShape`/`abstractInit`
 * and `restoreRngs`.
 * @packageDocumentation
 */
export {
  grad,
  GradientTransform,
  hessian,
  jacfwd,
  jacobian,
  jacrev,
  vectorGrad,
  type GradientFunction,
  type GradientKind,
  type GradOptions,
  type GradStates,
  type NumberArgs,
} from "./autograd.js";
export {
  BatchAxisError,
  pmap,
  StateAxes,
  vmap,
  vmapNewStates,
  type InAxes,
  type VmapNewStatesOptions,
  type VmapOptions,
  type VmapStates,
} from "./mapping.js";
export { abstractInit, evalShape } from "./evalShape.js";
export { restoreRngs, type RestoreRngsOptions } from "./restoreRngs.js";
