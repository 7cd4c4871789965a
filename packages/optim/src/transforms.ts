// Composable gradient transformations in the style of optax (which brainstate's OptaxOptimizer
// wraps): pure `init`/`update` pairs over pytrees, `chain`, and `applyUpdates`. Layer: optim.
// Written for this port in place of brainstate's optax dependency (semantics of optax 0.2).

import { np, tree, ValueError, type Array } from "@brainstate/core";
import { checkNumber, checkOptionKeys } from "./internal/checks.js";
import { LearningRateScheduler } from "./lrScheduler.js";

/**
 * A gradient transformation (optax's `GradientTransformation`): `init(params)` makes its state,
 * a pytree of Arrays; `update(updates, state, params)` transforms a pytree of updates
 * (gradients at the start of a chain) and returns the new updates and the new state. Both are
 * pure, so they work inside `jit`, `grad` and loops.
 * @public
 */
export interface GradientTransformation<S = unknown> {
  /** The initial state for parameters `params`. */
  init(params: unknown): S;
  /** The transformed updates and the new state; `params` is needed by some transformations. */
  update(updates: unknown, state: S, params?: unknown): [unknown, S];
}

/** A schedule for {@link scaleBySchedule}: a function of the update count, or a scheduler (called with the count). @public */
export type Schedule = ((count: Array) => Array | number) | LearningRateScheduler;

function leafMap(f: (x: Array) => Array, t: unknown): unknown {
  return tree.map((x: unknown) => f(np.asArray(x as np.ArrayLike, "GradientTransformation")), t);
}

function leafMap2(f: (x: Array, y: Array) => Array, a: unknown, b: unknown): unknown {
  return tree.map((x: unknown, y: unknown) => f(np.asArray(x as np.ArrayLike, "GradientTransformation"), np.asArray(y as np.ArrayLike, "GradientTransformation")), a, b);
}

function count0(): Array {
  return np.array(0, { dtype: "int32" });
}

/**
 * Checks that `tx` is a gradient transformation (an object with `init` and `update` functions).
 * @throws ValueError otherwise.
 */
export function checkTransformation(where: string, tx: unknown): GradientTransformation {
  if (typeof tx !== "object" || tx === null || typeof (tx as { init?: unknown }).init !== "function" || typeof (tx as { update?: unknown }).update !== "function") {
    throw new ValueError(`${where}: expected a gradient transformation (an object with init and update functions, e.g. chain(scaleByAdam(), scale(-1e-3))), got ${tx === null ? "null" : typeof tx}`);
  }
  return tx as GradientTransformation;
}

/**
 * Applies several transformations in order (optax's `chain`); the state is the array of their
 * states.
 * @throws ValueError when an argument is not a gradient transformation.
 * @example
 * ```ts
 * const adam = chain(scaleByAdam(), scale(-1e-3));
 * ```
 * @public
 */
export function chain(...transforms: GradientTransformation[]): GradientTransformation<unknown[]> {
  transforms.forEach((t, j) => checkTransformation(`chain (argument ${j})`, t));
  return {
    init: (params) => transforms.map((t) => t.init(params)),
    update: (updates, state, params) => {
      let u = updates;
      const next = transforms.map((t, j) => {
        const [nu, ns] = t.update(u, state[j], params);
        u = nu;
        return ns;
      });
      return [u, next];
    },
  };
}

/**
 * Multiplies the updates by a constant (optax's `scale`); use a negative step size for descent.
 * @param stepSize - the factor
 * @throws ValueError when `stepSize` is not a finite number.
 * @example
 * ```ts
 * const sgd = scale(-0.1); // u = −0.1·g
 * ```
 * @public
 */
export function scale(stepSize: number): GradientTransformation<null> {
  checkNumber("scale", "stepSize", stepSize);
  return {
    init: () => null,
    update: (updates, state) => [leafMap((g) => g.mul(stepSize), updates), state],
  };
}

/** Options of {@link scaleByAdam}. @public */
export interface ScaleByAdamOptions {
  /** Decay of the first moment. @defaultValue 0.9 */
  b1?: number;
  /** Decay of the second moment. @defaultValue 0.999 */
  b2?: number;
  /** ε added to the denominator outside the square root. @defaultValue 1e-8 */
  eps?: number;
  /** ε added to the second moment inside the square root. @defaultValue 0 */
  epsRoot?: number;
}

