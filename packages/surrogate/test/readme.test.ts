// The README's example, run as written (values derived in its comments).
import { expect, it } from "vitest";
import { grad, np, type Array } from "@brainstate/core";
import { expectAllclose } from "@brainstate/core/testing";
import { ReluGrad, sigmoid } from "@brainstate/surrogate";

it("runs the README example", () => {
  const spk = new ReluGrad({ alpha: 0.3, width: 1 });
  const v = np.array([-1.5, -0.5, 0, 0.5]);
  expect(spk.call(v).toArray()).toEqual([0, 0, 1, 1]);
  // max(0.3 − 0.3|x|, 0)
  expectAllclose(grad((x: Array) => spk.call(x).sum())(v) as Array, [0, 0.15, 0.3, 0.15], { rtol: 1e-6 });
  expect(sigmoid(v, { alpha: 4 }).toArray()).toEqual([0, 0, 1, 1]);
  expect(String(spk)).toBe("ReluGrad(alpha=0.3, width=1)");
});
