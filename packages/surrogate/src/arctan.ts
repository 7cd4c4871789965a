// Arctangent surrogate (brainstate's `Arctan`/`arctan`). Layer: surrogate; ported from
// brainstate's surrogate.py.

import { np, type Array } from "@brainstate/core";
import { calledAs, readParams } from "./internal/params.js";
import { Surrogate } from "./Surrogate.js";

/** Options of {@link Arctan} and {@link arctan}. @public */
export interface ArctanOptions {
  /** Steepness; the gradient at 0 is α/2. @defaultValue 1 */
  alpha?: number;
}

/**
 * Spike with the arctangent surrogate: `g'(x) = α / (2(1 + (π/2·αx)²))`, the derivative of
 * `g(x) = arctan(π/2·αx)/π + ½`.
 *
 * Divergence: brainstate 0.1.0's `surrogate_fun` calls a two-argument arctan with one argument
 * (it fails); this port's {@link Arctan.surrogateFun} is the documented `g` (package README).
 * @example
 * ```ts
 * new Arctan({ alpha: 2 }).call(np.array([-1, 0, 1]));   // [0, 1, 1]
 * ```
 * @public
 */
export class Arctan extends Surrogate {
  /** Steepness α. */
  readonly alpha: number;

  /** @throws `ValueError` when alpha is not a finite number; `OptionError` for unknown options. */
  constructor(options: ArctanOptions = {}) {
    super();
    ({ alpha: this.alpha } = readParams("Arctan", options, { alpha: { default: 1 } }));
  }

  /** `α / (2(1 + (π/2·αx)²))`. */
  override surrogateGrad(x: Array): Array {
    return np.divide(this.alpha * 0.5, np.square(x.mul((Math.PI / 2) * this.alpha)).add(1));
  }

  /** `arctan(π/2·αx)/π + ½`. */
  override surrogateFun(x: Array): Array {
    return np.arctan(x.mul((Math.PI / 2) * this.alpha)).div(Math.PI).add(0.5);
  }

  /** The hyper-parameters, in brainstate's repr order. */
  override hyperParameters(): { alpha: number } {
    return { alpha: this.alpha };
  }
}

/**
 * Heaviside spike of `x` with the {@link Arctan} surrogate gradient.
 * @param x - Input (dimensionless).
 * @returns 1 where `x ≥ 0`, else 0, in `x`'s dtype.
 * @throws `ValueError` for a bad hyper-parameter; `OptionError` for unknown options.
 * @example
 * ```ts
 * arctan(np.array([-0.5, 0.5]), { alpha: 1 });   // [0, 1]
 * ```
 * @public
 */
export function arctan(x: np.ArrayLike, options: ArctanOptions = {}): Array {
  return calledAs("arctan", () => new Arctan(options).call(x));
}
