// The gradient-descent optimizers of brainstate — SGD, Momentum, MomentumNesterov, Adagrad,
// Adadelta, RMSProp, Adam, LARS, Adan, AdamW — over registered States, with their buffers in
// OptimStates and their learning rate given by a scheduler. Layer: optim.
// Ported from brainstate's optim/_sgd_optimizer.py (divergences: see the package README).

import { np, ValueError, type Array } from "@brainstate/core";
import { State, StateDictManager } from "@brainstate/state";
import { checkBoolean, checkNumber, checkOptionKeys, checkWeightDecay } from "./internal/checks.js";
import { alignGrads, dictEntries, mapLeaves, registerStates, zerosLikeTree } from "./internal/dicts.js";
import { makeSchedule, type LearningRateScheduler, type LearningRateValue } from "./lrScheduler.js";
import { OptimState } from "./OptimState.js";
import { Optimizer, type GradDict, type StateDict } from "./Optimizer.js";

/** A learning rate as optimizers accept it: a number, a scalar Array, a State, or a scheduler. @public */
export type LearningRate = LearningRateValue | LearningRateScheduler;

// `sgd(w, Δ) = (1 − λ)·w − Δ`, or `w − Δ` without weight decay (brainstate's `_sgd`).
function sgdStep(w: Array, delta: Array, weightDecay: number | null): Array {
  return weightDecay === null ? w.sub(delta) : w.mul(1 - weightDecay).sub(delta);
}

function bufferOf(where: string, buffers: ReadonlyMap<string, State>, key: string): State {
  const b = buffers.get(key);
  if (b === undefined) {
    throw new ValueError(`${where}: no optimizer buffer for the parameter '${key}'; the optimizer's states were restored from another optimizer — restore states saved from an optimizer with the same registered keys`);
  }
  return b;
}

/** Registers `states` and creates one zero-initialised OptimState per buffer dict for each new one. */
function registerWithBuffers(where: string, opt: Optimizer, states: StateDict | undefined, buffers: readonly Map<string, State>[]): void {
  registerStates(where, opt.paramStates, states ?? {}, (key, st) => {
    for (const b of buffers) b.set(key, new OptimState(zerosLikeTree(st.value)));
  });
}

/**
 * One update of every registered State: `rule(w, g, ...buffers)` returns the new parameter leaf
 * and the new buffer leaves (cast back to their dtypes); all States are written at the end.
 */
function updateEach(
  where: string,
  opt: Optimizer,
  grads: GradDict,
  buffers: readonly ReadonlyMap<string, State>[],
  bufferNames: readonly string[],
  rule: (w: Array, g: Array, ...buffers: Array[]) => Array[],
): void {
  const g = alignGrads(where, opt.paramStates, grads);
  const writes: [State, unknown][] = [];
  for (const [key, st] of opt.paramStates) {
    const bufs = buffers.map((b) => bufferOf(where, b, key));
    const trees = [st.value, g.get(key), ...bufs.map((b) => b.value)];
    const outs = mapLeaves(where, key, ["parameter", "gradient", ...bufferNames], trees, 1 + bufs.length, (w, gl, ...bl) => {
      const res = rule(w, gl, ...bl);
      return res.map((r, j) => r.astype((j === 0 ? w : (bl[j - 1] as Array)).dtype));
    });
    writes.push([st, outs[0]]);
    bufs.forEach((b, j) => writes.push([b, outs[j + 1]]));
  }
  for (const [s, v] of writes) s.value = v;
}

function newStepCount(): OptimState<Array> {
  return new OptimState(np.array(0, { dtype: "int32" }));
}

/**
 * The values of several dicts of one key set, as plain objects keyed by string (brainstate's
 * `to_same_dict_tree`): States are replaced by their values. One dict gives one object, several
 * give an array.
 * @throws ValueError ("Dictionary does not match") when a later dict lacks a key of the first.
 * @example
 * ```ts
 * const [w, g] = toSameDictTree(opt.paramStates, grads);
 * ```
 * @public
 */
export function toSameDictTree(dict: GradDict): Record<string, unknown>;
/** Overload of `toSameDictTree` (see its first signature). @public */
export function toSameDictTree(first: GradDict, second: GradDict, ...rest: GradDict[]): Record<string, unknown>[];
export function toSameDictTree(...dicts: GradDict[]): Record<string, unknown> | Record<string, unknown>[] {
  const entries = dicts.map((d) => dictEntries("toSameDictTree", "each argument", d));
  const first = entries[0] ?? [];
  entries.slice(1).forEach((es, j) => {
    const keys = new Set(es.map(([k]) => k));
    const missing = first.filter(([k]) => !keys.has(k)).map(([k]) => `'${k}'`);
    if (missing.length > 0) {
      throw new ValueError(`toSameDictTree: Dictionary does not match: dict ${j + 1} lacks the key(s) ${missing.join(", ")} of dict 0; pass dicts with the same keys`);
    }
  });
  const out = entries.map((es) => {
    const o: Record<string, unknown> = {};
    for (const [k, v] of es) o[k] = v instanceof State ? v.value : v;
    return o;
  });
  return dicts.length === 1 ? (out[0] as Record<string, unknown>) : out;
}

