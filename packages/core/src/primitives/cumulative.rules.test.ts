// Transformation rules of cumsum, cumprod, cummax and cummin: JVP and gradients against finite
// differences (float64; products with zeros; both directions), the transpose identity, vmap
// against per-lane loops, and nesting.
import { describe, expect, it } from "vitest";
import { grad, jacfwd, jacrev, jit, jvp, lax, np, vmap, type Array, type NestedArray } from "../index.js";
import { expectAllclose } from "../testing/index.js";

import { checkGrad, checkJvp, checkTranspose, checkVmap, f64, fdGrad, flat, lossOf, rand, type Fn } from "../../test/ruleChecks.js";

type Op = "cumsum" | "cumprod" | "cummax" | "cummin";
const OPS: Op[] = ["cumsum", "cumprod", "cummax", "cummin"];
const cum = (op: Op, axis: number, reverse: boolean): Fn => (x) => lax[op](x as Array, axis, reverse);

// [shape, axis, reverse]: lengths that are not powers of two exercise partial scan rounds.
const LAYOUTS: [number[], number, boolean][] = [
  [[7], 0, false],
  [[7], 0, true],
  [[3, 5], 1, false],
  [[6, 2, 3], 0, true],
];

/** Entries in (0.5, 1.5) with exact zeros at every third element: products stay finite and zeros appear. */
const withZeros = (shape: number[], seed: number): Array => {
  const v = flat(rand(shape, seed, (u) => 1 + u / 2)).map((x, i) => (i % 3 === 1 ? 0 : x));
  return np.reshape(f64(v), shape);
};
const input = (op: Op, shape: number[], seed: number): Array => (op === "cumprod" ? withZeros(shape, seed) : rand(shape, seed));

for (const op of OPS) {
  describe(`${op} rules`, () => {
    for (const [shape, axis, reverse] of LAYOUTS) {
      const where = `shape [${shape.join(", ")}], axis ${axis}${reverse ? ", reverse" : ""}`;
      it(`jvp matches finite differences (${where})`, () => {
        checkJvp(cum(op, axis, reverse), [input(op, shape, 1)]);
      });
      it(`grad matches finite differences (${where})`, () => {
        checkGrad(cum(op, axis, reverse), [input(op, shape, 2)]);
      });
      it(`satisfies ⟨ct, J·t⟩ = ⟨Jᵀ·ct, t⟩ (${where})`, () => {
        checkTranspose(cum(op, axis, reverse), [input(op, shape, 3)]);
      });
      it(`vmap matches a per-lane loop, lanes first and last (${where})`, () => {
        checkVmap(cum(op, axis, reverse), [input(op, [2, ...shape], 4)], [0]);
        checkVmap(cum(op, axis, reverse), [input(op, [...shape, 3], 5)], [shape.length]);
      });
    }

    it("jacfwd equals jacrev", () => {
      const h = cum(op, 1, true);
      const x = input(op, [2, 4], 6);
      expectAllclose(jacfwd(h)(x) as Array, jacrev(h)(x) as Array, { rtol: 1e-12, atol: 1e-12 });
    });

    it("grad of vmap matches finite differences, and vmap of grad matches per-lane gradients", () => {
      const f = cum(op, 0, false);
      checkGrad((x) => vmap(f, { inAxes: [1] })(x) as Array, [input(op, [5, 2], 7)]);
      checkVmap((x) => grad(lossOf(f))(x) as Array, [input(op, [3, 5], 8)], [0]);
    });

    it("jit of grad equals finite differences", () => {
      const loss = lossOf(cum(op, 0, true));
      const x = input(op, [6], 9);
      expectAllclose(flat(jit(grad(loss))(x) as Array), fdGrad(loss, [x], 0), { rtol: 1e-6, atol: 1e-7 });
    });
  });
}

describe("cumulative gradients by hand", () => {
  const g = (op: Op, x: NestedArray, reverse = false): Array => grad((a: Array) => np.sum(lax[op](a, 0, reverse)))(f64(x)) as Array;

  it("cumsum: element i is in n − i prefixes (i + 1 suffixes when reversed)", () => {
    expectAllclose(g("cumsum", [1, 2, 3, 4]), [4, 3, 2, 1]);
    expectAllclose(g("cumsum", [1, 2, 3, 4], true), [1, 2, 3, 4]);
  });

  it("cumprod is exact with zeros", () => {
    // Σ cumprod([a, b, c]) = a + ab + abc: ∂a = 1 + b + bc = 1, ∂b = a + ac = 2 + 6 = 8, ∂c = ab = 0 at [2, 0, 3].
    expectAllclose(g("cumprod", [2, 0, 3]), [1, 8, 0]);
    // reversed: Σ = c + bc + abc: ∂a = bc = 0, ∂b = c + ac = 3 + 6 = 9, ∂c = 1 + b + ab = 1.
    expectAllclose(g("cumprod", [2, 0, 3], true), [0, 9, 1]);
    // two zeros: Σ = a + ab + abc with b = c = 0: ∂a = 1, ∂b = a = 2, ∂c = ab = 0.
    expectAllclose(g("cumprod", [2, 0, 0]), [1, 2, 0]);
  });

  it("cummax and cummin send each output's gradient to its running extremum (first among ties)", () => {
    // cummax [1, 3, 2, 5, 4] = [1, 3, 3, 5, 5] → [1, 2, 0, 2, 0].
    expectAllclose(g("cummax", [1, 3, 2, 5, 4]), [1, 2, 0, 2, 0]);
    // reversed: max of suffixes = [5, 5, 5, 5, 4] → [0, 0, 0, 4, 1].
    expectAllclose(g("cummax", [1, 3, 2, 5, 4], true), [0, 0, 0, 4, 1]);
    // cummin [3, 1, 2, 0] = [3, 1, 1, 0] → [1, 2, 0, 1].
    expectAllclose(g("cummin", [3, 1, 2, 0]), [1, 2, 0, 1]);
    // ties: cummax [2, 2, 1] = [2, 2, 2], every maximum first seen at 0 → [3, 0, 0];
    expectAllclose(g("cummax", [2, 2, 1]), [3, 0, 0]);
    // reversed over [1, 2, 2]: suffix maxima at positions 1, 1, 2 → [0, 2, 1].
    expectAllclose(g("cummax", [1, 2, 2], true), [0, 2, 1]);
  });

  it("cummax takes the tangent of the first NaN once one is seen", () => {
    const [o, t] = jvp((a: Array) => lax.cummax(a), [f64([1, NaN, 3])], [f64([10, 20, 30])]) as [Array, Array];
    expectAllclose(o, [1, NaN, NaN]);
    expectAllclose(t, [10, 20, 20]);
  });
});

describe("cumulative vmap on integers", () => {
  it("batches int32 running sums and maxima exactly", () => {
    const x = np.array([[1, 2, 3], [4, -5, 6]], { dtype: "int32" });
    // lanes along axis 1 (columns [1, 4], [2, -5], [3, 6]): cumsum → [1, 5], [2, -3], [3, 9]; cummax → [1, 4], [2, 2], [3, 6].
    const s = vmap((a: Array) => lax.cumsum(a), { inAxes: [1] })(x) as Array;
    expect(s.dtype).toBe("int32");
    expectAllclose(s, [[1, 5], [2, -3], [3, 9]]);
    expectAllclose(vmap((a: Array) => lax.cummax(a), { inAxes: [1] })(x) as Array, [[1, 4], [2, 2], [3, 6]]);
  });
});
