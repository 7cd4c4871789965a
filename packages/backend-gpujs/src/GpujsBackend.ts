// The gpu.js backend: core's kernel IR compiled to gpu.js kernels (one per fused kernel, cached by
// source and shapes), results kept on the device between kernels and read back on demand; what
// gpu.js cannot compute exactly runs on the host through core's CPU backend, counted and logged.

import { BackendCapabilityError, BackendError, OptionError } from "@brainstate/core";
import {
  allocData,
  checkOptions,
  createCpuBackend,
  kernelKey,
  runRoutine,
  type AluOp,
  type Backend,
  type BackendCapabilities,
  type BufferSpec,
  type CompiledKernel,
  type CpuBackend,
  type CpuBuffer,
  type DataArray,
  type DeviceBuffer,
  type DType,
  type Exp,
  type Kernel,
  type RoutineImpl,
} from "@brainstate/core/extend";
import { analyzeBounds, MAX_EXACT_INTEGER, type BoundsVerdict, type Range } from "./bounds.js";
import { debugLine, envDebugLevel } from "./debug.js";
import { GPUJS, GPUJS_MODES, gpujsCpuFallback, kernelModeOf, probeModes, type GpuInstance, type GpujsKernelMode, type GpujsMode, type KernelRun } from "./modes.js";
import { GPUJS_HELPERS, GpujsRenderer, HOST_ONLY_INTEGER_OPS, renderGpujsKernel, type GpujsSource } from "./renderer.js";
import { HOST_ROUTINES } from "./routines/index.js";
import { DeviceHandle, fromFloat32, GpujsBuffer, hostContents, retainContents, toFloat32, type Contents, type Piece } from "./textures.js";

/** Options of {@link createGpujsBackend}. @beta */
export interface GpujsBackendOptions {
  /** The gpu.js mode. @defaultValue `"gpu"` (the first of headlessgl, webgl2, webgl, webasm that works) */
  readonly mode?: GpujsMode;
  /** More routines to run on the host (e.g. event-driven ones registered by packages above core). @defaultValue `[]` */
  readonly hostRoutines?: readonly string[];
  /** Kernels with more inputs run on the host. @defaultValue 16 on GL and WebGPU modes (texture units), unlimited elsewhere */
  readonly maxKernelInputs?: number;
  /** Debug level (see the README); @defaultValue the `BRAINSTATE_DEBUG` environment variable, else 0 */
  readonly debug?: number;
}

/** What the gpu.js backend can do in its mode. @beta */
export interface GpujsCapabilities extends BackendCapabilities {
  /** The requested mode. */
  readonly mode: GpujsMode;
  /** The kernel type gpu.js actually runs (what an auto mode resolved to). */
  readonly kernelMode: GpujsKernelMode;
  /** True when every kernel call and read is asynchronous (webgpu, async). */
  readonly async: boolean;
  /** Integer ops that send a kernel to the host (float32 has no bitwise operations). */
  readonly hostOps: readonly AluOp[];
  /** Routines that run on the host (scatter and the ones named in the options). */
  readonly hostRoutines: readonly string[];
  /** Kernels with more inputs than this run on the host. */
  readonly maxKernelInputs: number;
}

/** One computation that ran on the host instead of the device, and why. @beta */
export interface HostFallback {
  /** A kernel, a routine, a partial copy, or a kernel gpu.js itself moved to its CPU kernel. */
  readonly kind: "kernel" | "routine" | "copy" | "gpujs-cpu";
  /** What ran: the kernel's dtype and size, or the routine's name. */
  readonly what: string;
  /** Why it could not run on the device. */
  readonly reason: string;
  /** The generated gpu.js source, when gpu.js rejected it. */
  readonly source?: string;
}

/** gpu.js settings of one compiled kernel instance (exposed for inspection and tests). @beta */
export interface GpujsKernelSettings {
  readonly output: readonly number[];
  readonly pipeline: boolean;
  readonly immutable: boolean;
  readonly loopMaxIterations: number;
  readonly dynamicArguments: boolean;
  readonly dynamicOutput: boolean;
  readonly tactic: string;
}

