import { expectAllclose } from "../testing/index.js";
import { describe, expect, it } from "vitest";
import type { Array } from "../array/Array.js";
import { ShapedArray } from "../array/aval.js";
import { jit } from "../control/jit.js";
import { DTypeError, makeJaxpr, np, ShapeError, vmap } from "../index.js";
import { buildKernel } from "../interpreters/eval.js";
import { interpretKernel } from "../kernel/interpret.js";
import type { Primitive } from "../trace/primitive.js";
import { threefry2x32 as cipher, threefry2x32P } from "../primitives/random.js";
import * as prng from "./index.js";

// A scalar Threefry-2x32-20 written from the Random123 specification (Salmon et al., SC'11):
// rotations R_32x2 = 13 15 26 6 17 29 16 24, key schedule k0, k1, k0^k1^0x1BD11BDA, and a key
// injection (with the injection counter added to the second word) after every 4 rounds.
function rotl(x: number, r: number): number {
  return ((x << r) | (x >>> (32 - r))) >>> 0;
}
function threefryRef(k0: number, k1: number, c0: number, c1: number): [number, number] {
  const ks = [k0 >>> 0, k1 >>> 0, (k0 ^ k1 ^ 0x1bd11bda) >>> 0];
  const R = [13, 15, 26, 6, 17, 29, 16, 24];
  let x0 = (c0 + (ks[0] as number)) >>> 0;
  let x1 = (c1 + (ks[1] as number)) >>> 0;
  for (let r = 0; r < 20; r++) {
    x0 = (x0 + x1) >>> 0;
    x1 = (rotl(x1, R[r % 8] as number) ^ x0) >>> 0;
    if (r % 4 === 3) {
      const s = (r + 1) / 4;
      x0 = (x0 + (ks[s % 3] as number)) >>> 0;
      x1 = (x1 + (ks[(s + 1) % 3] as number) + s) >>> 0;
    }
  }
  return [x0, x1];
}

const u32 = (v: number | number[] | number[][]): Array => np.array(v, { dtype: "uint32" });
const words = (a: Array): number[] => globalThis.Array.from(a.data());

// Random123's kat_vectors for threefry2x32 with 20 rounds (columns: counter, key, output); the same
// three vectors are JAX's testThreefry2x32 (tests/random_test.py).
const KAT: { ctr: [number, number]; key: [number, number]; out: [number, number] }[] = [
  { ctr: [0, 0], key: [0, 0], out: [0x6b200159, 0x99ba4efe] },
  { ctr: [0xffffffff, 0xffffffff], key: [0xffffffff, 0xffffffff], out: [0x1cb996fc, 0xbb002be7] },
  { ctr: [0x243f6a88, 0x85a308d3], key: [0x13198a2e, 0x03707344], out: [0xc4923a9c, 0x483df7a0] },
];

describe("threefry2x32 reference", () => {
  it("reproduces the Random123 known-answer vectors (checks the test's own reference)", () => {
    for (const v of KAT) expect(threefryRef(v.key[0], v.key[1], v.ctr[0], v.ctr[1])).toEqual(v.out);
  });
});

describe("threefry2x32 primitive", () => {
  it("matches the known-answer vectors with 0-d keys", () => {
    for (const v of KAT) {
      const [y0, y1] = cipher(u32(v.key[0]), u32(v.key[1]), u32([v.ctr[0]]), u32([v.ctr[1]]));
      expect([words(y0)[0], words(y1)[0]]).toEqual(v.out);
    }
  });

  it("takes per-element keys shaped like the counters", () => {
    const [y0, y1] = cipher(
      u32(KAT.map((v) => v.key[0])),
      u32(KAT.map((v) => v.key[1])),
      u32(KAT.map((v) => v.ctr[0])),
      u32(KAT.map((v) => v.ctr[1])),
    );
    expect(words(y0)).toEqual(KAT.map((v) => v.out[0]));
    expect(words(y1)).toEqual(KAT.map((v) => v.out[1]));
  });

  it("keeps n-d counter shapes and agrees with the scalar reference elementwise", () => {
    const c0 = [[1, 2, 3], [4, 5, 6]];
    const c1 = [[7, 8, 9], [10, 11, 0xfffffff0]];
    const [y0, y1] = cipher(u32(17), u32(0xdeadbeef), u32(c0), u32(c1));
    expect(y0.shape).toEqual([2, 3]);
    expect(y0.dtype).toBe("uint32");
    const ref = c0.flat().map((a, i) => threefryRef(17, 0xdeadbeef, a, c1.flat()[i] as number));
    expect(words(y0)).toEqual(ref.map((r) => r[0]));
    expect(words(y1)).toEqual(ref.map((r) => r[1]));
  });

  it("lowers to kernels that the reference kernel interpreter evaluates to the KAT words", () => {
    // Chains the five 4-round blocks, each word through its own kernel, on the kernel-IR oracle.
    const v = KAT[2] as (typeof KAT)[number];
    const scalarAval = new ShapedArray([], "uint32");
    const vecAval = new ShapedArray([1], "uint32");
    const avals = [scalarAval, scalarAval, vecAval, vecAval];
    let state = [new Uint32Array([v.ctr[0]]), new Uint32Array([v.ctr[1]])];
    for (let block = 0; block < 5; block++) {
      state = ([0, 1] as const).map((word) => {
        const params = { word, firstBlock: block, numBlocks: 1 };
        const kernel = buildKernel(threefry2x32P as unknown as Primitive<object>, avals, vecAval, params);
        const out = new Uint32Array(1);
        interpretKernel(kernel, [new Uint32Array([v.key[0]]), new Uint32Array([v.key[1]]), ...state], out);
        return out;
      });
    }
    expect(state.map((w) => w[0])).toEqual(v.out);
  });

  it("handles zero-size counters", () => {
    const [y0] = cipher(u32(1), u32(2), np.array([], { dtype: "uint32" }), np.array([], { dtype: "uint32" }));
    expect(y0.shape).toEqual([0]);
  });

  it("rejects non-uint32 operands with DTypeError", () => {
    const i32 = np.array([1, 2], { dtype: "int32" });
    expect(() => threefry2x32P.bind1([u32(0), u32(0), i32, i32], { word: 0, firstBlock: 0, numBlocks: 1 })).toThrow(DTypeError);
    expect(() => threefry2x32P.bind1([u32(0), u32(0), i32, i32], { word: 0, firstBlock: 0, numBlocks: 1 })).toThrow(/must be uint32/);
  });

  it("rejects counters of different shapes and keys of other shapes with ShapeError", () => {
    const a = u32([1, 2]);
    const b = u32([1, 2, 3]);
    expect(() => cipher(u32(0), u32(0), a, b)).toThrow(ShapeError);
    expect(() => cipher(u32(0), u32(0), a, b)).toThrow(/must share a shape/);
    expect(() => cipher(u32([0, 1, 2]), u32(0), a, a)).toThrow(/0-d or shaped like the counters/);
  });

  it("rejects bad block params", () => {
    const a = u32([1]);
    expect(() => threefry2x32P.bind1([a, a, a, a], { word: 0, firstBlock: 4, numBlocks: 2 })).toThrow(/firstBlock \+ numBlocks ≤ 5/);
  });

  it("is staged as threefry2x32 equations with a word and block param", () => {
    const text = makeJaxpr((k: Array) => prng.bits(k, [4]))(prng.key(0)).toString();
    expect(text).toContain("threefry2x32[word=0 firstBlock=0");
    expect(text).toContain("threefry2x32[word=1 firstBlock=0 numBlocks=5]");
  });
});

