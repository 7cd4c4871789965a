// Small test-only models standing in for brainstate's nn layers (nn sits above graph in the
// package DAG): Linear, BatchNorm1d, LIF, Embedding, a stateful counter layer. Deterministic
// initial values so tests can compute expected numbers by hand.

import { np, type Array } from "@brainstate/core";
import { environ, HiddenState, LongTermState, ParamState, State } from "@brainstate/state";
import { iterNode, Node } from "../src/index.js";

/** y = x·W + b with W filled with 0.1 and b with 0 (brainstate's nn.Linear keeps {weight, bias} in one ParamState). */
export class Linear extends Node {
  weight: ParamState<{ weight: Array; bias: Array }>;
  constructor(din: number | readonly number[], dout: number | readonly number[]) {
    super();
    const i = typeof din === "number" ? din : (din[din.length - 1] as number);
    const o = typeof dout === "number" ? dout : (dout[dout.length - 1] as number);
    this.weight = new ParamState({ weight: np.full([i, o], 0.1), bias: np.zeros([o]) });
  }
  call(x: Array): Array {
    const { weight, bias } = this.weight.value;
    return x.matmul(weight).add(bias);
  }
}

/** Batch normalisation over every axis but the last (features), with running statistics. */
export class BatchNorm1d extends Node {
  weight: ParamState<{ scale: Array; bias: Array }>;
  running_mean: LongTermState<Array>;
  running_var: LongTermState<Array>;
  constructor(inSize: readonly number[]) {
    super();
    const c = inSize[inSize.length - 1] as number;
    this.weight = new ParamState({ scale: np.ones([1, c]), bias: np.zeros([1, c]) });
    this.running_mean = new LongTermState(np.zeros([1, c]));
    this.running_var = new LongTermState(np.ones([1, c]));
  }
  call(x: Array): Array {
    const c = x.shape[x.ndim - 1] as number;
    const flat = x.reshape([-1, c]);
    let mean: Array;
    let variance: Array;
    if (environ.get(environ.FIT, false) === true) {
      mean = flat.mean(0, { keepdims: true });
      variance = flat.var(0, { keepdims: true });
      this.running_mean.value = this.running_mean.value.mul(0.9).add(mean.mul(0.1));
      this.running_var.value = this.running_var.value.mul(0.9).add(variance.mul(0.1));
    } else {
      mean = this.running_mean.value;
      variance = this.running_var.value;
    }
    const { scale, bias } = this.weight.value;
    return flat.sub(mean).div(np.sqrt(variance.add(1e-5))).mul(scale).add(bias).reshape(x.shape);
  }
}

/** A leaky integrate-and-fire stand-in: its V state is created by initState(). */
export class LIF extends Node {
  size: number | readonly number[];
  V?: HiddenState<Array>;
  constructor(size: number | readonly number[]) {
    super();
    this.size = size;
  }
  initState(): void {
    this.V = new HiddenState(np.zeros(typeof this.size === "number" ? [this.size] : this.size));
  }
}

/** Calls initState() on every node that has one (brainstate's nn.init_all_states). */
export function initAllStates<T>(model: T): T {
  for (const [, node] of iterNode(model)) {
    const init = (node as { initState?: () => void }).initState;
    if (typeof init === "function") init.call(node);
  }
  return model;
}

/** Rows of a [num, dim] table, filled with row index + 1 so lookups are easy to check. */
export class Embedding extends Node {
  weight: ParamState<Array>;
  constructor(num: number, dim: number) {
    super();
    this.weight = new ParamState(np.arange(num).add(1).reshape([num, 1]).mul(np.ones([1, dim])));
  }
  call(idx: Array): Array {
    return this.weight.value.take(idx, 0);
  }
}

/** x @ kernelᵀ. */
export class LinearTranspose extends Node {
  kernel: ParamState<Array>;
  constructor(dout: number, din: number) {
    super();
    this.kernel = new ParamState(np.ones([dout, din]));
  }
  call(x: Array): Array {
    return x.matmul(this.kernel.value.transpose());
  }
}

/** A linear layer that counts its calls in a State. */
export class StatefulLinear extends Node {
  w: ParamState<Array>;
  b: ParamState<Array>;
  count: State<Array>;
  constructor(din: number, dout: number) {
    super();
    this.w = new ParamState(np.ones([din, dout]));
    this.b = new ParamState(np.zeros([dout]));
    this.count = new State(np.array(0, { dtype: "uint32" }));
  }
  increment(): void {
    this.count.value = this.count.value.add(1);
  }
  call(x: Array): Array {
    this.count.value = this.count.value.add(1);
    return x.matmul(this.w.value).add(this.b.value);
  }
}
