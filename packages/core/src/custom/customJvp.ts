// customJvp: a function with a user-defined forward-mode derivative. The `custom_jvp_call`
// primitive carries the function's program and the rule, so the rule survives jit, vmap and
// every order of differentiation (reverse mode differentiates the rule's output). Layer 13.

import type { Array } from "../array/Array.js";
import { checkOptions, NonDifferentiableError, TransformationError } from "../errors/errors.js";
import { evalJaxpr } from "../ir/evalJaxpr.js";
import type { Jaxpr } from "../ir/jaxpr.js";
import * as ops from "../primitives/ops.js";
import { batchToFront } from "../primitives/rules.js";
import { definePrimitive, type Primitive } from "../trace/primitive.js";
import { unflatten, type TreeDef } from "../tree/index.js";
import { avalOf, flattenArrays, flattenOutputs, traceFlat } from "../transforms/flat.js";
import { vmap } from "../transforms/vmap.js";

/** The rule in flat form: primals and tangents of the non-constant operands → outputs and their tangents. */
export type FlatJvpRule = (primals: Array[], tangents: Array[]) => [Array[], Array[]];

/** Params of `custom_jvp_call`. */
export interface CustomJvpParams {
  /** The function's program; its first `numConsts` inputs are closed-over values. */
  readonly fun: Jaxpr;
  readonly numConsts: number;
  /** The user's JVP rule in flat form. */
  readonly jvp: FlatJvpRule;
  readonly name: string;
}

/** Calls a function with a custom JVP rule. */
export const customJvpCallP: Primitive<CustomJvpParams> = definePrimitive<CustomJvpParams>({
  name: "custom_jvp_call",
  abstractEval: (_avals, { fun }) => fun.outAvals,
  impl: (args, { fun }) => evalJaxpr(fun, [], args),
  jvp: (primals, tangents, { numConsts, jvp, name }) => {
    if (tangents.slice(0, numConsts).some((t) => t !== null)) {
      throw new NonDifferentiableError(
        `customJvp(${name}): the function closes over values that are being differentiated; pass them as arguments so the custom rule sees their tangents`,
      );
    }
    const ps = primals.slice(numConsts);
    const ts = tangents.slice(numConsts).map((t, i) => t ?? ops.zerosLike(ps[i] as Array));
    const [outs, touts] = jvp(ps, ts);
    return [outs, touts];
  },
  transpose: "nonlinear",
  batch: (args, dims, params, size) => {
    const moved = args.map((a, i) => batchToFront(a, dims[i] ?? null, size));
    const batchedFun = traceFlat(
      "customJvp",
      (xs) => vmap((...ys: Array[]) => evalJaxpr(params.fun, [], ys))(...xs) as Array[],
      moved.map(avalOf),
    );
    const batchedRule: FlatJvpRule = (ps, ts) => {
      const k = ps.length;
      const both = vmap((...zs: Array[]) => {
        const [o, t] = params.jvp(zs.slice(0, k), zs.slice(k));
        return [...o, ...t];
      })(...ps, ...ts) as Array[];
      return [both.slice(0, both.length / 2), both.slice(both.length / 2)];
    };
    const outs = customJvpCallP.bind([...batchedFun.consts, ...moved], {
      fun: batchedFun.jaxpr,
      numConsts: batchedFun.consts.length + params.numConsts,
      jvp: batchedRule,
      name: params.name,
    });
    return [outs, outs.map(() => 0)];
  },
});

/** A function with a custom JVP: call it like the original; attach the rule with `defjvp`. @public */
export interface CustomJvpFunction<A extends unknown[], R> {
  (...args: A): R;
  /**
   * Sets the rule: `rule(primals, tangents)` receives the arguments and their tangents (arrays with
   * the arguments' structure) and returns `[output, outputTangent]`. The tangent output must be
   * linear in the tangents.
   */
  defjvp(rule: (primals: A, tangents: A) => [R, R]): CustomJvpFunction<A, R>;
  /** Sets the rule from one partial-derivative function per argument: `jvps[i](tangent_i, output, ...args)` (null = zero). */
  defjvps(...jvps: (((t: Array, out: Array, ...args: Array[]) => Array) | null)[]): CustomJvpFunction<A, R>;
}

