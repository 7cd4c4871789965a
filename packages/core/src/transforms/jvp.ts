// jvp: forward-mode differentiation of a function at a point along a tangent. Layer 12.

import type { Array } from "../array/Array.js";
import { DTypeError, ShapeError } from "../errors/errors.js";
import { JvpTrace, JvpTracer } from "../interpreters/jvp.js";
import * as ops from "../primitives/ops.js";
import { currentTrace, withTrace } from "../trace/trace.js";
import { TreeMismatchError, unflatten } from "../tree/index.js";
import { flattenArrays, flattenOutputs } from "./flat.js";

/**
 * Evaluates `f(...primals)` and its directional derivative along `tangents` (same structure,
 * shapes and dtypes as `primals`). Returns `[output, outputTangent]` with the output's structure.
 * @example
 * ```ts
 * jvp((x) => np.sin(x), [np.array(0.5)], [np.array(1)])  // [sin 0.5, cos 0.5]
 * ```
 * @public
 */
export function jvp(f: (...args: never[]) => unknown, primals: readonly unknown[], tangents: readonly unknown[]): [unknown, unknown] {
  const [ps, pTree] = flattenArrays("jvp", primals);
  const [ts, tTree] = flattenArrays("jvp", tangents);
  if (!pTree.equals(tTree)) {
    throw new TreeMismatchError(`jvp: tangents have structure ${tTree.toString()} but primals have ${pTree.toString()}; pass one tangent per primal`);
  }
  ps.forEach((p, i) => {
    const t = ts[i] as Array;
    if (p.shape.join(",") !== t.shape.join(",")) {
      throw new ShapeError(`jvp: tangent ${i} has shape [${t.shape.join(",")}] but its primal has shape [${p.shape.join(",")}]; they must match`);
    }
    if (p.dtype !== t.dtype && !t.weakType) {
      throw new DTypeError(`jvp: tangent ${i} has dtype ${t.dtype} but its primal has ${p.dtype}; they must match`);
    }
  });
  const [outs, outTangents] = jvpFlat(
    (xs) => flattenOutputs("jvp", (f as (...a: unknown[]) => unknown)(...(unflatten(pTree, xs) as unknown[]))),
    ps,
    ts.map((t, i) => ops.convert(t, (ps[i] as Array).dtype)),
  );
  return [unflatten(outs.tree, outs.values), unflatten(outs.tree, outTangents)];
}

/**
 * The flat JVP every forward-mode transformation uses: runs `f` under a new JVP trace with the
 * given primals and tangents; output tangents of values that do not depend on the inputs are
 * instantiated as zeros.
 * @beta
 */
export function jvpFlat<T>(
  f: (xs: Array[]) => [Array[], T],
  primals: readonly Array[],
  tangents: readonly Array[],
): [{ values: Array[]; tree: T }, Array[]] {
  const trace = new JvpTrace(currentTrace());
  try {
    const ins = primals.map((p, i) => trace.tracer(p, tangents[i] as Array));
    const [outs, tree] = withTrace(trace, () => f(ins));
    const values: Array[] = [];
    const outTangents: Array[] = [];
    for (const o of outs) {
      const [p, t] = o instanceof JvpTracer && o.trace === trace ? [o.primal, o.tangent] : [o, null];
      values.push(p);
      outTangents.push(t ?? ops.zerosLike(p));
    }
    return [{ values, tree }, outTangents];
  } finally {
    trace.finish();
  }
}
