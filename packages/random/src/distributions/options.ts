// The options objects of the samplers (brainstate's keyword arguments `size`, `key`, `dtype` and
// the few sampler-specific ones). Layer: random.

import type { DType, np } from "@brainstate/core";
import type { SeedOrKey, Size } from "@brainstate/state";

/** Options of the float samplers: output size, explicit key and dtype. @public */
export interface SampleOptions {
  /**
   * Output shape. @defaultValue the broadcast shape of the distribution's parameters (a single
   * sample for scalar parameters)
   */
  size?: Size | null;
  /**
   * A seed or a key (two uint32 words) to draw with instead of the state's own key; the state then
   * does not advance. @defaultValue a fresh key split from the state
   */
  key?: SeedOrKey | null;
  /** Float dtype of the samples. @defaultValue the default float dtype (float32) */
  dtype?: DType | null;
}

/** Options of the integer-valued samplers (counts, indices): as {@link SampleOptions}, with an integer default dtype. @public */
export interface IntSampleOptions {
  /** Output shape. @defaultValue the broadcast shape of the distribution's parameters */
  size?: Size | null;
  /** A seed or a key to draw with instead of the state's own key. @defaultValue a fresh key split from the state */
  key?: SeedOrKey | null;
  /** Dtype of the samples. @defaultValue "int32" */
  dtype?: DType | null;
}

/** Options of samplers that take only a key and a dtype (`rand`, `randn`, the `*Like` samplers). @public */
export interface KeyDTypeOptions {
  /** A seed or a key to draw with instead of the state's own key. @defaultValue a fresh key split from the state */
  key?: SeedOrKey | null;
  /** Dtype of the samples. @defaultValue the default float dtype (float32); `randintLike`: "int32" */
  dtype?: DType | null;
}

/** Dimensions followed by an optional options object: `rand(3, 2)` or `rand(3, 2, { key: 0 })`. @public */
export type DimsAndOptions = number[] | [...number[], KeyDTypeOptions];

/** Options of `bernoulli`: size and key (the samples are booleans). @public */
export interface BernoulliOptions {
  /** Output shape. @defaultValue the shape of `p` */
  size?: Size | null;
  /** A seed or a key to draw with instead of the state's own key. @defaultValue a fresh key split from the state */
  key?: SeedOrKey | null;
}

/** Options of `truncatedNormal`. @public */
export interface TruncatedNormalOptions extends SampleOptions {
  /** Mean of the normal before truncation. @defaultValue 0 */
  loc?: np.ArrayLike;
  /** Standard deviation of the normal before truncation (positive). @defaultValue 1 */
  scale?: np.ArrayLike;
}

/** Options of `multivariateNormal`. @public */
export interface MultivariateNormalOptions extends SampleOptions {
  /**
   * How the covariance is factored: `"cholesky"` (positive definite covariances), `"eigh"` or
   * `"svd"` (positive semi-definite ones). @defaultValue "cholesky"
   */
  method?: "cholesky" | "svd" | "eigh";
}

/** Options of `choice`. @public */
export interface ChoiceOptions {
  /** Output shape. @defaultValue a single draw */
  size?: Size | null;
  /** Draw with replacement. @defaultValue true */
  replace?: boolean;
  /** Probabilities of the entries (one per entry); uniform when absent. */
  p?: np.ArrayLike | null;
  /** A seed or a key to draw with instead of the state's own key. @defaultValue a fresh key split from the state */
  key?: SeedOrKey | null;
}

/** Options of `permutation`. @public */
export interface PermutationOptions {
  /** Axis to permute along. @defaultValue 0 */
  axis?: number;
  /** Permute every 1-d slice along `axis` independently. @defaultValue false */
  independent?: boolean;
  /** A seed or a key to draw with instead of the state's own key. @defaultValue a fresh key split from the state */
  key?: SeedOrKey | null;
}

/** Options of `shuffle`. @public */
export interface ShuffleOptions {
  /** Axis to shuffle along. @defaultValue 0 */
  axis?: number;
  /** A seed or a key to draw with instead of the state's own key. @defaultValue a fresh key split from the state */
  key?: SeedOrKey | null;
}

/** Options of `categorical`. @public */
export interface CategoricalOptions {
  /** Axis of `logits` that holds the categories. @defaultValue -1 */
  axis?: number;
  /** Output shape; must end with the shape of `logits` without `axis`. @defaultValue the shape of `logits` without `axis` */
  size?: Size | null;
  /** A seed or a key to draw with instead of the state's own key. @defaultValue a fresh key split from the state */
  key?: SeedOrKey | null;
}

