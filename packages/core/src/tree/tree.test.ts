// Tests for flatten / unflatten / leaves / structure / map / reduce / all.

import { describe, expect, it } from "vitest";
import { TreeMismatchError } from "./errors.js";
import {
  all,
  flatten,
  leaves,
  map,
  mapTrees,
  reduce,
  structure,
  unflatten,
} from "./tree.js";

const isNull = (x: unknown): boolean => x === null;

describe("flatten / unflatten", () => {
  it("flattens nested arrays in index order", () => {
    const [ls, def] = flatten([1, [2, [3, 4]], 5]);
    expect(ls).toEqual([1, 2, 3, 4, 5]);
    expect(def.toString()).toBe("TreeDef([*, [*, [*, *]], *])");
    expect(def.numLeaves).toBe(5);
    expect(unflatten(def, ls)).toEqual([1, [2, [3, 4]], 5]);
  });

  it("sorts plain-object keys", () => {
    const [ls, def] = flatten({ c: 1, a: 2, b: { z: 3, y: 4 } });
    expect(ls).toEqual([2, 4, 3, 1]);
    expect(def.toString()).toBe("TreeDef({a: *, b: {y: *, z: *}, c: *})");
    expect(unflatten(def, ls)).toEqual({ a: 2, b: { y: 4, z: 3 }, c: 1 });
  });

  it("sorts keys by code unit, not numerically", () => {
    const [ls, def] = flatten({ "10": "ten", "2": "two", B: "B", a: "a" });
    expect(ls).toEqual(["ten", "two", "B", "a"]);
    expect(def.auxData).toEqual(["10", "2", "B", "a"]);
  });

  it("treats null-prototype objects as plain objects", () => {
    const o = Object.create(null) as Record<string, unknown>;
    o["y"] = 1;
    o["x"] = 2;
    const [ls, def] = flatten(o);
    expect(ls).toEqual([2, 1]);
    expect(def.toString()).toBe("TreeDef({x: *, y: *})");
  });

  it("flattens Maps with sorted string keys", () => {
    const m = new Map<string, unknown>([
      ["b", 1],
      ["a", [2, 3]],
    ]);
    const [ls, def] = flatten(m);
    expect(ls).toEqual([2, 3, 1]);
    expect(def.kind).toBe("map");
    expect(def.toString()).toBe('TreeDef(Map({"a" => [*, *], "b" => *}))');
    const back = unflatten(def, ls);
    expect(back).toBeInstanceOf(Map);
    expect([...(back as Map<string, unknown>).entries()]).toEqual([
      ["a", [2, 3]],
      ["b", 1],
    ]);
  });

  it("flattens Maps with sorted numeric keys (numerically)", () => {
    const m = new Map<number | bigint, string>([
      [10, "ten"],
      [2, "two"],
      [-1, "neg"],
      [3n, "three"],
    ]);
    const [ls, def] = flatten(m);
    expect(ls).toEqual(["neg", "two", "three", "ten"]);
    expect(def.toString()).toBe("TreeDef(Map({-1 => *, 2 => *, 3n => *, 10 => *}))");
  });

  it("rejects Maps with mixed string and number keys", () => {
    const m = new Map<unknown, number>([
      ["a", 1],
      [1, 2],
    ]);
    expect(() => flatten(m)).toThrow(TypeError);
    expect(() => flatten(m)).toThrow(/not mutually comparable/);
  });

  it("rejects Maps with non-sortable keys", () => {
    expect(() => flatten(new Map([[{}, 1]]))).toThrow(TypeError);
    expect(() => flatten(new Map([[Symbol("s"), 1]]))).toThrow(/cannot be sorted/);
    expect(() => flatten(new Map([[Number.NaN, 1]]))).toThrow(/cannot be sorted/);
  });

  it("treats null and undefined as empty nodes", () => {
    const [ls, def] = flatten([1, null, { a: undefined, b: 2 }]);
    expect(ls).toEqual([1, 2]);
    expect(def.toString()).toBe("TreeDef([*, null, {a: undefined, b: *}])");
    expect(def.numLeaves).toBe(2);
    expect(def.numNodes).toBe(6); // array, leaf, null, object, undefined, leaf
    expect(unflatten(def, ["x", "y"])).toEqual(["x", null, { a: undefined, b: "y" }]);
    const back = unflatten(def, ["x", "y"]) as [unknown, unknown, Record<string, unknown>];
    expect(back[1]).toBeNull();
    expect("a" in back[2]).toBe(true);
    expect(back[2]["a"]).toBeUndefined();
  });

  it("handles a bare null / undefined / leaf root", () => {
    expect(flatten(null)[0]).toEqual([]);
    expect(flatten(null)[1].toString()).toBe("TreeDef(null)");
    expect(flatten(undefined)[1].toString()).toBe("TreeDef(undefined)");
    expect(unflatten(structure(undefined), [])).toBeUndefined();
    const [ls, def] = flatten(42);
    expect(ls).toEqual([42]);
    expect(def.toString()).toBe("TreeDef(*)");
    expect(unflatten(def, ["x"])).toBe("x");
  });

  it("treats primitives, functions, class instances and typed arrays as leaves", () => {
    class Foo {}
    const foo = new Foo();
    const fn = (): number => 1;
    const ta = new Float32Array([1, 2]);
    const date = new Date(0);
    const ls = leaves(["s", 1, true, 2n, Symbol.for("x"), fn, foo, ta, date]);
    expect(ls).toEqual(["s", 1, true, 2n, Symbol.for("x"), fn, foo, ta, date]);
    expect(ls[6]).toBe(foo);
    expect(ls[7]).toBe(ta);
  });

  it("handles empty containers", () => {
    const [ls, def] = flatten([[], {}, new Map()]);
    expect(ls).toEqual([]);
    expect(def.toString()).toBe("TreeDef([[], {}, Map({})])");
    expect(unflatten(def, [])).toEqual([[], {}, new Map()]);
  });

  it("turns holes of sparse arrays into undefined nodes", () => {
    const sparse = [1, , 3]; // eslint-disable-line no-sparse-arrays
    const [ls, def] = flatten(sparse);
    expect(ls).toEqual([1, 3]);
    expect(def.toString()).toBe("TreeDef([*, undefined, *])");
  });

  it("round-trips a mixed nested tree", () => {
    const tree = {
      params: [{ w: 1, b: 2 }, { w: 3, b: 4 }],
      state: new Map<string, unknown>([["step", 0]]),
      extra: null,
      name: "model",
    };
    const [ls, def] = flatten(tree);
    expect(ls).toEqual(["model", 2, 1, 4, 3, 0]);
    expect(unflatten(def, ls)).toEqual(tree);
    expect(def.unflatten(ls)).toEqual(tree);
  });

  it("rebuilds fresh containers and keeps leaf identity", () => {
    const leaf = { notPlain: true } as const;
    class Box {
      constructor(readonly v: unknown) {}
    }
    const box = new Box(leaf);
    const tree = { a: [box] };
    const [ls, def] = flatten(tree);
    const back = unflatten(def, ls) as { a: unknown[] };
    expect(back).not.toBe(tree);
    expect(back.a).not.toBe(tree.a);
    expect(back.a[0]).toBe(box);
  });

  it("allows the same container to appear twice (DAG, not a cycle)", () => {
    const shared = [1, 2];
    const [ls, def] = flatten({ x: shared, y: shared });
    expect(ls).toEqual([1, 2, 1, 2]);
    expect(def.toString()).toBe("TreeDef({x: [*, *], y: [*, *]})");
  });

  it("safely rebuilds a __proto__ key as an own property", () => {
    const tree = JSON.parse('{"__proto__": 1, "a": 2}') as unknown;
    const [ls, def] = flatten(tree);
    expect(ls).toEqual([1, 2]);
    const back = unflatten(def, [10, 20]) as Record<string, unknown>;
    expect(Object.getPrototypeOf(back)).toBe(Object.prototype);
    expect(Object.keys(back)).toEqual(["__proto__", "a"]);
    expect(back["a"]).toBe(20);
  });

  it("handles reasonably deep trees", () => {
    let tree: unknown = 0;
    for (let i = 0; i < 1000; i++) tree = [tree];
    const [ls, def] = flatten(tree);
    expect(ls).toEqual([0]);
    expect(def.numNodes).toBe(1001);
    expect(unflatten(def, [7])).toEqual(JSON.parse(JSON.stringify(tree).replace("0", "7")));
  });
});

