import { describe, expect, it } from "vitest";
import { grad, jit, np, tree, ValueError, type Array } from "@brainstate/core";
import { expectAllclose } from "@brainstate/core/testing";
import {
  catchNewStates,
  dataclass,
  environ,
  FlattedDict,
  HiddenState,
  LongTermState,
  NestedDict,
  ParamState,
  ShortTermState,
  State,
  TreefyState,
} from "@brainstate/state";
import { BatchNorm1d, Embedding, initAllStates, LIF, Linear, LinearTranspose, StatefulLinear } from "../test/fixtures.js";
import {
  call,
  clone,
  Dict,
  flatten,
  graphdef,
  iterLeaf,
  iterNode,
  List,
  Node,
  NodeDef,
  NodeRef,
  nodes,
  popStates,
  PytreeType,
  RefMap,
  states,
  Static,
  treefyMerge,
  treefySplit,
  treefyStates,
  unflatten,
  updateStates,
} from "./index.js";

// Ported from brainstate/graph/_graph_operation_test.py and the graph-based cases of
// brainstate/util/_dict_test.py.

class IterModel extends Node {
  a = new Linear(1, 2);
  b = new Linear(2, 3);
  c = [new Linear(3, 4), new Linear(4, 5)];
  d = { x: new Linear(5, 6), y: new Linear(6, 7) };
  constructor() {
    super();
    (this.b as unknown as { a: LIF }).a = new LIF(2);
  }
}

const paths = (it: Iterable<[readonly (string | number)[], unknown]>): string[] => [...it].map(([p, v]) => `${p.join(".")}:${(v as object).constructor.name}`);

describe("iterLeaf / iterNode (TestIter)", () => {
  it("iterates leaves and nodes, with hierarchy limits (test1)", () => {
    expect(paths(iterLeaf(new IterModel()))).toEqual([
      "a.weight:ParamState",
      "b.a.size:Number",
      "b.weight:ParamState",
      "c.0.weight:ParamState",
      "c.1.weight:ParamState",
      "d.x.weight:ParamState",
      "d.y.weight:ParamState",
    ]);
    expect(paths(iterNode(new IterModel()))).toEqual(["a:Linear", "b.a:LIF", "b:Linear", "c.0:Linear", "c.1:Linear", "d.x:Linear", "d.y:Linear", ":IterModel"]);
    expect(paths(iterNode(new IterModel(), { allowedHierarchy: [1, 1] }))).toEqual(["a:Linear", "b:Linear", "c.0:Linear", "c.1:Linear", "d.x:Linear", "d.y:Linear"]);
    expect(paths(iterNode(new IterModel(), { allowedHierarchy: [2, 2] }))).toEqual(["b.a:LIF"]);
    expect(paths(iterLeaf(new IterModel(), { allowedHierarchy: [0, 1] }))).not.toContain("b.a.size:Number");
  });

  it("visits a shared module once (test_iter_leaf_v1)", () => {
    class L extends Node {
      weight = new ParamState(np.ones([3, 4]));
      bias = new ParamState(np.ones([4]));
      a = 1;
      internal = null;
    }
    const m = new L();
    expect([...iterLeaf([m, m])]).toHaveLength(3);
  });

  it("yields every graph node once (test_iter_node_v1)", () => {
    const model = new IterModel();
    expect([...iterNode([model, model])]).toHaveLength(8);
  });
});

