import { describe, expect, it } from "vitest";
import type { Array } from "../array/Array.js";
import { AxisError, DTypeError, np, ShapeError, ValueError } from "../index.js";
import * as prng from "./index.js";

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
const caseKey = (name: string): Array => prng.key(adler32(`${name}threefry2x32`));
const values = (a: Array): number[] => globalThis.Array.from(a.data());

/** Pearson's chi-square statistic of integer samples against category probabilities. */
function chiSquare(samples: ArrayLike<number>, probs: readonly number[], offset = 0): number {
  const counts = new globalThis.Array<number>(probs.length).fill(0);
  for (let i = 0; i < samples.length; i++) {
    const c = (samples[i] as number) - offset;
    if (c < 0 || c >= probs.length || !Number.isInteger(c)) throw new Error(`sample ${samples[i]} is outside the categories`);
    counts[c] = (counts[c] as number) + 1;
  }
  return counts.reduce((s, c, i) => {
    const e = samples.length * (probs[i] as number);
    return s + (c - e) ** 2 / e;
  }, 0);
}
// Upper 0.1% points of the chi-square distribution (standard tables) by degrees of freedom.
const CHI2_999: Record<number, number> = { 1: 10.828, 2: 13.816, 3: 16.266, 4: 18.467, 9: 27.877 };

const isPermutationOf = (got: number[], expected: number[]): boolean =>
  JSON.stringify([...got].sort((a, b) => a - b)) === JSON.stringify([...expected].sort((a, b) => a - b));

describe("prng.bernoulli", () => {
  it("matches JAX's RandomValuesCase for bernoulli(p=0.5)", () => {
    const b = prng.bernoulli(caseKey("bernoulli"), 0.5, [5]);
    expect(b.dtype).toBe("bool");
    expect(b.toArray()).toEqual([false, true, true, true, false]);
  });

  it("is uniform(key, shape) < p", () => {
    const k = prng.key(3);
    const u = prng.uniform(k, [50]).data();
    expect(prng.bernoulli(k, 0.37, [50]).toArray()).toEqual(globalThis.Array.from(u, (x) => x < Math.fround(0.37)));
  });

  it("has frequency p (chi-square over 10⁵ draws)", () => {
    const b = prng.bernoulli(prng.key(4), 0.3, [100000]).data();
    expect(chiSquare(b, [0.7, 0.3])).toBeLessThan(CHI2_999[1] as number);
  });

  it("takes its shape from p and broadcasts p to a given shape", () => {
    expect(prng.bernoulli(prng.key(0), np.array([0.1, 0.9])).shape).toEqual([2]);
    const b = prng.bernoulli(prng.key(5), [0, 1], [3, 2]).toArray() as boolean[][];
    expect(b.map((r) => r[0])).toEqual([false, false, false]);
    expect(b.map((r) => r[1])).toEqual([true, true, true]);
    expect(prng.bernoulli(prng.key(0), 0.5, [0]).shape).toEqual([0]);
  });

  it("rejects integer probability arrays with DTypeError", () => {
    expect(() => prng.bernoulli(prng.key(0), np.array([0, 1], { dtype: "int32" }))).toThrow(DTypeError);
    expect(() => prng.bernoulli(prng.key(0), np.array([0, 1], { dtype: "int32" }))).toThrow(/must have a float dtype/);
  });

  it("rejects a shape p does not broadcast to with ShapeError", () => {
    expect(() => prng.bernoulli(prng.key(0), [0.1, 0.2, 0.3], [2])).toThrow(ShapeError);
  });
});