/** One gpu.js kernel built from a compiled kernel for one combination of input sizes. @beta */
export interface GpujsKernelInstance {
  /** Sizes of the input buffers, in slot order. */
  readonly inputSizes: readonly number[];
  /** The settings it was created with. */
  readonly settings: GpujsKernelSettings;
  /** The kernel type gpu.js ran it with (null before its first call). */
  readonly ranAs: GpujsKernelMode | null;
}

/** A kernel compiled by the gpu.js backend. @beta */
export interface GpujsCompiledKernel extends CompiledKernel {
  /** The gpu.js source (or, for a host-only kernel, the reason followed by nothing). */
  readonly source: string;
  /** Why the kernel always runs on the host, or null when it can run on the device. */
  readonly hostReason: string | null;
  /** The gpu.js kernels built so far, one per combination of input sizes. */
  readonly instances: readonly GpujsKernelInstance[];
}

interface Instance extends GpujsKernelInstance {
  readonly run: KernelRun;
  ranAs: GpujsKernelMode | null;
  broken: string | null;
  lastResult: unknown;
}

class GpujsKernel implements GpujsCompiledKernel {
  readonly kernel: Kernel;
  readonly source: string;
  readonly hostReason: string | null;
  readonly rendered: GpujsSource | null;
  readonly byInputs = new Map<string, Instance>();
  readonly bounds = new Map<string, BoundsVerdict>();
  constructor(kernel: Kernel, hostReason: string | null, rendered: GpujsSource | null) {
    this.kernel = kernel;
    this.hostReason = hostReason;
    this.rendered = rendered;
    this.source = rendered?.source ?? `// runs on the host: ${hostReason ?? ""}`;
  }
  get instances(): GpujsKernelInstance[] {
    return [...this.byInputs.values()].map(({ inputSizes, settings, ranAs }) => ({ inputSizes, settings, ranAs }));
  }
}

type Placement = { readonly device: true; readonly verdict: BoundsVerdict } | { readonly device: false; readonly reason: string };

const KERNEL_CACHE_LIMIT = 2048;
const BOUNDS_MEMO_LIMIT = 64;
const FALLBACK_LOG_LIMIT = 200;
const GL_MODES: readonly GpujsKernelMode[] = ["headlessgl", "webgl", "webgl2", "webgpu"];
const DTYPES: readonly DType[] = ["float32", "int32", "uint32", "bool"];

function kernelHasFloat64(k: Kernel): boolean {
  if (k.dtype === "float64" || k.inputs.includes("float64")) return true;
  const seen = new Set<Exp>();
  const visit = (e: Exp): boolean => {
    if (seen.has(e)) return false;
    seen.add(e);
    return e.dtype === "float64" || e.args.some(visit);
  };
  return visit(k.exp) || (k.reduction?.epilogue ? visit(k.reduction.epilogue) : false);
}

/**
 * The gpu.js backend. Buffers live on the device (typed arrays on cpu/webasm, textures on GL,
 * buffers on WebGPU) between kernels and come back to the host only when read. Integer kernels
 * run on the device only while every integer they form stays within ±2^24; kernels with bitwise
 * integer ops, the routines in `capabilities.hostRoutines` and anything gpu.js fails to compile
 * run on the host through core's CPU backend, each counted in `hostFallbacks` and logged under
 * `BRAINSTATE_DEBUG`.
 * @beta
 */
