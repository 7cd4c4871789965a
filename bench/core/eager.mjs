// Eager-mode benchmark of @brainstate/core (the np API, one kernel per call, no jit) against
// TensorFlow.js (CPU and Wasm backends), jax-js (Wasm; eager and jit) and plain JS loops, all in
// this one process on the same inputs. Bench layer: runs against core's built dist.
// usage: node core/eager.mjs [--only ew,reduce,matmul,small] [--reps 7] [--min-time 0.2] [--warmup 0.2]
import os from "node:os";
import process from "node:process";
import { createRequire } from "node:module";
import { parseArgs } from "node:util";
import { np } from "@brainstate/core";
import { EW, ROWS, SMALL, matmulOperands, uniform } from "../lib/data.mjs";
import { caseKit, jaxCase } from "../lib/cases.mjs";
import { chains } from "../lib/chains.mjs";
import { loadJax, loadTfjs } from "../lib/peers.mjs";
import { print, printTable } from "../lib/report.mjs";

const { values: opts } = parseArgs({
  options: {
    only: { type: "string", default: "ew,reduce,matmul,small" },
    reps: { type: "string", default: "7" },
    "min-time": { type: "string", default: "0.2" },
    warmup: { type: "string", default: "0.2" },
  },
});
const only = new Set(opts.only.split(","));
const timing = { reps: Number(opts.reps), minTime: Number(opts["min-time"]), warmup: Number(opts.warmup) };

const require = createRequire(import.meta.url);
const { tf, version: tfVersion, wasmSimd, wasmThreads } = await loadTfjs();
const { jax, version: jaxVersion } = await loadJax();
const jnp = jax.numpy;
const coreVersion = require("@brainstate/core/package.json").version;

const { runRow, tfCase } = caseKit(tf, timing);
const CHAINS = chains(np, tf, jnp);

/**
 * All cases of an elementwise chain on `data`: ours, both TensorFlow.js backends, jax-js eager
 * and jitted, and a plain JS loop writing a new Float32Array.
 * @param {import("../lib/chains.mjs").Chain} chain
 * @param {Float32Array} data
 * @param {readonly string[]} libs  which cases to include
 * @returns {import("../lib/cases.mjs").Case[]}
 */
function chainCases(chain, data, libs) {
  const jitted = jax.jit(chain.jax);
  /** @type {import("../lib/cases.mjs").Case[]} */
  const all = [
    { lib: "ours", setup: () => { const x = np.array(data); return { run: () => chain.ours(x).data() }; } },
    tfCase("cpu", () => [tf.tensor1d(data)], chain.tf),
    tfCase("wasm", () => [tf.tensor1d(data)], chain.tf),
    jaxCase("jax-js", () => [jnp.array(data)], chain.jax),
    jaxCase("jax-js jit", () => [jnp.array(data)], jitted),
    {
      lib: "plain JS",
      setup: () => ({
        run() {
          const out = new Float32Array(data.length);
          chain.js(data, out);
          return out;
        },
      }),
    },
  ];
  return all.filter((c) => libs.includes(c.lib));
}

const meps = (n) => (s) => n / s / 1e6;

print("## @brainstate/core eager (np API, no jit) vs peers");
print();
print(`- date ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${os.cpus()[0]?.model ?? "unknown CPU"}, ${os.availableParallelism()} cores, load average ${os.loadavg().map((v) => v.toFixed(2)).join(" ")}`);
print(`- @brainstate/core ${coreVersion} (${import.meta.resolve("@brainstate/core")}), CPU backend`);
print(`- @tensorflow/tfjs ${tfVersion}: cpu backend (plain JS), wasm backend (SIMD ${wasmSimd}, ${wasmThreads} thread)`);
print(`- @jax-js/jax ${jaxVersion}: wasm backend on the main thread (Node 20 has no global Worker)`);
print(`- each figure: median of ${timing.reps} repetitions of ≥ ${timing.minTime} s (after ≥ ${timing.warmup} s warm-up), interleaved across libraries; every call reads its result back`);
print(`- (N×) after a peer's figure = ours ÷ peer in speed: above 1 ours is faster, below 1 the peer is`);
print();

const EW_LIBS = ["ours", "tfjs-cpu", "tfjs-wasm", "jax-js", "jax-js jit", "plain JS"];

