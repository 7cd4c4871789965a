// The CPU backend's WebAssembly runtime: feature detection of SIMD, one growable linear memory
// per backend, and running a kernel module rendered by kernel/render/wasm.ts (inputs copied into
// the memory, the module called, the output copied out). Layer 5'.

import type { DataArray } from "../../dtype/dtype.js";
import type { Kernel } from "../../kernel/ir.js";
import { renderWasmKernel, type WasmKernelModule } from "../../kernel/render/wasm.js";
import { assembleModule, WasmCode } from "../../kernel/render/wasmBinary.js";

// The parts of the WebAssembly JS API used here (the project compiles without DOM typings, and
// some hosts have no WebAssembly at all).
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmInstance {
  readonly exports: Record<string, unknown>;
}
interface WasmApi {
  Memory: new (descriptor: { initial: number }) => WasmMemory;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => WasmInstance;
  validate(bytes: Uint8Array): boolean;
}

const PAGE = 65536;

/** The functions kernel modules may import as `math.<name>` (sin and cos of huge arguments). */
const MATH_IMPORTS = { sin: Math.sin, cos: Math.cos };

function wasmApi(): WasmApi | undefined {
  return (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
}

let simdSupported: boolean | undefined;

/**
 * Whether this host runs WebAssembly SIMD: checked once, by validating and compiling a tiny module
 * that adds two f32x4 constants.
 * @beta
 */
export function wasmSimdSupported(): boolean {
  if (simdSupported === undefined) {
    const api = wasmApi();
    if (!api) {
      simdSupported = false;
    } else {
      const code = new WasmCode().f32x4Const(1).f32x4Const(2).simd("f32x4.add").op("drop");
      const bytes = assembleModule({ functions: [{ name: "probe", params: [], results: [], locals: [], code }] });
      try {
        simdSupported = api.validate(bytes);
        if (simdSupported) new api.Instance(new api.Module(bytes), {});
      } catch (_e) {
        simdSupported = false;
      }
    }
  }
  return simdSupported;
}

/**
 * Whether the environment asks for the JS renderer only: `BRAINSTATE_WASM=0` (or `false`, `off`)
 * in the process environment.
 * @beta
 */
export function wasmDisabledByEnv(): boolean {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  const v = env?.["BRAINSTATE_WASM"]?.trim().toLowerCase();
  return v === "0" || v === "false" || v === "off" || v === "no";
}

/**
 * One WebAssembly memory shared by every wasm kernel of a backend, grown on demand. A kernel run
 * lays its regions out from offset 0; runs are synchronous, so they never overlap.
 * @beta
 */
export class WasmArena {
  /** The memory that kernel modules import as `env.memory`. */
  readonly memory: WasmMemory;
  /** Current size of the memory in bytes. */
  bytes = 0;
  /** Views of the whole memory, renewed when it grows. */
  f32 = new Float32Array(0);
  i32 = new Int32Array(0);
  u8 = new Uint8Array(0);

  constructor() {
    const api = wasmApi();
    if (!api) throw new Error("WasmArena: this host has no WebAssembly");
    this.memory = new api.Memory({ initial: 1 });
    this.refresh();
  }

  private refresh(): void {
    const buffer = this.memory.buffer;
    this.bytes = buffer.byteLength;
    this.f32 = new Float32Array(buffer);
    this.i32 = new Int32Array(buffer);
    this.u8 = new Uint8Array(buffer);
  }

  /** Makes the memory at least `bytes` long; false when it cannot grow that far. */
  ensure(bytes: number): boolean {
    if (this.bytes >= bytes) return true;
    try {
      this.memory.grow(Math.ceil((bytes - this.bytes) / PAGE));
    } catch (_e) {
      return false;
    }
    this.refresh();
    return true;
  }
}

/** A kernel compiled to WebAssembly and bound to an arena. @beta */
export interface WasmKernelRunner {
  /** The rendered module (layout, bytes, text). */
  readonly module: WasmKernelModule;
  /** Runs the kernel on input typed arrays (slot order) into `out`; false when the arena could not grow (nothing was written). */
  run(ins: readonly DataArray[], out: DataArray): boolean;
}

/**
 * Renders, compiles and instantiates `kernel` as a WebAssembly SIMD kernel over `arena`, or
 * returns undefined when the kernel does not qualify or the host refuses to compile the module.
 * @beta
 */
export function compileWasmKernel(kernel: Kernel, arena: WasmArena): WasmKernelRunner | undefined {
  const api = wasmApi();
  if (!api) return undefined;
  const mod = renderWasmKernel(kernel);
  if (!mod) return undefined;
  let k: (...args: number[]) => void;
  try {
    const instance = new api.Instance(new api.Module(mod.bytes), { env: { memory: arena.memory }, math: MATH_IMPORTS });
    k = instance.exports["k"] as (...args: number[]) => void;
  } catch (_e) {
    // Some hosts limit synchronous compilation (e.g. module size on a browser's main thread).
    return undefined;
  }
  const size = kernel.size;
  const need = mod.memoryBytes;
  const vectors = mod.vectors;
  const nv = vectors.length;
  const slots = vectors.map((v) => v.slot);
  const starts = vectors.map((v) => (v.dtype === "bool" ? v.offset : v.offset >> 2));
  const kinds = vectors.map((v) => v.dtype);
  const scalars = mod.scalars;
  const ns = scalars.length;
  const outStart = mod.outOffset >> 2;
  const outEnd = outStart + size;
  const outIsF32 = kernel.dtype === "float32";
  const args: number[] = new globalThis.Array<number>(ns).fill(0);
  const run = (ins: readonly DataArray[], out: DataArray): boolean => {
    if (arena.bytes < need && !arena.ensure(need)) return false;
    for (let j = 0; j < nv; j++) {
      const kind = kinds[j];
      const view = kind === "float32" ? arena.f32 : kind === "int32" ? arena.i32 : arena.u8;
      const src = ins[slots[j] as number] as DataArray;
      view.set(src.length === size ? src : src.subarray(0, size), starts[j] as number);
    }
    if (ns === 0) {
      k();
    } else {
      for (let j = 0; j < ns; j++) {
        const s = scalars[j] as (typeof scalars)[number];
        const x = (ins[s.slot] as DataArray)[s.index] as number;
        args[j] = s.dtype === "bool" ? (x !== 0 ? -1 : 0) : x;
      }
      if (ns === 1) k(args[0] as number);
      else k(...args);
    }
    out.set((outIsF32 ? arena.f32 : arena.i32).subarray(outStart, outEnd));
    return true;
  };
  return { module: mod, run };
}
