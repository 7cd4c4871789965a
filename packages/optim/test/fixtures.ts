// Test-only models and data for the optim suites: a deterministic PRNG, a synthetic two-class
// dataset, a 2-layer MLP whose Linear layers keep { weight, bias } in one ParamState (as
// brainstate's nn.Linear does; nn sits above optim in the package DAG), and its loss.

import { np, type Array } from "@brainstate/core";
import { Node } from "@brainstate/graph";
import { ParamState } from "@brainstate/state";

/** mulberry32: a small deterministic PRNG returning floats in [0, 1). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A standard normal sample from `rand` (Box–Muller). */
export function normal(rand: () => number): number {
  const u = Math.max(rand(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
}

/**
 * Two interleaved classes in 2-D that no line separates: class 1 inside the ring of radius 1,
 * class 0 outside it (radius 1.6), with noise. Returns inputs [n, 2] and one-hot targets [n, 2].
 */
export function twoClassData(n: number, seed = 1): { x: Array; y: Array } {
  const rand = prng(seed);
  const xs: number[][] = [];
  const ys: number[][] = [];
  for (let i = 0; i < n; i++) {
    const inner = i % 2 === 0;
    const r = (inner ? 0.5 : 1.6) + 0.2 * normal(rand);
    const phi = 2 * Math.PI * rand();
    xs.push([r * Math.cos(phi), r * Math.sin(phi)]);
    ys.push(inner ? [0, 1] : [1, 0]);
  }
  return { x: np.array(xs), y: np.array(ys) };
}

/** y = x·W + b, with { weight, bias } in one ParamState. */
export class Linear extends Node {
  weight: ParamState<{ weight: Array; bias: Array }>;
  constructor(din: number, dout: number, rand: () => number) {
    super();
    const w = globalThis.Array.from({ length: din }, () => globalThis.Array.from({ length: dout }, () => normal(rand) / Math.sqrt(din)));
    this.weight = new ParamState({ weight: np.array(w), bias: np.zeros([dout]) });
  }
}

/** A 2-layer tanh MLP. */
export class MLP extends Node {
  l1: Linear;
  l2: Linear;
  constructor(din: number, hidden: number, dout: number, seed = 7) {
    super();
    const rand = prng(seed);
    this.l1 = new Linear(din, hidden, rand);
    this.l2 = new Linear(hidden, dout, rand);
  }
  /** The current parameter values, keyed like `graph.states(mlp, ParamState)` ("l1.weight", "l2.weight"). */
  values(): Record<string, { weight: Array; bias: Array }> {
    return { "l1.weight": this.l1.weight.value, "l2.weight": this.l2.weight.value };
  }
}

/** Mean softmax cross-entropy of the MLP with parameter values `p` on (x, y). */
export function mlpLoss(p: Record<string, { weight: Array; bias: Array }>, x: Array, y: Array): Array {
  const l1 = p["l1.weight"] as { weight: Array; bias: Array };
  const l2 = p["l2.weight"] as { weight: Array; bias: Array };
  const h = np.tanh(x.matmul(l1.weight).add(l1.bias));
  const logits = h.matmul(l2.weight).add(l2.bias);
  const logp = logits.sub(np.logsumexp(logits, -1, { keepdims: true }));
  return np.mean(np.sum(logp.mul(y), -1)).neg();
}
