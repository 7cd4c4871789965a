// The jit compiler: turns a program into an executable plan. Chains of elementwise, movement,
// gather and reduction primitives fuse into single kernels (producers inlined into their
// consumers' index expressions); routines and effects run as they are; scan, whileLoop and cond
// become native JavaScript loops and branches around compiled bodies, with every intermediate
// buffer preallocated and reused (liveness-based), so a loop iteration neither traces,
// dispatches through the interpreter, nor allocates. Layer 13.

import { Array, ArrayImpl } from "../array/Array.js";
import { ShapedArray } from "../array/aval.js";
import type { Backend, CompiledKernel, DeviceBuffer } from "../backend/backend.js";
import { BackendCapabilityError } from "../errors/errors.js";
import { evalTrace } from "../interpreters/eval.js";
import { literalArray } from "../ir/evalJaxpr.js";
import { ClosedJaxpr, Jaxpr, Literal, Var, type Atom, type Eqn } from "../ir/jaxpr.js";
import { cse } from "../ir/passes/cse.js";
import { dce } from "../ir/passes/dce.js";
import { acc, constant, GIDX, load, ravel, RIDX, unravel } from "../kernel/build.js";
import type { Exp, Kernel } from "../kernel/ir.js";
import type { Loader, Lowered } from "../trace/primitive.js";
import { prod } from "../util/assert.js";
import type { CondParams } from "../control/cond.js";
import type { ScanParams } from "../control/scan.js";
import type { WhileParams } from "../control/whileLoop.js";
import { inlineCalls } from "./inline.js";

/** Primitives that only remap indices (or convert): cheap enough to recompute in every consumer. */
const CHEAP = new Set(["broadcast_in_dim", "reshape", "transpose", "slice", "rev", "convert_element_type", "iota"]);

/** One step of a plan. @beta */
export type PlanStep =
  | { readonly kind: "kernel"; readonly kernel: CompiledKernel; readonly inputs: readonly number[]; readonly out: number; readonly aval: ShapedArray }
  | { readonly kind: "prim"; readonly eqn: Eqn; readonly inputs: readonly (number | Array)[]; readonly outs: readonly number[] }
  | { readonly kind: "scan"; readonly params: ScanParams; readonly body: Plan; readonly inputs: readonly number[]; readonly outs: readonly number[] }
  | { readonly kind: "while"; readonly params: WhileParams; readonly cond: Plan; readonly body: Plan; readonly inputs: readonly number[]; readonly outs: readonly number[] }
  | { readonly kind: "cond"; readonly branches: readonly Plan[]; readonly inputs: readonly number[]; readonly outs: readonly number[] };

/** Where a program output comes from: a slot, or a literal. @beta */
export type PlanOutput = { readonly slot: number } | { readonly literal: Array };

/** An executable program for one backend. @beta */
export class Plan {
  /** The optimised program the plan executes. */
  readonly jaxpr: Jaxpr;
  private readonly backend: Backend;
  private readonly steps: readonly PlanStep[];
  private readonly avals: readonly ShapedArray[];
  private readonly numInputs: number;
  private readonly outputs: readonly PlanOutput[];
  /** For each step, the slots whose last reader it is (their buffers return to the pool after it). */
  private readonly frees: readonly (readonly number[])[];
  private readonly outputSlots: ReadonlySet<number>;
  private readonly ownsBuffer: readonly boolean[];
  private readonly pool = new Map<string, DeviceBuffer[]>();
  /** Buffers of the program's constants (the first slots). */
  private readonly consts: readonly DeviceBuffer[];
  private running = false;