describe("prng.randint", () => {
  it("matches JAX's RandomValuesCase for randint(0, 10)", () => {
    const r = prng.randint(caseKey("randint"), [5], 0, 10);
    expect(r.dtype).toBe("int32");
    expect(values(r)).toEqual([0, 5, 7, 7, 5]);
  });

  it("matches JAX's randint(PRNGKey(0), (3, 3), 0, 8)", () => {
    // tests/random_test.py, testPRNGValues (int32).
    expect(prng.randint(prng.key(0), [3, 3], 0, 8).toArray()).toEqual([
      [2, 1, 3],
      [6, 1, 5],
      [6, 3, 4],
    ]);
  });

  it("reduces two 32-bit draws modulo the span with JAX's uint32 multiplier", () => {
    // Reference from JAX's _randint: k1, k2 = split(key); hi, lo = bits(k1), bits(k2);
    // m = (2¹⁶ mod span)² mod span in wrapping uint32; offset = ((hi mod span)·m + lo mod span) mod span.
    const key = prng.key(77);
    const [k1, k2] = prng.splitKeys(key) as [Array, Array];
    const hi = prng.bits(k1, [40]).data();
    const lo = prng.bits(k2, [40]).data();
    for (const [minval, maxval] of [
      [-7, 1000],
      [0, 100000],
      [-2147483648, 2147483647],
    ] as const) {
      const span = BigInt(maxval - minval);
      const wrap = (x: bigint): bigint => x & 0xffffffffn;
      let m = 65536n % span;
      m = wrap(m * m) % span;
      const expected = globalThis.Array.from({ length: 40 }, (_, i) => {
        const off = wrap(((BigInt(hi[i] as number) % span) * m) + (BigInt(lo[i] as number) % span)) % span;
        return Number(BigInt(minval) + off);
      });
      expect(values(prng.randint(key, [40], minval, maxval))).toEqual(expected);
    }
  });

  it("is uniform on [minval, maxval) (chi-square over 10⁵ draws)", () => {
    const r = prng.randint(prng.key(6), [100000], -5, 5).data();
    expect(chiSquare(r, new globalThis.Array<number>(10).fill(0.1), -5)).toBeLessThan(CHI2_999[9] as number);
  });

  it("returns minval when maxval ≤ minval, as JAX", () => {
    expect(values(prng.randint(prng.key(0), [4], 5, 5))).toEqual([5, 5, 5, 5]);
    expect(values(prng.randint(prng.key(0), [4], 5, -3))).toEqual([5, 5, 5, 5]);
  });

  it("broadcasts array bounds and keeps uint32 as requested", () => {
    const r = prng.randint(prng.key(7), [1000, 2], [0, 100], [2, 103]).toArray() as number[][];
    expect(r.every(([a, b]) => (a === 0 || a === 1) && b! >= 100 && b! < 103)).toBe(true);
    const u = prng.randint(prng.key(7), [10], 3, 9, { dtype: "uint32" });
    expect(u.dtype).toBe("uint32");
    expect(values(u).every((x) => x >= 3 && x < 9)).toBe(true);
    expect(prng.randint(prng.key(0), [0], 0, 5).shape).toEqual([0]);
  });

  it("clips a uint32 maxval above the int32 range into int32 results", () => {
    const big = np.array(4294967295, { dtype: "uint32" });
    const r = values(prng.randint(prng.key(8), [1000], 0, big));
    expect(r.every((x) => x >= 0 && x <= 2147483647)).toBe(true);
    expect(r.some((x) => x > 2 ** 30)).toBe(true);
  });

  it("rejects JS bounds outside int32 with ValueError and float dtypes with DTypeError", () => {
    expect(() => prng.randint(prng.key(0), [2], 0, 2 ** 31)).toThrow(ValueError);
    expect(() => prng.randint(prng.key(0), [2], 0, 2 ** 31)).toThrow(/does not fit in int32/);
    expect(() => prng.randint(prng.key(0), [2], 0, 5, { dtype: "float32" as "int32" })).toThrow(DTypeError);
  });

  it("rejects bounds that do not broadcast to the shape with ShapeError", () => {
    expect(() => prng.randint(prng.key(0), [2], [0, 1, 2], 5)).toThrow(ShapeError);
  });
});

