import { describe, expect, it } from "vitest";
import { np, type Array } from "@brainstate/core";
import { expectAllclose } from "@brainstate/core/testing";
import type { NestedDict } from "@brainstate/state";
import { Linear } from "../test/fixtures.js";
import {
  composeMapping,
  composeMappingReversed,
  currentUpdateContext,
  mergeContext,
  NodeDef,
  NodeRef,
  Sequential,
  splitContext,
  updateContext,
  type GraphDef,
} from "./index.js";

// Ported from brainstate/graph/_graph_context_test.py (TestGraphUtils) plus update contexts.

describe("splitContext / mergeContext (test_split_merge_context)", () => {
  it("shares references across splits and merges, and clears the contexts", () => {
    const m = new Linear(2, 3);
    let splitCtx: { refIndex: unknown } | undefined;
    const [[def1, st1], [def2, st2]] = splitContext((ctx) => {
      splitCtx = ctx;
      return [ctx.treefySplit(m), ctx.treefySplit(m)];
    });
    expect(splitCtx?.refIndex).toBeUndefined();
    expect(def1).toBeInstanceOf(NodeDef);
    expect(def2).toBeInstanceOf(NodeRef);
    expect((st1 as NestedDict).toFlat().size).toBe(1);
    expect((st2 as NestedDict).toFlat().size).toBe(0);
    let mergeCtx: { indexRef: unknown } | undefined;
    const [m1, m2] = mergeContext((ctx) => {
      mergeCtx = ctx;
      return [ctx.treefyMerge(def1, st1 as NestedDict), ctx.treefyMerge(def2, st2 as NestedDict)];
    });
    expect(m1).toBe(m2);
    expect(mergeCtx?.indexRef).toBeUndefined();
  });

  it("resolves a sub-node split after its parent (test_split_merge_context_nested)", () => {
    const m2 = new Linear(2, 3);
    const m1 = new Sequential(m2);
    const [[d1, s1], [d2, s2]] = splitContext((ctx) => [ctx.treefySplit(m1), ctx.treefySplit(m2)]);
    expect(d1).toBeInstanceOf(NodeDef);
    expect(d2).toBeInstanceOf(NodeRef);
    expect((s1 as NestedDict).toFlat().size).toBe(1);
    expect((s2 as NestedDict).toFlat().size).toBe(0);
    const [n1, n2] = mergeContext((ctx) => [ctx.treefyMerge(d1, s1 as NestedDict) as Sequential, ctx.treefyMerge(d2, s2 as NestedDict)]);
    expect(n2).toBe(n1.layers[0]);
  });

  it("refuses to be used after it has closed", () => {
    const ctx = splitContext((c) => c);
    expect(() => ctx.treefySplit(new Linear(1, 1))).toThrow(/the split context has closed/);
  });
});

describe("updateContext", () => {
  it("updates the original objects through split (1), merge (2), split (3), merge (4)", () => {
    const outer = new Linear(2, 2);
    const result = updateContext("test").run((ctx) => {
      const [def, st] = ctx.split(outer);
      // inside the "transformation"
      const inner = ctx.merge(def, st) as Linear;
      expect(inner).not.toBe(outer);
      inner.weight.value = { weight: np.full([2, 2], 7), bias: np.ones([2]) };
      const [def3, st3] = ctx.split(inner);
      expect((def3 as NodeDef).indexMapping).not.toBeNull();
      // back outside
      return ctx.merge(def3, st3) as Linear;
    });
    expect(result).toBe(outer);
    expectAllclose(outer.weight.value.weight as Array, np.full([2, 2], 7));
    expect(() => currentUpdateContext("test")).toThrow(/no update context is active for tag 'test'/);
  });

  it("checks its inputs and wraps functions", () => {
    const mgr = updateContext("wrap");
    expect(() => mgr.run((ctx) => ctx.merge(new NodeRef(Linear, 0) as GraphDef, {} as NestedDict))).toThrow(/expected a NodeDef/);
    const [def, st] = splitContext((c) => c.treefySplit(new Linear(1, 1)));
    expect(() => mgr.run((ctx) => ctx.merge(def, st as NestedDict))).toThrow(/cannot merge before a split/);
    const f = mgr.call((x: number) => currentUpdateContext("wrap").tag + String(x));
    expect(f(1)).toBe("wrap1");
  });

  it("split/merge contexts with a tag report to the update context", () => {
    const m = new Linear(1, 1);
    updateContext("tagged").run((uctx) => {
      splitContext("tagged", (ctx) => ctx.treefySplit(m));
      expect(uctx.refIndex?.has(m)).toBe(true);
    });
  });
});

describe("composeMapping", () => {
  it("composes and reverses index maps", () => {
    const ab = new Map([
      ["x", 1],
      ["y", 2],
    ]);
    const bc = new Map([[1, 10]]);
    expect([...composeMapping(ab, bc)]).toEqual([["x", 10]]);
    expect([...composeMappingReversed(ab, bc)]).toEqual([[10, "x"]]);
  });
});
