// Loads the peer libraries the benchmarks compare against (bench layer): TensorFlow.js with its
// CPU (plain JS) and Wasm (SIMD) backends, and jax-js on its Wasm backend.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(import.meta.url);

/**
 * TensorFlow.js 4.x. The `@tensorflow/tfjs` union package is loaded through `require` (its Node
 * entry is CommonJS); it brings tfjs-core and the CPU backend. The Wasm backend's binaries are
 * loaded from its own node_modules folder. Switch backends with `await tf.setBackend(name)`.
 * @returns {Promise<{ tf: typeof import("@tensorflow/tfjs"), version: string, wasmSimd: boolean, wasmThreads: number }>}
 */
export async function loadTfjs() {
  const tf = require("@tensorflow/tfjs");
  const wasm = require("@tensorflow/tfjs-backend-wasm");
  wasm.setWasmPaths(path.dirname(require.resolve("@tensorflow/tfjs-backend-wasm")) + "/");
  await tf.setBackend("wasm");
  await tf.ready();
  const wasmSimd = Boolean(await tf.env().getAsync("WASM_HAS_SIMD_SUPPORT"));
  const wasmThreads = wasm.getThreadsCount();
  await tf.setBackend("cpu");
  await tf.ready();
  return { tf, version: tf.version_core, wasmSimd, wasmThreads };
}

/**
 * jax-js on its Wasm backend. Node 20 has no global `Worker`, so jax-js runs its kernels on the
 * main thread (as any Node user gets it). Arrays are consumed by every operation: pass `x.ref`
 * to keep `x`; `dataSync()` consumes its array too.
 * @returns {Promise<{ jax: typeof import("@jax-js/jax"), version: string }>}
 */
export async function loadJax() {
  const jax = await import("@jax-js/jax");
  await jax.init("wasm");
  jax.defaultDevice("wasm");
  const entry = require.resolve("@jax-js/jax");
  const pkg = JSON.parse(readFileSync(path.join(path.dirname(entry), "..", "package.json"), "utf8"));
  return { jax, version: pkg.version };
}
