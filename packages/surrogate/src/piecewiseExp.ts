// Piecewise exponential surrogate: a Laplace-shaped gradient (brainstate's `PiecewiseExp`/
// `piecewise_exp`). Layer: surrogate; ported from brainstate's surrogate.py.

import { np, type Array } from "@brainstate/core";
import { calledAs, readParams } from "./internal/params.js";
import { Surrogate } from "./Surrogate.js";

/** Options of {@link PiecewiseExp} and {@link piecewiseExp}. @public */
export interface PiecewiseExpOptions {
  /** Decay rate of the gradient away from 0. @defaultValue 1 */
  alpha?: number;
}

/**
 * Spike with the piecewise exponential surrogate (Neftci et al. 2019): `g'(x) = (α/2)·e^{−α|x|}`,
 * the derivative of `g(x) = ½e^{αx} (x < 0); 1 − ½e^{−αx} (x ≥ 0)`.
 * @example
 * ```ts
 * new PiecewiseExp({ alpha: 2 }).call(np.array([-1, 0, 1]));   // [0, 1, 1]
 * ```
 * @public
 */
export class PiecewiseExp extends Surrogate {
  /** Decay rate α. */
  readonly alpha: number;

  /** @throws `ValueError` when alpha is not a finite number; `OptionError` for unknown options. */
  constructor(options: PiecewiseExpOptions = {}) {
    super();
    ({ alpha: this.alpha } = readParams("PiecewiseExp", options, { alpha: { default: 1 } }));
  }

  /** `(α/2)·exp(−α|x|)`. */
  override surrogateGrad(x: Array): Array {
    return np.exp(np.abs(x).mul(-this.alpha)).mul(this.alpha / 2);
  }

  /** `exp(αx)/2` for `x < 0`, `1 − exp(−αx)/2` otherwise. */
  override surrogateFun(x: Array): Array {
    const a = this.alpha;
    return np.where(x.lt(0), np.exp(x.mul(a)).mul(0.5), np.subtract(1, np.exp(x.mul(-a)).mul(0.5)));
  }

  /** The hyper-parameters, in brainstate's repr order. */
  override hyperParameters(): { alpha: number } {
    return { alpha: this.alpha };
  }
}

/**
 * Heaviside spike of `x` with the {@link PiecewiseExp} surrogate gradient.
 * @param x - Input (dimensionless).
 * @returns 1 where `x ≥ 0`, else 0, in `x`'s dtype.
 * @throws `ValueError` for a bad hyper-parameter; `OptionError` for unknown options.
 * @example
 * ```ts
 * piecewiseExp(np.array([-0.5, 0.5]), { alpha: 1 });   // [0, 1]
 * ```
 * @public
 */
export function piecewiseExp(x: np.ArrayLike, options: PiecewiseExpOptions = {}): Array {
  return calledAs("piecewiseExp", () => new PiecewiseExp(options).call(x));
}
