// Tests for key paths: flattenWithPath, leavesWithPath, mapWithPath and keystr.

import { describe, expect, it } from "vitest";
import { keystr } from "./paths.js";
import type { KeyPath } from "./paths.js";
import { flattenWithPath, leavesWithPath, mapTreesWithPath, mapWithPath } from "./tree.js";
import { TreeMismatchError } from "./errors.js";

describe("keystr", () => {
  it("renders indices and keys", () => {
    expect(keystr([])).toBe("");
    expect(keystr([{ kind: "index", index: 0 }, { kind: "key", key: "a" }])).toBe('[0]["a"]');
    expect(keystr([{ kind: "key", key: 'q"uote' }])).toBe('["q\\"uote"]');
    expect(keystr([{ kind: "key", key: 3 }, { kind: "key", key: 4n }])).toBe("[3][4n]");
  });
});

describe("flattenWithPath", () => {
  it("returns [path, leaf] pairs in canonical order plus the treedef", () => {
    const tree = { b: [10, { c: 20 }], a: 30, n: null };
    const [pairs, def] = flattenWithPath(tree);
    expect(pairs).toEqual([
      [[{ kind: "key", key: "a" }], 30],
      [[{ kind: "key", key: "b" }, { kind: "index", index: 0 }], 10],
      [
        [
          { kind: "key", key: "b" },
          { kind: "index", index: 1 },
          { kind: "key", key: "c" },
        ],
        20,
      ],
    ]);
    expect(pairs.map(([p]) => keystr(p))).toEqual(['["a"]', '["b"][0]', '["b"][1]["c"]']);
    expect(def.toString()).toBe("TreeDef({a: *, b: [*, {c: *}], n: null})");
  });

  it("uses keys for Map entries", () => {
    const [pairs] = flattenWithPath(new Map<unknown, unknown>([[2, "x"], [1, ["y"]]]));
    expect(pairs.map(([p, v]) => [keystr(p), v])).toEqual([
      ["[1][0]", "y"],
      ["[2]", "x"],
    ]);
  });

  it("gives the root leaf an empty path", () => {
    const [pairs] = flattenWithPath(7);
    expect(pairs).toEqual([[[], 7]]);
  });

  it("accepts isLeaf", () => {
    const pairs = leavesWithPath({ a: null, b: [1] }, (x) => x === null);
    expect(pairs.map(([p, v]) => [keystr(p), v])).toEqual([
      ['["a"]', null],
      ['["b"][0]', 1],
    ]);
  });

  it("returns independent path arrays", () => {
    const [pairs] = flattenWithPath([[1, 2]]);
    const p0 = pairs[0]?.[0];
    const p1 = pairs[1]?.[0];
    expect(p0).not.toBe(p1);
    expect(Object.isFrozen(p0)).toBe(true);
  });
});

describe("mapWithPath", () => {
  it("passes the path of each leaf", () => {
    const out = mapWithPath((p, x) => `${keystr(p)}:${String(x)}`, { a: [1, 2], b: 3 });
    expect(out).toEqual({ a: ['["a"][0]:1', '["a"][1]:2'], b: '["b"]:3' });
  });

  it("maps over multiple trees", () => {
    const paths: KeyPath[] = [];
    const out = mapWithPath(
      (p, a: number, b: number) => {
        paths.push(p);
        return a - b;
      },
      [5, [7]],
      [1, [2]],
    );
    expect(out).toEqual([4, [5]]);
    expect(paths.map(keystr)).toEqual(["[0]", "[1][0]"]);
  });

  it("throws TreeMismatchError on different structures", () => {
    expect(() => mapWithPath((_p, a) => a, [1], { a: 1 })).toThrow(TreeMismatchError);
    expect(() => mapWithPath((_p, a) => a, [1], { a: 1 })).toThrow(
      /tree\.mapWithPath: tree 1 has structure TreeDef\(\{a: \*\}\) but tree 0 has TreeDef\(\[\*\]\).*all trees passed to mapWithPath must have the same structure/,
    );
  });

  it("mapTreesWithPath accepts isLeaf", () => {
    const out = mapTreesWithPath((p, a, b) => [keystr(p), a, b], [[null], [2]], (x) => x === null);
    expect(out).toEqual([["[0]", null, 2]]);
  });
});
