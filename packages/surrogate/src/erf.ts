// Error-function surrogate: a Gaussian gradient (brainstate's `ERF`/`erf`). Layer: surrogate;
// ported from brainstate's surrogate.py.

import { np, type Array } from "@brainstate/core";
import { calledAs, readParams } from "./internal/params.js";
import { Surrogate } from "./Surrogate.js";

/** Options of {@link ERF} and {@link erf}. @public */
export interface ERFOptions {
  /** Steepness; the gradient at 0 is α/√π. @defaultValue 1 */
  alpha?: number;
}

/**
 * Spike with the error-function surrogate (Esser et al. 2015; Wu et al. 2018; Yin et al. 2020):
 * `g'(x) = (α/√π)·e^{−α²x²}`, the derivative of `g(x) = ½(1 − erf(−αx)) = ½erfc(−αx)`.
 *
 * Divergence: brainstate 0.1.0's `surrogate_fun` returns `erf(−αx)/2`, which is not the documented
 * `g`; this port's {@link ERF.surrogateFun} is the documented `½erfc(−αx)` (package README).
 * @example
 * ```ts
 * new ERF({ alpha: 2 }).call(np.array([-1, 0, 1]));   // [0, 1, 1]
 * ```
 * @public
 */
export class ERF extends Surrogate {
  /** Steepness α. */
  readonly alpha: number;

  /** @throws `ValueError` when alpha is not a finite number; `OptionError` for unknown options. */
  constructor(options: ERFOptions = {}) {
    super();
    ({ alpha: this.alpha } = readParams("ERF", options, { alpha: { default: 1 } }));
  }

  /** `(α/√π)·exp(−α²x²)`. */
  override surrogateGrad(x: Array): Array {
    const a = this.alpha;
    return np.exp(np.square(x).mul(-a * a)).mul(a / Math.sqrt(Math.PI));
  }

  /** `½erfc(−αx)`. */
  override surrogateFun(x: Array): Array {
    return np.erfc(x.mul(-this.alpha)).mul(0.5);
  }

  /** The hyper-parameters, in brainstate's repr order. */
  override hyperParameters(): { alpha: number } {
    return { alpha: this.alpha };
  }
}

/**
 * Heaviside spike of `x` with the {@link ERF} surrogate gradient.
 * @param x - Input (dimensionless).
 * @returns 1 where `x ≥ 0`, else 0, in `x`'s dtype.
 * @throws `ValueError` for a bad hyper-parameter; `OptionError` for unknown options.
 * @example
 * ```ts
 * erf(np.array([-0.5, 0.5]), { alpha: 1 });   // [0, 1]
 * ```
 * @public
 */
export function erf(x: np.ArrayLike, options: ERFOptions = {}): Array {
  return calledAs("erf", () => new ERF(options).call(x));
}
