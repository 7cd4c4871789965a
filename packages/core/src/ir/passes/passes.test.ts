import { describe, expect, it } from "vitest";
import { cond, debugCallback, jit, makeJaxpr, np, type Array } from "../../index.js";
import { cse } from "./cse.js";
import { dce } from "./dce.js";

describe("dce", () => {
  it("removes equations whose results are unused and reports unused inputs", () => {
    const closed = makeJaxpr((x: Array, y: Array) => {
      np.exp(y);
      return np.sin(x);
    })(np.ones([2]), np.ones([2]));
    expect(closed.eqns.length).toBe(2);
    const { jaxpr, usedInputs } = dce(closed.jaxpr);
    expect(jaxpr.eqns.map((e) => e.primitive.name)).toEqual(["sin"]);
    expect(usedInputs).toEqual([true, false]);
    expect(dce(closed.jaxpr, { pruneInputs: true }).jaxpr.invars.length).toBe(1);
  });

  it("keeps effectful equations and sub-programs whose results are unused", () => {
    const seen: number[] = [];
    const f = (x: Array): Array => {
      cond(
        x.sum().gt(0),
        (v: Array) => {
          debugCallback((a: Array) => seen.push(Number(a.item())), v.sum());
          return v;
        },
        (v: Array) => v,
        x,
      );
      return x.mul(2);
    };
    const closed = makeJaxpr(f)(np.ones([2]));
    expect(dce(closed.jaxpr).jaxpr.eqns.map((e) => e.primitive.name)).toContain("cond");
    jit(f)(np.array([1, 2]));
    expect(seen).toEqual([3]);
  });
});

describe("cse", () => {
  it("merges equations with the same primitive, inputs and params", () => {
    const closed = makeJaxpr((x: Array) => np.sin(x).add(np.sin(x)).add(np.cos(x)))(np.ones([2]));
    const names = cse(closed.jaxpr).eqns.map((e) => e.primitive.name);
    expect(names.filter((n) => n === "sin").length).toBe(1);
    expect(names.filter((n) => n === "cos").length).toBe(1);
  });

  it("keeps equations whose params differ", () => {
    const closed = makeJaxpr((x: Array) => x.sum(0).add(x.sum(1)))(np.ones([2, 2]));
    expect(cse(closed.jaxpr).eqns.filter((e) => e.primitive.name === "reduce_sum").length).toBe(2);
  });
});
