// Gaussian surrogate gradient (brainstate's `GaussianGrad`/`gaussian_grad`). Layer: surrogate;
// ported from brainstate's surrogate.py.

import { np, type Array } from "@brainstate/core";
import { calledAs, readParams } from "./internal/params.js";
import { Surrogate } from "./Surrogate.js";

/** Options of {@link GaussianGrad} and {@link gaussianGrad}. @public */
export interface GaussianGradOptions {
  /** Standard deviation σ of the Gaussian. @defaultValue 0.5 */
  sigma?: number;
  /** Scale of the gradient. @defaultValue 0.5 */
  alpha?: number;
}

/**
 * Spike with the Gaussian surrogate gradient (Yin et al. 2021):
 * `g'(x) = α·N(x; 0, σ) = α·e^{−x²/(2σ²)} / (√(2π)·σ)`. There is no `surrogateFun`.
 *
 * Divergence: brainstate 0.1.0's code computes `e^{−x²σ²/2}` (it multiplies by σ² instead of
 * dividing); this port implements the documented Gaussian (package README).
 * @example
 * ```ts
 * new GaussianGrad({ sigma: 0.5, alpha: 0.5 }).call(np.array([-1, 0, 1]));   // [0, 1, 1]
 * ```
 * @public
 */
export class GaussianGrad extends Surrogate {
  /** Scale α. */
  readonly alpha: number;
  /** Standard deviation σ. */
  readonly sigma: number;

  /** @throws `ValueError` when sigma or alpha is not a finite number; `OptionError` for unknown options. */
  constructor(options: GaussianGradOptions = {}) {
    super();
    ({ sigma: this.sigma, alpha: this.alpha } = readParams("GaussianGrad", options, { sigma: { default: 0.5 }, alpha: { default: 0.5 } }));
  }

  /** `α·exp(−x²/(2σ²)) / (√(2π)·σ)`. */
  override surrogateGrad(x: Array): Array {
    const s = this.sigma;
    return np.exp(np.square(x).mul(-1 / (2 * s * s))).mul(this.alpha / (Math.sqrt(2 * Math.PI) * s));
  }

  /** The hyper-parameters, in brainstate's repr order (alpha, then sigma). */
  override hyperParameters(): { alpha: number; sigma: number } {
    return { alpha: this.alpha, sigma: this.sigma };
  }
}

/**
 * Heaviside spike of `x` with the {@link GaussianGrad} surrogate gradient.
 * @param x - Input (dimensionless).
 * @returns 1 where `x ≥ 0`, else 0, in `x`'s dtype.
 * @throws `ValueError` for a bad hyper-parameter; `OptionError` for unknown options.
 * @example
 * ```ts
 * gaussianGrad(np.array([-0.5, 0.5]), { sigma: 0.5, alpha: 0.5 });   // [0, 1]
 * ```
 * @public
 */
export function gaussianGrad(x: np.ArrayLike, options: GaussianGradOptions = {}): Array {
  return calledAs("gaussianGrad", () => new GaussianGrad(options).call(x));
}
