import { describe, expect, it } from "vitest";
import { np, tree, ValueError, type Array } from "@brainstate/core";
import { expectAllclose } from "@brainstate/core/testing";
import {
  callableProxy,
  dataclass,
  DelayedAccessor,
  DictManager,
  DotDict,
  FrozenDict,
  getDataclassFields,
  getRepr,
  getUniqueName,
  HiddenState,
  IdMemScaling,
  invokeAccessor,
  isInstanceEval,
  isMissing,
  MemScaling,
  Missing,
  notInstanceEval,
  ParamState,
  PrettyAttr,
  PrettyMapping,
  PrettyRepr,
  prettyReprAvoidDuplicate,
  PrettyType,
  PyTreeNode,
  repr,
  State,
  StateDictManager,
  type PrettyItem,
} from "./index.js";

describe("DictManager", () => {
  const p = new ParamState(1);
  const h = new HiddenState(2);
  it("subsets and splits by class or predicate", () => {
    const d = new DictManager<string, State>([
      ["p", p],
      ["h", h],
    ]);
    expect([...d.subset(ParamState).keys()]).toEqual(["p"]);
    expect([...d.subset([ParamState, HiddenState]).keys()]).toEqual(["p", "h"]);
    expect([...d.subset((v) => (v as State).value === 2).keys()]).toEqual(["h"]);
    expect([...d.notSubset(ParamState).keys()]).toEqual(["h"]);
    const [ps, rest] = d.split(ParamState);
    expect([...(ps as DictManager).keys()]).toEqual(["p"]);
    expect([...(rest as DictManager).keys()]).toEqual(["h"]);
  });

  it("keeps keys and values unique by identity", () => {
    const d = new DictManager<string, State>();
    d.addUniqueKey("a", p);
    d.addUniqueKey("a", p);
    expect(() => d.addUniqueKey("a", h)).toThrow(/already registered with another object/);
    expect(d.addUniqueValue("b", h)).toBe(true);
    expect(d.addUniqueValue("c", h)).toBe(false);
    d.set("d", p);
    expect([...d.unique().keys()]).toEqual(["a", "b"]);
    expect([...d.unique_().keys()]).toEqual(["a", "b"]);
  });

  it("set operations by keys and by values", () => {
    const d = new DictManager<string, unknown>([
      ["a", p],
      ["b", h],
      ["c", 3],
    ]);
    expect([...d.differenceByKeys(["a"]).keys()]).toEqual(["b", "c"]);
    expect([...d.intersectionByKeys(["a", "z"]).keys()]).toEqual(["a"]);
    expect([...d.differenceByValues([h]).keys()]).toEqual(["a", "c"]);
    expect([...d.intersectionByValues([3], "value").keys()]).toEqual(["c"]);
    expect(() => d.intersectionByValues([3], "eq" as never)).toThrow(/unsupported comparison 'eq'/);
    expect([...d.unionByValueIds(new Map<string, unknown>([["x", p], ["y", 9]])).keys()]).toEqual(["a", "b", "c", "y"]);
    expect([...d.add({ z: 1 }).keys()]).toEqual(["a", "b", "c", "z"]);
    const e = d.copy();
    e.popByKeys(["a"]);
    e.popByValues([3], "value");
    expect([...e.keys()]).toEqual(["b"]);
    e.assign({ q: 1 });
    expect(e.toDict().get("q")).toBe(1);
  });

  it("is a pytree over its values", () => {
    const d = new DictManager([
      ["a", 1],
      ["b", 2],
    ]);
    const m = tree.map((x: number) => x + 1, d) as DictManager<string, number>;
    expect(m).toBeInstanceOf(DictManager);
    expect([...m.entries()]).toEqual([
      ["a", 2],
      ["b", 3],
    ]);
  });
});

describe("StateDictManager", () => {
  it("assigns, splits and collects state values", () => {
    const p = new ParamState(1);
    const h = new HiddenState(2);
    const d = new StateDictManager<string>([
      ["p", p],
      ["h", h],
    ]);
    d.assignValues({ p: 10 }, new Map([["h", 20]]));
    expect(p.value).toBe(10);
    expect(h.value).toBe(20);
    const [pv, rest] = d.splitValues(ParamState);
    expect([...(pv as DictManager).values()]).toEqual([10]);
    expect([...(rest as DictManager).values()]).toEqual([20]);
    expect([...d.collectValues().values()]).toEqual([10, 20]);
    expect(d.toDictValues().get("h")).toBe(20);
    expect(d.split(HiddenState)[0]?.get("h")).toBe(h);
    expect(() => d.assignValues({ zz: 1 })).toThrow(/no state under key zz/);
    expect(() => d.addUniqueKey("x", 3 as unknown as State)).toThrow(/elements must be States/);
  });
});

