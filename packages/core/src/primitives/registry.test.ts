// The primitive registry's conformance suite: every registered primitive must have a case here.
// Each case checks abstract evaluation against eager results, the CPU backend's generated code
// against the kernel interpreter (the IR's spec), routines' native code against their generic
// lowering, jit against eager, vmap against a per-lane loop, and — for differentiable
// primitives — JVPs against central finite differences and VJPs against JVPs (checkGrads).
import { describe, expect, it } from "vitest";
import "../index.js";
import "./index.js";
import { Array, ArrayImpl } from "../array/Array.js";
import { fromData } from "../array/create.js";
import { allocData, isFloat, type DType } from "../dtype/dtype.js";
import { buildKernel } from "../interpreters/eval.js";
import { interpretKernel } from "../kernel/interpret.js";
import { getRoutine, type KernelEmitter } from "../backend/routines.js";
import type { DataArray } from "../dtype/dtype.js";
import { allPrimitives, lookupPrimitive } from "../trace/primitive.js";
import { jit } from "../control/jit.js";
import { vmap } from "../transforms/vmap.js";
import { checkGrads } from "../testing/checkGrads.js";
import { expectAllclose } from "../testing/allclose.js";
import { np } from "../index.js";

/** One conformance case: operands (fresh each call), params, and which checks apply. */
interface Case {
  readonly args: () => Array[];
  readonly params?: object;
  /** Check derivatives (default: when every operand and output is float). */
  readonly grad?: boolean;
  /** Derivative check order (default 1). */
  readonly order?: 1 | 2;
  /** Skip the reverse-mode check (forward mode still checked). */
  readonly fwdOnly?: boolean;
}

let seed = 1;
function rnd(): number {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed / 0x7fffffff;
}
const f64 = (shape: number[], lo = -1, hi = 1): Array =>
  fromData(Float64Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => lo + (hi - lo) * rnd()), shape, "float64");
const ints = (shape: number[], lo: number, hi: number, dtype: DType = "int32"): Array => {
  const data = allocData(dtype, shape.reduce((a, b) => a * b, 1));
  for (let i = 0; i < data.length; i++) data[i] = lo + Math.floor((hi - lo) * rnd());
  return fromData(data, shape, dtype);
};
const bools = (shape: number[]): Array => ints(shape, 0, 2, "bool");
const scalar64 = (v: number): Array => fromData(Float64Array.of(v), [], "float64");

const unary = (lo = -1, hi = 1): Case[] => [{ args: () => [f64([2, 3], lo, hi)] }];
const binary = (lo = -1, hi = 1): Case[] => [{ args: () => [f64([2, 3], lo, hi), f64([2, 3], lo, hi)] }];
const intBinary: Case[] = [{ args: () => [ints([5], -20, 20), ints([5], 1, 6)] }];
const compare: Case[] = [{ args: () => [f64([4]), f64([4])] }, { args: () => [ints([4], -3, 3), ints([4], -3, 3)] }];

