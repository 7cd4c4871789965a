// Reverse-mode and derived transformations: linearize (JVP → staging → partial evaluation), vjp
// (+ transposition), grad, valueAndGrad, jacfwd, jacrev, hessian, stopGradient. Layer 12.

import { Array } from "../array/Array.js";
import { isFloat } from "../dtype/dtype.js";
import { checkOptions, NonDifferentiableError, TransformationError } from "../errors/errors.js";
import { evalJaxpr } from "../ir/evalJaxpr.js";
import { partialEvalJaxpr, type PartialEvalResult } from "../interpreters/partialEval.js";
import { backwardPass } from "../interpreters/transpose.js";
import * as ops from "../primitives/ops.js";
import { stopGradientP } from "../primitives/stopGradient.js";
import { flatten, map as treeMap, unflatten, type TreeDef } from "../tree/index.js";
import { avalOf, flattenArrays, flattenOutputs, traceToJaxpr } from "./flat.js";
import { jvpFlat } from "./jvp.js";
import { vmap } from "./vmap.js";

/** A linearized function: primal outputs, the linear map on tangents, and its transpose. */
interface Linearized {
  readonly outs: Array[];
  readonly outTree: TreeDef;
  /** Tangents of the inputs → tangents of the outputs. */
  readonly forward: (tangents: readonly Array[]) => Array[];
  /** Cotangents of the outputs (null = zero) → cotangents of the inputs (null = zero). */
  readonly backward: (cotangents: readonly (Array | null)[]) => (Array | null)[];
}

/** Linearizes a flat function at `primals`: stages its JVP, splits primal from tangent work, evaluates the primal part. */
function linearizeFlat(
  where: string,
  f: (xs: Array[]) => [Array[], TreeDef],
  primals: readonly Array[],
  inspect?: (pe: PartialEvalResult) => void,
): Linearized {
  const n = primals.length;
  let outTree: TreeDef | undefined;
  const jvpProgram = (...xs: unknown[]): unknown => {
    const arrays = xs as Array[];
    const [outs, ts] = jvpFlat(f, arrays.slice(0, n), arrays.slice(n));
    outTree = outs.tree;
    return [...outs.values, ...ts];
  };
  const avals = primals.map(avalOf);
  const [, argTree] = flatten([...primals, ...primals]);
  const { closed } = traceToJaxpr(where, jvpProgram, argTree, [...avals, ...avals]);
  const m = closed.jaxpr.outvars.length / 2;
  const unknowns = [...avals.map(() => false), ...avals.map(() => true)];
  const instantiate = [...new globalThis.Array<boolean>(m).fill(false), ...new globalThis.Array<boolean>(m).fill(true)];
  const pe = partialEvalJaxpr(closed.jaxpr, unknowns, instantiate);
  inspect?.(pe);
  const knownOuts = evalJaxpr(pe.known, closed.consts, primals);
  const residuals = knownOuts.slice(knownOuts.length - pe.numResiduals);
  const outs = knownOuts.slice(0, m);
  return {
    outs,
    outTree: outTree as TreeDef,
    forward: (tangents) => evalJaxpr(pe.unknown, [], [...residuals, ...tangents]),
    backward: (cotangents) => backwardPass(pe.unknown, [], residuals, cotangents, ops.add),
  };
}

/** The function of the leaves of the arguments at `argnums`, other arguments held fixed. */
function partialOver(
  where: string,
  f: (...args: unknown[]) => unknown,
  args: readonly unknown[],
  argnums: readonly number[],
): { leaves: Array[]; trees: TreeDef[]; counts: number[]; call: (xs: Array[]) => unknown } {
  const leaves: Array[] = [];
  const trees: TreeDef[] = [];
  const counts: number[] = [];
  for (const k of argnums) {
    if (!Number.isInteger(k) || k < 0 || k >= args.length) {
      throw new TransformationError(`${where}: argnums entry ${k} is out of range for ${args.length} arguments`);
    }
    const [ls, t] = flattenArrays(where, args[k]);
    leaves.push(...ls);
    trees.push(t);
    counts.push(ls.length);
  }
  const call = (xs: Array[]): unknown => {
    const full = [...args];
    let o = 0;
    argnums.forEach((k, j) => {
      full[k] = unflatten(trees[j] as TreeDef, xs.slice(o, o + (counts[j] as number)));
      o += counts[j] as number;
    });
    return f(...full);
  };
  return { leaves, trees, counts, call };
}

