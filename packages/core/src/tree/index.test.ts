// Smoke test of the public barrel: every documented export is reachable.

import { describe, expect, it } from "vitest";
import * as tree from "./index.js";

describe("tree/index", () => {
  it("exports the public API", () => {
    const fns = [
      "all",
      "broadcastPrefix",
      "flatten",
      "flattenWithPath",
      "keystr",
      "leaves",
      "leavesWithPath",
      "map",
      "mapTrees",
      "mapTreesWithPath",
      "mapWithPath",
      "reduce",
      "registerNode",
      "structure",
      "unflatten",
    ] as const;
    for (const name of fns) expect(typeof tree[name]).toBe("function");
    expect(typeof tree.TreeDef).toBe("function");
    expect(new tree.TreeMismatchError("x")).toBeInstanceOf(Error);
  });

  it("works end to end through the barrel", () => {
    const [ls, def] = tree.flatten({ w: [1, 2], b: 3 });
    expect(ls).toEqual([3, 1, 2]);
    expect(tree.unflatten(def, ls)).toEqual({ w: [1, 2], b: 3 });
    expect(tree.map((x: number) => x * 2, { w: [1, 2], b: 3 })).toEqual({ b: 6, w: [2, 4] });
  });
});
