// scan: a loop carrying state and stacking per-step outputs (JAX's lax.scan), with evaluation,
// JVP, partial evaluation (residuals stacked per step), transpose (a reversed scan) and batching
// rules. `forI` and `map` are built on it. Layer 13.

import { Array, ArrayImpl } from "../array/Array.js";
import { fromData } from "../array/create.js";
import { ShapedArray } from "../array/aval.js";
import { allocData } from "../dtype/dtype.js";
import { checkOptions, ShapeError, TransformationError } from "../errors/errors.js";
import { ClosedJaxpr, Jaxpr, Var, type Atom, type Eqn } from "../ir/jaxpr.js";
import { partialEvalJaxpr } from "../interpreters/partialEval.js";
import * as ops from "../primitives/ops.js";
import { sliceP } from "../primitives/movement.js";
import { batchToFront, isLinear } from "../primitives/rules.js";
import { definePrimitive, type Primitive } from "../trace/primitive.js";
import { unflatten, type TreeDef } from "../tree/index.js";
import { avalOf, flattenArrays, flattenOutputs, traceFlat } from "../transforms/flat.js";
import { vmap } from "../transforms/vmap.js";
import { evalClosed, jvpJaxpr, permuteInputs, permuteOutputs, retrace, transposeJaxpr, zerosOf } from "./common.js";

/** Params of `scan`. The body maps `[consts, carry, x_i]` to `[carry, y_i]`. @beta */
export interface ScanParams {
  readonly jaxpr: ClosedJaxpr;
  readonly numConsts: number;
  readonly numCarry: number;
  readonly length: number;
  readonly reverse: boolean;
  readonly unroll: number;
}

const range = (a: number, b: number): number[] => globalThis.Array.from({ length: Math.max(0, b - a) }, (_, k) => a + k);

/** Element `i` of `x` along axis 0. */
function sliceAt(x: Array, i: number): Array {
  const part = sliceP.bind1([x], {
    start: x.shape.map((_, k) => (k === 0 ? i : 0)),
    limit: x.shape.map((n, k) => (k === 0 ? i + 1 : n)),
    strides: x.shape.map(() => 1),
  });
  return ops.reshape(part, x.shape.slice(1));
}

/**
 * Stacks per-step results (concrete arrays) along a new axis 0, on the backend of the first: with
 * the backend's copyInto the data never leaves the device; otherwise it goes through the host.
 */
function stack(items: readonly Array[], aval: ShapedArray, length: number): Array {
  const per = aval.size;
  const outAval = new ShapedArray([length, ...aval.shape], aval.dtype, aval.weakType);
  const first = items[0];
  const backend = first instanceof ArrayImpl ? first.backend : undefined;
  if (backend?.copyInto && items.every((it) => it instanceof ArrayImpl && it.backend === backend)) {
    const out = backend.allocate(aval.dtype, per * length);
    items.forEach((it, i) => backend.copyInto?.(out, i * per, (it as ArrayImpl).buffer));
    return new ArrayImpl(out, outAval);
  }
  const data = allocData(aval.dtype, per * length);
  items.forEach((it, i) => data.set(it.data(), i * per));
  return fromData(data, outAval.shape, aval.dtype, aval.weakType, backend);
}

function scanAbstractEval(avals: readonly ShapedArray[], p: ScanParams): ShapedArray[] {
  const body = p.jaxpr;
  const xs = avals.slice(p.numConsts + p.numCarry);
  xs.forEach((x, k) => {
    if (x.shape[0] !== p.length) {
      throw new ShapeError(`scan: scanned input ${k} has leading size ${x.shape[0] ?? "(scalar)"} but the scan length is ${p.length}; every xs leaf must have length ${p.length} on axis 0`);
    }
  });
  const outs = body.outAvals;
  return [...outs.slice(0, p.numCarry), ...outs.slice(p.numCarry).map((a) => new ShapedArray([p.length, ...a.shape], a.dtype, a.weakType))];
}

