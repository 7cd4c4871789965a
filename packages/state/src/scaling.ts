// Membrane-potential scaling: maps a potential range onto a standard range and back (used by
// neuron models through environ's `memScaling`). Layer: state. Ported from brainstate's
// util/_scaling.py.

import { np, type Array } from "@brainstate/core";

/** A number or an array (the operands of the scaling maps). @public */
export type Scalable = Array | number;

function add(a: Scalable, b: Scalable): Scalable {
  return typeof a === "number" && typeof b === "number" ? a + b : np.add(a, b);
}
function sub(a: Scalable, b: Scalable): Scalable {
  return typeof a === "number" && typeof b === "number" ? a - b : np.subtract(a, b);
}
function mul(a: Scalable, b: Scalable): Scalable {
  return typeof a === "number" && typeof b === "number" ? a * b : np.multiply(a, b);
}
function div(a: Scalable, b: Scalable): Scalable {
  return typeof a === "number" && typeof b === "number" ? a / b : np.divide(a, b);
}

/** Overrides of a scaling's bias and/or scale for one call. @public */
export interface ScalingOverrides {
  /** Bias in mV; defaults to the object's. */
  bias?: number;
  /** Scale (mV per standard unit); defaults to the object's. */
  scale?: number;
}

/**
 * Affine scaling of membrane potentials: `standard = (V + bias) / scale`, `V = standard·scale − bias`.
 * @example
 * ```ts
 * const s = MemScaling.transform([-70, -50]);   // scale 20, bias 70
 * s.scaleOffset(-60);                           // 0.5
 * ```
 * @public
 */
export class MemScaling {
  readonly #scale: number;
  readonly #bias: number;
  /**
   * @param scale - mV per standard unit
   * @param bias - mV added before scaling
   */
  constructor(scale: number, bias: number) {
    this.#scale = scale;
    this.#bias = bias;
  }
  /**
   * The scaling that maps `[V_min, V_max]` (mV) onto `[t_min, t_max]`:
   * `scale = (V_max − V_min)/(t_max − t_min)`, `bias = t_min·scale − V_min`.
   */
  static transform(origRange: readonly [number, number], targetRange: readonly [number, number] = [0, 1]): MemScaling {
    const [vMin, vMax] = origRange;
    const [tMin, tMax] = targetRange;
    const scale = (vMax - vMin) / (tMax - tMin);
    return new this(scale, tMin * scale - vMin);
  }
  /** The scale (mV per standard unit). */
  get scaleFactor(): number {
    return this.#scale;
  }
  /** The bias (mV). */
  get bias(): number {
    return this.#bias;
  }
  /** `(x + bias) / scale`: potential → standard range. */
  scaleOffset(x: Scalable, overrides: ScalingOverrides = {}): Scalable {
    return div(add(x, overrides.bias ?? this.#bias), overrides.scale ?? this.#scale);
  }
  /** `x / scale`. */
  scale(x: Scalable, overrides: Pick<ScalingOverrides, "scale"> = {}): Scalable {
    return div(x, overrides.scale ?? this.#scale);
  }
  /** `x + bias`. */
  offset(x: Scalable, overrides: Pick<ScalingOverrides, "bias"> = {}): Scalable {
    return add(x, overrides.bias ?? this.#bias);
  }
  /** `x · scale`. */
  revScale(x: Scalable, overrides: Pick<ScalingOverrides, "scale"> = {}): Scalable {
    return mul(x, overrides.scale ?? this.#scale);
  }
  /** `x − bias`. */
  revOffset(x: Scalable, overrides: Pick<ScalingOverrides, "bias"> = {}): Scalable {
    return sub(x, overrides.bias ?? this.#bias);
  }
  /** `x · scale − bias`: standard range → potential. */
  revScaleOffset(x: Scalable, overrides: ScalingOverrides = {}): Scalable {
    return sub(mul(x, overrides.scale ?? this.#scale), overrides.bias ?? this.#bias);
  }
  /** A copy. */
  clone(): MemScaling {
    return new MemScaling(this.#scale, this.#bias);
  }
}

/** The identity scaling (scale 1, bias 0): every map returns its input. @public */
export class IdMemScaling extends MemScaling {
  constructor() {
    super(1, 0);
  }
  override scaleOffset(x: Scalable, _overrides: ScalingOverrides = {}): Scalable {
    return x;
  }
  override scale(x: Scalable, _overrides: Pick<ScalingOverrides, "scale"> = {}): Scalable {
    return x;
  }
  override offset(x: Scalable, _overrides: Pick<ScalingOverrides, "bias"> = {}): Scalable {
    return x;
  }
  override revScale(x: Scalable, _overrides: Pick<ScalingOverrides, "scale"> = {}): Scalable {
    return x;
  }
  override revOffset(x: Scalable, _overrides: Pick<ScalingOverrides, "bias"> = {}): Scalable {
    return x;
  }
  override revScaleOffset(x: Scalable, _overrides: ScalingOverrides = {}): Scalable {
    return x;
  }
  override clone(): IdMemScaling {
    return new IdMemScaling();
  }
}
