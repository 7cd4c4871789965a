// The evaluation interpreter: runs a primitive on concrete arrays by lowering it to one kernel
// (or calling its routine or impl) on the arrays' backend. The root of every trace. Layer 9.

import { Array, ArrayImpl } from "../array/Array.js";
import type { ShapedArray } from "../array/aval.js";
import type { Backend, BufferSpec, CompiledKernel, DeviceBuffer } from "../backend/backend.js";
import { getBackend } from "../backend/registry.js";
import { getRoutine, type KernelEmitter } from "../backend/routines.js";
import { BackendCapabilityError, BackendError, TracerLeakError } from "../errors/errors.js";
import { acc, GIDX, load, ravel, RIDX, unravel } from "../kernel/build.js";
import type { Kernel } from "../kernel/ir.js";
import type { Loader, Primitive } from "../trace/primitive.js";
import { installRootTrace, Trace, Tracer } from "../trace/trace.js";
import { prod } from "../util/assert.js";

/** Builds the kernel that computes a single-output, lowerable primitive from buffers of `inAvals`. @beta */
export function buildKernel(prim: Primitive<object>, inAvals: readonly ShapedArray[], outAval: ShapedArray, params: object): Kernel {
  const lower = prim.def.lower;
  if (!lower) throw new Error(`buildKernel: primitive '${prim.name}' has no lowering rule`);
  const inputs: Loader[] = inAvals.map((a, slot) => (index) => load(slot, a.dtype, ravel(index, a.shape)));
  const lowered = lower({ inputs, inAvals, outAval, params });
  const outIndex = unravel(GIDX, outAval.shape);
  const kernelInputs = inAvals.map((a) => a.dtype);
  if (lowered.kind === "map") {
    const exp = lowered.exp(outIndex);
    checkDtype(prim, exp.dtype, outAval);
    return { inputs: kernelInputs, size: outAval.size, dtype: outAval.dtype, exp };
  }
  const exp = lowered.body(outIndex, unravel(RIDX, lowered.shape));
  const accDtype = lowered.op === "argmax" || lowered.op === "argmin" ? "int32" : exp.dtype;
  const epilogue = lowered.epilogue?.(acc(accDtype));
  checkDtype(prim, epilogue?.dtype ?? accDtype, outAval);
  return {
    inputs: kernelInputs,
    size: outAval.size,
    dtype: outAval.dtype,
    exp,
    reduction: { op: lowered.op, size: prod(lowered.shape), accDtype, ...(epilogue ? { epilogue } : {}) },
  };
}

function checkDtype(prim: Primitive<object>, got: string, outAval: ShapedArray): void {
  if (got !== outAval.dtype) {
    throw new Error(`primitive '${prim.name}': lowering produced ${got} but abstractEval promised ${outAval.toString()}`);
  }
}

function backendOf(prim: Primitive<object>, args: readonly ArrayImpl[]): Backend {
  let backend: Backend | undefined;
  for (const a of args) {
    const b = a.backend;
    if (backend === undefined) backend = b;
    else if (b !== backend) {
      throw new BackendError(
        `${prim.name}: operands live on different backends ('${backend.name}' and '${b.name}'); move them to one with devicePut(x, backend) first`,
      );
    }
  }
  return backend ?? getBackend();
}

const EAGER_KERNELS = new WeakMap<Backend, Map<string, CompiledKernel>>();
const EAGER_KERNEL_LIMIT = 4096;

/**
 * The compiled kernel of one eager primitive application, cached by primitive, operand avals and
 * params (lowerable primitives have JSON params), so repeated eager calls skip building the IR.
 */
function eagerKernel(backend: Backend, prim: Primitive<object>, inAvals: readonly ShapedArray[], outAval: ShapedArray, params: object): CompiledKernel {
  let cache = EAGER_KERNELS.get(backend);
  if (!cache) EAGER_KERNELS.set(backend, (cache = new Map()));
  let key = prim.name;
  for (const a of inAvals) key += `|${a.dtype}${a.shape.join(",")}`;
  key += `|${JSON.stringify(params)}`;
  let compiled = cache.get(key);
  if (!compiled) {
    if (cache.size >= EAGER_KERNEL_LIMIT) cache.clear();
    compiled = backend.compileKernel(buildKernel(prim, inAvals, outAval, params));
    cache.set(key, compiled);
  }
  return compiled;
}

/** Runs a routine on `backend`: natively when the backend has it, otherwise through its generic lowering. @beta */
export function runRoutine(
  backend: Backend,
  name: string,
  inputs: readonly DeviceBuffer[],
  inSpecs: readonly BufferSpec[],
  outSpecs: readonly BufferSpec[],
  params: Readonly<Record<string, unknown>>,
): DeviceBuffer[] {
  const native = backend.prepareRoutine(name);
  if (native) return native(inputs, inSpecs, outSpecs, params);
  const emit: KernelEmitter<DeviceBuffer> = {
    kernel(kernel, ins) {
      const out = backend.allocate(kernel.dtype, kernel.size);
      if (kernel.size > 0) backend.execute(backend.compileKernel(kernel), ins, out);
      return out;
    },
  };
  return getRoutine(name).lowerGeneric(emit, inputs, inSpecs, outSpecs, params);
}

function checkBackendDtypes(prim: Primitive<object>, backend: Backend, avals: readonly ShapedArray[]): void {
  for (const a of avals) {
    if (!backend.capabilities.dtypes.includes(a.dtype)) {
      throw new BackendCapabilityError(
        `${prim.name}: backend ${backend.capabilities.label ?? `'${backend.name}'`} does not support ${a.dtype} (it supports ${backend.capabilities.dtypes.join(", ")}); cast with astype() or use the cpu backend`,
      );
    }
  }
}

/** The root interpreter: evaluates primitives on concrete arrays. @beta */
export class EvalTrace extends Trace {
  constructor() {
    super(undefined);
  }
  processPrimitive(prim: Primitive<object>, args: readonly Array[], params: object): Array[] {
    const concrete = args.map((a, i) => {
      if (a instanceof ArrayImpl) return a;
      if (a instanceof Tracer) {
        throw new TracerLeakError(
          `${prim.name}: argument ${i} is a ${a.aval.toString()} tracer from a transformation that has already finished (it escaped through a closure, a global or a State); return values from the transformed function instead of storing tracers`,
        );
      }
      throw new TypeError(`${prim.name}: argument ${i} is not an Array`);
    });
    const def = prim.def;
    if (def.impl) return def.impl(concrete, params);
    const inAvals = concrete.map((a) => a.aval);
    const outAvals = def.abstractEval(inAvals, params);
    const backend = backendOf(prim, concrete);
    checkBackendDtypes(prim, backend, [...inAvals, ...outAvals]);
    if (def.lower) {
      const outAval = outAvals[0] as ShapedArray;
      const out = backend.allocate(outAval.dtype, outAval.size);
      if (outAval.size > 0) backend.execute(eagerKernel(backend, prim, inAvals, outAval, params), concrete.map((a) => a.buffer), out);
      return [new ArrayImpl(out, outAval)];
    }
    const bufs = runRoutine(
      backend,
      def.routine as string,
      concrete.map((a) => a.buffer),
      inAvals,
      outAvals,
      params as Readonly<Record<string, unknown>>,
    );
    return bufs.map((b, i) => new ArrayImpl(b, outAvals[i] as ShapedArray));
  }
}

/** The single root evaluation trace. @beta */
export const evalTrace = new EvalTrace();
installRootTrace(evalTrace);
