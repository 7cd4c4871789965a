// Browser check: a jitted program (matmul, fused elementwise chain, reduction, a scan) on the
// gpujs backend in the mode the URL names (default webgl2), compared with the CPU backend.
// Bundled by vite and driven by run.mjs in headless Chromium; the result lands in window.__result.
import { devicePut, jit, np, scan, setBackend, type Array } from "@brainstate/core";
import { createGpujsBackend, probeModesAsync, type GpujsMode } from "../../src/index.js";
import { registerBackend } from "@brainstate/core";

interface Result {
  readonly ok: boolean;
  readonly mode: string;
  readonly actualMode?: string;
  readonly maxRelErr?: number;
  readonly hostFallbacks?: number;
  readonly modes?: string;
  readonly error?: string;
  readonly skipped?: string;
}

function program(x: Array, w: Array, xs: Array): Array[] {
  const h = np.tanh(np.matmul(x, w).mul(0.5).add(0.1));
  const [c, ys] = scan((c: Array, v: Array): [Array, Array] => [c.mul(0.9).add(v), c.sum()], np.zeros([8]), xs);
  return [h.sum(1), np.exp(h.neg()).max(0), c, ys];
}

function inputs(): Array[] {
  const v = (n: number, s: number): number[] => globalThis.Array.from({ length: n }, (_, i) => Math.sin(i * 0.37 + s));
  return [np.array(v(64 * 32, 1)).reshape([64, 32]), np.array(v(32 * 16, 2)).reshape([32, 16]), np.array(v(20 * 8, 3)).reshape([20, 8])];
}

async function run(): Promise<Result> {
  const mode = (new URLSearchParams(location.search).get("mode") ?? "webgl2") as GpujsMode;
  const probed = await probeModesAsync();
  const modes = probed.map((m) => `${m.mode}:${m.available ? "yes" : "no"}`).join(" ");
  const here = probed.find((m) => m.mode === mode);
  if (!here?.available) return { ok: true, mode, modes, skipped: here?.reason ?? "unknown mode" };
  try {
    const f = jit(program);
    const want = await Promise.all(f(...(inputs() as [Array, Array, Array])).map((a) => a.dataAsync()));
    const b = createGpujsBackend({ mode });
    registerBackend("gpujs", () => b);
    setBackend("gpujs");
    const args = devicePut(inputs(), b) as [Array, Array, Array];
    const got = await Promise.all(jit(program)(...args).map((a) => a.dataAsync()));
    setBackend("cpu");
    let maxRelErr = 0;
    want.forEach((w, k) => w.forEach((x, i) => (maxRelErr = Math.max(maxRelErr, Math.abs(((got[k] as typeof w)[i] as number) - x) / Math.max(Math.abs(x), 1e-3)))));
    return { ok: maxRelErr < 1e-3, mode, actualMode: b.actualMode, maxRelErr, hostFallbacks: b.hostFallbacks, modes };
  } catch (e) {
    return { ok: false, mode, modes, error: String((e as Error).stack ?? e) };
  }
}

void run().then((r) => {
  (window as unknown as { __result: Result }).__result = r;
  (document.getElementById("out") as HTMLElement).textContent = JSON.stringify(r, null, 2);
});
