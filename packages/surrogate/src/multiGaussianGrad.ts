// Multi-Gaussian surrogate gradient: a central Gaussian minus two wide side lobes (brainstate's
// `MultiGaussianGrad`/`multi_gaussian_grad`). Layer: surrogate; ported from brainstate's surrogate.py.

import { np, type Array } from "@brainstate/core";
import { calledAs, readParams } from "./internal/params.js";
import { Surrogate } from "./Surrogate.js";

/** Options of {@link MultiGaussianGrad} and {@link multiGaussianGrad}. @public */
export interface MultiGaussianGradOptions {
  /** Weight h of the two negative side Gaussians. @defaultValue 0.15 */
  h?: number;
  /** Width ratio s of the side Gaussians to the central one. @defaultValue 6 */
  s?: number;
  /** Standard deviation σ of the central Gaussian (and offset of the side ones). @defaultValue 0.5 */
  sigma?: number;
  /** Scale of the gradient. @defaultValue 0.5 */
  scale?: number;
}

/** `exp(−(x − μ)²/(2sd²)) / (√(2π)·sd)` for a JS-number mean and standard deviation. */
function gaussian(x: Array, mu: number, sd: number): Array {
  return np.exp(np.square(x.sub(mu)).mul(-1 / (2 * sd * sd))).mul(1 / (Math.sqrt(2 * Math.PI) * sd));
}

/**
 * Spike with the multi-Gaussian surrogate gradient (Yin et al. 2021):
 * `g'(x) = scale·[(1 + h)·N(x; 0, σ) − h·N(x; σ, sσ) − h·N(x; −σ, sσ)]` with
 * `N(x; μ, sd) = e^{−(x−μ)²/(2sd²)} / (√(2π)·sd)`. There is no `surrogateFun`.
 * @example
 * ```ts
 * new MultiGaussianGrad().call(np.array([-1, 0, 1]));   // [0, 1, 1]
 * ```
 * @public
 */
export class MultiGaussianGrad extends Surrogate {
  /** Side-lobe weight h. */
  readonly h: number;
  /** Side-lobe width ratio s. */
  readonly s: number;
  /** Central standard deviation σ. */
  readonly sigma: number;
  /** Gradient scale. */
  readonly scale: number;

  /** @throws `ValueError` when a hyper-parameter is not a finite number; `OptionError` for unknown options. */
  constructor(options: MultiGaussianGradOptions = {}) {
    super();
    ({
      h: this.h,
      s: this.s,
      sigma: this.sigma,
      scale: this.scale,
    } = readParams("MultiGaussianGrad", options, {
      h: { default: 0.15 },
      s: { default: 6 },
      sigma: { default: 0.5 },
      scale: { default: 0.5 },
    }));
  }

  /** `scale·[(1 + h)·N(x; 0, σ) − h·N(x; σ, sσ) − h·N(x; −σ, sσ)]`. */
  override surrogateGrad(x: Array): Array {
    const { h, s, sigma } = this;
    const centre = gaussian(x, 0, sigma).mul(1 + h);
    const sides = gaussian(x, sigma, s * sigma).add(gaussian(x, -sigma, s * sigma)).mul(h);
    return centre.sub(sides).mul(this.scale);
  }

  /** The hyper-parameters, in brainstate's repr order. */
  override hyperParameters(): { h: number; s: number; sigma: number; scale: number } {
    return { h: this.h, s: this.s, sigma: this.sigma, scale: this.scale };
  }
}

/**
 * Heaviside spike of `x` with the {@link MultiGaussianGrad} surrogate gradient.
 * @param x - Input (dimensionless).
 * @returns 1 where `x ≥ 0`, else 0, in `x`'s dtype.
 * @throws `ValueError` for a bad hyper-parameter; `OptionError` for unknown options.
 * @example
 * ```ts
 * multiGaussianGrad(np.array([-0.5, 0.5]), { h: 0.15, s: 6, sigma: 0.5, scale: 0.5 });   // [0, 1]
 * ```
 * @public
 */
export function multiGaussianGrad(x: np.ArrayLike, options: MultiGaussianGradOptions = {}): Array {
  return calledAs("multiGaussianGrad", () => new MultiGaussianGrad(options).call(x));
}