export class GpujsBackend implements Backend {
  readonly name = "gpujs";
  /** The requested mode. */
  readonly mode: GpujsMode;
  /** Number of computations that ran on the host instead of the device (tests read it). */
  hostFallbacks = 0;
  /** Number of gpu.js kernels created (one per distinct source, output size and input sizes). */
  kernelsCreated = 0;
  /** Number of buffers moved host → device and device → host (reads of device results). */
  readonly transfers = { toDevice: 0, toHost: 0 };
  private caps: GpujsCapabilities;
  private readonly gpu: GpuInstance;
  private readonly host: CpuBackend;
  private readonly hostRoutineNames: ReadonlySet<string>;
  private readonly cache = new Map<string, GpujsKernel>();
  private readonly uploaders = new Map<number, KernelRun>();
  private readonly fallbackLog: HostFallback[] = [];
  private readonly debugLevel: number;
  private queue: Promise<void> = Promise.resolve();
  private disposed = false;

  constructor(options: GpujsBackendOptions = {}) {
    checkOptions("createGpujsBackend", options, ["mode", "hostRoutines", "maxKernelInputs", "debug"]);
    const mode = options.mode ?? "gpu";
    if (!GPUJS_MODES.includes(mode)) {
      throw new OptionError(`createGpujsBackend: unknown mode '${String(mode)}'; the modes are ${GPUJS_MODES.map((m) => `'${m}'`).join(", ")}`);
    }
    const probe = probeModes().find((m) => m.mode === mode);
    if (probe && !probe.available) {
      const usable = probeModes().filter((m) => m.available).map((m) => `'${m.mode}'`).join(", ");
      throw new BackendCapabilityError(`createGpujsBackend: gpu.js mode '${mode}' is not available here: ${probe.reason}; available modes: ${usable}`);
    }
    this.mode = mode;
    this.debugLevel = options.debug ?? envDebugLevel();
    try {
      this.gpu = new GPUJS.GPU({ mode });
    } catch (e) {
      throw new BackendCapabilityError(`createGpujsBackend: gpu.js refused mode '${mode}': ${(e as Error).message}`);
    }
    for (const [name, h] of Object.entries(GPUJS_HELPERS)) {
      try {
        this.gpu.addFunction(h.source, { argumentTypes: Object.fromEntries(h.params.map((p) => [p, "Number"])), returnType: "Number" });
      } catch (e) {
        throw new BackendError(`createGpujsBackend: gpu.js rejected the helper '${name}': ${(e as Error).message}`);
      }
    }
    this.host = createCpuBackend();
    this.hostRoutineNames = new Set([...HOST_ROUTINES, ...(options.hostRoutines ?? [])]);
    const kernelMode = kernelModeOf(this.gpu.Kernel) ?? "cpu";
    const maxInputs = options.maxKernelInputs ?? (GL_MODES.includes(kernelMode) ? 16 : Infinity);
    if (!(maxInputs >= 1)) throw new OptionError(`createGpujsBackend: maxKernelInputs must be a number >= 1, got ${String(maxInputs)}`);
    this.caps = this.makeCapabilities(kernelMode, maxInputs);
  }

  private makeCapabilities(kernelMode: GpujsKernelMode, maxKernelInputs: number): GpujsCapabilities {
    const async = this.mode === "async" || kernelMode === "webgpu";
    const label = `gpujs (gpu.js mode '${this.mode}'${this.mode === kernelMode ? "" : ` running ${kernelMode}`})`;
    return {
      dtypes: DTYPES,
      syncRead: !async,
      maxExactInteger: MAX_EXACT_INTEGER,
      label,
      mode: this.mode,
      kernelMode,
      async,
      hostOps: HOST_ONLY_INTEGER_OPS,
      hostRoutines: [...this.hostRoutineNames],
      maxKernelInputs,
    };
  }

  /** What the backend can do in its mode (the kernel mode may change once: `async` upgrading to webgpu). */
  get capabilities(): GpujsCapabilities {
    return this.caps;
  }

  /** The kernel type gpu.js runs (what `gpu`/`async` resolved to). */
  get actualMode(): GpujsKernelMode {
    return this.caps.kernelMode;
  }

  /** The most recent host fallbacks (up to 200), oldest first. */
  get fallbacks(): readonly HostFallback[] {
    return this.fallbackLog;
  }

