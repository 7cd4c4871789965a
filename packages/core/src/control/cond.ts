// cond and switch: run one of several branch programs chosen by a runtime index. One primitive
// (`cond`, N branches) with evaluation, JVP, partial evaluation, transpose and batching rules;
// a batched index turns it into a select over every branch. Layer 13.

import { Array } from "../array/Array.js";
import { ShapedArray } from "../array/aval.js";
import { isFloat } from "../dtype/dtype.js";
import { DTypeError, ShapeError, TransformationError } from "../errors/errors.js";
import { ClosedJaxpr, Jaxpr, Var, type Eqn } from "../ir/jaxpr.js";
import { partialEvalJaxpr } from "../interpreters/partialEval.js";
import { asArray } from "../numpy/convert.js";
import * as ops from "../primitives/ops.js";
import { batchToFront, isLinear } from "../primitives/rules.js";
import { definePrimitive, type Primitive } from "../trace/primitive.js";
import { unflatten, type TreeDef } from "../tree/index.js";
import { avalOf, flattenArrays, flattenOutputs, traceFlat } from "../transforms/flat.js";
import { vmap } from "../transforms/vmap.js";
import { evalClosed, jvpJaxpr, retrace, transposeJaxpr, zerosOf } from "./common.js";

/** Params of `cond`: one program per branch, all with the operands' inputs and the same outputs. @beta */
export interface CondParams {
  readonly branches: readonly ClosedJaxpr[];
}

function clampIndex(i: number, n: number): number {
  return Math.min(Math.max(Math.trunc(i), 0), n - 1);
}

/** Splits a cond whose operands are partly unknown: known branches also output every branch's residuals. */
function condPartialEval(eqn: Eqn, unknowns: readonly boolean[]): { known: Eqn[]; unknown: Eqn[]; outUnknowns: boolean[] } {
  const { branches } = eqn.params as CondParams;
  const opUnknowns = unknowns.slice(1);
  if (unknowns[0]) throw new TransformationError("cond: the branch index depends on the values being differentiated; it must not");
  const first = branches.map((b) => partialEvalJaxpr(b.jaxpr, opUnknowns));
  const outUnknowns = (branches[0] as ClosedJaxpr).jaxpr.outvars.map((_, k) => first.some((pe) => pe.outUnknowns[k]));
  const pes = branches.map((b) => partialEvalJaxpr(b.jaxpr, opUnknowns, outUnknowns));
  const resAvals = pes.map((pe) => pe.known.outvars.slice(pe.known.outvars.length - pe.numResiduals).map((v) => v.aval));
  const allRes = resAvals.flat();
  const knownOps = eqn.inputs.slice(1).filter((_, i) => !opUnknowns[i]);
  const unknownOps = eqn.inputs.slice(1).filter((_, i) => opUnknowns[i]);
  const knownOutIdx = outUnknowns.map((u, k) => (u ? -1 : k)).filter((k) => k >= 0);
  // Known branch i: its known outputs, then every branch's residual slots (zeros except its own).
  const knownBranches = pes.map((pe, i) =>
    retrace(
      "cond",
      (xs) => {
        const outs = evalClosed(new ClosedJaxpr(pe.known, (branches[i] as ClosedJaxpr).consts), xs);
        const numKnownOuts = outs.length - pe.numResiduals;
        const own = outs.slice(numKnownOuts);
        const knownOuts: Array[] = [];
        let o = 0;
        (branches[i] as ClosedJaxpr).jaxpr.outvars.forEach((_, k) => {
          if (!pe.outUnknowns[k]) {
            if (!outUnknowns[k]) knownOuts.push(outs[o] as Array);
            o++;
          }
        });
        const slots = resAvals.flatMap((avals, j) => (j === i ? own : avals.map(zerosOf)));
        return [...knownOuts, ...slots];
      },
      knownOps.map((a) => a.aval),
    ),
  );
  // Unknown branch i: reads its own residual slots and the unknown operands.
  let offset = 0;
  const unknownBranches = pes.map((pe, i) => {
    const start = offset;
    offset += (resAvals[i] as ShapedArray[]).length;
    return retrace(
      "cond",
      (xs) => {
        const res = xs.slice(start, start + pe.numResiduals);
        return evalClosed(new ClosedJaxpr(pe.unknown, []), [...res, ...xs.slice(allRes.length)]);
      },
      [...allRes, ...unknownOps.map((a) => a.aval)],
    );
  });
  const resVars = allRes.map((a) => new Var(a));
  const known: Eqn = {
    primitive: eqn.primitive,
    inputs: [eqn.inputs[0] as Var, ...knownOps],
    outputs: [...knownOutIdx.map((k) => eqn.outputs[k] as Var), ...resVars],
    params: { branches: knownBranches },
  };
  const unknown: Eqn = {
    primitive: eqn.primitive,
    inputs: [eqn.inputs[0] as Var, ...resVars, ...unknownOps],
    outputs: eqn.outputs.filter((_, k) => outUnknowns[k]),
    params: { branches: unknownBranches },
  };
  return { known: [known], unknown: [unknown], outUnknowns };
}

