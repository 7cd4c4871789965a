// Inverse-square surrogate gradient (brainstate's `InvSquareGrad`/`inv_square_grad`; the default
// spike function of nn's Neuron base). Layer: surrogate; ported from brainstate's surrogate.py.

import { np, type Array } from "@brainstate/core";
import { calledAs, readParams } from "./internal/params.js";
import { Surrogate } from "./Surrogate.js";

/** Options of {@link InvSquareGrad} and {@link invSquareGrad}. @public */
export interface InvSquareGradOptions {
  /** Steepness; larger values concentrate the gradient near 0. @defaultValue 100 */
  alpha?: number;
}

/**
 * Spike with the inverse-square surrogate gradient: `g'(x) = 1 / (α|x| + 1)²`. There is no
 * `surrogateFun`.
 * @example
 * ```ts
 * new InvSquareGrad({ alpha: 100 }).call(np.array([-1, 0, 1]));   // [0, 1, 1]
 * ```
 * @public
 */
export class InvSquareGrad extends Surrogate {
  /** Steepness α. */
  readonly alpha: number;

  /** @throws `ValueError` when alpha is not a finite number; `OptionError` for unknown options. */
  constructor(options: InvSquareGradOptions = {}) {
    super();
    ({ alpha: this.alpha } = readParams("InvSquareGrad", options, { alpha: { default: 100 } }));
  }

  /** `1 / (α|x| + 1)²`. */
  override surrogateGrad(x: Array): Array {
    return np.divide(1, np.square(np.abs(x).mul(this.alpha).add(1)));
  }

  /** The hyper-parameters, in brainstate's repr order. */
  override hyperParameters(): { alpha: number } {
    return { alpha: this.alpha };
  }
}

/**
 * Heaviside spike of `x` with the {@link InvSquareGrad} surrogate gradient.
 * @param x - Input (dimensionless).
 * @returns 1 where `x ≥ 0`, else 0, in `x`'s dtype.
 * @throws `ValueError` for a bad hyper-parameter; `OptionError` for unknown options.
 * @example
 * ```ts
 * invSquareGrad(np.array([-0.5, 0.5]), { alpha: 100 });   // [0, 1]
 * ```
 * @public
 */
export function invSquareGrad(x: np.ArrayLike, options: InvSquareGradOptions = {}): Array {
  return calledAs("invSquareGrad", () => new InvSquareGrad(options).call(x));
}
