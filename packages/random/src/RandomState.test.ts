// RandomState: construction from seeds and keys, key splitting and its advance on every draw,
// backup/restore, clone, reseeding, multi-key assignment and value checks.

import { describe, expect, it } from "vitest";
import { ArrayImpl, DTypeError, np, prng, ShapeError, ValueError, type Array } from "@brainstate/core";
import { State } from "@brainstate/state";
import { DEFAULT, RandomState } from "./index.js";

/** The words (or values) of an array as JS numbers. */
const words = (x: Array): number[] => globalThis.Array.from(x.data() as ArrayLike<number>, Number);

describe("RandomState", () => {
  it("is a State whose value is prng.key(seed) for an integer seed", () => {
    const rs = new RandomState(42);
    expect(rs).toBeInstanceOf(State);
    expect(rs.value.dtype).toBe("uint32");
    // prng.key(42) is [0, 42] (JAX's PRNGKey(42) in 32-bit mode).
    expect(words(rs.value)).toEqual([0, 42]);
  });

  it("uses a key of two uint32 words as is", () => {
    const key = prng.key(7);
    expect(words(new RandomState(key).value)).toEqual([0, 7]);
    expect(words(new RandomState(np.array([3, 4], { dtype: "uint32" })).value)).toEqual([3, 4]);
  });

  it("draws a random key below 100000 from the host RNG when no seed is given", () => {
    const w = words(new RandomState().value);
    expect(w).toHaveLength(2);
    for (const v of w) expect(v >= 0 && v < 100000).toBe(true);
  });

  it("throws ShapeError for an array that is not two words and DTypeError for a float array", () => {
    expect(() => new RandomState(np.array([1, 2, 3], { dtype: "uint32" }))).toThrow(ShapeError);
    expect(() => new RandomState(np.array([1, 2, 3], { dtype: "uint32" }))).toThrow(/shape \[3\]/);
    expect(() => new RandomState(np.array([1.5, 2]))).toThrow(DTypeError);
    expect(() => new RandomState(np.array([1.5, 2]))).toThrow(/float32/);
    expect(() => new RandomState(1.5)).toThrow(ValueError);
  });
});

describe("RandomState.splitKey", () => {
  it("keeps the first half of split(key) and returns the second (brainstate's split_key)", () => {
    const rs = new RandomState(3);
    const halves = prng.split(prng.key(3));
    const k = rs.splitKey();
    expect(words(k)).toEqual(words(halves.get(1)));
    expect(words(rs.value)).toEqual(words(halves.get(0)));
  });

  it("returns n keys stacked as [n, 2] from split(key, n + 1)", () => {
    const rs = new RandomState(3);
    const all = prng.split(prng.key(3), 4);
    const ks = rs.splitKey(3);
    expect(ks.shape).toEqual([3, 2]);
    expect(words(ks)).toEqual(words(all.get("1:")));
    expect(words(rs.value)).toEqual(words(all.get(0)));
    expect(words(new RandomState(3).splitKeys(3))).toEqual(words(ks));
  });

  it("throws ValueError when n is not a positive integer", () => {
    expect(() => new RandomState(0).splitKey(0)).toThrow(ValueError);
    expect(() => new RandomState(0).splitKey(1.5)).toThrow(/positive integer/);
  });

  it("backs the advanced key up with { backup: true }", () => {
    const rs = new RandomState(5);
    rs.splitKey(null, { backup: true });
    const advanced = words(rs.value);
    rs.splitKey();
    rs.restoreKey();
    expect(words(rs.value)).toEqual(advanced);
  });
});

describe("RandomState sampling", () => {
  it("draws with one half of the split key and keeps the other (the reference's key advance)", () => {
    const rs = new RandomState(9);
    const [keep, use] = prng.splitKeys(prng.key(9));
    const x = rs.normal(null, null, { size: [4] });
    expect(words(x)).toEqual(words(prng.normal(use as Array, [4])));
    expect(words(rs.value)).toEqual(words(keep as Array));
  });

  it("leaves the state alone when a key is given", () => {
    const rs = new RandomState(9);
    const before = words(rs.value);
    const x = rs.uniform(0, 1, { size: [3], key: 123 });
    expect(words(rs.value)).toEqual(before);
    expect(words(x)).toEqual(words(prng.uniform(prng.key(123), [3])));
  });

  it("gives different draws on consecutive calls and identical draws for identical seeds", () => {
    const a = new RandomState(1);
    const b = new RandomState(1);
    const a1 = words(a.rand(5));
    const a2 = words(a.rand(5));
    expect(a1).not.toEqual(a2);
    expect(words(b.rand(5))).toEqual(a1);
    expect(words(b.rand(5))).toEqual(a2);
  });
});

