// Piecewise leaky-ReLU surrogate: a box gradient with leaky tails (brainstate's
// `PiecewiseLeakyRelu`/`piecewise_leaky_relu`). Layer: surrogate; ported from brainstate's surrogate.py.

import { np, type Array } from "@brainstate/core";
import { fillLike } from "./internal/fill.js";
import { calledAs, readParams } from "./internal/params.js";
import { Surrogate } from "./Surrogate.js";

/** Options of {@link PiecewiseLeakyRelu} and {@link piecewiseLeakyRelu}. @public */
export interface PiecewiseLeakyReluOptions {
  /** The gradient where `|x| > w`. @defaultValue 0.01 */
  c?: number;
  /** Half-width of the central box, where the gradient is `1/w`. @defaultValue 1 */
  w?: number;
}

/**
 * Spike with the piecewise leaky-ReLU surrogate (Yin et al. 2017; Wu et al. 2018, 2019; …):
 * `g'(x) = 1/w` for `|x| ≤ w`, `c` for `|x| > w` — the derivative of
 * `g(x) = cx + cw (x < −w); x/(2w) + ½ (|x| ≤ w); cx − cw + 1 (x > w)`.
 * @example
 * ```ts
 * new PiecewiseLeakyRelu({ c: 0.01, w: 1 }).call(np.array([-1, 0, 1]));   // [0, 1, 1]
 * ```
 * @public
 */
export class PiecewiseLeakyRelu extends Surrogate {
  /** Tail gradient c. */
  readonly c: number;
  /** Half-width w of the central box. */
  readonly w: number;

  /** @throws `ValueError` when c or w is not a finite number; `OptionError` for unknown options. */
  constructor(options: PiecewiseLeakyReluOptions = {}) {
    super();
    ({ c: this.c, w: this.w } = readParams("PiecewiseLeakyRelu", options, { c: { default: 0.01 }, w: { default: 1 } }));
  }

  /** `c` where `|x| > w`, else `1/w`. */
  override surrogateGrad(x: Array): Array {
    return np.where(np.abs(x).gt(this.w), fillLike(x, this.c), fillLike(x, 1 / this.w));
  }

  /** `cx + cw` for `x < −w`, `cx − cw + 1` for `x > w`, `x/(2w) + ½` in between. */
  override surrogateFun(x: Array): Array {
    const { c, w } = this;
    const left = x.mul(c).add(c * w);
    const right = x.mul(c).add(1 - c * w);
    const middle = x.mul(0.5 / w).add(0.5);
    return np.where(x.lt(-w), left, np.where(x.gt(w), right, middle));
  }

  /** The hyper-parameters, in brainstate's repr order. */
  override hyperParameters(): { c: number; w: number } {
    return { c: this.c, w: this.w };
  }
}

/**
 * Heaviside spike of `x` with the {@link PiecewiseLeakyRelu} surrogate gradient.
 * @param x - Input (dimensionless).
 * @returns 1 where `x ≥ 0`, else 0, in `x`'s dtype.
 * @throws `ValueError` for a bad hyper-parameter; `OptionError` for unknown options.
 * @example
 * ```ts
 * piecewiseLeakyRelu(np.array([-0.5, 0.5]), { c: 0.01, w: 1 });   // [0, 1]
 * ```
 * @public
 */
export function piecewiseLeakyRelu(x: np.ArrayLike, options: PiecewiseLeakyReluOptions = {}): Array {
  return calledAs("piecewiseLeakyRelu", () => new PiecewiseLeakyRelu(options).call(x));
}
