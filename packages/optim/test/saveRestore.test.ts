// An optimizer's state (its OptimState buffers, step counts and scheduler counters) is saved and
// restored with the model through graph.treefySplit/treefyMerge and graph.treefyStates/updateStates,
// and training resumes exactly where it stopped.

import { describe, expect, it } from "vitest";
import { grad, jit, np, type Array } from "@brainstate/core";
import { states, treefyMerge, treefySplit, treefyStates, updateStates } from "@brainstate/graph";
import { ParamState, type State } from "@brainstate/state";
import {
  Adadelta,
  Adagrad,
  Adam,
  AdamW,
  Adan,
  chain,
  CosineAnnealingWarmRestarts,
  ExponentialDecayLR,
  LARS,
  Momentum,
  MomentumNesterov,
  OptaxOptimizer,
  OptimState,
  RMSProp,
  scaleByAdam,
  scaleBySchedule,
  SGD,
  type Optimizer,
} from "@brainstate/optim";
import { MLP, mlpLoss, twoClassData } from "./fixtures.js";

const { x, y } = twoClassData(32, 5);
const lossGrad = jit((p: Record<string, { weight: Array; bias: Array }>) => grad(mlpLoss)(p, x, y));

const OPTIMIZERS: [string, () => Optimizer][] = [
  ["SGD", () => new SGD(new ExponentialDecayLR(0.3, 2, 0.5), { weightDecay: 0.01 })],
  ["Momentum", () => new Momentum(0.1)],
  ["MomentumNesterov", () => new MomentumNesterov(0.1)],
  ["Adagrad", () => new Adagrad(0.1)],
  ["Adadelta", () => new Adadelta()],
  ["RMSProp", () => new RMSProp(0.01)],
  ["Adam", () => new Adam(new CosineAnnealingWarmRestarts(0.05, 2, 2))],
  ["LARS", () => new LARS(10)],
  ["Adan", () => new Adan(0.03)],
  ["AdamW", () => new AdamW(0.03, { amsgrad: true })],
  ["OptaxOptimizer", () => new OptaxOptimizer(chain(scaleByAdam(), scaleBySchedule(new ExponentialDecayLR(-0.05, 2, 0.5))))],
];

function train(model: MLP, opt: Optimizer, steps: number): void {
  for (let k = 0; k < steps; k++) opt.update(lossGrad(model.values()) as Record<string, unknown>);
}

function paramValues(model: MLP): number[] {
  return [...states(model, ParamState).values()].flatMap((s) => {
    const v = (s as State<{ weight: Array; bias: Array }>).value;
    return [...(v.weight.toArray() as number[][]).flat(), ...(v.bias.toArray() as number[])];
  });
}

describe("saving and restoring an optimizer", () => {
  it.each(OPTIMIZERS)("resumes %s identically after treefySplit → treefyMerge", (_name, make) => {
    const model = new MLP(2, 8, 2);
    const opt = make().registerTrainableWeights(states(model, ParamState));
    train(model, opt, 3);
    const [graphdef, saved] = treefySplit([model, opt]);
    train(model, opt, 4);
    const expected = paramValues(model);

    const [model2, opt2] = treefyMerge(graphdef, saved) as [MLP, Optimizer];
    expect(model2).not.toBe(model);
    // The restored optimizer updates the restored model's States (shared by identity).
    expect([...opt2.paramStates.values()]).toContain(model2.l1.weight);
    train(model2, opt2, 4);
    expect(paramValues(model2)).toEqual(expected);
  });

  it.each(OPTIMIZERS)("resumes %s identically after treefyStates → updateStates into a fresh model and optimizer", (_name, make) => {
    const model = new MLP(2, 8, 2);
    const opt = make().registerTrainableWeights(states(model, ParamState));
    train(model, opt, 3);
    const saved = treefyStates([model, opt]);
    train(model, opt, 4);
    const expected = paramValues(model);

    const model2 = new MLP(2, 8, 2, 99); // other initial weights, overwritten by the restore
    const opt2 = make().registerTrainableWeights(states(model2, ParamState));
    updateStates([model2, opt2], saved);
    train(model2, opt2, 4);
    expect(paramValues(model2)).toEqual(expected);
  });

  it("saves the buffers as OptimStates and the scheduler counters as LongTermStates", () => {
    const model = new MLP(2, 8, 2);
    const opt = new Adam(new ExponentialDecayLR(0.1, 1, 0.5)).registerTrainableWeights(states(model, ParamState));
    train(model, opt, 2);
    const buffers = states(opt, OptimState);
    expect(buffers.size).toBe(5); // m1 and m2 for two layers, and stepCount
    const [, optimState, rest] = treefySplit(opt, OptimState, (_path: unknown, v: unknown) => v !== null);
    expect(optimState.toFlat().size).toBe(5);
    const restKeys = [...rest.toFlat().keys()].map((p) => p.join("."));
    expect(restKeys).toContain("lr.lastCall");
    expect(restKeys).toContain("lr.lastEpoch");
    expect(np.asArray(opt.stepCount.value, "test").item()).toBe(2);
  });
});