  constructor(
    jaxpr: Jaxpr,
    backend: Backend,
    steps: readonly PlanStep[],
    avals: readonly ShapedArray[],
    numInputs: number,
    outputs: readonly PlanOutput[],
    consts: readonly DeviceBuffer[],
  ) {
    this.consts = consts;
    this.jaxpr = jaxpr;
    this.backend = backend;
    this.steps = steps;
    this.avals = avals;
    this.numInputs = numInputs;
    this.outputs = outputs;
    this.outputSlots = new Set(outputs.flatMap((o) => ("slot" in o ? [o.slot] : [])));
    // Output k owns its buffer when it is the first output computed into a non-input slot.
    this.ownsBuffer = outputs.map((o, k) => "slot" in o && o.slot >= numInputs && outputs.findIndex((p) => "slot" in p && p.slot === o.slot) === k);
    const last = new Map<number, number>();
    steps.forEach((s, k) => {
      const reads = s.kind === "prim" ? s.inputs.filter((x): x is number => typeof x === "number") : s.inputs;
      for (const r of reads) last.set(r, k);
    });
    const frees: number[][] = steps.map(() => []);
    last.forEach((k, slot) => {
      if (slot >= numInputs && !this.outputSlots.has(slot)) (frees[k] as number[]).push(slot);
    });
    this.frees = frees;
  }

  /** The generated source of every kernel, in execution order (for inspection). */
  get kernelSources(): string[] {
    return this.steps.flatMap((s) => {
      if (s.kind === "kernel") return [s.kernel.source];
      if (s.kind === "scan") return s.body.kernelSources;
      if (s.kind === "while") return [...s.cond.kernelSources, ...s.body.kernelSources];
      if (s.kind === "cond") return s.branches.flatMap((b) => b.kernelSources);
      return [];
    });
  }

  /**
   * For each output, an argument whose buffer the output may overwrite in place (or -1): the
   * output's kernel is the last reader of that argument, reads it only at the element it writes
   * (`in[gidx]`), and the shapes and dtypes match. jit uses this for donated arguments.
   */
  inPlaceArguments(): number[] {
    const nc = this.consts.length;
    return this.outputs.map((o, k) => {
      if (!("slot" in o) || !this.ownsBuffer[k]) return -1;
      const stepIndex = this.steps.findIndex((s) => s.kind === "kernel" && s.out === o.slot);
      const step = this.steps[stepIndex];
      if (!step || step.kind !== "kernel") return -1;
      for (let j = 0; j < step.inputs.length; j++) {
        const slot = step.inputs[j] as number;
        if (slot < nc || slot >= this.numInputs) continue;
        const a = this.avals[slot] as ShapedArray;
        if (!a.equals(step.aval) || this.outputSlots.has(slot)) continue;
        const readLater = this.steps.some((s, m) => m > stepIndex && (s.kind === "prim" ? s.inputs.includes(slot) : s.inputs.includes(slot)));
        if (readLater || !loadsOnlyAtGidx(step.kernel.kernel.exp, j) || step.kernel.kernel.reduction) continue;
        return slot - nc;
      }
      return -1;
    });
  }

  /** Number of kernels in the top level of the plan (after fusion). */
  get numKernels(): number {
    return this.steps.filter((s) => s.kind === "kernel").length;
  }

  private take(aval: ShapedArray, pooled: boolean): DeviceBuffer {
    if (pooled) {
      const free = this.pool.get(`${aval.dtype}:${aval.size}`);
      const b = free?.pop();
      if (b) return b;
    }
    return this.backend.allocate(aval.dtype, aval.size);
  }

  private give(buffer: DeviceBuffer): void {
    const key = `${buffer.dtype}:${buffer.size}`;
    let free = this.pool.get(key);
    if (!free) this.pool.set(key, (free = []));
    free.push(buffer);
  }

  /**
   * Runs the plan on the program's argument buffers. When `outs[k]` is given, output k is
   * written into that buffer instead of a fresh one (compiled loops pass their carry and
   * stacked-output views this way).
   */
  run(inputs: readonly DeviceBuffer[], outs?: readonly (DeviceBuffer | undefined)[]): DeviceBuffer[] {
    const pooled = !this.running;
    this.running = true;
    try {
      return this.execute(inputs, outs, pooled);
    } finally {
      if (pooled) this.running = false;
    }
  }