/** Splits a scan whose operands are partly unknown; per-step residuals become stacked outputs of the known scan. */
function scanPartialEval(eqn: Eqn, unknowns: readonly boolean[]): { known: Eqn[]; unknown: Eqn[]; outUnknowns: boolean[] } {
  const p = eqn.params as ScanParams;
  const nc = p.numConsts;
  const ncar = p.numCarry;
  const body = p.jaxpr.jaxpr;
  const constUnk = unknowns.slice(0, nc);
  const xsUnk = unknowns.slice(nc + ncar);
  let carryUnk = unknowns.slice(nc, nc + ncar);
  for (;;) {
    const trial = partialEvalJaxpr(body, [...constUnk, ...carryUnk, ...xsUnk]);
    const next = carryUnk.map((u, k) => u || (trial.outUnknowns[k] ?? false));
    if (next.every((u, k) => u === carryUnk[k])) break;
    carryUnk = next;
  }
  const nys = body.outvars.length - ncar;
  const pe = partialEvalJaxpr(body, [...constUnk, ...carryUnk, ...xsUnk], [...carryUnk, ...new globalThis.Array<boolean>(nys).fill(false)]);
  const outUnknowns = pe.outUnknowns.map((u, k) => (k < ncar ? (carryUnk[k] as boolean) : u));
  const knownConstIdx = range(0, nc).filter((k) => !constUnk[k]);
  const knownCarryIdx = range(0, ncar).filter((k) => !carryUnk[k]);
  const knownXsIdx = range(0, xsUnk.length).filter((k) => !xsUnk[k]);
  const numKnownOuts = pe.outUnknowns.filter((u) => !u).length;
  const residuals = pe.known.outvars.slice(numKnownOuts) as Var[];
  const residualBinders = pe.unknown.invars.slice(0, residuals.length);
  // Residuals that are known constants (of the eqn or of the body) are passed once, not stacked.
  const knownConstVars = pe.known.invars.slice(0, knownConstIdx.length);
  const constResidual = residuals.map((r) => knownConstVars.indexOf(r));
  const closureResidual = residuals.map((r) => body.constvars.indexOf(r));
  const stackedIdx = residuals.map((_, k) => k).filter((k) => constResidual[k] === -1 && closureResidual[k] === -1);
  const passedIdx = residuals.map((_, k) => k).filter((k) => constResidual[k] !== -1);
  const closureIdx = residuals.map((_, k) => k).filter((k) => closureResidual[k] !== -1);
  const knownBody = new ClosedJaxpr(
    new Jaxpr(pe.known.constvars, pe.known.invars, pe.known.eqns, [...pe.known.outvars.slice(0, numKnownOuts), ...stackedIdx.map((k) => residuals[k] as Var)]),
    p.jaxpr.consts,
  );
  const nUnkConsts = constUnk.filter(Boolean).length;
  const nUnkCarry = carryUnk.filter(Boolean).length;
  const unkInvars = pe.unknown.invars;
  const unknownBody = new ClosedJaxpr(
    new Jaxpr(
      closureIdx.map((k) => residualBinders[k] as Var),
      [
        ...passedIdx.map((k) => residualBinders[k] as Var),
        ...unkInvars.slice(residuals.length, residuals.length + nUnkConsts),
        ...unkInvars.slice(residuals.length + nUnkConsts, residuals.length + nUnkConsts + nUnkCarry),
        ...stackedIdx.map((k) => residualBinders[k] as Var),
        ...unkInvars.slice(residuals.length + nUnkConsts + nUnkCarry),
      ],
      pe.unknown.eqns,
      pe.unknown.outvars,
    ),
    closureIdx.map((k) => p.jaxpr.consts[closureResidual[k] as number] as Array),
  );
  const ins = eqn.inputs;
  const stackedVars = stackedIdx.map((k) => new Var(new ShapedArray([p.length, ...(residuals[k] as Var).aval.shape], (residuals[k] as Var).aval.dtype)));
  const known: Eqn = {
    primitive: eqn.primitive,
    inputs: [...knownConstIdx.map((k) => ins[k] as Atom), ...knownCarryIdx.map((k) => ins[nc + k] as Atom), ...knownXsIdx.map((k) => ins[nc + ncar + k] as Atom)],
    outputs: [...eqn.outputs.filter((_, k) => !outUnknowns[k]), ...stackedVars],
    params: { ...p, jaxpr: knownBody, numConsts: knownConstIdx.length, numCarry: knownCarryIdx.length },
  };
  const unknown: Eqn = {
    primitive: eqn.primitive,
    inputs: [
      ...passedIdx.map((k) => ins[knownConstIdx[constResidual[k] as number] as number] as Atom),
      ...range(0, nc).filter((k) => constUnk[k]).map((k) => ins[k] as Atom),
      ...range(0, ncar).filter((k) => carryUnk[k]).map((k) => ins[nc + k] as Atom),
      ...stackedVars,
      ...range(0, xsUnk.length).filter((k) => xsUnk[k]).map((k) => ins[nc + ncar + k] as Atom),
    ],
    outputs: eqn.outputs.filter((_, k) => outUnknowns[k]),
    params: { ...p, jaxpr: unknownBody, numConsts: passedIdx.length + nUnkConsts, numCarry: nUnkCarry },
  };
  return { known: [known], unknown: [unknown], outUnknowns };
}