describe("RandomState.backupKey / restoreKey", () => {
  it("puts the saved key back", () => {
    const rs = new RandomState(11);
    rs.backupKey();
    const saved = words(rs.value);
    rs.rand(3);
    expect(words(rs.value)).not.toEqual(saved);
    rs.restoreKey();
    expect(words(rs.value)).toEqual(saved);
  });

  it("throws ValueError on a second backup and on a restore without backup", () => {
    const rs = new RandomState(11);
    expect(() => rs.restoreKey()).toThrow(ValueError);
    expect(() => rs.restoreKey()).toThrow(/not been backed up/);
    rs.backupKey();
    expect(() => rs.backupKey()).toThrow(/already been backed up|backed up and not restored/);
  });
});

describe("RandomState.clone", () => {
  it("seeds a new state with a key split from this one", () => {
    const rs = new RandomState(2);
    const halves = prng.split(prng.key(2));
    const c = rs.clone();
    expect(c).toBeInstanceOf(RandomState);
    expect(words(c.value)).toEqual(words(halves.get(1)));
    expect(words(rs.value)).toEqual(words(halves.get(0)));
  });
});

describe("RandomState.seed / setKey", () => {
  it("reseeds from an integer, a 0-d integer array and a key", () => {
    const rs = new RandomState(0);
    rs.seed(17);
    expect(words(rs.value)).toEqual([0, 17]);
    rs.seed(np.array(18, { dtype: "int32" }));
    expect(words(rs.value)).toEqual([0, 18]);
    rs.seed([5, 6]);
    expect(words(rs.value)).toEqual([5, 6]);
    rs.setKey(prng.key(4));
    expect(words(rs.value)).toEqual([0, 4]);
    rs.setKey(8);
    expect(words(rs.value)).toEqual([0, 8]);
  });

  it("refuses values that are not keys (DTypeError, ShapeError)", () => {
    const rs = new RandomState(0);
    expect(() => rs.setKey(np.array([1, 2]))).toThrow(DTypeError);
    expect(() => rs.setKey(np.array([1, 2, 3], { dtype: "uint32" }))).toThrow(ShapeError);
    expect(() => {
      rs.value = np.zeros([3], { dtype: "uint32" });
    }).toThrow(/shape \[2\]/);
    expect(() => rs.seed([1, 2, 3])).toThrow(ShapeError);
  });
});

describe("RandomState.selfAssignMultiKeys", () => {
  it("holds n keys split from the key and backs up the advanced key", () => {
    const rs = new RandomState(6);
    const all = prng.split(prng.key(6), 4);
    rs.selfAssignMultiKeys(3);
    expect(rs.value.shape).toEqual([3, 2]);
    expect(words(rs.value)).toEqual(words(all.get("1:")));
    rs.restoreKey();
    expect(words(rs.value)).toEqual(words(all.get(0)));
  });

  it("splits into exactly n keys without backup", () => {
    const rs = new RandomState(6);
    rs.selfAssignMultiKeys(2, { backup: false });
    expect(words(rs.value)).toEqual(words(prng.split(prng.key(6), 2)));
  });
});

describe("RandomState.checkIfDeleted", () => {
  it("reseeds when the key array was disposed", () => {
    const rs = new RandomState(1);
    const old = rs.value as ArrayImpl;
    old.dispose();
    const fresh = rs.value as ArrayImpl;
    expect(fresh).not.toBe(old);
    expect(fresh.isDisposed).toBe(false);
    expect(fresh.shape).toEqual([2]);
  });
});

describe("DEFAULT", () => {
  it("is a RandomState", () => {
    expect(DEFAULT).toBeInstanceOf(RandomState);
    expect(DEFAULT.value.shape).toEqual([2]);
  });
});
