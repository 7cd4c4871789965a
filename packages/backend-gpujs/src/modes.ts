// gpu.js modes: which ones this runtime has, what an auto mode resolves to, and why a mode is
// missing. The one file that knows gpu.js's mode names and kernel classes.

import * as gpujsModule from "gpu.js";

/**
 * A gpu.js mode: `gpu` picks the first available of headlessgl, webgl2, webgl and webasm; `async`
 * does the same with every call returning a Promise (and upgrades to webgpu when an adapter answers).
 * @beta
 */
export type GpujsMode = "gpu" | "async" | "cpu" | "webasm" | "headlessgl" | "webgl" | "webgl2" | "webgpu";

/** Every mode, in the order tests and reports list them. @beta */
export const GPUJS_MODES: readonly GpujsMode[] = ["cpu", "webasm", "headlessgl", "webgl2", "webgl", "webgpu", "gpu", "async"];

/** A concrete kernel type gpu.js runs (what an auto mode resolves to). @beta */
export type GpujsKernelMode = "cpu" | "webasm" | "headlessgl" | "webgl" | "webgl2" | "webgpu";

/** Whether a mode can run here, and why not. @beta */
export interface ModeAvailability {
  /** The mode. */
  readonly mode: GpujsMode;
  /** True when a backend can be created in this mode. */
  readonly available: boolean;
  /** The kernel type the mode resolves to (for auto modes), when available. */
  readonly resolvesTo: GpujsKernelMode | null;
  /** Why the mode is unavailable (empty when available). */
  readonly reason: string;
}

/** The parts of a gpu.js kernel class the backend reads. */
export interface KernelClass {
  readonly isSupported: boolean;
  readonly name: string;
}

/** The parts of the gpu.js module the backend uses (its bundled typings lack several settings). */
export interface GpujsModule {
  readonly GPU: GpuConstructor;
  readonly CPUKernel: KernelClass;
  readonly WebAssemblyKernel: KernelClass;
  readonly HeadlessGLKernel: KernelClass;
  readonly WebGLKernel: KernelClass;
  readonly WebGL2Kernel: KernelClass;
  readonly WebGPUKernel: KernelClass;
}

/** gpu.js's GPU class, as far as the backend uses it. */
export interface GpuConstructor {
  new (settings: { mode: string }): GpuInstance;
  readonly isWebGPUSupported: boolean;
  isWebGPUAvailable(): Promise<boolean>;
}

/** A GPU instance. */
export interface GpuInstance {
  readonly mode: string;
  readonly Kernel: KernelClass | null;
  createKernel(source: string, settings: Readonly<Record<string, unknown>>): KernelRun;
  addFunction(source: string, settings: Readonly<Record<string, unknown>>): unknown;
  destroy(): unknown;
}

/** A kernel's run shortcut: call it with the arguments; `.kernel` is the kernel it currently runs. */
export interface KernelRun {
  (...args: unknown[]): unknown;
  readonly kernel: { readonly constructor: KernelClass; readonly fallbackReason?: string | null } | undefined;
  destroy(removeCanvasReferences?: boolean): void;
}

/** The gpu.js module with the typings the backend relies on. */
export const GPUJS: GpujsModule = ((gpujsModule as unknown as { default?: GpujsModule }).default ?? gpujsModule) as unknown as GpujsModule;

/** The mode a gpu.js kernel class runs (GL kernels all call themselves `gpu`, so classes decide). */
export function kernelModeOf(cls: KernelClass | null | undefined): GpujsKernelMode | null {
  if (!cls) return null;
  // Subclasses first: HeadlessGLKernel and WebGL2Kernel extend WebGLKernel.
  const table: [KernelClass, GpujsKernelMode][] = [
    [GPUJS.HeadlessGLKernel, "headlessgl"],
    [GPUJS.WebGL2Kernel, "webgl2"],
    [GPUJS.WebGLKernel, "webgl"],
    [GPUJS.WebGPUKernel, "webgpu"],
    [GPUJS.WebAssemblyKernel, "webasm"],
    [GPUJS.CPUKernel, "cpu"],
  ];
  for (const [k, m] of table) if (cls === k) return m;
  return null;
}

/**
 * Whether gpu.js quietly replaced a kernel with its CPU kernel (it does for kernel maps and
 * graphical kernels on webasm, with only a console warning): the reason, or null when the kernel
 * runs as `expected`.
 * @beta
 */
export function gpujsCpuFallback(run: { readonly kernel?: { readonly constructor: unknown; readonly fallbackReason?: string | null } | undefined }, expected: GpujsKernelMode): string | null {
  const ran = kernelModeOf(run.kernel?.constructor as KernelClass | undefined);
  if (ran !== "cpu" || expected === "cpu") return null;
  const why = run.kernel?.fallbackReason;
  return `gpu.js replaced the ${expected} kernel with its CPU kernel${why ? `: ${why}` : ""}`;
}

const AUTO_ORDER: [GpujsKernelMode, () => KernelClass][] = [
  ["headlessgl", () => GPUJS.HeadlessGLKernel],
  ["webgl2", () => GPUJS.WebGL2Kernel],
  ["webgl", () => GPUJS.WebGLKernel],
  ["webasm", () => GPUJS.WebAssemblyKernel],
];

