// Tests for broadcastPrefix (prefix-tree expansion, as used by vmap in_axes).

import { describe, expect, it } from "vitest";
import { TreeMismatchError } from "./errors.js";
import { broadcastPrefix } from "./tree.js";

const isNull = (x: unknown): boolean => x === null;

describe("broadcastPrefix", () => {
  it("replicates a scalar prefix over every leaf", () => {
    expect(broadcastPrefix(0, [1, { a: 2, b: [3, 4] }])).toEqual([0, 0, 0, 0]);
  });

  it("replicates each prefix leaf over its subtree", () => {
    expect(broadcastPrefix([0, 1], [[10, 20, 30], { a: 40 }])).toEqual([0, 0, 0, 1]);
    expect(broadcastPrefix({ x: 1, y: [2, 3] }, { y: [[5, 6], 7], x: { p: 8, q: 9 } })).toEqual([
      1, 1, 2, 2, 3,
    ]);
  });

  it("matches the full tree when the prefix is the full structure", () => {
    expect(broadcastPrefix(["a", "b"], [1, 2])).toEqual(["a", "b"]);
  });

  it("treats null in the prefix as a leaf when isLeaf says so", () => {
    expect(broadcastPrefix([0, null], [[1, 2], { a: 3 }], isNull)).toEqual([0, 0, null]);
    expect(broadcastPrefix(null, [1, [2, 3]], isNull)).toEqual([null, null, null]);
    expect(broadcastPrefix({ a: null, b: 1 }, { a: [1, 2], b: 3 }, isNull)).toEqual([null, null, 1]);
  });

  it("without isLeaf, null in the prefix is an empty node", () => {
    expect(broadcastPrefix([0, null], [[1], null])).toEqual([0]);
    expect(() => broadcastPrefix([0, null], [[1], 5])).toThrow(TreeMismatchError);
    expect(() => broadcastPrefix([0, null], [[1], 5])).toThrow(
      /at path \[1\] expected null but got a leaf \(number\)/,
    );
  });

  it("gives zero copies for subtrees without leaves", () => {
    expect(broadcastPrefix([7, 8], [[], [1]])).toEqual([8]);
    expect(broadcastPrefix([7, 8], [null, 1])).toEqual([8]);
  });

  it("works with Maps", () => {
    const prefix = new Map<string, unknown>([["w", 0], ["b", null]]);
    const full = new Map<string, unknown>([["b", [1, 2]], ["w", 3]]);
    expect(broadcastPrefix(prefix, full, isNull)).toEqual([null, null, 0]);
  });

  it("throws TreeMismatchError naming both structures when not a prefix", () => {
    const run = (): unknown => broadcastPrefix([0, 1, 2], [1, 2]);
    expect(run).toThrow(TreeMismatchError);
    expect(run).toThrow(
      "tree.broadcastPrefix: structure TreeDef([*, *, *]) is not a prefix of the tree's structure TreeDef([*, *]): " +
        "at the root expected an array of length 3 but got an array of length 2; " +
        "the tree must match the prefix structure down to each of the prefix's leaves",
    );
    expect(() => broadcastPrefix({ a: 0 }, { b: 1 })).toThrow(
      /at the root expected an object with keys \["a"\] but got an object with keys \["b"\]/,
    );
    expect(() => broadcastPrefix({ a: [0, 0] }, { a: 5 })).toThrow(
      /at path \["a"\] expected an array of length 2 but got a leaf \(number\)/,
    );
  });

  it("isLeaf applies only to the prefix tree", () => {
    // In the full tree, null is still an empty node (zero leaves).
    expect(broadcastPrefix([1, 2], [null, [3]], isNull)).toEqual([2]);
  });
});