  /** Sets `hostFallbacks`, `kernelsCreated` and `transfers` to zero and forgets the fallback log. */
  resetCounters(): void {
    this.hostFallbacks = 0;
    this.kernelsCreated = 0;
    this.transfers.toDevice = 0;
    this.transfers.toHost = 0;
    this.fallbackLog.length = 0;
  }

  /** Resolves when every queued computation has finished (asynchronous modes; immediate otherwise). */
  async flush(): Promise<void> {
    await this.queue;
  }

  /** Destroys the gpu.js instance and every kernel; the backend cannot be used afterwards. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.gpu.destroy();
    this.cache.clear();
    this.uploaders.clear();
  }

  private get label(): string {
    return this.caps.label ?? this.name;
  }

  private log(level: number, message: string): void {
    if (this.debugLevel >= level) debugLine(this.label, message);
  }

  private record(kind: HostFallback["kind"], what: string, reason: string, source?: string): void {
    this.hostFallbacks++;
    if (this.fallbackLog.length >= FALLBACK_LOG_LIMIT) this.fallbackLog.shift();
    this.fallbackLog.push({ kind, what, reason, ...(source !== undefined ? { source } : {}) });
    this.log(1, `host fallback (${kind}) ${what}: ${reason}`);
  }

  private checkDtype(where: string, dtype: DType): void {
    if (dtype === "float64") {
      throw new BackendCapabilityError(
        `${where}: ${this.label} has no float64 — gpu.js computes in float32 in every mode; cast with astype('float32'), or keep float64 work on the cpu backend (devicePut(x, 'cpu'))`,
      );
    }
  }

  private checkLive(): void {
    if (this.disposed) throw new BackendError(`${this.label}: the backend was disposed`);
  }

  // ---------------------------------------------------------------------------------------------
  // Buffers

  upload(data: DataArray, dtype: DType): GpujsBuffer {
    this.checkDtype("gpujs.upload", dtype);
    const copy = allocData(dtype, data.length);
    copy.set(data);
    return new GpujsBuffer(this, dtype, data.length, hostContents(copy));
  }

  allocate(dtype: DType, size: number): GpujsBuffer {
    this.checkDtype("gpujs.allocate", dtype);
    return new GpujsBuffer(this, dtype, size);
  }

  readSync(buffer: DeviceBuffer): DataArray {
    if (this.caps.async) {
      throw new BackendCapabilityError(
        `readSync: ${this.label} reads asynchronously only (every gpu.js call returns a Promise in this mode); use await array.dataAsync() or toArrayAsync()`,
      );
    }
    return this.hostDataSync(buffer as GpujsBuffer).slice();
  }

  read(buffer: DeviceBuffer): Promise<DataArray> {
    const b = buffer as GpujsBuffer;
    if (!this.caps.async) {
      try {
        return Promise.resolve(this.readSync(b));
      } catch (e) {
        return Promise.reject(e as Error);
      }
    }
    return new Promise<DataArray>((resolve, reject) => {
      this.enqueue(async () => {
        try {
          resolve((await this.hostDataAsync(b)).slice());
        } catch (e) {
          reject(e as Error);
        }
      });
    });
  }

  free(buffer: DeviceBuffer): void {
    const b = buffer as GpujsBuffer;
    if (this.caps.async) this.enqueue(() => b.free());
    else b.free();
  }

  copyInto(dst: DeviceBuffer, offset: number, src: DeviceBuffer): void {
    const d = dst as GpujsBuffer;
    const s = src as GpujsBuffer;
    const copy = (): void => {
      const c = retainContents(s.contents);
      if (offset === 0 && s.size === d.size) {
        // A whole copy shares the device value (device values are never written in place).
        d.write(c);
        return;
      }
      // A partial copy is recorded as a piece, assembled when the buffer is first used.
      const base = d.contents;
      const piece: Piece = { offset, size: s.size, contents: c };
      const lo = Math.min(base.range.lo, c.range.lo);
      const hi = Math.max(base.range.hi, c.range.hi);
      d.write({ ...base, range: { lo, hi }, pieces: [...(base.pieces ?? []), piece] });
    };
    if (this.caps.async) this.enqueue(copy);
    else copy();
  }

  private enqueue(task: () => Promise<void> | void): void {
    this.queue = this.queue.then(task).catch((e: unknown) => this.log(1, `queued task failed: ${String(e)}`));
  }

  /** Host values of a buffer (reading the device once and caching the copy). */
  private hostDataSync(b: GpujsBuffer): DataArray {
    const c = b.contents;
    if (c.host && !c.pieces) return c.host;
    const host = this.contentsHostSync(c, b.dtype, b.size);
    if (c.pieces) b.write({ host, device: null, range: c.range });
    else b.cacheHost(host);
    return host;
  }