/** The scan primitive. @beta */
export const scanP: Primitive<ScanParams> = definePrimitive<ScanParams>({
  name: "scan",
  abstractEval: scanAbstractEval,
  impl: (args, p) => {
    const consts = args.slice(0, p.numConsts);
    let carry = args.slice(p.numConsts, p.numConsts + p.numCarry);
    const xs = args.slice(p.numConsts + p.numCarry);
    const yAvals = p.jaxpr.outAvals.slice(p.numCarry);
    const ys: Array[][] = yAvals.map(() => new globalThis.Array<Array>(p.length));
    for (let k = 0; k < p.length; k++) {
      const i = p.reverse ? p.length - 1 - k : k;
      const outs = evalClosed(p.jaxpr, [...consts, ...carry, ...xs.map((x) => sliceAt(x, i))]);
      carry = outs.slice(0, p.numCarry);
      outs.slice(p.numCarry).forEach((y, j) => ((ys[j] as Array[])[i] = y));
    }
    return [...carry, ...ys.map((items, j) => stack(items, yAvals[j] as ShapedArray, p.length))];
  },
  jvp: (primals, tangents, p) => {
    const nc = p.numConsts;
    const ncar = p.numCarry;
    const n = primals.length;
    const ts = tangents.map((t, i) => t ?? ops.zerosLike(primals[i] as Array));
    const jb = jvpJaxpr("scan", p.jaxpr);
    const nout = p.jaxpr.jaxpr.outvars.length;
    // [consts, carry, xs, consts_t, carry_t, xs_t] → [consts, consts_t, carry, carry_t, xs, xs_t].
    const inOrder = [...range(0, nc), ...range(n, n + nc), ...range(nc, nc + ncar), ...range(n + nc, n + nc + ncar), ...range(nc + ncar, n), ...range(n + nc + ncar, 2 * n)];
    const outOrder = [...range(0, ncar), ...range(nout, nout + ncar), ...range(ncar, nout), ...range(nout + ncar, 2 * nout)];
    const body = permuteOutputs(permuteInputs(jb, inOrder), outOrder);
    const operands = inOrder.map((k) => (k < n ? (primals[k] as Array) : (ts[k - n] as Array)));
    const outs = scanP.bind(operands, { ...p, jaxpr: body, numConsts: 2 * nc, numCarry: 2 * ncar });
    const nys = nout - ncar;
    return [
      [...outs.slice(0, ncar), ...outs.slice(2 * ncar, 2 * ncar + nys)],
      [...outs.slice(ncar, 2 * ncar), ...outs.slice(2 * ncar + nys)],
    ];
  },
  partialEval: scanPartialEval,
  // A reversed scan of the transposed body; cotangents of linear constants accumulate in the carry.
  transpose: (cts, args, p) => {
    const nc = p.numConsts;
    const ncar = p.numCarry;
    const consts = args.slice(0, nc);
    const carry = args.slice(nc, nc + ncar);
    const xs = args.slice(nc + ncar);
    // Carries are transposed as linear even when their initial value is a known constant (a
    // zero tangent instantiated before the loop); such an initial value simply gets no cotangent.
    const linear = args.map((a, k) => (k >= nc && k < nc + ncar) || isLinear(a));
    const tb = transposeJaxpr("scan", p.jaxpr, linear);
    const kc = consts.filter((c) => !isLinear(c)) as Array[];
    const kx = xs.filter((x) => !isLinear(x)) as Array[];
    const lcAvals = consts.filter((c) => isLinear(c)).map((c) => (c as { aval: ShapedArray }).aval);
    const carryAvals = carry.map((c) => (c as { aval: ShapedArray }).aval);
    const outAvals = p.jaxpr.outAvals;
    const sliceAvals = [...kx.map((x) => new ShapedArray(x.shape.slice(1), x.dtype)), ...outAvals.slice(ncar)];
    const nlc = lcAvals.length;
    const body = retrace(
      "scan",
      (zs) => {
        const kcv = zs.slice(0, kc.length);
        const acc = zs.slice(kc.length, kc.length + nlc);
        const ctCarry = zs.slice(kc.length + nlc, kc.length + nlc + ncar);
        const kxv = zs.slice(kc.length + nlc + ncar, kc.length + nlc + ncar + kx.length);
        const ctYs = zs.slice(kc.length + nlc + ncar + kx.length);
        const r = evalClosed(tb, [...kcv, ...kxv, ...ctCarry, ...ctYs]);
        return [...acc.map((a, k) => ops.add(a, r[k] as Array)), ...r.slice(nlc, nlc + ncar), ...r.slice(nlc + ncar)];
      },
      [...kc.map(avalOf), ...lcAvals, ...carryAvals, ...sliceAvals],
    );
    const ctCarryOut = cts.slice(0, ncar).map((c, k) => c ?? zerosOf(outAvals[k] as ShapedArray));
    const ctYs = cts.slice(ncar).map((c, k) => {
      const a = outAvals[ncar + k] as ShapedArray;
      return c ?? ops.full([p.length, ...a.shape], 0, a.dtype);
    });
    const res = scanP.bind([...kc, ...lcAvals.map(zerosOf), ...ctCarryOut, ...kx, ...ctYs], {
      ...p,
      jaxpr: body,
      numConsts: kc.length,
      numCarry: nlc + ncar,
      reverse: !p.reverse,
    });
    const ctLc = res.slice(0, nlc);
    const ctInit = res.slice(nlc, nlc + ncar);
    const ctLx = res.slice(nlc + ncar);
    let a = 0;
    let b = 0;
    return [
      ...consts.map((c) => (isLinear(c) ? (ctLc[a++] ?? null) : null)),
      ...ctInit.map((c, k) => (isLinear(carry[k]) ? c : null)),
      ...xs.map((x) => (isLinear(x) ? (ctLx[b++] ?? null) : null)),
    ];
  },
  // Every carry is batched; scanned inputs keep the scan on axis 0 with the batch on axis 1.
  batch: (args, dims, p, size) => {
    const nc = p.numConsts;
    const ncar = p.numCarry;
    const consts = args.slice(0, nc).map((c, k) => (dims[k] === null || dims[k] === undefined ? c : ops.moveAxis(c, dims[k] as number, 0)));
    const carry = args.slice(nc, nc + ncar).map((c, k) => batchToFront(c, dims[nc + k] ?? null, size));
    const xs = args.slice(nc + ncar).map((x, k) => {
      const d = dims[nc + ncar + k] ?? null;
      return d === null ? x : ops.moveAxis(x, d, 1);
    });
    const inAxes = [...args.slice(0, nc).map((_, k) => (dims[k] === null || dims[k] === undefined ? null : 0)), ...carry.map(() => 0), ...xs.map((_, k) => ((dims[nc + ncar + k] ?? null) === null ? null : 0))];
    const sliceAvals = [...consts.map(avalOf), ...carry.map(avalOf), ...xs.map((x) => new ShapedArray(x.shape.slice(1), x.dtype, x.weakType))];
    const body = retrace("scan", (zs) => vmap((...ws: Array[]) => evalClosed(p.jaxpr, ws), { inAxes, axisSize: size })(...zs) as Array[], sliceAvals);
    const outs = scanP.bind([...consts, ...carry, ...xs], { ...p, jaxpr: body });
    return [outs, outs.map((_, k) => (k < ncar ? 0 : 1))];
  },
});

