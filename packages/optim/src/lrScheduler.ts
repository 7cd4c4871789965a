// Learning-rate schedulers: graph nodes that give the learning rate at an epoch (epoch-based) or
// at an update call (call-based), with their counters kept in LongTermStates. Layer: optim.
// Ported from brainstate's optim/_lr_scheduler.py.

import { Array, np, ValueError } from "@brainstate/core";
import { Node } from "@brainstate/graph";
import { environ, LongTermState, State } from "@brainstate/state";
import { checkBoolean, checkNumber, checkOptionKeys } from "./internal/checks.js";

/** An epoch or call index given explicitly to a scheduler's `call`. @public */
export type ScheduleIndex = number | Array;

/** A learning rate as a scheduler accepts it: a number, a scalar Array, or a State holding one. @public */
export type LearningRateValue = number | Array | State;

/** Options of every epoch-based scheduler. @public */
export interface LearningRateSchedulerOptions {
  /** The index of the last epoch; `call()` uses `lastEpoch + 1`. @defaultValue -1 */
  lastEpoch?: number;
}

/** Options of every call-based scheduler. @public */
export interface CallBasedLRSchedulerOptions extends LearningRateSchedulerOptions {
  /** The index of the last call; `call()` uses `lastCall + 1`. @defaultValue -1 */
  lastCall?: number;
}

function describe(x: unknown): string {
  if (x === null) return "null";
  if (typeof x === "object") return `a ${(x as { constructor?: { name?: string } }).constructor?.name ?? "object"}`;
  return `a ${typeof x}`;
}

function toScalar(where: string, value: unknown): Array {
  let v: Array;
  if (typeof value === "number") v = np.array(value, { dtype: environ.dftype() });
  else if (value instanceof Array) v = value;
  else throw new ValueError(`${where}: the learning rate must be a number, a scalar Array or a State holding one, got ${describe(value)}`);
  if (v.ndim !== 0) throw new ValueError(`${where}: the learning rate must be a scalar, got an array of shape [${v.shape.join(",")}]`);
  return v;
}

function counter(where: string, name: string, value: number): LongTermState<Array> {
  checkNumber(where, name, value, { integer: true, min: -1 });
  return new LongTermState(np.array(value, { dtype: environ.ditype() }));
}

/**
 * The base class of learning-rate schedulers (brainstate's `LearningRateScheduler`): a graph
 * node holding the base learning rate and the epoch counter `lastEpoch` (a LongTermState, so it
 * is saved with the model). `call(i)` gives the learning rate at index `i` (by default the next
 * epoch, `lastEpoch + 1`). Epoch-based schedulers advance only when the user calls
 * `stepEpoch()`; optimizers call `stepCall()` after every update, which advances call-based ones.
 * @public
 */
export abstract class LearningRateScheduler extends Node {
  /** The base learning rate (a scalar Array, or the State given to the constructor). */
  _lr: Array | State<Array>;
  /** The index of the last epoch (int32 scalar). */
  lastEpoch: LongTermState<Array>;

  /**
   * @param lr - the base learning rate; a State is kept (its value cast to the default float dtype) so the rate can be changed from outside
   * @param options - `lastEpoch`
   * @throws ValueError when `lr` is not a scalar number/Array/State, or `lastEpoch` is not an integer ≥ −1.
   */
  constructor(lr: LearningRateValue, options: LearningRateSchedulerOptions = {}) {
    super();
    const where = this.constructor.name;
    if (lr instanceof State) {
      lr.value = toScalar(where, lr.value).astype(environ.dftype());
      this._lr = lr as State<Array>;
    } else {
      this._lr = toScalar(where, lr).astype(environ.dftype());
    }
    this.lastEpoch = counter(where, "lastEpoch", options.lastEpoch ?? -1);
  }

  /**
   * The base learning rate (read from the State when one was given). Setting it writes into that
   * State, if any.
   * @throws ValueError when set to a non-scalar.
   */
  get lr(): Array {
    return this._lr instanceof State ? (this._lr.value as Array) : this._lr;
  }
  set lr(value: LearningRateValue) {
    const where = `${this.constructor.name}.lr`;
    const v = toScalar(where, value instanceof State ? value.value : value);
    if (this._lr instanceof State) this._lr.value = v;
    else this._lr = v;
  }

