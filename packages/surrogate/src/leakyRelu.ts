// Leaky-ReLU surrogate: a two-level gradient (brainstate's `LeakyRelu`/`leaky_relu`). Layer:
// surrogate; ported from brainstate's surrogate.py.

import { np, type Array } from "@brainstate/core";
import { fillLike } from "./internal/fill.js";
import { calledAs, readParams } from "./internal/params.js";
import { Surrogate } from "./Surrogate.js";

/** Options of {@link LeakyRelu} and {@link leakyRelu}. @public */
export interface LeakyReluOptions {
  /** The gradient where `x < 0`. @defaultValue 0.1 */
  alpha?: number;
  /** The gradient where `x ≥ 0`. @defaultValue 1 */
  beta?: number;
}

/**
 * Spike with the leaky-ReLU surrogate: `g'(x) = α (x < 0); β (x ≥ 0)`, the derivative of
 * `g(x) = αx (x < 0); βx (x ≥ 0)`.
 * @example
 * ```ts
 * new LeakyRelu({ alpha: 0.1, beta: 1 }).call(np.array([-1, 0, 1]));   // [0, 1, 1]
 * ```
 * @public
 */
export class LeakyRelu extends Surrogate {
  /** Gradient α below 0. */
  readonly alpha: number;
  /** Gradient β at and above 0. */
  readonly beta: number;

  /** @throws `ValueError` when alpha or beta is not a finite number; `OptionError` for unknown options. */
  constructor(options: LeakyReluOptions = {}) {
    super();
    ({ alpha: this.alpha, beta: this.beta } = readParams("LeakyRelu", options, { alpha: { default: 0.1 }, beta: { default: 1 } }));
  }

  /** `α` where `x < 0`, else `β`. */
  override surrogateGrad(x: Array): Array {
    return np.where(x.lt(0), fillLike(x, this.alpha), fillLike(x, this.beta));
  }

  /** `αx` where `x < 0`, else `βx`. */
  override surrogateFun(x: Array): Array {
    return np.where(x.lt(0), x.mul(this.alpha), x.mul(this.beta));
  }

  /** The hyper-parameters, in brainstate's repr order. */
  override hyperParameters(): { alpha: number; beta: number } {
    return { alpha: this.alpha, beta: this.beta };
  }
}

/**
 * Heaviside spike of `x` with the {@link LeakyRelu} surrogate gradient.
 * @param x - Input (dimensionless).
 * @returns 1 where `x ≥ 0`, else 0, in `x`'s dtype.
 * @throws `ValueError` for a bad hyper-parameter; `OptionError` for unknown options.
 * @example
 * ```ts
 * leakyRelu(np.array([-0.5, 0.5]), { alpha: 0.1, beta: 1 });   // [0, 1]
 * ```
 * @public
 */
export function leakyRelu(x: np.ArrayLike, options: LeakyReluOptions = {}): Array {
  return calledAs("leakyRelu", () => new LeakyRelu(options).call(x));
}
