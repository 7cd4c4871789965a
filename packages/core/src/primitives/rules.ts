// Factories for the transformation rules that many primitives share (JAX's defjvp / deflinear /
// defvectorized): a primitive's definition calls them instead of repeating the plumbing. Layer 10.

import type { Array } from "../array/Array.js";
import type { BatchRule, JvpRule, Primitive, TransposeRule } from "../trace/primitive.js";
import { UndefinedPrimal } from "../trace/primitive.js";
import * as ops from "./ops.js";

/** A zero tangent of `x`'s shape and dtype, for rules that need the value. */
export function instantiate(t: Array | null, like: Array): Array {
  return t ?? ops.zerosLike(like);
}

/**
 * JVP from partial derivatives: output tangent = Σᵢ dᵢ(tᵢ, ans, ...primals) over the inputs with
 * non-zero tangents (JAX's `defjvp` with the answer available).
 */
export function jvpFromPartials<P extends object>(
  prim: () => Primitive<P>,
  ...partials: (((t: Array, ans: Array, ...primals: Array[]) => Array) | null)[]
): JvpRule<P> {
  return (primals, tangents, params) => {
    const ans = prim().bind1(primals, params);
    let acc: Array | null = null;
    tangents.forEach((t, i) => {
      const d = partials[i];
      if (t === null || !d) return;
      const c = d(t, ans, ...primals);
      acc = acc === null ? c : ops.add(acc, c);
    });
    return [[ans], [acc]];
  };
}

/** The JVP of a primitive whose outputs do not depend differentiably on its inputs. */
export function zeroJvp<P extends object>(prim: () => Primitive<P>): JvpRule<P> {
  return (primals, _tangents, params) => {
    const outs = prim().bind(primals, params);
    return [outs, outs.map(() => null)];
  };
}

/** The JVP of a primitive linear in all its operands: apply it to the tangents (zeros instantiated). */
export function linearJvp<P extends object>(prim: () => Primitive<P>): JvpRule<P> {
  return (primals, tangents, params) => {
    const outs = prim().bind(primals, params);
    const ts = prim().bind(
      tangents.map((t, i) => instantiate(t, primals[i] as Array)),
      params,
    );
    return [outs, ts];
  };
}

/** The transpose of a unary linear primitive: `ct ↦ f(ct)`. */
export function unaryTranspose<P extends object>(f: (ct: Array, params: P, operand: UndefinedPrimal) => Array): TransposeRule<P> {
  return ([ct], [x], params) => [ct === null || ct === undefined ? null : f(ct, params, x as UndefinedPrimal)];
}

/** True when `x` is the linear (unknown) operand during transposition. */
export function isLinear(x: Array | UndefinedPrimal | undefined): x is UndefinedPrimal {
  return x instanceof UndefinedPrimal;
}

/**
 * Batching for elementwise primitives: moves every batch axis to the front (broadcasting
 * unbatched operands) and applies the primitive once.
 */
export function elementwiseBatch<P extends object>(prim: () => Primitive<P>): BatchRule<P> {
  return (args, dims, params, axisSize) => {
    const first = dims.find((d) => d !== null);
    if (dims.every((d) => d === first)) {
      const same = prim().bind(args, params);
      return [same, same.map(() => first as number)];
    }
    const moved = args.map((a, i) => {
      const d = dims[i] ?? null;
      if (d === null) return ops.broadcastInDim(a, [axisSize, ...a.shape], a.shape.map((_, k) => k + 1));
      return ops.moveAxis(a, d, 0);
    });
    const outs = prim().bind(moved, params);
    return [outs, outs.map(() => 0)];
  };
}

/** Moves `x`'s batch axis to the front, or broadcasts an unbatched `x` to `axisSize` lanes. */
export function batchToFront(x: Array, dim: number | null, axisSize: number): Array {
  if (dim === null) return ops.broadcastInDim(x, [axisSize, ...x.shape], x.shape.map((_, k) => k + 1));
  return ops.moveAxis(x, dim, 0);
}

/** The value of a known (non-linear) operand during transposition; throws if it is the linear one. */
export function known(x: Array | UndefinedPrimal | undefined, where: string): Array {
  if (x === undefined || x instanceof UndefinedPrimal) {
    throw new Error(`${where}: transpose needs this operand's value, but it is linear (the program is not linear in it)`);
  }
  return x;
}