/** The state of {@link scaleByAdam}. @public */
export interface ScaleByAdamState {
  /** The number of updates so far (int32 scalar). */
  count: Array;
  /** The first-moment estimate, shaped like the params. */
  mu: unknown;
  /** The second-moment estimate, shaped like the params. */
  nu: unknown;
}

/**
 * Rescales updates by Adam's moment estimates (optax's `scale_by_adam`; Kingma & Ba 2015):
 * `μ ← b1·μ + (1 − b1)·g`, `ν ← b2·ν + (1 − b2)·g²`, `u = μ̂/(√(ν̂ + εRoot) + ε)` with
 * `μ̂ = μ/(1 − b1ᵗ)`, `ν̂ = ν/(1 − b2ᵗ)` at update `t`.
 * @throws ValueError for bad hyper-parameters; OptionError for unknown options.
 * @example
 * ```ts
 * const adam = chain(scaleByAdam({ b1: 0.9 }), scale(-1e-3));
 * ```
 * @public
 */
export function scaleByAdam(options: ScaleByAdamOptions = {}): GradientTransformation<ScaleByAdamState> {
  checkOptionKeys("scaleByAdam", options, ["b1", "b2", "eps", "epsRoot"]);
  const b1 = checkNumber("scaleByAdam", "b1", options.b1 ?? 0.9, { min: 0, max: 1, maxExclusive: true });
  const b2 = checkNumber("scaleByAdam", "b2", options.b2 ?? 0.999, { min: 0, max: 1, maxExclusive: true });
  const eps = checkNumber("scaleByAdam", "eps", options.eps ?? 1e-8, { min: 0 });
  const epsRoot = checkNumber("scaleByAdam", "epsRoot", options.epsRoot ?? 0, { min: 0 });
  return {
    init: (params) => ({ count: count0(), mu: leafMap((p) => np.zerosLike(p), params), nu: leafMap((p) => np.zerosLike(p), params) }),
    update: (updates, state) => {
      const mu = leafMap2((g, m) => m.mul(b1).add(g.mul(1 - b1)), updates, state.mu);
      const nu = leafMap2((g, v) => v.mul(b2).add(np.square(g).mul(1 - b2)), updates, state.nu);
      const count = state.count.add(1);
      const u = tree.map(
        (m: unknown, v: unknown) => {
          const mm = m as Array;
          const vv = v as Array;
          const mHat = mm.div(np.subtract(1, np.power(b1, count.astype(mm.dtype))));
          const vHat = vv.div(np.subtract(1, np.power(b2, count.astype(vv.dtype))));
          return mHat.div(np.sqrt(vHat.add(epsRoot)).add(eps));
        },
        mu,
        nu,
      );
      return [u, { count, mu, nu }];
    },
  };
}

/** Options of {@link scaleByRms}. @public */
export interface ScaleByRmsOptions {
  /** Decay of the squared-gradient average. @defaultValue 0.9 */
  decay?: number;
  /** ε added inside the square root. @defaultValue 1e-8 */
  eps?: number;
  /** The initial value of the average. @defaultValue 0 */
  initialScale?: number;
}

/** The state of {@link scaleByRms}. @public */
export interface ScaleByRmsState {
  /** The running average of squared gradients, shaped like the params. */
  nu: unknown;
}

/**
 * Rescales updates by the root mean square of past gradients (optax's `scale_by_rms`; RMSProp):
 * `ν ← decay·ν + (1 − decay)·g²`, `u = g/√(ν + ε)`.
 * @throws ValueError for bad hyper-parameters; OptionError for unknown options.
 * @example
 * ```ts
 * const rmsprop = chain(scaleByRms({ decay: 0.9 }), scale(-1e-3));
 * ```
 * @public
 */
export function scaleByRms(options: ScaleByRmsOptions = {}): GradientTransformation<ScaleByRmsState> {
  checkOptionKeys("scaleByRms", options, ["decay", "eps", "initialScale"]);
  const decay = checkNumber("scaleByRms", "decay", options.decay ?? 0.9, { min: 0, max: 1 });
  const eps = checkNumber("scaleByRms", "eps", options.eps ?? 1e-8, { min: 0 });
  const initialScale = checkNumber("scaleByRms", "initialScale", options.initialScale ?? 0, { min: 0 });
  return {
    init: (params) => ({ nu: leafMap((p) => np.fullLike(p, initialScale), params) }),
    update: (updates, state) => {
      const nu = leafMap2((g, v) => v.mul(decay).add(np.square(g).mul(1 - decay)), updates, state.nu);
      const u = leafMap2((g, v) => g.div(np.sqrt(v.add(eps))), updates, nu);
      return [u, { nu }];
    },
  };
}

