// Tests of dot_general: hand-computed cases, wrapping ints, bool, and native vs generic vs a naive reference.
import { describe, expect, it } from "vitest";
import { ArrayImpl, type Array } from "../array/Array.js";
import { ShapedArray } from "../array/aval.js";
import { fromData } from "../array/create.js";
import type { BufferSpec } from "../backend/backend.js";
import { getRoutine } from "../backend/routines.js";
import { allocData, type DataArray, type DType } from "../dtype/dtype.js";
import { AxisError, DTypeError, np, ShapeError } from "../index.js";
import { expectAllclose } from "../testing/index.js";
import { dotGeneralP, type DotGeneralParams } from "./dot.js";
import { checkedEmitter } from "../../test/kernelChecks.js";
import { rng } from "../../test/ruleChecks.js";

/** Asserts that `fn` throws an instance of `cls` whose message matches `msg`. */
function throws(fn: () => unknown, cls: new (message: string) => Error, msg: RegExp): void {
  expect(fn).toThrow(cls);
  expect(fn).toThrow(msg);
}

function randomArray(shape: number[], dtype: DType, seed: number): Array {
  const r = rng(seed);
  const n = shape.reduce((a, b) => a * b, 1);
  const data = allocData(dtype, n);
  for (let i = 0; i < n; i++) data[i] = dtype === "float32" || dtype === "float64" ? r() : Math.floor(r() * 10);
  return fromData(data, shape, dtype);
}

/** Independent reference: out[b..., i..., j...] = Σ_k lhs·rhs by explicit multi-index loops over the definition. */
function naiveDotGeneral(l: Array, r: Array, p: DotGeneralParams): number[] {
  const ld = globalThis.Array.from(l.data(), Number);
  const rd = globalThis.Array.from(r.data(), Number);
  const [lc, rc] = p.contracting;
  const [lb, rb] = p.batch;
  const lFree = l.shape.map((_, k) => k).filter((k) => !lc.includes(k) && !lb.includes(k));
  const rFree = r.shape.map((_, k) => k).filter((k) => !rc.includes(k) && !rb.includes(k));
  const strides = (s: readonly number[]) => s.map((_, k) => s.slice(k + 1).reduce((a, b) => a * b, 1));
  const ls = strides(l.shape);
  const rs = strides(r.shape);
  const iter = (dims: number[]): number[][] => {
    let acc: number[][] = [[]];
    for (const d of dims) acc = acc.flatMap((p) => globalThis.Array.from({ length: d }, (_, i) => [...p, i]));
    return acc;
  };
  // Flat offsets contributed by each group's multi-indices, into lhs and rhs.
  const offsets = (idx: number[][], axes: readonly number[], strides: number[]): number[] =>
    idx.map((m) => axes.reduce((o, k, t) => o + (m[t] as number) * (strides[k] as number), 0));
  const bIdx = iter(lb.map((k) => l.shape[k] as number));
  const cIdx = iter(lc.map((k) => l.shape[k] as number));
  const bl = offsets(bIdx, lb, ls);
  const br = offsets(bIdx, rb, rs);
  const il = offsets(iter(lFree.map((k) => l.shape[k] as number)), lFree, ls);
  const jr = offsets(iter(rFree.map((k) => r.shape[k] as number)), rFree, rs);
  const cl = offsets(cIdx, lc, ls);
  const cr = offsets(cIdx, rc, rs);
  const out: number[] = [];
  bl.forEach((b0, t) => {
    for (const i0 of il)
      for (const j0 of jr) {
        let s = 0;
        cl.forEach((c0, u) => (s += (ld[b0 + i0 + c0] as number) * (rd[(br[t] as number) + j0 + (cr[u] as number)] as number)));
        out.push(s);
      }
  });
  return out;
}

/** Runs the routine's generic lowering with every kernel evaluated by the reference interpreter. */
function generic(args: Array[], p: DotGeneralParams): { data: DataArray; shape: readonly number[] } {
  const inSpecs: BufferSpec[] = args.map((a) => ({ shape: a.shape, dtype: a.dtype }));
  const [out] = dotGeneralP.def.abstractEval(args.map((a) => a.aval), p) as [ShapedArray];
  const emit = checkedEmitter();
  const [data] = getRoutine("matmul").lowerGeneric(emit, args.map((a) => a.data()), inSpecs, [out], p as unknown as Record<string, unknown>);
  return { data: data as DataArray, shape: out.shape };
}

const mm: DotGeneralParams = { contracting: [[1], [0]], batch: [[], []] };