  /** Advances the epoch counter by one. */
  stepEpoch(): void {
    this.lastEpoch.value = this.lastEpoch.value.add(1);
  }

  /** Advances the call counter (a no-op for epoch-based schedulers). */
  stepCall(): void {}

  /**
   * The learning rate at index `i`.
   * @param i - the epoch (or call) index; by default the next one
   */
  abstract call(i?: ScheduleIndex): Array;

  /** The index to evaluate: `i`, or the next value of `last`. */
  protected index(i: ScheduleIndex | undefined, last: LongTermState<Array>): Array {
    return i === undefined ? last.value.add(1) : np.asArray(i, `${this.constructor.name}.call`);
  }

  /** `x` in the learning rate's dtype. */
  protected float(x: Array): Array {
    return x.astype(this.lr.dtype);
  }
}

/**
 * A scheduler that counts update calls (brainstate's `CallBasedLRScheduler`): `lastCall` (a
 * LongTermState) advances on every `stepCall()`, which optimizers call after each update.
 * @public
 */
export abstract class CallBasedLRScheduler extends LearningRateScheduler {
  /** The index of the last call (int32 scalar). */
  lastCall: LongTermState<Array>;

  /**
   * @param lr - the base learning rate
   * @param options - `lastEpoch`, `lastCall`
   * @throws ValueError when `lastCall` is not an integer ≥ −1.
   */
  constructor(lr: LearningRateValue, options: CallBasedLRSchedulerOptions = {}) {
    super(lr, { lastEpoch: options.lastEpoch ?? -1 });
    this.lastCall = counter(this.constructor.name, "lastCall", options.lastCall ?? -1);
  }

  /** Advances the call counter by one. */
  override stepCall(): void {
    this.lastCall.value = this.lastCall.value.add(1);
  }
}

/**
 * A constant learning rate (brainstate's `ConstantLR`).
 * @example
 * ```ts
 * new ConstantLR(0.1).call(); // 0.1
 * ```
 * @public
 */
export class ConstantLR extends LearningRateScheduler {
  /**
   * @param lr - the learning rate
   * @param options - `lastEpoch`
   * @throws ValueError for a bad learning rate; OptionError for unknown options.
   */
  constructor(lr: LearningRateValue, options: LearningRateSchedulerOptions = {}) {
    checkOptionKeys("ConstantLR", options, ["lastEpoch"]);
    super(lr, options);
  }

  /** `lr`. */
  call(_i?: ScheduleIndex): Array {
    return this.lr;
  }
}

/** Options of {@link StepLR}. @public */
export interface StepLROptions extends LearningRateSchedulerOptions {
  /** Multiplicative decay factor, in [0, 1]. @defaultValue 0.1 */
  gamma?: number;
}

/**
 * Decays the learning rate by `gamma` every `stepSize` epochs (brainstate's `StepLR`):
 * `lr·γ^⌊i/stepSize⌋`.
 * @example
 * ```ts
 * const s = new StepLR(0.1, 30, { gamma: 0.1 });
 * s.call(45); // 0.01
 * ```
 * @public
 */
export class StepLR extends LearningRateScheduler {
  /** Period of the decay, in epochs. */
  readonly stepSize: number;
  /** Multiplicative decay factor. */
  readonly gamma: number;

  /**
   * @param lr - the initial learning rate
   * @param stepSize - the period of the decay, in epochs (an integer ≥ 1)
   * @param options - `gamma`, `lastEpoch`
   * @throws ValueError for a bad `stepSize` or `gamma`; OptionError for unknown options.
   */
  constructor(lr: LearningRateValue, stepSize: number, options: StepLROptions = {}) {
    checkOptionKeys("StepLR", options, ["gamma", "lastEpoch"]);
    super(lr, { lastEpoch: options.lastEpoch ?? -1 });
    this.stepSize = checkNumber("StepLR", "stepSize", stepSize, { integer: true, min: 1 });
    this.gamma = checkNumber("StepLR", "gamma", options.gamma ?? 0.1, { min: 0, max: 1 });
  }