  private contentsHostSync(c: Contents, dtype: DType, size: number): DataArray {
    if (c.error !== undefined) throw c.error;
    let base: DataArray;
    if (c.host) base = c.host;
    else if (c.device) {
      const v = c.device.value;
      this.transfers.toHost++;
      base = fromFloat32(ArrayBuffer.isView(v) ? (v as Float32Array) : (v as { toArray(): Float32Array }).toArray(), dtype, size);
    } else base = allocData(dtype, size);
    if (!c.pieces) return base;
    const out = c.host ? base.slice() : base;
    for (const p of c.pieces) out.set(this.contentsHostSync(p.contents, dtype, p.size), p.offset);
    return out;
  }

  private async hostDataAsync(b: GpujsBuffer): Promise<DataArray> {
    const c = b.contents;
    if (c.host && !c.pieces) return c.host;
    const host = await this.contentsHostAsync(c, b.dtype, b.size);
    if (b.contents === c) {
      if (c.pieces) b.write({ host, device: null, range: c.range });
      else b.cacheHost(host);
    }
    return host;
  }

  private async contentsHostAsync(c: Contents, dtype: DType, size: number): Promise<DataArray> {
    if (c.error !== undefined) throw c.error;
    let base: DataArray;
    if (c.host) base = c.host;
    else if (c.device) {
      const v = c.device.value;
      this.transfers.toHost++;
      base = fromFloat32(ArrayBuffer.isView(v) ? (v as Float32Array) : await (v as { toArray(): Float32Array | Promise<Float32Array> }).toArray(), dtype, size);
    } else base = allocData(dtype, size);
    if (!c.pieces) return base;
    const out = c.host ? base.slice() : base;
    for (const p of c.pieces) out.set(await this.contentsHostAsync(p.contents, dtype, p.size), p.offset);
    return out;
  }

  /** True where device values are typed arrays in host memory (gpu.js cpu and webasm). */
  private get arrayDevice(): boolean {
    return !GL_MODES.includes(this.caps.kernelMode);
  }

  /** Float32 values of contents assembled in memory (array-device modes only: every device value is a Float32Array). */
  private contentsF32(c: Contents, size: number): Float32Array {
    if (c.error !== undefined) throw c.error;
    const base = c.device && ArrayBuffer.isView(c.device.value) ? (c.device.value as Float32Array) : c.host ? toFloat32(c.host) : new Float32Array(size);
    if (!c.pieces) return base;
    const out = base === c.device?.value || base === c.host ? base.slice() : base;
    for (const p of c.pieces) out.set(this.contentsF32(p.contents, p.size), p.offset);
    return out;
  }

