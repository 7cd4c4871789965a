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
import { maxAbsDiff, median, plan, timeRep } from "../lib/measure.mjs";
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

/**
 * One library's way of running a workload: `setup` builds the inputs and returns `run`, which
 * computes the result and reads it back into a JS typed array (forcing lazy libraries).
 * @typedef {object} Case
 * @property {string} lib
 * @property {"cpu" | "wasm"} [tfBackend]  TensorFlow.js backend to select before `setup`
 * @property {() => { run: () => ArrayLike<number> & { slice(): ArrayLike<number> }, dispose?: () => void }} setup
 */

/** @param {unknown} e */
function firstLine(e) {
  return (e instanceof Error ? e.message : String(e)).split("\n")[0];
}

/**
 * Times every case of one workload. Each case is set up, checked against ours and warmed up;
 * then the repetitions go round-robin over the cases, so that load from other processes
 * falls on every library alike and the ratios stay comparable.
 * @param {string} label
 * @param {Case[]} cases  "ours" first
 * @param {(seconds: number) => number} metric  seconds per call → the reported figure
 * @returns {Promise<import("../lib/report.mjs").Row>}
 */
async function runRow(label, cases, metric) {
  /** @type {Map<string, import("../lib/report.mjs").Cell>} */
  const cells = new Map();
  const live = [];
  let reference;
  for (const c of cases) {
    process.stderr.write(`  ${label} / ${c.lib}: warm-up\n`);
    if (c.tfBackend !== undefined) await tf.setBackend(c.tfBackend);
    let state;
    try {
      state = c.setup();
      const first = state.run().slice();
      if (c.lib === "ours") reference = first;
      const diff = c.lib !== "ours" && reference !== undefined ? maxAbsDiff(first, reference) : undefined;
      live.push({ c, state, plan: plan(state.run, timing), times: [], diff });
    } catch (e) {
      state?.dispose?.();
      cells.set(c.lib, { error: firstLine(e) });
    }
  }
  process.stderr.write(`  ${label}: timing\n`);
  for (let r = 0; r < timing.reps; r++) {
    for (const m of live) {
      if (r >= m.plan.reps) continue;
      if (m.c.tfBackend !== undefined) await tf.setBackend(m.c.tfBackend);
      m.times.push(timeRep(m.state.run, m.plan.inner));
    }
  }
  for (const m of live) {
    m.state.dispose?.();
    cells.set(m.c.lib, { value: metric(median(m.times)), diff: m.diff });
  }
  return { label, cells };
}

/**
 * The TensorFlow.js case on one backend: `compute` runs inside tf.tidy, dataSync reads back.
 * @param {"cpu" | "wasm"} backend
 * @param {() => import("@tensorflow/tfjs").Tensor[]} makeInputs
 * @param {(...xs: import("@tensorflow/tfjs").Tensor[]) => import("@tensorflow/tfjs").Tensor} compute
 * @returns {Case}
 */
function tfCase(backend, makeInputs, compute) {
  return {
    lib: `tfjs-${backend}`,
    tfBackend: backend,
    setup() {
      const xs = makeInputs();
      return {
        run() {
          const y = tf.tidy(() => compute(...xs));
          const d = y.dataSync();
          y.dispose();
          return d;
        },
        dispose: () => xs.forEach((x) => x.dispose()),
      };
    },
  };
}

/**
 * The jax-js case: `compute` consumes its arguments, so each call gets new references (`.ref`).
 * @param {string} lib
 * @param {() => import("@jax-js/jax").Array[]} makeInputs
 * @param {(...xs: import("@jax-js/jax").Array[]) => import("@jax-js/jax").Array} compute
 * @returns {Case}
 */
function jaxCase(lib, makeInputs, compute) {
  return {
    lib,
    setup() {
      const xs = makeInputs();
      return {
        run: () => compute(...xs.map((x) => x.ref)).dataSync(),
        dispose: () => xs.forEach((x) => x.dispose()),
      };
    },
  };
}

const A = EW.a;
const B = EW.b;

/** The two 8-op elementwise chains of the peer scripts, written in each library's API. */
const CHAINS = [
  {
    label: "transcendental: tanh(x·a+b)·exp(x) + sqrt(abs(x))",
    ours: (x) => np.add(np.multiply(np.tanh(np.add(np.multiply(x, A), B)), np.exp(x)), np.sqrt(np.abs(x))),
    tf: (x) => tf.add(tf.mul(tf.tanh(tf.add(tf.mul(x, A), B)), tf.exp(x)), tf.sqrt(tf.abs(x))),
    jax: (x) => jnp.tanh(x.ref.mul(A).add(B)).mul(jnp.exp(x.ref)).add(jnp.sqrt(jnp.abs(x))),
    js: (x, out) => {
      for (let i = 0; i < x.length; i++) {
        const v = x[i];
        out[i] = Math.tanh(v * A + B) * Math.exp(v) + Math.sqrt(Math.abs(v));
      }
    },
  },
  {
    label: "arithmetic: abs(x·a+b)·x − x·b + max(x,0)",
    ours: (x) => np.add(np.subtract(np.multiply(np.abs(np.add(np.multiply(x, A), B)), x), np.multiply(x, B)), np.maximum(x, 0)),
    tf: (x) => tf.add(tf.sub(tf.mul(tf.abs(tf.add(tf.mul(x, A), B)), x), tf.mul(x, B)), tf.maximum(x, 0)),
    jax: (x) => jnp.abs(x.ref.mul(A).add(B)).mul(x.ref).sub(x.ref.mul(B)).add(jnp.maximum(x, 0)),
    js: (x, out) => {
      for (let i = 0; i < x.length; i++) {
        const v = x[i];
        out[i] = Math.abs(v * A + B) * v - v * B + Math.max(v, 0);
      }
    },
  },
];

/**
 * All cases of an elementwise chain on `data`: ours, both TensorFlow.js backends, jax-js eager
 * and jitted, and a plain JS loop writing a new Float32Array.
 * @param {(typeof CHAINS)[number]} chain
 * @param {Float32Array} data
 * @param {readonly string[]} libs  which cases to include
 * @returns {Case[]}
 */
function chainCases(chain, data, libs) {
  const jitted = jax.jit(chain.jax);
  /** @type {Case[]} */
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
