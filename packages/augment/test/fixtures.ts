// Test modules standing in for brainstate.nn (which sits above augment): a Linear layer whose
// parameters are drawn from random's DEFAULT state, and helpers for reading results.

import { np, type Array } from "@brainstate/core";
import { Node } from "@brainstate/graph";
import { normal } from "@brainstate/random";
import { ParamState } from "@brainstate/state";

/** y = x·W + b with W ~ N(0, 1/nIn) drawn from DEFAULT and b = 0 (brainstate's nn.Linear shape). */
export class Linear extends Node {
  weight: ParamState<{ weight: Array; bias: Array }>;
  a?: Node;
  constructor(nIn: number, nOut: number) {
    super();
    this.weight = new ParamState({ weight: normal(0, 1 / Math.sqrt(nIn), { size: [nIn, nOut] }), bias: np.zeros([nOut]) });
  }
  call(x: Array): Array {
    return x.matmul(this.weight.value.weight).add(this.weight.value.bias);
  }
}

/** Two Linear layers with a ReLU between them. */
export class MLP extends Node {
  dense1: Linear;
  dense2: Linear;
  constructor(nIn: number, nMid: number, nOut: number) {
    super();
    this.dense1 = new Linear(nIn, nMid);
    this.dense2 = new Linear(nMid, nOut);
  }
  call(x: Array): Array {
    return this.dense2.call(np.maximum(this.dense1.call(x), 0));
  }
}

/** The values of an array as a nested JS list. */
export function val(x: unknown): unknown {
  return (x as Array).toArray();
}

/** True when every element of `x` equals `v`. */
export function allEqual(x: unknown, v: number): boolean {
  return ((x as Array).reshape([-1]).toArray() as number[]).every((e) => e === v);
}
