// Tests of vmap/pmap/vmapNewStates and StateAxes: the ports of brainstate's
// augment/_mapping_test.py, then inStates/outStates, random states split per lane, composition
// with grad and nesting, and the error paths.

import { describe, expect, it } from "vitest";
import { AxisError, np, OptionError, prng, TransformationError, ValueError, type Array } from "@brainstate/core";
import { Tracer } from "@brainstate/core/extend";
import { expectAllclose } from "@brainstate/core/testing";
import { Node } from "@brainstate/graph";
import { DEFAULT, normal, RandomState, seed, setKey, splitKey, splitKeys, uniform } from "@brainstate/random";
import { ParamState, ShortTermState, State, StateTraceStack } from "@brainstate/state";
import { StatefulFunction } from "@brainstate/compile";
import { BatchAxisError, grad, pmap, StateAxes, vmap, vmapNewStates } from "@brainstate/augment";
import { Linear, val } from "./fixtures.js";

/** A Linear that may point to another module through `a` (the reference's shared sub-module). */
class Shared extends Linear {
  declare a?: Node;
}

/** brainstate's Foo: a = arange(4) (ParamState), b = arange(4) (ShortTermState); call() sets b = a·b. */
class Foo extends Node {
  a = new ParamState(np.arange(4).astype("float32"));
  b = new ShortTermState(np.arange(4).astype("float32"));
  call(): void {
    this.b.value = this.a.value.mul(this.b.value);
  }
}