describe("flatten / unflatten (TestGraphUtils)", () => {
  it("flattens a pytree to TreefyStates and fills the RefMap (test_flatten_treey_state)", () => {
    const a = { a: 1, b: new ParamState(2) };
    const g = [a, 3, a, new ParamState(4)];
    const refmap = new RefMap<unknown, number>();
    const [, states] = flatten(g, { refIndex: refmap, treefyState: true });
    const s0 = (states.get(0) as { b: TreefyState<number> }).b;
    const s3 = states.get(3) as TreefyState<number>;
    s0.value = 2;
    s3.value = 4;
    expect(s0).toBeInstanceOf(TreefyState);
    expect(s3).toBeInstanceOf(TreefyState);
    expect(states).toBeInstanceOf(NestedDict);
    expect(refmap.size).toBe(2);
    expect(refmap.has(a.b)).toBe(true);
    expect(refmap.has(g[3])).toBe(true);
  });

  it("keeps the State objects with treefyState false (test_flatten)", () => {
    const a = { a: 1, b: new ParamState(2) };
    const g = [a, 3, a, new ParamState(4)];
    const refmap = new RefMap<unknown, number>();
    const [, states] = flatten(g, { refIndex: refmap, treefyState: false });
    expect((states.get(0) as { b: State }).b).toBe(a.b);
    expect(states.get(3)).toBe(g[3]);
    expect(refmap.size).toBe(2);
  });

  it("shares graph nodes and makes new States from TreefyStates (test_unflatten_treey_state)", () => {
    const a = new Dict({ a: 1, b: new ParamState(2) });
    const g1 = new List([a, 3, a, new ParamState(4)]);
    const [def, refs] = flatten(g1, { treefyState: true });
    const g = unflatten(def, refs) as List<unknown>;
    expect(g.get(0)).toBe(g.get(2));
    expect(g.get(3)).not.toBe(g1.get(3));
    expect((g.get(0) as Dict).get("b")).not.toBe((g1.get(0) as Dict).get("b"));
    expect(((g.get(3) as ParamState).value)).toBe(4);
  });

  it("reuses the State objects when they are in the state (test_unflatten)", () => {
    const a = new Dict({ a: 1, b: new ParamState(2) });
    const g1 = new List([a, 3, a, new ParamState(4)]);
    const [def, refs] = flatten(g1, { treefyState: false });
    const g = unflatten(def, refs) as List<unknown>;
    expect(g.get(0)).toBe(g.get(2));
    expect(g.get(3)).toBe(g1.get(3));
    expect((g.get(0) as Dict).get("b")).toBe((g1.get(0) as Dict).get("b"));
  });

  it("does not share plain containers (test_unflatten_pytree)", () => {
    const a = { a: 1, b: new ParamState(2) };
    const [def, refs] = treefySplit([a, 3, a, new ParamState(4)]);
    const g = treefyMerge(def, refs) as unknown[];
    expect(g[0]).not.toBe(g[2]);
    expect(g[0]).toEqual(g[2]);
  });

  it("throws ValueError 'expected key' for an empty state (test_unflatten_empty)", () => {
    class D extends Node {
      items: Record<string, unknown>;
      constructor(items: Record<string, unknown>) {
        super();
        this.items = items;
      }
    }
    class L extends Node {
      items: unknown[];
      constructor(items: unknown[]) {
        super();
        this.items = items;
      }
    }
    const a = new D({ a: 1, b: new ParamState(2) });
    const [def] = treefySplit(new L([a, 3, a, new ParamState(4)]));
    expect(() => unflatten(def, new NestedDict({}))).toThrow(ValueError);
    expect(() => unflatten(def, new NestedDict({}))).toThrow(/expected key 'b' in the state while building a node of type PytreeType/);
  });

  it("reports unknown keys, states for static fields and wrong value kinds", () => {
    class M extends Node {
      w = new ParamState(1);
      k = 3;
      sub = new Linear(1, 1);
    }
    const [def, st] = treefySplit(new M());
    expect(() => unflatten(def, { ...st.toDict(), zz: 1 })).toThrow(/unknown keys 'zz'/);
    expect(() => unflatten(def, { ...st.toDict(), k: new ParamState(1).toStateRef() })).toThrow(/got a state for the static field 'k'/);
    expect(() => unflatten(def, { ...st.toDict(), w: 5 })).toThrow(/expected a State or TreefyState for 'w'/);
    expect(() => unflatten(def, { ...st.toDict(), sub: new ParamState(1).toStateRef() })).toThrow(/expected the sub-graph state/);
    expect(() => unflatten(def, { ...st.toDict(), sub: 7 })).toThrow(/expected a dict for the sub-graph 'sub'/);
  });

  it("splits a list of modules (test_module_list)", () => {
    const [, st] = treefySplit([new Linear(2, 2), new BatchNorm1d([10, 2])]);
    const at = (...p: (string | number)[]): unknown => st.toFlat().get(p);
    const lw = (at(0, "weight") as TreefyState<{ weight: Array; bias: Array }>).value;
    expect(lw.weight.shape).toEqual([2, 2]);
    expect(lw.bias.shape).toEqual([2]);
    const bw = (at(1, "weight") as TreefyState<{ scale: Array; bias: Array }>).value;
    expect(bw.scale.shape).toEqual([1, 2]);
    expect(bw.bias.shape).toEqual([1, 2]);
    expect((at(1, "running_mean") as TreefyState<Array>).value.shape).toEqual([1, 2]);
    expect((at(1, "running_var") as TreefyState<Array>).value.shape).toEqual([1, 2]);
  });

  it("keeps one copy of a shared State (test_shared_variables)", () => {
    const v = new ParamState(1);
    const [def, st] = treefySplit([v, v]);
    expect(st.toFlat().size).toBe(1);
    const g2 = treefyMerge(def, st) as unknown[];
    expect(g2[0]).toBe(g2[1]);
  });

  it("keeps tied weights tied (test_tied_weights)", () => {
    class Foo extends Node {
      bar = new Linear(2, 2);
      baz = new Linear(2, 2);
      constructor() {
        super();
        this.baz.weight = this.bar.weight;
      }
    }
    const [def, st] = treefySplit(new Foo());
    expect(st.toFlat().size).toBe(1);
    const node2 = treefyMerge(def, st) as Foo;
    expect(node2.bar.weight).toBe(node2.baz.weight);
  });

  it("ties an embedding to a transposed linear (test_tied_weights_example)", () => {
    class Encoder extends Node {
      embed = new Embedding(10, 2);
      linear_out = new LinearTranspose(10, 2);
      constructor() {
        super();
        this.linear_out.kernel = this.embed.weight;
      }
      call(x: Array): Array {
        return this.linear_out.call(this.embed.call(x));
      }
    }
    const model = new Encoder();
    const [, st] = treefySplit(model);
    expect(st.toFlat().size).toBe(1);
    const y = model.call(np.array([0, 3], { dtype: "int32" }));
    expect(y.shape).toEqual([2, 10]);
    // row 0 of the table is [1, 1]; its products with rows r+1 are 2(r+1): [2, 4, …, 20]
    expectAllclose(y.get(0), [2, 4, 6, 8, 10, 12, 14, 16, 18, 20]);
  });

  it("puts TreefyStates, not the States, in the split (test_state_variables_not_shared_with_graph)", () => {
    class Foo extends Node {
      a = new ParamState(1);
    }
    const m = new Foo();
    const [def, st] = treefySplit(m);
    const ref = st.a as TreefyState<number>;
    expect(m.a).toBeInstanceOf(ParamState);
    expect(ref.type).toBe(ParamState);
    expect(m.a).not.toBe(ref);
    expect(m.a.value).toBe(ref.value);
    const m2 = treefyMerge(def, st) as Foo;
    expect(m2.a).toBeInstanceOf(ParamState);
    expect(m2.a).not.toBe(m.a);
    expect(m2.a.value).toBe(1);
  });

  it("keeps an alias out of the state and restores it (test_shared_state_variables_not_shared_with_graph)", () => {
    class Foo extends Node {
      a: ParamState<number>;
      b: ParamState<number>;
      constructor() {
        super();
        const p = new ParamState(1);
        this.a = p;
        this.b = p;
      }
    }
    const m = new Foo();
    const [def, st] = treefySplit(m);
    expect(st.has("b")).toBe(false);
    expect((st.a as TreefyState<number>).value).toBe(1);
    const m2 = treefyMerge(def, st) as Foo;
    expect(m2.a).toBe(m2.b);
    expect(m2.a.value).toBe(1);
    expect(m2.a).not.toBe(m.a);
  });

  it("walks pytree dataclasses as PytreeType sub-graphs (test_pytree_node)", () => {
    class Tree {
      a: ParamState<number>;
      b: string;
      constructor(a: ParamState<number>, b: string) {
        this.a = a;
        this.b = b;
      }
    }
    dataclass(Tree, { metaFields: ["b"] });
    class Foo extends Node {
      tree = new Tree(new ParamState(1), "a");
    }
    const m = new Foo();
    const [def, st] = treefySplit(m);
    expect(st.has("tree")).toBe(true);
    expect("a" in (st.tree as object)).toBe(true);
    expect((def as NodeDef).subgraphs.get("tree")?.type).toBe(PytreeType);
    const m2 = treefyMerge(def, st) as Foo;
    expect(m2.tree).toBeInstanceOf(Tree);
    expect(m2.tree.a.value).toBe(1);
    expect(m2.tree.b).toBe("a");
    expect(m2.tree.a).not.toBe(m.tree.a);
    expect(m2.tree).not.toBe(m.tree);
  });

  it("updates through graph.call inside jit (test_call_jit_update)", () => {
    class Counter extends Node {
      count = new ParamState(np.zeros([]));
      inc(): number {
        this.count.value = this.count.value.add(1);
        return 1;
      }
    }
    let split = treefySplit(new Counter());
    const update = jit((gs: typeof split) => {
      const [out, next] = call<Counter>(gs).inc();
      expect(out).toBe(1);
      return next;
    });
    split = update(split) as typeof split;
    split = update(split) as typeof split;
    const counter = treefyMerge(...split) as Counter;
    expectAllclose(counter.count.value, 2);
  });

  it("leaves the original layer untouched (test_stateful_linear)", () => {
    const linear = new StatefulLinear(3, 2);
    let split: readonly [unknown, unknown] = treefySplit(linear);
    const forward = jit((x: Array, pure: typeof split) => call(pure as never)(x));
    const x = np.ones([1, 3]);
    let y: unknown;
    [y, split] = forward(x, split) as [Array, typeof split];
    [y, split] = forward(x, split) as [Array, typeof split];
    // x·W + b with W = ones(3, 2): [3, 3]
    expectAllclose(y as Array, [[3, 3]]);
    expectAllclose(linear.count.value, 0);
    const merged = treefyMerge(...(split as [NodeDef, NestedDict])) as StatefulLinear;
    expectAllclose(merged.count.value, 2);
  });

  it("calls a method of an entry (test_getitem)", () => {
    const nodesDict = { a: new StatefulLinear(3, 2), b: new StatefulLinear(2, 1) };
    const split = treefySplit(nodesDict);
    const [, after] = call<typeof nodesDict>(split).b.increment();
    const merged = treefyMerge(...after) as typeof nodesDict;
    expectAllclose(merged.a.count.value, 0);
    expectAllclose(merged.b.count.value, 1);
  });

  it("NodeDef.apply merges, calls and flattens", () => {
    const [def, st] = treefySplit(new StatefulLinear(1, 1));
    const [y, [def2, st2]] = (def as NodeDef).apply<StatefulLinear>(st).call(np.ones([1, 1]));
    expectAllclose(y, [[1]]);
    expect(def2.equals(def)).toBe(true);
    expectAllclose((treefyMerge(def2, st2) as StatefulLinear).count.value, 1);
  });
});