const CASES: Record<string, Case[]> = {
  neg: unary(), sign: unary(), abs: unary(), floor: unary(-3, 3), ceil: unary(-3, 3), round: unary(-3, 3), trunc: unary(-3, 3),
  exp: unary(), expm1: unary(), log: unary(0.2, 3), log1p: unary(-0.5, 3), sqrt: unary(0.2, 3), cbrt: unary(0.2, 3),
  sin: unary(), cos: unary(), tan: unary(), asin: unary(-0.8, 0.8), acos: unary(-0.8, 0.8), atan: unary(),
  sinh: unary(), cosh: unary(), tanh: unary(), asinh: unary(), acosh: unary(1.2, 3), atanh: unary(-0.8, 0.8),
  not: [{ args: () => [bools([5])] }, { args: () => [ints([5], -5, 5)] }],
  is_nan: unary(), is_finite: unary(),
  add: binary(), sub: binary(), mul: binary(), div: binary(0.5, 2), rem: [...binary(0.5, 3), ...intBinary], pow: binary(0.5, 2),
  max: binary(), min: binary(), atan2: binary(0.2, 1),
  and: [{ args: () => [bools([5]), bools([5])] }, { args: () => [ints([5], 0, 64), ints([5], 0, 64)] }],
  or: [{ args: () => [bools([5]), bools([5])] }],
  xor: [{ args: () => [ints([5], 0, 64), ints([5], 0, 64)] }],
  shift_left: [{ args: () => [ints([5], 0, 64), ints([5], 0, 8)] }],
  shift_right: [{ args: () => [ints([5], -64, 64), ints([5], 0, 8)] }],
  lt: compare, le: compare, gt: compare, ge: compare, eq: compare, ne: compare,
  select: [{ args: () => [bools([2, 3]), f64([2, 3]), f64([2, 3])] }],
  convert_element_type: [
    { args: () => [f64([4])], params: { newDtype: "float32", weakType: false }, grad: false },
    { args: () => [f64([4], -5, 5)], params: { newDtype: "int32", weakType: false } },
  ],
  reshape: [{ args: () => [f64([2, 3])], params: { newShape: [3, 2] } }],
  broadcast_in_dim: [{ args: () => [f64([3, 1])], params: { shape: [2, 3, 4], broadcastDimensions: [1, 2] } }],
  transpose: [{ args: () => [f64([2, 3, 4])], params: { permutation: [2, 0, 1] } }],
  slice: [{ args: () => [f64([5, 6])], params: { start: [1, 0], limit: [5, 6], strides: [2, 3] } }],
  pad: [{ args: () => [f64([3, 2]), scalar64(0.5)], params: { lo: [1, -1], hi: [0, 2], interior: [1, 0] } }],
  concatenate: [{ args: () => [f64([2, 3]), f64([1, 3]), f64([2, 3])], params: { dimension: 0 } }],
  rev: [{ args: () => [f64([3, 4])], params: { dimensions: [0, 1] } }],
  iota: [{ args: () => [], params: { dtype: "int32", shape: [2, 3], dimension: 1 } }],
  reduce_sum: [{ args: () => [f64([2, 3, 4])], params: { axes: [0, 2] } }],
  reduce_prod: [{ args: () => [f64([2, 3], 0.5, 1.5)], params: { axes: [1] } }],
  reduce_max: [{ args: () => [f64([3, 4])], params: { axes: [1] } }],
  reduce_min: [{ args: () => [f64([3, 4])], params: { axes: [0] } }],
  argmax: [{ args: () => [f64([3, 4])], params: { axis: 1 } }],
  argmin: [{ args: () => [f64([3, 4])], params: { axis: 0 } }],
  take: [{ args: () => [f64([5, 3]), ints([4], 0, 5)], params: { axis: 0 } }],
  take_along_axis: [{ args: () => [f64([3, 4]), ints([3, 2], 0, 4)], params: { axis: 1 } }],
  scatter: [
    { args: () => [f64([6]), ints([4], 0, 6), f64([4])], params: { mode: "add", axis: 0 } },
    { args: () => [f64([6]), ints([3], 0, 6), f64([3])], params: { mode: "set", axis: 0 } },
  ],
  dot_general: [{ args: () => [f64([2, 3, 4]), f64([2, 4, 5])], params: { contracting: [[2], [1]], batch: [[0], [0]] } }],
  conv_general_dilated: [
    {
      args: () => [f64([1, 2, 5, 5]), f64([3, 2, 3, 3])],
      params: {
        windowStrides: [1, 2], padding: [[1, 1], [0, 1]], lhsDilation: [1, 1], rhsDilation: [1, 1],
        dimensionNumbers: { lhs: [0, 1, 2, 3], rhs: [0, 1, 2, 3], out: [0, 1, 2, 3] }, featureGroupCount: 1, batchGroupCount: 1,
      },
    },
  ],
  reduce_window: [
    {
      args: () => [f64([4, 5]), scalar64(0)],
      params: { computation: "sum", windowDimensions: [2, 2], windowStrides: [1, 2], padding: [[0, 1], [1, 0]], baseDilation: [1, 1], windowDilation: [1, 1] },
    },
    {
      args: () => [f64([4, 5]), scalar64(-Infinity)],
      params: { computation: "max", windowDimensions: [2, 3], windowStrides: [2, 1], padding: [[0, 0], [0, 0]], baseDilation: [1, 1], windowDilation: [1, 1] },
    },
  ],
  sort: [{ args: () => [f64([3, 5])], params: { axis: 1, numKeys: 1 } }],
  searchsorted: [{ args: () => [fromData(Float64Array.of(-1, -0.5, 0, 0.5, 1), [5], "float64"), f64([4])], params: { side: "left" } }],
  cumsum: [{ args: () => [f64([3, 4])], params: { axis: 1, reverse: false } }],
  cumprod: [{ args: () => [f64([3, 4], 0.5, 1.5)], params: { axis: 0, reverse: true } }],
  cummax: [{ args: () => [f64([3, 4])], params: { axis: 1, reverse: false } }],
  cummin: [{ args: () => [f64([3, 4])], params: { axis: 1, reverse: true } }],
  erf: unary(-2, 2), erfc: unary(-2, 2), erf_inv: unary(-0.9, 0.9), lgamma: unary(0.5, 4), digamma: unary(0.5, 4),
  trigamma: [{ args: () => [f64([4], 0.5, 4)], grad: false }],
  logistic: unary(-3, 3), logit: unary(0.1, 0.9),
  stop_gradient: [{ args: () => [f64([3])], grad: false }],
  threefry2x32: [
    { args: () => [ints([], 0, 1000, "uint32"), ints([], 0, 1000, "uint32"), ints([4], 0, 1e6, "uint32"), ints([4], 0, 1e6, "uint32")], params: { word: 0, firstBlock: 0, numBlocks: 5 } },
  ],
};