describe("DotDict", () => {
  it("reads and writes entries as attributes and converts nested dicts", () => {
    const d = new DotDict({ a: 10, b: { c: 20, l: [{ e: 1 }] } });
    expect(d.a).toBe(10);
    const b = d.b as DotDict;
    expect(b).toBeInstanceOf(DotDict);
    expect(b.c).toBe(20);
    expect(((b.l as unknown[])[0] as DotDict).e).toBe(1);
    d.c = 30;
    expect(d.get("c")).toBe(30);
    expect(d.get("zz", "dflt")).toBe("dflt");
    expect(() => {
      (d as Record<string, unknown>).copy = 1;
    }).toThrow(/attribute 'copy' is read-only/);
  });

  it("copies, converts back, updates recursively and setdefaults", () => {
    const d = new DotDict({ a: { x: 1 }, b: 2 });
    const deep = d.deepcopy();
    (deep.a as DotDict).x = 5;
    expect((d.a as DotDict).x).toBe(1);
    const shallow = d.copy();
    expect(shallow.a).toBe(d.a);
    expect(d.toDict()).toEqual({ a: { x: 1 }, b: 2 });
    d.update({ a: { y: 2 }, b: 3 });
    expect(d.toDict()).toEqual({ a: { x: 1, y: 2 }, b: 3 });
    expect(d.setdefault("n", 4)).toBe(4);
    expect(d.setdefault("n", 5)).toBe(4);
    expect(d.keys()).toEqual(["a", "b", "n"]);
    expect(d.size).toBe(3);
    expect(d.delete("n")).toBe(true);
  });

  it("is a pytree over its values", () => {
    const d = new DotDict({ a: 1, b: 2 });
    const m = tree.map((x: number) => x * 3, d) as DotDict;
    expect(m.toDict()).toEqual({ a: 3, b: 6 });
  });
});

describe("FrozenDict", () => {
  it("deep-copies on construction and returns nested dicts frozen", () => {
    const src = { a: 1, b: { c: 2 } };
    const f = new FrozenDict(src);
    src.b.c = 99;
    const b = f.get("b") as unknown as FrozenDict;
    expect(b).toBeInstanceOf(FrozenDict);
    expect(b.get("c")).toBe(2);
    expect(Object.isFrozen(f)).toBe(true);
  });

  it("copy and pop return new dicts; unfreeze gives plain objects", () => {
    const f = new FrozenDict<string, unknown>({ a: 1, b: { c: 2 } });
    expect(f.copy({ d: 3 }).keys()).toEqual(["a", "b", "d"]);
    const [g, a] = f.pop("a");
    expect(a).toBe(1);
    expect(g.keys()).toEqual(["b"]);
    expect(f.keys()).toEqual(["a", "b"]);
    expect(() => f.pop("zz")).toThrow(ValueError);
    const u = f.unfreeze();
    expect(u).toEqual({ a: 1, b: { c: 2 } });
    expect(Object.isFrozen(u["b"])).toBe(false);
    expect(f.equals(new FrozenDict({ a: 1, b: { c: 2 } }))).toBe(true);
    expect(f.equals(new FrozenDict({ a: 1 }))).toBe(false);
  });

  it("keeps numeric keys and prints indented", () => {
    const f = new FrozenDict(new Map([[1, 2]]));
    expect(f.get(1)).toBe(2);
    expect(String(new FrozenDict({ a: 1, b: { c: 2 } }))).toBe("FrozenDict({\n    a: 1,\n    b: {\n        c: 2,\n    },\n})");
    expect(new FrozenDict({}).prettyRepr()).toBe("FrozenDict({})");
  });

  it("is a pytree with sorted keys", () => {
    const f = new FrozenDict({ b: 2, a: 1 });
    expect(tree.leaves(f)).toEqual([1, 2]);
    const g = tree.map((x: number) => x * 2, f) as FrozenDict;
    expect(g.get("b")).toBe(4);
  });
});

describe("dataclass / PyTreeNode", () => {
  class Pair {
    a: unknown;
    label: string;
    constructor(a: unknown, label: string) {
      this.a = a;
      this.label = label;
    }
  }
  dataclass(Pair, { metaFields: ["label"] });

  it("flattens own properties except meta fields, which stay static", () => {
    const p = new Pair([1, 2], "x");
    expect(tree.leaves(p)).toEqual([1, 2]);
    const q = tree.map((v: number) => v * 10, p) as Pair;
    expect(q).toBeInstanceOf(Pair);
    expect(q.a).toEqual([10, 20]);
    expect(q.label).toBe("x");
    expect(getDataclassFields(p)).toEqual(["a"]);
    expect(getDataclassFields({})).toBeUndefined();
    expect(dataclass(Pair)).toBe(Pair);
    expect(tree.structure(new Pair(1, "x")).equals(tree.structure(new Pair(2, "y")))).toBe(false);
  });

  it("adds replace", () => {
    const p = new Pair(1, "x") as Pair & { replace(u: Partial<Pair>): Pair };
    const r = p.replace({ a: 2 });
    expect(r).toBeInstanceOf(Pair);
    expect(r.a).toBe(2);
    expect(p.a).toBe(1);
  });

  it("PyTreeNode subclasses register themselves", () => {
    class Model extends PyTreeNode {
      static override metaFields = ["name"];
      w: number;
      name: string;
      constructor(w: number, name: string) {
        super();
        this.w = w;
        this.name = name;
      }
    }
    const m = new Model(3, "m");
    expect(tree.leaves(m)).toEqual([3]);
    expect((tree.map((x: number) => x + 1, m) as Model).w).toBe(4);
    expect(m.replace({ w: 7 }).w).toBe(7);
  });
});