/** Splits flat per-leaf values back into one pytree per differentiated argument (just the first for a single argnum). */
function regroup(values: readonly unknown[], trees: readonly TreeDef[], counts: readonly number[], single: boolean): unknown {
  const out: unknown[] = [];
  let o = 0;
  trees.forEach((t, j) => {
    out.push(unflatten(t, values.slice(o, o + (counts[j] as number))));
    o += counts[j] as number;
  });
  return single ? out[0] : out;
}

/** Options of {@link grad} and {@link valueAndGrad}. @public */
export interface GradOptions {
  /** Which positional argument(s) to differentiate with respect to. @defaultValue 0 */
  argnums?: number | readonly number[];
  /** `f` returns `[output, aux]`; aux is returned alongside, not differentiated. @defaultValue false */
  hasAux?: boolean;
}

function gradImpl(where: string, f: (...args: never[]) => unknown, options: GradOptions, withValue: boolean) {
  checkOptions(where, options, ["argnums", "hasAux"]);
  const argnums = options.argnums ?? 0;
  const list = typeof argnums === "number" ? [argnums] : [...argnums];
  const hasAux = options.hasAux ?? false;
  return (...args: unknown[]): unknown => {
    const p = partialOver(where, f as (...a: unknown[]) => unknown, args, list);
    p.leaves.forEach((x, i) => {
      if (!isFloat(x.dtype)) {
        throw new NonDifferentiableError(`${where}: input leaf ${i} has dtype ${x.dtype}; differentiation needs float inputs — cast with astype('float32') or leave it out of argnums`);
      }
    });
    let auxTree: TreeDef | undefined;
    const lin = linearizeFlat(where, (xs) => {
      const r = p.call(xs);
      if (!hasAux) return flattenOutputs(where, [r]);
      if (!globalThis.Array.isArray(r) || r.length !== 2) {
        throw new TransformationError(`${where}: with hasAux the function must return [output, aux], got ${typeof r}`);
      }
      const [auxLeaves, t] = flattenOutputs(where, r[1]);
      auxTree = t;
      const [outLeaves] = flattenOutputs(where, [r[0]]);
      return flattenOutputs(where, [...outLeaves, ...auxLeaves]);
    }, p.leaves);
    const out = lin.outs[0] as Array;
    if (out.ndim !== 0 || !isFloat(out.dtype)) {
      throw new TransformationError(
        `${where}: the function must return a float scalar, got ${out.aval.toString()}; reduce it (e.g. .sum()) or use vjp/jacrev for non-scalar outputs`,
      );
    }
    const cts = lin.backward([ops.fullLike(out, 1), ...lin.outs.slice(1).map(() => null)]);
    const grads = cts.map((c, i) => c ?? ops.zerosLike(p.leaves[i] as Array));
    const g = regroup(grads, p.trees, p.counts, typeof argnums === "number");
    const aux = hasAux ? unflatten(auxTree as TreeDef, lin.outs.slice(1)) : undefined;
    if (withValue) return [hasAux ? [out, aux] : out, g];
    return hasAux ? [g, aux] : g;
  };
}

/**
 * The gradient of a scalar-valued `f` with respect to argument(s) `argnums`, with the
 * arguments' structure. With `hasAux`, `f` returns `[output, aux]` and grad returns `[grad, aux]`.
 * @example
 * ```ts
 * grad((x) => np.sum(np.sin(x)))(np.array([0, 1]))  // cos(x)
 * ```
 * @public
 */
export function grad<A extends unknown[]>(f: (...args: A) => unknown, options: GradOptions = {}): (...args: A) => unknown {
  return gradImpl("grad", f as (...args: never[]) => unknown, options, false) as (...args: A) => unknown;
}

/** Like {@link grad} but returns `[value, gradient]` (`[[value, aux], gradient]` with hasAux). @public */
export function valueAndGrad<A extends unknown[]>(f: (...args: A) => unknown, options: GradOptions = {}): (...args: A) => unknown {
  return gradImpl("valueAndGrad", f as (...args: never[]) => unknown, options, true) as (...args: A) => unknown;
}

/**
 * `[f(...primals), fLin]`: the outputs and the linear map from input tangents to output tangents
 * (JAX's `linearize`), evaluated once and reusable for many tangents.
 * @public
 */