  private execute(inputs: readonly DeviceBuffer[], outs: readonly (DeviceBuffer | undefined)[] | undefined, pooled: boolean): DeviceBuffer[] {
    const env: (DeviceBuffer | undefined)[] = new globalThis.Array(this.avals.length);
    const nc = this.consts.length;
    for (let i = 0; i < nc; i++) env[i] = this.consts[i];
    for (let i = nc; i < this.numInputs; i++) env[i] = inputs[i - nc];
    // A kernel that produces an output writes straight into the caller's buffer when one is given.
    const target = new Map<number, DeviceBuffer>();
    if (outs) {
      this.outputs.forEach((o, k) => {
        const b = outs[k];
        if (b && "slot" in o && o.slot >= this.numInputs && !target.has(o.slot)) target.set(o.slot, b);
      });
    }
    const backend = this.backend;
    for (let k = 0; k < this.steps.length; k++) {
      const s = this.steps[k] as PlanStep;
      switch (s.kind) {
        case "kernel": {
          const out = target.get(s.out) ?? this.take(s.aval, pooled && !this.outputSlots.has(s.out));
          if (s.aval.size > 0) {
            const ins: DeviceBuffer[] = new globalThis.Array(s.inputs.length);
            for (let j = 0; j < s.inputs.length; j++) ins[j] = env[s.inputs[j] as number] as DeviceBuffer;
            backend.execute(s.kernel, ins, out);
          }
          env[s.out] = out;
          break;
        }
        case "prim": {
          const args = s.inputs.map((i) => (typeof i === "number" ? new ArrayImpl(env[i] as DeviceBuffer, this.avals[i] as ShapedArray) : i));
          const res = evalTrace.processPrimitive(s.eqn.primitive, args, s.eqn.params);
          res.forEach((r, j) => (env[s.outs[j] as number] = (r as ArrayImpl).buffer));
          break;
        }
        case "scan":
          this.runScan(s, env, pooled);
          break;
        case "while":
          this.runWhile(s, env, pooled);
          break;
        case "cond": {
          const idx = backend.readSync(env[s.inputs[0] as number] as DeviceBuffer)[0] as number;
          const branch = s.branches[Math.min(Math.max(idx, 0), s.branches.length - 1)] as Plan;
          const res = branch.run(s.inputs.slice(1).map((i) => env[i] as DeviceBuffer), s.outs.map((o) => target.get(o)));
          res.forEach((r, j) => (env[s.outs[j] as number] = r));
          break;
        }
      }
      if (pooled) for (const slot of this.frees[k] as readonly number[]) {
        const b = env[slot];
        if (b && !target.has(slot)) this.give(b);
      }
    }
    return this.outputs.map((o, k) => {
      const src = "slot" in o ? (env[o.slot] as DeviceBuffer) : (o.literal as ArrayImpl).buffer;
      const given = outs?.[k];
      if (given) {
        if (given !== src) copyBuffer(backend, given, src);
        return given;
      }
      // Inputs, literals and repeated outputs are copied so the caller owns every output buffer.
      if (this.ownsBuffer[k]) return src;
      const copy = backend.allocate(src.dtype, src.size);
      copyBuffer(backend, copy, src);
      return copy;
    });
  }

  private runScan(s: Extract<PlanStep, { kind: "scan" }>, env: (DeviceBuffer | undefined)[], pooled: boolean): void {
    const p = s.params;
    const backend = this.backend;
    const view = backend.view?.bind(backend);
    if (!view) throw new BackendCapabilityError(`jit: backend '${backend.name}' has no buffer views, which compiled scans need`);
    const ins = s.inputs.map((i) => env[i] as DeviceBuffer);
    const consts = ins.slice(0, p.numConsts);
    let carry = ins.slice(p.numConsts, p.numConsts + p.numCarry);
    const xs = ins.slice(p.numConsts + p.numCarry);
    const carryAvals = s.outs.slice(0, p.numCarry).map((o) => this.avals[o] as ShapedArray);
    const yAvals = s.outs.slice(p.numCarry).map((o) => this.avals[o] as ShapedArray);
    const ys = yAvals.map((a) => this.take(a, false));
    const xSizes = xs.map((x) => x.size / Math.max(p.length, 1));
    const ySizes = yAvals.map((a) => a.size / Math.max(p.length, 1));
    // Two carry sets, used alternately: an iteration never writes the buffers it reads.
    const sets = [carryAvals.map((a) => this.take(a, pooled)), carryAvals.map((a) => this.take(a, pooled))];
    for (let k = 0; k < p.length; k++) {
      const i = p.reverse ? p.length - 1 - k : k;
      const next = sets[k % 2] as DeviceBuffer[];
      const xi = xs.map((x, j) => view(x, i * (xSizes[j] as number), xSizes[j] as number));
      const yi = ys.map((y, j) => view(y, i * (ySizes[j] as number), ySizes[j] as number));
      s.body.run([...consts, ...carry, ...xi], [...next, ...yi]);
      carry = next;
    }
    // The final carry must be owned by this step (not an input), so copy when the loop did not run.
    const final = p.length === 0 ? carry.map((c, j) => {
      const b = this.take(carryAvals[j] as ShapedArray, false);
      copyBuffer(backend, b, c);
      return b;
    }) : carry;
    if (pooled) for (const set of sets) for (const b of set) if (!final.includes(b)) this.give(b);
    [...final, ...ys].forEach((b, j) => (env[s.outs[j] as number] = b));
  }