  /** `lr·γ^⌊i/stepSize⌋`. */
  call(i?: ScheduleIndex): Array {
    const k = np.floorDivide(this.index(i, this.lastEpoch), this.stepSize);
    return this.lr.mul(np.power(this.gamma, this.float(k)));
  }
}

/** Options of {@link MultiStepLR}. @public */
export interface MultiStepLROptions extends LearningRateSchedulerOptions {
  /** Multiplicative decay factor, in [0, 1]. @defaultValue 0.1 */
  gamma?: number;
}

/**
 * Decays the learning rate by `gamma` at each milestone epoch (brainstate's `MultiStepLR`):
 * `lr·γ^k` with `k` the number of milestones `≤ i`.
 * @example
 * ```ts
 * const s = new MultiStepLR(0.1, [10, 20, 30]);
 * s.call(25); // 0.001
 * ```
 * @public
 */
export class MultiStepLR extends LearningRateScheduler {
  /** The epochs at which the rate decays (strictly increasing). */
  readonly milestones: readonly number[];
  /** Multiplicative decay factor. */
  readonly gamma: number;

  /**
   * @param lr - the initial learning rate
   * @param milestones - epoch indices, non-empty and strictly increasing
   * @param options - `gamma`, `lastEpoch`
   * @throws ValueError for empty or non-increasing milestones or a bad `gamma`; OptionError for unknown options.
   */
  constructor(lr: LearningRateValue, milestones: readonly number[], options: MultiStepLROptions = {}) {
    checkOptionKeys("MultiStepLR", options, ["gamma", "lastEpoch"]);
    super(lr, { lastEpoch: options.lastEpoch ?? -1 });
    if (!globalThis.Array.isArray(milestones) || milestones.length === 0) {
      throw new ValueError(`MultiStepLR: milestones must be a non-empty array of epoch indices, got ${describe(milestones)}${globalThis.Array.isArray(milestones) ? " (empty)" : ""}`);
    }
    milestones.forEach((m, j) => checkNumber("MultiStepLR", `milestones[${j}]`, m, { integer: true }));
    milestones.forEach((m, j) => {
      if (j > 0 && !(m > (milestones[j - 1] as number))) {
        throw new ValueError(`MultiStepLR: milestones must be strictly increasing, got [${milestones.join(", ")}] (milestones[${j}] = ${m} ≤ milestones[${j - 1}])`);
      }
    });
    this.milestones = [...milestones];
    this.gamma = checkNumber("MultiStepLR", "gamma", options.gamma ?? 0.1, { min: 0, max: 1 });
  }

  /** `lr·γ^k`, `k` = the number of milestones `≤ i`. */
  call(i?: ScheduleIndex): Array {
    const passed = np.greaterEqual(this.index(i, this.lastEpoch), np.array([...this.milestones], { dtype: environ.ditype() }));
    return this.lr.mul(np.power(this.gamma, this.float(np.sum(passed))));
  }
}

/** Options of {@link CosineAnnealingLR}. @public */
export interface CosineAnnealingLROptions extends LearningRateSchedulerOptions {
  /** The minimum learning rate η_min. @defaultValue 0 */
  eta_min?: number;
}

/**
 * Cosine annealing from `lr` to `eta_min` over `T_max` epochs (brainstate's `CosineAnnealingLR`,
 * the annealing part of SGDR, Loshchilov & Hutter 2017):
 * `η_min + (lr − η_min)·(1 + cos(π·i/T_max))/2`.
 * @example
 * ```ts
 * new CosineAnnealingLR(0.1, 10).call(5); // 0.05
 * ```
 * @public
 */
export class CosineAnnealingLR extends LearningRateScheduler {
  /** The half period, in epochs. */
  readonly T_max: number;
  /** The minimum learning rate. */
  readonly eta_min: number;