/**
 * Clips updates to a maximum global norm (optax's `clip_by_global_norm`): with
 * `‖g‖ = √(Σ over all leaves of Σ g²)`, `u = g` when `‖g‖ < maxNorm`, else `g·maxNorm/‖g‖`.
 * @param maxNorm - the largest global norm let through (positive)
 * @throws ValueError when `maxNorm` is not a positive number.
 * @example
 * ```ts
 * const tx = chain(clipByGlobalNorm(1), scaleByAdam(), scale(-1e-3));
 * ```
 * @public
 */
export function clipByGlobalNorm(maxNorm: number): GradientTransformation<null> {
  checkNumber("clipByGlobalNorm", "maxNorm", maxNorm, { min: 0, minExclusive: true });
  return {
    init: () => null,
    update: (updates, state) => {
      const leaves = tree.leaves(updates).map((x) => np.asArray(x as np.ArrayLike, "clipByGlobalNorm"));
      if (leaves.length === 0) return [updates, state];
      const sq = leaves.map((g) => np.sum(np.square(g))).reduce((a, b) => a.add(b));
      const norm = np.sqrt(sq);
      const keep = norm.lt(maxNorm);
      const u = leafMap((g) => np.where(keep, g, g.div(norm.astype(g.dtype)).mul(maxNorm)), updates);
      return [u, state];
    },
  };
}

/**
 * Adds decayed weights to the updates (optax's `add_decayed_weights`): `u = g + λ·w`; needs the
 * params in `update`.
 * @param weightDecay - λ
 * @throws ValueError when `weightDecay` is not a finite number, or (in `update`) when no params are given.
 * @example
 * ```ts
 * const adamw = chain(scaleByAdam(), addDecayedWeights(1e-4), scale(-1e-3));
 * ```
 * @public
 */
export function addDecayedWeights(weightDecay = 0): GradientTransformation<null> {
  checkNumber("addDecayedWeights", "weightDecay", weightDecay);
  return {
    init: () => null,
    update: (updates, state, params) => {
      if (params === undefined) {
        throw new ValueError("addDecayedWeights: update needs the params (u = g + λ·w); pass them as the third argument of update");
      }
      return [leafMap2((g, w) => g.add(w.mul(weightDecay)), updates, params), state];
    },
  };
}

/** The state of {@link scaleBySchedule}. @public */
export interface ScaleByScheduleState {
  /** The number of updates so far (int32 scalar). */
  count: Array;
}

/**
 * Multiplies the updates by `schedule(count)` (optax's `scale_by_schedule`), `count` being the
 * number of earlier updates (0 at the first). A {@link LearningRateScheduler} is called with the
 * count as its index.
 * @param schedule - a function of the count, or a scheduler
 * @throws ValueError when `schedule` is neither.
 * @example
 * ```ts
 * const tx = chain(scaleByAdam(), scaleBySchedule(new ExponentialDecayLR(-1e-3, 1000, 0.5)));
 * ```
 * @public
 */
export function scaleBySchedule(schedule: Schedule): GradientTransformation<ScaleByScheduleState> {
  let fn: (count: Array) => Array | number;
  if (schedule instanceof LearningRateScheduler) fn = (count) => schedule.call(count);
  else if (typeof schedule === "function") fn = schedule;
  else throw new ValueError(`scaleBySchedule: schedule must be a function of the update count or a LearningRateScheduler, got ${schedule === null ? "null" : typeof schedule}`);
  return {
    init: () => ({ count: count0() }),
    update: (updates, state) => {
      const step = np.asArray(fn(state.count), "scaleBySchedule");
      const u = leafMap((g) => g.mul(step.astype(g.dtype)), updates);
      return [u, { count: state.count.add(1) }];
    },
  };
}

/**
 * Adds updates to params, leaf by leaf, keeping each param's dtype (optax's `apply_updates`).
 * @throws TreeMismatchError when the trees differ in structure.
 * @example
 * ```ts
 * const [u, s] = tx.update(grads, state, params);
 * params = applyUpdates(params, u);
 * ```
 * @public
 */
export function applyUpdates<P>(params: P, updates: unknown): P {
  return leafMap2((p, u) => p.add(u).astype(p.dtype), params, updates) as P;
}
