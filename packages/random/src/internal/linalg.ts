// The small dense factorizations the samplers need — Cholesky (multivariateNormal), an orthonormal
// Q with positive R diagonal (orthogonal) and a symmetric eigendecomposition (multivariateNormal's
// 'eigh'/'svd') — written with np operations and scan, so they trace under jit, batch under vmap
// and differentiate. Core has no np.linalg factorizations yet. Layer: random internals.

import { np, scan, type Array } from "@brainstate/core";

/** The identity's row `j` (a traced or static index) as a float vector of length n: e_j. */
function unitVector(n: number, j: Array, dtype: Array["dtype"]): Array {
  return np.equal(np.arange(n, { dtype: "int32" }), j).astype(dtype);
}

/**
 * The lower Cholesky factor L (L·Lᵀ = a) of a batch of symmetric matrices (..., n, n), column by
 * column (L[:, j] = (a[:, j] − L·L[j, :]ᵀ) / √pivot below the diagonal), together with the
 * smallest pivot: a matrix is positive definite when every pivot is positive. Only the lower
 * triangle of `a` is read through the symmetrised (a + aᵀ)/2.
 */
export function cholesky(a: Array): { factor: Array; minPivot: Array } {
  const n = a.shape[a.ndim - 1] as number;
  const sym = np.multiply(np.add(a, np.swapaxes(a, -1, -2)), 0.5);
  const batch = a.shape.slice(0, -2);
  const rows = np.arange(n, { dtype: "int32" });
  const init: [Array, Array] = [np.zerosLike(sym), np.full(batch, Infinity, { dtype: a.dtype })];
  const [[factor, minPivot]] = scan(
    ([L, minP]: [Array, Array], j: Array): [[Array, Array], null] => {
      const e = unitVector(n, j, a.dtype);
      const column = np.einsum("...ik,k->...i", sym, e);
      const lrow = np.einsum("k,...ki->...i", e, L);
      // v = a[:, j] − Σ_{k<j} L[:, k]·L[j, k]; the columns k ≥ j of L are still zero.
      const v = np.subtract(column, np.einsum("...ik,...k->...i", L, lrow));
      const pivot = np.einsum("...i,i->...", v, e);
      const root = np.sqrt(np.maximum(pivot, 0));
      const below = np.greaterEqual(rows, j);
      const newColumn = np.where(below, np.divide(v, np.expandDims(np.where(np.greater(root, 0), root, 1), -1)), 0);
      const nextL = np.add(L, np.multiply(np.expandDims(newColumn, -1), e));
      return [[nextL, np.minimum(minP, pivot)], null];
    },
    init,
    np.arange(n, { dtype: "int32" }),
  );
  return { factor, minPivot };
}

/**
 * The Q of the QR factorisation with a positive R diagonal (unique for a full-rank input), by
 * modified Gram–Schmidt applied twice per column ("twice is enough" keeps Q orthonormal to
 * rounding), for a batch of square matrices (..., n, n). This is `q·sign(diag r)` of any QR.
 */
export function orthonormalQ(z: Array): Array {
  const n = z.shape[z.ndim - 1] as number;
  const project = (Q: Array, v: Array): Array =>
    np.subtract(v, np.einsum("...ik,...k->...i", Q, np.einsum("...ki,...k->...i", Q, v)));
  const [q] = scan(
    (Q: Array, j: Array): [Array, null] => {
      const e = unitVector(n, j, z.dtype);
      const column = np.einsum("...ik,k->...i", z, e);
      // Columns ≥ j of Q are zero, so projecting on all of Q removes the earlier directions only.
      const v = project(Q, project(Q, column));
      const norm = np.sqrt(np.sum(np.multiply(v, v), -1, { keepdims: true }));
      return [np.add(Q, np.multiply(np.expandDims(np.divide(v, norm), -1), e)), null];
    },
    np.zerosLike(z),
    np.arange(n, { dtype: "int32" }),
  );
  return q;
}

/** Round-robin pairings of m (even) indices: m − 1 rounds of m/2 disjoint pairs (p < q) covering every pair once. */
function roundRobin(m: number): { p: number[][]; q: number[][] } {
  const players = globalThis.Array.from({ length: m }, (_, i) => i);
  const p: number[][] = [];
  const q: number[][] = [];
  for (let r = 0; r < m - 1; r++) {
    const rp: number[] = [];
    const rq: number[] = [];
    for (let i = 0; i < m / 2; i++) {
      const x = players[i] as number;
      const y = players[m - 1 - i] as number;
      rp.push(Math.min(x, y));
      rq.push(Math.max(x, y));
    }
    p.push(rp);
    q.push(rq);
    // Keep players[0] fixed and rotate the rest by one.
    players.splice(1, 0, players.pop() as number);
  }
  return { p, q };
}

