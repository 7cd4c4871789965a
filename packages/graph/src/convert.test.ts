import { describe, expect, it } from "vitest";
import { ValueError } from "@brainstate/core";
import { Linear } from "../test/fixtures.js";
import { clearNonGraphNodes, graphToTree, NodeDef, NodeRef, NodeStates, treeToGraph } from "./index.js";

// Ported from brainstate/graph/_graph_operation_test.py (test_to_tree_simple,
// test_to_tree_consistent_prefix) plus NodeStates.

describe("graphToTree / treeToGraph (test_to_tree_simple)", () => {
  it("replaces nodes by NodeStates, a repeated node by a NodeRef, and back", () => {
    const m = new Linear(2, 3);
    const pure = graphToTree([m, 1, { b: m }]) as [NodeStates, number, { b: NodeStates }];
    const [t1, one, { b: t2 }] = pure;
    expect(one).toBe(1);
    expect(t1).toBeInstanceOf(NodeStates);
    expect(t2).toBeInstanceOf(NodeStates);
    expect(t1.graphdef).toBeInstanceOf(NodeDef);
    expect(t2.graphdef).toBeInstanceOf(NodeRef);
    expect(t1.state.toFlat().size).toBe(1);
    expect(t2.state.toFlat().size).toBe(0);
    const back = treeToGraph(pure) as [Linear, number, { b: Linear }];
    expect(back[0]).toBe(back[2].b);
    expect(back[0]).toBeInstanceOf(Linear);
    expect(back[1]).toBe(1);
  });
});

describe("graphToTree prefixes (test_to_tree_consistent_prefix)", () => {
  it("accepts one prefix per state and rejects inconsistent aliasing", () => {
    const m = new Linear(2, 3);
    const tree = [m, 1, { b: m }];
    expect(() => graphToTree(tree, { prefix: [0, null, 0] })).not.toThrow();
    expect(() => graphToTree(tree, { prefix: [0, null, 1] })).toThrow(ValueError);
    expect(() => graphToTree(tree, { prefix: [0, null, 1] })).toThrow(/Inconsistent aliasing detected/);
    expect(() => graphToTree(tree, { prefix: [0, null, 1], checkAliasing: false })).not.toThrow();
  });

  it("maps non-node leaves when asked", () => {
    const out = graphToTree([1, 2], { mapNonGraphNodes: true, splitFn: (_c, _p, _pre, leaf) => `x${String(leaf)}` });
    expect(out).toEqual(["x1", "x2"]);
    expect(() => treeToGraph([1], { mapNonGraphNodes: true })).toThrow(/expected NodeStates/);
  });
});

describe("NodeStates", () => {
  it("requires a graphdef and exactly one state where asked", () => {
    const s = NodeStates.fromPrefixes([0, 1], { metadata: "m" });
    expect(() => s.graphdef).toThrow(/no graphdef is available/);
    expect(() => s.state).toThrow(/expected exactly one state, got 2/);
    expect(s.metadata).toBe("m");
  });
});

describe("clearNonGraphNodes", () => {
  it("keeps graph nodes and nulls every other leaf", () => {
    const m = new Linear(1, 1);
    expect(clearNonGraphNodes([m, 1, { b: "x", c: m }])).toEqual([m, null, { b: null, c: m }]);
  });
});