/** Runs `branches[index]` on the operands (index clamped into range). @beta */
export const condP: Primitive<CondParams> = definePrimitive<CondParams>({
  name: "cond",
  abstractEval: (avals, { branches }) => {
    const idx = avals[0] as ShapedArray;
    if (idx.ndim !== 0 || idx.dtype !== "int32") throw new DTypeError(`cond: the branch index must be an int32 scalar, got ${idx.toString()}`);
    return (branches[0] as ClosedJaxpr).outAvals;
  },
  impl: ([index, ...operands], { branches }) => {
    const i = clampIndex(Number((index as Array).item()), branches.length);
    return evalClosed(branches[i] as ClosedJaxpr, operands);
  },
  jvp: ([index, ...primals], [, ...tangents], { branches }) => {
    const ts = tangents.map((t, i) => t ?? ops.zerosLike(primals[i] as Array));
    const outs = condP.bind([index as Array, ...primals, ...ts], { branches: branches.map((b) => jvpJaxpr("cond", b)) });
    const m = outs.length / 2;
    return [outs.slice(0, m), outs.slice(m)];
  },
  partialEval: condPartialEval,
  transpose: (cts, allArgs, { branches }) => {
    const index = allArgs[0];
    const args = allArgs.slice(1);
    if (index === undefined || isLinear(index)) throw new TransformationError("cond: transpose with respect to the branch index");
    const linear = args.map((a) => isLinear(a));
    const known = args.filter((a) => !isLinear(a)) as Array[];
    const outAvals = (branches[0] as ClosedJaxpr).outAvals;
    const ctArrays = cts.map((c, k) => c ?? zerosOf(outAvals[k] as ShapedArray));
    const res = condP.bind([index, ...known, ...ctArrays], { branches: branches.map((b) => transposeJaxpr("cond", b, linear)) });
    let k = 0;
    return [null, ...linear.map((l) => (l ? (res[k++] ?? null) : null))];
  },
  batch: (args, allDims, { branches }, size) => {
    const index = args[0] as Array;
    const operands = args.slice(1);
    const indexDim = allDims[0] ?? null;
    const inAxes = allDims.slice(1);
    if (indexDim === null) {
      const batched = branches.map((b) =>
        retrace("cond", (xs) => vmap((...ys: Array[]) => evalClosed(b, ys), { inAxes })(...xs) as Array[], operands.map((o) => avalOf(o))),
      );
      const outs = condP.bind([index, ...operands], { branches: batched });
      return [outs, outs.map(() => 0)];
    }
    // A batched index: every branch runs on every lane, and each lane selects its branch's result.
    const idx = batchToFront(index, indexDim, size);
    const results = branches.map((b) => vmap((...ys: Array[]) => evalClosed(b, ys), { inAxes, axisSize: size })(...operands) as Array[]);
    const outs = (results[0] as Array[]).map((first, k) => {
      let acc = first;
      for (let i = 1; i < results.length; i++) {
        const pick = ops.broadcastInDim(ops.eq(idx, ops.full([size], i, "int32")), acc.shape, [0]);
        acc = ops.select(pick, (results[i] as Array[])[k] as Array, acc);
      }
      return acc;
    });
    return [outs, outs.map(() => 0)];
  },
});

