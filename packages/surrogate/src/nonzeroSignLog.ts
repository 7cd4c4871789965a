// Nonzero-sign-log surrogate (brainstate's `NonzeroSignLog`/`nonzero_sign_log`). Layer: surrogate;
// ported from brainstate's surrogate.py.

import { np, type Array } from "@brainstate/core";
import { calledAs, readParams } from "./internal/params.js";
import { Surrogate } from "./Surrogate.js";

/** Options of {@link NonzeroSignLog} and {@link nonzeroSignLog}. @public */
export interface NonzeroSignLogOptions {
  /** Steepness; the gradient at 0 is α. @defaultValue 1 */
  alpha?: number;
}

/**
 * Spike with the nonzero-sign-log surrogate, cheap in the backward pass:
 * `g'(x) = 1 / (1/α + |x|) = α / (1 + |αx|)`, the derivative of
 * `g(x) = NonzeroSign(x)·log(|αx| + 1)` with `NonzeroSign(x) = −1 if x < 0 else 1`.
 * @example
 * ```ts
 * new NonzeroSignLog({ alpha: 2 }).call(np.array([-1, 0, 1]));   // [0, 1, 1]
 * ```
 * @public
 */
export class NonzeroSignLog extends Surrogate {
  /** Steepness α. */
  readonly alpha: number;

  /** @throws `ValueError` when alpha is not a finite number; `OptionError` for unknown options. */
  constructor(options: NonzeroSignLogOptions = {}) {
    super();
    ({ alpha: this.alpha } = readParams("NonzeroSignLog", options, { alpha: { default: 1 } }));
  }

  /** `1 / (1/α + |x|)`. */
  override surrogateGrad(x: Array): Array {
    return np.divide(1, np.abs(x).add(1 / this.alpha));
  }

  /** `NonzeroSign(x)·log(|αx| + 1)`. */
  override surrogateFun(x: Array): Array {
    return np.where(x.lt(0), -1, 1).mul(np.log(np.abs(x.mul(this.alpha)).add(1)));
  }

  /** The hyper-parameters, in brainstate's repr order. */
  override hyperParameters(): { alpha: number } {
    return { alpha: this.alpha };
  }
}

/**
 * Heaviside spike of `x` with the {@link NonzeroSignLog} surrogate gradient.
 * @param x - Input (dimensionless).
 * @returns 1 where `x ≥ 0`, else 0, in `x`'s dtype.
 * @throws `ValueError` for a bad hyper-parameter; `OptionError` for unknown options.
 * @example
 * ```ts
 * nonzeroSignLog(np.array([-0.5, 0.5]), { alpha: 1 });   // [0, 1]
 * ```
 * @public
 */
export function nonzeroSignLog(x: np.ArrayLike, options: NonzeroSignLogOptions = {}): Array {
  return calledAs("nonzeroSignLog", () => new NonzeroSignLog(options).call(x));
}