/**
 * Sweeps of the parallel cyclic Jacobi method. Jacobi converges quadratically once the
 * off-diagonal part is small; for the matrix sizes a covariance has (n ≲ 200) the off-diagonal
 * norm reaches rounding level within 8–10 sweeps. `symmetricEigen` returns the remaining
 * off-diagonal norm so that callers can refuse a result that did not converge.
 */
const JACOBI_SWEEPS = 12;

/**
 * Eigenvalues w (..., n) and orthonormal eigenvectors v (..., n, n) (a = v·diag(w)·vᵀ) of a batch of
 * symmetric matrices, by the parallel cyclic Jacobi method (each round rotates n/2 disjoint index
 * pairs at once), plus the relative off-diagonal norm left after the sweeps. Only (a + aᵀ)/2 is used.
 */
export function symmetricEigen(a: Array): { w: Array; v: Array; offDiagonal: Array } {
  const n = a.shape[a.ndim - 1] as number;
  const dtype = a.dtype;
  let A = np.multiply(np.add(a, np.swapaxes(a, -1, -2)), 0.5);
  // Pad to an even size with a zero row and column: every pair with the padding index has a zero
  // off-diagonal entry, so its rotation is the identity and the padding stays decoupled.
  const m = n % 2 === 0 ? n : n + 1;
  if (m !== n) {
    const pad = a.shape.slice(0, -2).map(() => [0, 0] as [number, number]);
    A = np.pad(A, [...pad, [0, 1], [0, 1]]);
  }
  const batch = A.shape.slice(0, -2);
  if (m === 0) return { w: np.zeros([...batch, 0], { dtype }), v: A, offDiagonal: np.zeros(batch, { dtype }) };
  const { p, q } = roundRobin(m);
  const oneHot = (idx: number[][]): Array =>
    np.equal(np.expandDims(np.array(idx, { dtype: "int32" }), -1), np.arange(m, { dtype: "int32" })).astype(dtype);
  const rounds: [Array, Array] = [oneHot(p), oneHot(q)];
  const eye = np.eye(m, { dtype });
  const sweep = (carry: [Array, Array]): [Array, Array] => {
    const [out] = scan(
      ([Ak, Vk]: [Array, Array], [Ep, Eq]: [Array, Array]): [[Array, Array], null] => {
        const app = np.einsum("im,...mk,ik->...i", Ep, Ak, Ep);
        const aqq = np.einsum("im,...mk,ik->...i", Eq, Ak, Eq);
        const apq = np.einsum("im,...mk,ik->...i", Ep, Ak, Eq);
        const zero = np.equal(apq, 0);
        // θ = (a_qq − a_pp) / (2 a_pq); t = sign(θ) / (|θ| + √(θ² + 1)) is the smaller rotation's tangent.
        const theta = np.divide(np.subtract(aqq, app), np.multiply(np.where(zero, 1, apq), 2));
        const sgn = np.where(np.less(theta, 0), -1, 1);
        const t = np.where(zero, 0, np.divide(sgn, np.add(np.abs(theta), np.sqrt(np.add(np.multiply(theta, theta), 1)))));
        const c = np.divide(1, np.sqrt(np.add(np.multiply(t, t), 1)));
        const s = np.multiply(t, c);
        const cm1 = np.subtract(c, 1);
        // J = I + Σ_i (c_i − 1)(e_p e_pᵀ + e_q e_qᵀ) + s_i (e_p e_qᵀ − e_q e_pᵀ).
        const J = np.add(
          np.add(eye, np.add(np.einsum("...i,im,in->...mn", cm1, Ep, Ep), np.einsum("...i,im,in->...mn", cm1, Eq, Eq))),
          np.subtract(np.einsum("...i,im,in->...mn", s, Ep, Eq), np.einsum("...i,im,in->...mn", s, Eq, Ep)),
        );
        const nextA = np.matmul(np.swapaxes(J, -1, -2), np.matmul(Ak, J));
        return [[nextA, np.matmul(Vk, J)], null];
      },
      carry,
      rounds,
    );
    return out;
  };
  let carry: [Array, Array] = [A, np.broadcastTo(eye, A.shape)];
  for (let k = 0; k < JACOBI_SWEEPS; k++) carry = sweep(carry);
  const [Af, Vf] = carry;
  const diag = np.einsum("...ii->...i", Af);
  const offSq = np.subtract(np.sum(np.multiply(Af, Af), [-2, -1]), np.sum(np.multiply(diag, diag), -1));
  const total = np.sum(np.multiply(A, A), [-2, -1]);
  const offDiagonal = np.sqrt(np.divide(np.maximum(offSq, 0), np.where(np.greater(total, 0), total, 1)));
  if (m === n) return { w: diag, v: Vf, offDiagonal };
  return { w: diag.get("...", `0:${n}`), v: Vf.get("...", `0:${n}`, `0:${n}`), offDiagonal };
}