  /**
   * @param lr - the initial (maximum) learning rate
   * @param T_max - the number of epochs from the maximum to the minimum (≥ 1)
   * @param options - `eta_min`, `lastEpoch`
   * @throws ValueError for a bad `T_max` or `eta_min`; OptionError for unknown options.
   */
  constructor(lr: LearningRateValue, T_max: number, options: CosineAnnealingLROptions = {}) {
    checkOptionKeys("CosineAnnealingLR", options, ["eta_min", "lastEpoch"]);
    super(lr, { lastEpoch: options.lastEpoch ?? -1 });
    this.T_max = checkNumber("CosineAnnealingLR", "T_max", T_max, { min: 1 });
    this.eta_min = checkNumber("CosineAnnealingLR", "eta_min", options.eta_min ?? 0);
  }

  /** `η_min + (lr − η_min)·(1 + cos(π·i/T_max))/2`. */
  call(i?: ScheduleIndex): Array {
    const x = this.float(this.index(i, this.lastEpoch));
    const c = np.cos(x.mul(Math.PI / this.T_max));
    return this.lr.sub(this.eta_min).mul(c.add(1)).div(2).add(this.eta_min);
  }
}

/** Options of {@link CosineAnnealingWarmRestarts}. @public */
export interface CosineAnnealingWarmRestartsOptions extends CallBasedLRSchedulerOptions {
  /** The factor by which the period grows after each restart (an integer ≥ 1). @defaultValue 1 */
  T_mult?: number;
  /** The minimum learning rate η_min. @defaultValue 0 */
  eta_min?: number;
}

/**
 * Cosine annealing with warm restarts (SGDR, Loshchilov & Hutter 2017; brainstate's
 * `CosineAnnealingWarmRestarts`). Call-based: the epoch is `e = ⌊i/numCallPerEpoch⌋` for call
 * index `i`; the first period lasts `T_0` epochs and each later one `T_mult` times the previous;
 * `η = η_min + (lr − η_min)·(1 + cos(π·T_cur/T_i))/2` with `T_cur` the epochs since the last
 * restart and `T_i` the current period.
 * @example
 * ```ts
 * const s = new CosineAnnealingWarmRestarts(0.1, 100, 10); // 100 calls per epoch, restart every 10 epochs
 * s.call(1000); // 0.1 (a restart)
 * ```
 * @public
 */
export class CosineAnnealingWarmRestarts extends CallBasedLRScheduler {
  /** Number of calls (batches) per epoch. */
  readonly numCallPerEpoch: number;
  /** Epochs until the first restart. */
  readonly T_0: number;
  /** Growth factor of the period after each restart. */
  readonly T_mult: number;
  /** The minimum learning rate. */
  readonly eta_min: number;

  /**
   * @param lr - the maximum learning rate
   * @param numCallPerEpoch - the number of calls per epoch (usually the number of batches), positive
   * @param T_0 - epochs until the first restart (a positive integer)
   * @param options - `T_mult`, `eta_min`, `lastEpoch`, `lastCall`
   * @throws ValueError when `T_0` is not a positive integer or `T_mult` not an integer ≥ 1; OptionError for unknown options.
   */
  constructor(lr: LearningRateValue, numCallPerEpoch: number, T_0: number, options: CosineAnnealingWarmRestartsOptions = {}) {
    checkOptionKeys("CosineAnnealingWarmRestarts", options, ["T_mult", "eta_min", "lastEpoch", "lastCall"]);
    super(lr, { lastEpoch: options.lastEpoch ?? -1, lastCall: options.lastCall ?? -1 });
    const where = "CosineAnnealingWarmRestarts";
    this.numCallPerEpoch = checkNumber(where, "numCallPerEpoch", numCallPerEpoch, { min: 0, minExclusive: true });
    if (typeof T_0 !== "number" || !Number.isInteger(T_0) || T_0 <= 0) {
      throw new ValueError(`${where}: expected a positive integer T_0, got ${String(T_0)}`);
    }
    const T_mult = options.T_mult ?? 1;
    if (typeof T_mult !== "number" || !Number.isInteger(T_mult) || T_mult < 1) {
      throw new ValueError(`${where}: expected an integer T_mult ≥ 1, got ${String(T_mult)}`);
    }
    this.T_0 = T_0;
    this.T_mult = T_mult;
    this.eta_min = checkNumber(where, "eta_min", options.eta_min ?? 0);
  }

