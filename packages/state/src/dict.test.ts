import { describe, expect, it } from "vitest";
import { np, tree, ValueError, type Array } from "@brainstate/core";
import { expectAllclose } from "@brainstate/core/testing";
import { FlattedDict, flatMapping, HiddenState, NestedDict, nestMapping, ParamState, State, TreefyState } from "./index.js";

// Ported from brainstate/util/_dict_test.py (TestNestedMapping; the graph-based cases live in
// packages/graph) plus the NestedDict/FlattedDict API.

const make = (): NestedDict => new NestedDict({ a: new ParamState(1), b: { c: new ParamState(2) } });
type Sub = Record<string, ParamState<number>>;

describe("NestedDict (TestNestedMapping)", () => {
  it("supports item access (test_create_state)", () => {
    const state = make();
    expect((state.get("a") as ParamState<number>).value).toBe(1);
    expect((state.get("b") as Sub)["c"]?.value).toBe(2);
  });

  it("supports attribute access (test_get_attr)", () => {
    const state = make();
    expect((state.a as ParamState<number>).value).toBe(1);
    expect((state.b as Sub)["c"]?.value).toBe(2);
  });

  it("writes values through attribute access (test_set_attr)", () => {
    const state = make();
    (state.a as ParamState<number>).value = 3;
    ((state.b as Sub)["c"] as ParamState<number>).value = 4;
    expect((state.get("a") as ParamState<number>).value).toBe(3);
    expect((state.get("b") as Sub)["c"]?.value).toBe(4);
  });

  it("keeps the leaves ParamStates after writes (test_set_attr_variables)", () => {
    const state = make();
    (state.a as ParamState<number>).value = 3;
    ((state.b as Sub)["c"] as ParamState<number>).value = 4;
    expect(state.a).toBeInstanceOf(ParamState);
    expect((state.a as ParamState<number>).value).toBe(3);
    expect((state.b as Sub)["c"]).toBeInstanceOf(ParamState);
    expect((state.b as Sub)["c"]?.value).toBe(4);
  });

  it("adds a nested key (test_add_nested_attr)", () => {
    const state = make();
    (state.b as Sub)["d"] = new ParamState(5);
    expect((state.get("b") as Sub)["d"]?.value).toBe(5);
  });

  it("deletes a nested key (test_delete_nested_attr)", () => {
    const state = make();
    delete (state.get("b") as Sub)["c"];
    expect("c" in (state.get("b") as Sub)).toBe(false);
  });

  it("keeps method names as methods and refuses them as attributes", () => {
    const d = new NestedDict({ split: 1 });
    expect(typeof d.split).toBe("function");
    expect(d.get("split")).toBe(1);
    expect(() => {
      (d as Record<string, unknown>).filter = 2;
    }).toThrow(/is the name of a NestedDict method/);
    d.c = 3;
    expect(d.get("c")).toBe(3);
    expect(Object.keys(d)).toEqual(["split", "c"]);
    expect(d.has("c")).toBe(true);
    expect(d.delete("c")).toBe(true);
    expect(d.size).toBe(1);
  });

  it("flattens to paths and back", () => {
    const state = make();
    const flat = state.toFlat();
    expect([...flat.keys()]).toEqual([["a"], ["b", "c"]]);
    const back = NestedDict.fromFlat(flat);
    expect(back.equals(state)).toBe(true);
  });

  it("splits exhaustively, with '...' collecting the rest", () => {
    const state = new NestedDict({ w: new ParamState(1), v: new HiddenState(2), sub: { u: new ParamState(3) } });
    const [params, rest] = state.split(ParamState, "...");
    expect([...params.toFlat().keys()]).toEqual([["w"], ["sub", "u"]]);
    expect([...rest.toFlat().keys()]).toEqual([["v"]]);
    expect(state.split("...").toFlat().size).toBe(3);
  });

  it("throws ValueError listing the unmatched paths when the filters are not exhaustive", () => {
    const state = new NestedDict({ w: new ParamState(1), v: new HiddenState(2) });
    expect(() => state.split(ParamState)).toThrow(ValueError);
    expect(() => state.split(ParamState)).toThrow(/non-exhaustive filters; 1 entry matches no filter: \('v',\) -> HiddenState.*add '\.\.\.'/);
    expect(() => state.split("...", ParamState)).toThrow(/may only be used as the last filter/);
  });

  it("filter drops what matches nothing", () => {
    const state = new NestedDict({ w: new ParamState(1), v: new HiddenState(2) });
    expect(state.filter(ParamState).toFlat().size).toBe(1);
    const [a, b] = state.filter(ParamState, "nope");
    expect(a.size).toBe(1);
    expect(b.size).toBe(0);
    expect(state.subset(HiddenState).keys()).toEqual(["v"]);
  });

  it("merges (later wins), unions with or, and subtracts with sub", () => {
    const x = new NestedDict({ a: 1, b: { c: 2 } });
    const y = new NestedDict({ b: { c: 3, d: 4 } });
    expect(NestedDict.merge(x, y).toPureDict()).toEqual({ a: 1, b: { c: 3, d: 4 } });
    expect(x.or(y).toPureDict()).toEqual({ a: 1, b: { c: 3, d: 4 } });
    expect(x.or(new NestedDict())).toBe(x);
    expect(x.sub(y).toPureDict()).toEqual({ a: 1 });
    expect(() => NestedDict.merge(x, {} as NestedDict)).toThrow(/expected a NestedDict or FlattedDict/);
  });

  it("replaceByPureDict replaces TreefyState values and rejects unknown paths", () => {
    const state = new NestedDict({ w: new ParamState(1).toStateRef() });
    state.replaceByPureDict({ w: 5 });
    const w = state.get("w") as TreefyState<number>;
    expect(w).toBeInstanceOf(TreefyState);
    expect(w.value).toBe(5);
    expect(() => state.replaceByPureDict({ z: 1 })).toThrow(/the path \('z',\) of the pure dict is not in this state dict/);
  });

  it("treefyState turns States into TreefyStates", () => {
    const state = new NestedDict({ w: new ParamState(np.ones([2])) }).treefyState();
    expect(state.get("w")).toBeInstanceOf(TreefyState);
  });

  it("is a pytree with sorted keys", () => {
    const d = new NestedDict({ b: np.ones([1]), a: { c: np.zeros([1]) } });
    const leaves = tree.leaves(d) as Array[];
    expectAllclose(leaves[0] as Array, [0]);
    expectAllclose(leaves[1] as Array, [1]);
    const mapped = tree.map((x: Array) => x.add(1), d) as NestedDict;
    expect(mapped).toBeInstanceOf(NestedDict);
    expectAllclose((mapped.a as { c: Array }).c, [1]);
  });

  it("prints nested dicts", () => {
    const d = new NestedDict({ a: 1, b: { c: "x" } });
    expect(String(d)).toBe("NestedDict({\n  'a': 1,\n  'b': {\n    'c': 'x'\n  }\n})");
  });
});