describe("unflatten errors", () => {
  it("throws TreeMismatchError naming expected vs got", () => {
    const def = structure([1, [2, 3]]);
    expect(() => unflatten(def, [1, 2])).toThrow(TreeMismatchError);
    expect(() => unflatten(def, [1, 2])).toThrow(
      "tree.unflatten: expected 3 leaves for TreeDef([*, [*, *]]) but got 2",
    );
    expect(() => unflatten(def, [1, 2, 3, 4])).toThrow(/expected 3 leaves .* but got 4/);
    expect(() => def.unflatten([])).toThrow(/TreeDef\.unflatten: expected 3 leaves/);
  });

  it("has the BS_TREE_MISMATCH code", () => {
    try {
      unflatten(structure([1]), []);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(TreeMismatchError);
      expect((e as TreeMismatchError).code).toBe("BS_TREE_MISMATCH");
      expect((e as TreeMismatchError).name).toBe("TreeMismatchError");
    }
  });
});

describe("cycle detection", () => {
  it("detects array self-reference", () => {
    const a: unknown[] = [1];
    a.push(a);
    expect(() => flatten(a)).toThrow(TypeError);
    expect(() => flatten(a)).toThrow("tree.flatten: cycle detected at path [1]");
  });

  it("detects object cycles with the path to the back-reference", () => {
    const o: Record<string, unknown> = { a: 1 };
    o["b"] = { c: [o] };
    expect(() => leaves(o)).toThrow('tree.leaves: cycle detected at path ["b"]["c"][0]');
    expect(() => leaves(o)).toThrow(/pytrees must be acyclic/);
  });

  it("detects cycles through Maps", () => {
    const m = new Map<string, unknown>();
    m.set("self", [m]);
    expect(() => structure(m)).toThrow(/cycle detected at path \["self"\]\[0\]/);
  });

  it("lets isLeaf cut a cycle", () => {
    const o: Record<string, unknown> = { a: 1 };
    o["self"] = o;
    const visited = new Set<unknown>();
    // Treat any container as a leaf the second time it is reached.
    const isRevisit = (x: unknown): boolean => {
      if (typeof x !== "object" || x === null) return false;
      if (visited.has(x)) return true;
      visited.add(x);
      return false;
    };
    const [ls, def] = flatten(o, isRevisit);
    expect(ls).toEqual([1, o]);
    expect(ls[1]).toBe(o);
    expect(def.toString()).toBe("TreeDef({a: *, self: *})");
  });
});