function isNode(): boolean {
  const p = (globalThis as { process?: { versions?: { node?: string } } }).process;
  return typeof p?.versions?.node === "string";
}

function whyNot(mode: GpujsKernelMode): string {
  switch (mode) {
    case "cpu":
      return "";
    case "webasm":
      return "this runtime has no WebAssembly";
    case "headlessgl":
      return isNode()
        ? "gpu.js found no headless-gl context: the optional `gl` package is not built here (pnpm skips its build script; see the README's headlessgl section) or there is no X display (run under xvfb-run -a)"
        : "headlessgl exists only in Node";
    case "webgl":
    case "webgl2":
      return isNode() ? `${mode} exists only in browsers (use headlessgl in Node)` : `this browser gives no ${mode} context`;
    case "webgpu":
      return GPUJS.GPU.isWebGPUSupported
        ? "navigator.gpu exists but no adapter answered"
        : `no navigator.gpu${isNode() ? " (in Node, install the `webgpu` package and call installNodeWebGPU(); see the README's webgpu section)" : ""}`;
  }
}

function direct(mode: GpujsKernelMode): KernelClass {
  switch (mode) {
    case "cpu":
      return GPUJS.CPUKernel;
    case "webasm":
      return GPUJS.WebAssemblyKernel;
    case "headlessgl":
      return GPUJS.HeadlessGLKernel;
    case "webgl":
      return GPUJS.WebGLKernel;
    case "webgl2":
      return GPUJS.WebGL2Kernel;
    case "webgpu":
      return GPUJS.WebGPUKernel;
  }
}

/** The first available kernel type of an auto mode (`gpu`, `async`); `cpu` when none is. */
function autoResolve(): GpujsKernelMode {
  for (const [m, cls] of AUTO_ORDER) if (cls().isSupported) return m;
  return "cpu";
}

/**
 * Which gpu.js modes this runtime offers, without creating a backend. The `webgpu` answer only
 * checks that `navigator.gpu` exists; {@link probeModesAsync} also asks for an adapter.
 * @beta
 */
export function probeModes(): ModeAvailability[] {
  return GPUJS_MODES.map((mode) => {
    if (mode === "gpu") {
      const to = autoResolve();
      return to === "cpu"
        ? { mode, available: false, resolvesTo: null, reason: "no GL context and no WebAssembly: gpu.js would refuse mode 'gpu'" }
        : { mode, available: true, resolvesTo: to, reason: "" };
    }
    if (mode === "async") return { mode, available: true, resolvesTo: autoResolve(), reason: "" };
    const ok = mode === "cpu" || direct(mode).isSupported;
    return { mode, available: ok, resolvesTo: ok ? mode : null, reason: ok ? "" : whyNot(mode) };
  });
}

/** Like {@link probeModes}, and asks `navigator.gpu` for an adapter before calling webgpu available. @beta */
export async function probeModesAsync(): Promise<ModeAvailability[]> {
  const modes = probeModes();
  const webgpu = modes.find((m) => m.mode === "webgpu");
  if (webgpu?.available) {
    let ok = false;
    try {
      ok = await GPUJS.GPU.isWebGPUAvailable();
    } catch {
      ok = false;
    }
    if (!ok) return modes.map((m) => (m.mode === "webgpu" ? { ...m, available: false, resolvesTo: null, reason: whyNot("webgpu") } : m));
  }
  return modes;
}

/**
 * Makes gpu.js's webgpu mode work in Node through a Dawn build (the `webgpu` npm package, 0.3.8 or
 * 0.6.2): installs its globals and a `navigator.gpu` whose adapters use the given Dawn options and
 * feature level. On a GPU-less Linux host, Dawn's OpenGL ES backend over Mesa works with
 * `dawnOptions: ["backend=opengles"]`, `featureLevel: "compatibility"` and `EGL_PLATFORM=surfaceless`.
 * @beta
 */
export function installNodeWebGPU(
  webgpu: { readonly create: (options: string[]) => unknown; readonly globals: object },
  options: { readonly dawnOptions?: readonly string[]; readonly featureLevel?: "core" | "compatibility" } = {},
): void {
  Object.assign(globalThis, webgpu.globals);
  const dawn = webgpu.create([...(options.dawnOptions ?? [])]) as { requestAdapter(o: object): Promise<unknown>; wgslLanguageFeatures?: unknown };
  const featureLevel = options.featureLevel;
  const gpu = {
    requestAdapter: (o?: object) => dawn.requestAdapter({ ...(o ?? {}), ...(featureLevel ? { featureLevel } : {}) }),
    getPreferredCanvasFormat: () => "rgba8unorm",
    wgslLanguageFeatures: dawn.wgslLanguageFeatures,
  };
  const nav = (globalThis as { navigator?: object }).navigator;
  if (nav && !Object.isFrozen(nav)) {
    try {
      Object.defineProperty(nav, "gpu", { value: gpu, configurable: true, writable: true });
      return;
    } catch {
      // Node 21+ has a read-only navigator: replace it below.
    }
  }
  Object.defineProperty(globalThis, "navigator", { value: { ...(nav ?? {}), gpu }, configurable: true, writable: true });
}
