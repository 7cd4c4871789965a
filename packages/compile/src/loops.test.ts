import { describe, expect, it } from "vitest";
import { grad, np, ShapeError, TransformationError, ValueError, vmap, type Array } from "@brainstate/core";
import { linearizeProgram } from "@brainstate/core/extend";
import { expectAllclose } from "@brainstate/core/testing";
import { ParamState, ShortTermState, State } from "@brainstate/state";
import { checkpointedForLoop, checkpointedScan, forLoop, ProgressBar, scan, StatefulFunction } from "./index.js";

const f64 = (v: number | number[]) => np.array(v, { dtype: "float64" });
const quiet = { write: (): void => undefined, isTTY: true };

/** The loss `fn()` as a function of the value of `w`, through the pure jaxprCall of a StatefulFunction. */
function lossOf(fn: () => Array, w: State): (wv: Array) => Array {
  const sf = new StatefulFunction(fn);
  const states = sf.getStates();
  return (wv) => sf.jaxprCall(states.map((s) => (s === w ? wv : s.value)))[1] as Array;
}

/** Central finite difference of a scalar function at w. */
function fd(f: (w: Array) => Array, w: number, eps = 1e-6): number {
  return ((f(f64(w + eps)).item() as number) - (f(f64(w - eps)).item() as number)) / (2 * eps);
}