describe("vmap (ports of TestVmap)", () => {
  it("returns new modules with stacked states that keep sharing a sub-module (test_vmap_return_keep_reference_return)", () => {
    seed(0);
    const createModel = vmap({ inAxes: 0, outAxes: 0 })((key: Array) => {
      setKey(key);
      const m1 = new Shared(2, 3);
      const m2 = new Shared(3, 4);
      m2.a = m1;
      const m3 = new Shared(3, 5);
      m3.a = m1;
      expect(m2.a).toBe(m3.a);
      return [m2, m3];
    });
    const [m2, m3] = createModel(splitKey(10)) as [Shared, Shared];
    expect(m2.a).toBe(m3.a);
    expect((m2.a as Shared).weight.value.weight.shape).toEqual([10, 2, 3]);
    expect(m2.weight.value.weight.shape).toEqual([10, 3, 4]);
    expect(m3.weight.value.bias.shape).toEqual([10, 5]);
    // DEFAULT's key stays concrete.
    expect(DEFAULT.value).not.toBeInstanceOf(Tracer);
    expect(DEFAULT.value.shape).toEqual([2]);
  });

  it("passes modules with inAxes null and keeps their shared sub-module (test_vmap_return_keep_reference_pass_into_fun)", () => {
    const m1 = new Shared(2, 3);
    const m2 = new Shared(4, 3);
    m2.a = m1;
    const m3 = new Shared(4, 5);
    m3.a = m1;
    const runModel = vmap({ inAxes: [null, null, 0], outAxes: 0 })((n2: Shared, n3: Shared, x: Array) => {
      expect(n2.a).toBe(n3.a);
      // Divergence: brainstate hands the function copies of node arguments; here they are the objects themselves.
      expect(n2).toBe(m2);
      expect(n3).toBe(m3);
      return [n2.call(x), n3.call(x)];
    });
    const [r1, r2] = runModel(m2, m3, np.ones([4, 3, 4])) as [Array, Array];
    expect(r1.shape).toEqual([4, 3, 3]);
    expect(r2.shape).toEqual([4, 3, 5]);
  });

  it("creates one module per key, with concrete stacked weights (test_vmap_set_key)", () => {
    const createModel = vmap({ inAxes: 0, outAxes: 0 })((key: Array) => {
      setKey(key);
      return new Linear(2, 3);
    });
    const model = createModel(splitKeys(10)) as Linear;
    expect(model.weight.value.weight.shape).toEqual([10, 2, 3]);
    expect(model.weight.value.weight).not.toBeInstanceOf(Tracer);
    // Each lane drew its own weights.
    const w = model.weight.value.weight.toArray() as number[][][];
    expect(w[0]).not.toEqual(w[1]);
    seed();
  });

  it("keeps a closure-captured model's identity inside (test_vmap_input)", () => {
    const model = new Linear(2, 3);
    const weight = model.weight;
    const forward = vmap((x: Array) => {
      expect(model.weight).toBe(weight);
      return model.call(x);
    });
    const y = forward(np.ones([5, 2])) as Array;
    expect(y.shape).toEqual([5, 3]);
    expect(model.weight.value.weight.shape).toEqual([2, 3]);
    // Every lane computes x·W + b with x = 1: the column sums of W.
    const colSums = (np.sum(model.weight.value.weight, 0) as Array).toArray() as number[];
    for (const row of y.toArray() as number[][]) expectAllclose(row, colSums, { rtol: 1e-6 });
  });

  it("maps the data of a model passed with inAxes [null, 0] (test_vmap_model, test_vmap1)", () => {
    const model = new Linear(2, 3);
    const weight = model.weight;
    const forward = vmap({ inAxes: [null, 0], outAxes: 0 })((m: Linear, x: Array) => {
      // Divergence: the same object, not brainstate's copy.
      expect(m.weight).toBe(weight);
      return m.call(x);
    });
    const y = forward(model, np.ones([5, 2])) as Array;
    expect(y.shape).toEqual([5, 3]);
    expect(model.weight.value.weight.shape).toEqual([2, 3]);
  });

  it("maps a module's states with inAxes [0, null] (test_vmap2)", () => {
    class LinearEnsemble extends Node {
      w: ParamState<Array>;
      constructor(num: number) {
        super();
        this.w = new ParamState(uniform(0, 1, { size: [num, 2, 3] }));
      }
    }
    const model = new LinearEnsemble(5);
    const x = np.array([1, 2]);
    const y = vmap((m: LinearEnsemble, v: Array) => v.matmul(m.w.value), { inAxes: [0, null], outAxes: 0 })(model, x) as Array;
    expect(y.shape).toEqual([5, 3]);
    // Lane k: x · w[k] = w[k][0] + 2·w[k][1].
    const w = model.w.value.toArray() as number[][][];
    expectAllclose(y, w.map((wk) => (wk[0] as number[]).map((v, j) => v + 2 * ((wk[1] as number[])[j] as number))), { rtol: 1e-6 });
  });

  it("maps states by filter with StateAxes (test_vmap3)", () => {
    const axes = new StateAxes([
      [ParamState, 0],
      [ShortTermState, null],
    ]);
    const foo = new Foo();
    const y = vmap((f: Foo) => f.a.value.mul(f.b.value), { inAxes: [axes], outAxes: 0 })(foo) as Array;
    // Lane i: a[i] · b = i · [0, 1, 2, 3].
    expect(val(y)).toEqual([
      [0, 0, 0, 0],
      [0, 1, 2, 3],
      [0, 2, 4, 6],
      [0, 3, 6, 9],
    ]);
  });

  it("returns the module it was given, updated in place (test_vmap4)", () => {
    const mul = vmap((f: Foo) => {
      f.call();
      return f;
    });
    const foo = new Foo();
    const trace = new StateTraceStack();
    const m = trace.run(() => mul(foo)) as Foo;
    expect(m).toBe(foo);
    expect(val(m.a.value)).toEqual([0, 1, 2, 3]);
    expect(val(m.b.value)).toEqual([0, 1, 4, 9]);
    expect(trace.getWriteStates()).toEqual([foo.b]);
    // brainstate also counts random's DEFAULT as read (its vmap backs up and restores DEFAULT's
    // key); here a vmap only touches the random states the function uses.
    expect(trace.getReadStates()).toEqual([foo.a]);
  });

  it("updates a module in place when the function returns nothing (test_vmap5)", () => {
    const mul = vmap((f: Foo) => {
      f.call();
    });
    const foo = new Foo();
    const trace = new StateTraceStack();
    const out = trace.run(() => mul(foo));
    expect(out).toBeUndefined();
    expect(val(foo.a.value)).toEqual([0, 1, 2, 3]);
    expect(val(foo.b.value)).toEqual([0, 1, 4, 9]); // arange(4)²
  });
});

