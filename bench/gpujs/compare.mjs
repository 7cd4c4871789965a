// The gpu.js backend against the embedded CPU backend on the same jitted programs: the fused
// elementwise chain, matmul 512/1024 and a LIF network loop, in one process, printing the ratio.
// Bench layer: runs against the built dist of core and backend-gpujs.
// usage: node gpujs/compare.mjs [--modes webasm,cpu] [--reps 5] [--only chain,matmul,lif]
import process from "node:process";
import { parseArgs } from "node:util";
import { devicePut, getBackend, jit, np, scan, setBackend } from "@brainstate/core";
import { probeModes } from "@brainstate/backend-gpujs";
import "@brainstate/backend-gpujs/register";

const { values: opts } = parseArgs({
  options: {
    modes: { type: "string", default: "webasm" },
    reps: { type: "string", default: "5" },
    only: { type: "string", default: "chain,matmul,lif" },
  },
});
const reps = Number(opts.reps);
const only = new Set(opts.only.split(","));
const available = new Map(probeModes().map((m) => [m.mode, m]));

/** Median wall time (ms) of `f` over `reps` runs after one warm-up run (compile + first call). */
function time(f) {
  const t0 = performance.now();
  f();
  const first = performance.now() - t0;
  const ts = [];
  for (let i = 0; i < reps; i++) {
    const s = performance.now();
    f();
    ts.push(performance.now() - s);
  }
  ts.sort((a, b) => a - b);
  return { median: ts[Math.floor(ts.length / 2)], first };
}

function lcg(n, seed) {
  let s = seed >>> 0 || 1;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 4294967296 - 0.5;
  }
  return out;
}

const WORKLOADS = [
  {
    key: "chain",
    name: "fused chain tanh(0.7x+0.1)·exp(−x), 1M",
    make: () => {
      const f = jit((x) => np.tanh(x.mul(0.7).add(0.1)).mul(np.exp(x.neg())));
      return { args: [np.array(lcg(1 << 20, 1))], run: (x) => f(x).data() };
    },
  },
  ...[512, 1024].map((n) => ({
    key: "matmul",
    name: `matmul ${n}×${n}`,
    make: () => {
      const f = jit((a, b) => np.matmul(a, b));
      return { args: [np.array(lcg(n * n, 2)).reshape([n, n]), np.array(lcg(n * n, 3)).reshape([n, n])], run: (a, b) => f(a, b).data() };
    },
  })),
  {
    key: "lif",
    name: "LIF 4000 neurons × 100 steps (scan)",
    make: () => {
      const step = (v, i) => {
        const v1 = v.add(i.sub(v.add(65)).mul(0.1 / 10));
        const spike = v1.ge(-50);
        return [np.where(spike, -65, v1), spike.astype("float32")];
      };
      const f = jit((v0, input) => scan(step, v0, input));
      const input = np.array(lcg(100 * 4000, 4)).reshape([100, 4000]).mul(40).add(20);
      return { args: [np.full([4000], -65), input], run: (v, i) => f(v, i)[1].data() };
    },
  },
];

console.log(`gpu.js backend vs cpu backend (median of ${reps}, ms; first call in parentheses; ratio = gpujs / cpu)`);
for (const mode of opts.modes.split(",")) {
  const info = available.get(mode);
  if (!info?.available) {
    console.log(`\nmode ${mode}: skipped — ${info?.reason ?? "unknown mode"}`);
    continue;
  }
  console.log(`\nmode ${mode}${info.resolvesTo && info.resolvesTo !== mode ? ` (runs ${info.resolvesTo})` : ""}:`);
  for (const w of WORKLOADS) {
    if (!only.has(w.key)) continue;
    setBackend("cpu");
    const cpuCase = w.make();
    const cpu = time(() => cpuCase.run(...cpuCase.args));
    const backend = setBackend("gpujs", { mode });
    const gCase = w.make();
    const args = devicePut(gCase.args, backend);
    backend.resetCounters();
    const g = time(() => gCase.run(...args));
    const fallbacks = backend.hostFallbacks;
    setBackend("cpu");
    console.log(
      `  ${w.name.padEnd(40)} cpu ${cpu.median.toFixed(2).padStart(9)} (${cpu.first.toFixed(0)})   gpujs ${g.median.toFixed(2).padStart(9)} (${g.first.toFixed(0)})   ratio ${(g.median / cpu.median).toFixed(2)}×${fallbacks ? `   host fallbacks: ${fallbacks}` : ""}`,
    );
  }
}
void getBackend;
process.exit(0);
