// The base class of every surrogate gradient function (brainstate's `surrogate.Surrogate`): a
// Heaviside forward whose derivative is the subclass's `surrogateGrad`. Layer: surrogate.

import { np, ValueError, type Array } from "@brainstate/core";
import { heaviside } from "./heaviside.js";
import { apiName } from "./internal/params.js";

/** A value that may define a surrogate: its hyper-parameters are plain numbers, strings or booleans. @public */
export type HyperParameter = number | string | boolean;

function formatValue(value: HyperParameter): string {
  return typeof value === "string" ? JSON.stringify(value) : String(value);
}

/**
 * A spike function for training spiking networks: the forward pass is the Heaviside step
 * `H(x) = 1 if x ≥ 0 else 0` (in `x`'s dtype) and the derivative is a smooth surrogate `g'(x)`.
 *
 * Subclasses implement {@link Surrogate.surrogateGrad}; they may implement
 * {@link Surrogate.surrogateFun} (the smooth function `g` whose derivative is `g'`). The spike is
 * built on core's `customJvp`, so it works under `jit`, `vmap`, `grad`, loops and `checkpoint`;
 * a second derivative differentiates `g'` (as in brainstate).
 *
 * @example
 * ```ts
 * class Cosine extends Surrogate {
 *   constructor(readonly alpha = 1) { super(); }
 *   override surrogateGrad(x: Array): Array { return np.cos(x).mul(this.alpha); }
 * }
 * const spikes = new Cosine(2).call(np.array([-1, 0, 1]));   // [0, 1, 1]
 * ```
 * @public
 */
export abstract class Surrogate {
  /**
   * The surrogate derivative `g'(x)` used in place of the step's derivative.
   * @param x - The input of the spike (e.g. a scaled membrane potential).
   * @returns An array of `x`'s shape.
   */
  abstract surrogateGrad(x: Array): Array;

  /**
   * The smooth function `g(x)` whose derivative is {@link Surrogate.surrogateGrad}, for plots and
   * analysis; not used by {@link Surrogate.call}. Absent where brainstate does not define one
   * (`ReluGrad`, `GaussianGrad`, `MultiGaussianGrad`, `InvSquareGrad`, `SlayerGrad`).
   */
  surrogateFun?(x: Array): Array;

  /**
   * Applies the spike: `H(x)` forward, `g'(x)·dx` as its derivative (brainstate's `__call__`).
   * @param x - Input; JS numbers and nested lists are converted with `np.asArray`.
   * @returns 1 where `x ≥ 0`, 0 elsewhere, in `x`'s dtype.
   * @throws `ValueError` when `x` is not array-like.
   */
  call(x: np.ArrayLike): Array {
    return heaviside(this, np.asArray(x, apiName(`${this.constructor.name}.call`)));
  }

  /**
   * The values that define this surrogate, in display order; equal values give equal
   * {@link Surrogate.cacheKey | cache keys}. The default lists the instance's own enumerable
   * properties; override it when the instance holds anything else.
   * @throws `ValueError` when an own property is not a number, string or boolean.
   */
  hyperParameters(): Readonly<Record<string, HyperParameter>> {
    const out: Record<string, HyperParameter> = {};
    for (const [key, value] of Object.entries(this)) {
      if (typeof value !== "number" && typeof value !== "string" && typeof value !== "boolean") {
        const name = this.constructor.name;
        throw new ValueError(
          `${name}.hyperParameters: property '${key}' holds ${value === null ? "null" : `a ${typeof value}`}, which cannot be part of the surrogate's key; only numbers, strings and booleans can — override hyperParameters() in ${name} to return the values that define it`,
        );
      }
      out[key] = value;
    }
    return out;
  }

  /** The class name and hyper-parameters, as brainstate's `repr`: `Sigmoid(alpha=4)`. */
  toString(): string {
    const params = Object.entries(this.hyperParameters()).map(([k, v]) => `${k}=${formatValue(v)}`);
    return `${this.constructor.name}(${params.join(", ")})`;
  }

  /**
   * A string that identifies the surrogate by class name and hyper-parameters (brainstate's
   * `__hash__`): equal for instances of one class with equal hyper-parameters. Numbers are written
   * with full precision, so distinct values give distinct keys.
   */
  cacheKey(): string {
    return this.toString();
  }

  /** Whether `other` is a surrogate of the same class with equal hyper-parameters. */
  equals(other: unknown): boolean {
    return (
      other instanceof Surrogate && Object.getPrototypeOf(other) === Object.getPrototypeOf(this) && other.cacheKey() === this.cacheKey()
    );
  }

  /** The cache key, so that `JSON.stringify` (and `jit`'s `staticArgnums`) tell surrogates apart. */
  toJSON(): string {
    return this.cacheKey();
  }
}