describe("FlattedDict", () => {
  it("treats numeric and string path parts as the same key", () => {
    const f = new FlattedDict([[["layers", 0, "w"], 1]]);
    expect(f.get(["layers", "0", "w"])).toBe(1);
    expect(f.has(["layers", 0, "w"])).toBe(true);
  });

  it("splits, filters, merges and subtracts", () => {
    const p = new ParamState(1);
    const h = new HiddenState(2);
    const f = new FlattedDict<State>([
      [["p"], p],
      [["h"], h],
    ]);
    const [ps, rest] = f.split(ParamState, "...");
    expect([...ps.values()]).toEqual([p]);
    expect([...rest.values()]).toEqual([h]);
    expect(() => f.split(ParamState)).toThrow(/FlattedDict.split: non-exhaustive filters/);
    expect(f.filter(HiddenState).size).toBe(1);
    const g = new FlattedDict<State>([[["h"], new HiddenState(3)]]);
    expect((FlattedDict.merge(f, g).get(["h"]) as State).value).toBe(3);
    expect(f.or(g).size).toBe(2);
    expect([...f.sub(g).keys()]).toEqual([["p"]]);
    expect(f.toDictValues().get(["p"])).toBe(1);
    expect(f.toNest().toPureDict()).toEqual({ p, h });
    expect(f.equals(new FlattedDict([...f]))).toBe(true);
  });

  it("is a pytree over its values sorted by path", () => {
    const f = new FlattedDict([
      [["b"], 2],
      [["a"], 1],
    ]);
    expect(tree.leaves(f)).toEqual([1, 2]);
    const g = tree.map((x: number) => x * 10, f) as FlattedDict<number>;
    expect(g.get(["b"])).toBe(20);
  });

  it("prints paths as tuples", () => {
    expect(String(new FlattedDict([[["a", 0], 1]]))).toBe("FlattedDict({\n  ('a', 0): 1\n})");
  });
});

describe("flatMapping / nestMapping", () => {
  it("flattens nested mappings, dropping empty ones unless kept", () => {
    const xs = { foo: 1, bar: { a: 2, b: {} } };
    expect([...flatMapping(xs)]).toEqual([
      [["foo"], 1],
      [["bar", "a"], 2],
    ]);
    const kept = flatMapping(xs, { keepEmptyNodes: true });
    expect(kept.size).toBe(3);
    expect(nestMapping(kept).toDict()).toEqual({ foo: 1, bar: { a: 2, b: {} } });
  });

  it("joins paths with sep and splits them back", () => {
    const flat = flatMapping({ a: { b: 1 } }, { sep: "/" });
    expect([...flat.keys()]).toEqual([["a/b"]]);
    expect(nestMapping(flat, { sep: "/" }).toPureDict()).toEqual({ a: { b: 1 } });
    expect(nestMapping({ "x.y": 2 }, { sep: "." }).toPureDict()).toEqual({ x: { y: 2 } });
  });

  it("stops at sub-mappings isLeaf selects", () => {
    const flat = flatMapping({ a: { b: 1 }, c: { d: 2 } }, { isLeaf: (path) => path[0] === "a" });
    expect([...flat]).toEqual([
      [["a"], { b: 1 }],
      [["c", "d"], 2],
    ]);
  });

  it("rejects non-mappings and unknown options", () => {
    expect(() => flatMapping(np.ones([1]))).toThrow(/expected a mapping/);
    expect(() => flatMapping({}, { sepp: "/" } as never)).toThrow(/unknown option 'sepp'/);
  });
});