  /** The epoch of call index `i`: `⌊i/numCallPerEpoch⌋` (by default for the next call). */
  currentEpoch(i?: ScheduleIndex): Array {
    return np.floor(this.float(this.index(i, this.lastCall)).div(this.numCallPerEpoch));
  }

  /** `η_min + (lr − η_min)·(1 + cos(π·T_cur/T_i))/2`. */
  call(i?: ScheduleIndex): Array {
    const e = this.currentEpoch(i);
    const T0 = this.T_0;
    const m = this.T_mult;
    let tCur: Array;
    let tI: Array;
    if (m === 1) {
      tCur = np.remainder(e, T0);
      tI = np.fullLike(e, T0);
    } else {
      // n = ⌊log_m(e·(m − 1)/T_0 + 1)⌋ restarts so far; the period n starts at epoch T_0·(mⁿ − 1)/(m − 1).
      // The logarithm is corrected by one in either direction where rounding put it on the wrong side.
      const start = (n: Array): Array => np.power(m, n).sub(1).mul(T0 / (m - 1));
      let n = np.floor(np.log(e.mul((m - 1) / T0).add(1)).div(Math.log(m)));
      n = np.where(start(n.add(1)).le(e), n.add(1), n);
      n = np.where(start(n).gt(e), n.sub(1), n);
      tCur = e.sub(start(n));
      tI = np.power(m, n).mul(T0);
    }
    const restarted = e.ge(T0);
    tCur = np.where(restarted, tCur, e);
    tI = np.where(restarted, tI, T0);
    const c = np.cos(tCur.div(tI).mul(Math.PI));
    return this.lr.sub(this.eta_min).mul(c.add(1)).div(2).add(this.eta_min);
  }
}

/**
 * Decays the learning rate by `gamma` every epoch (brainstate's `ExponentialLR`): `lr·γ^i`.
 * @example
 * ```ts
 * new ExponentialLR(0.1, 0.5).call(3); // 0.0125
 * ```
 * @public
 */
export class ExponentialLR extends LearningRateScheduler {
  /** Multiplicative decay factor per epoch. */
  readonly gamma: number;

  /**
   * @param lr - the initial learning rate
   * @param gamma - the decay factor per epoch, in [0, 1]
   * @param options - `lastEpoch`
   * @throws ValueError for a bad `gamma`; OptionError for unknown options.
   */
  constructor(lr: LearningRateValue, gamma: number, options: LearningRateSchedulerOptions = {}) {
    checkOptionKeys("ExponentialLR", options, ["lastEpoch"]);
    super(lr, options);
    this.gamma = checkNumber("ExponentialLR", "gamma", gamma, { min: 0, max: 1 });
  }

  /** `lr·γ^i`. */
  call(i?: ScheduleIndex): Array {
    return this.lr.mul(np.power(this.gamma, this.float(this.index(i, this.lastEpoch))));
  }
}

/**
 * Call-based exponential decay (brainstate's `ExponentialDecayLR`): `lr·rate^(i/decaySteps)`.
 * @example
 * ```ts
 * new ExponentialDecayLR(0.1, 100, 0.5).call(200); // 0.025
 * ```
 * @public
 */
export class ExponentialDecayLR extends CallBasedLRScheduler {
  /** Number of calls over which the rate decays by `decayRate`. */
  readonly decaySteps: number;
  /** The decay rate. */
  readonly decayRate: number;

