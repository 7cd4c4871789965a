// customJvp, customVjp and checkpoint: the custom rule is what differentiation sees, under jit,
// vmap and higher orders; checkpoint stores fewer residuals. References are the formulas of
// each rule, written independently here.
import { describe, expect, it } from "vitest";
import { checkpoint, customJvp, customVjp, grad, jacrev, jit, jvp, makeJaxpr, NonDifferentiableError, np, vmap, type Array } from "@brainstate/core";
import { linearizeProgram } from "@brainstate/core/extend";
import { expectAllclose } from "@brainstate/core/testing";

const f64 = (v: number | number[]): Array => np.array(v, { dtype: "float64" });

// A surrogate spike: Heaviside forward, derivative of a sigmoid with slope 4 backward.
const spike = customJvp((v: Array): Array => v.ge(0).astype(v.dtype));
spike.defjvp(([v], [t]) => {
  const s = np.sigmoid((v as Array).mul(4));
  return [spike(v as Array), (t as Array).mul(s.mul(np.subtract(1, s)).mul(4))];
});
const surrogate = (x: number): number => {
  const s = 1 / (1 + Math.exp(-4 * x));
  return 4 * s * (1 - s);
};

describe("customJvp", () => {
  const x = f64([0.5, -1, 0, 2]);

  it("keeps the forward pass (exactly the step function)", () => {
    expect(spike(x).toArray()).toEqual([1, 0, 1, 1]);
  });

  it("uses the rule in forward and reverse mode", () => {
    const [, t] = jvp(spike, [x], [np.onesLike(x)]) as [Array, Array];
    expectAllclose(t, [0.5, -1, 0, 2].map(surrogate), { rtol: 1e-14 });
    expectAllclose(grad((v: Array) => spike(v).sum())(x) as Array, [0.5, -1, 0, 2].map(surrogate), { rtol: 1e-14 });
  });

  it("survives jit, vmap and their compositions with grad", () => {
    const want = [0.5, -1, 0, 2].map(surrogate);
    expectAllclose(jit(grad((v: Array) => spike(v).sum()))(x) as Array, want, { rtol: 1e-14 });
    expectAllclose(grad(jit((v: Array) => spike(v).sum()))(x) as Array, want, { rtol: 1e-14 });
    expectAllclose(vmap(grad((v: Array) => spike(v)))(x) as Array, want, { rtol: 1e-14 });
    // customJvp inside vmap inside grad.
    const g = grad((v: Array) => (vmap((u: Array) => spike(u).mul(u))(v) as Array).sum())(x) as Array;
    const product = [0.5, -1, 0, 2].map((u) => surrogate(u) * u + (u >= 0 ? 1 : 0));
    expectAllclose(g, product, { rtol: 1e-14 });
  });

  it("appears as one custom_jvp_call equation in the program", () => {
    expect(makeJaxpr(spike)(x).toString()).toContain("custom_jvp_call");
  });

  it("differentiates the rule itself at second order", () => {
    const softplusLike = customJvp((v: Array): Array => np.log1p(np.exp(v)));
    softplusLike.defjvp(([v], [t]) => [softplusLike(v as Array), (t as Array).mul(np.sigmoid(v as Array))]);
    const h = grad(grad((v: Array) => softplusLike(v)))(f64(0.3)) as Array;
    const s = 1 / (1 + Math.exp(-0.3));
    expect(h.item()).toBeCloseTo(s * (1 - s), 12);
  });

  it("defjvps takes one partial derivative per argument", () => {
    const mulC = customJvp((a: Array, b: Array): Array => a.mul(b));
    mulC.defjvps((t, _out, _a, b) => t.mul(b as Array).mul(10), (t, _out, a) => t.mul(a as Array));
    expect((grad((a: Array) => mulC(a, f64(3)))(f64(2)) as Array).item()).toBe(30);
    expect((grad((b: Array) => mulC(f64(2), b))(f64(3)) as Array).item()).toBe(2);
  });

  it("errors when called before a rule is set", () => {
    expect(() => customJvp((v: Array) => v)(f64(1))).toThrow(/no rule was set/);
  });
});