/** Higher-order and effectful primitives carry programs or host functions in their params; their own suites test them. */
const TESTED_ELSEWHERE: Record<string, string> = {
  jit: "control/jit (transforms.test.ts)",
  custom_jvp_call: "custom/customJvp (custom.test.ts)",
  custom_vjp_call: "custom/customVjp (custom.test.ts)",
  custom_lin: "custom/customVjp (custom.test.ts)",
  checkpoint: "custom/checkpoint (custom.test.ts)",
  cond: "control/cond (control.test.ts)",
  scan: "control/scan (control.test.ts)",
  while: "control/whileLoop (control.test.ts)",
  debug_callback: "control/callbacks (control.test.ts)",
  pure_callback: "control/callbacks (control.test.ts)",
  error_if: "control/callbacks (control.test.ts)",
};

const bindAll = (name: string, params: object) => (...xs: Array[]): Array[] => (lookupPrimitive(name) as { bind(a: Array[], p: object): Array[] }).bind(xs, params);

function stackLanes(make: () => Array[], lanes: number): { lanes: Array[][]; stacked: Array[] } {
  const perLane = globalThis.Array.from({ length: lanes }, make);
  const stacked = (perLane[0] as Array[]).map((_, k) => np.stack(perLane.map((l) => l[k] as Array)));
  return { lanes: perLane, stacked };
}

describe("primitive registry", () => {
  it("has a conformance case (or a dedicated suite) for every primitive", () => {
    const missing = allPrimitives().map((p) => p.name).filter((n) => !(n in CASES) && !(n in TESTED_ELSEWHERE));
    expect(missing).toEqual([]);
  });

  it("gives every primitive a JVP rule, a batching rule and a decided transpose slot", () => {
    const lacking = allPrimitives()
      .filter((p) => !p.def.jvp || !p.def.batch || p.def.transpose === undefined)
      .map((p) => `${p.name}${p.def.jvp ? "" : " (no jvp)"}${p.def.batch ? "" : " (no batch)"}${p.def.transpose === undefined ? " (transpose undecided)" : ""}`);
    expect(lacking).toEqual([]);
  });
});

