// Soft-sign surrogate (brainstate's `SoftSign`/`soft_sign`). Layer: surrogate; ported from
// brainstate's surrogate.py.

import { np, type Array } from "@brainstate/core";
import { calledAs, readParams } from "./internal/params.js";
import { Surrogate } from "./Surrogate.js";

/** Options of {@link SoftSign} and {@link softSign}. @public */
export interface SoftSignOptions {
  /** Steepness; larger values concentrate the gradient near 0. @defaultValue 1 */
  alpha?: number;
}

/**
 * Spike with the soft-sign surrogate: `g'(x) = α / (2(1 + |αx|)²)`, the derivative of
 * `g(x) = ½(αx / (1 + |αx|) + 1) = x / (2/α + 2|x|) + ½`.
 * @example
 * ```ts
 * new SoftSign({ alpha: 2 }).call(np.array([-1, 0, 1]));   // [0, 1, 1]
 * ```
 * @public
 */
export class SoftSign extends Surrogate {
  /** Steepness α. */
  readonly alpha: number;

  /** @throws `ValueError` when alpha is not a finite number; `OptionError` for unknown options. */
  constructor(options: SoftSignOptions = {}) {
    super();
    ({ alpha: this.alpha } = readParams("SoftSign", options, { alpha: { default: 1 } }));
  }

  /** `α / (2(1 + |αx|)²)`. */
  override surrogateGrad(x: Array): Array {
    return np.divide(this.alpha * 0.5, np.square(np.abs(x.mul(this.alpha)).add(1)));
  }

  /** `x / (2/α + 2|x|) + ½`. */
  override surrogateFun(x: Array): Array {
    return np.divide(x, np.abs(x).mul(2).add(2 / this.alpha)).add(0.5);
  }

  /** The hyper-parameters, in brainstate's repr order. */
  override hyperParameters(): { alpha: number } {
    return { alpha: this.alpha };
  }
}

/**
 * Heaviside spike of `x` with the {@link SoftSign} surrogate gradient.
 * @param x - Input (dimensionless).
 * @returns 1 where `x ≥ 0`, else 0, in `x`'s dtype.
 * @throws `ValueError` for a bad hyper-parameter; `OptionError` for unknown options.
 * @example
 * ```ts
 * softSign(np.array([-0.5, 0.5]), { alpha: 1 });   // [0, 1]
 * ```
 * @public
 */
export function softSign(x: np.ArrayLike, options: SoftSignOptions = {}): Array {
  return calledAs("softSign", () => new SoftSign(options).call(x));
}
