// The backend-parity suite of @brainstate/core/testing on every gpu.js mode this machine has: each
// result is compared with the embedded CPU backend. Modes that cannot run here are listed with the
// reason; BRAINSTATE_GPUJS_MODES (comma-separated) restricts the run to some modes.
import { afterAll, describe, expect, it } from "vitest";
import { runBackendConformance } from "@brainstate/core/testing";
import { createGpujsBackend, installNodeWebGPU, probeModesAsync, type GpujsBackend, type GpujsMode } from "../src/index.js";

const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env ?? {};
// BRAINSTATE_WEBGPU_MODULE names a `webgpu` (Dawn) package to provide navigator.gpu in Node (README).
if (env.BRAINSTATE_WEBGPU_MODULE) {
  const webgpu = (await import(/* @vite-ignore */ env.BRAINSTATE_WEBGPU_MODULE)) as Parameters<typeof installNodeWebGPU>[0];
  installNodeWebGPU(webgpu, { dawnOptions: ["backend=opengles"], featureLevel: "compatibility" });
}
const wanted = env.BRAINSTATE_GPUJS_MODES;
const only = wanted ? new Set(wanted.split(",").map((m) => m.trim())) : null;
const modes = await probeModesAsync();
const ran = new Set<string>();
const lines: string[] = [];

for (const m of modes) {
  let why: string | null = null;
  if (only && !only.has(m.mode)) why = "not listed in BRAINSTATE_GPUJS_MODES";
  else if (!m.available) why = m.reason;
  else if ((m.mode === "gpu") && m.resolvesTo !== null && ran.has(m.resolvesTo)) why = `resolves to '${m.resolvesTo}', which ran above`;
  if (why !== null) {
    lines.push(`  ${m.mode}: skipped — ${why}`);
    describe(`backend conformance: gpujs ${m.mode}`, () => {
      it.skip(`mode '${m.mode}' skipped: ${why}`, () => undefined);
    });
    continue;
  }
  ran.add(m.resolvesTo ?? m.mode);
  lines.push(`  ${m.mode}: ran${m.resolvesTo && m.resolvesTo !== m.mode ? ` (as ${m.resolvesTo})` : ""}`);
  const mode: GpujsMode = m.mode;
  let backend: GpujsBackend | undefined;
  runBackendConformance(() => (backend = createGpujsBackend({ mode })), { name: `gpujs ${mode}` });
  describe(`gpujs ${mode} kernels`, () => {
    it("compiled every generated kernel (a gpu.js compile error is a renderer bug, even when the host fallback hides it)", () => {
      expect((backend?.fallbacks ?? []).filter((f) => /could not run/.test(f.reason))).toEqual([]);
    });
  });
  afterAll(() => {
    // What ran on the host during the suite (expected: scatter, threefry, integers past 2^24).
    const reasons = new Map<string, number>();
    for (const f of backend?.fallbacks ?? []) reasons.set(`${f.kind}: ${f.reason}`, (reasons.get(`${f.kind}: ${f.reason}`) ?? 0) + 1);
    console.log(`gpujs ${mode}: ${backend?.hostFallbacks ?? 0} host fallbacks\n${[...reasons].map(([r, n]) => `  ${n} × ${r}`).join("\n")}`);
  });
}
console.log(`gpu.js modes on this machine:\n${lines.join("\n")}`);
