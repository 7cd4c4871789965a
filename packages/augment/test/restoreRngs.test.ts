// Tests of restoreRngs (brainstate's augment/_random.py): keys saved and restored around a call,
// the decorator form, several states, restoring after an error, and bad rngs.

import { describe, expect, it } from "vitest";
import { ValueError, type Array } from "@brainstate/core";
import { DEFAULT, rand, RandomState, seed } from "@brainstate/random";
import { restoreRngs } from "@brainstate/augment";

describe("restoreRngs", () => {
  it("restores DEFAULT's key after each call, so draws repeat", () => {
    seed(5);
    const key = DEFAULT.value.toArray();
    const peek = restoreRngs(() => rand(3));
    const a = (peek() as Array).toArray();
    const b = (peek() as Array).toArray();
    expect(a).toEqual(b);
    expect(DEFAULT.value.toArray()).toEqual(key);
    // Without restoring, the next draw is the same first draw.
    expect(rand(3).toArray()).toEqual(a);
  });

  it("restores the given RandomStates (decorator form, a list)", () => {
    const r1 = new RandomState(1);
    const r2 = new RandomState(2);
    const k1 = r1.value.toArray();
    const k2 = r2.value.toArray();
    const defaultKey = DEFAULT.value.toArray();
    const f = restoreRngs({ rngs: [r1, r2] })((n: number) => [r1.normal(0, 1, { size: [n] }), r2.uniform(0, 1), rand(1)]);
    f(2);
    expect(r1.value.toArray()).toEqual(k1);
    expect(r2.value.toArray()).toEqual(k2);
    // DEFAULT is not in rngs, so it advanced.
    expect(DEFAULT.value.toArray()).not.toEqual(defaultKey);
  });

  it("restores the key also when the function throws", () => {
    const r = new RandomState(3);
    const key = r.value.toArray();
    const f = restoreRngs(() => {
      r.uniform(0, 1);
      throw new Error("boom");
    }, { rngs: r });
    expect(() => f()).toThrow("boom");
    expect(r.value.toArray()).toEqual(key);
  });

  it("throws ValueError when rngs holds something other than RandomStates", () => {
    expect(() => restoreRngs(() => 1, { rngs: [DEFAULT, 3 as unknown as RandomState] })).toThrow(ValueError);
    expect(() => restoreRngs({ rngs: {} as RandomState })).toThrow(/rngs must be a RandomState or a list of RandomState instances/);
  });
});