describe("prng.threefry2x32", () => {
  it("hashes [ctr0, ctr1] under a key into the two KAT words (JAX's threefry_2x32 layout)", () => {
    for (const v of KAT) expect(words(prng.threefry2x32(u32(v.key), u32(v.ctr)))).toEqual(v.out);
  });

  it("splits a long count array into halves (JAX's testThreefry2x32Large, smaller n)", () => {
    const n = 1001;
    const count = u32([...new globalThis.Array<number>(n).fill(0x243f6a88), ...new globalThis.Array<number>(n).fill(0x85a308d3)]);
    const out = words(prng.threefry2x32(u32([0x13198a2e, 0x03707344]), count));
    expect(out.slice(0, n).every((w) => w === 0xc4923a9c)).toBe(true);
    expect(out.slice(n).every((w) => w === 0x483df7a0)).toBe(true);
  });

  it("pads an odd count with one zero and drops the extra output", () => {
    // counts [5, 6, 7] → padded [5, 6, 7, 0] → x0 = [5, 6], x1 = [7, 0]; out = [y0(5,7), y0(6,0), y1(5,7)].
    const out = prng.threefry2x32(u32([3, 4]), u32([[5], [6], [7]]));
    expect(out.shape).toEqual([3, 1]);
    const a = threefryRef(3, 4, 5, 7);
    const b = threefryRef(3, 4, 6, 0);
    expect(words(out)).toEqual([a[0], b[0], a[1]]);
  });

  it("returns an empty array for empty counts (JAX's testThreefry2x32Empty)", () => {
    const out = prng.threefry2x32(u32([0x13198a2e, 0x03707344]), np.astype(np.array([[], []]), "uint32"));
    expect(out.shape).toEqual([2, 0]);
  });

  it("rejects non-uint32 counters with DTypeError", () => {
    expect(() => prng.threefry2x32(prng.key(0), np.array([1, 2], { dtype: "int32" }))).toThrow(DTypeError);
    expect(() => prng.threefry2x32(prng.key(0), np.array([1, 2], { dtype: "int32" }))).toThrow(/counters must be a uint32 array/);
  });
});

describe("threefry2x32 under transformations", () => {
  it("vmaps over a batch of keys like a loop over the keys", () => {
    const keys = prng.split(prng.key(0), 3);
    const rows = prng.splitKeys(prng.key(0), 3);
    const batched = vmap((k: Array) => prng.uniform(k, [4]))(keys) as Array;
    expect(batched.shape).toEqual([3, 4]);
    const expected = rows.flatMap((k) => globalThis.Array.from(prng.uniform(k, [4]).data()));
    expect(globalThis.Array.from(batched.data())).toEqual(expected);
  });

  it("vmaps over counters with a fixed key", () => {
    const f = (c: Array): Array => prng.threefry2x32(prng.key(7), c);
    const counts = u32([[1, 2], [3, 4]]);
    const batched = vmap(f)(counts) as Array;
    expect(words(batched)).toEqual([...words(f(u32([1, 2]))), ...words(f(u32([3, 4])))]);
  });

  it("gives the same bits under jit, with a traced seed", () => {
    const f = (s: Array): Array => prng.normal(prng.key(s), [5]);
    const bitsOf = (s: Array): Array => prng.bits(prng.key(s), [5]);
    const seed = np.array(42, { dtype: "int32" });
    expect(globalThis.Array.from((jit(bitsOf)(seed) as Array).data())).toEqual(globalThis.Array.from(bitsOf(seed).data()));
    // The float transform of the bits fuses under jit and keeps float32 intermediates in float64.
    expectAllclose(jit(f)(seed) as Array, f(seed), { rtol: 1e-6, atol: 1e-6 });
  });
});
