// customVjp: a function with a user-defined reverse-mode derivative (forward pass saving
// residuals + backward pass). Differentiation stages the forward pass and a `custom_lin`
// equation whose transpose is the user's backward function. Layer 13.

import type { Array } from "../array/Array.js";
import { ShapedArray } from "../array/aval.js";
import { checkOptions, NonDifferentiableError, TransformationError } from "../errors/errors.js";
import { evalJaxpr } from "../ir/evalJaxpr.js";
import type { Jaxpr } from "../ir/jaxpr.js";
import * as ops from "../primitives/ops.js";
import { batchToFront, isLinear } from "../primitives/rules.js";
import { definePrimitive, type Primitive } from "../trace/primitive.js";
import { unflatten, type TreeDef } from "../tree/index.js";
import { avalOf, flattenArrays, flattenOutputs, traceFlat } from "../transforms/flat.js";
import { vmap } from "../transforms/vmap.js";

/** Forward pass in flat form: arguments → outputs followed by residuals. */
export type FlatFwd = (args: Array[]) => { outs: Array[]; residuals: Array[] };
/** Backward pass in flat form: residuals and output cotangents → argument cotangents. */
export type FlatBwd = (residuals: Array[], cotangents: Array[]) => Array[];

/** Params of `custom_vjp_call`. */
export interface CustomVjpParams {
  readonly fun: Jaxpr;
  readonly numConsts: number;
  readonly fwd: FlatFwd;
  readonly bwd: FlatBwd;
  readonly name: string;
}

/** Params of `custom_lin`: the linear map whose transpose is the backward pass. */
export interface CustomLinParams {
  readonly numResiduals: number;
  readonly bwd: FlatBwd;
  readonly outAvals: readonly ShapedArray[];
  readonly name: string;
}

/** The tangent map of a customVjp function: only its transpose (the user's bwd) is defined. */
export const customLinP: Primitive<CustomLinParams> = definePrimitive<CustomLinParams>({
  name: "custom_lin",
  abstractEval: (_avals, { outAvals }) => [...outAvals],
  impl: (_args, { name }) => {
    throw new NonDifferentiableError(
      `customVjp(${name}): forward-mode differentiation (jvp, jacfwd, linearize's tangent map) is not defined for a function with a custom VJP; use grad/vjp/jacrev, or customJvp`,
    );
  },
  jvp: (_p, _t, { name }) => {
    throw new NonDifferentiableError(`customVjp(${name}): the custom VJP cannot be differentiated again in forward mode`);
  },
  transpose: (cts, args, { numResiduals, bwd, outAvals, name }) => {
    const res = args.slice(0, numResiduals).map((r) => {
      if (isLinear(r)) throw new NonDifferentiableError(`customVjp(${name}): residuals must not depend on the values being differentiated again`);
      return r;
    });
    const cotangents = cts.map((c, i) => c ?? ops.full((outAvals[i] as ShapedArray).shape, 0, (outAvals[i] as ShapedArray).dtype));
    const argCts = bwd(res, cotangents);
    return [...res.map(() => null), ...argCts];
  },
  batch: (args, dims, params, size) => {
    const moved = args.map((a, i) => batchToFront(a, dims[i] ?? null, size));
    const k = params.numResiduals;
    const bwd: FlatBwd = (res, cts) => vmap((...zs: Array[]) => params.bwd(zs.slice(0, k), zs.slice(k)))(...res, ...cts) as Array[];
    const outs = customLinP.bind(moved, {
      ...params,
      bwd,
      outAvals: params.outAvals.map((a) => new ShapedArray([size, ...a.shape], a.dtype, a.weakType)),
    });
    return [outs, outs.map(() => 0)];
  },
});

