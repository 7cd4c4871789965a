// Optimizer updates inside core transformations: a whole training step (merge the model and the
// optimizer from their state, take the gradient, update, split again) under `jit` gives the same
// parameters as eager training; and `grad` differentiates through optimizer updates
// (checked against central finite differences).

import { afterEach, describe, expect, it } from "vitest";
import { grad, jit, np, type Array } from "@brainstate/core";
import { expectAllclose } from "@brainstate/core/testing";
import { states, treefyMerge, treefySplit, updateStates } from "@brainstate/graph";
import { environ, ParamState, type NestedDict } from "@brainstate/state";
import {
  Adadelta,
  Adagrad,
  Adam,
  AdamW,
  Adan,
  addDecayedWeights,
  chain,
  clipByGlobalNorm,
  CosineAnnealingWarmRestarts,
  ExponentialDecayLR,
  LARS,
  Momentum,
  MomentumNesterov,
  MultiStepLR,
  OptaxOptimizer,
  PiecewiseConstantLR,
  RMSProp,
  scaleByAdam,
  scaleBySchedule,
  SGD,
  type Optimizer,
} from "@brainstate/optim";
import { MLP, mlpLoss, twoClassData } from "./fixtures.js";

const OPTIMIZERS: [string, () => Optimizer][] = [
  ["SGD", () => new SGD(new PiecewiseConstantLR([2], [0.3, 0.1]), { weightDecay: 0.01 })],
  ["Momentum", () => new Momentum(0.1)],
  ["MomentumNesterov", () => new MomentumNesterov(new MultiStepLR(0.1, [1]))],
  ["Adagrad", () => new Adagrad(0.1)],
  ["Adadelta", () => new Adadelta()],
  ["RMSProp", () => new RMSProp(0.01)],
  ["Adam", () => new Adam(new CosineAnnealingWarmRestarts(0.05, 1, 2, { T_mult: 2 }))],
  ["LARS", () => new LARS(10)],
  ["Adan", () => new Adan(0.03)],
  ["AdamW", () => new AdamW(0.03, { amsgrad: true })],
  ["OptaxOptimizer", () => new OptaxOptimizer(chain(clipByGlobalNorm(1), scaleByAdam(), addDecayedWeights(1e-3), scaleBySchedule(new ExponentialDecayLR(-0.05, 2, 0.5))))],
];

describe("an optimizer under jit", () => {
  const { x, y } = twoClassData(32, 9);

  it.each(OPTIMIZERS)("trains like eager mode when %s runs inside a jitted step", (_name, make) => {
    const eagerModel = new MLP(2, 8, 2);
    const eagerOpt = make().registerTrainableWeights(states(eagerModel, ParamState));
    const model = new MLP(2, 8, 2);
    const opt = make().registerTrainableWeights(states(model, ParamState));
    const [graphdef] = treefySplit([model, opt]);
    const step = jit((state: NestedDict, xb: Array, yb: Array) => {
      const [m, o] = treefyMerge(graphdef, state) as [MLP, Optimizer];
      o.update(grad(mlpLoss)(m.values(), xb, yb) as Record<string, unknown>);
      return treefySplit([m, o])[1];
    });
    for (let k = 0; k < 4; k++) {
      eagerOpt.update(grad(mlpLoss)(eagerModel.values(), x, y) as Record<string, unknown>);
      updateStates([model, opt], step(treefySplit([model, opt])[1], x, y));
    }
    for (const layer of ["l1", "l2"] as const) {
      expectAllclose(model[layer].weight.value.weight, eagerModel[layer].weight.value.weight, { rtol: 1e-5, atol: 1e-6 });
      expectAllclose(model[layer].weight.value.bias, eagerModel[layer].weight.value.bias, { rtol: 1e-5, atol: 1e-6 });
    }
    expect(model.l1.weight.value.weight.toArray()).not.toEqual(new MLP(2, 8, 2).l1.weight.value.weight.toArray());
  });
});

describe("an optimizer under grad", () => {
  afterEach(() => environ.set({ precision: 32 }));

  // f(w₀) = L(w₂), w₂ after two updates from w₀ with the gradients of
  // L(w) = Σ a·(w − c)² + 0.1·Σ w³; differentiated through the updates themselves.
  const a = [1, 2, 0.5];
  const c = [0.3, -0.2, 0.1];
  const L = (w: Array): Array => {
    const f = (v: number[]): Array => np.array(v, { dtype: "float64" });
    return np.sum(f(a).mul(np.square(w.sub(f(c))))).add(np.sum(np.power(w, 3)).mul(0.1));
  };

  it.each(OPTIMIZERS)("differentiates through two %s updates (central finite differences)", (_name, make) => {
    environ.set({ precision: 64 });
    const afterTwo = (w0: Array): Array => {
      const w = new ParamState(w0);
      const opt = make().registerTrainableWeights({ w });
      for (let k = 0; k < 2; k++) opt.update({ w: grad(L)(w.value) });
      return L(w.value);
    };
    const w0 = [0.9, -0.4, 0.7];
    const g = (grad(afterTwo)(np.array(w0, { dtype: "float64" })) as Array).toArray() as number[];
    const h = 1e-6;
    const fd = w0.map((_, i) => {
      const plus = w0.map((v, j) => (j === i ? v + h : v));
      const minus = w0.map((v, j) => (j === i ? v - h : v));
      const fp = afterTwo(np.array(plus, { dtype: "float64" })).item() as number;
      const fm = afterTwo(np.array(minus, { dtype: "float64" })).item() as number;
      return (fp - fm) / (2 * h);
    });
    g.forEach((gi, i) => expect(Math.abs(gi - (fd[i] as number))).toBeLessThan(1e-6 * Math.max(1, Math.abs(fd[i] as number))));
  });
});
