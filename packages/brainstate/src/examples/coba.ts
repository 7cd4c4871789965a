/**
 * COBA E/I network (Vogels & Abbott 2005, brainstate's examples/103_COBA_2005.py): 4000 LIF
 * neurons with refractoriness and conductance-based exponential synapses, 2 % fixed-degree random
 * connectivity, simulated as one jitted scan over all steps (or eagerly, step by step) on the CPU backend.
 * Layer: umbrella package example.
 */
import { jit, np, scan, type Array } from "@brainstate/core";
import type { ExampleOptions } from "./index.js";

/**
 * Model constants in brainstate's units (ms, mV). Conductances are in units of the leak
 * conductance (the classic unitless COBA benchmark: w_exc = 6 nS / 10 nS = 0.6, w_inh = 67 nS / 10 nS
 * = 6.7), which gives the balanced asynchronous regime (about 22 Hz per population).
 */
const V_rest = -60; // mV
const V_th = -50; // mV
const V_reset = -60; // mV
const tau = 20; // ms
const tau_ref = 5; // ms
const E_exc = 0; // mV
const E_inh = -80; // mV
const tau_exc = 5; // ms
const tau_inh = 10; // ms
const I_ext = 20; // mV (input current times membrane resistance)
const w_exc = 0.6; // conductance jump per excitatory spike, in units of the leak conductance
const w_inh = 6.7; // conductance jump per inhibitory spike, in units of the leak conductance
const dt = 0.1; // ms

/** mulberry32: a tiny deterministic generator, the same stream the peer scripts use (seed 42). */
function mulberry32(seed: number): () => number {
  let a = seed | 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Network size, connectivity and duration. */
export interface CobaConfig {
  nExc: number;
  nInh: number;
  connProb: number;
  durationMs: number;
}

/** Builds the random connectivity (targets per presynaptic neuron) and initial voltages. */
export function build(cfg: CobaConfig, seed = 42): { targets: Int32Array; v0: Float32Array; degree: number } {
  const n = cfg.nExc + cfg.nInh;
  const degree = Math.trunc(n * cfg.connProb);
  const rnd = mulberry32(seed);
  const targets = new Int32Array(n * degree);
  for (let k = 0; k < targets.length; k++) targets[k] = Math.trunc(rnd() * n);
  const v0 = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const u1 = 1 - rnd();
    const u2 = rnd();
    v0[i] = -55 + 2 * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }
  return { targets, v0, degree };
}

/** The network state carried from step to step. */
type CobaState = [V: Array, gExc: Array, gInh: Array, lastSpike: Array, spikes: Array, counts: Array];

/** How to run the simulation: one jitted scan over all steps, or step by step eagerly. */
export type CobaMode = "jit" | "eager";

/** Runs the network and returns the mean firing rates (Hz) of both populations. */
export function simulateCoba(
  cfg: CobaConfig,
  mode: CobaMode = "jit",
): { rateExc: number; rateInh: number; steps: number; seconds: number; counts: Int32Array } {
  const n = cfg.nExc + cfg.nInh;
  const { targets, v0, degree } = build(cfg);
  const steps = Math.round(cfg.durationMs / dt);
  const refSteps = Math.round(tau_ref / dt);
  const targetsExc = np.array(targets.subarray(0, cfg.nExc * degree));
  const targetsInh = np.array(targets.subarray(cfg.nExc * degree));
  const decayExc = Math.exp(-dt / tau_exc);
  const decayInh = Math.exp(-dt / tau_inh);

  /** One step of dt: spike propagation, LIF update, synaptic decay. `i` is the int32 step index. */
  const step = ([V, gE, gI, lastSpike, spikes, counts]: CobaState, i: Array): CobaState => {
    // Event-driven propagation of last step's spikes: every synapse of a spiking neuron adds its weight.
    const s = spikes.astype("float32");
    const gExc = gE.at(targetsExc).add(np.repeat(s.get(`:${cfg.nExc}`).mul(w_exc), degree));
    const gInh = gI.at(targetsInh).add(np.repeat(s.get(`${cfg.nExc}:`).mul(w_inh), degree));
    // LIF with refractory hold, soft reset and exact exponential-Euler integration of the
    // conductance-based membrane equation tau dV/dt = -(V - V_rest) + I_ext + g_e (E_e - V) + g_i (E_i - V).
    const lv = np.where(V.ge(V_th), V.sub(V_th - V_reset), V);
    const B = gExc.add(gInh).add(1);
    const vInf = gExc.mul(E_exc).add(gInh.mul(E_inh)).add(V_rest + I_ext).div(B);
    const vNew = vInf.add(lv.sub(vInf).mul(np.exp(B.mul(-dt / tau))));
    const refractory = i.sub(lastSpike).lt(refSteps);
    const Vn = np.where(refractory, lv, vNew);
    const spk = Vn.ge(V_th);
    return [Vn, gExc.mul(decayExc), gInh.mul(decayInh), np.where(spk, i, lastSpike), spk, counts.add(spk.astype("int32"))];
  };

  const V0 = np.array(v0);
  const init: CobaState = [V0, np.zeros([n]), np.zeros([n]), np.full([n], -1e7, { dtype: "int32" }), V0.ge(V_th), np.zeros([n], { dtype: "int32" })];
  const indices = np.arange(steps);
  const start = performance.now();
  let final: CobaState;
  if (mode === "jit") {
    final = jit((s0: CobaState, is: Array) => scan((st: CobaState, i: Array): [CobaState, null] => [step(st, i), null], s0, is)[0])(init, indices) as CobaState;
  } else {
    final = init;
    for (let i = 0; i < steps; i++) final = step(final, np.array(i, { dtype: "int32" }));
  }
  const c = final[5].data();
  const seconds = (performance.now() - start) / 1000;
  let sumExc = 0;
  let sumInh = 0;
  for (let k = 0; k < n; k++) {
    if (k < cfg.nExc) sumExc += c[k] as number;
    else sumInh += c[k] as number;
  }
  const durationS = cfg.durationMs / 1000;
  return { rateExc: sumExc / cfg.nExc / durationS, rateInh: sumInh / cfg.nInh / durationS, steps, seconds, counts: c as Int32Array };
}

/** Entry point for `brainstate run coba`. */
export function runCoba(opts: ExampleOptions): void {
  const cfg: CobaConfig = opts.small
    ? { nExc: 800, nInh: 200, connProb: 0.02, durationMs: 50 }
    : { nExc: 3200, nInh: 800, connProb: 0.02, durationMs: 1000 };
  console.log(
    `COBA E/I network: ${cfg.nExc} excitatory + ${cfg.nInh} inhibitory LIF neurons, ${cfg.connProb * 100}% connectivity, dt ${dt} ms, ${cfg.durationMs} ms`,
  );
  const r = simulateCoba(cfg);
  console.log(`simulated ${r.steps} steps in ${r.seconds.toFixed(2)} s (${((r.seconds / r.steps) * 1e6).toFixed(0)} µs/step: one jitted scan on the CPU backend)`);
  console.log(`mean firing rate: excitatory ${r.rateExc.toFixed(1)} Hz, inhibitory ${r.rateInh.toFixed(1)} Hz`);
}