  /** The value gpu.js receives for a buffer: its device value, uploading host data first. */
  private deviceValue(b: GpujsBuffer): unknown {
    const c = b.contents;
    if (c.error !== undefined) throw c.error;
    if (c.device && !c.pieces) return c.device.value;
    if (this.arrayDevice) {
      // cpu/webasm: the device is host memory; pieces are assembled with typed-array copies.
      const values = this.contentsF32(c, b.size);
      this.transfers.toDevice++;
      b.write({ host: c.pieces ? null : c.host, device: new DeviceHandle(values), range: c.range });
      return values;
    }
    if (c.pieces) this.record("copy", `${b.dtype}[${b.size}] from ${c.pieces.length} parts`, "gpu.js cannot write part of a texture: the parts are assembled on the host and uploaded");
    const assembled = c.pieces ? null : c.host;
    const upload = (host: DataArray): unknown => {
      this.transfers.toDevice++;
      const v = this.uploader(b.size)(toFloat32(host));
      const attach = (value: unknown): unknown => {
        if (b.contents === c) b.write({ host, device: new DeviceHandle(value), range: c.range });
        return value;
      };
      return v instanceof Promise ? v.then(attach) : attach(v);
    };
    if (assembled) return upload(assembled);
    if (this.caps.async) return this.contentsHostAsync(c, b.dtype, b.size).then(upload);
    return upload(this.contentsHostSync(c, b.dtype, b.size));
  }

  /** An identity kernel per size that turns host data into a device value (texture, GPU buffer). */
  private uploader(size: number): KernelRun {
    let k = this.uploaders.get(size);
    if (!k) {
      k = this.gpu.createKernel("function (a) { return a[this.thread.x]; }", {
        output: [size],
        pipeline: true,
        immutable: true,
        dynamicArguments: true,
        tactic: "precision",
      });
      this.kernelsCreated++;
      this.uploaders.set(size, k);
    }
    return k;
  }

  // ---------------------------------------------------------------------------------------------
  // Kernels

  compileKernel(kernel: Kernel): GpujsCompiledKernel {
    this.checkLive();
    if (kernelHasFloat64(kernel)) this.checkDtype("gpujs.compileKernel", "float64");
    const key = kernelKey(kernel);
    const hit = this.cache.get(key);
    if (hit) return hit;
    const hostReason = GpujsRenderer.hostOnlyReason(kernel);
    const compiled = new GpujsKernel(kernel, hostReason, hostReason === null ? renderGpujsKernel(kernel, { shader: !this.arrayDevice || this.mode === "async" }) : null);
    this.log(1, `compiled ${kernel.dtype}[${kernel.size}]${kernel.reduction ? ` (${kernel.reduction.op} over ${kernel.reduction.size})` : ""}${hostReason ? ` for the host: ${hostReason}` : ""}`);
    this.log(4, compiled.source);
    if (this.cache.size >= KERNEL_CACHE_LIMIT) this.cache.delete(this.cache.keys().next().value as string);
    this.cache.set(key, compiled);
    return compiled;
  }

  execute(compiled: CompiledKernel, inputs: readonly DeviceBuffer[], output: DeviceBuffer): void {
    this.checkLive();
    const k = compiled as GpujsKernel;
    const ins = inputs as readonly GpujsBuffer[];
    const out = output as GpujsBuffer;
    if (this.caps.async) {
      this.enqueue(() => this.executeAsync(k, ins, out));
      return;
    }
    const place = this.place(k, ins.map((b) => b.contents));
    if (!place.device) {
      this.record("kernel", describe(k.kernel), place.reason);
      out.write(this.runOnHost(k.kernel, ins.map((b) => this.hostDataSync(b))));
      return;
    }
    const args = ins.map((b) => this.deviceValue(b));
    const inst = this.instance(k, ins);
    let result: unknown;
    if (inst.broken === null) {
      try {
        result = inst.run(...args, ...(k.rendered as GpujsSource).specialValues);
      } catch (e) {
        inst.broken = `gpu.js could not run the kernel: ${(e as Error).message.split("\n")[0] ?? ""}`;
      }
    }
    if (inst.broken !== null) {
      this.record("kernel", describe(k.kernel), inst.broken, k.source);
      out.write(this.runOnHost(k.kernel, ins.map((b) => this.hostDataSync(b))));
      return;
    }
    this.afterRun(k, inst, result);
    out.write({ host: null, device: new DeviceHandle(result), range: place.verdict.out });
  }