/**
 * The base class of the gradient-descent optimizers (brainstate's `SGDOptimizer`): holds the
 * learning-rate scheduler `lr`.
 * @public
 */
export abstract class SGDOptimizer extends Optimizer {
  /** The learning-rate scheduler (a number becomes a {@link ConstantLR}). */
  lr: LearningRateScheduler;

  /**
   * @param lr - the learning rate
   * @throws ValueError for a bad learning rate.
   */
  constructor(lr: LearningRate) {
    super();
    this.lr = makeSchedule(lr);
  }
}

/** Options of {@link SGD}. @public */
export interface SGDOptions {
  /** Weight decay λ in [0, 1] (`w ← (1 − λ)·w − η·g`), or null for none. @defaultValue null */
  weightDecay?: number | null;
}

/**
 * Stochastic gradient descent (brainstate's `SGD`): `w ← w − η·g`, with weight decay
 * `w ← (1 − λ)·w − η·g`.
 * @example
 * ```ts
 * const opt = new SGD(0.1).registerTrainableWeights(graph.states(model, ParamState));
 * opt.update(grads);
 * ```
 * @public
 */
export class SGD extends SGDOptimizer {
  /** Weight decay λ, or null. */
  readonly weightDecay: number | null;

  /**
   * @param lr - the learning rate η (a number, a State or a scheduler)
   * @param options - `weightDecay`
   * @throws ValueError for bad hyper-parameters; OptionError for unknown options.
   */
  constructor(lr: LearningRate, options: SGDOptions = {}) {
    checkOptionKeys("SGD", options, ["weightDecay"]);
    super(lr);
    this.weightDecay = checkWeightDecay("SGD", options.weightDecay ?? null);
  }

  /** Registers the States to train. @throws ValueError for a value that is not a State or a key bound to another State. */
  registerTrainableWeights(paramStates?: StateDict): this {
    registerWithBuffers("SGD.registerTrainableWeights", this, paramStates, []);
    return this;
  }

  /** `w ← (1 − λ)·w − η·g`. @throws ValueError when grads do not match the registered keys; TreeMismatchError for a gradient of another structure. */
  update(grads: GradDict): void {
    const lr = this.lr.call();
    updateEach("SGD.update", this, grads, [], [], (w, g) => [sgdStep(w, g.mul(lr), this.weightDecay)]);
    this.lr.stepCall();
  }
}

/** Options of {@link Momentum}. @public */
export interface MomentumOptions {
  /** Momentum coefficient μ. @defaultValue 0.9 */
  momentum?: number;
  /** Weight decay λ in [0, 1], or null for none. @defaultValue null */
  weightDecay?: number | null;
}

/**
 * Gradient descent with momentum (Qian 1999; brainstate's `Momentum`), as documented:
 * `v ← μ·v + η·g`, `w ← (1 − λ)·w − v` (λ = 0 without weight decay). The velocity `v` is kept in
 * `momentumStates`.
 * @example
 * ```ts
 * const opt = new Momentum(0.01, { momentum: 0.9 }).registerTrainableWeights({ w });
 * ```
 * @public
 */
export class Momentum extends SGDOptimizer {
  /** Momentum coefficient μ. */
  readonly momentum: number;
  /** Weight decay λ, or null. */
  readonly weightDecay: number | null;
  /** The velocity `v` of each parameter. */
  momentumStates: StateDictManager<string>;

  /**
   * @param lr - the learning rate η
   * @param options - `momentum`, `weightDecay`
   * @throws ValueError for bad hyper-parameters; OptionError for unknown options.
   */
  constructor(lr: LearningRate, options: MomentumOptions = {}) {
    checkOptionKeys("Momentum", options, ["momentum", "weightDecay"]);
    super(lr);
    this.momentum = checkNumber("Momentum", "momentum", options.momentum ?? 0.9);
    this.weightDecay = checkWeightDecay("Momentum", options.weightDecay ?? null);
    this.momentumStates = new StateDictManager<string>();
  }

  /** Registers the States to train and creates their velocities (zeros). @throws ValueError for a value that is not a State or a key bound to another State. */
  registerTrainableWeights(paramStates?: StateDict): this {
    registerWithBuffers("Momentum.registerTrainableWeights", this, paramStates, [this.momentumStates]);
    return this;
  }

  /** `v ← μ·v + η·g`; `w ← (1 − λ)·w − v`. @throws ValueError when grads do not match the registered keys. */
  update(grads: GradDict): void {
    const lr = this.lr.call();
    updateEach("Momentum.update", this, grads, [this.momentumStates], ["velocity"], (w, g, v) => {
      const nv = v.mul(this.momentum).add(g.mul(lr));
      return [sgdStep(w, nv, this.weightDecay), nv];
    });
    this.lr.stepCall();
  }
}

/** Options of {@link MomentumNesterov}. @public */
export interface MomentumNesterovOptions {
  /** Weight decay λ in [0, 1], or null for none. @defaultValue null */
  weightDecay?: number | null;
  /** Momentum coefficient μ. @defaultValue 0.9 */
  momentum?: number;
}