describe("prng.permutation", () => {
  // JAX's _shuffle for sizes ≤ 1625 is one round: key, sub = split(key); stable sort by bits(sub).
  function oneRoundReference(key: Array, n: number): number[] {
    const [, sub] = prng.splitKeys(key) as [Array, Array];
    const sortKeys = prng.bits(sub, [n]).data();
    return globalThis.Array.from({ length: n }, (_, i) => i).sort((a, b) => (sortKeys[a] as number) - (sortKeys[b] as number) || a - b);
  }

  it("sorts arange(n) by fresh random words (one round below 1626 elements)", () => {
    const p = prng.permutation(prng.key(9), 1000);
    expect(p.dtype).toBe("int32");
    expect(values(p)).toEqual(oneRoundReference(prng.key(9), 1000));
  });

  it("is a permutation of arange(n) with two rounds for larger n", () => {
    const p = values(prng.permutation(prng.key(10), 2000));
    expect(isPermutationOf(p, globalThis.Array.from({ length: 2000 }, (_, i) => i))).toBe(true);
    expect(p.slice(0, 10)).not.toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it("handles n = 0 and n = 1", () => {
    expect(prng.permutation(prng.key(0), 0).shape).toEqual([0]);
    expect(values(prng.permutation(prng.key(0), 1))).toEqual([0]);
  });

  it("permutes whole slices of an n-d array along an axis (negative axes too)", () => {
    const x = np.array([[0, 1, 2, 3], [10, 11, 12, 13], [20, 21, 22, 23]], { dtype: "float32" });
    const order = values(prng.permutation(prng.key(11), 3));
    const rows = prng.permutation(prng.key(11), x);
    expect(rows.dtype).toBe("float32");
    expect(rows.toArray()).toEqual(order.map((i) => [0, 1, 2, 3].map((j) => 10 * i + j)));
    const colOrder = values(prng.permutation(prng.key(12), 4));
    const cols = prng.permutation(prng.key(12), x, { axis: -1 }).toArray() as number[][];
    expect(cols).toEqual([0, 1, 2].map((i) => colOrder.map((j) => 10 * i + j)));
  });

  it("shuffles each slice independently with independent: true", () => {
    const x = np.reshape(np.array(globalThis.Array.from({ length: 40 }, (_, i) => i)), [8, 5]);
    const y = prng.permutation(prng.key(13), x, { independent: true }).toArray() as number[][];
    for (let c = 0; c < 5; c++) {
      expect(isPermutationOf(y.map((r) => r[c] as number), [0, 1, 2, 3, 4, 5, 6, 7].map((r) => 5 * r + c))).toBe(true);
    }
    const firstColumnOrder = y.map((r) => ((r[0] as number) - 0) / 5);
    const secondColumnOrder = y.map((r) => ((r[1] as number) - 1) / 5);
    expect(firstColumnOrder).not.toEqual(secondColumnOrder);
  });

  it("rejects 0-d arrays and bad counts with ValueError, bad axes with AxisError", () => {
    expect(() => prng.permutation(prng.key(0), np.array(3, { dtype: "int32" }))).toThrow(ValueError);
    expect(() => prng.permutation(prng.key(0), np.array(3, { dtype: "int32" }))).toThrow(/at least 1 dimension/);
    expect(() => prng.permutation(prng.key(0), -2)).toThrow(/non-negative integer/);
    expect(() => prng.permutation(prng.key(0), [1, 2, 3], { axis: 1 })).toThrow(AxisError);
  });
});

describe("prng.choice", () => {
  it("draws uniform indices with replacement (chi-square over 10⁵ draws)", () => {
    const c = prng.choice(prng.key(14), 5, { shape: [100000] });
    expect(c.dtype).toBe("int32");
    expect(chiSquare(c.data(), [0.2, 0.2, 0.2, 0.2, 0.2])).toBeLessThan(CHI2_999[4] as number);
  });

  it("is randint(key, shape, 0, n) with replacement and no p", () => {
    expect(values(prng.choice(prng.key(15), 7, { shape: [3, 4] }))).toEqual(values(prng.randint(prng.key(15), [3, 4], 0, 7)));
  });

  it("takes a permutation prefix without replacement", () => {
    const c = values(prng.choice(prng.key(16), 10, { shape: [6], replace: false }));
    expect(c).toEqual(values(prng.permutation(prng.key(16), 10)).slice(0, 6));
    expect(new Set(c).size).toBe(6);
  });

  it("follows p with replacement (chi-square over 10⁵ draws)", () => {
    const p = [0.1, 0.2, 0.3, 0.4];
    const c = prng.choice(prng.key(17), 4, { shape: [100000], p });
    expect(chiSquare(c.data(), p)).toBeLessThan(CHI2_999[3] as number);
  });

  it("draws distinct entries with positive probability without replacement (Gumbel top-k)", () => {
    const p = [0.5, 0, 0.25, 0, 0.25];
    for (let s = 0; s < 20; s++) {
      const c = values(prng.choice(prng.key(s), 5, { shape: [3], replace: false, p }));
      expect([...c].sort()).toEqual([0, 2, 4]);
    }
    // The first draw is entry i with probability p_i: entry 0 about half the time.
    let firstIsZero = 0;
    for (let s = 0; s < 200; s++) if (values(prng.choice(prng.key(1000 + s), 5, { shape: [1], replace: false, p }))[0] === 0) firstIsZero++;
    expect(Math.abs(firstIsZero - 100)).toBeLessThan(4 * Math.sqrt(50));
  });

  it("selects entries of an array along an axis, with the draw shape in place of that axis", () => {
    const a = np.array([[0, 1, 2, 3, 4], [10, 11, 12, 13, 14]], { dtype: "float32" });
    const c = prng.choice(prng.key(18), a, { shape: [2, 3], axis: 1 });
    expect(c.shape).toEqual([2, 2, 3]);
    expect(c.dtype).toBe("float32");
    const v = c.toArray() as number[][][];
    expect(v[1]!.flat().map((x) => x - 10)).toEqual(v[0]!.flat());
    expect(prng.choice(prng.key(0), a, { shape: [0] }).shape).toEqual([0, 5]);
    expect(prng.choice(prng.key(0), 4, { shape: [2, 0] }).shape).toEqual([2, 0]);
  });

  it("rejects bad populations, sample sizes and probabilities with ValueError", () => {
    expect(() => prng.choice(prng.key(0), 3, { shape: [4], replace: false })).toThrow(ValueError);
    expect(() => prng.choice(prng.key(0), 3, { shape: [4], replace: false })).toThrow(/larger sample \(4 draws\) than the population \(3 entries\)/);
    expect(() => prng.choice(prng.key(0), 0, { shape: [1] })).toThrow(/population is empty/);
    expect(() => prng.choice(prng.key(0), 3, { p: [0.5, 0.5] })).toThrow(/one probability per entry \(shape \[3\]\)/);
    expect(() => prng.choice(prng.key(0), 3, { p: [0.5, -0.1, 0.6] })).toThrow(/non-negative, got p\[1\] = -0.1/);
    expect(() => prng.choice(prng.key(0), 2, { p: [0, 0] })).toThrow(/sum to 0/);
    expect(() => prng.choice(prng.key(0), np.array(3))).toThrow(/at least 1 dimension/);
  });
});

describe("prng.categorical", () => {
  it("samples categories with probabilities softmax(logits) (chi-square over 10⁵ draws)", () => {
    const p = [0.1, 0.2, 0.3, 0.4];
    const c = prng.categorical(prng.key(19), p.map(Math.log), { shape: [100000] });
    expect(c.dtype).toBe("int32");
    expect(chiSquare(c.data(), p)).toBeLessThan(CHI2_999[3] as number);
  });

  it("is argmax(gumbel + logits) along the axis", () => {
    const logits = [0.5, -1, 2];
    const g = prng.gumbel(prng.key(20), [6, 3]).toArray() as number[][];
    const expected = g.map((row) => {
      const s = row.map((x, i) => Math.fround(x + Math.fround(logits[i] as number)));
      return s.indexOf(Math.max(...s));
    });
    expect(values(prng.categorical(prng.key(20), logits, { shape: [6] }))).toEqual(expected);
  });

  it("treats batch axes and a positive category axis", () => {
    // Categories on axis 0: two distributions (columns), each all-but-certain.
    const logits = np.array([[0, -50], [-50, 0], [-50, -50]], { dtype: "float32" });
    const c = prng.categorical(prng.key(21), logits, { axis: 0 });
    expect(c.shape).toEqual([2]);
    expect(values(c)).toEqual([0, 1]);
    const many = prng.categorical(prng.key(21), logits, { axis: 0, shape: [4, 2] });
    expect(many.toArray()).toEqual([[0, 1], [0, 1], [0, 1], [0, 1]]);
  });

  it("promotes integer logits to float", () => {
    expect(prng.categorical(prng.key(0), np.array([0, 100, 0], { dtype: "int32" })).toArray()).toBe(1);
  });

  it("rejects 0-d logits with ValueError and an incompatible shape with ShapeError", () => {
    expect(() => prng.categorical(prng.key(0), 1.5)).toThrow(ValueError);
    expect(() => prng.categorical(prng.key(0), [[0, 1], [1, 0], [2, 2]], { shape: [4] })).toThrow(ShapeError);
    expect(() => prng.categorical(prng.key(0), [0, 1], { axis: 2 })).toThrow(AxisError);
  });
});

describe("prng.poisson", () => {
  it("matches JAX's RandomValuesCase for poisson(lam=5)", () => {
    const p = prng.poisson(caseKey("poisson"), 5, [5]);
    expect(p.dtype).toBe("int32");
    expect(values(p)).toEqual([7, 3, 6, 11, 6]);
    // The same through the array path, which runs both of JAX's branches and selects.
    expect(values(prng.poisson(caseKey("poisson"), np.array([5, 5, 5, 5, 5], { dtype: "float32" })))).toEqual([7, 3, 6, 11, 6]);
  });

  it("maps rates −1, 0, NaN to −1, 0, −1 as JAX (random_lax_test)", () => {
    expect(values(prng.poisson(prng.key(0), np.array([-1, 0, Number.NaN], { dtype: "float32" })))).toEqual([-1, 0, -1]);
  });

  it("follows the Poisson(3) pmf (Knuth branch, chi-square)", () => {
    const x = prng.poisson(prng.key(22), 3, [20000]).data();
    // Categories 0..9 and the tail ≥ 10 lumped into the last bin.
    const pmf = globalThis.Array.from({ length: 10 }, (_, k) => {
      let f = 1;
      for (let j = 2; j <= k; j++) f *= j;
      return (Math.exp(-3) * 3 ** k) / f;
    });
    pmf.push(1 - pmf.reduce((a, b) => a + b, 0));
    const binned = Float64Array.from(x, (v) => Math.min(v, 10));
    // 10 degrees of freedom: upper 0.1% point 29.588.
    expect(chiSquare(binned, pmf)).toBeLessThan(29.588);
  });

  it("has mean and variance lam on the rejection branch (lam = 30)", () => {
    const x = prng.poisson(prng.key(23), 30, [20000]).data();
    let m = 0;
    for (const v of x) m += v;
    m /= x.length;
    let s = 0;
    for (const v of x) s += (v - m) ** 2;
    s /= x.length;
    expect(Math.abs(m - 30)).toBeLessThan(6 * Math.sqrt(30 / 20000));
    expect(Math.abs(s - 30)).toBeLessThan(6 * 30 * Math.sqrt((2 + 1 / 30) / 20000));
  });

  it("broadcasts rates across a shape", () => {
    const x = prng.poisson(prng.key(24), [0, 2, 20], [1000, 3]).toArray() as number[][];
    expect(x.every((r) => r[0] === 0)).toBe(true);
    const mean = (c: number): number => x.reduce((s, r) => s + (r[c] as number), 0) / 1000;
    expect(Math.abs(mean(1) - 2)).toBeLessThan(6 * Math.sqrt(2 / 1000));
    expect(Math.abs(mean(2) - 20)).toBeLessThan(6 * Math.sqrt(20 / 1000));
  });

  it("rejects negative JS rates with ValueError and a bad shape with ShapeError", () => {
    expect(() => prng.poisson(prng.key(0), -1)).toThrow(ValueError);
    expect(() => prng.poisson(prng.key(0), -1)).toThrow(/non-negative/);
    expect(() => prng.poisson(prng.key(0), [1, 2, 3], [2])).toThrow(ShapeError);
  });
});