  private async executeAsync(k: GpujsKernel, ins: readonly GpujsBuffer[], out: GpujsBuffer): Promise<void> {
    try {
      const contents = ins.map((b) => b.contents);
      const failed = contents.find((c) => c.error !== undefined);
      if (failed) throw failed.error;
      const place = this.place(k, contents);
      if (!place.device) {
        this.record("kernel", describe(k.kernel), place.reason);
        const data = await Promise.all(ins.map((b) => this.hostDataAsync(b)));
        out.write(this.runOnHost(k.kernel, data));
        return;
      }
      const args = await Promise.all(ins.map((b) => this.deviceValue(b)));
      const inst = this.instance(k, ins);
      let result: unknown;
      if (inst.broken === null) {
        try {
          result = await inst.run(...args, ...(k.rendered as GpujsSource).specialValues);
        } catch (e) {
          inst.broken = `gpu.js could not run the kernel: ${(e as Error).message.split("\n")[0] ?? ""}`;
        }
      }
      if (inst.broken !== null) {
        this.record("kernel", describe(k.kernel), inst.broken, k.source);
        const data = await Promise.all(ins.map((b) => this.hostDataAsync(b)));
        out.write(this.runOnHost(k.kernel, data));
        return;
      }
      this.afterRun(k, inst, result);
      out.write({ host: null, device: new DeviceHandle(result), range: place.verdict.out });
    } catch (e) {
      out.write({ host: null, device: null, range: { lo: -Infinity, hi: Infinity }, error: e });
    }
  }

  /** Device or host, from the kernel's ops, its inputs' value ranges and its input count. */
  private place(k: GpujsKernel, contents: readonly Contents[]): Placement {
    if (k.hostReason !== null) return { device: false, reason: k.hostReason };
    if (contents.length > this.caps.maxKernelInputs) {
      return { device: false, reason: `${contents.length} inputs exceed the ${this.caps.maxKernelInputs} texture units gpu.js may bind in mode '${this.caps.kernelMode}'` };
    }
    const ranges: Range[] = contents.map((c) => c.range);
    const key = ranges.map((r) => `${r.lo}:${r.hi}`).join(",");
    let verdict = k.bounds.get(key);
    if (!verdict) {
      verdict = analyzeBounds(k.kernel, ranges);
      if (k.bounds.size >= BOUNDS_MEMO_LIMIT) k.bounds.clear();
      k.bounds.set(key, verdict);
    }
    if (verdict.inexact !== null) return { device: false, reason: verdict.inexact };
    return { device: true, verdict };
  }

  /**
   * The gpu.js kernel for these input sizes. Never resized with setOutput (headlessgl silently
   * ignores a resize across texture-size classes) and never fed inputs of another size (texture
   * arguments of a new size read garbage there): one kernel per source, output size and input sizes.
   */
  private instance(k: GpujsKernel, ins: readonly GpujsBuffer[]): Instance {
    const sizes = ins.map((b) => b.size);
    const key = sizes.join(",");
    let inst = k.byInputs.get(key);
    if (!inst) {
      const rendered = k.rendered as GpujsSource;
      const settings: GpujsKernelSettings = {
        output: [k.kernel.size],
        pipeline: true,
        immutable: true,
        // Literal loop bounds already run in full; the explicit bound guards any loop gpu.js
        // does not recognise as literal (it would stop at the default 1000 without a word).
        loopMaxIterations: Math.max(rendered.loopIterations, 1),
        dynamicArguments: true,
        dynamicOutput: false,
        tactic: "precision",
      };
      let run: KernelRun;
      try {
        run = this.gpu.createKernel(rendered.source, { ...settings, output: [...settings.output] });
      } catch (e) {
        const message = (e as Error).message;
        run = Object.assign(() => {
          throw new Error(message);
        }, { kernel: undefined, destroy: () => undefined }) as unknown as KernelRun;
      }
      this.kernelsCreated++;
      inst = { inputSizes: sizes, settings, run, ranAs: null, broken: null, lastResult: undefined };
      k.byInputs.set(key, inst);
      this.log(1, `gpu.js kernel for ${describe(k.kernel)} with inputs [${key}]`);
    }
    return inst;
  }