export function linearize(f: (...args: never[]) => unknown, ...primals: unknown[]): [unknown, (...tangents: unknown[]) => unknown] {
  const [leaves, inTree] = flattenArrays("linearize", primals);
  const lin = linearizeFlat("linearize", (xs) => flattenOutputs("linearize", (f as (...a: unknown[]) => unknown)(...(unflatten(inTree, xs) as unknown[]))), leaves);
  const fLin = (...tangents: unknown[]): unknown => {
    const [ts, tTree] = flattenArrays("linearize", tangents);
    if (!tTree.equals(inTree)) throw new TransformationError(`linearize: tangents have structure ${tTree.toString()} but the primals had ${inTree.toString()}`);
    return unflatten(lin.outTree, lin.forward(ts.map((t, i) => ops.convert(t, (leaves[i] as Array).dtype))));
  };
  return [unflatten(lin.outTree, lin.outs), fLin];
}

/**
 * `[f(...primals), vjpFn]` where `vjpFn(cotangent)` returns the cotangents of the primals (an
 * array with one entry per primal) for a cotangent with the output's structure.
 * @public
 */
export function vjp(f: (...args: never[]) => unknown, ...primals: unknown[]): [unknown, (cotangent: unknown) => unknown[]] {
  const [leaves, inTree] = flattenArrays("vjp", primals);
  const lin = linearizeFlat("vjp", (xs) => flattenOutputs("vjp", (f as (...a: unknown[]) => unknown)(...(unflatten(inTree, xs) as unknown[]))), leaves);
  const vjpFn = (cotangent: unknown): unknown[] => {
    const [cts, ctTree] = flattenArrays("vjp", cotangent);
    if (!ctTree.equals(lin.outTree)) {
      throw new TransformationError(`vjp: the cotangent has structure ${ctTree.toString()} but the output has ${lin.outTree.toString()}`);
    }
    const res = lin.backward(cts.map((c, i) => ops.convert(c, (lin.outs[i] as Array).dtype)));
    return unflatten(inTree, res.map((c, i) => c ?? ops.zerosLike(leaves[i] as Array))) as unknown[];
  };
  return [unflatten(lin.outTree, lin.outs), vjpFn];
}

/** Options of the Jacobian transformations. @public */
export interface JacobianOptions {
  /** Which positional argument(s) to differentiate with respect to. @defaultValue 0 */
  argnums?: number | readonly number[];
  /** `f` returns `[output, aux]`; the result is `[jacobian, aux]`. @defaultValue false */
  hasAux?: boolean;
}

/** The standard basis of `x`'s space: shape `[x.size, ...x.shape]`, row k the k-th unit array. */
function basis(x: Array): Array {
  const n = x.size;
  const eye = ops.convert(ops.eq(ops.iota([n, n], 0), ops.iota([n, n], 1)), x.dtype);
  return ops.reshape(eye, [n, ...x.shape]);
}