  private runWhile(s: Extract<PlanStep, { kind: "while" }>, env: (DeviceBuffer | undefined)[], pooled: boolean): void {
    const p = s.params;
    const backend = this.backend;
    if (!backend.capabilities.syncRead) {
      throw new BackendCapabilityError(`jit: a whileLoop needs synchronous reads of its predicate, which backend '${backend.name}' does not have`);
    }
    const ins = s.inputs.map((i) => env[i] as DeviceBuffer);
    const cc = ins.slice(0, p.condNumConsts);
    const bc = ins.slice(p.condNumConsts, p.condNumConsts + p.bodyNumConsts);
    let carry = ins.slice(p.condNumConsts + p.bodyNumConsts);
    const avals = s.outs.map((o) => this.avals[o] as ShapedArray);
    const sets = [avals.map((a) => this.take(a, pooled)), avals.map((a) => this.take(a, pooled))];
    let k = 0;
    const pred = this.take(s.cond.outputAval(0), false);
    for (;;) {
      s.cond.run([...cc, ...carry], [pred]);
      if ((backend.readSync(pred)[0] as number) === 0) break;
      const next = sets[k++ % 2] as DeviceBuffer[];
      s.body.run([...bc, ...carry], next);
      carry = next;
    }
    const final = k === 0 ? carry.map((c, j) => {
      const b = this.take(avals[j] as ShapedArray, false);
      copyBuffer(backend, b, c);
      return b;
    }) : carry;
    if (pooled) for (const set of sets) for (const b of set) if (!final.includes(b)) this.give(b);
    final.forEach((b, j) => (env[s.outs[j] as number] = b));
  }

  /** The abstract value of output `k`. */
  outputAval(k: number): ShapedArray {
    return this.jaxpr.outvars[k]?.aval as ShapedArray;
  }
}

/** True when every load of input `slot` in `e` reads element `gidx` (so writing element gidx in place is safe). */
function loadsOnlyAtGidx(e: Exp, slot: number): boolean {
  const seen = new Set<Exp>();
  const visit = (x: Exp): boolean => {
    if (seen.has(x)) return true;
    seen.add(x);
    if (x.op === "load" && x.arg === slot && (x.args[0] as Exp).op !== "gidx") return false;
    return x.args.every(visit);
  };
  return visit(e);
}

function copyBuffer(backend: Backend, dst: DeviceBuffer, src: DeviceBuffer): void {
  if (backend.copyInto) backend.copyInto(dst, 0, src);
  else throw new BackendCapabilityError(`jit: backend '${backend.name}' cannot copy buffers (copyInto)`);
}

/** Builds the kernel of a materialised lowerable equation, inlining fused producers into its loaders. */
class KernelBuilder {
  readonly inputSlots: number[] = [];
  private readonly slotToInput = new Map<number, number>();
  private readonly lowered = new Map<Eqn, Lowered>();
  constructor(
    private readonly slotOf: ReadonlyMap<Var, number>,
    private readonly producer: ReadonlyMap<Var, Eqn>,
    private readonly fused: ReadonlySet<Var>,
  ) {}

