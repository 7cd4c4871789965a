import { describe, expect, it } from "vitest";
import { grad, jit, np, NonDifferentiableError, ValueError, vmap, type Array } from "@brainstate/core";
import { unvmap } from "./index.js";

describe("unvmap", () => {
  it("reduces every element outside vmap", () => {
    expect(unvmap(np.array([0, 0, 1]), "any").item()).toBe(true);
    expect(unvmap(np.array([0, 0, 0])).item()).toBe(false);
    expect(unvmap(np.array([1, 2, 0]), "all").item()).toBe(false);
    expect(unvmap(np.array([[1, 2], [3, 4]]), "all").item()).toBe(true);
    expect(unvmap(np.array([3, 9, 4], { dtype: "int32" }), "max").item()).toBe(9);
    expect(unvmap(np.array([3, 9]), "none").toArray()).toEqual([3, 9]);
    expect(unvmap(true).item()).toBe(true);
  });

  it("reduces over every vmap lane: the same answer in each lane", () => {
    expect((vmap((x: Array) => unvmap(x.gt(2), "any"))(np.array([1, 2, 3])) as Array).toArray()).toEqual([true, true, true]);
    expect((vmap((x: Array) => unvmap(x.gt(0), "all"))(np.array([1, 2, 0])) as Array).toArray()).toEqual([false, false, false]);
    expect((vmap((x: Array) => unvmap(x, "max"))(np.array([4, 7, 1], { dtype: "int32" })) as Array).toArray()).toEqual([7, 7, 7]);
    // "none" hands every lane to each lane: lane k sees the whole batch
    expect((vmap((x: Array) => unvmap(x, "none").sum())(np.array([1, 2, 3])) as Array).toArray()).toEqual([6, 6, 6]);
  });

  it("sees through nested vmaps and through programs staged before vmap batches them", () => {
    const xs = np.array([[0, 0], [0, 5]]);
    expect((vmap(vmap((x: Array) => unvmap(x.gt(1), "any")))(xs) as Array).toArray()).toEqual([[true, true], [true, true]]);
    // under jit the reduction is staged on unbatched values; vmap of the jit batches it afterwards
    const staged = jit((x: Array) => unvmap(x.gt(1), "any"));
    expect((vmap(staged)(np.array([0, 3])) as Array).toArray()).toEqual([true, true]);
    expect((vmap(staged)(np.array([0, 1])) as Array).toArray()).toEqual([false, false]);
  });

  it("handles empty arrays: any is false, all is true", () => {
    expect(unvmap(np.zeros([0]), "any").item()).toBe(false);
    expect(unvmap(np.zeros([0]), "all").item()).toBe(true);
    expect(() => unvmap(np.zeros([0]), "max")).toThrow("'max' of an empty array");
  });

  it("differentiates 'none' as the identity and refuses 'max' of floats", () => {
    expect((grad((x: Array) => unvmap(x.mul(x), "none"))(np.array(3)) as Array).item()).toBe(6);
    expect(() => grad((x: Array) => unvmap(x, "max"))(np.array(3))).toThrow(NonDifferentiableError);
  });

  it("throws ValueError for an unknown op", () => {
    expect(() => unvmap(np.ones([2]), "sum" as never)).toThrow(ValueError);
    expect(() => unvmap(np.ones([2]), "sum" as never)).toThrow("unknown op 'sum'");
  });
});