describe("treefySplit / treefyMerge (TestGraphOperation)", () => {
  class MyNode extends Node {
    a = new Linear(2, 3);
    b = new Linear(3, 2);
    c = [new Linear(1, 2), new Linear(1, 3)];
    d = { x: new Linear(1, 3), y: new Linear(1, 4) };
  }
  it("flattens nested lists and dicts of modules (test1)", () => {
    const [def, st] = flatten(new MyNode());
    expect(def).toBeInstanceOf(NodeDef);
    expect([...st.toFlat().keys()].map((p) => p.join("."))).toEqual(["a.weight", "b.weight", "c.0.weight", "c.1.weight", "d.x.weight", "d.y.weight"]);
  });

  class Foo extends Node {
    a = new Linear(2, 2);
    b = new BatchNorm1d([10, 2]);
  }
  it("splits params from the rest (test_split)", () => {
    const [, params, others] = treefySplit(new Foo(), ParamState, "...");
    expect([...params.toFlat().keys()].map((p) => p.join("."))).toEqual(["a.weight", "b.weight"]);
    expect([...others.toFlat().keys()].map((p) => p.join("."))).toEqual(["b.running_mean", "b.running_var"]);
    const shapes = tree.map((x: Array) => x.shape, others) as NestedDict;
    expect(((shapes.b as Record<string, TreefyState>)["running_mean"] as TreefyState).value).toEqual([1, 2]);
  });

  it("rebuilds the original classes (test_merge)", () => {
    const [def, params, others] = treefySplit(new Foo(), ParamState, "...");
    const n = treefyMerge(def, params, others) as Foo;
    expect(n).toBeInstanceOf(Foo);
    expect(n.b).toBeInstanceOf(BatchNorm1d);
    expect(n.a).toBeInstanceOf(Linear);
  });

  it("throws ValueError when the filters match only some states", () => {
    expect(() => treefySplit(new Foo(), ParamState)).toThrow(ValueError);
    expect(() => treefySplit(new Foo(), ParamState)).toThrow(/non-exhaustive filters; 2 entries match no filter: \('b', 'running_mean'\)/);
    expect(() => treefySplit(new Foo(), "nope", "...")).not.toThrow();
  });

  it("lowers an MSE loss with gradients of the model states (test_update_states)", () => {
    const x = np.ones([1, 2]);
    const y = np.ones([1, 3]);
    const model = new Linear(2, 3);
    const lossFn = (): Array => np.mean(np.square(y.sub(model.call(x))));
    const weights = states(model);
    const values = [...weights.values()].map((s) => s.value);
    const grads = grad((vs: unknown[]) => {
      const saved = [...weights.values()].map((s) => s.value);
      [...weights.values()].forEach((s, i) => s.restoreValue(vs[i]));
      try {
        return lossFn();
      } finally {
        [...weights.values()].forEach((s, i) => s.restoreValue(saved[i]));
      }
    })(values) as unknown[];
    const prev = lossFn().item() as number;
    // initial output 2·0.1 = 0.2, loss = (1 - 0.2)² = 0.64
    expect(prev).toBeCloseTo(0.64, 5);
    [...weights.values()].forEach((s, i) => {
      s.value = tree.map((p: Array, g: Array) => p.sub(g.mul(0.1)), s.value, grads[i]);
    });
    expect(lossFn().item() as number).toBeLessThan(prev);
  });

  it("pops the states created by initAllStates (test_pop_states)", () => {
    class Model extends Node {
      a = new Linear(2, 3);
      b = new LIF([10, 2]);
    }
    const model = new Model();
    catchNewStates("new", () => initAllStates(model));
    expect(states(model).size).toBe(2);
    const popped = popStates(model, "new");
    expect([...popped.toFlat().keys()]).toEqual([["b", "V"]]);
    expect(states(model).size).toBe(1);
    expect("V" in model.b).toBe(false);
  });

  it("popStates needs a filter and cannot edit pytree containers", () => {
    class M extends Node {
      l = [new HiddenState(1)];
    }
    expect(() => (popStates as (n: unknown) => unknown)(new M())).toThrow(/expected at least one filter/);
    expect(() => popStates(new M(), HiddenState)).toThrow(/cannot pop key '0' from a Array/);
    const [p, h] = popStates(new Linear(1, 1), ParamState, HiddenState);
    expect(p.toFlat().size).toBe(1);
    expect(h.toFlat().size).toBe(0);
  });

  class MLP extends Node {
    input: Linear;
    layers: Linear[];
    output: LIF;
    constructor(din: number, dmid: number, dout: number, nLayer = 3) {
      super();
      this.input = new Linear(din, dmid);
      this.layers = globalThis.Array.from({ length: nLayer }, () => new Linear(dmid, dmid));
      this.output = new LIF(dout);
    }
  }
  it("splits an MLP with a list of layers (test_treefy_split)", () => {
    const [def, st] = treefySplit(new MLP(2, 1, 3));
    expect(def).toBeInstanceOf(NodeDef);
    expect(st.toFlat().size).toBe(4);
  });

  it("queries states with filters (test_states)", () => {
    const model = initAllStates(new MLP(2, 1, 3));
    const all = states(model);
    expect(all.size).toBe(5);
    expect(Object.keys(all.toNest().toDict()).sort()).toEqual(["input", "layers", "output"]);
    const [params, others] = states(model, ParamState, ShortTermState);
    expect(params.size).toBe(4);
    expect(others.size).toBe(1);
    expect(states(model, { allowedHierarchy: [0, 1] }).size).toBe(5);
    expect(states(model, ParamState, { allowedHierarchy: [2, 2] }).size).toBe(0);
  });
});

