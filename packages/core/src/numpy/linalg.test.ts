// Tests of the np linear-algebra functions: matmul, dot, vdot, inner, outer, tensordot, einsum, diagonal, trace, norm.
import { describe, expect, it } from "vitest";
import { fromData } from "../array/create.js";
import type { Array } from "../array/Array.js";
import { AxisError, np, OptionError, ShapeError, ValueError } from "../index.js";
import { expectAllclose } from "../testing/index.js";
import { diagonal, dot, einsum, inner, matmul, norm, outer, tensordot, trace, vdot } from "./linalg.js";

/** Asserts that `fn` throws an instance of `cls` whose message matches `msg`. */
function throws(fn: () => unknown, cls: new (message: string) => Error, msg: RegExp): void {
  expect(fn).toThrow(cls);
  expect(fn).toThrow(msg);
}

const f32 = (v: unknown): Array => np.array(v as number[], { dtype: "float32" });
const i32 = (v: unknown): Array => np.array(v as number[], { dtype: "int32" });
/** 0, 1, …, n−1 reshaped to `shape` (float32). */
const range = (shape: number[]): Array => {
  const n = shape.reduce((a, b) => a * b, 1);
  return fromData(Float32Array.from({ length: n }, (_, i) => i), shape, "float32");
};

describe("matmul", () => {
  it("multiplies 2-d matrices", () => {
    // [[1,2,3],[4,5,6]] @ [[1,0],[0,1],[1,1]] = [[1+3, 2+3], [4+6, 5+6]]
    const c = matmul(f32([[1, 2, 3], [4, 5, 6]]), f32([[1, 0], [0, 1], [1, 1]]));
    expect(c.dtype).toBe("float32");
    expect(c.toArray()).toEqual([[4, 5], [10, 11]]);
  });

  it("treats a 1-d left operand as a row and removes its axis", () => {
    // [1,2] @ [[1,2,3],[4,5,6]] = [1+8, 2+10, 3+12]
    expect(matmul(f32([1, 2]), f32([[1, 2, 3], [4, 5, 6]])).toArray()).toEqual([9, 12, 15]);
  });

  it("treats a 1-d right operand as a column and removes its axis", () => {
    // [[1,2,3],[4,5,6]] @ [1,0,-1] = [1-3, 4-6]
    expect(matmul(f32([[1, 2, 3], [4, 5, 6]]), f32([1, 0, -1])).toArray()).toEqual([-2, -2]);
  });

  it("gives a 0-d result for two vectors", () => {
    // 1·4 + 2·5 + 3·6 = 32
    const c = matmul(f32([1, 2, 3]), f32([4, 5, 6]));
    expect(c.shape).toEqual([]);
    expect(c.toArray()).toBe(32);
  });

  it("broadcasts batch dimensions", () => {
    // a: [2,1,2,2] of arange(8); b: [3,2,2] identity-ish blocks → out [2,3,2,2].
    const a = range([2, 1, 2, 2]);
    const b = f32([
      [[1, 0], [0, 1]],
      [[0, 1], [1, 0]],
      [[2, 0], [0, 2]],
    ]);
    const c = matmul(a, b);
    expect(c.shape).toEqual([2, 3, 2, 2]);
    // a[0,0] = [[0,1],[2,3]]; @ I = same; @ swap = [[1,0],[3,2]]; @ 2I = [[0,2],[4,6]].
    // a[1,0] = [[4,5],[6,7]] likewise.
    expect(c.toArray()).toEqual([
      [[[0, 1], [2, 3]], [[1, 0], [3, 2]], [[0, 2], [4, 6]]],
      [[[4, 5], [6, 7]], [[5, 4], [7, 6]], [[8, 10], [12, 14]]],
    ]);
  });

  it("broadcasts a 2-d right operand over a batched left operand", () => {
    // a [2,2,2] = arange(8); b = [[1],[1]] → row sums: [[1],[5]], [[9],[13]].
    expect(matmul(range([2, 2, 2]), f32([[1], [1]])).toArray()).toEqual([[[1], [5]], [[9], [13]]]);
  });

  it("broadcasts a 2-d left operand over a batched right operand", () => {
    // [[1,1]] @ b[k] with b = arange(8).reshape(2,2,2) → column sums [[2,4]], [[10,12]].
    expect(matmul(f32([[1, 1]]), range([2, 2, 2])).toArray()).toEqual([[[2, 4]], [[10, 12]]]);
  });

  it("batches a vector against a stack of matrices", () => {
    // [1,1] @ b[k] = column sums of each block: [2,4], [10,12]
    expect(matmul(f32([1, 1]), range([2, 2, 2])).toArray()).toEqual([[2, 4], [10, 12]]);
    // b[k] @ [1,1] = row sums: [1,5], [9,13]
    expect(matmul(range([2, 2, 2]), f32([1, 1])).toArray()).toEqual([[1, 5], [9, 13]]);
  });

  it("promotes int @ float to float and keeps int @ int as int32", () => {
    expect(matmul(i32([[1, 2]]), f32([[0.5], [0.25]])).dtype).toBe("float32");
    expect(matmul(i32([[1, 2]]), f32([[0.5], [0.25]])).toArray()).toEqual([[1]]);
    const ii = matmul(i32([[1, 2]]), i32([[3], [4]]));
    expect(ii.dtype).toBe("int32");
    expect(ii.toArray()).toEqual([[11]]);
    expect(matmul(f32([[1]]), np.array([[2]], { dtype: "float64" })).dtype).toBe("float64");
  });

  it("returns zeros when the contraction has size 0", () => {
    expect(matmul(np.ones([2, 0]), np.ones([0, 3])).toArray()).toEqual([[0, 0, 0], [0, 0, 0]]);
  });

  it("accepts nested lists", () => {
    expect(matmul([[1, 2]], [[3], [4]]).toArray()).toEqual([[11]]);
  });

  it("rejects scalars, mismatched contraction sizes and batch shapes", () => {
    throws(() => matmul(f32(1), f32([1])), ShapeError, /matmul: operand a is 0-d/);
    throws(() => matmul(np.ones([2, 3]), np.ones([4, 5])), ShapeError, /matmul: a has shape \[2,3\] and b has shape \[4,5\]; the contraction sizes differ \(3 in a's last axis vs 4/);
    throws(() => matmul(np.ones([3]), np.ones([4])), ShapeError, /\(3 in a's last axis vs 4 in b's only axis\)/);
    throws(() => matmul(np.ones([2, 2, 2]), np.ones([3, 2, 2])), ShapeError, /matmul: the batch \(leading\) dimensions of a \[2,2,2\] and b \[3,2,2\] do not broadcast/);
  });
});

describe("dot", () => {
  it("multiplies by a scalar operand", () => {
    expect(dot(f32([1, 2]), 3).toArray()).toEqual([3, 6]);
    expect(dot(2, i32([[1], [2]])).toArray()).toEqual([[2], [4]]);
  });

  it("takes the inner product of two vectors", () => {
    // 1·3 + 2·4 = 11
    expect(dot(i32([1, 2]), i32([3, 4])).toArray()).toBe(11);
  });

  it("sums over the last axis of a and the only axis of b", () => {
    // [[1,2],[3,4]]·[1,1] = [3,7]
    expect(dot(f32([[1, 2], [3, 4]]), f32([1, 1])).toArray()).toEqual([3, 7]);
  });

  it("sums over a's last axis and b's second-to-last for N-d · M-d", () => {
    // a [2,3] = arange(6), b [4,3,2] = arange(24): out[i,k,m] = Σ_j a[i,j] b[k,j,m], shape [2,4,2].
    const c = dot(range([2, 3]), range([4, 3, 2]));
    expect(c.shape).toEqual([2, 4, 2]);
    // out[0,0,0] = 0·0 + 1·2 + 2·4 = 10; out[1,3,1] = 3·19 + 4·21 + 5·23 = 256.
    const d = globalThis.Array.from(c.data());
    expect(d[0]).toBe(10);
    expect(d[15]).toBe(256);
  });

  it("rejects unaligned shapes", () => {
    throws(() => dot(np.ones([2, 3]), np.ones([4, 2])), ShapeError, /dot: shapes \[2,3\] and \[4,2\] are not aligned: a's last axis has size 3 but b's axis 0 has size 4/);
  });
});

describe("vdot", () => {
  it("flattens both operands", () => {
    // [[1,2],[3,4]] · [1,0,0,1] = 1 + 4
    expect(vdot(f32([[1, 2], [3, 4]]), f32([1, 0, 0, 1])).toArray()).toBe(5);
  });
  it("rejects different sizes", () => {
    throws(() => vdot(np.ones([3]), np.ones([4])), ShapeError, /vdot: operands have 3 and 4 elements/);
  });
});

describe("inner", () => {
  it("contracts the last axes of both", () => {
    // a [[1,2],[3,4]], b [[1,0],[1,1],[0,2]] → out[i,j] = a[i]·b[j] = [[1,3,4],[3,7,8]]
    expect(inner(f32([[1, 2], [3, 4]]), f32([[1, 0], [1, 1], [0, 2]])).toArray()).toEqual([[1, 3, 4], [3, 7, 8]]);
  });
  it("multiplies by scalars", () => {
    expect(inner(f32([1, 2]), 2).toArray()).toEqual([2, 4]);
  });
  it("rejects different last-axis sizes", () => {
    throws(() => inner(np.ones([2, 3]), np.ones([3, 2])), ShapeError, /inner: the last axes of \[2,3\] and \[3,2\] differ in size \(3 vs 2\)/);
  });
});

describe("outer", () => {
  it("multiplies every pair of flattened elements", () => {
    expect(outer(f32([1, 2]), f32([[1, 2], [3, 4]])).toArray()).toEqual([[1, 2, 3, 4], [2, 4, 6, 8]]);
  });
  it("promotes int with float", () => {
    expect(outer(i32([1]), f32([0.5])).dtype).toBe("float32");
  });
});

describe("tensordot", () => {
  it("contracts the last N axes of a with the first N of b", () => {
    // a [2,3,4] = arange(24), b [3,4] all ones: out[i] = Σ a[i] = [66, 210]
    expect(tensordot(range([2, 3, 4]), np.ones([3, 4]), 2).toArray()).toEqual([66, 210]);
  });
  it("is an outer product for axes = 0", () => {
    expect(tensordot(f32([1, 2]), f32([3, 4]), 0).toArray()).toEqual([[3, 4], [6, 8]]);
  });
  it("accepts explicit axis lists (with negative axes)", () => {
    // a [3,2] = arange(6), b [3] = [1,1,1]; contract a axis 0 with b axis -1: column sums [6, 9].
    expect(tensordot(range([3, 2]), f32([1, 1, 1]), [[0], [-1]]).toArray()).toEqual([6, 9]);
    expect(tensordot(range([3, 2]), f32([1, 1, 1]), [0, 0]).toArray()).toEqual([6, 9]);
  });
  it("rejects mismatched sizes, bad counts and repeated axes", () => {
    throws(() => tensordot(np.ones([2, 3]), np.ones([2, 3]), [[1], [0]]), ShapeError, /tensordot: shape mismatch for sum: axis 1 of a \[2,3\] has size 3 but axis 0 of b \[2,3\] has size 2/);
    throws(() => tensordot(np.ones([2]), np.ones([2]), 2), ValueError, /tensordot: axes=2 must be an integer between 0 and the smaller rank/);
    throws(() => tensordot(np.ones([2, 2]), np.ones([2, 2]), [[0, 0], [0, 1]]), AxisError, /tensordot: repeated axis/);
    throws(() => tensordot(np.ones([2, 2]), np.ones([2, 2]), [[0], [0, 1]]), ValueError, /different lengths/);
    throws(() => tensordot(np.ones([2, 2]), np.ones([2, 2]), [[5], [0]]), AxisError, /tensordot: axis 5 is out of bounds/);
  });
});

describe("einsum", () => {
  const a = f32([[1, 2], [3, 4]]);
  const b = f32([[5, 6], [7, 8]]);

  it("multiplies matrices with an explicit output", () => {
    expect(einsum("ij,jk->ik", a, b).toArray()).toEqual([[19, 22], [43, 50]]);
  });

  it("infers the output in implicit mode (letters used once, sorted)", () => {
    expect(einsum("ij,jk", a, b).toArray()).toEqual([[19, 22], [43, 50]]);
    // 'ba' implicit output is 'ab': the transpose.
    expect(einsum("ba", a).toArray()).toEqual([[1, 3], [2, 4]]);
  });

  it("transposes, sums and takes traces and diagonals", () => {
    expect(einsum("ij->ji", a).toArray()).toEqual([[1, 3], [2, 4]]);
    expect(einsum("ij->", a).toArray()).toBe(10);
    expect(einsum("ij->j", a).toArray()).toEqual([4, 6]);
    // trace 1 + 4
    expect(einsum("ii", a).toArray()).toBe(5);
    expect(einsum("ii->i", a).toArray()).toEqual([1, 4]);
  });

  it("computes outer products, dot products and elementwise products", () => {
    expect(einsum("i,j->ij", f32([1, 2]), f32([3, 4])).toArray()).toEqual([[3, 4], [6, 8]]);
    expect(einsum("i,i", f32([1, 2]), f32([3, 4])).toArray()).toBe(11);
    expect(einsum("ij,ij->ij", a, b).toArray()).toEqual([[5, 12], [21, 32]]);
  });

  it("handles batch dimensions and ellipses", () => {
    const x = range([2, 2, 3]);
    const y = range([2, 3, 1]);
    // out[b] = x[b] @ y[b]: b=0: [[0,1,2],[3,4,5]]·[0,1,2]ᵀ = [5,14]; b=1: [[6,7,8],[9,10,11]]·[3,4,5]ᵀ = [86,122].
    expect(einsum("bij,bjk->bik", x, y).toArray()).toEqual([[[5], [14]], [[86], [122]]]);
    expect(einsum("...ij,...jk->...ik", x, y).toArray()).toEqual([[[5], [14]], [[86], [122]]]);
    // implicit output puts the '...' axes first
    expect(einsum("...ij,...jk", x, y).shape).toEqual([2, 2, 1]);
  });

  it("broadcasts size-1 ellipsis axes", () => {
    // x [1,2] (ellipsis axis of size 1), y [3,2]: '...i,...i->...' gives row sums of y scaled: [1·0+2·1, 1·2+2·3, 1·4+2·5]
    expect(einsum("...i,...i->...", f32([[1, 2]]), range([3, 2])).toArray()).toEqual([2, 8, 14]);
  });

  it("broadcasts size-1 axes of lettered subscripts", () => {
    // 'bi,bi->b' with shapes [3,2] and [1,2]: the single row [1,2] meets every row of arange(6): [0+2, 2+6, 4+10]
    expect(einsum("bi,bi->b", range([3, 2]), f32([[1, 2]])).toArray()).toEqual([2, 8, 14]);
    // an output letter whose only occurrence has size 1 keeps size 1
    expect(einsum("ij->ij", f32([[1, 2]])).shape).toEqual([1, 2]);
  });

  it("contracts three operands left to right", () => {
    // a @ b @ [1,1] = [[19+22],[43+50]]
    expect(einsum("ij,jk,k->i", a, b, f32([1, 1])).toArray()).toEqual([41, 93]);
    // a letter that appears in operands 0 and 2 only stays until the last contraction
    // 'ij,jk,ik->i': out[i] = Σ_{j,k} a[i,j] b[j,k] c[i,k]; c = ones → the row sums of a@b = [41, 93].
    expect(einsum("ij,jk,ik->i", a, b, np.ones([2, 2])).toArray()).toEqual([41, 93]);
  });

  it("sums letters that appear in one operand only", () => {
    // 'ij,k->' = sum(a)·sum(c) = 10·3
    expect(einsum("ij,k->", a, f32([1, 2])).toArray()).toBe(30);
  });

  it("promotes dtypes and ignores spaces", () => {
    const r = einsum("i j , j -> i", i32([[1, 2]]), f32([0.5, 0.5]));
    expect(r.dtype).toBe("float32");
    expect(r.toArray()).toEqual([1.5]);
  });

  it("rejects malformed subscripts and shapes", () => {
    throws(() => einsum("ij,jk->ik", a), ValueError, /einsum: subscripts 'ij,jk->ik' name 2 operand\(s\) but 1 were given/);
    throws(() => einsum("i1->i", a), ValueError, /einsum: invalid character '1'/);
    throws(() => einsum("ijk->i", a), ValueError, /operand 0 has 2 dimension\(s\) \(shape \[2,2\]\) but its subscripts 'ijk' name 3/);
    throws(() => einsum("ij->ii", a), ValueError, /output subscript 'i' appears more than once/);
    throws(() => einsum("ij->k", a), ValueError, /output subscript 'k' in 'ij->k' does not appear in any input/);
    throws(() => einsum("ij->i->j", a), ValueError, /contain '->' more than once/);
    throws(() => einsum("...i...->i", a), ValueError, /more than one ellipsis/);
    throws(() => einsum("ij,jk->ik", a, np.ones([3, 2])), ShapeError, /einsum: subscript 'j' has size 2 in one place but 3 in operand 1/);
    throws(() => einsum("ii->i", np.ones([2, 3])), ShapeError, /subscript 'i' has size 2 in one place but 3/);
    throws(() => einsum("ii->i", np.ones([1, 3])), ShapeError, /einsum: subscript 'i' repeats in operand 0 with different sizes \(1 and 3\)/);
    throws(() => einsum("...i,...i->...", np.ones([2, 2]), np.ones([3, 2])), ShapeError, /the '...' axes of the operands do not broadcast/);
  });
});

describe("diagonal", () => {
  const m = range([3, 4]); // [[0,1,2,3],[4,5,6,7],[8,9,10,11]]
  it("takes the main and offset diagonals", () => {
    expect(diagonal(m).toArray()).toEqual([0, 5, 10]);
    expect(diagonal(m, 1).toArray()).toEqual([1, 6, 11]);
    expect(diagonal(m, 3).toArray()).toEqual([3]);
    expect(diagonal(m, 4).toArray()).toEqual([]);
    expect(diagonal(m, -1).toArray()).toEqual([4, 9]);
    expect(diagonal(m, -3).toArray()).toEqual([]);
  });
  it("appends the diagonal as the last axis for other axes", () => {
    // x [2,2,2] = arange(8); axes (1,2): per first index the diagonals [0,3] and [4,7].
    expect(diagonal(range([2, 2, 2]), 0, 1, 2).toArray()).toEqual([[0, 3], [4, 7]]);
    // axes (0,2) with negative axis: x[i, j, i] → rows j: [[0,5],[2,7]]
    expect(diagonal(range([2, 2, 2]), 0, 0, -1).toArray()).toEqual([[0, 5], [2, 7]]);
  });
  it("rejects 1-d input and equal axes", () => {
    throws(() => diagonal(f32([1, 2])), ValueError, /diagonal: needs an array of at least 2 dimensions/);
    throws(() => diagonal(m, 0, 1, -1), AxisError, /diagonal: axis1 and axis2 are both axis 1/);
  });
});

describe("trace", () => {
  it("sums the diagonal", () => {
    expect(trace(range([3, 4])).toArray()).toBe(15);
    expect(trace(range([3, 4]), 1).toArray()).toBe(18);
    expect(trace(range([2, 2, 2]), 0, 1, 2).toArray()).toEqual([3, 11]);
  });
  it("keeps int32 and sums bool to int32", () => {
    expect(trace(i32([[1, 2], [3, 4]])).dtype).toBe("int32");
    const t = trace(np.array([[true, false], [false, true]]));
    expect(t.dtype).toBe("int32");
    expect(t.toArray()).toBe(2);
  });
  it("rejects 1-d input and bad axes", () => {
    throws(() => trace(f32([1])), ValueError, /trace: needs an array of at least 2 dimensions/);
    throws(() => trace(range([2, 2]), 0, 0, 2), AxisError, /trace: axis 2 is out of bounds/);
  });
});

describe("norm", () => {
  it("computes the 2-norm of a vector and the Frobenius norm of a matrix", () => {
    expectAllclose(norm(f32([3, 4])), 5);
    // sqrt(1 + 4 + 9 + 16) = sqrt(30)
    expectAllclose(norm(f32([[1, 2], [3, 4]])), Math.sqrt(30));
    expectAllclose(norm(f32([[1, 2], [3, 4]]), "fro"), Math.sqrt(30));
  });
  it("computes vector norms along an axis", () => {
    const m = f32([[3, -4], [0, 1]]);
    expectAllclose(norm(m, null, 1), [5, 1]);
    expectAllclose(norm(m, 1, 1), [7, 1]);
    expectAllclose(norm(m, Infinity, 1), [4, 1]);
    expectAllclose(norm(m, -Infinity, 1), [3, 0]);
    expectAllclose(norm(m, 0, 1), [2, 1]);
    // (|3|^3 + |−4|^3)^(1/3) = 91^(1/3)
    expectAllclose(norm(m, 3, 1), [Math.cbrt(91), 1], { rtol: 1e-5 });
    expectAllclose(norm(m, 2, 0, { keepdims: true }), [[3, Math.sqrt(17)]], { rtol: 1e-6 });
  });
  it("computes the 1 and infinity matrix norms", () => {
    const m = f32([[1, -2], [3, 4]]);
    // column abs sums [4, 6] → max 6, min 4; row abs sums [3, 7] → max 7, min 3.
    expectAllclose(norm(m, 1), 6);
    expectAllclose(norm(m, -1), 4);
    expectAllclose(norm(m, Infinity), 7);
    expectAllclose(norm(m, -Infinity), 3);
  });
  it("promotes integers to the default float", () => {
    expect(norm(i32([3, 4])).dtype).toBe("float32");
  });
  it("rejects SVD-based orders, bad options and ambiguous ranks", () => {
    throws(() => norm(np.ones([2, 2]), 2), ValueError, /norm: matrix norm ord=2 is not supported/);
    throws(() => norm(np.ones([2, 2]), "fro", 0), ValueError, /ord='fro' is a matrix norm/);
    throws(() => norm(np.ones([2, 2, 2]), 1), ValueError, /needs an axis/);
    throws(() => norm(np.ones([2]), null, null, { keep: true } as never), OptionError, /norm: unknown option 'keep'/);
    throws(() => norm(np.ones([2, 2]), null, [0, 0]), AxisError, /repeat/);
  });
});
