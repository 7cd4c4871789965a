// Log-tailed-ReLU surrogate (brainstate's `LogTailedRelu`/`log_tailed_relu`). Layer: surrogate;
// ported from brainstate's surrogate.py.

import { np, type Array } from "@brainstate/core";
import { fillLike } from "./internal/fill.js";
import { calledAs, readParams } from "./internal/params.js";
import { Surrogate } from "./Surrogate.js";

/** Options of {@link LogTailedRelu} and {@link logTailedRelu}. @public */
export interface LogTailedReluOptions {
  /** The gradient where `x ≤ 0`. @defaultValue 0 */
  alpha?: number;
}

/**
 * Spike with the log-tailed-ReLU surrogate (Cai et al. 2017):
 * `g'(x) = α (x ≤ 0); 1 (0 < x ≤ 1); 1/x (x > 1)`, the derivative of
 * `g(x) = αx (x ≤ 0); x (0 < x ≤ 1); log x (x > 1)`.
 * @example
 * ```ts
 * new LogTailedRelu({ alpha: 0 }).call(np.array([-1, 0, 1]));   // [0, 1, 1]
 * ```
 * @public
 */
export class LogTailedRelu extends Surrogate {
  /** Gradient α at and below 0. */
  readonly alpha: number;

  /** @throws `ValueError` when alpha is not a finite number; `OptionError` for unknown options. */
  constructor(options: LogTailedReluOptions = {}) {
    super();
    ({ alpha: this.alpha } = readParams("LogTailedRelu", options, { alpha: { default: 0 } }));
  }

  /** `1/x` for `x > 1`, `1` for `0 < x ≤ 1`, `α` for `x ≤ 0`. */
  override surrogateGrad(x: Array): Array {
    return np.where(x.gt(1), np.divide(1, x), np.where(x.gt(0), fillLike(x, 1), fillLike(x, this.alpha)));
  }

  /** `log x` for `x > 1`, `x` for `0 < x ≤ 1`, `αx` for `x ≤ 0`. */
  override surrogateFun(x: Array): Array {
    return np.where(x.gt(1), np.log(x), np.where(x.gt(0), x, x.mul(this.alpha)));
  }

  /** The hyper-parameters, in brainstate's repr order. */
  override hyperParameters(): { alpha: number } {
    return { alpha: this.alpha };
  }
}

/**
 * Heaviside spike of `x` with the {@link LogTailedRelu} surrogate gradient.
 * @param x - Input (dimensionless).
 * @returns 1 where `x ≥ 0`, else 0, in `x`'s dtype.
 * @throws `ValueError` for a bad hyper-parameter; `OptionError` for unknown options.
 * @example
 * ```ts
 * logTailedRelu(np.array([-0.5, 0.5]), { alpha: 0 });   // [0, 1]
 * ```
 * @public
 */
export function logTailedRelu(x: np.ArrayLike, options: LogTailedReluOptions = {}): Array {
  return calledAs("logTailedRelu", () => new LogTailedRelu(options).call(x));
}