for (const [name, cases] of Object.entries(CASES)) {
  describe(`primitive ${name}`, () => {
    cases.forEach((c, ci) => {
      const params = c.params ?? {};
      const prim = (): ReturnType<typeof lookupPrimitive> => lookupPrimitive(name);

      it(`case ${ci}: eager outputs match abstract evaluation`, () => {
        const p = prim();
        expect(p).toBeDefined();
        const args = c.args();
        const outs = bindAll(name, params)(...args);
        const avals = p!.def.abstractEval(args.map((a) => a.aval), params);
        expect(outs.map((o) => `${o.dtype}[${o.shape.join(",")}]`)).toEqual(avals.map((a) => `${a.dtype}[${a.shape.join(",")}]`));
      });

      it(`case ${ci}: the CPU backend agrees with the IR's reference semantics`, () => {
        const p = prim()!;
        const args = c.args() as ArrayImpl[];
        const outs = bindAll(name, params)(...args);
        const inData = args.map((a) => a.data());
        const avals = p.def.abstractEval(args.map((a) => a.aval), params);
        let reference: DataArray[];
        if (p.def.lower) {
          const out = allocData((avals[0] as { dtype: DType }).dtype, (avals[0] as { size: number }).size);
          interpretKernel(buildKernel(p, args.map((a) => a.aval), avals[0]!, params), inData, out);
          reference = [out];
        } else {
          const emit: KernelEmitter<DataArray> = {
            kernel(k, ins) {
              const out = allocData(k.dtype, k.size);
              interpretKernel(k, ins, out);
              return out;
            },
          };
          reference = getRoutine(p.def.routine as string).lowerGeneric(emit, inData, args.map((a) => a.aval), avals, params as Record<string, unknown>);
        }
        // Generated code must match the interpreter bit for bit; a native routine may sum in another order.
        outs.forEach((o, k) => {
          if (p.def.lower || !isFloat(o.dtype)) expect(globalThis.Array.from(o.data())).toEqual(globalThis.Array.from(reference[k] as DataArray));
          else expectAllclose(o, fromData(reference[k] as DataArray, o.shape, o.dtype), { rtol: 1e-12, atol: 1e-12 });
        });
      });

      it(`case ${ci}: jit gives the same result as eager`, () => {
        const args = c.args();
        const eager = bindAll(name, params)(...args);
        const jitted = jit((...xs: Array[]) => bindAll(name, params)(...xs))(...args);
        eager.forEach((e, k) => expect(globalThis.Array.from((jitted[k] as Array).data())).toEqual(globalThis.Array.from(e.data())));
      });

      it(`case ${ci}: vmap equals a loop over lanes`, () => {
        const { lanes, stacked } = stackLanes(c.args, 3);
        if (stacked.length === 0) return;
        const batched = vmap((...xs: Array[]) => bindAll(name, params)(...xs))(...stacked) as Array[];
        lanes.forEach((laneArgs, b) => {
          const want = bindAll(name, params)(...laneArgs);
          want.forEach((w, k) => expectAllclose((batched[k] as Array).get(b), w, { rtol: 1e-12, atol: 1e-12 }));
        });
        // Mixed: only the first operand batched, moved to axis 1 when it has one.
        const first = stacked[0] as Array;
        if (first.ndim >= 2 && lanes[0]!.length > 0) {
          const moved = np.moveaxis(first, 0, 1);
          const mixed = vmap((...xs: Array[]) => bindAll(name, params)(...xs), { inAxes: [1, ...lanes[0]!.slice(1).map(() => null)] })(moved, ...lanes[0]!.slice(1)) as Array[];
          lanes.forEach((laneArgs, b) => {
            const want = bindAll(name, params)(laneArgs[0] as Array, ...lanes[0]!.slice(1));
            want.forEach((w, k) => expectAllclose((mixed[k] as Array).get(b), w, { rtol: 1e-12, atol: 1e-12 }));
          });
        }
      });

      const args0 = c.args();
      const outs0 = bindAll(name, params)(...args0);
      const differentiable = c.grad ?? (args0.length > 0 && args0.some((a) => isFloat(a.dtype)) && outs0.every((o) => isFloat(o.dtype)));
      if (differentiable) {
        it(`case ${ci}: derivatives match finite differences (forward) and the JVP (reverse)`, () => {
          const args = c.args();
          const floatIdx = args.map((a, k) => (isFloat(a.dtype) ? k : -1)).filter((k) => k >= 0);
          const f = (...xs: Array[]): Array => {
            const full = [...args];
            floatIdx.forEach((k, j) => (full[k] = xs[j] as Array));
            const outs = bindAll(name, params)(...full);
            return outs.length === 1 ? (outs[0] as Array) : np.concatenate(outs.map((o) => o.ravel()));
          };
          checkGrads(f, floatIdx.map((k) => args[k] as Array), { order: c.order ?? 1, modes: c.fwdOnly ? ["fwd"] : ["fwd", "rev"], eps: 1e-6, rtol: 1e-5, atol: 1e-6 });
        });
      }
    });
  });
}