describe("vmap with inStates / outStates", () => {
  it("gives each lane its slice of an inStates state and writes the lanes back", () => {
    const h = new ShortTermState(np.array([[1, 2, 3], [4, 5, 6], [7, 8, 9], [10, 11, 12]]));
    const xs = np.array([[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 1, 1]]);
    const step = vmap(
      (x: Array) => {
        h.value = h.value.mul(2).add(x);
        return h.value.sum();
      },
      { inStates: h },
    );
    const out = step(xs) as Array;
    // Lane by lane: h_i ← 2·h_i + x_i, out_i = sum(h_i) (computed by hand).
    expect(val(h.value)).toEqual([
      [3, 4, 6],
      [8, 11, 12],
      [14, 16, 19],
      [21, 23, 25],
    ]);
    expect(val(out)).toEqual([13, 31, 49, 69]);
  });

  it("equals running the lanes one at a time", () => {
    const data = [
      [0.5, -1, 2],
      [1.5, 0.25, -0.5],
    ];
    const w = new ParamState(np.array([1, 2, 3]));
    const h = new ShortTermState(np.array(data));
    const f = (x: Array): Array => {
      h.value = np.tanh(h.value.mul(w.value).add(x));
      return h.value.mul(h.value).sum();
    };
    const xs = np.array([[0.1, 0.2, 0.3], [-0.3, 0.0, 0.6]]);
    const batched = vmap(f, { inStates: { h } })(xs) as Array;
    const hBatched = h.value.toArray() as number[][];
    const lanes = data.map((row, i) => {
      const hi = new ShortTermState(np.array(row));
      const r = np.tanh(hi.value.mul(w.value).add(xs.get(i)));
      return [r.toArray() as number[], r.mul(r).sum().item()] as const;
    });
    lanes.forEach(([hi, oi], i) => {
      expectAllclose(hBatched[i] as number[], hi, { rtol: 1e-6 });
      expectAllclose((batched.toArray() as number[])[i] as number, oi, { rtol: 1e-6 });
    });
    // The shared parameter is not mapped and keeps its value.
    expect(val(w.value)).toEqual([1, 2, 3]);
  });

  it("maps a state on another axis given per axis (a Map or an object with integer keys)", () => {
    for (const spec of [(h: State) => new Map([[1, { h }]]), (h: State) => ({ 1: { h } })]) {
      const h = new ShortTermState(np.array([[1, 2, 3], [4, 5, 6]])); // lanes are the columns
      const out = vmap(
        () => {
          h.value = h.value.mul(10);
          return h.value.sum();
        },
        { inStates: spec(h), axisSize: 3 },
      )() as Array;
      expect(val(out)).toEqual([50, 70, 90]); // 10·(1+4), 10·(2+5), 10·(3+6)
      expect(val(h.value)).toEqual([[10, 20, 30], [40, 50, 60]]); // written back on axis 1
    }
  });

  it("stacks a per-lane value written into an outStates state (brainstate's docstring example)", () => {
    const a = new ShortTermState(np.array([1, 2, 3, 4, 5]));
    const b = new ShortTermState(np.array([2, 2, 2, 2, 2]));
    const c = new State(np.zeros([]));
    const r = vmap(
      () => {
        c.value = a.value.mul(b.value);
        return c.value.add(1);
      },
      { inStates: [a, b], outStates: c },
    )() as Array;
    expect(val(c.value)).toEqual([2, 4, 6, 8, 10]);
    expect(val(r)).toEqual([3, 5, 7, 9, 11]);
  });

  it("writes a lane-independent value into an unmapped state as it is", () => {
    const total = new State(np.zeros([]));
    vmap((x: Array) => {
      total.value = total.value.add(1);
      return x;
    })(np.ones([3]));
    expect(total.value.item()).toBe(1);
  });

  it("puts the batch axis where outAxes says", () => {
    const y = vmap((x: Array) => np.stack([x, x.mul(2)]), { outAxes: 1 })(np.array([1, 2, 3])) as Array;
    expect(val(y)).toEqual([
      [1, 2, 3],
      [2, 4, 6],
    ]);
  });

  it("nests: an inner vmap maps the slice the outer one gives", () => {
    const h = new ShortTermState(np.arange(6).astype("float32").reshape([2, 3]));
    const inner = vmap(() => {
      h.value = h.value.add(100);
      return h.value.mul(2);
    }, { inStates: h, axisSize: 3 });
    const out = vmap(() => inner(), { inStates: h, axisSize: 2 })() as Array;
    expect(val(h.value)).toEqual([[100, 101, 102], [103, 104, 105]]);
    expect(val(out)).toEqual([[200, 202, 204], [206, 208, 210]]);
  });

  it("composes with grad: the gradient of a mapped loss with respect to a shared parameter", () => {
    const w = new ParamState(np.array([1, 2]));
    const xs = np.array([[1, 2], [3, 4], [5, 6]]);
    const loss = (): Array => (vmap((x: Array) => w.value.mul(x).sum())(xs) as Array).sum();
    // d/dw Σ_i w·x_i = Σ_i x_i = [9, 12].
    expect(val(grad(loss, { gradStates: w })())).toEqual([9, 12]);
    // Per-example gradients: vmap of grad with respect to the data.
    const perExample = vmap(grad((x: Array) => w.value.mul(x).mul(x).sum()))(xs) as Array;
    expect(val(perExample)).toEqual([[2, 8], [6, 16], [10, 24]]); // 2·w·x
  });
});