describe("MemScaling", () => {
  it("maps [-70, -50] mV onto [0, 1] and back", () => {
    const s = MemScaling.transform([-70, -50]);
    // scale = (-50 - -70) / (1 - 0) = 20; bias = 0*20 - (-70) = 70
    expect(s.scaleFactor).toBe(20);
    expect(s.bias).toBe(70);
    expect(s.scaleOffset(-60)).toBe(0.5); // (-60 + 70) / 20
    expect(s.revScaleOffset(0.5)).toBe(-60); // 0.5*20 - 70
    expect(s.scale(10)).toBe(0.5);
    expect(s.offset(-70)).toBe(0);
    expect(s.revScale(0.5)).toBe(10);
    expect(s.revOffset(70)).toBe(0);
    expect(s.scaleOffset(-60, { bias: 60, scale: 10 })).toBe(0); // (-60 + 60) / 10
    expect(s.clone().bias).toBe(70);
  });

  it("works on arrays", () => {
    const s = new MemScaling(10, 5);
    // ([5, 15] + 5) / 10 = [1, 2]
    expectAllclose(s.scaleOffset(np.array([5, 15], { dtype: "float32" })) as Array, [1, 2]);
  });

  it("IdMemScaling is the identity", () => {
    const s = new IdMemScaling();
    expect(s.scaleOffset(3)).toBe(3);
    expect(s.revScaleOffset(3)).toBe(3);
    expect(s.clone()).toBeInstanceOf(IdMemScaling);
  });
});

describe("DelayedAccessor / callableProxy", () => {
  const target = {
    layers: [{ n: 1, inc(this: { n: number }, by: number) { this.n += by; return this.n; } }],
    items: new Map([["k", 5]]),
  };
  it("follows attributes, indices and Map entries", () => {
    expect(new DelayedAccessor().getAttr("layers").getItem(0).getAttr("n").call(target)).toBe(1);
    expect(new DelayedAccessor(["items", "k"]).call(target)).toBe(5);
    expect(() => new DelayedAccessor(["nope"]).call(target)).toThrow(/has no attribute or entry 'nope'/);
  });
  it("calls the reached method with its owner as this", () => {
    expect(invokeAccessor(new DelayedAccessor(["layers", 0, "inc"]), target, [2])).toBe(3);
    expect(invokeAccessor(new DelayedAccessor(), { call: (x: number) => x * 2 }, [4])).toBe(8);
    expect(() => invokeAccessor(new DelayedAccessor(), 3, [])).toThrow(/not callable/);
  });
  it("callableProxy records accesses until called", () => {
    const seen: unknown[] = [];
    const proxy = callableProxy<string, { a: { b: (x: number) => number } }>((acc, ...args) => {
      seen.push(acc.actions, args);
      return [1, "state"];
    });
    expect(proxy.a.b(7)).toEqual([1, "state"]);
    expect(seen).toEqual([["a", "b"], [7]]);
  });
});

describe("pretty printing", () => {
  class Box extends PrettyRepr {
    child: unknown = null;
    *prettyRepr(): Iterable<PrettyItem> {
      yield* prettyReprAvoidDuplicate(
        this,
        () => [new PrettyType("Box")],
        () => [new PrettyAttr("child", repr(this.child))],
      );
    }
  }
  it("renders Type(attr=value) and cycles as Type(...)", () => {
    const b = new Box();
    b.child = b;
    expect(String(b)).toBe("Box(\n  child=Box(...)\n)");
  });
  it("renders mappings and custom brackets", () => {
    expect(String(new PrettyMapping(new Map([["a", 1]])))).toBe("{\n  'a': 1\n}");
    const empty = { *prettyRepr() { yield new PrettyType("E", { start: "<", end: ">", emptyRepr: "-" }); } };
    expect(getRepr(empty)).toBe("E<->");
    expect(() => getRepr({ *prettyRepr() { yield new PrettyAttr("a", 1); } })).toThrow(/first item of prettyRepr\(\) must be a PrettyType/);
  });
  it("repr quotes strings and walks arrays and objects", () => {
    expect(repr("a'b")).toBe("'a\\'b'");
    expect(repr({ x: [1, null] })).toBe("{'x': [1, null]}");
    expect(repr(ParamState)).toBe("ParamState");
  });
});

describe("small helpers", () => {
  it("instance predicates, unique names and Missing", () => {
    expect(isInstanceEval(ParamState)(new ParamState(1))).toBe(true);
    expect(notInstanceEval(ParamState, HiddenState)(new HiddenState(1))).toBe(false);
    const a = getUniqueName("Proj");
    const b = getUniqueName("Proj");
    expect([a, b]).toEqual(["Proj0", "Proj1"]);
    expect(isMissing(Missing)).toBe(true);
    expect(isMissing(new Missing())).toBe(true);
    expect(isMissing(undefined)).toBe(false);
  });
});
