import { describe, expect, it } from "vitest";
import type { Array } from "../array/Array.js";
import { DTypeError, np, OptionError, ShapeError, ValueError } from "../index.js";
import * as prng from "./index.js";

const words = (a: Array): number[] => globalThis.Array.from(a.data());

// zlib's adler32 (RFC 1950): JAX's RandomValuesCase seeds are adler32(name + prng_impl).
function adler32(s: string): number {
  let a = 1;
  let b = 0;
  for (let i = 0; i < s.length; i++) {
    a = (a + s.charCodeAt(i)) % 65521;
    b = (b + a) % 65521;
  }
  return (b * 65536 + a) >>> 0;
}

describe("prng.key", () => {
  it("puts a non-negative 32-bit seed in the low word: [0, seed]", () => {
    // JAX's threefry_seed: k1 = seed >> 32 (logical), k2 = seed & 0xFFFFFFFF. In 32-bit mode the
    // seed is an int32, so k1 = 0; docs/jep/9263-typed-keys.md prints PRNGKey(0) as [0, 0].
    const k0 = prng.key(0);
    expect(k0.dtype).toBe("uint32");
    expect(k0.shape).toEqual([2]);
    expect(words(k0)).toEqual([0, 0]);
    expect(words(prng.key(42))).toEqual([0, 42]);
  });

  it("keeps the low 32 bits of negative and large seeds", () => {
    // random_seed converts Python ints with np.int64(seed), then x32 mode canonicalises to int32
    // (low 32 bits); int32 −1 & uint32(0xFFFFFFFF) reinterpreted as uint32 is 4294967295.
    expect(words(prng.key(-1))).toEqual([0, 4294967295]);
    expect(words(prng.key(-2147483648))).toEqual([0, 2147483648]);
    expect(words(prng.key(2 ** 32 + 5))).toEqual([0, 5]);
  });

  it("accepts a 0-d integer Array seed", () => {
    expect(words(prng.key(np.array(-1, { dtype: "int32" })))).toEqual([0, 4294967295]);
    expect(words(prng.key(np.array(7, { dtype: "uint32" })))).toEqual([0, 7]);
  });

  it("rejects non-integer seeds with ValueError", () => {
    expect(() => prng.key(1.5)).toThrow(ValueError);
    expect(() => prng.key(Number.NaN)).toThrow(/the seed must be an integer/);
    expect(() => prng.key(2 ** 60)).toThrow(/safe integer/);
  });

  it("rejects float or non-scalar seed Arrays with DTypeError", () => {
    expect(() => prng.key(np.array(1.5))).toThrow(DTypeError);
    expect(() => prng.key(np.array([1, 2], { dtype: "int32" }))).toThrow(/0-d int32 or uint32/);
  });
});

describe("prng.split", () => {
  it("matches JAX's split(PRNGKey(0))", () => {
    // Values given by the project (JAX 0.4, threefry2x32, partitionable=False).
    const s = prng.split(prng.key(0));
    expect(s.shape).toEqual([2, 2]);
    expect(s.toArray()).toEqual([
      [4146024105, 967050713],
      [2718843009, 1272950319],
    ]);
  });

  it("matches JAX's split(PRNGKey(0), 4)", () => {
    // tests/random_test.py, testPRNGValues (JAX 0.4.35).
    expect(prng.split(prng.key(0), 4).toArray()).toEqual([
      [2285895361, 1501764800],
      [1518642379, 4090693311],
      [433833334, 4221794875],
      [839183663, 3740430601],
    ]);
  });

  it("takes a shape: split(key, [2, 3]) is split(key, 6) reshaped to [2, 3, 2]", () => {
    // _threefry_split_original: reshape(threefry_2x32(key, iota(2·count)), (*shape, 2)).
    const a = prng.split(prng.key(3), [2, 3]);
    expect(a.shape).toEqual([2, 3, 2]);
    expect(words(a)).toEqual(words(prng.split(prng.key(3), 6)));
  });

  it("gives an empty batch for num 0", () => {
    expect(prng.split(prng.key(0), 0).shape).toEqual([0, 2]);
  });

  it("rejects bad keys", () => {
    expect(() => prng.split(np.array([0, 0], { dtype: "int32" }))).toThrow(DTypeError);
    expect(() => prng.split(np.array([0, 0], { dtype: "int32" }))).toThrow(/uint32 array of shape \[2\]/);
    expect(() => prng.split(np.array([0, 0, 0], { dtype: "uint32" }))).toThrow(ShapeError);
    expect(() => prng.split(np.array([0, 0, 0], { dtype: "uint32" }))).toThrow(/a key has shape \[2\]/);
    expect(() => prng.split(prng.split(prng.key(0)))).toThrow(/batch of keys of shape \[2,2\]/);
    expect(() => prng.split([0, 0] as unknown as Array)).toThrow(/the key must be an Array/);
  });

  it("rejects a bad count with ShapeError", () => {
    expect(() => prng.split(prng.key(0), -1)).toThrow(ShapeError);
  });
});