describe("forLoop", () => {
  // Port of _loop_collect_return_test.py test_for_loop.
  it("carries the states it writes through the loop", () => {
    const a = new ShortTermState(np.zeros([]));
    const b = new ShortTermState(np.zeros([]));
    const r = forLoop((_i: Array) => {
      a.value = a.value.add(b.value.add(1));
      return a.value;
    }, np.arange(10)) as Array;
    // a grows by 1 + b = 1 per step
    expect(a.value.item()).toBe(10);
    expectAllclose(r, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(b.value.item()).toBe(0);
  });

  it("gives the same states as the eager JS loop over 1,000 steps", () => {
    // A leaky integrate-and-fire population: v ← v + dt/τ·(−v + I), spike and reset at threshold.
    const n = 8;
    const input = np.linspace(0.5, 2.5, n, { dtype: "float64" });
    const dt = 0.1;
    const tau = 10;
    const makeStates = () => ({ v: new State(np.zeros([n], { dtype: "float64" })), count: new State(np.zeros([n], { dtype: "float64" })) });
    const step = (s: ReturnType<typeof makeStates>, t: Array): Array => {
      const v = s.v.value.add(s.v.value.neg().add(input.mul(np.sin(t.mul(0.01)).add(1))).mul(dt / tau));
      const spike = v.ge(1);
      s.count.value = s.count.value.add(spike.astype("float64"));
      s.v.value = np.where(spike, 0, v);
      return spike;
    };
    const ts = np.arange(1000, { dtype: "float64" });
    const looped = makeStates();
    const spikes = forLoop((t: Array) => step(looped, t), ts) as Array;
    const eager = makeStates();
    const eagerSpikes: unknown[] = [];
    for (let k = 0; k < 1000; k++) eagerSpikes.push(step(eager, ts.get(k)).toArray());
    expectAllclose(looped.v.value, eager.v.value.toArray() as number[], { rtol: 1e-12, atol: 1e-12 });
    expect(looped.count.value.toArray()).toEqual(eager.count.value.toArray());
    expect(spikes.toArray()).toEqual(eagerSpikes);
    expect((looped.count.value.sum().item() as number) > 0).toBe(true);
  });

  it("spreads a JS array of xs into the body's arguments", () => {
    const ys = forLoop((a: Array, b: Array) => a.mul(b), [np.array([1, 2, 3]), np.array([4, 5, 6])]) as Array;
    expectAllclose(ys, [4, 10, 18]);
  });

  it("passes a pytree of xs as one argument and runs f() with xs null", () => {
    const ys = forLoop((x: { a: Array; b: Array }) => x.a.sub(x.b), { a: np.array([5, 6]), b: np.array([1, 1]) }) as Array;
    expectAllclose(ys, [4, 5]);
    const s = new State(np.zeros([]));
    forLoop(
      () => {
        s.value = s.value.add(2);
      },
      null,
      { length: 4 },
    );
    expect(s.value.item()).toBe(8);
  });

  it("runs in reverse order, keeping outputs in input order", () => {
    const s = new State(np.zeros([]));
    const ys = forLoop(
      (x: Array) => {
        s.value = s.value.mul(10).add(x);
        return s.value;
      },
      np.array([1, 2, 3]),
      { reverse: true },
    ) as Array;
    // visits 3, 2, 1: s = 3, 32, 321; ys[k] is the value after visiting element k
    expectAllclose(ys, [321, 32, 3]);
    expect(s.value.item()).toBe(321);
  });

  it("gives the same results with any unroll", () => {
    const run = (unroll: number | boolean) => {
      const s = new State(np.zeros([]));
      const ys = forLoop(
        (x: Array) => {
          s.value = s.value.add(x);
          return s.value;
        },
        np.arange(7),
        { unroll },
      ) as Array;
      return ys.toArray();
    };
    expect(run(3)).toEqual(run(1));
    expect(run(true)).toEqual([0, 1, 3, 6, 10, 15, 21]);
  });

  it("nests: an inner forLoop in the body of an outer one, both writing states", () => {
    const inner = new State(np.zeros([]));
    const outer = new State(np.zeros([]));
    forLoop((i: Array) => {
      forLoop((j: Array) => {
        inner.value = inner.value.add(i.mul(j));
      }, np.arange(3));
      outer.value = outer.value.add(inner.value);
    }, np.arange(4));
    // inner after step i: Σ_{i'≤i} i'·(0+1+2) = 3·(0, 1, 3, 6); outer = Σ = 3·10 = 30
    expect(inner.value.item()).toBe(18);
    expect(outer.value.item()).toBe(30);
  });

  it("is differentiable: grad of a loss over states through forLoop equals finite differences", () => {
    const w = new ParamState(f64(0.8));
    const h = new State(f64([0.1, -0.2]));
    const xs = f64([0.5, -1, 2, 0.3, 1.5]).reshape([5, 1]);
    const loss = lossOf(() => {
      forLoop((x: Array) => {
        h.value = np.tanh(h.value.mul(w.value).add(x));
      }, xs);
      return h.value.mul(h.value).sum();
    }, w);
    const g = (grad(loss)(w.value) as Array).item() as number;
    expect(g).toBeCloseTo(fd(loss, 0.8), 7);
    // the pure call leaves the states alone
    expectAllclose(h.value, [0.1, -0.2]);
  });

  it("works under core vmap with states it only reads", () => {
    const offset = new State(np.array(10));
    const f = (x: Array): Array => scan((c: Array, k: Array): [Array, Array] => [c.add(k.mul(x)), c.add(offset.value)], np.array(0), np.arange(3))[1];
    // per lane: c = 0, x, 3x before each step; ys = c + 10
    const out = vmap(f)(np.array([1, 2])) as Array;
    expectAllclose(out, [[10, 10, 11], [10, 10, 12]]);
    expect(offset.value.item()).toBe(10);
  });

  it("throws ShapeError for xs without a leading axis or with disagreeing lengths", () => {
    expect(() => forLoop((x: Array) => x, np.array(3))).toThrow(ShapeError);
    expect(() => forLoop((x: Array) => x, np.array(3))).toThrow("xs leaf 0 is a scalar float32[]");
    expect(() => forLoop((a: Array, b: Array) => a.add(b), [np.ones([3]), np.ones([4])])).toThrow("different leading axis sizes 3, 4");
    expect(() => forLoop((x: Array) => x, np.ones([3]), { length: 4 })).toThrow("{ length: 4 } disagrees with the leading axis sizes 3");
    expect(() => forLoop(() => 1, null)).toThrow("no xs to loop over and no { length }");
    expect(() => forLoop(() => 1, null, { length: -1 })).toThrow(ValueError);
    expect(() => forLoop(3 as never, np.ones([2]))).toThrow(TransformationError);
  });

  it("throws TransformationError naming the state when the body changes its dtype", () => {
    const s = new State(np.zeros([2]), { name: "v" });
    expect(() =>
      forLoop(() => {
        s.value = np.zeros([2], { dtype: "int32" });
      }, np.ones([3])),
    ).toThrow("forLoop: State 'v' is written with int32[2] but held float32[2] before");
  });
});

describe("scan", () => {
  it("returns the final carry and the stacked outputs, with states", () => {
    const total = new State(np.zeros([]));
    const [carry, ys] = scan(
      (c: Array, x: Array): [Array, Array] => {
        total.value = total.value.add(x);
        return [c.mul(2), c.add(x)];
      },
      np.array(1),
      np.arange(4),
    );
    // carry 1 → 2 → 4 → 8 → 16; ys = c + x = 1, 3, 6, 11
    expect((carry as Array).item()).toBe(16);
    expectAllclose(ys as Array, [1, 3, 6, 11]);
    expect(total.value.item()).toBe(6);
  });

  it("carries pytrees and scans pytrees", () => {
    const [c, ys] = scan(
      (carry: { s: Array; n: Array }, x: [Array, Array]): [{ s: Array; n: Array }, Array] => [{ s: carry.s.add(x[0]), n: carry.n.add(1) }, x[0].mul(x[1])],
      { s: np.zeros([2]), n: np.array(0) },
      [np.array([[1, 2], [3, 4]]), np.array([[1, 1], [2, 2]])],
    );
    expectAllclose(c.s, [4, 6]);
    expect(c.n.item()).toBe(2);
    expectAllclose(ys, [[1, 2], [6, 8]]);
  });

  it("runs with xs null and a length", () => {
    const [c] = scan((carry: Array, _x: null): [Array, null] => [carry.mul(3), null], np.array(1), null, { length: 4 });
    expect((c as Array).item()).toBe(81);
  });

  it("throws TransformationError when the body does not return a pair", () => {
    expect(() => scan(((c: Array) => c) as never, np.array(1), np.ones([2]))).toThrow("the body must return a pair [carry, y]");
  });

  it("is differentiable through a carry and a state", () => {
    const w = new ParamState(f64(0.7));
    const loss = lossOf(() => {
      const [c] = scan((carry: Array, x: Array): [Array, null] => [np.sin(carry.mul(w.value)).add(x), null], f64(1), f64([0.1, 0.2, 0.3]));
      return c as Array;
    }, w);
    expect((grad(loss)(w.value) as Array).item() as number).toBeCloseTo(fd(loss, 0.7), 8);
  });
});

describe("checkpointedScan", () => {
  it("gives the same carry, outputs and states as scan for every length and base", () => {
    for (const [length, base] of [
      [1, 16],
      [5, 2],
      [16, 4],
      [17, 4],
      [18, 2],
      [100, 3],
    ] as const) {
      const run = (loop: typeof scan) => {
        const s = new State(np.zeros([]));
        const [c, ys] = loop(
          (carry: Array, x: Array): [Array, Array] => {
            s.value = s.value.add(x);
            return [carry.mul(0.5).add(x), s.value.mul(carry)];
          },
          np.array(1),
          np.arange(length, { dtype: "float32" }),
          base === 16 ? {} : ({ base } as never),
        );
        return [(c as Array).toArray(), (ys as Array).toArray(), s.value.toArray()];
      };
      const plain = run(((f, i, x) => scan(f, i, x)) as typeof scan);
      const checkpointed = run(((f, i, x, o) => checkpointedScan(f, i, x, o as never)) as typeof scan);
      expect(checkpointed).toEqual(plain);
    }
  });

  it("returns the init and empty outputs for zero steps", () => {
    const s = new State(np.zeros([]));
    const [c, ys] = checkpointedScan(
      (carry: Array, x: Array): [Array, Array] => {
        s.value = s.value.add(x.sum());
        return [carry, x.mul(2)];
      },
      np.array(5),
      np.zeros([0, 3]),
    );
    expect((c as Array).item()).toBe(5);
    expect((ys as Array).shape).toEqual([0, 3]);
    expect(s.value.item()).toBe(0);
  });

  it("is differentiable and equals finite differences", () => {
    const w = new ParamState(f64(0.9));
    const h = new State(f64(0));
    const loss = lossOf(() => {
      h.value = f64(0);
      const [, ys] = checkpointedScan(
        (c: Array, x: Array): [Array, Array] => {
          h.value = h.value.mul(w.value).add(x);
          return [c, h.value];
        },
        f64(0),
        f64([1, 2, 3, 4, 5, 6, 7]),
        { base: 2 },
      );
      return (ys as Array).mul(ys as Array).sum();
    }, w);
    expect((grad(loss)(w.value) as Array).item() as number).toBeCloseTo(fd(loss, 0.9), 6);
  });

  it("stores far fewer residuals for reverse mode than scan", () => {
    const w = new ParamState(f64(0.9));
    const v = new State(np.zeros([50], { dtype: "float64" }));
    const residuals = (checkpointed: boolean): number => {
      const loss = lossOf(() => {
        const body = (): void => {
          v.value = np.tanh(v.value.mul(w.value).add(1));
        };
        if (checkpointed) checkpointedForLoop(body, null, { length: 256, base: 16 });
        else forLoop(body, null, { length: 256 });
        return v.value.sum();
      }, w);
      const pe = linearizeProgram(loss, w.value);
      return pe.known.outvars.slice(pe.known.outvars.length - pe.numResiduals).reduce((n, x) => n + x.aval.size, 0);
    };
    const plain = residuals(false);
    const checkpointed = residuals(true);
    // scan keeps a few 50-vectors per step (256 steps); checkpointing keeps about one per block of 16
    expect(plain).toBeGreaterThan(256 * 50);
    expect(checkpointed).toBeLessThan(plain / 20);
  });

  it("throws ValueError for a bad base", () => {
    expect(() => checkpointedScan((c: Array, x: Array): [Array, Array] => [c, x], np.array(0), np.ones([3]), { base: 1 })).toThrow("base must be an integer of at least 2");
  });
});

describe("checkpointedForLoop", () => {
  // Port of test_checkpointed_for_loop (with a quiet injected stream for the progress bar).
  it("carries states like forLoop, with a progress bar", () => {
    const a = new ShortTermState(np.zeros([]));
    const b = new ShortTermState(np.zeros([]));
    const r = checkpointedForLoop(
      (_i: Array) => {
        a.value = a.value.add(b.value.add(1));
        return a.value;
      },
      np.arange(18),
      { base: 2, pbar: new ProgressBar({ stream: quiet }) },
    ) as Array;
    expect(a.value.item()).toBe(18);
    expectAllclose(r, globalThis.Array.from({ length: 18 }, (_, k) => k + 1));
  });

  it("spreads a JS array of xs into the body's arguments", () => {
    const ys = checkpointedForLoop((x: Array, y: Array) => x.add(y), [np.arange(20), np.ones([20])], { base: 3 }) as Array;
    expectAllclose(ys, globalThis.Array.from({ length: 20 }, (_, k) => k + 1));
  });
});
