// The README's example, run as written.
import { expect, it } from "vitest";
import { grad, np, type Array } from "@brainstate/core";
import { Node, states } from "@brainstate/graph";
import { ParamState } from "@brainstate/state";
import { Adam, ExponentialDecayLR } from "@brainstate/optim";

it("runs the README example", () => {
  class Model extends Node {
    w = new ParamState(np.array([1, -2, 3]));
  }
  const model = new Model();
  const opt = new Adam(new ExponentialDecayLR(0.1, 100, 0.5)).registerTrainableWeights(states(model, ParamState));
  const loss = (p: { w: Array }) => np.sum(np.square(p.w));
  const initial = loss({ w: model.w.value }).item() as number;
  for (let i = 0; i < 100; i++) opt.update(grad(loss)({ w: model.w.value }) as { w: Array });
  const final = loss({ w: model.w.value }).item() as number;
  expect(initial).toBe(14); // 1 + 4 + 9
  expect(final).toBeLessThan(1e-3); // the README says ≈ 1e-4
});
