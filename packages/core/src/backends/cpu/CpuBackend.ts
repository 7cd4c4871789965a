// The embedded CPU backend: buffers are typed arrays, kernels become generated WebAssembly SIMD
// (plain elementwise kernels, where the host supports it) or generated JavaScript (all others).
// Layer 5': imports only backend/, kernel/, dtype/, util/ and errors/.

import type { Backend, BackendCapabilities, CompiledKernel, DeviceBuffer, RoutineImpl } from "../../backend/backend.js";
import { allocData, type DataArray, type DType } from "../../dtype/dtype.js";
import { checkOptions, DisposedError } from "../../errors/errors.js";
import { kernelKey, type Kernel } from "../../kernel/ir.js";
import { JS_HELPERS, renderJsKernel } from "../../kernel/render/js.js";
import { CPU_ROUTINES } from "./routines/index.js";
import { compileWasmKernel, WasmArena, wasmDisabledByEnv, wasmSimdSupported } from "./wasm.js";

/** A CPU buffer: the typed array itself. @beta */
export class CpuBuffer implements DeviceBuffer {
  readonly backend: CpuBackend;
  readonly dtype: DType;
  readonly size: number;
  private store: DataArray | null;
  constructor(backend: CpuBackend, dtype: DType, data: DataArray) {
    this.backend = backend;
    this.dtype = dtype;
    this.size = data.length;
    this.store = data;
  }
  /** The typed array (shared, not copied): routines read and write it directly. */
  get data(): DataArray {
    if (this.store === null) throw new DisposedError("CpuBuffer: the buffer was freed; an Array was used after dispose()");
    return this.store;
  }
  /** Drops the storage. */
  release(): void {
    this.store = null;
  }
}

/**
 * A kernel compiled by the CPU backend: generated WebAssembly SIMD (`kind: "wasm"`; `source` is
 * the module's memory layout and instruction listing) or generated JavaScript (`kind: "js"`).
 * @beta
 */
export interface CpuCompiledKernel extends CompiledKernel {
  /** Which code generator produced the kernel. */
  readonly kind: "wasm" | "js";
  /** Runs the kernel: reads the input typed arrays (in slot order) and writes every element of `out`. */
  readonly fn: (ins: readonly DataArray[], out: DataArray, h: typeof JS_HELPERS) => void;
}

type KernelFn = CpuCompiledKernel["fn"];

function compileJs(kernel: Kernel): { source: string; fn: KernelFn } {
  const source = renderJsKernel(kernel);
  return { source, fn: new Function("ins", "out", "h", `"use strict";\n${source}`) as KernelFn };
}

/**
 * Kernels with fewer output elements stay on JS: a wasm call costs ~0.1-0.2 µs of fixed overhead
 * (copies, the JS-to-wasm transition), which a JS loop over this few elements does not reach.
 */
const WASM_MIN_SIZE = 64;

/** Number of compiled kernels kept per backend before the oldest are dropped. */
const KERNEL_CACHE_LIMIT = 4096;

/**
 * The embedded CPU backend: pure TypeScript over typed arrays, kernels compiled to WebAssembly
 * SIMD (plain elementwise float32/int32 kernels, see `renderWasmKernel`) or to specialised
 * JavaScript, cached by structure; native routines for matmul, convolution, sort, scatter and scans.
 * `options.wasm: false` (or `BRAINSTATE_WASM=0` in the environment) keeps every kernel on the JS
 * renderer, the reference.
 * @beta
 */
export class CpuBackend implements Backend {
  readonly name = "cpu";
  readonly capabilities: BackendCapabilities = {
    dtypes: ["float32", "float64", "int32", "uint32", "bool"],
    syncRead: true,
    maxExactInteger: 2 ** 53,
  };
  /** Whether kernels may be compiled to WebAssembly (the option, the environment and host support). */
  readonly wasmEnabled: boolean;
  private readonly cache = new Map<string, CpuCompiledKernel>();
  private arena: WasmArena | undefined;