describe("vmap inside other stateful transformations", () => {
  it("runs inside a StatefulFunction, which sees the mapped state as read and written", () => {
    const h = new ShortTermState(np.array([[1, 2], [3, 4]]));
    const step = new StatefulFunction((x: Array) => vmap((xi: Array) => {
      h.value = h.value.add(xi);
      return h.value.sum();
    }, { inStates: h })(x));
    expect(step.getStates(np.ones([2, 2]))).toEqual([h]);
    expect(step.getWriteStates(np.ones([2, 2]))).toEqual([h]);
    const out = step.call(np.ones([2, 2])) as Array;
    expect(val(out)).toEqual([5, 9]);
    expect(val(h.value)).toEqual([[2, 3], [4, 5]]);
  });

  it("maps grad with respect to a mapped state: one gradient per lane", () => {
    const h = new ShortTermState(np.array([[1, 2], [3, 4], [5, 6]]));
    const g = vmap(() => grad(() => h.value.mul(h.value).sum(), { gradStates: h })(), { inStates: h })() as Array;
    expect(val(g)).toEqual([[2, 4], [6, 8], [10, 12]]); // 2h, lane by lane
  });
});

describe("vmap and random states", () => {
  it("gives every lane its own key, split from the state's key", () => {
    seed(0);
    const key = DEFAULT.value;
    const draws = vmap(() => normal(0, 1, { size: [2] }), { axisSize: 3 })() as Array;
    // The keys are prng.split(key, 4): the state keeps the first, lane i draws from key i + 1.
    const keys = prng.split(key, 4);
    expect(val(DEFAULT.value)).toEqual(val(keys.get(0)));
    const rows = draws.toArray() as number[][];
    for (let i = 0; i < 3; i++) {
      const lane = new RandomState(keys.get(i + 1));
      expectAllclose(rows[i] as number[], lane.normal(0, 1, { size: [2] }).toArray() as number[], { rtol: 1e-6 });
    }
    expect(rows[0]).not.toEqual(rows[1]);
  });

  it("splits a RandomState the function closes over, and advances it", () => {
    const rng = new RandomState(42);
    const before = rng.value.toArray();
    const u = vmap((x: Array) => rng.uniform(0, 1).add(x))(np.zeros([4])) as Array;
    const values = u.toArray() as number[];
    expect(new Set(values).size).toBe(4);
    expect(rng.value.toArray()).not.toEqual(before);
    expect(rng.value).not.toBeInstanceOf(Tracer);
  });

  it("maps a RandomState listed in inStates over its stacked keys", () => {
    const rng = new RandomState(7);
    rng.selfAssignMultiKeys(3, { backup: false });
    const keys = rng.value;
    const draws = vmap(() => rng.uniform(0, 1), { inStates: rng })() as Array;
    const rows = draws.toArray() as number[];
    for (let i = 0; i < 3; i++) expectAllclose(rows[i] as number, new RandomState(keys.get(i)).uniform(0, 1).item(), { rtol: 1e-6 });
    // Each lane's key advanced and was written back on axis 0.
    expect(rng.value.shape).toEqual([3, 2]);
    expect(rng.value.toArray()).not.toEqual(keys.toArray());
  });
});

