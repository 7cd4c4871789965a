// ReLU-shaped (triangular) surrogate gradient (brainstate's `ReluGrad`/`relu_grad`; the default
// spike function of IF, LIF, LIFRef and ALIF). Layer: surrogate; ported from brainstate's surrogate.py.

import { np, type Array } from "@brainstate/core";
import { calledAs, readParams } from "./internal/params.js";
import { Surrogate } from "./Surrogate.js";

/** Options of {@link ReluGrad} and {@link reluGrad}. @public */
export interface ReluGradOptions {
  /** Slope of the triangle; its height is `α·width`. @defaultValue 0.3 */
  alpha?: number;
  /** Half-width of the triangle. @defaultValue 1 */
  width?: number;
}

/**
 * Spike with the ReLU surrogate gradient (Neftci et al. 2019):
 * `g'(x) = ReLU(α·(width − |x|)) = max(α·width − α|x|, 0)`. There is no `surrogateFun`.
 * @example
 * ```ts
 * new ReluGrad({ alpha: 0.3, width: 1 }).call(np.array([-1, 0, 1]));   // [0, 1, 1]
 * ```
 * @public
 */
export class ReluGrad extends Surrogate {
  /** Slope α. */
  readonly alpha: number;
  /** Half-width of the triangle. */
  readonly width: number;

  /** @throws `ValueError` when alpha or width is not a finite number; `OptionError` for unknown options. */
  constructor(options: ReluGradOptions = {}) {
    super();
    ({ alpha: this.alpha, width: this.width } = readParams("ReluGrad", options, { alpha: { default: 0.3 }, width: { default: 1 } }));
  }

  /** `max(α·width − α|x|, 0)`. */
  override surrogateGrad(x: Array): Array {
    return np.maximum(np.subtract(this.alpha * this.width, np.abs(x).mul(this.alpha)), 0);
  }

  /** The hyper-parameters, in brainstate's repr order. */
  override hyperParameters(): { alpha: number; width: number } {
    return { alpha: this.alpha, width: this.width };
  }
}

/**
 * Heaviside spike of `x` with the {@link ReluGrad} surrogate gradient.
 * @param x - Input (dimensionless).
 * @returns 1 where `x ≥ 0`, else 0, in `x`'s dtype.
 * @throws `ValueError` for a bad hyper-parameter; `OptionError` for unknown options.
 * @example
 * ```ts
 * reluGrad(np.array([-0.5, 0.5]), { alpha: 0.3, width: 1 });   // [0, 1]
 * ```
 * @public
 */
export function reluGrad(x: np.ArrayLike, options: ReluGradOptions = {}): Array {
  return calledAs("reluGrad", () => new ReluGrad(options).call(x));
}
