import { describe, expect, it } from "vitest";
import { ValueError } from "@brainstate/core";
import {
  AllFilter,
  AnyFilter,
  EverythingFilter,
  filtersToPredicates,
  HiddenState,
  LongTermState,
  NotFilter,
  NothingFilter,
  OfTypeFilter,
  ParamState,
  PathContainsFilter,
  ShortTermState,
  State,
  toPredicate,
  WithTagFilter,
} from "./index.js";

describe("toPredicate", () => {
  const p = new ParamState(1, { tag: "w" });
  const h = new HiddenState(2);
  it("turns a class into an instance (or TreefyState type) test", () => {
    const f = toPredicate(LongTermState);
    expect(f([], p)).toBe(true);
    expect(f([], h)).toBe(false);
    expect(f([], p.toStateRef())).toBe(true);
    expect(f([], h.toStateRef())).toBe(false);
  });
  it("turns a string into a tag test, and '...' into everything", () => {
    expect(toPredicate("w")([], p)).toBe(true);
    expect(toPredicate("w")([], h)).toBe(false);
    expect(toPredicate("w")([], p.toStateRef())).toBe(true);
    expect(toPredicate("...")([], h)).toBe(true);
  });
  it("maps true/false/null to everything/nothing and keeps functions", () => {
    expect(toPredicate(true)([], 1)).toBe(true);
    expect(toPredicate(false)([], 1)).toBe(false);
    expect(toPredicate(null)([], 1)).toBe(false);
    const fn = (path: readonly (string | number)[]) => path.length === 2;
    expect(toPredicate(fn)).toBe(fn);
  });
  it("turns an array into an Any filter", () => {
    const f = toPredicate([HiddenState, "w"]);
    expect(f([], p)).toBe(true);
    expect(f([], h)).toBe(true);
    expect(f([], new State(0))).toBe(false);
  });
  it("throws ValueError naming the accepted filters for a non-filter", () => {
    expect(() => toPredicate(3 as never)).toThrow(ValueError);
    expect(() => toPredicate({} as never)).toThrow(/is not a filter; use a class/);
  });
});

describe("filter classes", () => {
  it("select by tag, path, type, and combine with Any/All/Not", () => {
    const s = new ShortTermState(0, { tag: "t" });
    expect(new WithTagFilter("t").call([], s)).toBe(true);
    expect(new PathContainsFilter(0).call(["layers", "0", "w"], s)).toBe(true);
    expect(new PathContainsFilter("b").call(["a"], s)).toBe(false);
    expect(new OfTypeFilter(ShortTermState).call([], s)).toBe(true);
    expect(new AnyFilter(ParamState, "t").call([], s)).toBe(true);
    expect(new AllFilter(ParamState, "t").call([], s)).toBe(false);
    expect(new NotFilter(ParamState).call([], s)).toBe(true);
    expect(new EverythingFilter().call([], s)).toBe(true);
    expect(new NothingFilter().call([], s)).toBe(false);
  });
  it("print and compare", () => {
    expect(String(new AnyFilter(ParamState, "t"))).toBe("Any(OfType(ParamState), WithTag('t'))");
    expect(String(new NotFilter(new PathContainsFilter("a")))).toBe("Not(PathContains('a'))");
    expect(new AllFilter(ParamState).equals(new AllFilter(ParamState))).toBe(true);
    expect(new AllFilter(ParamState).equals(new AllFilter(HiddenState))).toBe(false);
    expect(new EverythingFilter().equals(new EverythingFilter())).toBe(true);
  });
});

describe("filtersToPredicates", () => {
  it("rejects '...' or true before other filters", () => {
    expect(() => filtersToPredicates("f", ["...", ParamState])).toThrow(/may only be used as the last filter/);
    expect(() => filtersToPredicates("f", [true, ParamState])).toThrow(ValueError);
    expect(filtersToPredicates("f", [ParamState, "...", true])).toHaveLength(3);
  });
});
