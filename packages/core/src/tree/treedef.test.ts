// Tests for TreeDef: equality, rendering, factories, unflatten and flattenUpTo.

import { describe, expect, it } from "vitest";
import { TreeMismatchError } from "./errors.js";
import { structure } from "./tree.js";
import { TreeDef } from "./treedef.js";

describe("TreeDef.equals", () => {
  it("is true for the same structure with different leaves", () => {
    expect(structure([1, { a: 2 }]).equals(structure(["x", { a: "y" }]))).toBe(true);
    expect(structure(new Map([["k", 1]])).equals(structure(new Map([["k", [1]]])))).toBe(false);
    expect(structure(null).equals(structure(null))).toBe(true);
  });

  it("is independent of object key insertion order", () => {
    expect(structure({ a: 1, b: 2 }).equals(structure({ b: 3, a: 4 }))).toBe(true);
  });

  it("distinguishes node kinds, lengths, keys and null vs undefined", () => {
    expect(structure([1, 2]).equals(structure([1, 2, 3]))).toBe(false);
    expect(structure([1]).equals(structure({ 0: 1 }))).toBe(false);
    expect(structure({ a: 1 }).equals(structure({ b: 1 }))).toBe(false);
    expect(structure({ a: 1 }).equals(structure(new Map([["a", 1]])))).toBe(false);
    expect(structure(null).equals(structure(undefined))).toBe(false);
    expect(structure([null]).equals(structure([1]))).toBe(false);
    expect(structure(new Map([[1, 0]])).equals(structure(new Map([["1", 0]])))).toBe(false);
  });

  it("compares nested children", () => {
    expect(structure([[1, 2], [3]]).equals(structure([[1], [2, 3]]))).toBe(false);
    expect(structure({ a: { b: [1] } }).equals(structure({ a: { b: [1] } }))).toBe(true);
  });
});

describe("TreeDef properties", () => {
  it("exposes kind, children, auxData, numLeaves, numNodes", () => {
    const def = structure({ b: [1, null], a: 2 });
    expect(def.kind).toBe("object");
    expect(def.auxData).toEqual(["a", "b"]);
    expect(def.children.map((c) => c.toString())).toEqual(["TreeDef(*)", "TreeDef([*, null])"]);
    expect(def.numLeaves).toBe(2);
    expect(def.numNodes).toBe(5);
    expect(def.isLeaf).toBe(false);
    expect(def.children[0]?.isLeaf).toBe(true);
    expect(def.nodeType).toBeUndefined();
    expect(structure(undefined).auxData).toBeUndefined();
    expect(structure(null).auxData).toBeNull();
    expect(structure([1]).auxData).toBeUndefined();
    expect(structure(new Map([[2, 0], [1, 0]])).auxData).toEqual([1, 2]);
  });

  it("is immutable", () => {
    const def = structure([1, 2]);
    expect(Object.isFrozen(def)).toBe(true);
    expect(Object.isFrozen(def.children)).toBe(true);
    expect(Object.isFrozen(structure({ a: 1 }).auxData)).toBe(true);
    expect(() => {
      (def as { numLeaves: number }).numLeaves = 5;
    }).toThrow(TypeError);
  });

  it("describes the root node", () => {
    expect(structure([1, 2]).describe()).toBe("an array of length 2");
    expect(structure({ a: 1 }).describe()).toBe('an object with keys ["a"]');
    expect(structure(new Map([[1, 1]])).describe()).toBe("a Map with keys [1]");
    expect(structure(1).describe()).toBe("a leaf");
    expect(structure(undefined).describe()).toBe("undefined");
  });
});

describe("TreeDef.toString", () => {
  it("renders nested structures JS-style", () => {
    expect(structure({ a: 1, b: [2, 3] }).toString()).toBe("TreeDef({a: *, b: [*, *]})");
    expect(structure([]).toString()).toBe("TreeDef([])");
    expect(structure({}).toString()).toBe("TreeDef({})");
    expect(structure(5).toString()).toBe("TreeDef(*)");
    expect(structure([null, undefined]).toString()).toBe("TreeDef([null, undefined])");
  });

  it("quotes non-identifier keys", () => {
    expect(structure({ "my key": 1, $ok: 2, _x1: 3, "1a": 4 }).toString()).toBe(
      'TreeDef({$ok: *, "1a": *, _x1: *, "my key": *})', // code-unit order: $ < 1 < _ < m
    );
  });

  it("renders Maps with => entries", () => {
    expect(structure(new Map<unknown, unknown>([["x", [1]], ["a", null]])).toString()).toBe(
      'TreeDef(Map({"a" => null, "x" => [*]}))',
    );
  });

  it("String() uses toString", () => {
    expect(String(structure([1]))).toBe("TreeDef([*])");
  });
});

describe("TreeDef factories", () => {
  it("build structures equal to flattened ones", () => {
    const leaf = TreeDef.leaf();
    const built = TreeDef.object({
      b: TreeDef.array([leaf, TreeDef.none(null)]),
      a: leaf,
    });
    expect(built.toString()).toBe("TreeDef({a: *, b: [*, null]})");
    expect(built.equals(structure({ a: 0, b: [0, null] }))).toBe(true);
    expect(TreeDef.none(undefined).equals(structure(undefined))).toBe(true);
    expect(TreeDef.leaf()).toBe(TreeDef.leaf());
  });

  it("TreeDef.map sorts keys", () => {
    const def = TreeDef.map(
      new Map([
        ["b", TreeDef.leaf()],
        ["a", TreeDef.array([])],
      ]),
    );
    expect(def.toString()).toBe('TreeDef(Map({"a" => [], "b" => *}))');
    expect(def.unflatten([1])).toEqual(new Map<string, unknown>([["a", []], ["b", 1]]));
  });

  it("TreeDef.custom requires a registered class", () => {
    class NotRegistered {}
    expect(() => TreeDef.custom(NotRegistered, undefined, [])).toThrow(/not a registered pytree node/);
  });
});

describe("TreeDef.unflatten", () => {
  it("rebuilds from leaves", () => {
    expect(structure([1, [2, 3]]).unflatten(["a", "b", "c"])).toEqual(["a", ["b", "c"]]);
  });

  it("rejects the wrong number of leaves", () => {
    expect(() => structure({ a: 1 }).unflatten([1, 2])).toThrow(TreeMismatchError);
    expect(() => structure({ a: 1 }).unflatten([1, 2])).toThrow(
      "TreeDef.unflatten: expected 1 leaves for TreeDef({a: *}) but got 2",
    );
  });
});

describe("TreeDef.flattenUpTo", () => {
  it("returns subtrees at the prefix's leaves", () => {
    const def = structure([0, { a: 0 }]);
    expect(def.flattenUpTo([[1, 2], { a: { deep: 3 } }])).toEqual([[1, 2], { deep: 3 }]);
    expect(structure(0).flattenUpTo({ any: "thing" })).toEqual([{ any: "thing" }]);
  });

  it("throws TreeMismatchError when not a prefix", () => {
    const def = structure([0, 0]);
    expect(() => def.flattenUpTo([1, 2, 3])).toThrow(TreeMismatchError);
    expect(() => def.flattenUpTo([1, 2, 3])).toThrow(
      "TreeDef.flattenUpTo: structure TreeDef([*, *]) is not a prefix of the tree's structure TreeDef([*, *, *]): " +
        "at the root expected an array of length 2 but got an array of length 3",
    );
    expect(() => structure({ a: [0] }).flattenUpTo({ a: 5 })).toThrow(
      /at path \["a"\] expected an array of length 1 but got a leaf \(number\)/,
    );
  });
});