/** Options of {@link customJvp}. @public */
export interface CustomJvpOptions {
  /** Positional arguments that are not differentiated (any JS values); passed first to the rule. */
  nondiffArgnums?: readonly number[];
}

/**
 * Wraps `f` so that its derivative is given by a rule instead of by differentiating its body.
 * @example
 * ```ts
 * const spike = customJvp((x: Array) => np.greaterEqual(x, 0).astype("float32"));
 * spike.defjvp(([x], [t]) => [spike(x), t.mul(sigmoidGrad(x))]);
 * ```
 * @public
 */
export function customJvp<A extends unknown[], R>(f: (...args: A) => R, options: CustomJvpOptions = {}): CustomJvpFunction<A, R> {
  checkOptions("customJvp", options, ["nondiffArgnums"]);
  const nondiff = new Set(options.nondiffArgnums ?? []);
  const name = f.name || "fn";
  let rule: ((primals: A, tangents: A) => [R, R]) | undefined;
  const call = (...args: A): R => {
    if (!rule) throw new TransformationError(`customJvp(${name}): no rule was set; call .defjvp(rule) before calling the function`);
    const userRule = rule;
    const dynamic = args.map((a, i) => (nondiff.has(i) ? null : a));
    const [leaves, inTree] = flattenArrays("customJvp", dynamic);
    const rebuild = (xs: readonly Array[]): A => {
      const full = unflatten(inTree, [...xs]) as unknown[];
      nondiff.forEach((i) => (full[i] = args[i]));
      return full as A;
    };
    let traced: TreeDef | undefined;
    const fun = traceFlat(
      "customJvp",
      (xs) => {
        const [outs, t] = flattenOutputs("customJvp", f(...rebuild(xs)));
        traced = t;
        return outs;
      },
      leaves.map(avalOf),
    );
    const outTree = traced as TreeDef;
    const flatRule: FlatJvpRule = (ps, ts) => {
      const tangents = rebuild(ts);
      nondiff.forEach((i) => ((tangents as unknown[])[i] = null));
      const [out, tout] = userRule(rebuild(ps), tangents);
      const [outs, t1] = flattenOutputs("customJvp rule", out);
      const [touts, t2] = flattenOutputs("customJvp rule", tout);
      if (!t1.equals(outTree) || !t2.equals(outTree)) {
        throw new TransformationError(
          `customJvp(${name}): the rule returned [${t1.toString()}, ${t2.toString()}] but the function returns ${outTree.toString()}; return [output, tangent] with the function's structure`,
        );
      }
      return [outs, touts.map((t, i) => ops.convert(t, (outs[i] as Array).dtype))];
    };
    const outs = customJvpCallP.bind([...fun.consts, ...leaves], { fun: fun.jaxpr, numConsts: fun.consts.length, jvp: flatRule, name });
    return unflatten(outTree, outs) as R;
  };
  const wrapped = call as CustomJvpFunction<A, R>;
  wrapped.defjvp = (r) => {
    rule = r;
    return wrapped;
  };
  wrapped.defjvps = (...jvps) => {
    rule = (primals, tangents) => {
      const out = call(...primals) as unknown as Array;
      let acc: Array | null = null;
      jvps.forEach((d, i) => {
        const t = (tangents as unknown[])[i];
        if (!d || t === null || t === undefined) return;
        const c = d(t as Array, out, ...(primals as unknown as Array[]));
        acc = acc === null ? c : ops.add(acc, c);
      });
      return [out as unknown as R, (acc ?? ops.zerosLike(out)) as unknown as R];
    };
    return wrapped;
  };
  return wrapped;
}