  private loader(a: Atom): Loader {
    if (a instanceof Literal) {
      const c = constant(a.value, a.aval.dtype);
      return () => c;
    }
    if (this.fused.has(a)) {
      const lowered = this.lower(this.producer.get(a) as Eqn);
      if (lowered.kind !== "map") throw new Error("jit: internal error — a reduction was fused into a consumer");
      return lowered.exp;
    }
    const slot = this.slotOf.get(a) as number;
    let input = this.slotToInput.get(slot);
    if (input === undefined) {
      input = this.inputSlots.length;
      this.inputSlots.push(slot);
      this.slotToInput.set(slot, input);
    }
    const k = input;
    return (index) => load(k, a.aval.dtype, ravel(index, a.aval.shape));
  }

  /**
   * Lowers `e` once per kernel; a fused producer's expression is memoised per index (by the
   * structural keys of the index expressions), so a value used many times inside one kernel is
   * built once and the kernel's size stays linear in the program.
   */
  lower(e: Eqn): Lowered {
    const hit = this.lowered.get(e);
    if (hit) return hit;
    const lower = e.primitive.def.lower;
    if (!lower) throw new Error(`jit: internal error — '${e.primitive.name}' has no lowering`);
    const raw = lower({
      inputs: e.inputs.map((a) => this.loader(a)),
      inAvals: e.inputs.map((a) => a.aval),
      outAval: (e.outputs[0] as Var).aval,
      params: e.params,
    });
    let result = raw;
    if (raw.kind === "map") {
      const memo = new Map<string, Exp>();
      result = {
        kind: "map",
        exp: (index) => {
          const key = index.map((x) => x.key).join(",");
          let x = memo.get(key);
          if (x === undefined) memo.set(key, (x = raw.exp(index)));
          return x;
        },
      };
    }
    this.lowered.set(e, result);
    return result;
  }

  kernel(e: Eqn, dtypeOf: (slot: number) => ShapedArray): Kernel {
    const outAval = (e.outputs[0] as Var).aval;
    const lowered = this.lower(e);
    const outIndex = unravel(GIDX, outAval.shape);
    if (lowered.kind === "map") {
      const exp = lowered.exp(outIndex);
      return { inputs: this.inputSlots.map((s) => dtypeOf(s).dtype), size: outAval.size, dtype: outAval.dtype, exp };
    }
    const exp: Exp = lowered.body(outIndex, unravel(RIDX, lowered.shape));
    const accDtype = lowered.op === "argmax" || lowered.op === "argmin" ? "int32" : exp.dtype;
    const epilogue = lowered.epilogue?.(acc(accDtype));
    return {
      inputs: this.inputSlots.map((s) => dtypeOf(s).dtype),
      size: outAval.size,
      dtype: outAval.dtype,
      exp,
      reduction: { op: lowered.op, size: prod(lowered.shape), accDtype, ...(epilogue ? { epilogue } : {}) },
    };
  }
}

/** Compiles a closed program for `backend`; the plan's inputs are the program's arguments. @beta */
export function compileProgram(closed: ClosedJaxpr, backend: Backend): Plan {
  return compileClosed(closed, backend);
}

