// jit benchmark of @brainstate/core (programs traced once, fused into kernels and run as generated
// code, loops compiled natively) against jax-js `jit`, TensorFlow.js (Wasm), numpy and plain JS,
// in this one process on the same inputs. Bench layer: runs against core's built dist.
// The workloads and inputs are those of the peer scripts in shared/notes/peers/ (tensor_jaxjs.mjs,
// tensor_tfjs.mjs, tensor_numpy.py), reimplemented here; the peer code is written anew, not copied.
// usage: node core/jit.mjs [--only ew,small,matmul,mlp,lif,pop] [--reps 7] [--min-time 0.2]
//                          [--warmup 0.2] [--openblas-coretype NAME]
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import process from "node:process";
import { createRequire } from "node:module";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { customJvp, jit, np, scan, tree, valueAndGrad } from "@brainstate/core";
import { caseKit, jaxCase } from "../lib/cases.mjs";
import { chains } from "../lib/chains.mjs";
import { EW, LIF, LIF_POP, MLP, SMALL, lifData, matmulOperands, mlpData, oneHot, uniform } from "../lib/data.mjs";
import { maxAbsDiff } from "../lib/measure.mjs";
import { loadJax, loadTfjs } from "../lib/peers.mjs";
import { print, printTable } from "../lib/report.mjs";

const started = performance.now();
const { values: opts } = parseArgs({
  options: {
    only: { type: "string", default: "ew,small,matmul,mlp,lif,pop" },
    reps: { type: "string", default: "7" },
    "min-time": { type: "string", default: "0.2" },
    warmup: { type: "string", default: "0.2" },
    "openblas-coretype": { type: "string" },
  },
});
const only = new Set(opts.only.split(","));
const timing = { reps: Number(opts.reps), minTime: Number(opts["min-time"]), warmup: Number(opts.warmup) };
/** The recurrent LIF training step takes about 0.3 s in every library: fewer repetitions. */
const lifTiming = { ...timing, reps: Math.min(timing.reps, 5) };

const require = createRequire(import.meta.url);
const { tf, version: tfVersion, wasmSimd, wasmThreads } = await loadTfjs();
const { jax, version: jaxVersion } = await loadJax();
const jnp = jax.numpy;
const coreVersion = require("@brainstate/core/package.json").version;
const { runRow, tfCase } = caseKit(tf, timing);
const [TRANSCENDENTAL, ARITHMETIC] = chains(np, tf, jnp);

/**
 * Concatenates arrays into one Float32Array (a loss and parameters, to compare in one go).
 * @param {ArrayLike<number>[]} parts
 * @returns {Float32Array}
 */