/**
 * Nesterov accelerated gradient (Nesterov 1983; brainstate's `MomentumNesterov`). The documented
 * method is `v ← μ·v + η·∇f(w − μ·v)`, `w ← w − v`; since `update` receives the gradient at the
 * stored parameters, the stored parameters are the look-ahead point `w − μ·v` (Sutskever et al.
 * 2013; Bengio et al. 2013), for which the method reads `v ← μ·v + η·g`,
 * `w ← (1 − λ)·w − (μ·v + η·g)` (λ = 0 without weight decay).
 * @example
 * ```ts
 * const opt = new MomentumNesterov(0.01).registerTrainableWeights({ w });
 * ```
 * @public
 */
export class MomentumNesterov extends SGDOptimizer {
  /** Momentum coefficient μ. */
  readonly momentum: number;
  /** Weight decay λ, or null. */
  readonly weightDecay: number | null;
  /** The velocity `v` of each parameter. */
  momentumStates: StateDictManager<string>;

  /**
   * @param lr - the learning rate η
   * @param options - `weightDecay`, `momentum`
   * @throws ValueError for bad hyper-parameters; OptionError for unknown options.
   */
  constructor(lr: LearningRate, options: MomentumNesterovOptions = {}) {
    checkOptionKeys("MomentumNesterov", options, ["weightDecay", "momentum"]);
    super(lr);
    this.weightDecay = checkWeightDecay("MomentumNesterov", options.weightDecay ?? null);
    this.momentum = checkNumber("MomentumNesterov", "momentum", options.momentum ?? 0.9);
    this.momentumStates = new StateDictManager<string>();
  }

  /** Registers the States to train and creates their velocities (zeros). @throws ValueError for a value that is not a State or a key bound to another State. */
  registerTrainableWeights(paramStates?: StateDict): this {
    registerWithBuffers("MomentumNesterov.registerTrainableWeights", this, paramStates, [this.momentumStates]);
    return this;
  }

  /** `v ← μ·v + η·g`; `w ← (1 − λ)·w − (μ·v + η·g)`. @throws ValueError when grads do not match the registered keys. */
  update(grads: GradDict): void {
    const lr = this.lr.call();
    updateEach("MomentumNesterov.update", this, grads, [this.momentumStates], ["velocity"], (w, g, v) => {
      const step = g.mul(lr);
      const nv = v.mul(this.momentum).add(step);
      return [sgdStep(w, nv.mul(this.momentum).add(step), this.weightDecay), nv];
    });
    this.lr.stepCall();
  }
}

/** Options of {@link Adagrad}. @public */
export interface AdagradOptions {
  /** Weight decay λ in [0, 1], or null for none. @defaultValue null */
  weightDecay?: number | null;
  /** ε added under the square root. @defaultValue 1e-6 */
  epsilon?: number;
}

/**
 * Adagrad (Duchi et al. 2011; brainstate's `Adagrad`): `c ← c + g²`,
 * `w ← (1 − λ)·w − η·g/√(c + ε)`. The sums `c` are kept in `cacheStates`.
 * @example
 * ```ts
 * const opt = new Adagrad(0.01).registerTrainableWeights({ w });
 * ```
 * @public
 */
export class Adagrad extends SGDOptimizer {
  /** Weight decay λ, or null. */
  readonly weightDecay: number | null;
  /** ε under the square root. */
  readonly epsilon: number;
  /** The sum of squared gradients `c` of each parameter. */
  cacheStates: StateDictManager<string>;

  /**
   * @param lr - the learning rate η
   * @param options - `weightDecay`, `epsilon`
   * @throws ValueError for bad hyper-parameters; OptionError for unknown options.
   */
  constructor(lr: LearningRate, options: AdagradOptions = {}) {
    checkOptionKeys("Adagrad", options, ["weightDecay", "epsilon"]);
    super(lr);
    this.weightDecay = checkWeightDecay("Adagrad", options.weightDecay ?? null);
    this.epsilon = checkNumber("Adagrad", "epsilon", options.epsilon ?? 1e-6, { min: 0 });
    this.cacheStates = new StateDictManager<string>();
  }

  /** Registers the States to train and creates their accumulators (zeros). @throws ValueError for a value that is not a State or a key bound to another State. */
  registerTrainableWeights(paramStates?: StateDict): this {
    registerWithBuffers("Adagrad.registerTrainableWeights", this, paramStates, [this.cacheStates]);
    return this;
  }

  /** `c ← c + g²`; `w ← (1 − λ)·w − η·g/√(c + ε)`. @throws ValueError when grads do not match the registered keys. */
  update(grads: GradDict): void {
    const lr = this.lr.call();
    updateEach("Adagrad.update", this, grads, [this.cacheStates], ["accumulator"], (w, g, c) => {
      const nc = c.add(np.square(g));
      return [sgdStep(w, g.mul(lr).div(np.sqrt(nc.add(this.epsilon))), this.weightDecay), nc];
    });
    this.lr.stepCall();
  }
}

/** Options of {@link Adadelta}. @public */
export interface AdadeltaOptions {
  /** Weight decay λ in [0, 1], or null for none. @defaultValue null */
  weightDecay?: number | null;
  /** ε added under both square roots. @defaultValue 1e-6 */
  epsilon?: number;
  /** Decay ρ of the running averages. @defaultValue 0.95 */
  rho?: number;
}

