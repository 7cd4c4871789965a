// Tests for registerNode: custom classes as pytree nodes.

import { describe, expect, it } from "vitest";
import { registerNode } from "./nodes.js";
import {
  broadcastPrefix,
  flatten,
  flattenWithPath,
  leaves,
  map,
  structure,
  unflatten,
} from "./tree.js";
import { TreeDef } from "./treedef.js";
import { keystr } from "./paths.js";
import { TreeMismatchError } from "./errors.js";

class Point {
  constructor(
    readonly x: unknown,
    readonly y: unknown,
    readonly units: string = "m",
  ) {}
}
registerNode(Point, {
  flatten: (p) => [[p.x, p.y], p.units],
  unflatten: (units, [x, y]) => new Point(x, y, units),
});

class Pair {
  constructor(
    readonly first: unknown,
    readonly second: unknown,
  ) {}
}
registerNode(Pair, {
  name: "MyPair",
  flatten: (p) => [[p.first, p.second], undefined],
  unflatten: (_aux, [a, b]) => new Pair(a, b),
});

class SubPoint extends Point {}

describe("registerNode", () => {
  it("flattens and unflattens registered classes", () => {
    const tree = [new Point(1, [2, 3]), 4];
    const [ls, def] = flatten(tree);
    expect(ls).toEqual([1, 2, 3, 4]);
    expect(def.toString()).toBe('TreeDef([Point["m"](*, [*, *]), *])');
    const back = unflatten(def, [10, 20, 30, 40]) as [Point, number];
    expect(back[0]).toBeInstanceOf(Point);
    expect(back[0].x).toBe(10);
    expect(back[0].y).toEqual([20, 30]);
    expect(back[0].units).toBe("m");
    expect(back[1]).toBe(40);
  });

  it("uses the registered name and omits undefined aux in toString", () => {
    expect(structure(new Pair(1, { a: 2 })).toString()).toBe("TreeDef(MyPair(*, {a: *}))");
  });

  it("exposes kind, nodeType and auxData on the TreeDef", () => {
    const def = structure(new Point(1, 2, "cm"));
    expect(def.kind).toBe("custom");
    expect(def.nodeType).toBe(Point);
    expect(def.auxData).toBe("cm");
    expect(def.children).toHaveLength(2);
  });

  it("compares aux data in equals", () => {
    expect(structure(new Point(1, 2)).equals(structure(new Point(3, 4)))).toBe(true);
    expect(structure(new Point(1, 2, "m")).equals(structure(new Point(1, 2, "cm")))).toBe(false);
    expect(structure(new Point(1, 2)).equals(structure(new Pair(1, 2)))).toBe(false);
    expect(structure(new Point(1, 2)).equals(TreeDef.custom(Point, "m", [TreeDef.leaf(), TreeDef.leaf()]))).toBe(true);
  });

  it("matches by exact class: subclasses are leaves", () => {
    const sp = new SubPoint(1, 2);
    expect(leaves([sp])).toEqual([sp]);
  });

  it("maps over registered nodes", () => {
    const out = map((a: number, b: number) => a * b, new Point(2, 3), new Point(4, 5)) as Point;
    expect(out).toBeInstanceOf(Point);
    expect([out.x, out.y]).toEqual([8, 15]);
    expect(() => map((a) => a, new Point(1, 2, "m"), new Point(1, 2, "cm"))).toThrow(TreeMismatchError);
    expect(() => map((a) => a, new Point(1, 2, "m"), new Point(1, 2, "cm"))).toThrow(
      /tree 0 has a Point node with 2 children and aux data "m", tree 1 has a Point node with 2 children and aux data "cm"/,
    );
  });

  it("gives index path keys to registered-node children", () => {
    const [pairs] = flattenWithPath({ p: new Point(1, 2) });
    expect(pairs.map(([p]) => keystr(p))).toEqual(['["p"][0]', '["p"][1]']);
  });

  it("rejects duplicate registration", () => {
    expect(() =>
      registerNode(Point, { flatten: () => [[], undefined], unflatten: () => new Point(0, 0) }),
    ).toThrow(/class Point is already registered as a pytree node/);
  });

  it("rejects registering built-in node types", () => {
    expect(() =>
      registerNode(Map, { flatten: () => [[], undefined], unflatten: () => new Map() }),
    ).toThrow(/built-in pytree node type/);
  });

  it("supports custom auxEquals and structural default aux equality", () => {
    class Tagged {
      constructor(
        readonly v: unknown,
        readonly meta: { tag: string; extra: number[] },
      ) {}
    }
    registerNode(Tagged, {
      flatten: (t) => [[t.v], t.meta],
      unflatten: (meta, [v]) => new Tagged(v, meta),
    });
    // default: structural for plain objects/arrays
    expect(structure(new Tagged(1, { tag: "a", extra: [1] })).equals(structure(new Tagged(2, { tag: "a", extra: [1] })))).toBe(true);
    expect(structure(new Tagged(1, { tag: "a", extra: [1] })).equals(structure(new Tagged(2, { tag: "a", extra: [2] })))).toBe(false);
    expect(structure(new Tagged(1, { tag: "a", extra: [] })).toString()).toBe(
      'TreeDef(Tagged[{extra: [], tag: "a"}](*))',
    );

    class Loose {
      constructor(
        readonly v: unknown,
        readonly meta: string,
      ) {}
    }
    registerNode(Loose, {
      flatten: (t) => [[t.v], t.meta],
      unflatten: (meta, [v]) => new Loose(v, meta),
      auxEquals: (a, b) => a.toLowerCase() === b.toLowerCase(),
    });
    expect(structure(new Loose(1, "ABC")).equals(structure(new Loose(1, "abc")))).toBe(true);
    expect(structure(new Loose(1, "ABC")).equals(structure(new Loose(1, "abd")))).toBe(false);
  });

  it("validates the shape returned by flatten", () => {
    class Bad {}
    registerNode(Bad, {
      // Deliberately wrong return shape, checked at runtime.
      flatten: () => "nope" as unknown as [unknown[], unknown],
      unflatten: () => new Bad(),
    });
    expect(() => flatten(new Bad())).toThrow(/flatten for registered node Bad must return \[children: unknown\[\], auxData\]/);
  });

  it("broadcasts prefixes through registered nodes", () => {
    const isNull = (x: unknown): boolean => x === null;
    expect(broadcastPrefix(new Point(0, null), new Point([1, 2], 3), isNull)).toEqual([0, 0, null]);
    expect(() => broadcastPrefix(new Point(0, 0, "m"), new Point(1, 2, "cm"))).toThrow(
      /at the root expected a Point node with 2 children and aux data "m" but got a Point node with 2 children and aux data "cm"/,
    );
  });

  it("detects cycles through registered nodes", () => {
    const p = new Point(1, null);
    (p as { y: unknown }).y = [p];
    expect(() => flatten(p)).toThrow(/cycle detected at path \[1\]\[0\]/);
  });
});
