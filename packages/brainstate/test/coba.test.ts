import { describe, expect, it } from "vitest";
import { build, simulateCoba, type CobaConfig } from "../src/examples/coba.js";

/**
 * An independent plain-JS transcription of the same model (float64, scalar loops over neurons and
 * synapses) — the reference the example's array program must reproduce.
 */
function reference(cfg: CobaConfig): Int32Array {
  const n = cfg.nExc + cfg.nInh;
  const { targets, v0, degree } = build(cfg);
  const dt = 0.1;
  const steps = Math.round(cfg.durationMs / dt);
  const V = Float64Array.from(v0);
  const gE = new Float64Array(n);
  const gI = new Float64Array(n);
  const last = new Float64Array(n).fill(-1e7);
  const counts = new Int32Array(n);
  let spiking = Array.from(V, (v) => v >= -50);
  for (let i = 0; i < steps; i++) {
    for (let j = 0; j < n; j++) {
      if (!spiking[j]) continue;
      for (let k = 0; k < degree; k++) {
        const t = targets[j * degree + k] as number;
        if (j < cfg.nExc) gE[t] = (gE[t] as number) + 0.6;
        else gI[t] = (gI[t] as number) + 6.7;
      }
    }
    const next: boolean[] = [];
    for (let j = 0; j < n; j++) {
      const v = V[j] as number;
      const lv = v >= -50 ? v - 10 : v;
      const B = 1 + (gE[j] as number) + (gI[j] as number);
      const vInf = (-60 + 20 + (gE[j] as number) * 0 + (gI[j] as number) * -80) / B;
      const vNew = vInf + (lv - vInf) * Math.exp((-0.1 / 20) * B);
      V[j] = i - (last[j] as number) < 50 ? lv : vNew;
      next.push((V[j] as number) >= -50);
      if (next[j]) {
        last[j] = i;
        counts[j] = (counts[j] as number) + 1;
      }
      gE[j] = (gE[j] as number) * Math.exp(-0.1 / 5);
      gI[j] = (gI[j] as number) * Math.exp(-0.1 / 10);
    }
    spiking = next;
  }
  return counts;
}

describe("COBA example", () => {
  it.each(["jit", "eager"] as const)("reproduces an independent scalar implementation spike for spike (%s)", (mode) => {
    const cfg: CobaConfig = { nExc: 400, nInh: 100, connProb: 0.02, durationMs: 30 };
    const ours = simulateCoba(cfg, mode);
    const ref = reference(cfg);
    let mismatched = 0;
    ref.forEach((c, j) => {
      if (c !== ours.counts[j]) mismatched++;
    });
    // float32 state against float64 can move a spike by a step near threshold; allow a handful.
    expect(mismatched).toBeLessThanOrEqual(5);
    const total = (a: ArrayLike<number>): number => Array.from(a).reduce((s, x) => s + x, 0);
    expect(Math.abs(total(ours.counts) - total(ref)) / total(ref)).toBeLessThan(0.02);
    expect(total(ref)).toBeGreaterThan(100);
  });
});
