// checkpoint (remat): under reverse-mode differentiation, save only the inputs of a function (and
// what the policy allows) and recompute the rest during the backward pass. Layer 13.

import type { Array } from "../array/Array.js";
import { checkOptions } from "../errors/errors.js";
import { evalJaxpr } from "../ir/evalJaxpr.js";
import { hasEffects, Jaxpr, Var, type Eqn } from "../ir/jaxpr.js";
import { dce } from "../ir/passes/dce.js";
import { partialEvalJaxpr } from "../interpreters/partialEval.js";
import { backwardPass } from "../interpreters/transpose.js";
import * as ops from "../primitives/ops.js";
import { batchToFront, isLinear } from "../primitives/rules.js";
import { definePrimitive, type Primitive } from "../trace/primitive.js";
import { unflatten, type TreeDef } from "../tree/index.js";
import { avalOf, flattenArrays, flattenOutputs, traceFlat } from "../transforms/flat.js";
import { jvpFlat } from "../transforms/jvp.js";
import { vmap } from "../transforms/vmap.js";

/** Decides, by primitive name, whether an intermediate value may be saved for the backward pass instead of recomputed. @public */
export type CheckpointPolicy = (primitiveName: string) => boolean;

/** Params of the `checkpoint` primitive. */
export interface CheckpointParams {
  readonly jaxpr: Jaxpr;
  readonly policy: CheckpointPolicy | null;
  readonly name: string;
}

function definingPrimitives(j: Jaxpr): Map<Var, string> {
  const m = new Map<Var, string>();
  for (const e of j.eqns) for (const o of e.outputs) m.set(o, e.primitive.name);
  return m;
}

/**
 * The program without its output-less effectful equations (debugCallback, errorIf): recomputing
 * for the backward pass must not repeat side effects that already ran in the forward pass.
 */
function withoutPureEffects(j: Jaxpr): Jaxpr {
  return new Jaxpr(j.constvars, j.invars, j.eqns.filter((e) => !(e.outputs.length === 0 && hasEffects(e))), j.outvars);
}

/** Splits a checkpointed equation: the known half saves inputs (and policy-approved values); the unknown half recomputes. */
function rematPartialEval(eqn: Eqn, unknowns: readonly boolean[]): { known: Eqn[]; unknown: Eqn[]; outUnknowns: boolean[] } {
  const params = eqn.params as CheckpointParams;
  const body = params.jaxpr;
  const pe = partialEvalJaxpr(body, unknowns);
  const numKnownOuts = pe.outUnknowns.filter((u) => !u).length;
  const residualVars = pe.known.outvars.slice(numKnownOuts) as Var[];
  const knownInvars = new Set(pe.known.invars);
  const defs = definingPrimitives(pe.known);
  // A residual is saved when it is a known input anyway, or when the policy allows saving its producer.
  const saved = residualVars.map((v) => knownInvars.has(v) || (params.policy !== null && params.policy(defs.get(v) ?? "")));
  const savedVars = residualVars.filter((_, i) => saved[i]);
  const knownBody = dce(new Jaxpr([], pe.known.invars, pe.known.eqns, [...pe.known.outvars.slice(0, numKnownOuts), ...savedVars])).jaxpr;
  const recompute = dce(withoutPureEffects(new Jaxpr([], pe.known.invars, pe.known.eqns, residualVars))).jaxpr;
  const knownInputs = eqn.inputs.filter((_, i) => !unknowns[i]);
  const unknownInputs = eqn.inputs.filter((_, i) => unknowns[i]);
  const knownOutVars = eqn.outputs.filter((_, i) => !pe.outUnknowns[i]);
  const unknownOutVars = eqn.outputs.filter((_, i) => pe.outUnknowns[i]);
  const savedOutVars = savedVars.map((v) => new Var(v.aval));
  const nk = knownInputs.length;
  const ns = savedVars.length;
  const rematBody = traceFlat(
    "checkpoint",
    (xs) => {
      const kIns = xs.slice(0, nk);
      const savedVals = xs.slice(nk, nk + ns);
      const uIns = xs.slice(nk + ns);
      const recomputed = evalJaxpr(recompute, [], kIns);
      let s = 0;
      const residuals = recomputed.map((r, i) => (saved[i] ? (savedVals[s++] as Array) : r));
      return evalJaxpr(pe.unknown, [], [...residuals, ...uIns]);
    },
    [...knownInputs.map((a) => a.aval), ...savedVars.map((v) => v.aval), ...unknownInputs.map((a) => a.aval)],
  );
  const known: Eqn = { primitive: eqn.primitive, inputs: knownInputs, outputs: [...knownOutVars, ...savedOutVars], params: { ...params, jaxpr: knownBody } };
  if (rematBody.consts.length > 0) {
    throw new Error("checkpoint: internal error — the recomputation program closed over array constants");
  }
  const unknown: Eqn = {
    primitive: eqn.primitive,
    inputs: [...knownInputs, ...savedOutVars, ...unknownInputs],
    outputs: unknownOutVars,
    params: { ...params, jaxpr: rematBody.jaxpr },
  };
  return { known: [known], unknown: [unknown], outUnknowns: pe.outUnknowns };
}