describe("isLeaf", () => {
  it("stops recursion at matching nodes", () => {
    const tree = { a: [1, 2], b: [3, [4]] };
    const [ls, def] = flatten(tree, (x) => Array.isArray(x) && x.length === 1);
    expect(ls).toEqual([1, 2, 3, [4]]);
    expect(def.toString()).toBe("TreeDef({a: [*, *], b: [*, *]})");
  });

  it("is applied to the root", () => {
    const [ls, def] = flatten([1, 2], () => true);
    expect(ls).toEqual([[1, 2]]);
    expect(def.toString()).toBe("TreeDef(*)");
  });

  it("can make null a leaf", () => {
    const [ls, def] = flatten([null, 1, undefined], isNull);
    expect(ls).toEqual([null, 1]);
    expect(def.toString()).toBe("TreeDef([*, *, undefined])");
    expect(leaves([null], isNull)).toEqual([null]);
    expect(structure({ a: null }, isNull).numLeaves).toBe(1);
  });
});

describe("leaves / structure", () => {
  it("returns leaves in canonical order", () => {
    expect(leaves([1, { b: 2, a: 3 }, null])).toEqual([1, 3, 2]);
    expect(leaves({ z: [1], y: new Map([[2, "m"]]) })).toEqual(["m", 1]);
  });

  it("returns the structure", () => {
    const s = structure({ a: [1, 2], b: null });
    expect(s.toString()).toBe("TreeDef({a: [*, *], b: null})");
    expect(s.numLeaves).toBe(2);
    expect(s.kind).toBe("object");
  });
});