describe("graph queries and updates", () => {
  class Model extends Node {
    batchnorm = new BatchNorm1d([10, 3]);
    linear = new Linear([10, 3], [10, 4]);
    call(x: Array): Array {
      return this.linear.call(this.batchnorm.call(x));
    }
  }

  it("indexes list entries of treefyStates (test_integer_access)", () => {
    class Foo extends Node {
      layers = [new Linear(1, 2), new Linear(2, 3)];
    }
    const module = new Foo();
    const refs = treefyStates(module);
    const layers = refs.layers as Record<number, { weight: TreefyState<{ weight: Array }> }>;
    expect(module.layers[0]?.weight.value.weight.shape).toEqual([1, 2]);
    expect(layers[0]?.weight.value.weight.shape).toEqual([1, 2]);
    expect(module.layers[1]?.weight.value.weight.shape).toEqual([2, 3]);
    expect(layers[1]?.weight.value.weight.shape).toEqual([2, 3]);
  });

  it("converts to a plain dict (test_pure_dict)", () => {
    const pure = treefyStates(new Linear(4, 5)).toPureDict();
    expect(Object.getPrototypeOf(pure)).toBe(Object.prototype);
    const w = (pure["weight"] as TreefyState<{ weight: Array; bias: Array }>).value;
    expect(w.weight.shape).toEqual([4, 5]);
    expect(w.bias.shape).toEqual([5]);
  });

  it("splits a trained model's states (TestSplit.test_split)", () => {
    const model = environ.context({ fit: true }, () => {
      const m = new Model();
      const y = m.call(np.ones([1, 10, 3]));
      expect(y.shape).toEqual([1, 10, 4]);
      return m;
    });
    const stateMap = treefyStates(model);
    expect(() => stateMap.split(ParamState)).toThrow(ValueError);
    const [params, others] = stateMap.split(ParamState, "...");
    expect(params.toFlat().size).toBe(2);
    expect(others.toFlat().size).toBe(2);
    // All inputs are 1, so the batch mean is 1 and the running mean moves to 0.9·0 + 0.1·1 = 0.1.
    const rm = (others.toFlat().get(["batchnorm", "running_mean"]) as TreefyState<Array>).value;
    expectAllclose(rm, [[0.1, 0.1, 0.1]]);
  });

  it("rebuilds a NestedDict from a flat state map (TestStateMap2.test1)", () => {
    const model = environ.context({ fit: true }, () => new Model());
    const flat = treefyStates(model).toFlat();
    const nested = new NestedDict(flat);
    expect(nested.toFlat().equals(flat)).toBe(true);
  });

  it("gives equal results for repeated queries (TestFlattedMapping.test1)", () => {
    const model = new Model();
    expect(states(model).equals(states(model))).toBe(true);
    expect(nodes(model).equals(nodes(model))).toBe(true);
    expect([...nodes(model).keys()]).toEqual([["batchnorm"], ["linear"], []]);
  });

  it("nodes filters by class", () => {
    const model = new Model();
    const [bns, lins] = nodes(model, BatchNorm1d, Linear);
    expect(bns.size).toBe(1);
    expect(lins.size).toBe(1);
    expect(nodes(model, Linear).size).toBe(1);
  });

  it("updateStates writes TreefyState values in place and adds new keys", () => {
    const model = new Model();
    const params = treefyStates(model, ParamState);
    const replaced = tree.map((x: Array) => x.mul(0), params) as NestedDict;
    const before = model.linear.weight;
    updateStates(model, replaced);
    expect(model.linear.weight).toBe(before);
    expectAllclose(model.linear.weight.value.weight, np.zeros([3, 4]));
    updateStates(model, new FlattedDict([[["extra"], new LongTermState(5)]]));
    expect((model as unknown as { extra: State }).extra.value).toBe(5);
    expect(() => updateStates(model, new NestedDict({ linear: new ParamState(1).toStateRef() }))).toThrow(/expected a sub-graph state/);
    expect(() => updateStates(model, new NestedDict({ extra: 5 }))).toThrow(/unsupported update of 'extra'/);
  });

  it("graphdef, clone and Static", () => {
    const model = new Model();
    const [def] = treefySplit(model);
    expect(graphdef(model).equals(def)).toBe(true);
    const c = clone(model);
    expect(c).not.toBe(model);
    expect(c.linear.weight).not.toBe(model.linear.weight);
    expectAllclose(c.linear.weight.value.weight, model.linear.weight.value.weight);
    expect(tree.leaves(new Static(3))).toEqual([]);
    expect(String(new NodeRef(Linear, 2))).toBe("NodeRef(\n  type=Linear,\n  index=2\n)");
  });

  it("flatten rejects values that are not graphs", () => {
    expect(() => flatten(3)).toThrow(/expected a graph node or a pytree of them, got number/);
    expect(() => flatten(new Linear(1, 1), { refs: 1 } as never)).toThrow(/unknown option 'refs'/);
  });

  it("treefySplit works from another task (TestThreading.test_threading)", async () => {
    const x = new Linear(1, 1);
    const [def] = await Promise.resolve().then(() => treefySplit(x));
    expect(def).toBeInstanceOf(NodeDef);
  });
});
