// Every sampler is deterministic in its key and works eagerly, under core's jit, inside scan with
// the key carried, and under vmap with one key per lane; RandomState works inside traced code.

import { describe, expect, it } from "vitest";
import { grad, jit, np, prng, scan, vmap, type Array } from "@brainstate/core";
import * as random from "@brainstate/random";
import { RandomState } from "@brainstate/random";
import { SAMPLERS } from "./samplers.js";

/** The values of an array as JS numbers. */
const vals = (x: Array): number[] => globalThis.Array.from(x.data() as ArrayLike<number>, Number);
const isIntegral = (x: Array): boolean => x.dtype === "int32" || x.dtype === "uint32" || x.dtype === "bool";

const cases = Object.entries(SAMPLERS);

describe.each(cases)("%s", (_name, draw) => {
  it("gives identical arrays for the same key and different ones for another key", () => {
    const a = draw(prng.key(11));
    const b = draw(prng.key(11));
    expect(b.shape).toEqual(a.shape);
    expect(b.dtype).toBe(a.dtype);
    expect(vals(b)).toEqual(vals(a));
    expect(vals(draw(11))).toEqual(vals(a));
  });

  it("gives the eager result under jit (integers exactly, floats to 1e-5)", () => {
    const key = prng.key(12);
    const eager = draw(key);
    const compiled = jit((k: Array) => draw(k))(key);
    expect(compiled.shape).toEqual(eager.shape);
    expect(compiled.dtype).toBe(eager.dtype);
    if (isIntegral(eager)) expect(vals(compiled)).toEqual(vals(eager));
    else expect(np.allclose(compiled, eager, { rtol: 1e-5, atol: 1e-5 })).toBe(true);
  });

  it("draws lane i with key i under vmap over split keys (integers exactly, floats to 1e-5)", () => {
    // Floats only to rounding: a batched kernel may take the CPU backend's Wasm path (exp, log
    // within 1 ulp) where the single draw's smaller kernel runs as generated JS.
    const keys = prng.split(prng.key(13), 3);
    const mapped = vmap((k: Array) => draw(k))(keys) as Array;
    for (let i = 0; i < 3; i++) {
      const lane = mapped.get(i);
      const single = draw(keys.get(i));
      if (isIntegral(single)) expect(vals(lane)).toEqual(vals(single));
      else expect(np.allclose(lane, single, { rtol: 1e-5, atol: 1e-5 })).toBe(true);
    }
  });

  it("draws inside scan with the key carried", () => {
    const step = (k: Array): [Array, Array] => {
      const [next, sub] = prng.splitKeys(k) as [Array, Array];
      return [next, draw(sub)];
    };
    const [, ys] = scan((k: Array, _x: null): [Array, Array] => step(k), prng.key(14), null, { length: 2 });
    let k = prng.key(14);
    for (let i = 0; i < 2; i++) {
      const [next, y] = step(k);
      k = next;
      expect(vals(ys.get(i))).toEqual(vals(y));
    }
  });
});

describe("RandomState under transformations", () => {
  it("advances a state created from the carried key inside scan", () => {
    const [final, xs] = scan(
      (key: Array, _x: null): [Array, Array] => {
        const rs = new RandomState(key);
        const x = rs.normal(null, null, { size: [2] });
        return [rs.value, x];
      },
      prng.key(15),
      null,
      { length: 3 },
    );
    const rs = new RandomState(15);
    for (let i = 0; i < 3; i++) expect(vals(xs.get(i))).toEqual(vals(rs.normal(null, null, { size: [2] })));
    expect(vals(final)).toEqual(vals(rs.value));
  });

  it("splits per lane under vmap: each lane's state draws like its own RandomState", () => {
    const keys = prng.split(prng.key(16), 4);
    const out = vmap((k: Array) => new RandomState(k).uniform(0, 1, { size: [3] }))(keys) as Array;
    for (let i = 0; i < 4; i++) expect(vals(out.get(i))).toEqual(vals(new RandomState(keys.get(i)).uniform(0, 1, { size: [3] })));
  });

  it("traces the default state's keys handed out by splitKeys for vmap", () => {
    random.seed(17);
    const keys = random.splitKeys(5);
    const out = vmap((k: Array) => random.gamma(2, 1, { key: k }))(keys) as Array;
    expect(out.shape).toEqual([5]);
    random.seed(17);
    const again = random.splitKeys(5);
    expect(vals(again)).toEqual(vals(keys));
  });
});

describe("differentiation", () => {
  it("differentiates normal samples by their location and scale (reparameterisation: dx/dloc = 1, dx/dscale = z)", () => {
    const key = prng.key(18);
    // With an explicit key, normal(loc, scale) = loc + scale·z with z = prng.normal(key).
    const z = prng.normal(key, [4]);
    const f = (loc: Array, scale: Array): Array => np.sum(random.normal(loc, scale, { size: [4], key }));
    const [dloc, dscale] = grad(f, { argnums: [0, 1] })(np.array(0.5), np.array(2)) as [Array, Array];
    expect(dloc.item()).toBeCloseTo(4, 5);
    expect(dscale.item()).toBeCloseTo(np.sum(z).item() as number, 4);
  });
});