/** Traces the branch functions on the operands' avals and joins their closures into one operand list. */
function traceBranches(where: string, fns: readonly ((...args: never[]) => unknown)[], operands: readonly unknown[], names: readonly string[]) {
  const [leaves, inTree] = flattenArrays(where, operands);
  const traced = fns.map((fn, i) => {
    let outTree: TreeDef | undefined;
    const t = traceFlat(
      where,
      (xs) => {
        const [outs, tree] = flattenOutputs(where, (fn as (...a: unknown[]) => unknown)(...(unflatten(inTree, xs) as unknown[])));
        outTree = tree;
        return outs;
      },
      leaves.map(avalOf),
    );
    if (typeof fn !== "function") throw new TransformationError(`${where}: ${names[i]} is not a function`);
    return { ...t, outTree: outTree as TreeDef };
  });
  const first = traced[0];
  if (!first) throw new TransformationError(`${where}: needs at least one branch`);
  traced.forEach((t, i) => {
    if (!t.outTree.equals(first.outTree)) {
      throw new TransformationError(`${where}: ${names[i]} returns structure ${t.outTree.toString()} but ${names[0]} returns ${first.outTree.toString()}; every branch must return the same structure`);
    }
    const a = t.jaxpr.outAvals;
    first.jaxpr.outAvals.forEach((b, k) => {
      const o = a[k] as ShapedArray;
      if (o.dtype !== b.dtype || o.shape.join(",") !== b.shape.join(",")) {
        throw new TransformationError(
          `${where}: ${names[i]} output ${k} is ${o.toString()} but ${names[0]} output ${k} is ${b.toString()}; every branch must return the same shapes and dtypes (cast or reshape inside the branches)`,
        );
      }
    });
  });
  // Branch i takes [consts of every branch..., operands...] and reads only its own constants.
  const allConsts = traced.flatMap((t) => t.consts);
  const constAvals = allConsts.map(avalOf);
  let offset = 0;
  const branches = traced.map((t) => {
    const nc = t.consts.length;
    const ownConsts = t.jaxpr.invars.slice(0, nc);
    const args = t.jaxpr.invars.slice(nc);
    const invars = constAvals.map((a, k) => (k >= offset && k < offset + nc ? (ownConsts[k - offset] as Var) : new Var(a)));
    offset += nc;
    return new ClosedJaxpr(new Jaxpr([], [...invars, ...args], t.jaxpr.eqns, t.jaxpr.outvars), []);
  });
  return { branches, operands: [...allConsts, ...leaves], outTree: first.outTree };
}

/**
 * `index`-th branch applied to the operands: `branches[clamp(index, 0, n-1)](...operands)`.
 * Every branch must return the same structure, shapes and dtypes. Exported as `switch`.
 * @public
 */
export function switch_(index: Array | number, branches: readonly ((...args: never[]) => unknown)[], ...operands: unknown[]): unknown {
  const i = asArray(index, "switch");
  if (i.ndim !== 0) throw new ShapeError(`switch: the index must be a scalar, got ${i.aval.toString()}`);
  if (isFloat(i.dtype) || i.dtype === "bool") throw new DTypeError(`switch: the index must be an integer, got ${i.dtype}`);
  const t = traceBranches("switch", branches, operands, branches.map((_, k) => `branch ${k}`));
  const idx = ops.min(ops.max(ops.convert(i, "int32"), ops.full([], 0, "int32")), ops.full([], branches.length - 1, "int32"));
  return unflatten(t.outTree, condP.bind([idx, ...t.operands], { branches: t.branches }));
}

/**
 * `trueFun(...operands)` when `pred` holds, else `falseFun(...operands)`, as one traced
 * conditional (both branches are traced; only one runs).
 * @public
 */
export function cond(pred: Array | boolean | number, trueFun: (...args: never[]) => unknown, falseFun: (...args: never[]) => unknown, ...operands: unknown[]): unknown {
  const p = asArray(pred, "cond");
  if (p.ndim !== 0) throw new ShapeError(`cond: the predicate must be a scalar, got ${p.aval.toString()}; reduce it (any/all) or use np.where for elementwise choice`);
  const index = p.dtype === "bool" ? ops.convert(p, "int32") : ops.convert(ops.ne(p, ops.zerosLike(p)), "int32");
  const t = traceBranches("cond", [falseFun, trueFun], operands, ["falseFun", "trueFun"]);
  return unflatten(t.outTree, condP.bind([index, ...t.operands], { branches: t.branches }));
}