function buildPlan(jaxpr: Jaxpr, backend: Backend, consts: readonly Array[]): Plan {
  const slotOf = new Map<Var, number>();
  const avals: ShapedArray[] = [];
  const newSlot = (v: Var): number => {
    const s = avals.length;
    avals.push(v.aval);
    slotOf.set(v, s);
    return s;
  };
  [...jaxpr.constvars, ...jaxpr.invars].forEach(newSlot);
  const numInputs = avals.length;
  const constBuffers = consts.map((c) => {
    if (!(c instanceof ArrayImpl)) throw new Error("jit: internal error — a compiled program's constant is not concrete");
    return c.buffer;
  });
  const producer = new Map<Var, Eqn>();
  const consumers = new Map<Var, Set<Eqn>>();
  const outputVars = new Set(jaxpr.outvars.filter((o): o is Var => o instanceof Var));
  for (const e of jaxpr.eqns) {
    for (const o of e.outputs) producer.set(o, e);
    for (const a of e.inputs) {
      if (a instanceof Literal) continue;
      let set = consumers.get(a);
      if (!set) consumers.set(a, (set = new Set()));
      set.add(e);
    }
  }
  const lowerable = (e: Eqn): boolean => e.primitive.def.lower !== undefined && e.outputs.length === 1;
  // Fuse a lowerable map into its consumers when they are all lowerable kernels and either there
  // is one of them or recomputation is cheap; reductions and outputs are always materialised.
  const fused = new Set<Var>();
  for (const e of jaxpr.eqns) {
    if (!lowerable(e)) continue;
    const v = e.outputs[0] as Var;
    if (outputVars.has(v)) continue;
    const cs = [...(consumers.get(v) ?? [])];
    if (cs.length === 0 || !cs.every(lowerable)) continue;
    if (isReduction(e)) continue;
    // A cheap remap may be recomputed in several consumers, but only over materialised inputs:
    // recomputing a fused chain in every consumer would multiply work along chains.
    const overMaterialized = e.inputs.every((a) => a instanceof Literal || !fused.has(a));
    if (cs.length === 1 || (CHEAP.has(e.primitive.name) && overMaterialized)) fused.add(v);
  }
  const steps: PlanStep[] = [];
  const dtypeOf = (slot: number): ShapedArray => avals[slot] as ShapedArray;
  const inputOf = (a: Atom): number | Array => (a instanceof Literal ? literalArray(a) : (slotOf.get(a) as number));
  const slotInputs = (e: Eqn): number[] =>
    e.inputs.map((a) => {
      if (a instanceof Literal) throw new Error("jit: internal error — literal operand of a control-flow equation");
      return slotOf.get(a) as number;
    });
  for (const e of jaxpr.eqns) {
    if (lowerable(e)) {
      const v = e.outputs[0] as Var;
      if (fused.has(v)) continue;
      const builder = new KernelBuilder(slotOf, producer, fused);
      const kernel = builder.kernel(e, dtypeOf);
      const out = newSlot(v);
      steps.push({ kind: "kernel", kernel: backend.compileKernel(kernel), inputs: builder.inputSlots, out, aval: v.aval });
      continue;
    }
    // Control flow and everything else reads materialised operands; literal operands become buffers.
    const ins = e.inputs.map(inputOf);
    const materialize = (x: number | Array): number => {
      if (typeof x === "number") return x;
      const v = new Var(x.aval);
      const s = newSlot(v);
      steps.push({ kind: "kernel", kernel: backend.compileKernel({ inputs: [], size: 1, dtype: x.dtype, exp: constant(x.item() as number, x.dtype) }), inputs: [], out: s, aval: x.aval });
      return s;
    };
    const name = e.primitive.name;
    if ((name === "scan" || name === "while" || name === "cond") && backend.view && backend.copyInto) {
      const slots = e.inputs.some((a) => a instanceof Literal) ? ins.map(materialize) : slotInputs(e);
      const outs = e.outputs.map(newSlot);
      if (name === "scan") {
        const p = e.params as ScanParams;
        steps.push({ kind: "scan", params: p, body: compileClosed(p.jaxpr, backend), inputs: slots, outs });
      } else if (name === "while") {
        const p = e.params as WhileParams;
        steps.push({ kind: "while", params: p, cond: compileClosed(p.cond, backend), body: compileClosed(p.body, backend), inputs: slots, outs });
      } else {
        const p = e.params as CondParams;
        steps.push({ kind: "cond", branches: p.branches.map((b) => compileClosed(b, backend)), inputs: slots, outs });
      }
      continue;
    }
    steps.push({ kind: "prim", eqn: e, inputs: ins, outs: e.outputs.map(newSlot) });
  }
  const outputs: PlanOutput[] = jaxpr.outvars.map((o) => (o instanceof Literal ? { literal: literalArray(o) } : { slot: slotOf.get(o) as number }));
  return new Plan(jaxpr, backend, steps, avals, numInputs, outputs, constBuffers);
}

function isReduction(e: Eqn): boolean {
  return e.primitive.name.startsWith("reduce_") || e.primitive.name === "argmax" || e.primitive.name === "argmin" || e.primitive.name === "reduce_window";
}

/** Compiles a closed body (its constants bound into the plan). */
function compileClosed(closed: ClosedJaxpr, backend: Backend): Plan {
  return buildPlan(cse(dce(inlineCalls(closed.jaxpr)).jaxpr), backend, closed.consts);
}
