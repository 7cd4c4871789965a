// OptimState: the State class of optimizer buffers (momenta, moment estimates, step counts).
// Layer: optim. Ported from brainstate's optim/_sgd_optimizer.py.

import { LongTermState } from "@brainstate/state";

/**
 * The state of an optimizer (brainstate's `OptimState`): a {@link @brainstate/state#LongTermState}
 * marker class for optimizer buffers, so that `graph.states(optimizer, OptimState)` selects them
 * and they are saved and restored together with the model's parameters.
 * @example
 * ```ts
 * const opt = new Adam(1e-3).registerTrainableWeights({ w });
 * graph.states(opt, OptimState); // m1States.w, m2States.w, stepCount
 * ```
 * @public
 */
export class OptimState<A = unknown> extends LongTermState<A> {}