/** Applies a function whose intermediates are recomputed, not stored, for the backward pass. */
export const checkpointP: Primitive<CheckpointParams> = definePrimitive<CheckpointParams>({
  name: "checkpoint",
  abstractEval: (_avals, { jaxpr }) => jaxpr.outAvals,
  impl: (args, { jaxpr }) => evalJaxpr(jaxpr, [], args),
  // The JVP is another checkpoint over the body's JVP program, so partial evaluation can split it.
  jvp: (primals, tangents, params) => {
    const n = primals.length;
    const ts = tangents.map((t, i) => t ?? ops.zerosLike(primals[i] as Array));
    const jvpBody = traceFlat(
      "checkpoint",
      (xs) => {
        const [outs, touts] = jvpFlat((ys) => [evalJaxpr(params.jaxpr, [], ys), null], xs.slice(0, n), xs.slice(n));
        return [...outs.values, ...touts];
      },
      [...primals.map(avalOf), ...primals.map(avalOf)],
    );
    const outs = checkpointP.bind([...jvpBody.consts, ...primals, ...ts], { ...params, jaxpr: jvpBody.jaxpr });
    const m = outs.length / 2;
    return [outs.slice(0, m), outs.slice(m)];
  },
  // Recompute the known part of the body from the saved values, then transpose the linear part.
  transpose: (cts, args, params) => {
    const unknowns = args.map((a) => isLinear(a));
    const pe = partialEvalJaxpr(params.jaxpr, unknowns);
    const knownArgs = args.filter((a) => !isLinear(a)) as Array[];
    const knownOuts = evalJaxpr(withoutPureEffects(pe.known), [], knownArgs);
    const residuals = knownOuts.slice(knownOuts.length - pe.numResiduals);
    const unknownCts = cts.filter((_, i) => pe.outUnknowns[i]);
    const inCts = backwardPass(pe.unknown, [], residuals, unknownCts, ops.add);
    let k = 0;
    return args.map((a) => (isLinear(a) ? (inCts[k++] ?? null) : null));
  },
  partialEval: rematPartialEval,
  // Batch the body and keep it checkpointed.
  batch: (args, dims, params, size) => {
    const moved = args.map((a, i) => batchToFront(a, dims[i] ?? null, size));
    const body = traceFlat(
      "checkpoint",
      (xs) => vmap((...ys: Array[]) => evalJaxpr(params.jaxpr, [], ys))(...xs) as Array[],
      moved.map(avalOf),
    );
    const outs = checkpointP.bind([...body.consts, ...moved], { ...params, jaxpr: body.jaxpr });
    return [outs, outs.map(() => 0)];
  },
});

/** Options of {@link checkpoint}. @public */
export interface CheckpointOptions {
  /** Which intermediates may be saved instead of recomputed (by producing primitive); default: none. */
  policy?: CheckpointPolicy;
}

/**
 * Wraps `f` so that reverse-mode differentiation recomputes its intermediates in the backward
 * pass instead of storing them (JAX's `checkpoint`/`remat`): less memory, more compute.
 * @public
 */
export function checkpoint<A extends unknown[], R>(f: (...args: A) => R, options: CheckpointOptions = {}): (...args: A) => R {
  checkOptions("checkpoint", options, ["policy"]);
  const name = f.name || "fn";
  return (...args: A): R => {
    const [leaves, inTree] = flattenArrays("checkpoint", args);
    let traced: TreeDef | undefined;
    const body = traceFlat(
      "checkpoint",
      (xs) => {
        const [outs, t] = flattenOutputs("checkpoint", f(...(unflatten(inTree, xs) as A)));
        traced = t;
        return outs;
      },
      leaves.map(avalOf),
    );
    const outs = checkpointP.bind([...body.consts, ...leaves], { jaxpr: body.jaxpr, policy: options.policy ?? null, name });
    return unflatten(traced as TreeDef, outs) as R;
  };
}
