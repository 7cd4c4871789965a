/**
 * `@brainstate/optim`: optimizers over trainable States — SGD, Momentum, MomentumNesterov,
 * Adagrad, Adadelta, RMSProp, Adam, LARS, Adan, AdamW, and OptaxOptimizer running composable
 * gradient transformations — with their buffers in OptimStates (saved and restored with the
 * model), and learning-rate schedulers stepping per epoch or per update call.
 * @packageDocumentation
 */

export { Optimizer, type GradDict, type StateDict } from "./Optimizer.js";
export { OptimState } from "./OptimState.js";
export {
  Adadelta,
  Adagrad,
  Adam,
  AdamW,
  Adan,
  LARS,
  Momentum,
  MomentumNesterov,
  RMSProp,
  SGD,
  SGDOptimizer,
  toSameDictTree,
  type AdadeltaOptions,
  type AdagradOptions,
  type AdamOptions,
  type AdamWOptions,
  type AdanOptions,
  type LARSOptions,
  type LearningRate,
  type MomentumNesterovOptions,
  type MomentumOptions,
  type RMSPropOptions,
  type SGDOptions,
} from "./sgd.js";
export {
  CallBasedLRScheduler,
  ConstantLR,
  CosineAnnealingLR,
  CosineAnnealingWarmRestarts,
  ExponentialDecayLR,
  ExponentialLR,
  InverseTimeDecayLR,
  LearningRateScheduler,
  makeSchedule,
  MultiStepLR,
  PiecewiseConstantLR,
  PolynomialDecayLR,
  StepLR,
  type CallBasedLRSchedulerOptions,
  type CosineAnnealingLROptions,
  type CosineAnnealingWarmRestartsOptions,
  type InverseTimeDecayLROptions,
  type LearningRateSchedulerOptions,
  type LearningRateValue,
  type MultiStepLROptions,
  type PolynomialDecayLROptions,
  type ScheduleIndex,
  type StepLROptions,
} from "./lrScheduler.js";
export { OptaxOptimizer } from "./optax.js";
export {
  addDecayedWeights,
  applyUpdates,
  chain,
  clipByGlobalNorm,
  scale,
  scaleByAdam,
  scaleByRms,
  scaleBySchedule,
  type GradientTransformation,
  type Schedule,
  type ScaleByAdamOptions,
  type ScaleByAdamState,
  type ScaleByRmsOptions,
  type ScaleByRmsState,
  type ScaleByScheduleState,
} from "./transforms.js";