/**
 * Adadelta (Zeiler 2012; brainstate's `Adadelta`): `c ← ρ·c + (1 − ρ)·g²`,
 * `Δ = g·√(δ + ε)/√(c + ε)`, `δ ← ρ·δ + (1 − ρ)·Δ²`, `w ← (1 − λ)·w − Δ`. As in the paper (and
 * brainstate) the learning rate is not used; it is accepted, and its scheduler still advances.
 * The averages `c` and `δ` are kept in `cacheStates` and `deltaStates`.
 * @example
 * ```ts
 * const opt = new Adadelta().registerTrainableWeights({ w });
 * ```
 * @public
 */
export class Adadelta extends SGDOptimizer {
  /** Weight decay λ, or null. */
  readonly weightDecay: number | null;
  /** ε under the square roots. */
  readonly epsilon: number;
  /** Decay ρ of the running averages. */
  readonly rho: number;
  /** The running average of squared gradients `c`. */
  cacheStates: StateDictManager<string>;
  /** The running average of squared updates `δ`. */
  deltaStates: StateDictManager<string>;

  /**
   * @param lr - the learning rate (unused by the rule, see above)
   * @param options - `weightDecay`, `epsilon`, `rho`
   * @throws ValueError for bad hyper-parameters; OptionError for unknown options.
   */
  constructor(lr: LearningRate = 0.01, options: AdadeltaOptions = {}) {
    checkOptionKeys("Adadelta", options, ["weightDecay", "epsilon", "rho"]);
    super(lr);
    this.weightDecay = checkWeightDecay("Adadelta", options.weightDecay ?? null);
    this.epsilon = checkNumber("Adadelta", "epsilon", options.epsilon ?? 1e-6, { min: 0 });
    this.rho = checkNumber("Adadelta", "rho", options.rho ?? 0.95, { min: 0, max: 1 });
    this.cacheStates = new StateDictManager<string>();
    this.deltaStates = new StateDictManager<string>();
  }

  /** Registers the States to train and creates their running averages (zeros). @throws ValueError for a value that is not a State or a key bound to another State. */
  registerTrainableWeights(paramStates?: StateDict): this {
    registerWithBuffers("Adadelta.registerTrainableWeights", this, paramStates, [this.cacheStates, this.deltaStates]);
    return this;
  }

  /** `c ← ρc + (1 − ρ)g²`; `Δ = g·√(δ + ε)/√(c + ε)`; `δ ← ρδ + (1 − ρ)Δ²`; `w ← (1 − λ)w − Δ`. @throws ValueError when grads do not match the registered keys. */
  update(grads: GradDict): void {
    const rho = this.rho;
    const eps = this.epsilon;
    updateEach("Adadelta.update", this, grads, [this.cacheStates, this.deltaStates], ["squared-gradient average", "squared-update average"], (w, g, c, d) => {
      const nc = c.mul(rho).add(np.square(g).mul(1 - rho));
      const delta = g.mul(np.sqrt(d.add(eps))).div(np.sqrt(nc.add(eps)));
      const nd = d.mul(rho).add(np.square(delta).mul(1 - rho));
      return [sgdStep(w, delta, this.weightDecay), nc, nd];
    });
    this.lr.stepCall();
  }
}

/** Options of {@link RMSProp}. @public */
export interface RMSPropOptions {
  /** Weight decay λ in [0, 1], or null for none. @defaultValue null */
  weightDecay?: number | null;
  /** ε added under the square root. @defaultValue 1e-6 */
  epsilon?: number;
  /** Decay ρ of the running average. @defaultValue 0.9 */
  rho?: number;
}

/**
 * RMSProp (Tieleman & Hinton 2012; brainstate's `RMSProp`): `c ← ρ·c + (1 − ρ)·g²`,
 * `w ← (1 − λ)·w − η·g/√(c + ε)`. The averages `c` are kept in `cacheStates`.
 * @example
 * ```ts
 * const opt = new RMSProp(1e-3).registerTrainableWeights({ w });
 * ```
 * @public
 */
export class RMSProp extends SGDOptimizer {
  /** Weight decay λ, or null. */
  readonly weightDecay: number | null;
  /** ε under the square root. */
  readonly epsilon: number;
  /** Decay ρ of the running average. */
  readonly rho: number;
  /** The running average of squared gradients `c`. */
  cacheStates: StateDictManager<string>;

  /**
   * @param lr - the learning rate η
   * @param options - `weightDecay`, `epsilon`, `rho`
   * @throws ValueError for bad hyper-parameters; OptionError for unknown options.
   */
  constructor(lr: LearningRate, options: RMSPropOptions = {}) {
    checkOptionKeys("RMSProp", options, ["weightDecay", "epsilon", "rho"]);
    super(lr);
    this.weightDecay = checkWeightDecay("RMSProp", options.weightDecay ?? null);
    this.epsilon = checkNumber("RMSProp", "epsilon", options.epsilon ?? 1e-6, { min: 0 });
    this.rho = checkNumber("RMSProp", "rho", options.rho ?? 0.9, { min: 0, max: 1 });
    this.cacheStates = new StateDictManager<string>();
  }

  /** Registers the States to train and creates their running averages (zeros). @throws ValueError for a value that is not a State or a key bound to another State. */
  registerTrainableWeights(paramStates?: StateDict): this {
    registerWithBuffers("RMSProp.registerTrainableWeights", this, paramStates, [this.cacheStates]);
    return this;
  }

