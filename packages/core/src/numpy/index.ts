// The np namespace: NumPy's API on core's arrays (JAX semantics for dtypes and promotion).
export { array, asArray, type ArrayLike, type ArrayOptions } from "./convert.js";
export { resultType } from "./promote.js";
export * from "./elementwise.js";
export * from "./special.js";
export * from "./reductions.js";
export * from "./manipulation.js";
export * from "./creation.js";
export {
  argwhere,
  compress,
  flatnonzero,
  index,
  nonzero,
  putAlongAxis,
  slice,
  take,
  takeAlongAxis,
  type TakeAlongAxisOptions,
  type TakeMode,
  type TakeOptions,
} from "./indexing.js";
export * from "./linalg.js";
export * from "./sorting.js";
