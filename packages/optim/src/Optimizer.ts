// Optimizer: the base graph node of every optimizer — the registered trainable States and the
// contract `registerTrainableWeights` / `update(grads)`. Layer: optim.
// Ported from brainstate's optim/_base.py.

import { Node } from "@brainstate/graph";
import { StateDictManager, type FlattedDict, type Key, type PathParts, type State } from "@brainstate/state";

/**
 * A dict of States to train: a plain object, a Map, or a FlattedDict such as
 * `graph.states(model, ParamState)`. Keys are stored as strings (a path's components joined with
 * ".", so `["linear", "weight"]` is `"linear.weight"`).
 * @public
 */
export type StateDict = Readonly<Record<string, State>> | ReadonlyMap<Key | PathParts, State> | FlattedDict<State>;

/**
 * A dict of gradients keyed like the registered States (same kinds as {@link StateDict}); each
 * value is a pytree shaped like its State's value.
 * @public
 */
export type GradDict = Readonly<Record<string, unknown>> | ReadonlyMap<Key | PathParts, unknown> | FlattedDict<unknown>;

/**
 * The base class of optimizers (brainstate's `Optimizer`): a graph node holding the trainable
 * States in `paramStates`, keyed by name. Subclasses keep their buffers in
 * {@link OptimState}s, so `graph.treefySplit(optimizer)` (or splitting a model together with
 * its optimizer) saves them and merging or `graph.updateStates` restores them.
 * @public
 */
export abstract class Optimizer extends Node {
  /** The registered trainable States, by key. */
  paramStates: StateDictManager<string>;

  constructor() {
    super();
    this.paramStates = new StateDictManager<string>();
  }

  /**
   * Registers the States to train (a State already registered under any key is skipped) and
   * creates their optimizer buffers.
   * @param paramStates - the States, e.g. `graph.states(model, ParamState)`
   * @returns this optimizer
   */
  abstract registerTrainableWeights(paramStates?: StateDict): this;

  /**
   * Applies one update to every registered State.
   * @param grads - one gradient per registered key, shaped like the State's value
   */
  abstract update(grads: GradDict): void;
}