  /** `c ← ρc + (1 − ρ)g²`; `w ← (1 − λ)w − η·g/√(c + ε)`. @throws ValueError when grads do not match the registered keys. */
  update(grads: GradDict): void {
    const lr = this.lr.call();
    updateEach("RMSProp.update", this, grads, [this.cacheStates], ["squared-gradient average"], (w, g, c) => {
      const nc = c.mul(this.rho).add(np.square(g).mul(1 - this.rho));
      return [sgdStep(w, g.mul(lr).div(np.sqrt(nc.add(this.epsilon))), this.weightDecay), nc];
    });
    this.lr.stepCall();
  }
}

/** Options of {@link Adam}. @public */
export interface AdamOptions {
  /** Decay β₁ of the first-moment estimate, in [0, 1). @defaultValue 0.9 */
  beta1?: number;
  /** Decay β₂ of the second-moment estimate, in [0, 1). @defaultValue 0.999 */
  beta2?: number;
  /** ε added to the denominator. @defaultValue 1e-8 */
  eps?: number;
  /** Weight decay λ in [0, 1] (`w ← (1 − λ)·w − …`), or null for none. @defaultValue null */
  weightDecay?: number | null;
}

/**
 * Adam (Kingma & Ba 2015, in the paper's efficient form; brainstate's `Adam`): at update `t`
 * (1, 2, …, counted in `stepCount`), `m ← β₁·m + (1 − β₁)·g`, `v ← β₂·v + (1 − β₂)·g²`,
 * `η_t = η·√(1 − β₂ᵗ)/(1 − β₁ᵗ)`, `w ← (1 − λ)·w − η_t·m/(√v + ε)`. The moments are kept in
 * `m1States` and `m2States`.
 * @example
 * ```ts
 * const opt = new Adam(1e-3).registerTrainableWeights(graph.states(model, ParamState));
 * ```
 * @public
 */
export class Adam extends SGDOptimizer {
  /** Decay β₁. */
  readonly beta1: number;
  /** Decay β₂. */
  readonly beta2: number;
  /** ε of the denominator. */
  readonly eps: number;
  /** Weight decay λ, or null. */
  readonly weightDecay: number | null;
  /** The first-moment estimate `m` of each parameter. */
  m1States: StateDictManager<string>;
  /** The second-moment estimate `v` of each parameter. */
  m2States: StateDictManager<string>;
  /** The number of updates applied so far (int32 scalar); the bias correction uses it. */
  stepCount: OptimState<Array>;

  /**
   * @param lr - the learning rate η
   * @param options - `beta1`, `beta2`, `eps`, `weightDecay`
   * @throws ValueError for bad hyper-parameters; OptionError for unknown options.
   */
  constructor(lr: LearningRate, options: AdamOptions = {}) {
    checkOptionKeys("Adam", options, ["beta1", "beta2", "eps", "weightDecay"]);
    super(lr);
    this.beta1 = checkNumber("Adam", "beta1", options.beta1 ?? 0.9, { min: 0, max: 1, maxExclusive: true });
    this.beta2 = checkNumber("Adam", "beta2", options.beta2 ?? 0.999, { min: 0, max: 1, maxExclusive: true });
    this.eps = checkNumber("Adam", "eps", options.eps ?? 1e-8, { min: 0 });
    this.weightDecay = checkWeightDecay("Adam", options.weightDecay ?? null);
    this.m1States = new StateDictManager<string>();
    this.m2States = new StateDictManager<string>();
    this.stepCount = newStepCount();
  }

  /** Registers the States to train and creates their moment estimates (zeros). @throws ValueError for a value that is not a State or a key bound to another State. */
  registerTrainableWeights(paramStates?: StateDict): this {
    registerWithBuffers("Adam.registerTrainableWeights", this, paramStates, [this.m1States, this.m2States]);
    return this;
  }

  /** One Adam step (see the class). @throws ValueError when grads do not match the registered keys. */
  update(grads: GradDict): void {
    const lr = this.lr.call();
    const t = this.stepCount.value.add(1);
    const tf = t.astype(lr.dtype);
    const lrT = lr.mul(np.sqrt(np.subtract(1, np.power(this.beta2, tf)))).div(np.subtract(1, np.power(this.beta1, tf)));
    const { beta1: b1, beta2: b2, eps } = this;
    updateEach("Adam.update", this, grads, [this.m1States, this.m2States], ["first moment", "second moment"], (w, g, m, v) => {
      const nm = m.mul(b1).add(g.mul(1 - b1));
      const nv = v.mul(b2).add(np.square(g).mul(1 - b2));
      return [sgdStep(w, nm.mul(lrT).div(np.sqrt(nv).add(eps)), this.weightDecay), nm, nv];
    });
    this.stepCount.value = t;
    this.lr.stepCall();
  }
}

/** Options of {@link LARS}. @public */
export interface LARSOptions {
  /** Momentum coefficient μ. @defaultValue 0.9 */
  momentum?: number;
  /** Weight decay λ in [0, 1] (null means 0). @defaultValue 1e-4 */
  weightDecay?: number | null;
  /** Trust coefficient of the trust ratio. @defaultValue 1e-3 */
  tc?: number;
  /** ε of the trust ratio's denominator. @defaultValue 1e-5 */
  eps?: number;
}