describe("pmap", () => {
  it("runs its lanes like vmap (one thread, through core's vmap)", () => {
    const h = new ShortTermState(np.array([[1, 2], [3, 4]]));
    const f = (x: Array): Array => {
      h.value = h.value.add(x);
      return h.value.sum();
    };
    const out = pmap(f, { inStates: h })(np.array([[1, 1], [2, 2]])) as Array;
    expect(val(out)).toEqual([5, 11]);
    expect(val(h.value)).toEqual([[2, 3], [5, 6]]);
    expect(val(pmap({ inAxes: 0 })((x: Array) => x.mul(2))(np.arange(4)))).toEqual([0, 2, 4, 6]);
  });
});

describe("vmapNewStates", () => {
  it("gives the states created inside a leading lane axis, with a draw per lane", () => {
    seed(1);
    const holder: { h?: ShortTermState<Array>; p?: ParamState<Array> } = {};
    const init = vmapNewStates(
      () => {
        holder.h = new ShortTermState(normal(0, 1, { size: [3] }));
        holder.p = new ParamState(np.ones([2]));
      },
      { axisSize: 5, stateTag: "new" },
    );
    init();
    const h = holder.h as ShortTermState<Array>;
    expect(h.value.shape).toEqual([5, 3]);
    expect(h.value).not.toBeInstanceOf(Tracer);
    expect(h.tag).toBe("new");
    const rows = h.value.toArray() as number[][];
    expect(rows[0]).not.toEqual(rows[1]);
    expect((holder.p as ParamState<Array>).value.shape).toEqual([5, 2]);
    // The new states are ordinary states afterwards.
    h.value = h.value.add(1);
    expect(h.value.shape).toEqual([5, 3]);
  });

  it("maps the arguments too and returns the function's output", () => {
    const holder: { s?: State<Array> } = {};
    const out = vmapNewStates((x: Array) => {
      holder.s = new State(x.mul(2));
      return x.add(1);
    })(np.array([1, 2, 3])) as Array;
    expect(val(out)).toEqual([2, 3, 4]);
    expect(val((holder.s as State<Array>).value)).toEqual([2, 4, 6]);
  });

  it("leaves out the states matching stateToExclude", () => {
    const holder: { a?: State<Array>; b?: ParamState<Array> } = {};
    vmapNewStates({ axisSize: 2, stateToExclude: ParamState })(() => {
      holder.a = new State(np.ones([3]));
      holder.b = new ParamState(np.ones([3]));
    })();
    expect((holder.a as State<Array>).value.shape).toEqual([2, 3]);
  });
});