/** Options of {@link scan}. @public */
export interface ScanOptions {
  /** Number of steps; required when `xs` is null/empty, checked against xs otherwise. */
  length?: number;
  /** Iterate from the last element to the first (outputs stay in input order). @defaultValue false */
  reverse?: boolean;
  /** Steps per generated loop iteration in compiled code (a performance hint; results are identical). @defaultValue 1 */
  unroll?: number;
}

/**
 * JAX's `lax.scan`: `f(carry, x) → [carry, y]` applied over the leading axis of `xs` (any pytree),
 * returning `[finalCarry, stackedYs]`. Differentiable in both modes and batchable.
 * @public
 */
export function scan<C, X, Y>(f: (carry: C, x: X) => [C, Y], init: C, xs: X | null, options: ScanOptions = {}): [C, Y] {
  checkOptions("scan", options, ["length", "reverse", "unroll"]);
  const [initLeaves, carryTree] = flattenArrays("scan", init);
  const [xsLeaves, xsTree] = flattenArrays("scan", xs);
  const lengths = new Set(xsLeaves.map((x) => x.shape[0]));
  if (xsLeaves.some((x) => x.ndim === 0)) throw new ShapeError("scan: every xs leaf needs a leading axis to scan over; got a scalar");
  if (lengths.size > 1) {
    throw new ShapeError(`scan: xs leaves have different leading sizes ${[...lengths].join(", ")}; all scanned arrays must share axis 0`);
  }
  const fromXs = xsLeaves[0]?.shape[0];
  const length = options.length ?? fromXs;
  if (length === undefined) throw new ShapeError("scan: xs is empty, so pass { length } to say how many steps to run");
  if (fromXs !== undefined && fromXs !== length) throw new ShapeError(`scan: { length: ${length} } does not match the leading size ${fromXs} of xs`);
  let yTree: TreeDef | undefined;
  const nCarry = initLeaves.length;
  const body = traceFlat(
    "scan",
    (zs) => {
      const carry = unflatten(carryTree, zs.slice(0, nCarry)) as C;
      const x = unflatten(xsTree, zs.slice(nCarry)) as X;
      const r = f(carry, x);
      if (!globalThis.Array.isArray(r) || r.length !== 2) throw new TransformationError("scan: the body must return [carry, y]");
      const [cLeaves, cTree] = flattenOutputs("scan", r[0]);
      if (!cTree.equals(carryTree)) {
        throw new TransformationError(`scan: the body returned a carry of structure ${cTree.toString()} but the initial carry has ${carryTree.toString()}; the carry must keep its structure`);
      }
      cLeaves.forEach((c, k) => {
        const i = initLeaves[k] as Array;
        if (c.dtype !== i.dtype || c.shape.join(",") !== i.shape.join(",")) {
          throw new TransformationError(`scan: carry leaf ${k} changed from ${i.aval.toString()} to ${c.aval.toString()}; the carry must keep its shapes and dtypes (cast inside the body)`);
        }
      });
      const [yLeaves, t] = flattenOutputs("scan", r[1]);
      yTree = t;
      return [...cLeaves.map((c, k) => ops.convert(c, (initLeaves[k] as Array).dtype)), ...yLeaves];
    },
    [...initLeaves.map(avalOf), ...xsLeaves.map((x) => new ShapedArray(x.shape.slice(1), x.dtype, x.weakType))],
  );
  const outs = scanP.bind([...body.consts, ...initLeaves, ...xsLeaves], {
    jaxpr: new ClosedJaxpr(body.jaxpr, []),
    numConsts: body.consts.length,
    numCarry: nCarry,
    length,
    reverse: options.reverse ?? false,
    unroll: options.unroll ?? 1,
  });
  return [unflatten(carryTree, outs.slice(0, nCarry)) as C, unflatten(yTree as TreeDef, outs.slice(nCarry)) as Y];
}
