// q-PseudoSpike surrogate: a gradient with tunable tail fatness (brainstate's `QPseudoSpike`/
// `q_pseudo_spike`). Layer: surrogate; ported from brainstate's surrogate.py.

import { np, type Array } from "@brainstate/core";
import { calledAs, readParams } from "./internal/params.js";
import { Surrogate } from "./Surrogate.js";

/** Options of {@link QPseudoSpike} and {@link qPseudoSpike}. @public */
export interface QPseudoSpikeOptions {
  /** Tail fatness (greater than 1); smaller values give heavier tails. @defaultValue 2 */
  alpha?: number;
}

/**
 * Spike with the q-PseudoSpike surrogate (Herranz-Celotti & Rouat 2022):
 * `g'(x) = (1 + 2|x|/(α − 1))^{−α}`, the derivative of
 * `g(x) = ½(1 + 2|x|/(α − 1))^{1−α} (x < 0); 1 − ½(1 + 2|x|/(α − 1))^{1−α} (x ≥ 0)`.
 *
 * Divergence: brainstate 0.1.0's code uses `α + 1` in place of `α − 1` in `g'` (and a sign slip in
 * `g` for `x < 0`); this port implements the documented and published formulas, which need
 * α greater than 1 (package README).
 * @example
 * ```ts
 * new QPseudoSpike({ alpha: 2 }).call(np.array([-1, 0, 1]));   // [0, 1, 1]
 * ```
 * @public
 */
export class QPseudoSpike extends Surrogate {
  /** Tail fatness α (greater than 1). */
  readonly alpha: number;

  /** @throws `ValueError` when alpha is not a finite number greater than 1; `OptionError` for unknown options. */
  constructor(options: QPseudoSpikeOptions = {}) {
    super();
    ({ alpha: this.alpha } = readParams("QPseudoSpike", options, {
      alpha: { default: 2, greaterThan: 1, reason: "the formula divides by α − 1" },
    }));
  }

  /** `(1 + 2|x|/(α − 1))^{−α}`. */
  override surrogateGrad(x: Array): Array {
    return np.power(np.abs(x).mul(2 / (this.alpha - 1)).add(1), -this.alpha);
  }

  /** `½u` for `x < 0`, `1 − ½u` otherwise, with `u = (1 + 2|x|/(α − 1))^{1−α}`. */
  override surrogateFun(x: Array): Array {
    const u = np.power(np.abs(x).mul(2 / (this.alpha - 1)).add(1), 1 - this.alpha).mul(0.5);
    return np.where(x.lt(0), u, np.subtract(1, u));
  }

  /** The hyper-parameters, in brainstate's repr order. */
  override hyperParameters(): { alpha: number } {
    return { alpha: this.alpha };
  }
}

/**
 * Heaviside spike of `x` with the {@link QPseudoSpike} surrogate gradient.
 * @param x - Input (dimensionless).
 * @returns 1 where `x ≥ 0`, else 0, in `x`'s dtype.
 * @throws `ValueError` for a bad hyper-parameter (alpha must exceed 1); `OptionError` for unknown options.
 * @example
 * ```ts
 * qPseudoSpike(np.array([-0.5, 0.5]), { alpha: 2 });   // [0, 1]
 * ```
 * @public
 */
export function qPseudoSpike(x: np.ArrayLike, options: QPseudoSpikeOptions = {}): Array {
  return calledAs("qPseudoSpike", () => new QPseudoSpike(options).call(x));
}
