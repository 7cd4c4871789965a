// Sigmoid surrogate: the derivative of a logistic sigmoid (brainstate's `Sigmoid`/`sigmoid`).
// Layer: surrogate; ported from brainstate's surrogate.py.

import { np, type Array } from "@brainstate/core";
import { calledAs, readParams } from "./internal/params.js";
import { Surrogate } from "./Surrogate.js";

/** Options of {@link Sigmoid} and {@link sigmoid}. @public */
export interface SigmoidOptions {
  /** Steepness of the sigmoid; larger values concentrate the gradient near 0. @defaultValue 4 */
  alpha?: number;
}

/**
 * Spike with the sigmoid-shaped surrogate gradient `g'(x) = α·σ(αx)·(1 − σ(αx))`, the derivative
 * of `g(x) = σ(αx) = 1 / (1 + e^{−αx})`.
 * @example
 * ```ts
 * const spk = new Sigmoid({ alpha: 4 });
 * spk.call(np.array([-1, 0, 1]));   // [0, 1, 1]; derivative 4·σ(4x)(1 − σ(4x))
 * ```
 * @public
 */
export class Sigmoid extends Surrogate {
  /** Steepness α. */
  readonly alpha: number;

  /** @throws `ValueError` when alpha is not a finite number; `OptionError` for unknown options. */
  constructor(options: SigmoidOptions = {}) {
    super();
    ({ alpha: this.alpha } = readParams("Sigmoid", options, { alpha: { default: 4 } }));
  }

  /** `α·σ(αx)·(1 − σ(αx))`. */
  override surrogateGrad(x: Array): Array {
    const s = np.sigmoid(x.mul(this.alpha));
    return s.mul(np.subtract(1, s)).mul(this.alpha);
  }

  /** `σ(αx)`. */
  override surrogateFun(x: Array): Array {
    return np.sigmoid(x.mul(this.alpha));
  }

  /** The hyper-parameters, in brainstate's repr order. */
  override hyperParameters(): { alpha: number } {
    return { alpha: this.alpha };
  }
}

/**
 * Heaviside spike of `x` with the {@link Sigmoid} surrogate gradient.
 * @param x - Input (e.g. `(V − V_th) / V_th`, dimensionless).
 * @returns 1 where `x ≥ 0`, else 0, in `x`'s dtype.
 * @throws `ValueError` for a bad hyper-parameter; `OptionError` for unknown options.
 * @example
 * ```ts
 * grad((x: Array) => sigmoid(x, { alpha: 2 }).sum())(np.array([0]));   // [0.5]
 * ```
 * @public
 */
export function sigmoid(x: np.ArrayLike, options: SigmoidOptions = {}): Array {
  return calledAs("sigmoid", () => new Sigmoid(options).call(x));
}
