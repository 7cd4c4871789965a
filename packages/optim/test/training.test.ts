// Training a small MLP on a synthetic two-class problem with every optimizer lowers the loss;
// and brainstate's OptaxOptimizer test, ported (optax.adam → chain(scaleByAdam(), scale(−η)).

import { describe, expect, it } from "vitest";
import { grad, jit, np, type Array } from "@brainstate/core";
import { Node, states } from "@brainstate/graph";
import { ParamState } from "@brainstate/state";
import {
  Adadelta,
  Adagrad,
  Adam,
  AdamW,
  Adan,
  chain,
  clipByGlobalNorm,
  CosineAnnealingWarmRestarts,
  ExponentialDecayLR,
  LARS,
  Momentum,
  MomentumNesterov,
  OptaxOptimizer,
  RMSProp,
  scale,
  scaleByAdam,
  scaleByRms,
  SGD,
  type Optimizer,
} from "@brainstate/optim";
import { Linear, MLP, mlpLoss, normal, prng, twoClassData } from "./fixtures.js";

const { x, y } = twoClassData(64);
const lossGrad = jit((p: Record<string, { weight: Array; bias: Array }>) => grad(mlpLoss)(p, x, y));
const lossOf = (m: MLP): number => mlpLoss(m.values(), x, y).item() as number;

// Each optimizer with a learning rate suited to it (brainstate's defaults for everything else).
const OPTIMIZERS: [string, () => Optimizer, number][] = [
  ["SGD", () => new SGD(0.5), 0.5],
  ["SGD + weight decay + scheduler", () => new SGD(new ExponentialDecayLR(0.5, 100, 0.5), { weightDecay: 1e-4 }), 0.5],
  ["Momentum", () => new Momentum(0.1), 0.5],
  ["MomentumNesterov", () => new MomentumNesterov(0.1), 0.5],
  ["Adagrad", () => new Adagrad(0.1), 0.5],
  ["Adadelta", () => new Adadelta(), 0.8],
  ["RMSProp", () => new RMSProp(0.01), 0.5],
  ["Adam", () => new Adam(0.03), 0.5],
  ["LARS", () => new LARS(20), 0.5],
  ["Adan", () => new Adan(0.03), 0.5],
  ["AdamW", () => new AdamW(0.03), 0.5],
  ["AdamW (amsgrad)", () => new AdamW(0.03, { amsgrad: true }), 0.5],
  ["OptaxOptimizer", () => new OptaxOptimizer(chain(clipByGlobalNorm(1), scaleByAdam(), scale(-0.03))), 0.5],
  ["OptaxOptimizer (scaleByRms)", () => new OptaxOptimizer(chain(scaleByRms(), scale(-0.01))), 0.5],
];

describe("training an MLP", () => {
  it.each(OPTIMIZERS)("lowers the loss with %s", (_name, make, factor) => {
    const model = new MLP(2, 16, 2);
    const opt = make().registerTrainableWeights(states(model, ParamState));
    const initial = lossOf(model);
    let previous = initial;
    let drops = 0;
    for (let k = 0; k < 60; k++) {
      opt.update(lossGrad(model.values()) as Record<string, unknown>);
      const now = lossOf(model);
      if (now < previous) drops++;
      previous = now;
    }
    // The loss ends clearly lower (by `factor`; Adadelta, which has no learning rate, starts with
    // tiny steps) and falls on most steps.
    expect(previous).toBeLessThan(initial * factor);
    expect(drops).toBeGreaterThan(30);
  });

  it("lowers the loss with a call-based warm-restart schedule stepping once per update", () => {
    const model = new MLP(2, 16, 2);
    const opt = new Adam(new CosineAnnealingWarmRestarts(0.05, 5, 4)).registerTrainableWeights(states(model, ParamState));
    const initial = lossOf(model);
    for (let k = 0; k < 60; k++) opt.update(lossGrad(model.values()) as Record<string, unknown>);
    expect(opt.lr.lastEpoch.value.item()).toBe(-1);
    expect((opt.lr as CosineAnnealingWarmRestarts).lastCall.value.item()).toBe(59);
    expect(lossOf(model)).toBeLessThan(initial * 0.6);
  });
});

// Port of brainstate's optim/_optax_optimizer_test.py TestOptaxOptimizer.test1.
describe("OptaxOptimizer", () => {
  it("lowers the loss of a two-layer linear model after one Adam step (brainstate's test1)", () => {
    class Model extends Node {
      linear1: Linear;
      linear2: Linear;
      constructor() {
        super();
        const rand = prng(3);
        this.linear1 = new Linear(2, 3, rand);
        this.linear2 = new Linear(3, 4, rand);
      }
    }
    const rand = prng(11);
    const xin = np.array([[normal(rand), normal(rand)]]);
    const target = np.ones([1, 4]);
    const model = new Model();
    const optimizer = new OptaxOptimizer(chain(scaleByAdam(), scale(-1e-3)));
    const params = states(model, ParamState);
    optimizer.registerTrainableWeights(params);
    const forward = (p: Record<string, { weight: Array; bias: Array }>): Array => {
      const l1 = p["linear1.weight"] as { weight: Array; bias: Array };
      const l2 = p["linear2.weight"] as { weight: Array; bias: Array };
      const out = xin.matmul(l1.weight).add(l1.bias).matmul(l2.weight).add(l2.bias);
      return np.mean(np.square(out.sub(target)));
    };
    const values = (): Record<string, { weight: Array; bias: Array }> => ({
      "linear1.weight": model.linear1.weight.value,
      "linear2.weight": model.linear2.weight.value,
    });
    const prevLoss = forward(values()).item() as number;
    optimizer.update(grad(forward)(values()) as Record<string, unknown>);
    const newLoss = forward(values()).item() as number;
    expect(newLoss).toBeLessThan(prevLoss);
  });
});