  constructor(options?: { readonly wasm?: boolean }) {
    checkOptions("createCpuBackend", options, ["wasm"]);
    const wanted = options?.wasm ?? !wasmDisabledByEnv();
    this.wasmEnabled = wanted && wasmSimdSupported();
  }

  upload(data: DataArray, dtype: DType): CpuBuffer {
    const store = allocData(dtype, data.length);
    store.set(data);
    return new CpuBuffer(this, dtype, store);
  }

  allocate(dtype: DType, size: number): CpuBuffer {
    return new CpuBuffer(this, dtype, allocData(dtype, size));
  }

  /** Wraps an existing typed array without copying (it must not be mutated afterwards). */
  adopt(data: DataArray, dtype: DType): CpuBuffer {
    return new CpuBuffer(this, dtype, data);
  }

  view(buffer: DeviceBuffer, offset: number, size: number): CpuBuffer {
    return new CpuBuffer(this, buffer.dtype, (buffer as CpuBuffer).data.subarray(offset, offset + size));
  }

  copyInto(dst: DeviceBuffer, offset: number, src: DeviceBuffer): void {
    (dst as CpuBuffer).data.set((src as CpuBuffer).data, offset);
  }

  readSync(buffer: DeviceBuffer): DataArray {
    return (buffer as CpuBuffer).data.slice();
  }

  read(buffer: DeviceBuffer): Promise<DataArray> {
    return Promise.resolve(this.readSync(buffer));
  }

  free(buffer: DeviceBuffer): void {
    (buffer as CpuBuffer).release();
  }

  compileKernel(kernel: Kernel): CpuCompiledKernel {
    const key = kernelKey(kernel);
    const hit = this.cache.get(key);
    if (hit) return hit;
    const compiled = this.compileWasm(kernel) ?? { kernel, kind: "js" as const, ...compileJs(kernel) };
    if (this.cache.size >= KERNEL_CACHE_LIMIT) {
      const oldest = this.cache.keys().next().value as string;
      this.cache.delete(oldest);
    }
    this.cache.set(key, compiled);
    return compiled;
  }

  /**
   * The kernel as WebAssembly, when enabled and the kernel qualifies (and is large enough to pay
   * off); at run time it falls back to JS if the memory cannot grow.
   */
  private compileWasm(kernel: Kernel): CpuCompiledKernel | undefined {
    if (!this.wasmEnabled || kernel.size < WASM_MIN_SIZE) return undefined;
    const runner = compileWasmKernel(kernel, (this.arena ??= new WasmArena()));
    if (!runner) return undefined;
    let js: KernelFn | undefined;
    const fn: KernelFn = (ins, out, h) => {
      if (!runner.run(ins, out)) (js ??= compileJs(kernel).fn)(ins, out, h);
    };
    return { kernel, kind: "wasm", source: runner.module.text, fn };
  }

  execute(kernel: CompiledKernel, inputs: readonly DeviceBuffer[], output: DeviceBuffer): void {
    const ins: DataArray[] = new globalThis.Array(inputs.length);
    for (let i = 0; i < inputs.length; i++) ins[i] = (inputs[i] as CpuBuffer).data;
    (kernel as CpuCompiledKernel).fn(ins, (output as CpuBuffer).data, JS_HELPERS);
  }

  prepareRoutine(name: string): RoutineImpl | undefined {
    const impl = CPU_ROUTINES[name];
    if (!impl) return undefined;
    return (inputs, inSpecs, outSpecs, params) => {
      const outs = impl(
        inputs.map((b) => (b as CpuBuffer).data),
        inSpecs,
        outSpecs,
        params,
        { wasm: this.wasmEnabled },
      );
      return outs.map((d, i) => this.adopt(d, (outSpecs[i] as { dtype: DType }).dtype));
    };
  }
}

/**
 * Creates a CPU backend. `options.wasm` (default: true unless `BRAINSTATE_WASM=0`) allows
 * WebAssembly SIMD kernels where the host supports them.
 * @beta
 */
export function createCpuBackend(options?: { readonly wasm?: boolean }): CpuBackend {
  return new CpuBackend(options);
}
