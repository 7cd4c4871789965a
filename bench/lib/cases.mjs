// Running one workload across libraries (bench layer): each library's case is set up, checked
// against ours, warmed up, and timed in repetitions interleaved across the libraries.
import process from "node:process";
import { maxAbsDiff, median, plan, timeRep } from "./measure.mjs";

/**
 * One library's way of running a workload: `setup` builds the inputs and returns `run`, which
 * computes the result and reads it back into a JS typed array (forcing lazy libraries), and
 * optionally `check`, which returns the values compared with ours instead of `run`'s first
 * result (training steps compare the loss and the updated parameters of one step).
 * @typedef {object} Case
 * @property {string} lib
 * @property {"cpu" | "wasm"} [tfBackend]  TensorFlow.js backend to select before `setup`
 * @property {() => CaseState} setup
 */

/**
 * @typedef {object} CaseState
 * @property {() => ArrayLike<number> & { slice(): ArrayLike<number> }} run
 * @property {() => ArrayLike<number> & { slice(): ArrayLike<number> }} [check]
 * @property {() => void} [dispose]
 */

/**
 * A row of results plus ours' checked values, for comparisons made outside `runRow`.
 * @typedef {import("./report.mjs").Row & { reference?: ArrayLike<number> }} CheckedRow
 */

/**
 * The first line of an error's message.
 * @param {unknown} e
 * @returns {string}
 */
export function firstLine(e) {
  return (e instanceof Error ? e.message : String(e)).split("\n")[0];
}

/**
 * The row runner and case builders bound to one TensorFlow.js instance and timing setting.
 * @param {typeof import("@tensorflow/tfjs")} tf
 * @param {{ reps: number, minTime: number, warmup: number }} defaultTiming
 */
export function caseKit(tf, defaultTiming) {
  /**
   * Times every case of one workload. Each case is set up, checked against ours and warmed up;
   * then the repetitions go round-robin over the cases, so that load from other processes
   * falls on every library alike and the ratios stay comparable.
   * @param {string} label
   * @param {Case[]} cases  "ours" first
   * @param {(seconds: number) => number} metric  seconds per call → the reported figure
   * @param {{ reps: number, minTime: number, warmup: number }} [timing]  defaults to the kit's
   * @returns {Promise<CheckedRow>}
   */
  async function runRow(label, cases, metric, timing = defaultTiming) {
    /** @type {Map<string, import("./report.mjs").Cell>} */
    const cells = new Map();
    const live = [];
    let reference;
    for (const c of cases) {
      process.stderr.write(`  ${label} / ${c.lib}: warm-up\n`);
      if (c.tfBackend !== undefined) await tf.setBackend(c.tfBackend);
      let state;
      try {
        state = c.setup();
        const first = (state.check ?? state.run)().slice();
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
    return { label, cells, reference };
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

  return { runRow, tfCase };
}

/**
 * The jax-js case: `compute` consumes its arguments, so each call gets new references (`.ref`).
 * @param {string} lib
 * @param {() => import("@jax-js/jax").Array[]} makeInputs
 * @param {(...xs: import("@jax-js/jax").Array[]) => import("@jax-js/jax").Array} compute
 * @returns {Case}
 */
export function jaxCase(lib, makeInputs, compute) {
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
