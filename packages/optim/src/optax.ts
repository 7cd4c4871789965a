// OptaxOptimizer: an optimizer that runs a gradient transformation (a `chain` of `scaleByAdam`,
// `clipByGlobalNorm`, …) over registered States. Layer: optim.
// Ported from brainstate's optim/_optax_optimizer.py (which wraps an optax transformation).

import { ValueError } from "@brainstate/core";
import { State } from "@brainstate/state";
import { alignGrads, registerStates } from "./internal/dicts.js";
import { OptimState } from "./OptimState.js";
import { Optimizer, type GradDict, type StateDict } from "./Optimizer.js";
import { applyUpdates, checkTransformation, type GradientTransformation } from "./transforms.js";

/**
 * An optimizer that runs a {@link GradientTransformation} (brainstate's `OptaxOptimizer`, which
 * wraps an optax transformation): `update(grads)` computes
 * `[u, s] = tx.update(grads, optState, params)` and sets every param to `param + u`. The
 * transformation's state lives in the {@link OptimState} `optState`, made by
 * `registerTrainableWeights`.
 * @example
 * ```ts
 * const opt = new OptaxOptimizer(chain(clipByGlobalNorm(1), scaleByAdam(), scale(-1e-3)));
 * opt.registerTrainableWeights(graph.states(model, ParamState));
 * opt.update(grads);
 * ```
 * @public
 */
export class OptaxOptimizer extends Optimizer {
  /** The gradient transformation. */
  readonly tx: GradientTransformation;
  /** The transformation's state (null until `registerTrainableWeights`). */
  optState: OptimState | null;

  /**
   * @param tx - the gradient transformation
   * @throws ValueError when `tx` is not a gradient transformation.
   */
  constructor(tx: GradientTransformation) {
    super();
    this.tx = checkTransformation("OptaxOptimizer", tx);
    this.optState = null;
  }

  /**
   * Registers the States to train (a State already registered under any key is skipped) and
   * (re)initialises the transformation's state for all registered States.
   * @returns this optimizer
   * @throws ValueError for a value that is not a State or a key bound to another State.
   */
  registerTrainableWeights(paramStates: StateDict = {}): this {
    registerStates("OptaxOptimizer.registerTrainableWeights", this.paramStates, paramStates, () => {});
    this.optState = new OptimState(this.tx.init(this.paramValues()));
    return this;
  }

  /**
   * Applies one update of the transformation to every registered State; entries of `grads` for
   * other keys are ignored.
   * @throws ValueError when called before `registerTrainableWeights`, or when grads lack a registered key.
   */
  update(grads: GradDict): void {
    const optState = this.optState;
    if (optState === null) {
      throw new ValueError("OptaxOptimizer.update: registerTrainableWeights must be called before update (it creates the transformation's state)");
    }
    const g = alignGrads("OptaxOptimizer.update", this.paramStates, grads, true);
    const gradTree: Record<string, unknown> = {};
    for (const k of this.paramStates.keys()) gradTree[k] = g.get(k);
    const params = this.paramValues();
    const [updates, next] = this.tx.update(gradTree, optState.value, params);
    const newParams = applyUpdates(params, updates);
    for (const [k, st] of this.paramStates) (st as State).value = newParams[k];
    optState.value = next;
  }

  private paramValues(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [k, st] of this.paramStates) out[k] = st.value;
    return out;
  }
}
