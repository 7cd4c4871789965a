// whileLoop and forI: loops whose trip count is decided at run time. Forward-differentiable and
// batchable (a batched predicate keeps iterating until every lane is done); reverse mode needs a
// bounded loop, and says so. forI with static bounds is a scan, so it is fully differentiable. Layer 13.

import { Array } from "../array/Array.js";
import { ShapedArray } from "../array/aval.js";
import { DTypeError, NonDifferentiableError, ShapeError, TransformationError } from "../errors/errors.js";
import type { ClosedJaxpr } from "../ir/jaxpr.js";
import { ClosedJaxpr as Closed } from "../ir/jaxpr.js";
import { asArray } from "../numpy/convert.js";
import * as ops from "../primitives/ops.js";
import { reduceMaxP } from "../primitives/reduce.js";
import { batchToFront } from "../primitives/rules.js";
import { definePrimitive, type Primitive } from "../trace/primitive.js";
import { unflatten, type TreeDef } from "../tree/index.js";
import { avalOf, flattenArrays, flattenOutputs, traceFlat } from "../transforms/flat.js";
import { vmap } from "../transforms/vmap.js";
import { evalClosed, jvpJaxpr, padInputs, permuteInputs, retrace } from "./common.js";
import { scan } from "./scan.js";

/** Params of `while`: cond `[condConsts, carry] → bool[]`, body `[bodyConsts, carry] → carry`. @beta */
export interface WhileParams {
  readonly cond: ClosedJaxpr;
  readonly body: ClosedJaxpr;
  readonly condNumConsts: number;
  readonly bodyNumConsts: number;
}

const range = (a: number, b: number): number[] => globalThis.Array.from({ length: Math.max(0, b - a) }, (_, k) => a + k);

/** The while primitive. @beta */
export const whileP: Primitive<WhileParams> = definePrimitive<WhileParams>({
  name: "while",
  abstractEval: (avals, p) => {
    const carry = avals.slice(p.condNumConsts + p.bodyNumConsts);
    const pred = p.cond.outAvals[0] as ShapedArray;
    if (pred.ndim !== 0 || pred.dtype !== "bool") throw new DTypeError(`whileLoop: the condition must return a bool scalar, got ${pred.toString()}`);
    return carry.map((a) => new ShapedArray(a.shape, a.dtype, a.weakType));
  },
  impl: (args, p) => {
    const cc = args.slice(0, p.condNumConsts);
    const bc = args.slice(p.condNumConsts, p.condNumConsts + p.bodyNumConsts);
    let carry = args.slice(p.condNumConsts + p.bodyNumConsts);
    while ((evalClosed(p.cond, [...cc, ...carry])[0] as Array).item()) carry = evalClosed(p.body, [...bc, ...carry]);
    return carry;
  },
  // Carry tangents ride along in the carry; the condition ignores them.
  jvp: (primals, tangents, p) => {
    const ncc = p.condNumConsts;
    const nbc = p.bodyNumConsts;
    const ts = tangents.map((t, i) => t ?? ops.zerosLike(primals[i] as Array));
    const carryAvals = primals.slice(ncc + nbc).map(avalOf);
    const ncar = carryAvals.length;
    const jb = jvpJaxpr("whileLoop", p.body);
    const nb = nbc + ncar;
    // [bc, carry, bc_t, carry_t] → [bc, bc_t, carry, carry_t]; outputs [carry, carry_t] already in order.
    const body = permuteInputs(jb, [...range(0, nbc), ...range(nb, nb + nbc), ...range(nbc, nb), ...range(nb + nbc, 2 * nb)]);
    const cond = padInputs(p.cond, [], carryAvals);
    const operands = [
      ...primals.slice(0, ncc),
      ...primals.slice(ncc, ncc + nbc),
      ...ts.slice(ncc, ncc + nbc),
      ...primals.slice(ncc + nbc),
      ...ts.slice(ncc + nbc),
    ];
    const outs = whileP.bind(operands, { cond, body, condNumConsts: ncc, bodyNumConsts: 2 * nbc });
    return [outs.slice(0, ncar), outs.slice(ncar)];
  },
  transpose: () => {
    throw new NonDifferentiableError(
      "whileLoop: reverse-mode differentiation (grad, vjp, jacrev) needs a loop with a bounded trip count — use forI with static bounds, scan, or compile.boundedWhileLoop",
    );
  },
  // Every carry is batched; each lane stops updating once its own predicate is false, and the
  // loop runs while any lane is still going.
  batch: (args, dims, p, size) => {
    const ncc = p.condNumConsts;
    const nbc = p.bodyNumConsts;
    const condConsts = args.slice(0, ncc);
    const bodyConsts = args.slice(ncc, ncc + nbc);
    const carry = args.slice(ncc + nbc).map((c, k) => batchToFront(c, dims[ncc + nbc + k] ?? null, size));
    const ccAxes = dims.slice(0, ncc).map((d) => d ?? null);
    const bcAxes = dims.slice(ncc, ncc + nbc).map((d) => d ?? null);
    const carryAvals = carry.map(avalOf);
    const lanePred = (cc: Array[], cs: Array[]): Array =>
      vmap((...zs: Array[]) => evalClosed(p.cond, zs), { inAxes: [...ccAxes, ...cs.map(() => 0)], axisSize: size })(...cc, ...cs) as unknown as Array;
    const anyLane = (x: Array): Array => reduceMaxP.bind1([x], { axes: [0] });
    const cond = retrace("whileLoop", (zs) => [anyLane(one(lanePred(zs.slice(0, ncc), zs.slice(ncc))))], [...condConsts.map(avalOf), ...carryAvals]);
    const body = retrace(
      "whileLoop",
      (zs) => {
        const cc = zs.slice(0, ncc);
        const bc = zs.slice(ncc, ncc + nbc);
        const cs = zs.slice(ncc + nbc);
        const going = one(lanePred(cc, cs));
        const next = vmap((...ws: Array[]) => evalClosed(p.body, ws), { inAxes: [...bcAxes, ...cs.map(() => 0)], axisSize: size })(...bc, ...cs) as Array[];
        return next.map((nx, k) => ops.select(ops.broadcastInDim(going, nx.shape, [0]), nx, cs[k] as Array));
      },
      [...condConsts.map(avalOf), ...bodyConsts.map(avalOf), ...carryAvals],
    );
    const outs = whileP.bind([...condConsts, ...condConsts, ...bodyConsts, ...carry], {
      cond,
      body,
      condNumConsts: ncc,
      bodyNumConsts: ncc + nbc,
    });
    return [outs, outs.map(() => 0)];
  },
});