describe("customVjp", () => {
  // Gradient clipping: identity forward, backward clips the cotangent to [-1, 1].
  const clipGrad = customVjp((x: Array): Array => x);
  clipGrad.defvjp((x: Array) => [x, null], (_res: null, g: Array) => [np.clip(g, -1, 1)]);

  it("uses the backward function for gradients", () => {
    const g = grad((x: Array) => clipGrad(x).mul(f64([5, 0.5, -3])).sum())(f64([1, 2, 3])) as Array;
    expect(g.toArray()).toEqual([1, 0.5, -1]);
  });

  it("works under jit and vmap", () => {
    const f = (x: Array): Array => clipGrad(x).mul(7).sum();
    expect((jit(grad(f))(f64([1, 2])) as Array).toArray()).toEqual([1, 1]);
    expect((vmap(grad((x: Array) => clipGrad(x).mul(-7)))(f64([1, 2])) as Array).toArray()).toEqual([-1, -1]);
    expect((jacrev((x: Array) => clipGrad(x).mul(3))(f64([1, 2])) as Array).toArray()).toEqual([[1, 0], [0, 1]]);
  });

  it("passes residuals from fwd to bwd", () => {
    const sinC = customVjp((x: Array): Array => np.sin(x));
    sinC.defvjp((x: Array) => [np.sin(x), np.cos(x)], (c: Array, g: Array) => [g.mul(c)]);
    expectAllclose(grad((x: Array) => sinC(x).sum())(f64([0.2, 1])) as Array, [Math.cos(0.2), Math.cos(1)], { rtol: 1e-15 });
  });

  it("refuses forward mode with NonDifferentiableError", () => {
    expect(() => jvp((x: Array) => clipGrad(x), [f64([1])], [f64([1])])).toThrow(NonDifferentiableError);
  });
});

describe("checkpoint", () => {
  const chain = (h: Array): Array => np.sin(np.sin(np.sin(np.sin(h))));

  it("gives the same gradient as without it", () => {
    const x = f64([0.2, -0.7]);
    expectAllclose(grad((h: Array) => checkpoint(chain)(h).sum())(x) as Array, grad((h: Array) => chain(h).sum())(x) as Array, { rtol: 1e-15 });
  });

  it("reduces the residuals stored for the backward pass", () => {
    const x = f64([0.2, -0.7]);
    const plain = linearizeProgram((h: Array) => chain(h).sum(), x);
    const remat = linearizeProgram((h: Array) => checkpoint(chain)(h).sum(), x);
    // Without checkpoint every cos(sin^k(x)) is saved; with it only the input.
    expect(plain.numResiduals).toBeGreaterThanOrEqual(4);
    expect(remat.numResiduals).toBe(1);
  });

  it("saves what the policy allows", () => {
    const x = f64([0.2, -0.7]);
    // The residuals of sin's derivative are cos values: saving them avoids recomputing the chain.
    const saveCos = linearizeProgram((h: Array) => checkpoint(chain, { policy: (name) => name === "cos" })(h).sum(), x);
    expect(saveCos.numResiduals).toBeGreaterThan(1);
  });

  it("works under vmap and jit", () => {
    const xs = f64([0.1, 0.2, 0.3]);
    const g = vmap(grad((h: Array) => checkpoint(chain)(h)))(xs) as Array;
    expectAllclose(g, vmap(grad(chain))(xs) as Array, { rtol: 1e-15 });
    expectAllclose(jit(grad((h: Array) => checkpoint(chain)(h).sum()))(xs) as Array, grad((h: Array) => chain(h).sum())(xs) as Array, { rtol: 1e-15 });
  });
});