describe("map", () => {
  it("maps over a single tree", () => {
    expect(map((x: number) => x * 2, { w: [1, 2], b: 3 })).toEqual({ w: [2, 4], b: 6 });
  });

  it("maps over multiple trees of the same structure", () => {
    const out = map(
      (a: number, b: number, c: number) => a + b + c,
      { x: 1, y: [2, 3] },
      { x: 10, y: [20, 30] },
      { x: 100, y: [200, 300] },
    );
    expect(out).toEqual({ x: 111, y: [222, 333] });
  });

  it("keeps empty nodes and rebuilds Maps", () => {
    const out = map((x: number) => -x, [null, new Map([["k", 1]]), undefined]);
    expect(out).toEqual([null, new Map([["k", -1]]), undefined]);
  });

  it("calls f once per leaf in canonical order", () => {
    const seen: unknown[] = [];
    map((x) => seen.push(x), { b: 2, a: [1, 0] });
    expect(seen).toEqual([1, 0, 2]);
  });

  it("throws TreeMismatchError for different structures, naming both", () => {
    const run = (): unknown => map((a, b) => [a, b], [1, 2, 3], [1, 2]);
    expect(run).toThrow(TreeMismatchError);
    expect(run).toThrow(
      "tree.map: tree 1 has structure TreeDef([*, *]) but tree 0 has TreeDef([*, *, *])",
    );
    expect(run).toThrow(/all trees passed to map must have the same structure/);
    expect(run).toThrow(/first difference at the root: tree 0 has an array of length 3, tree 1 has an array of length 2/);
  });

  it("reports the path of the first difference", () => {
    const run = (): unknown => map((a) => a, { a: [1, { b: 2 }] }, { a: [1, { c: 2 }] });
    expect(run).toThrow(
      /first difference at path \["a"\]\[1\]: tree 0 has an object with keys \["b"\], tree 1 has an object with keys \["c"\]/,
    );
  });

  it("does not allow a leaf in the first tree to match a subtree (identical structure required)", () => {
    expect(() => map((a) => a, [1, 2], [1, [2, 3]])).toThrow(TreeMismatchError);
    expect(() => map((a) => a, [1, [2]], [1, 2])).toThrow(/tree 1 has structure TreeDef\(\[\*, \*\]\)/);
  });

  it("distinguishes null from a leaf and null from undefined", () => {
    expect(() => map((a) => a, [null], [1])).toThrow(/tree 0 has null, tree 1 has a leaf/);
    expect(() => map((a) => a, [null], [undefined])).toThrow(TreeMismatchError);
  });

  it("distinguishes arrays, objects and Maps", () => {
    expect(() => map((a) => a, { 0: 1 }, [1])).toThrow(TreeMismatchError);
    expect(() => map((a) => a, new Map([["a", 1]]), { a: 1 })).toThrow(
      /tree 0 has a Map with keys \["a"\], tree 1 has an object with keys \["a"\]/,
    );
  });

  it("mapTrees accepts isLeaf for all trees", () => {
    const out = mapTrees((a, b) => (a === null ? b : a), [[null, 1], [5, 6]], isNull);
    expect(out).toEqual([5, 1]);
    expect(() => mapTrees((a) => a, [])).toThrow(TypeError);
  });
});

describe("reduce / all", () => {
  it("left-folds over leaves in order", () => {
    expect(reduce((acc: number, x: number) => acc + x, [1, { a: 2, b: 3 }], 0)).toBe(6);
    expect(reduce((acc: string, x: string) => acc + x, { b: "b", a: ["a", "c"] }, ">")).toBe(
      ">acb",
    );
    expect(reduce((acc: number) => acc + 1, null, 0)).toBe(0);
  });

  it("reduce accepts isLeaf", () => {
    expect(reduce((acc: unknown[], x) => [...acc, x], [null, 1], [], isNull)).toEqual([null, 1]);
  });

  it("all checks truthiness of every leaf", () => {
    expect(all([true, { a: 1, b: "x" }])).toBe(true);
    expect(all([true, 0])).toBe(false);
    expect(all({ a: [true, false] })).toBe(false);
    expect(all([])).toBe(true);
    expect(all([true, null])).toBe(true);
    expect(all([true, null], isNull)).toBe(false);
  });
});