describe("prng.splitKeys", () => {
  it("returns the rows of split as separate keys", () => {
    const [a, b] = prng.splitKeys(prng.key(0)) as [Array, Array];
    expect(a.shape).toEqual([2]);
    expect(words(a)).toEqual([4146024105, 967050713]);
    expect(words(b)).toEqual([2718843009, 1272950319]);
  });

  it("rejects a bad count with ValueError", () => {
    expect(() => prng.splitKeys(prng.key(0), 1.5)).toThrow(ValueError);
    expect(() => prng.splitKeys(prng.key(0), 1.5)).toThrow(/non-negative integer/);
  });
});

describe("prng.foldIn", () => {
  it("matches JAX's fold_in(PRNGKey(0), 4)", () => {
    // tests/random_test.py, testPRNGValues.
    expect(words(prng.foldIn(prng.key(0), 4))).toEqual([2285895361, 433833334]);
  });

  it("wraps negative data to uint32 and accepts a 0-d integer Array", () => {
    expect(words(prng.foldIn(prng.key(1), -1))).toEqual(words(prng.foldIn(prng.key(1), 4294967295)));
    expect(words(prng.foldIn(prng.key(0), np.array(4, { dtype: "int32" })))).toEqual([2285895361, 433833334]);
  });

  it("rejects bad data", () => {
    expect(() => prng.foldIn(prng.key(0), 2 ** 33)).toThrow(ValueError);
    expect(() => prng.foldIn(prng.key(0), 0.5)).toThrow(/integer in \[-2³¹, 2³² − 1\]/);
    expect(() => prng.foldIn(prng.key(0), np.array([1, 2], { dtype: "int32" }))).toThrow(DTypeError);
  });
});

describe("prng.bits", () => {
  it("matches JAX's bits(PRNGKey(1701), (3,))", () => {
    // tests/random_test.py, testRngRandomBits (uint32).
    const b = prng.bits(prng.key(1701), [3]);
    expect(b.dtype).toBe("uint32");
    expect(words(b)).toEqual([56197195, 4200222568, 961309823]);
  });

  it("matches JAX's RandomValuesCase for bits/uint32", () => {
    // tests/random_test.py _RANDOM_VALUES_CASES, seed adler32("bitsthreefry2x32").
    expect(words(prng.bits(prng.key(adler32("bitsthreefry2x32")), [5]))).toEqual([
      1978747883, 4134381225, 3628107870, 689687174, 2788938207,
    ]);
  });

  it("is threefry2x32(key, iota(size)) reshaped", () => {
    const b = prng.bits(prng.key(9), [2, 3]);
    expect(b.shape).toEqual([2, 3]);
    expect(words(b)).toEqual(words(prng.threefry2x32(prng.key(9), np.astype(np.array([0, 1, 2, 3, 4, 5]), "uint32"))));
  });

  it("gives scalars and empty arrays", () => {
    expect(prng.bits(prng.key(0)).shape).toEqual([]);
    expect(prng.bits(prng.key(0), 4).shape).toEqual([4]);
    expect(prng.bits(prng.key(0), [2, 0, 3]).shape).toEqual([2, 0, 3]);
  });

  it("rejects other dtypes with DTypeError and bad shapes with ShapeError", () => {
    expect(() => prng.bits(prng.key(0), [2], "int32" as "uint32")).toThrow(DTypeError);
    expect(() => prng.bits(prng.key(0), [2], "int32" as "uint32")).toThrow(/unsigned integer dtype/);
    expect(() => prng.bits(prng.key(0), [2.5])).toThrow(ShapeError);
  });
});

describe("prng options", () => {
  it("rejects unknown option keys with OptionError", () => {
    expect(() => prng.uniform(prng.key(0), [2], { mnval: 1 } as never)).toThrow(OptionError);
    expect(() => prng.uniform(prng.key(0), [2], { mnval: 1 } as never)).toThrow(/unknown option 'mnval'/);
  });
});