/**
 * Layer-wise adaptive rate scaling (You, Gitman & Ginsburg 2017, Algorithm 1; brainstate's
 * `LARS`), per parameter leaf (layer): `trust = tc·‖w‖/(‖g‖ + λ·‖w‖ + ε)`, the local rate
 * `η·max([‖w‖ = 0 or ‖g‖ = 0], trust)`, `m ← μ·m + local·(g + λ·w)`, `w ← w − m` (‖·‖ the
 * Euclidean norm of the whole leaf). The momenta are kept in `momentumStates`.
 * @example
 * ```ts
 * const opt = new LARS(0.1).registerTrainableWeights({ w });
 * ```
 * @public
 */
export class LARS extends SGDOptimizer {
  /** Momentum coefficient μ. */
  readonly momentum: number;
  /** Weight decay λ. */
  readonly weightDecay: number;
  /** Trust coefficient. */
  readonly tc: number;
  /** ε of the trust ratio. */
  readonly eps: number;
  /** The momentum `m` of each parameter. */
  momentumStates: StateDictManager<string>;

  /**
   * @param lr - the learning rate η
   * @param options - `momentum`, `weightDecay`, `tc`, `eps`
   * @throws ValueError for bad hyper-parameters; OptionError for unknown options.
   */
  constructor(lr: LearningRate, options: LARSOptions = {}) {
    checkOptionKeys("LARS", options, ["momentum", "weightDecay", "tc", "eps"]);
    super(lr);
    this.momentum = checkNumber("LARS", "momentum", options.momentum ?? 0.9);
    this.weightDecay = checkWeightDecay("LARS", options.weightDecay === undefined ? 1e-4 : options.weightDecay) ?? 0;
    this.tc = checkNumber("LARS", "tc", options.tc ?? 1e-3, { min: 0 });
    this.eps = checkNumber("LARS", "eps", options.eps ?? 1e-5, { min: 0 });
    this.momentumStates = new StateDictManager<string>();
  }

  /** Registers the States to train and creates their momenta (zeros). @throws ValueError for a value that is not a State or a key bound to another State. */
  registerTrainableWeights(paramStates?: StateDict): this {
    registerWithBuffers("LARS.registerTrainableWeights", this, paramStates, [this.momentumStates]);
    return this;
  }

  /** One LARS step (see the class). @throws ValueError when grads do not match the registered keys. */
  update(grads: GradDict): void {
    const lr = this.lr.call();
    const { momentum, weightDecay: wd, tc, eps } = this;
    updateEach("LARS.update", this, grads, [this.momentumStates], ["momentum"], (w, g, m) => {
      const pNorm = np.sqrt(np.sum(np.square(w)));
      const gNorm = np.sqrt(np.sum(np.square(g)));
      const trust = pNorm.mul(tc).div(gNorm.add(pNorm.mul(wd)).add(eps));
      const degenerate = np.logicalOr(pNorm.eq(0), gNorm.eq(0)).astype(trust.dtype);
      const local = lr.mul(np.maximum(degenerate, trust));
      const nm = m.mul(momentum).add(g.add(w.mul(wd)).mul(local));
      return [w.sub(nm), nm];
    });
    this.lr.stepCall();
  }
}

/** Options of {@link Adan}. @public */
export interface AdanOptions {
  /** The coefficients (β₁, β₂, β₃) of the running averages, each in [0, 1). @defaultValue [0.02, 0.08, 0.01] */
  betas?: readonly [number, number, number];
  /** ε added to the denominator. @defaultValue 1e-8 */
  eps?: number;
  /** Decoupled weight decay λ in [0, 1] (null means 0). @defaultValue 0.02 */
  weightDecay?: number | null;
  /** Decay the weights AdamW-style (`w·(1 − λη) − …`) instead of the proximal `(w − …)/(1 + λη)`. @defaultValue false */
  noProx?: boolean;
}

/**
 * Adan, the adaptive Nesterov momentum algorithm (Xie et al. 2022, Algorithm 1; brainstate's
 * `Adan`): at update `k` (counted in `stepCount`), with `d = g − g_prev` (the previous gradient
 * is kept in `preGradStates`, zero before the first update),
 * `m ← (1 − β₁)·m + β₁·g`, `v ← (1 − β₂)·v + β₂·d`, `n ← (1 − β₃)·n + β₃·(g + (1 − β₂)·d)²`,
 * bias corrections `c_x = 1/(1 − (1 − β_x)^k)`, `s = η/(√(n·c_n) + ε)` and
 * `w ← (w − s·(m·c_m + (1 − β₂)·v·c_v))/(1 + λη)` (with `noProx`:
 * `w ← w·(1 − λη) − s·(m·c_m + (1 − β₂)·v·c_v)`). `m`, `v` and `n` are kept in `expAvgStates`,
 * `expAvgDiffStates` and `expAvgSqStates`.
 * @example
 * ```ts
 * const opt = new Adan(1e-3).registerTrainableWeights({ w });
 * ```
 * @public
 */