if (only.has("ew")) {
  const x = uniform(EW.seed, EW.n, -1, 1);
  const rows = [];
  for (const chain of CHAINS) rows.push(await runRow(chain.label, chainCases(chain, x, EW_LIBS), meps(EW.n)));
  printTable(`1. Elementwise 8-op chains, 2^20 float32 — M elements/s`, EW_LIBS, rows, true);
}

if (only.has("reduce")) {
  const libs = ["ours", "tfjs-cpu", "tfjs-wasm", "jax-js", "plain JS"];
  const x = uniform(EW.seed, EW.n, -1, 1);
  const m = uniform(ROWS.seed, ROWS.n * ROWS.n, -1, 1);
  const rows = [];
  rows.push(
    await runRow(
      "sum of 2^20",
      [
        { lib: "ours", setup: () => { const a = np.array(x); return { run: () => np.sum(a).data() }; } },
        tfCase("cpu", () => [tf.tensor1d(x)], (a) => tf.sum(a)),
        tfCase("wasm", () => [tf.tensor1d(x)], (a) => tf.sum(a)),
        jaxCase("jax-js", () => [jnp.array(x)], (a) => jnp.sum(a)),
        {
          lib: "plain JS",
          setup: () => ({
            run() {
              let s = 0;
              for (let i = 0; i < x.length; i++) s += x[i];
              return Float32Array.of(s);
            },
          }),
        },
      ],
      meps(EW.n),
    ),
  );
  const n = ROWS.n;
  rows.push(
    await runRow(
      `row sums of [${n},${n}]`,
      [
        { lib: "ours", setup: () => { const a = np.reshape(np.array(m), [n, n]); return { run: () => np.sum(a, 1).data() }; } },
        tfCase("cpu", () => [tf.tensor2d(m, [n, n])], (a) => tf.sum(a, 1)),
        tfCase("wasm", () => [tf.tensor2d(m, [n, n])], (a) => tf.sum(a, 1)),
        jaxCase("jax-js", () => [jnp.array(m).reshape([n, n])], (a) => jnp.sum(a, 1)),
        {
          lib: "plain JS",
          setup: () => ({
            run() {
              const out = new Float32Array(n);
              for (let i = 0; i < n; i++) {
                let s = 0;
                for (let j = 0; j < n; j++) s += m[i * n + j];
                out[i] = s;
              }
              return out;
            },
          }),
        },
      ],
      meps(n * n),
    ),
  );
  printTable("2. Reductions, float32 — M elements/s", libs, rows, true);
}

if (only.has("matmul")) {
  const libs = ["ours", "tfjs-cpu", "tfjs-wasm", "jax-js"];
  const rows = [];
  for (const n of [256, 512, 1024]) {
    const [ad, bd] = matmulOperands(n);
    rows.push(
      await runRow(
        `matmul ${n}×${n} · ${n}×${n}`,
        [
          {
            lib: "ours",
            setup() {
              const a = np.reshape(np.array(ad), [n, n]);
              const b = np.reshape(np.array(bd), [n, n]);
              return { run: () => np.matmul(a, b).data() };
            },
          },
          tfCase("cpu", () => [tf.tensor2d(ad, [n, n]), tf.tensor2d(bd, [n, n])], (a, b) => tf.matMul(a, b)),
          tfCase("wasm", () => [tf.tensor2d(ad, [n, n]), tf.tensor2d(bd, [n, n])], (a, b) => tf.matMul(a, b)),
          jaxCase("jax-js", () => [jnp.array(ad).reshape([n, n]), jnp.array(bd).reshape([n, n])], (a, b) => jnp.matmul(a, b)),
        ],
        (s) => (2 * n ** 3) / s / 1e9,
      ),
    );
  }
  printTable("3. Matmul, float32 — GFLOP/s", libs, rows, true);
}

if (only.has("small")) {
  const libs = ["ours", "tfjs-cpu", "tfjs-wasm", "jax-js", "jax-js jit", "plain JS"];
  const x = uniform(SMALL.seed, SMALL.n, -1, 1);
  const chain = CHAINS[1];
  const row = await runRow(`arithmetic chain, ${SMALL.n} float32`, chainCases(chain, x, libs), (s) => s * 1e6);
  printTable(`4. Small-array call overhead — µs per call (lower is better)`, libs, [row], false);
}