function jacImpl(where: string, f: (...args: unknown[]) => unknown, options: JacobianOptions, forward: boolean) {
  checkOptions(where, options, ["argnums", "hasAux"]);
  const argnums = options.argnums ?? 0;
  const list = typeof argnums === "number" ? [argnums] : [...argnums];
  const hasAux = options.hasAux ?? false;
  return (...args: unknown[]): unknown => {
    const p = partialOver(where, f, args, list);
    const xs = p.leaves;
    xs.forEach((x, i) => {
      if (!isFloat(x.dtype)) {
        throw new NonDifferentiableError(`${where}: input leaf ${i} has dtype ${x.dtype}; differentiation needs float inputs — cast with astype('float32') or leave it out of argnums`);
      }
    });
    let outTree: TreeDef | undefined;
    let auxTree: TreeDef | undefined;
    let numOut = 0;
    const lin = linearizeFlat(
      where,
      (v) => {
        const r = p.call(v);
        if (!hasAux) {
          const flat = flattenOutputs(where, r);
          outTree = flat[1];
          numOut = flat[0].length;
          return flat;
        }
        if (!globalThis.Array.isArray(r) || r.length !== 2) throw new TransformationError(`${where}: with hasAux the function must return [output, aux]`);
        const [outs, t] = flattenOutputs(where, r[0]);
        const [auxLeaves, at] = flattenOutputs(where, r[1]);
        outTree = t;
        auxTree = at;
        numOut = outs.length;
        return flattenOutputs(where, [...outs, ...auxLeaves]);
      },
      xs,
    );
    const outs = lin.outs.slice(0, numOut);
    const zeroCts = (): (Array | null)[] => lin.outs.map(() => null);
    // block[i][j]: d out_i / d x_j, of shape out_i.shape + x_j.shape.
    const block: Array[][] = outs.map(() => []);
    if (forward) {
      for (let j = 0; j < xs.length; j++) {
        const x = xs[j] as Array;
        const pushed = vmap((t: Array) => lin.forward(xs.map((y, k) => (k === j ? t : ops.zerosLike(y)))).slice(0, numOut))(basis(x)) as Array[];
        pushed.forEach((col, i) => {
          const o = outs[i] as Array;
          const moved = ops.moveAxis(ops.reshape(col, [x.size, ...o.shape]), 0, o.ndim);
          (block[i] as Array[])[j] = ops.reshape(moved, [...o.shape, ...x.shape]);
        });
      }
    } else {
      outs.forEach((o, i) => {
        const pulled = vmap((c: Array) => {
          const cts = zeroCts();
          cts[i] = c;
          return lin.backward(cts).map((g, k) => g ?? ops.zerosLike(xs[k] as Array));
        })(basis(o)) as Array[];
        pulled.forEach((g, k) => ((block[i] as Array[])[k] = ops.reshape(g, [...o.shape, ...(xs[k] as Array).shape])));
      });
    }
    // JAX's nesting: the output's structure, each leaf holding the argnums structure of Jacobians.
    const single = typeof argnums === "number";
    const perOut = block.map((cols) => (single && (p.counts[0] ?? 0) === 1 && p.trees.length === 1 ? cols[0] : regroup(cols, p.trees, p.counts, single)));
    const jac = unflatten(outTree as TreeDef, perOut);
    return hasAux ? [jac, unflatten(auxTree as TreeDef, lin.outs.slice(numOut))] : jac;
  };
}

/** Jacobian by forward mode (one JVP per input element, vectorised): shape `out.shape + in.shape`. @public */
export function jacfwd(f: (...args: never[]) => unknown, options: JacobianOptions = {}): (...args: unknown[]) => unknown {
  return jacImpl("jacfwd", f as (...args: unknown[]) => unknown, options, true);
}

/** Jacobian by reverse mode (one VJP per output element, vectorised): shape `out.shape + in.shape`. @public */
export function jacrev(f: (...args: never[]) => unknown, options: JacobianOptions = {}): (...args: unknown[]) => unknown {
  return jacImpl("jacrev", f as (...args: unknown[]) => unknown, options, false);
}

/** The Hessian `jacfwd(jacrev(f))` of a scalar function (`hasAux`: aux returned alongside). @public */
export function hessian(f: (...args: never[]) => unknown, options: JacobianOptions = {}): (...args: unknown[]) => unknown {
  checkOptions("hessian", options, ["argnums", "hasAux"]);
  // With hasAux the inner jacrev returns [jacobian, aux], which the outer jacfwd treats as [output, aux].
  return jacfwd(jacrev(f, options) as (...args: never[]) => unknown, options);
}

/** The identity on values, seen as a constant by differentiation. @public */
export function stopGradient<T>(x: T): T {
  return treeMap((leaf: unknown) => (leaf instanceof Array ? stopGradientP.bind1([leaf], {}) : leaf), x) as T;
}

/**
 * The programs reverse mode runs for `f` at `primals`: the known (primal) program, which also
 * outputs the residuals saved for the backward pass, and the linear tangent program. Useful to
 * inspect what differentiation stores (e.g. the effect of `checkpoint`).
 * @beta
 */
export function linearizeProgram(f: (...args: never[]) => unknown, ...primals: unknown[]): PartialEvalResult {
  const [leaves, inTree] = flattenArrays("linearizeProgram", primals);
  let result: PartialEvalResult | undefined;
  linearizeFlat(
    "linearizeProgram",
    (xs) => flattenOutputs("linearizeProgram", (f as (...a: unknown[]) => unknown)(...(unflatten(inTree, xs) as unknown[]))),
    leaves,
    (pe) => (result = pe),
  );
  return result as PartialEvalResult;
}