  /**
   * @param lr - the initial learning rate
   * @param decaySteps - calls per decay by `decayRate` (positive)
   * @param decayRate - the decay rate
   * @param options - `lastEpoch`, `lastCall`
   * @throws ValueError for a bad `decaySteps` or `decayRate`; OptionError for unknown options.
   */
  constructor(lr: LearningRateValue, decaySteps: number, decayRate: number, options: CallBasedLRSchedulerOptions = {}) {
    checkOptionKeys(new.target.name, options, new.target === ExponentialDecayLR ? ["lastEpoch", "lastCall"] : ["lastEpoch", "lastCall", "staircase"]);
    super(lr, { lastEpoch: options.lastEpoch ?? -1, lastCall: options.lastCall ?? -1 });
    this.decaySteps = checkNumber(new.target.name, "decaySteps", decaySteps, { min: 0, minExclusive: true });
    this.decayRate = checkNumber(new.target.name, "decayRate", decayRate);
  }

  /** `lr·rate^(i/decaySteps)`. */
  call(i?: ScheduleIndex): Array {
    const x = this.float(this.index(i, this.lastCall));
    return this.lr.mul(np.power(this.decayRate, x.div(this.decaySteps)));
  }
}

/** Options of {@link InverseTimeDecayLR}. @public */
export interface InverseTimeDecayLROptions extends CallBasedLRSchedulerOptions {
  /** Decay in whole steps of `decaySteps` calls (`⌊i/decaySteps⌋`). @defaultValue false */
  staircase?: boolean;
}

/**
 * Call-based inverse-time decay (brainstate's `InverseTimeDecayLR`):
 * `lr/(1 + rate·i/decaySteps)`, or `lr/(1 + rate·⌊i/decaySteps⌋)` with `staircase`.
 * @example
 * ```ts
 * new InverseTimeDecayLR(0.1, 10, 1).call(10); // 0.05
 * ```
 * @public
 */
export class InverseTimeDecayLR extends ExponentialDecayLR {
  /** Whether the decay is in whole steps. */
  readonly staircase: boolean;

  /**
   * @param lr - the initial learning rate
   * @param decaySteps - calls per unit of decay time (positive)
   * @param decayRate - the decay rate
   * @param options - `staircase`, `lastEpoch`, `lastCall`
   * @throws ValueError for bad arguments; OptionError for unknown options.
   */
  constructor(lr: LearningRateValue, decaySteps: number, decayRate: number, options: InverseTimeDecayLROptions = {}) {
    super(lr, decaySteps, decayRate, options);
    this.staircase = checkBoolean("InverseTimeDecayLR", "staircase", options.staircase ?? false);
  }

  /** `lr/(1 + rate·i/decaySteps)` (floored ratio with `staircase`). */
  override call(i?: ScheduleIndex): Array {
    let t = this.float(this.index(i, this.lastCall)).div(this.decaySteps);
    if (this.staircase) t = np.floor(t);
    return this.lr.div(t.mul(this.decayRate).add(1));
  }
}

/** Options of {@link PolynomialDecayLR}. @public */
export interface PolynomialDecayLROptions extends CallBasedLRSchedulerOptions {
  /** The exponent of the polynomial. @defaultValue 1 */
  power?: number;
}

/**
 * Call-based polynomial decay from `lr` to `finalLr` over `decaySteps` calls (brainstate's
 * `PolynomialDecayLR`): `(1 − min(i, decaySteps)/decaySteps)^power·(lr − finalLr) + finalLr`.
 * @example
 * ```ts
 * new PolynomialDecayLR(0.1, 100, 0.01).call(50); // 0.055
 * ```
 * @public
 */
export class PolynomialDecayLR extends CallBasedLRScheduler {
  /** Number of calls to reach `finalLr`. */
  readonly decaySteps: number;
  /** The final learning rate. */
  readonly finalLr: number;
  /** The exponent of the polynomial. */
  readonly power: number;