describe("StateAxes", () => {
  it("keeps filters and axes in order", () => {
    const axes = new StateAxes(new Map<typeof ParamState | typeof ShortTermState, number | null>([
      [ParamState, 0],
      [ShortTermState, null],
    ]));
    expect(axes.filters).toEqual([ParamState, ShortTermState]);
    expect(axes.axes).toEqual([0, null]);
    expect(axes.items()).toEqual([
      [ParamState, 0],
      [ShortTermState, null],
    ]);
    expect(axes.toString()).toBe("StateAxes({ParamState: 0, ShortTermState: null})");
    expect(axes.equals(new StateAxes([[ParamState, 0], [ShortTermState, null]]))).toBe(true);
    expect(axes.equals(new StateAxes([[ParamState, 1], [ShortTermState, null]]))).toBe(false);
  });

  it("throws ValueError for an axis that is not an integer", () => {
    expect(() => new StateAxes([[ParamState, 0.5]])).toThrow(ValueError);
    expect(() => new StateAxes([[ParamState, 0.5]])).toThrow(/entry 0 must be an integer or null, got 0.5/);
  });
});

describe("vmap errors", () => {
  it("throws BatchAxisError naming the state when a per-lane value is written into an unmapped state", () => {
    const c = new State(np.zeros([]), { name: "c" });
    const f = vmap((x: Array) => {
      c.value = x;
    });
    expect(() => f(np.ones([3]))).toThrow(BatchAxisError);
    expect(() => f(np.ones([3]))).toThrow(/State 'c' is written with a value that differs across lanes/);
  });

  it("throws BatchAxisError when inStates and outStates give a state different axes", () => {
    const h = new State(np.zeros([2, 2]));
    expect(() => vmap(() => h.value, { inStates: h, outStates: new Map([[1, [h]]]) })).toThrow(BatchAxisError);
    expect(() => vmap(() => h.value, { inStates: h, outStates: new Map([[1, [h]]]) })).toThrow(/axis 0 in inStates but to axis 1 in outStates/);
  });

  it("throws BatchAxisError when a node argument and inStates map one state on two axes", () => {
    const foo = new Foo();
    const f = vmap((g: Foo) => g.a.value, { inStates: new Map([[1, [foo.a]]]) });
    expect(() => f(foo)).toThrow(/mapped on axis 1 and on axis 0/);
  });

  it("throws TransformationError for mapped axes of different sizes", () => {
    const f = vmap((x: Array, y: Array) => x.add(y));
    expect(() => f(np.ones([3]), np.ones([4]))).toThrow(TransformationError);
    expect(() => f(np.ones([3]), np.ones([4]))).toThrow(/different sizes \(argument leaf 0 has size 3 on axis 0; argument leaf 1 has size 4 on axis 0\)/);
    const h = new State(np.ones([5]));
    expect(() => vmap((x: Array) => x.add(h.value), { inStates: h })(np.ones([3]))).toThrow(/State has size 5 on axis 0/);
  });

  it("throws TransformationError when nothing is mapped and axisSize is missing", () => {
    expect(() => vmap(() => np.ones([2]))()).toThrow(/pass \{ axisSize \}/);
  });

  it("throws AxisError for a batch axis out of range", () => {
    expect(() => vmap((x: Array) => x, { inAxes: 2 })(np.ones([3, 2]))).toThrow(AxisError);
  });

  it("throws TransformationError for inAxes that do not fit the arguments, or a StateAxes for an array", () => {
    expect(() => vmap((x: Array, y: Array) => x.add(y), { inAxes: [0, 0, 0] })(np.ones([2]), np.ones([2]))).toThrow(/inAxes does not match the structure/);
    expect(() => vmap((x: Array) => x, { inAxes: [new StateAxes([[ParamState, 0]])] })(np.ones([2]))).toThrow(/StateAxes is given for argument leaf 0, which is not a graph node/);
  });

  it("throws ValueError for inStates leaves that are not States, and OptionError for unknown options", () => {
    expect(() => vmap(() => null, { inStates: [np.ones([2]) as unknown as State] })).toThrow(/every leaf of inStates must be a State/);
    expect(() => vmap(() => null, { axisName: "i" } as never)).toThrow(OptionError);
    expect(() => vmap(() => null, { axisSize: 0 })).toThrow(/axisSize must be a positive integer/);
  });
});