  /** Checks what gpu.js did on a call: its own CPU fallback, an async upgrade, an aliased result. */
  private afterRun(k: GpujsKernel, inst: Instance, result: unknown): void {
    const ran = kernelModeOf(inst.run.kernel?.constructor);
    if (ran !== null && ran !== inst.ranAs) {
      inst.ranAs = ran;
      const fellBack = gpujsCpuFallback(inst.run, this.caps.kernelMode);
      if (fellBack !== null) {
        this.record("gpujs-cpu", describe(k.kernel), fellBack);
      } else if (ran !== this.caps.kernelMode && ran !== "cpu") {
        this.log(1, `gpu.js runs this kernel as ${ran} (mode '${this.mode}' upgraded from ${this.caps.kernelMode})`);
        this.caps = this.makeCapabilities(ran, this.caps.maxKernelInputs);
      }
    }
    if (result !== undefined && result === inst.lastResult) {
      // A kernel that hands back the object of its previous call overwrote that result in place.
      throw new BackendError(`${this.label}: gpu.js returned the same output object twice for ${describe(k.kernel)}; an earlier result was overwritten (pipeline kernels must be immutable)`);
    }
    inst.lastResult = result;
  }

  /** Runs a kernel on core's CPU backend over host values; the result becomes host contents. */
  private runOnHost(kernel: Kernel, data: readonly DataArray[]): Contents {
    const ins = data.map((d, i) => this.host.adopt(d, kernel.inputs[i] as DType));
    const out = this.host.allocate(kernel.dtype, kernel.size);
    this.host.execute(this.host.compileKernel(kernel), ins, out);
    return hostContents(out.data);
  }

  // ---------------------------------------------------------------------------------------------
  // Routines

  prepareRoutine(name: string): RoutineImpl | undefined {
    if (!this.hostRoutineNames.has(name)) return undefined;
    return (inputs, inSpecs, outSpecs, params) => {
      const ins = inputs as readonly GpujsBuffer[];
      const outs = outSpecs.map((s) => this.allocate(s.dtype, sizeOf(s)));
      const compute = (data: readonly DataArray[]): void => {
        this.record("routine", name, "runs on the host (gpu.js kernels cannot scatter or run event-driven loops)");
        const results = runRoutine(this.host, name, data.map((d, i) => this.host.adopt(d, (inSpecs[i] as BufferSpec).dtype)), inSpecs, outSpecs, params);
        results.forEach((r, i) => (outs[i] as GpujsBuffer).write(hostContents((r as CpuBuffer).data)));
      };
      if (this.caps.async) {
        this.enqueue(async () => {
          try {
            compute(await Promise.all(ins.map((b) => this.hostDataAsync(b))));
          } catch (e) {
            for (const o of outs) o.write({ host: null, device: null, range: { lo: -Infinity, hi: Infinity }, error: e });
          }
        });
      } else {
        compute(ins.map((b) => this.hostDataSync(b)));
      }
      return outs;
    };
  }
}

function sizeOf(spec: BufferSpec): number {
  return spec.shape.reduce((a, b) => a * b, 1);
}

function describe(k: Kernel): string {
  return `${k.dtype}[${k.size}]${k.reduction ? ` ${k.reduction.op} over ${k.reduction.size}` : ""} from (${k.inputs.join(", ")})`;
}

/**
 * Creates a gpu.js backend in `options.mode` (default `gpu`).
 * @throws `BackendCapabilityError` when the mode is not available here (the message says why).
 * @example
 * ```ts
 * import { registerBackend, setBackend } from "@brainstate/core";
 * import { createGpujsBackend } from "@brainstate/backend-gpujs";
 * registerBackend("gpujs", (o) => createGpujsBackend(o));
 * setBackend("gpujs", { mode: "webasm" });
 * ```
 * @beta
 */
export function createGpujsBackend(options?: GpujsBackendOptions): GpujsBackend {
  return new GpujsBackend(options);
}
