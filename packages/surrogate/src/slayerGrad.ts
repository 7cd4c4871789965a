// SLAYER surrogate gradient: an exponential kernel (brainstate's `SlayerGrad`/`slayer_grad`).
// Layer: surrogate; ported from brainstate's surrogate.py.

import { np, type Array } from "@brainstate/core";
import { calledAs, readParams } from "./internal/params.js";
import { Surrogate } from "./Surrogate.js";

/** Options of {@link SlayerGrad} and {@link slayerGrad}. @public */
export interface SlayerGradOptions {
  /** Decay rate of the gradient away from 0. @defaultValue 1 */
  alpha?: number;
}

/**
 * Spike with the SLAYER surrogate gradient (Shrestha & Orchard 2018): `g'(x) = e^{−α|x|}`. There
 * is no `surrogateFun`.
 * @example
 * ```ts
 * new SlayerGrad({ alpha: 1 }).call(np.array([-1, 0, 1]));   // [0, 1, 1]
 * ```
 * @public
 */
export class SlayerGrad extends Surrogate {
  /** Decay rate α. */
  readonly alpha: number;

  /** @throws `ValueError` when alpha is not a finite number; `OptionError` for unknown options. */
  constructor(options: SlayerGradOptions = {}) {
    super();
    ({ alpha: this.alpha } = readParams("SlayerGrad", options, { alpha: { default: 1 } }));
  }

  /** `exp(−α|x|)`. */
  override surrogateGrad(x: Array): Array {
    return np.exp(np.abs(x).mul(-this.alpha));
  }

  /** The hyper-parameters, in brainstate's repr order. */
  override hyperParameters(): { alpha: number } {
    return { alpha: this.alpha };
  }
}

/**
 * Heaviside spike of `x` with the {@link SlayerGrad} surrogate gradient.
 * @param x - Input (dimensionless).
 * @returns 1 where `x ≥ 0`, else 0, in `x`'s dtype.
 * @throws `ValueError` for a bad hyper-parameter; `OptionError` for unknown options.
 * @example
 * ```ts
 * slayerGrad(np.array([-0.5, 0.5]), { alpha: 1 });   // [0, 1]
 * ```
 * @public
 */
export function slayerGrad(x: np.ArrayLike, options: SlayerGradOptions = {}): Array {
  return calledAs("slayerGrad", () => new SlayerGrad(options).call(x));
}
