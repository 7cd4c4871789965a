// S2NN surrogate: sigmoid-shaped below threshold, logarithmic above (brainstate's `S2NN`/`s2nn`).
// Layer: surrogate; ported from brainstate's surrogate.py.

import { np, type Array } from "@brainstate/core";
import { calledAs, readParams } from "./internal/params.js";
import { Surrogate } from "./Surrogate.js";

/** Options of {@link S2NN} and {@link s2nn}. @public */
export interface S2NNOptions {
  /** Steepness of the sigmoid branch, used where `x < 0`. @defaultValue 4 */
  alpha?: number;
  /** Scale of the logarithmic branch, used where `x ≥ 0`. @defaultValue 1 */
  beta?: number;
  /** Added inside the logarithm of {@link S2NN.surrogateFun} to avoid log(0). @defaultValue 1e-8 */
  epsilon?: number;
}

/**
 * Spike with the S2NN surrogate (Suetake et al. 2022):
 * `g'(x) = α·σ(αx)(1 − σ(αx))` for `x < 0`, `β/(x + 1)` for `x ≥ 0` — the derivative of
 * `g(x) = σ(αx) (x < 0); β·ln(|x + 1| + ε) + ½ (x ≥ 0)`.
 * @example
 * ```ts
 * new S2NN({ alpha: 4, beta: 1 }).call(np.array([-1, 0, 1]));   // [0, 1, 1]
 * ```
 * @public
 */
export class S2NN extends Surrogate {
  /** Steepness α of the sigmoid branch. */
  readonly alpha: number;
  /** Scale β of the logarithmic branch. */
  readonly beta: number;
  /** ε inside the logarithm. */
  readonly epsilon: number;

  /** @throws `ValueError` when a hyper-parameter is not a finite number; `OptionError` for unknown options. */
  constructor(options: S2NNOptions = {}) {
    super();
    ({
      alpha: this.alpha,
      beta: this.beta,
      epsilon: this.epsilon,
    } = readParams("S2NN", options, { alpha: { default: 4 }, beta: { default: 1 }, epsilon: { default: 1e-8 } }));
  }

  /** `α·σ(αx)(1 − σ(αx))` for `x < 0`, `β/(x + 1)` otherwise. */
  override surrogateGrad(x: Array): Array {
    const s = np.sigmoid(x.mul(this.alpha));
    return np.where(x.lt(0), s.mul(np.subtract(1, s)).mul(this.alpha), np.divide(this.beta, x.add(1)));
  }

  /** `σ(αx)` for `x < 0`, `β·log(|x + 1| + ε) + ½` otherwise. */
  override surrogateFun(x: Array): Array {
    const upper = np.log(np.abs(x.add(1)).add(this.epsilon)).mul(this.beta).add(0.5);
    return np.where(x.lt(0), np.sigmoid(x.mul(this.alpha)), upper);
  }

  /** The hyper-parameters, in brainstate's repr order. */
  override hyperParameters(): { alpha: number; beta: number; epsilon: number } {
    return { alpha: this.alpha, beta: this.beta, epsilon: this.epsilon };
  }
}

/**
 * Heaviside spike of `x` with the {@link S2NN} surrogate gradient.
 * @param x - Input (dimensionless).
 * @returns 1 where `x ≥ 0`, else 0, in `x`'s dtype.
 * @throws `ValueError` for a bad hyper-parameter; `OptionError` for unknown options.
 * @example
 * ```ts
 * s2nn(np.array([-0.5, 0.5]), { alpha: 4, beta: 1 });   // [0, 1]
 * ```
 * @public
 */
export function s2nn(x: np.ArrayLike, options: S2NNOptions = {}): Array {
  return calledAs("s2nn", () => new S2NN(options).call(x));
}
