// Piecewise quadratic surrogate: a triangular gradient on |x| ≤ 1/α (brainstate's
// `PiecewiseQuadratic`/`piecewise_quadratic`). Layer: surrogate; ported from brainstate's surrogate.py.

import { np, type Array } from "@brainstate/core";
import { calledAs, readParams } from "./internal/params.js";
import { Surrogate } from "./Surrogate.js";

/** Options of {@link PiecewiseQuadratic} and {@link piecewiseQuadratic}. @public */
export interface PiecewiseQuadraticOptions {
  /** The gradient is non-zero on `|x| ≤ 1/α`, with height α at 0. @defaultValue 1 */
  alpha?: number;
}

/**
 * Spike with the piecewise quadratic surrogate (Esser et al. 2016; Bellec et al. 2018):
 * `g'(x) = α − α²|x|` for `|x| ≤ 1/α`, 0 elsewhere — the derivative of
 * `g(x) = 0 (x < −1/α); −½α²|x|x + αx + ½ (|x| ≤ 1/α); 1 (x > 1/α)`.
 *
 * Divergence: brainstate 0.1.0's code computes `α − (αx)²`, which contradicts its documentation
 * and its own `g`; this port implements the documented `α − α²|x|` (package README).
 * @example
 * ```ts
 * new PiecewiseQuadratic({ alpha: 2 }).call(np.array([-1, 0, 1]));   // [0, 1, 1]
 * ```
 * @public
 */
export class PiecewiseQuadratic extends Surrogate {
  /** Height and inverse half-width α. */
  readonly alpha: number;

  /** @throws `ValueError` when alpha is not a finite number; `OptionError` for unknown options. */
  constructor(options: PiecewiseQuadraticOptions = {}) {
    super();
    ({ alpha: this.alpha } = readParams("PiecewiseQuadratic", options, { alpha: { default: 1 } }));
  }

  /** `α − α²|x|` on `|x| ≤ 1/α`, else 0. */
  override surrogateGrad(x: Array): Array {
    const a = this.alpha;
    const ax = np.abs(x);
    return np.where(ax.gt(1 / a), 0, np.subtract(a, ax.mul(a * a)));
  }

  /** `0` for `x < −1/α`, `1` for `x > 1/α`, `(1 − α|x|/2)·αx + ½` in between. */
  override surrogateFun(x: Array): Array {
    const a = this.alpha;
    const middle = np.subtract(1, np.abs(x).mul(a / 2)).mul(x.mul(a)).add(0.5);
    return np.where(x.lt(-1 / a), 0, np.where(x.gt(1 / a), 1, middle));
  }

  /** The hyper-parameters, in brainstate's repr order. */
  override hyperParameters(): { alpha: number } {
    return { alpha: this.alpha };
  }
}

/**
 * Heaviside spike of `x` with the {@link PiecewiseQuadratic} surrogate gradient.
 * @param x - Input (dimensionless).
 * @returns 1 where `x ≥ 0`, else 0, in `x`'s dtype.
 * @throws `ValueError` for a bad hyper-parameter; `OptionError` for unknown options.
 * @example
 * ```ts
 * piecewiseQuadratic(np.array([-0.5, 0.5]), { alpha: 1 });   // [0, 1]
 * ```
 * @public
 */
export function piecewiseQuadratic(x: np.ArrayLike, options: PiecewiseQuadraticOptions = {}): Array {
  return calledAs("piecewiseQuadratic", () => new PiecewiseQuadratic(options).call(x));
}