function concat(parts) {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** @param {number} n */
const meps = (n) => (s) => n / s / 1e6;
const perSecond = (s) => 1 / s;
const loadavg = () => os.loadavg().map((v) => v.toFixed(2)).join(" ");

print("## @brainstate/core jit vs peers");
print();
print(`- date ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${os.cpus()[0]?.model ?? "unknown CPU"}, ${os.availableParallelism()} cores, load average ${loadavg()} at the start`);
print(`- @brainstate/core ${coreVersion} (${import.meta.resolve("@brainstate/core")}), CPU backend, every function under \`jit\` unless marked eager`);
print(`- @tensorflow/tfjs ${tfVersion}: wasm backend (SIMD ${wasmSimd}, ${wasmThreads} thread)`);
print(`- @jax-js/jax ${jaxVersion}: wasm backend on the main thread (Node 20 has no global Worker), \`jax.jit\` where marked jit`);
print(`- each figure: median of ${timing.reps} repetitions of ≥ ${timing.minTime} s (after ≥ ${timing.warmup} s and ≥ 2 calls of warm-up), interleaved across libraries; calls over 1 s get 3 repetitions; every call reads its result back`);
print(`- (N×) after a peer's figure = ours ÷ peer in speed: above 1 ours is faster, below 1 the peer is`);
print();

// ---------- 1. fused elementwise chains on 2^20 float32 ----------
if (only.has("ew")) {
  const libs = ["ours", "jax-js jit", "tfjs-wasm"];
  const x = uniform(EW.seed, EW.n, -1, 1);
  const rows = [];
  for (const chain of [TRANSCENDENTAL, ARITHMETIC]) {
    const ours = jit(chain.ours);
    rows.push(
      await runRow(
        chain.label,
        [
          { lib: "ours", setup: () => { const a = np.array(x); return { run: () => ours(a).data() }; } },
          jaxCase("jax-js jit", () => [jnp.array(x)], jax.jit(chain.jax)),
          tfCase("wasm", () => [tf.tensor1d(x)], chain.tf),
        ],
        meps(EW.n),
      ),
    );
  }
  printTable("1. Fused elementwise 8-op chains, 2^20 float32 (ours: `jit`) — M elements/s", libs, rows, true);
}

// ---------- 2. the arithmetic chain on one 4000-neuron population vector ----------
if (only.has("small")) {
  const libs = ["ours", "jax-js jit", "tfjs-wasm", "plain JS"];
  const x = uniform(SMALL.seed, SMALL.n, -1, 1);
  const ours = jit(ARITHMETIC.ours);
  const row = await runRow(
    `arithmetic chain, ${SMALL.n} float32`,
    [
      { lib: "ours", setup: () => { const a = np.array(x); return { run: () => ours(a).data() }; } },
      jaxCase("jax-js jit", () => [jnp.array(x)], jax.jit(ARITHMETIC.jax)),
      tfCase("wasm", () => [tf.tensor1d(x)], ARITHMETIC.tf),
      {
        lib: "plain JS",
        setup: () => ({
          run() {
            const out = new Float32Array(x.length);
            ARITHMETIC.js(x, out);
            return out;
          },
        }),
      },
    ],
    (s) => s * 1e6,
  );
  printTable(`2. Small jitted call — µs per call (lower is better)`, libs, [row], false);
}

// ---------- 3. matmul ----------
/** Python run by `numpyMatmul`: reads the operands from files, times np.matmul like lib/measure.mjs, writes the products. */
const NUMPY_MATMUL = `
import ctypes, json, math, os, statistics, sys, time
import numpy as np
folder, sizes = sys.argv[1], [int(s) for s in sys.argv[2].split(",")]
reps, min_time, warmup = int(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5])
info = {"numpy": np.__version__, "corename": None, "threads": None}
for line in open("/proc/self/maps"):
    lib = line.split()[-1]
    if info["corename"] is None and "openblas" in os.path.basename(lib):
        handle = ctypes.CDLL(lib)
        for prefix, suffix in (("", ""), ("scipy_", "64_")):
            corename = getattr(handle, prefix + "openblas_get_corename" + suffix, None)
            if corename is not None:
                corename.restype = ctypes.c_char_p
                info["corename"] = corename().decode()
                info["threads"] = getattr(handle, prefix + "openblas_get_num_threads" + suffix)()
                break
seconds = {}
for n in sizes:
    a = np.fromfile(os.path.join(folder, "a%d.f32" % n), dtype=np.float32).reshape(n, n)
    b = np.fromfile(os.path.join(folder, "b%d.f32" % n), dtype=np.float32).reshape(n, n)
    c = np.empty((n, n), np.float32)
    start, calls = time.perf_counter(), 0
    while calls < 2 or time.perf_counter() - start < warmup:
        np.matmul(a, b, out=c)
        calls += 1
    t0 = time.perf_counter()
    np.matmul(a, b, out=c)
    one = time.perf_counter() - t0
    inner = max(1, math.ceil(min_time / max(one, 1e-7)))
    times = []
    for _ in range(reps if one <= 1 else min(reps, 3)):
        t0 = time.perf_counter()
        for _ in range(inner):
            np.matmul(a, b, out=c)
        times.append((time.perf_counter() - t0) / inner)
    seconds[n] = statistics.median(times)
    c.tofile(os.path.join(folder, "c%d.f32" % n))
info["seconds"] = seconds
print(json.dumps(info))
`;

/**
 * Runs np.matmul in a python3 subprocess on the same operands.
 * @param {number[]} sizes
 * @param {Record<string, string>} env  extra environment (thread count, OpenBLAS core type)
 * @returns {{ numpy: string, corename: string | null, threads: number | null, seconds: Record<string, number>, products: Map<number, Float32Array> }}
 */
function numpyMatmul(sizes, env) {
  const folder = mkdtempSync(path.join(os.tmpdir(), "bench-matmul-"));
  try {
    for (const n of sizes) {
      const [a, b] = matmulOperands(n);
      writeFileSync(path.join(folder, `a${n}.f32`), new Uint8Array(a.buffer));
      writeFileSync(path.join(folder, `b${n}.f32`), new Uint8Array(b.buffer));
    }
    const args = ["-c", NUMPY_MATMUL, folder, sizes.join(","), String(timing.reps), String(timing.minTime), String(timing.warmup)];
    const r = spawnSync("python3", args, { env: { ...process.env, ...env }, encoding: "utf8" });
    if (r.status !== 0) throw new Error(`python3 failed: ${(r.stderr || String(r.error)).trim().split("\n").at(-1)}`);
    const info = JSON.parse(r.stdout);
    const products = new Map();
    for (const n of sizes) {
      const bytes = readFileSync(path.join(folder, `c${n}.f32`));
      products.set(n, new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)));
    }
    return { ...info, products };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** Why numpy cannot run here, or undefined when `python3 -c "import numpy"` works. */
function numpyMissing() {
  const r = spawnSync("python3", ["-c", "import numpy"], { encoding: "utf8" });
  if (r.error !== undefined) return `python3 not runnable (${r.error.message})`;
  if (r.status !== 0) return `python3 -c "import numpy" failed: ${r.stderr.trim().split("\n").at(-1)}`;
  return undefined;
}

if (only.has("matmul")) {
  const sizes = [256, 512, 1024];
  const rows = [];
  const mm = jit(np.matmul);
  for (const n of sizes) {
    const [ad, bd] = matmulOperands(n);
    const ours = (f) => () => {
      const a = np.reshape(np.array(ad), [n, n]);
      const b = np.reshape(np.array(bd), [n, n]);
      return { run: () => f(a, b).data() };
    };
    rows.push(
      await runRow(
        `matmul ${n}×${n} · ${n}×${n}`,
        [
          { lib: "ours", setup: ours(mm) },
          { lib: "ours eager", setup: ours(np.matmul) },
          tfCase("wasm", () => [tf.tensor2d(ad, [n, n]), tf.tensor2d(bd, [n, n])], (a, b) => tf.matMul(a, b)),
          jaxCase("jax-js", () => [jnp.array(ad).reshape([n, n]), jnp.array(bd).reshape([n, n])], (a, b) => jnp.matmul(a, b)),
        ],
        (s) => (2 * n ** 3) / s / 1e9,
      ),
    );
  }
  const libs = ["ours", "ours eager", "tfjs-wasm", "jax-js"];
  const notes = [];
  const missing = numpyMissing();
  if (missing !== undefined) {
    notes.push(`numpy skipped: ${missing}`);
  } else {
    const coretype = opts["openblas-coretype"];
    const coreEnv = coretype === undefined ? {} : { OPENBLAS_CORETYPE: coretype };
    const coreSetting = (coretype ?? process.env.OPENBLAS_CORETYPE) === undefined ? "OPENBLAS_CORETYPE unset (OpenBLAS detects the CPU)" : `OPENBLAS_CORETYPE=${coretype ?? process.env.OPENBLAS_CORETYPE}`;
    for (const threads of ["1", undefined]) {
      process.stderr.write(`  matmul / numpy (OPENBLAS_NUM_THREADS=${threads ?? "default"})\n`);
      try {
        const env = threads === undefined ? coreEnv : { ...coreEnv, OPENBLAS_NUM_THREADS: threads };
        const r = numpyMatmul(sizes, env);
        const lib = `numpy ${r.threads ?? "?"} thread${r.threads === 1 ? "" : "s"}`;
        libs.push(lib);
        sizes.forEach((n, i) => {
          const row = rows[i];
          const product = r.products.get(n);
          row.cells.set(lib, {
            value: (2 * n ** 3) / r.seconds[n] / 1e9,
            diff: row.reference !== undefined && product !== undefined ? maxAbsDiff(product, row.reference) : undefined,
          });
        });
        if (threads === "1") notes.push(`numpy ${r.numpy}, OpenBLAS core ${r.corename ?? "unknown"}, ${coreSetting}; columns: OPENBLAS_NUM_THREADS=1, then OpenBLAS's default thread count; timed in a python3 subprocess after the JS libraries (not interleaved)`);
      } catch (e) {
        notes.push(`numpy (${threads ?? "default"} threads) failed: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  }
  printTable("3. Matmul, float32 (ours: `jit(np.matmul)` and eager `np.matmul`) — GFLOP/s", libs, rows, true);
  for (const n of notes) print(`- ${n}`);
  print();
}

// ---------- 4. MLP 784-256-10 training step ----------
if (only.has("mlp")) {
  const { B, D, H, O, lr } = MLP;
  const d = mlpData();
  const yData = oneHot(d.labels, O);

  /** Ours: `jit(valueAndGrad(loss))` and the SGD update in one jitted step. */
  const oursCase = {
    lib: "ours",
    setup() {
      const loss = (p, x, y) => {
        const h = np.maximum(np.matmul(x, p.W1).add(p.b1), 0);
        const logits = np.matmul(h, p.W2).add(p.b2);
        const logp = logits.sub(np.logsumexp(logits, -1, { keepdims: true }));
        return np.mean(np.sum(logp.mul(y), -1)).neg();
      };
      const step = jit((p, x, y) => {
        const [l, g] = valueAndGrad(loss)(p, x, y);
        return [tree.map((pi, gi) => pi.sub(gi.mul(lr)), p, g), l];
      });
      let p = { W1: np.array(d.W1).reshape([D, H]), b1: np.array(d.b1), W2: np.array(d.W2).reshape([H, O]), b2: np.array(d.b2) };
      const x = np.array(d.x).reshape([B, D]);
      const y = np.array(yData).reshape([B, O]);
      const run = () => {
        const [p2, l] = step(p, x, y);
        p = p2;
        return l.data();
      };
      return { run, check: () => concat([run(), p.W1.data(), p.b1.data(), p.W2.data(), p.b2.data()]) };
    },
  };

  /** jax-js: the peer script's step (jax.jit over valueAndGrad and the update); arrays are consumed, hence `.ref`. */
  const jaxMlp = {
    lib: "jax-js",
    setup() {
      const { nn } = jax;
      const loss = (p, x, y) => {
        const h = nn.relu(jnp.matmul(x, p.W1).add(p.b1));
        const logits = jnp.matmul(h, p.W2).add(p.b2);
        return jnp.mean(jnp.sum(nn.logSoftmax(logits, -1).mul(y), -1)).mul(-1);
      };
      const step = jax.jit((p, x, y) => {
        const [l, g] = jax.valueAndGrad(loss)(jax.tree.ref(p), x, y);
        return [jax.tree.map((pi, gi) => pi.sub(gi.mul(lr)), p, g), l];
      });
      let p = { W1: jnp.array(d.W1).reshape([D, H]), b1: jnp.array(d.b1), W2: jnp.array(d.W2).reshape([H, O]), b2: jnp.array(d.b2) };
      const x = jnp.array(d.x).reshape([B, D]);
      const y = jnp.array(yData).reshape([B, O]);
      const run = () => {
        const [p2, l] = step(p, x.ref, y.ref);
        p = p2;
        return l.dataSync();
      };
      return {
        run,
        check: () => concat([run(), p.W1.ref.dataSync(), p.b1.ref.dataSync(), p.W2.ref.dataSync(), p.b2.ref.dataSync()]),
        dispose: () => [p.W1, p.b1, p.W2, p.b2, x, y].forEach((a) => a.dispose()),
      };
    },
  };

  /** tfjs: the peer script's step, `tf.train.sgd(lr).minimize` over variables (gradients by tfjs's tape). */
  const tfMlp = {
    lib: "tfjs-wasm",
    tfBackend: "wasm",
    setup() {
      const vars = [tf.variable(tf.tensor2d(d.W1, [D, H])), tf.variable(tf.tensor1d(d.b1)), tf.variable(tf.tensor2d(d.W2, [H, O])), tf.variable(tf.tensor1d(d.b2))];
      const [W1, b1, W2, b2] = vars;
      const x = tf.tensor2d(d.x, [B, D]);
      const y = tf.tensor2d(yData, [B, O]);
      const opt = tf.train.sgd(lr);
      const loss = () => {
        const h = tf.relu(tf.add(tf.matMul(x, W1), b1));
        const logits = tf.add(tf.matMul(h, W2), b2);
        return tf.neg(tf.mean(tf.sum(tf.mul(tf.logSoftmax(logits, -1), y), -1)));
      };
      const run = () => {
        const l = opt.minimize(loss, true, vars);
        const v = l.dataSync();
        l.dispose();
        return v;
      };
      return {
        run,
        check: () => concat([run(), ...vars.map((v) => v.dataSync())]),
        dispose: () => [...vars, x, y, opt].forEach((t) => t.dispose()),
      };
    },
  };

  const row = await runRow(`MLP ${D}-${H}-${O}, batch ${B}, SGD`, [oursCase, jaxMlp, tfMlp], perSecond);
  printTable("4. MLP training step (ours: `jit(valueAndGrad(loss))` + SGD in one jitted step) — steps/s", ["ours", "jax-js", "tfjs-wasm"], [row], true);
  print("- checked values: the loss and all updated parameters after one step from the same initial parameters");
  print();
}

// ---------- 5. recurrent LIF network, BPTT with a surrogate spike ----------
if (only.has("lif")) {
  const { T, B, I, H, O, alpha, beta, vth, k, lr } = LIF;
  const d = lifData();
  const yData = oneHot(d.labels, O);

  /** Ours: the time loop is a `scan`, the spike a `customJvp` (Heaviside forward, sigmoid-derivative surrogate). */
  const oursCase = {
    lib: "ours",
    setup() {
      const spike = customJvp((v) => v.sub(vth).ge(0).astype("float32"));
      spike.defjvp(([v], [t]) => {
        const sg = np.sigmoid(v.sub(vth).mul(k));
        return [spike(v), t.mul(sg.mul(np.subtract(1, sg)).mul(k))];
      });
      const loss = (p, x, y) => {
        const cur = np.matmul(x, p.Win).reshape([T, B, H]);
        const zh = np.zeros([B, H]);
        const zo = np.zeros([B, O]);
        const [[, , , acc]] = scan(
          ([v, s, o, acc], c) => {
            const vn = v.mul(alpha).add(c.add(np.matmul(s, p.Wrec)).mul(1 - alpha)).sub(s.mul(vth));
            const sn = spike(vn);
            const on = o.mul(beta).add(np.matmul(sn, p.Wout).mul(1 - beta));
            return [[vn, sn, on, acc.add(on)], null];
          },
          [zh, zh, zo, zo],
          cur,
        );
        const logits = acc.mul(1 / T);
        return np.mean(np.sum(logits.sub(np.logsumexp(logits, -1, { keepdims: true })).mul(y), -1)).neg();
      };
      const step = jit((p, x, y) => {
        const [l, g] = valueAndGrad(loss)(p, x, y);
        return [tree.map((pi, gi) => pi.sub(gi.mul(lr)), p, g), l];
      });
      let p = { Win: np.array(d.Win).reshape([I, H]), Wrec: np.array(d.Wrec).reshape([H, H]), Wout: np.array(d.Wout).reshape([H, O]) };
      const x = np.array(d.x).reshape([T * B, I]);
      const y = np.array(yData).reshape([B, O]);
      const run = () => {
        const [p2, l] = step(p, x, y);
        p = p2;
        return l.data();
      };
      return { run, check: () => concat([run(), p.Win.data(), p.Wrec.data(), p.Wout.data()]) };
    },
  };

  /**
   * jax-js: the peer script's model, unrolled over the 100 steps inside `jax.jit` (jax-js has no
   * scan under grad here); the surrogate is the stop-gradient form H(z) − σ(kz) + σ(kz).
   */
  const jaxLif = {
    lib: "jax-js",
    setup() {
      const { nn, lax } = jax;
      const spike = (v) => {
        const z = v.sub(vth);
        const sg = nn.sigmoid(z.ref.mul(k));
        return lax.stopGradient(jnp.greaterEqual(z, 0).astype(jnp.float32).sub(sg.ref)).add(sg);
      };
      const loss = (p, x, y) => {
        const cur = jnp.unstack(jnp.matmul(x, p.Win).reshape([T, B, H]), 0);
        let v = jnp.zeros([B, H]);
        let s = jnp.zeros([B, H]);
        let o = jnp.zeros([B, O]);
        let acc = jnp.zeros([B, O]);
        for (let t = 0; t < T; t++) {
          const u = cur[t].add(jnp.matmul(s.ref, p.Wrec.ref));
          v = v.mul(alpha).add(u.mul(1 - alpha)).sub(s.mul(vth));
          s = spike(v.ref);
          o = o.mul(beta).add(jnp.matmul(s.ref, p.Wout.ref).mul(1 - beta));
          acc = acc.add(o.ref);
        }
        [v, s, o, p.Wrec, p.Wout].forEach((a) => a.dispose());
        const logits = acc.mul(1 / T);
        return jnp.mean(jnp.sum(nn.logSoftmax(logits, -1).mul(y), -1)).mul(-1);
      };
      const step = jax.jit((p, x, y) => {
        const [l, g] = jax.valueAndGrad(loss)(jax.tree.ref(p), x, y);
        return [jax.tree.map((pi, gi) => pi.sub(gi.mul(lr)), p, g), l];
      });
      let p = { Win: jnp.array(d.Win).reshape([I, H]), Wrec: jnp.array(d.Wrec).reshape([H, H]), Wout: jnp.array(d.Wout).reshape([H, O]) };
      const x = jnp.array(d.x).reshape([T * B, I]);
      const y = jnp.array(yData).reshape([B, O]);
      const run = () => {
        const [p2, l] = step(p, x.ref, y.ref);
        p = p2;
        return l.dataSync();
      };
      return {
        run,
        check: () => concat([run(), p.Win.ref.dataSync(), p.Wrec.ref.dataSync(), p.Wout.ref.dataSync()]),
        dispose: () => [p.Win, p.Wrec, p.Wout, x, y].forEach((a) => a.dispose()),
      };
    },
  };

  /** tfjs: the peer script's model, unrolled in JS; the surrogate is `tf.customGrad`; `sgd.minimize`. */
  const tfLif = {
    lib: "tfjs-wasm",
    tfBackend: "wasm",
    setup() {
      const vars = [tf.variable(tf.tensor2d(d.Win, [I, H])), tf.variable(tf.tensor2d(d.Wrec, [H, H])), tf.variable(tf.tensor2d(d.Wout, [H, O]))];
      const [Win, Wrec, Wout] = vars;
      const x = tf.tensor2d(d.x, [T * B, I]);
      const y = tf.tensor2d(yData, [B, O]);
      const spike = tf.customGrad((v, save) => {
        const z = tf.sub(v, vth);
        save([z]);
        return {
          value: tf.cast(tf.greaterEqual(z, 0), "float32"),
          gradFunc: (dy, [zs]) => {
            const sg = tf.sigmoid(tf.mul(zs, k));
            return tf.mul(dy, tf.mul(tf.mul(sg, tf.sub(1, sg)), k));
          },
        };
      });
      const opt = tf.train.sgd(lr);
      const loss = () => {
        const cur = tf.unstack(tf.reshape(tf.matMul(x, Win), [T, B, H]), 0);
        let v = tf.zeros([B, H]);
        let s = tf.zeros([B, H]);
        let o = tf.zeros([B, O]);
        let acc = tf.zeros([B, O]);
        for (let t = 0; t < T; t++) {
          v = tf.sub(tf.add(tf.mul(v, alpha), tf.mul(tf.add(cur[t], tf.matMul(s, Wrec)), 1 - alpha)), tf.mul(s, vth));
          s = spike(v);
          o = tf.add(tf.mul(o, beta), tf.mul(tf.matMul(s, Wout), 1 - beta));
          acc = tf.add(acc, o);
        }
        return tf.neg(tf.mean(tf.sum(tf.mul(tf.logSoftmax(tf.mul(acc, 1 / T), -1), y), -1)));
      };
      const run = () => {
        const l = opt.minimize(loss, true, vars);
        const v = l.dataSync();
        l.dispose();
        return v;
      };
      return {
        run,
        check: () => concat([run(), ...vars.map((v) => v.dataSync())]),
        dispose: () => [...vars, x, y, opt].forEach((t) => t.dispose()),
      };
    },
  };

  const row = await runRow(`LIF ${I}→${H}→${O}, ${T} steps, batch ${B}, BPTT`, [oursCase, jaxLif, tfLif], perSecond, lifTiming);
  printTable("5. Recurrent LIF training step, BPTT with a surrogate spike (ours: `customJvp` in a `scan` under `jit(valueAndGrad)`) — steps/s", ["ours", "jax-js", "tfjs-wasm"], [row], true);
  print("- checked values: the loss and all updated weights after one step from the same initial weights");
  print(`- reduced: ${lifTiming.reps} repetitions of one step each (a step takes about 0.3 s; jax-js first compiles its unrolled program, several seconds)`);
  print();
}

// ---------- 6. LIF population with exponential synapses, one jitted scan ----------
if (only.has("pop")) {
  const { N, T, dt, tauM, tauS, vth, inputMax, seed } = LIF_POP;
  const decayM = Math.exp(-dt / tauM);
  const decayS = Math.exp(-dt / tauS);
  process.stderr.write(`  LIF population: drawing ${T}×${N} inputs\n`);
  const input = uniform(seed, T * N, 0, inputMax);

  // Per step: g ← g·e^(−dt/τs) + x_t; v ← v·e^(−dt/τm) + g·(1 − e^(−dt/τm)); spike where v ≥ vth, then v ← 0.
  const simulate = jit((v0, g0, c0, xs) =>
    scan(
      ([v, g, c], x) => {
        const gn = g.mul(decayS).add(x);
        const vn = v.mul(decayM).add(gn.mul(1 - decayM));
        const spiked = vn.ge(vth);
        return [[np.where(spiked, 0, vn), gn, c.add(spiked.astype("int32"))], null];
      },
      [v0, g0, c0],
      xs,
    )[0],
  );
  /** The same model by hand: float64 arithmetic per element, state stored in Float32Array. */
  const plainJs = () => {
    const v = new Float32Array(N);
    const g = new Float32Array(N);
    const c = new Int32Array(N);
    for (let t = 0; t < T; t++) {
      const base = t * N;
      for (let n = 0; n < N; n++) {
        const gn = g[n] * decayS + input[base + n];
        g[n] = gn;
        const vn = v[n] * decayM + gn * (1 - decayM);
        if (vn >= vth) {
          v[n] = 0;
          c[n]++;
        } else {
          v[n] = vn;
        }
      }
    }
    return { v, c };
  };
  /** Untimed reference: the same loop rounding every operation to float32 (as float32 SIMD code does). */
  const float32Js = () => {
    const f = Math.fround;
    const [dS, dM, oneMinusDM] = [f(decayS), f(decayM), f(1 - decayM)];
    const v = new Float32Array(N);
    const g = new Float32Array(N);
    const c = new Int32Array(N);
    for (let t = 0; t < T; t++) {
      for (let n = 0; n < N; n++) {
        const gn = f(f(g[n] * dS) + input[t * N + n]);
        g[n] = gn;
        const vn = f(f(v[n] * dM) + f(gn * oneMinusDM));
        if (vn >= vth) {
          v[n] = 0;
          c[n]++;
        } else {
          v[n] = vn;
        }
      }
    }
    return { v, c };
  };

  const oursState = () => {
    const xs = np.reshape(np.array(input), [T, N]);
    const v0 = np.zeros([N]);
    const g0 = np.zeros([N]);
    const c0 = np.zeros([N], { dtype: "int32" });
    return () => {
      const [v, , c] = simulate(v0, g0, c0, xs);
      return { v: v.data(), c: c.data() };
    };
  };
  const oursRun = oursState();
  const a = oursRun();
  const b = plainJs();
  const total = (c) => c.reduce((s, q) => s + q, 0);
  const row = await runRow(
    `${N} LIF neurons, exponential synapses, ${T} steps`,
    [
      { lib: "ours", setup: () => ({ run: () => oursRun().c, check: () => a.c }) },
      { lib: "plain JS", setup: () => ({ run: () => plainJs().c, check: () => b.c }) },
    ],
    (s) => (s / T) * 1e6,
  );
  printTable("6. LIF population in one jitted `scan` vs a hand-written loop — µs per simulated step (lower is better)", ["ours", "plain JS"], [row], false);
  const differing = (p, q) => p.c.reduce((m, cn, n) => m + (cn !== q.c[n] ? 1 : 0), 0);
  const f32 = float32Js();
  print(`- the max abs diff above is over the per-neuron spike counts after ${(T * dt) / 1000} s of network time (mean rate ${(total(b.c) / N / ((T * dt) / 1000)).toFixed(1)} Hz)`);
  print(`- plain JS (float64 arithmetic, float32 state): ${total(b.c)} spikes against ours ${total(a.c)}; neurons with a different count: ${differing(a, b)}; final v max abs diff ${maxAbsDiff(a.v, b.v).toExponential(1)}`);
  print(`- untimed reference rounding every operation to float32: ${total(f32.c)} spikes; neurons with a different count: ${differing(a, f32)}; final v max abs diff ${maxAbsDiff(a.v, f32.v).toExponential(1)}`);
  print();
}

print(`Total time ${((performance.now() - started) / 1000).toFixed(0)} s; load average ${loadavg()} at the end.`);