/** Calls a function with a custom VJP. */
export const customVjpCallP: Primitive<CustomVjpParams> = definePrimitive<CustomVjpParams>({
  name: "custom_vjp_call",
  abstractEval: (_avals, { fun }) => fun.outAvals,
  impl: (args, { fun }) => evalJaxpr(fun, [], args),
  // Forward pass on the primals; the tangents go through custom_lin, which only transposes.
  jvp: (primals, tangents, { numConsts, fwd, bwd, name }) => {
    if (tangents.slice(0, numConsts).some((t) => t !== null)) {
      throw new NonDifferentiableError(`customVjp(${name}): the function closes over values that are being differentiated; pass them as arguments`);
    }
    const ps = primals.slice(numConsts);
    const { outs, residuals } = fwd(ps);
    const ts = tangents.slice(numConsts).map((t, i) => t ?? ops.zerosLike(ps[i] as Array));
    const touts = customLinP.bind([...residuals, ...ts], { numResiduals: residuals.length, bwd, outAvals: outs.map(avalOf), name });
    return [outs, touts];
  },
  transpose: "nonlinear",
  batch: (args, dims, params, size) => {
    const moved = args.map((a, i) => batchToFront(a, dims[i] ?? null, size));
    const batchedFun = traceFlat("customVjp", (xs) => vmap((...ys: Array[]) => evalJaxpr(params.fun, [], ys))(...xs) as Array[], moved.map(avalOf));
    const fwd: FlatFwd = (xs) => {
      let nOut = 0;
      const both = vmap((...ys: Array[]) => {
        const r = params.fwd(ys);
        nOut = r.outs.length;
        return [...r.outs, ...r.residuals];
      })(...xs) as Array[];
      return { outs: both.slice(0, nOut), residuals: both.slice(nOut) };
    };
    const bwd: FlatBwd = (res, cts) => {
      const k = res.length;
      return vmap((...zs: Array[]) => params.bwd(zs.slice(0, k), zs.slice(k)))(...res, ...cts) as Array[];
    };
    const outs = customVjpCallP.bind([...batchedFun.consts, ...moved], {
      fun: batchedFun.jaxpr,
      numConsts: batchedFun.consts.length + params.numConsts,
      fwd,
      bwd,
      name: params.name,
    });
    return [outs, outs.map(() => 0)];
  },
});

/** A function with a custom VJP: call it like the original; attach the passes with `defvjp`. @public */
export interface CustomVjpFunction<A extends unknown[], R> {
  (...args: A): R;
  /**
   * Sets the passes: `fwd(...args)` returns `[output, residuals]` (residuals: any pytree of arrays);
   * `bwd(residuals, outputCotangent)` returns one cotangent per argument (an array, in order).
   */
  defvjp<Res>(fwd: (...args: A) => [R, Res], bwd: (residuals: Res, cotangent: R) => unknown[]): CustomVjpFunction<A, R>;
}

/**
 * Wraps `f` so that reverse-mode differentiation uses the given forward/backward passes.
 * @public
 */
export function customVjp<A extends unknown[], R>(f: (...args: A) => R, options: Record<string, never> = {}): CustomVjpFunction<A, R> {
  checkOptions("customVjp", options, []);
  const name = f.name || "fn";
  let passes: { fwd: (...args: A) => [R, unknown]; bwd: (res: unknown, ct: R) => unknown[] } | undefined;
  const call = (...args: A): R => {
    if (!passes) throw new TransformationError(`customVjp(${name}): no passes were set; call .defvjp(fwd, bwd) before calling the function`);
    const { fwd: userFwd, bwd: userBwd } = passes;
    const [leaves, inTree] = flattenArrays("customVjp", args);
    let traced: TreeDef | undefined;
    const fun = traceFlat(
      "customVjp",
      (xs) => {
        const [outs, t] = flattenOutputs("customVjp", f(...(unflatten(inTree, xs) as A)));
        traced = t;
        return outs;
      },
      leaves.map(avalOf),
    );
    const outTree = traced as TreeDef;
    let resTree: TreeDef | undefined;
    const fwd: FlatFwd = (xs) => {
      const [out, res] = userFwd(...(unflatten(inTree, xs) as A));
      const [outs, t] = flattenOutputs("customVjp fwd", out);
      if (!t.equals(outTree)) throw new TransformationError(`customVjp(${name}): fwd returned an output of structure ${t.toString()} but the function returns ${outTree.toString()}`);
      const [residuals, rt] = flattenOutputs("customVjp fwd residuals", res);
      resTree = rt;
      return { outs, residuals };
    };
    const bwd: FlatBwd = (res, cts) => {
      const argCts = userBwd(unflatten(resTree as TreeDef, res), unflatten(outTree, cts) as R);
      if (!globalThis.Array.isArray(argCts) || argCts.length !== args.length) {
        throw new TransformationError(`customVjp(${name}): bwd must return an array with one cotangent per argument (${args.length}), got ${String(argCts)}`);
      }
      const [flat, ct] = flattenArrays("customVjp bwd", argCts);
      if (!ct.equals(inTree)) throw new TransformationError(`customVjp(${name}): bwd returned cotangents of structure ${ct.toString()} but the arguments have ${inTree.toString()}`);
      return flat.map((c, i) => ops.convert(c, (leaves[i] as Array).dtype));
    };
    const outs = customVjpCallP.bind([...fun.consts, ...leaves], { fun: fun.jaxpr, numConsts: fun.consts.length, fwd, bwd, name });
    return unflatten(outTree, outs) as R;
  };
  const wrapped = call as CustomVjpFunction<A, R>;
  wrapped.defvjp = (fwd, bwd) => {
    passes = { fwd: fwd as (...args: A) => [R, unknown], bwd: bwd as (res: unknown, ct: R) => unknown[] };
    return wrapped;
  };
  return wrapped;
}