/** The single output of a vmapped condition (vmap returns the function's output as is). */
function one(x: Array | Array[]): Array {
  return globalThis.Array.isArray(x) ? (x[0] as Array) : x;
}

/**
 * JAX's `lax.while_loop`: repeats `body(carry)` while `condFun(carry)` is true and returns the
 * final carry (any pytree whose structure, shapes and dtypes stay fixed).
 * Forward-mode differentiable; reverse mode raises NonDifferentiableError (use forI/scan).
 * @public
 */
export function whileLoop<C>(condFun: (carry: C) => Array | boolean, body: (carry: C) => C, init: C): C {
  const [leaves, tree] = flattenArrays("whileLoop", init);
  const avals = leaves.map(avalOf);
  const cond = traceFlat(
    "whileLoop",
    (cs) => {
      const r = asArray(condFun(unflatten(tree, cs) as C), "whileLoop");
      if (r.ndim !== 0 || r.dtype !== "bool") {
        throw new DTypeError(`whileLoop: the condition must return a bool scalar, got ${r.aval.toString()}; compare and reduce (e.g. np.any) inside it`);
      }
      return [r];
    },
    avals,
  );
  const bodyTraced = traceFlat(
    "whileLoop",
    (cs) => {
      const [outs, t] = flattenOutputs("whileLoop", body(unflatten(tree, cs) as C));
      checkCarry("whileLoop", tree, t, leaves, outs);
      return outs.map((o, k) => ops.convert(o, (leaves[k] as Array).dtype));
    },
    avals,
  );
  const outs = whileP.bind([...cond.consts, ...bodyTraced.consts, ...leaves], {
    cond: new Closed(cond.jaxpr, []),
    body: new Closed(bodyTraced.jaxpr, []),
    condNumConsts: cond.consts.length,
    bodyNumConsts: bodyTraced.consts.length,
  });
  return unflatten(tree, outs) as C;
}

function checkCarry(where: string, tree: TreeDef, got: TreeDef, init: readonly Array[], outs: readonly Array[]): void {
  if (!got.equals(tree)) {
    throw new TransformationError(`${where}: the body returned structure ${got.toString()} but the carry has ${tree.toString()}; the carry must keep its structure`);
  }
  outs.forEach((o, k) => {
    const i = init[k] as Array;
    if (o.shape.join(",") !== i.shape.join(",") || o.dtype !== i.dtype) {
      throw new TransformationError(`${where}: carry leaf ${k} changed from ${i.aval.toString()} to ${o.aval.toString()}; the carry must keep its shapes and dtypes`);
    }
  });
}

/**
 * JAX's `lax.fori_loop`: `body(i, carry)` for i from `lower` to `upper - 1`. With static (JS
 * number) bounds it runs as a scan, so it is differentiable in both modes; with traced bounds it
 * is a whileLoop.
 * @public
 */
export function forI<C>(lower: number | Array, upper: number | Array, body: (i: Array, carry: C) => C, init: C): C {
  if (typeof lower === "number" && typeof upper === "number") {
    if (!Number.isInteger(lower) || !Number.isInteger(upper)) throw new ShapeError(`forI: bounds must be integers, got ${lower} and ${upper}`);
    const n = Math.max(0, upper - lower);
    const [final] = scan(
      (c: [Array, C], _x: null): [[Array, C], null] => {
        const [i, carry] = c;
        return [[ops.add(i, ops.full([], 1, "int32")), body(i, carry)], null];
      },
      [ops.full([], lower, "int32"), init] as [Array, C],
      null,
      { length: n },
    );
    return final[1];
  }
  const lo = ops.convert(asArray(lower, "forI"), "int32");
  const hi = ops.convert(asArray(upper, "forI"), "int32");
  if (lo.ndim !== 0 || hi.ndim !== 0) throw new ShapeError(`forI: bounds must be scalars, got ${lo.aval.toString()} and ${hi.aval.toString()}`);
  const [, , result] = whileLoop(
    ([i, h]: [Array, Array, C]) => ops.lt(i, h),
    ([i, h, c]: [Array, Array, C]) => [ops.add(i, ops.full([], 1, "int32")), h, body(i, c)] as [Array, Array, C],
    [lo, hi, init] as [Array, Array, C],
  );
  return result;
}