describe("dot_general", () => {
  it("multiplies matrices when contracting lhs axis 1 with rhs axis 0", () => {
    // [[1,2],[3,4]] @ [[5,6],[7,8]] = [[19,22],[43,50]]
    const a = np.array([[1, 2], [3, 4]], { dtype: "float32" });
    const b = np.array([[5, 6], [7, 8]], { dtype: "float32" });
    const c = dotGeneralP.bind1([a, b], mm);
    expect(c.dtype).toBe("float32");
    expect(c.toArray()).toEqual([[19, 22], [43, 50]]);
  });

  it("orders the output as batch, lhs free, rhs free", () => {
    const a = np.ones([2, 3, 4], { dtype: "float32" });
    const b = np.ones([4, 2, 5], { dtype: "float32" });
    // batch lhs 0 ~ rhs 1, contract lhs 2 ~ rhs 0 → [2, 3, 5], each a sum of 4 ones.
    const c = dotGeneralP.bind1([a, b], { contracting: [[2], [0]], batch: [[0], [1]] });
    expect(c.shape).toEqual([2, 3, 5]);
    expect(globalThis.Array.from(c.data())).toEqual(new globalThis.Array(30).fill(4));
  });

  it("gives zeros when the contraction is empty (K = 0)", () => {
    const c = dotGeneralP.bind1([np.ones([2, 0], { dtype: "float32" }), np.ones([0, 3], { dtype: "float32" })], mm);
    expect(c.toArray()).toEqual([[0, 0, 0], [0, 0, 0]]);
    const g = generic([np.ones([2, 0], { dtype: "float32" }), np.ones([0, 3], { dtype: "float32" })], mm);
    expect(globalThis.Array.from(g.data)).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it("handles zero-size free dimensions", () => {
    const c = dotGeneralP.bind1([np.ones([0, 3], { dtype: "float32" }), np.ones([3, 4], { dtype: "float32" })], mm);
    expect(c.shape).toEqual([0, 4]);
  });

  it("propagates NaN through zero factors (IEEE 0 · NaN = NaN)", () => {
    // [[0, 1]] @ [[NaN], [1]] = 0·NaN + 1 = NaN
    const a = np.array([[0, 1]], { dtype: "float32" });
    const b = np.array([[NaN], [1]], { dtype: "float32" });
    expect(dotGeneralP.bind1([a, b], mm).toArray()).toEqual([[NaN]]);
    expect(globalThis.Array.from(generic([a, b], mm).data)).toEqual([NaN]);
    // blocked path: zeros(40, 40) @ B with B[3, 5] = Infinity → column 5 is NaN (0·inf), others 0
    const z = np.zeros([40, 40], { dtype: "float64" });
    const bd = new Float64Array(1600);
    bd[3 * 40 + 5] = Infinity;
    const c = dotGeneralP.bind1([z, fromData(bd, [40, 40], "float64")], mm).data();
    expect(Number.isNaN(c[7 * 40 + 5])).toBe(true);
    expect(c[7 * 40 + 4]).toBe(0);
  });

  it("wraps int32 products and sums like C", () => {
    // 65536·65536 = 2^32 ≡ 0; 65536·65536 + 3·1 ≡ 3 (mod 2^32).
    const a = np.array([[65536, 3]], { dtype: "int32" });
    const b = np.array([[65536], [1]], { dtype: "int32" });
    expect(dotGeneralP.bind1([a, b], mm).toArray()).toEqual([[3]]);
    // 2^31 − 1 + 1 wraps to −2^31.
    const c = np.array([[2147483647, 1]], { dtype: "int32" });
    const d = np.array([[1], [1]], { dtype: "int32" });
    expect(dotGeneralP.bind1([c, d], mm).toArray()).toEqual([[-2147483648]]);
    expect(globalThis.Array.from(generic([c, d], mm).data)).toEqual([-2147483648]);
  });

  it("wraps uint32 modulo 2^32", () => {
    // 4294967295·2 = 2^33 − 2 ≡ 4294967294.
    const a = np.array([[4294967295]], { dtype: "uint32" });
    const b = np.array([[2]], { dtype: "uint32" });
    expect(dotGeneralP.bind1([a, b], mm).toArray()).toEqual([[4294967294]]);
    expect(globalThis.Array.from(generic([a, b], mm).data)).toEqual([4294967294]);
  });

  it("computes or-of-ands on bool", () => {
    // row 0 [T,F]·cols: col0 [T,F] → T; col1 [F,T] → F. row 1 [F,F] → F, F.
    const a = np.array([[true, false], [false, false]]);
    const b = np.array([[true, false], [false, true]]);
    const c = dotGeneralP.bind1([a, b], mm);
    expect(c.dtype).toBe("bool");
    expect(c.toArray()).toEqual([[true, false], [false, false]]);
    expect(globalThis.Array.from(generic([a, b], mm).data)).toEqual([1, 0, 0, 0]);
  });

  it("matches an independent reference on random data (native and generic)", () => {
    const cases: [number[], number[], DotGeneralParams][] = [
      [[37, 53], [53, 29], mm],
      [[20, 300], [300, 9], mm],
      [[3, 5, 7], [3, 7, 4], { contracting: [[2], [1]], batch: [[0], [0]] }],
      // Transposed views: contract lhs axis 0 and rhs axis 1 (strided, no copy).
      [[41, 23], [19, 41], { contracting: [[0], [1]], batch: [[], []] }],
      // Multi-axis groups that do not merge (copy path): contract (2, 0), batch 1.
      [[4, 3, 5, 6], [5, 3, 4, 2], { contracting: [[2, 0], [0, 2]], batch: [[1], [1]] }],
      // Batch in the middle and several free axes.
      [[2, 6, 3, 9], [9, 6, 5], { contracting: [[3], [0]], batch: [[1], [1]] }],
    ];
    cases.forEach(([ls, rs, p], t) => {
      for (const dtype of ["float32", "float64"] as DType[]) {
        const a = randomArray(ls, dtype, 10 + t);
        const b = randomArray(rs, dtype, 100 + t);
        const want = naiveDotGeneral(a, b, p);
        const got = dotGeneralP.bind1([a, b], p);
        expectAllclose(globalThis.Array.from(got.data(), Number), want, { rtol: 1e-5, atol: 1e-5 });
        const g = generic([a, b], p);
        expect(g.shape).toEqual(got.shape);
        expectAllclose(globalThis.Array.from(g.data, Number), want, { rtol: 1e-5, atol: 1e-5 });
      }
      const ai = randomArray(ls, "int32", 7 + t);
      const bi = randomArray(rs, "int32", 70 + t);
      const wantI = naiveDotGeneral(ai, bi, p);
      expect(globalThis.Array.from(dotGeneralP.bind1([ai, bi], p).data())).toEqual(wantI);
      expect(globalThis.Array.from(generic([ai, bi], p).data)).toEqual(wantI);
    });
  });

  it("uses the blocked kernel correctly on edges that are not multiples of the tile", () => {
    // 67×261 @ 261×130: crosses the 4×4 tiles, the 64-row blocks and a 256 k-block boundary.
    const a = randomArray([67, 261], "float64", 1);
    const b = randomArray([261, 130], "float64", 2);
    expectAllclose(globalThis.Array.from(dotGeneralP.bind1([a, b], mm).data(), Number), naiveDotGeneral(a, b, mm), { rtol: 1e-12, atol: 1e-12 });
  });

  it("keeps weak types only when both operands are weak", () => {
    const a = new ShapedArray([2, 2], "float32", true);
    const b = new ShapedArray([2, 2], "float32", false);
    expect((dotGeneralP.def.abstractEval([a, a], mm)[0] as ShapedArray).weakType).toBe(true);
    expect((dotGeneralP.def.abstractEval([a, b], mm)[0] as ShapedArray).weakType).toBe(false);
  });

  it("rejects mismatched dtypes, sizes and axes", () => {
    const f = np.ones([2, 3], { dtype: "float32" });
    const i = np.ones([3, 2], { dtype: "int32" });
    throws(() => dotGeneralP.bind1([f, i], mm), DTypeError, /dot_general: operands have dtypes float32 and int32/);
    throws(() => dotGeneralP.bind1([f, f], mm), ShapeError, /contracting dimension sizes differ: lhs axis 1 has size 3 but rhs axis 0 has size 2/);
    throws(() => dotGeneralP.bind1([f, f], { contracting: [[2], [0]], batch: [[], []] }), AxisError, /lhs axis 2 is out of range/);
    throws(() => dotGeneralP.bind1([f, f], { contracting: [[0], [0]], batch: [[0], [0]] }), AxisError, /appears more than once/);
    throws(() => dotGeneralP.bind1([f, f], { contracting: [[1], []], batch: [[], []] }), ShapeError, /differ in number/);
    throws(() => dotGeneralP.bind1([f, np.ones([3, 3], { dtype: "float32" })], { contracting: [[1], [1]], batch: [[0], [0]] }), ShapeError, /batch dimension sizes differ/);
  });

  it("returns concrete ArrayImpl results", () => {
    const a = np.ones([2, 2], { dtype: "float32" });
    expect(dotGeneralP.bind1([a, a], mm)).toBeInstanceOf(ArrayImpl);
  });
});