  /**
   * @param lr - the initial learning rate
   * @param decaySteps - calls until `finalLr` (positive)
   * @param finalLr - the final learning rate
   * @param options - `power`, `lastEpoch`, `lastCall`
   * @throws ValueError for bad arguments; OptionError for unknown options.
   */
  constructor(lr: LearningRateValue, decaySteps: number, finalLr: number, options: PolynomialDecayLROptions = {}) {
    checkOptionKeys("PolynomialDecayLR", options, ["power", "lastEpoch", "lastCall"]);
    super(lr, { lastEpoch: options.lastEpoch ?? -1, lastCall: options.lastCall ?? -1 });
    this.decaySteps = checkNumber("PolynomialDecayLR", "decaySteps", decaySteps, { min: 0, minExclusive: true });
    this.finalLr = checkNumber("PolynomialDecayLR", "finalLr", finalLr);
    this.power = checkNumber("PolynomialDecayLR", "power", options.power ?? 1);
  }

  /** `(1 − min(i, decaySteps)/decaySteps)^power·(lr − finalLr) + finalLr`. */
  call(i?: ScheduleIndex): Array {
    const x = np.minimum(this.float(this.index(i, this.lastCall)), this.decaySteps);
    const mult = np.power(np.subtract(1, x.div(this.decaySteps)), this.power);
    return mult.mul(this.lr.sub(this.finalLr)).add(this.finalLr);
  }
}

/**
 * Call-based piecewise-constant learning rate (brainstate's `PiecewiseConstantLR`):
 * `values[k]` with `k` the number of boundaries strictly below the call index.
 * @example
 * ```ts
 * const s = new PiecewiseConstantLR([100, 200], [0.1, 0.01, 0.001]);
 * s.call(150); // 0.01
 * ```
 * @public
 */
export class PiecewiseConstantLR extends CallBasedLRScheduler {
  /** The call indices where the value changes. */
  readonly boundaries: readonly number[];
  /** The values, one more than the boundaries. */
  readonly values: readonly number[];

  /**
   * @param boundaries - call indices where the value changes
   * @param values - the learning rates, one more than `boundaries`
   * @param options - `lastEpoch`, `lastCall`
   * @throws ValueError when the arrays are not 1-D number arrays or `values` is not one longer than `boundaries`; OptionError for unknown options.
   */
  constructor(boundaries: readonly number[], values: readonly number[], options: CallBasedLRSchedulerOptions = {}) {
    checkOptionKeys("PiecewiseConstantLR", options, ["lastEpoch", "lastCall"]);
    super(0, { lastEpoch: options.lastEpoch ?? -1, lastCall: options.lastCall ?? -1 });
    const where = "PiecewiseConstantLR";
    if (!globalThis.Array.isArray(boundaries) || !globalThis.Array.isArray(values)) {
      throw new ValueError(`${where}: boundaries and values must be arrays of numbers, got ${describe(boundaries)} and ${describe(values)}`);
    }
    boundaries.forEach((b, j) => checkNumber(where, `boundaries[${j}]`, b));
    values.forEach((v, j) => checkNumber(where, `values[${j}]`, v));
    if (boundaries.length !== values.length - 1) {
      throw new ValueError(
        `${where}: boundaries length must be one shorter than values length, got ${boundaries.length} boundaries and ${values.length} values`,
      );
    }
    this.boundaries = [...boundaries];
    this.values = [...values];
  }

  /** `values[#{b : i > b}]`. */
  call(i?: ScheduleIndex): Array {
    const x = this.index(i, this.lastCall);
    const k = np.sum(np.greater(x, np.array([...this.boundaries], { dtype: environ.dftype() }))).astype(environ.ditype());
    return np.take(np.array([...this.values], { dtype: environ.dftype() }), k);
  }
}

/**
 * A scheduler for a learning rate given as a number, a scalar Array, a State or a scheduler
 * (brainstate's `make_schedule`): a scheduler is returned as is, the others are wrapped in a
 * {@link ConstantLR}.
 * @throws ValueError for anything else.
 * @public
 */
export function makeSchedule(lr: LearningRateValue | LearningRateScheduler): LearningRateScheduler {
  if (lr instanceof LearningRateScheduler) return lr;
  if (typeof lr === "number" || lr instanceof State || lr instanceof Array) return new ConstantLR(lr);
  throw new ValueError(`makeSchedule: the learning rate must be a number, a scalar Array, a State or a LearningRateScheduler, got ${describe(lr)}`);
}