export class Adan extends SGDOptimizer {
  /** The coefficients (β₁, β₂, β₃). */
  readonly betas: readonly [number, number, number];
  /** ε of the denominator. */
  readonly eps: number;
  /** Decoupled weight decay λ. */
  readonly weightDecay: number;
  /** Whether the weight decay is AdamW-style rather than proximal. */
  readonly noProx: boolean;
  /** The gradient average `m`. */
  expAvgStates: StateDictManager<string>;
  /** The average `n` of the squared corrected gradient. */
  expAvgSqStates: StateDictManager<string>;
  /** The average `v` of gradient differences. */
  expAvgDiffStates: StateDictManager<string>;
  /** The previous gradient. */
  preGradStates: StateDictManager<string>;
  /** The number of updates applied so far (int32 scalar); the bias corrections use it. */
  stepCount: OptimState<Array>;

  /**
   * @param lr - the learning rate η
   * @param options - `betas`, `eps`, `weightDecay`, `noProx`
   * @throws ValueError for bad hyper-parameters; OptionError for unknown options.
   */
  constructor(lr: LearningRate = 1e-3, options: AdanOptions = {}) {
    checkOptionKeys("Adan", options, ["betas", "eps", "weightDecay", "noProx"]);
    super(lr);
    const betas = options.betas ?? [0.02, 0.08, 0.01];
    if (!globalThis.Array.isArray(betas) || betas.length !== 3) {
      throw new ValueError(`Adan: betas must be an array of 3 numbers (β₁, β₂, β₃), got ${globalThis.Array.isArray(betas) ? `${betas.length} values` : typeof betas}`);
    }
    betas.forEach((b, j) => {
      if (typeof b !== "number" || !(b >= 0 && b < 1)) throw new ValueError(`Adan: invalid beta parameter at index ${j}: ${String(b)}; each beta must be in [0, 1)`);
    });
    const eps = options.eps ?? 1e-8;
    if (typeof eps !== "number" || !(eps >= 0)) throw new ValueError(`Adan: invalid epsilon value: ${String(eps)}; eps must be ≥ 0`);
    this.betas = [betas[0], betas[1], betas[2]];
    this.eps = eps;
    this.weightDecay = checkWeightDecay("Adan", options.weightDecay === undefined ? 0.02 : options.weightDecay) ?? 0;
    this.noProx = checkBoolean("Adan", "noProx", options.noProx ?? false);
    this.expAvgStates = new StateDictManager<string>();
    this.expAvgSqStates = new StateDictManager<string>();
    this.expAvgDiffStates = new StateDictManager<string>();
    this.preGradStates = new StateDictManager<string>();
    this.stepCount = newStepCount();
  }

  /** Registers the States to train and creates their averages and previous gradients (zeros). @throws ValueError for a value that is not a State or a key bound to another State. */
  registerTrainableWeights(paramStates?: StateDict): this {
    registerWithBuffers("Adan.registerTrainableWeights", this, paramStates, [this.expAvgStates, this.expAvgSqStates, this.expAvgDiffStates, this.preGradStates]);
    return this;
  }

  /** One Adan step (see the class). @throws ValueError when grads do not match the registered keys. */
  update(grads: GradDict): void {
    const lr = this.lr.call();
    const k = this.stepCount.value.add(1);
    const kf = k.astype(lr.dtype);
    const [b1, b2, b3] = this.betas;
    const correction = (b: number): Array => np.reciprocal(np.subtract(1, np.power(1 - b, kf)));
    const cm = correction(b1);
    const cv = correction(b2);
    const cn = correction(b3);
    const decay = lr.mul(this.weightDecay);
    const buffers = [this.expAvgStates, this.expAvgSqStates, this.expAvgDiffStates, this.preGradStates];
    updateEach("Adan.update", this, grads, buffers, ["gradient average", "squared average", "difference average", "previous gradient"], (w, g, m, n, v, prev) => {
      const d = g.sub(prev);
      const nm = m.mul(1 - b1).add(g.mul(b1));
      const nv = v.mul(1 - b2).add(d.mul(b2));
      const nn = n.mul(1 - b3).add(np.square(g.add(d.mul(1 - b2))).mul(b3));
      const s = lr.div(np.sqrt(nn.mul(cn)).add(this.eps));
      const step = s.mul(nm.mul(cm).add(nv.mul(cv).mul(1 - b2)));
      const nw = this.noProx ? w.mul(np.subtract(1, decay)).sub(step) : w.sub(step).div(decay.add(1));
      return [nw, nm, nn, nv, g];
    });
    this.stepCount.value = k;
    this.lr.stepCall();
  }
}

/** Options of {@link AdamW}. @public */
export interface AdamWOptions {
  /** Decay β₁ of the first-moment estimate, in [0, 1). @defaultValue 0.9 */
  beta1?: number;
  /** Decay β₂ of the second-moment estimate, in [0, 1). @defaultValue 0.999 */
  beta2?: number;
  /** ε added to the denominator. @defaultValue 1e-8 */
  eps?: number;
  /** Decoupled weight decay λ in [0, 1] (multiplied by the learning rate). @defaultValue 1e-2 */
  weightDecay?: number;
  /** Use the AMSGrad variant (the maximum of the second-moment estimates). @defaultValue false */
  amsgrad?: boolean;
}

