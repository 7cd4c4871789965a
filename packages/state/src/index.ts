/**
 * `@brainstate/state`: brainstate's State system on top of core — the State family and its
 * pytree reference TreefyState, StateTraceStack (which lifts a state read inside a staged trace
 * into the program as an input), the `environ` settings, filters, nested/flat state dicts,
 * modes and mixins, and pretty printing.
 * @packageDocumentation
 */

export {
  HiddenState,
  LongTermState,
  ParamState,
  ShortTermState,
  SourceInfo,
  State,
  StateMetadata,
  TreefyState,
  withMetadata,
  type StateClass,
  type StateOptions,
} from "./State.js";
export {
  Catcher,
  catchNewStates,
  checkStateJaxTracer,
  checkStateValueTree,
  StateTraceStack,
  type GetStateValuesOptions,
  type NewArgFn,
} from "./traceStack.js";
export { newJaxTrace, StateJaxTracer } from "./tracers.js";
export { TraceContextError } from "./errors.js";
export * as environ from "./environ.js";
export type { EnvironSettings, RegisterBehaviorOptions } from "./environ.js";
export { Batching, JointMode, Mode, Training, type BatchingOptions, type ModeType } from "./mode.js";
export {
  AlignPost,
  BindCondData,
  JointType,
  JointTypes,
  Mixin,
  OneOfType,
  OneOfTypes,
  ParamDesc,
  ParamDescriber,
  UpdateReturn,
} from "./mixin.js";
export {
  isMissing,
  Missing,
  type AnyClass,
  type ArrayLike,
  type Axes,
  type Constructor,
  type DType,
  type DTypeLike,
  type Key,
  type PathParts,
  type Predicate,
  type PyTree,
  type SeedOrKey,
  type Size,
} from "./typing.js";
export {
  AllFilter,
  AnyFilter,
  BaseFilter,
  ELLIPSIS,
  EverythingFilter,
  filtersToPredicates,
  isEverything,
  NotFilter,
  NothingFilter,
  OfTypeFilter,
  PathContainsFilter,
  toPredicate,
  WithTagFilter,
  type Filter,
  type FilterClass,
} from "./filter.js";
export { FlattedDict, flatMapping, NestedDict, nestMapping, type FlatMappingOptions, type NestMappingOptions } from "./dict.js";
export { DictManager, StateDictManager, type CompareBy, type ValueSelector } from "./DictManager.js";
export { DotDict } from "./DotDict.js";
export { FrozenDict, type FrozenDictSource } from "./FrozenDict.js";
export { dataclass, getDataclassFields, PyTreeNode, type DataclassOptions } from "./struct.js";
export { IdMemScaling, MemScaling, type Scalable, type ScalingOverrides } from "./scaling.js";
export { callableProxy, DelayedAccessor, invokeAccessor, type ApplyCall, type ApplyCaller } from "./caller.js";
export { display, getUniqueName, isInstanceEval, notInstanceEval } from "./others.js";
export {
  getRepr,
  PrettyAttr,
  PrettyMapping,
  PrettyRepr,
  prettyReprAvoidDuplicate,
  PrettyType,
  repr,
  type PrettyItem,
  type PrettyTypeOptions,
} from "./prettyRepr.js";
