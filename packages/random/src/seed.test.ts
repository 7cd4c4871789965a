// The module-level seeding helpers on DEFAULT, ported from the reference's _rand_seed_test.py and
// extended: seed, setKey/getKey, defaultRng/cloneRng, splitKey(s), seedContext (also under jit).

import { describe, expect, it } from "vitest";
import { jit, np, prng, ValueError, type Array } from "@brainstate/core";
import { cloneRng, DEFAULT, defaultRng, getKey, rand, RandomState, restoreKey, seed, seedContext, selfAssignMultiKeys, setKey, splitKey, splitKeys } from "./index.js";

/** The words (or values) of an array as JS numbers. */
const words = (x: Array): number[] => globalThis.Array.from(x.data() as ArrayLike<number>, Number);

describe("seed", () => {
  it("makes the default state's draws repeat (ported from _rand_seed_test.test_seed)", () => {
    seed(299);
    const a = words(rand(3));
    seed(299);
    expect(words(rand(3))).toEqual(a);
  });

  it("sets the default key to prng.key(seed), or to a given key", () => {
    seed(12);
    expect(words(getKey())).toEqual([0, 12]);
    seed(prng.key(299));
    expect(words(getKey())).toEqual([0, 299]);
  });

  it("draws a fresh seed below 100000 when called without one", () => {
    seed();
    const [hi, lo] = words(getKey()) as [number, number];
    expect(hi).toBe(0);
    expect(lo).toBeLessThan(100000);
  });
});

describe("setKey / getKey", () => {
  it("writes and reads the default state's key", () => {
    setKey(prng.key(5));
    expect(words(getKey())).toEqual([0, 5]);
    setKey(6);
    expect(words(getKey())).toEqual([0, 6]);
    expect(getKey()).toBe(DEFAULT.value);
  });
});

describe("defaultRng / cloneRng", () => {
  it("returns DEFAULT without a seed and a new state with one", () => {
    expect(defaultRng()).toBe(DEFAULT);
    const rs = defaultRng(3);
    expect(rs).not.toBe(DEFAULT);
    expect(words(rs.value)).toEqual([0, 3]);
  });

  it("clones the default state (which advances) or returns it with { clone: false }", () => {
    seed(4);
    const halves = prng.split(prng.key(4));
    const c = cloneRng();
    expect(c).toBeInstanceOf(RandomState);
    expect(words(c.value)).toEqual(words(halves.get(1)));
    expect(words(getKey())).toEqual(words(halves.get(0)));
    expect(cloneRng(null, { clone: false })).toBe(DEFAULT);
    expect(words(cloneRng(8).value)).toEqual([0, 8]);
  });
});

describe("splitKey / splitKeys", () => {
  it("hands out keys split from the default state", () => {
    seed(21);
    const all = prng.split(prng.key(21), 4);
    const ks = splitKeys(3);
    expect(ks.shape).toEqual([3, 2]);
    expect(words(ks)).toEqual(words(all.get("1:")));
    seed(21);
    expect(words(splitKey())).toEqual(words(prng.split(prng.key(21)).get(1)));
  });

  it("backs up and restores the advanced default key", () => {
    seed(22);
    splitKey(null, { backup: true });
    const advanced = words(getKey());
    rand(2);
    restoreKey();
    expect(words(getKey())).toEqual(advanced);
    expect(() => restoreKey()).toThrow(ValueError);
  });
});

describe("selfAssignMultiKeys", () => {
  it("makes the default state hold n keys, with the advanced key backed up", () => {
    seed(23);
    selfAssignMultiKeys(4);
    expect(getKey().shape).toEqual([4, 2]);
    restoreKey();
    expect(words(getKey())).toEqual(words(prng.split(prng.key(23), 5).get(0)));
  });
});

describe("seedContext", () => {
  it("reseeds for the callback and restores the previous key afterwards", () => {
    seed(1);
    const before = words(getKey());
    const a = seedContext(42, () => words(rand(2)));
    const b = seedContext(42, () => words(rand(2)));
    expect(a).toEqual(b);
    // with seed 42 the draws are uniform(split(key(42))[1]).
    expect(a).toEqual(words(prng.uniform(prng.split(prng.key(42)).get(1), [2])));
    expect(words(getKey())).toEqual(before);
  });

  it("restores the key when the callback throws", () => {
    seed(1);
    const before = words(getKey());
    expect(() =>
      seedContext(3, () => {
        rand(1);
        throw new Error("boom");
      }),
    ).toThrow("boom");
    expect(words(getKey())).toEqual(before);
  });

  it("works under jit with a traced key (ported from _rand_seed_test.test_seed2)", () => {
    seed(1);
    const before = words(getKey());
    const draw = jit((key: Array) => seedContext(key, () => rand(3)));
    const x = draw(prng.key(299));
    expect(words(x)).toEqual(words(seedContext(299, () => rand(3))));
    expect(words(getKey())).toEqual(before);
  });

  it("reseeds with a traced 0-d integer seed under jit", () => {
    const draw = jit((s: Array) => seedContext(s, () => rand(2)));
    expect(words(draw(np.array(7, { dtype: "int32" })))).toEqual(words(seedContext(7, () => rand(2))));
  });
});