/**
 * Adam with decoupled weight decay (Loshchilov & Hutter 2019; brainstate's `AdamW`), as
 * documented: at update `t` (counted in `stepCount`), `w ← w·(1 − η·λ)`,
 * `m ← β₁·m + (1 − β₁)·g`, `v ← β₂·v + (1 − β₂)·g²`, `m̂ = m/(1 − β₁ᵗ)`, `v̂ = v/(1 − β₂ᵗ)`,
 * `w ← w − η·m̂/(√v̂ + ε)`; with `amsgrad`, `v̂_max ← max(v̂_max, v̂)` replaces `v̂` in the
 * denominator. The buffers are `m1States`, `m2States` and (with `amsgrad`) `vmaxStates`.
 * @example
 * ```ts
 * const opt = new AdamW(1e-3, { weightDecay: 0.01 }).registerTrainableWeights({ w });
 * ```
 * @public
 */
export class AdamW extends SGDOptimizer {
  /** Decay β₁. */
  readonly beta1: number;
  /** Decay β₂. */
  readonly beta2: number;
  /** ε of the denominator. */
  readonly eps: number;
  /** Decoupled weight decay λ. */
  readonly weightDecay: number;
  /** Whether the AMSGrad variant is used. */
  readonly amsgrad: boolean;
  /** The first-moment estimate `m` of each parameter. */
  m1States: StateDictManager<string>;
  /** The second-moment estimate `v` of each parameter. */
  m2States: StateDictManager<string>;
  /** The running maximum `v̂_max` of the bias-corrected second moment (null without `amsgrad`). */
  vmaxStates: StateDictManager<string> | null;
  /** The number of updates applied so far (int32 scalar); the bias corrections use it. */
  stepCount: OptimState<Array>;

  /**
   * @param lr - the learning rate η
   * @param options - `beta1`, `beta2`, `eps`, `weightDecay`, `amsgrad`
   * @throws ValueError for bad hyper-parameters; OptionError for unknown options.
   */
  constructor(lr: LearningRate, options: AdamWOptions = {}) {
    checkOptionKeys("AdamW", options, ["beta1", "beta2", "eps", "weightDecay", "amsgrad"]);
    super(lr);
    const { beta1 = 0.9, beta2 = 0.999, eps = 1e-8, weightDecay = 1e-2 } = options;
    if (typeof eps !== "number" || !(eps >= 0)) throw new ValueError(`AdamW: invalid epsilon value: ${String(eps)}; eps must be ≥ 0`);
    if (typeof beta1 !== "number" || !(beta1 >= 0 && beta1 < 1)) throw new ValueError(`AdamW: invalid beta parameter at index 0: ${String(beta1)}; beta1 must be in [0, 1)`);
    if (typeof beta2 !== "number" || !(beta2 >= 0 && beta2 < 1)) throw new ValueError(`AdamW: invalid beta parameter at index 1: ${String(beta2)}; beta2 must be in [0, 1)`);
    if (typeof weightDecay !== "number" || !(weightDecay >= 0)) throw new ValueError(`AdamW: invalid weight_decay value: ${String(weightDecay)}; weightDecay must be ≥ 0`);
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.eps = eps;
    this.weightDecay = checkWeightDecay("AdamW", weightDecay) ?? 0;
    this.amsgrad = checkBoolean("AdamW", "amsgrad", options.amsgrad ?? false);
    this.m1States = new StateDictManager<string>();
    this.m2States = new StateDictManager<string>();
    this.vmaxStates = this.amsgrad ? new StateDictManager<string>() : null;
    this.stepCount = newStepCount();
  }

  private buffers(): Map<string, State>[] {
    return this.vmaxStates === null ? [this.m1States, this.m2States] : [this.m1States, this.m2States, this.vmaxStates];
  }

  /** Registers the States to train and creates their moment estimates (zeros). @throws ValueError for a value that is not a State or a key bound to another State. */
  registerTrainableWeights(paramStates?: StateDict): this {
    registerWithBuffers("AdamW.registerTrainableWeights", this, paramStates, this.buffers());
    return this;
  }

  /** One AdamW step (see the class). @throws ValueError when grads do not match the registered keys. */
  update(grads: GradDict): void {
    const lr = this.lr.call();
    const t = this.stepCount.value.add(1);
    const tf = t.astype(lr.dtype);
    const { beta1: b1, beta2: b2, eps, weightDecay: wd } = this;
    const bc1 = np.subtract(1, np.power(b1, tf));
    const bc2 = np.subtract(1, np.power(b2, tf));
    const names = ["first moment", "second moment", "second-moment maximum"];
    updateEach("AdamW.update", this, grads, this.buffers(), names, (w, g, m, v, vmax) => {
      const decayed = wd === 0 ? w : w.mul(np.subtract(1, lr.mul(wd)));
      const nm = m.mul(b1).add(g.mul(1 - b1));
      const nv = v.mul(b2).add(np.square(g).mul(1 - b2));
      const mHat = nm.div(bc1);
      const vHat = nv.div(bc2);
      if (vmax === undefined) return [decayed.sub(lr.mul(mHat).div(np.sqrt(vHat).add(eps))), nm, nv];
      const nmax = np.maximum(vmax, vHat);
      return [decayed.sub(lr.mul(mHat).div(np.sqrt(nmax).add(eps))), nm, nv, nmax];
    });
    this.stepCount.value = t;
    this.lr.stepCall();
  }
}
