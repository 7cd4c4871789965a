// Square-wave Fourier-series surrogate (brainstate's `SquarewaveFourierSeries`/
// `squarewave_fourier_series`). Layer: surrogate; ported from brainstate's surrogate.py.

import { np, type Array } from "@brainstate/core";
import { calledAs, readParams } from "./internal/params.js";
import { Surrogate } from "./Surrogate.js";

/** Options of {@link SquarewaveFourierSeries} and {@link squarewaveFourierSeries}. @public */
export interface SquarewaveFourierSeriesOptions {
  /** Number of terms is `max(n − 1, 1)` (brainstate sums `i = 2 … n − 1` after the first term). Integer. @defaultValue 2 */
  n?: number;
  /** Period T of the square wave (brainstate's `t_period`). @defaultValue 8 */
  tPeriod?: number;
}

/**
 * Spike with the square-wave Fourier-series surrogate: with `ω = 2π/T`,
 * `g'(x) = (4/T)·[cos(ωx) + Σ_{i=2}^{n−1} cos((2i−1)ωx)]`, the derivative of
 * `g(x) = ½ + (2/π)·[sin(ωx) + Σ_{i=2}^{n−1} sin((2i−1)ωx)/(2i−1)]`.
 *
 * The sums stop at `n − 1` as in brainstate's code (its docstring writes `Σ_{i=1}^{n}`); the
 * default `n = 2` is a single cosine.
 * @example
 * ```ts
 * new SquarewaveFourierSeries({ n: 4, tPeriod: 8 }).call(np.array([-1, 0, 1]));   // [0, 1, 1]
 * ```
 * @public
 */
export class SquarewaveFourierSeries extends Surrogate {
  /** Term count parameter n (integer). */
  readonly n: number;
  /** Period T. */
  readonly tPeriod: number;

  /** @throws `ValueError` when n is not an integer or tPeriod not a finite number; `OptionError` for unknown options. */
  constructor(options: SquarewaveFourierSeriesOptions = {}) {
    super();
    ({ n: this.n, tPeriod: this.tPeriod } = readParams("SquarewaveFourierSeries", options, {
      n: { default: 2, integer: true },
      tPeriod: { default: 8 },
    }));
  }

  /** `(4/T)·[cos(ωx) + Σ_{i=2}^{n−1} cos((2i−1)ωx)]`. */
  override surrogateGrad(x: Array): Array {
    const w = (2 * Math.PI) / this.tPeriod;
    let sum = np.cos(x.mul(w));
    for (let i = 2; i < this.n; i++) sum = sum.add(np.cos(x.mul((2 * i - 1) * w)));
    return sum.mul(4 / this.tPeriod);
  }

  /** `½ + (2/π)·[sin(ωx) + Σ_{i=2}^{n−1} sin((2i−1)ωx)/(2i−1)]`. */
  override surrogateFun(x: Array): Array {
    const w = (2 * Math.PI) / this.tPeriod;
    let sum = np.sin(x.mul(w));
    for (let i = 2; i < this.n; i++) sum = sum.add(np.sin(x.mul((2 * i - 1) * w)).div(2 * i - 1));
    return sum.mul(2 / Math.PI).add(0.5);
  }

  /** The hyper-parameters, in brainstate's repr order. */
  override hyperParameters(): { n: number; tPeriod: number } {
    return { n: this.n, tPeriod: this.tPeriod };
  }
}

/**
 * Heaviside spike of `x` with the {@link SquarewaveFourierSeries} surrogate gradient.
 * @param x - Input (dimensionless).
 * @returns 1 where `x ≥ 0`, else 0, in `x`'s dtype.
 * @throws `ValueError` for a bad hyper-parameter; `OptionError` for unknown options.
 * @example
 * ```ts
 * squarewaveFourierSeries(np.array([-0.5, 0.5]), { n: 2, tPeriod: 8 });   // [0, 1]
 * ```
 * @public
 */
export function squarewaveFourierSeries(x: np.ArrayLike, options: SquarewaveFourierSeriesOptions = {}): Array {
  return calledAs("squarewaveFourierSeries", () => new SquarewaveFourierSeries(options).call(x));
}
