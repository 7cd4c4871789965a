import { describe, expect, it } from "vitest";
import { jit as coreJit, np, RuntimeCheckError, ShapeError, TransformationError, vmap, type Array } from "@brainstate/core";
import { State } from "@brainstate/state";
import { forLoop, jit, jitErrorIf } from "./index.js";

describe("jitErrorIf", () => {
  // Port of _error_if_test.py test1: a message, and a function that raises.
  it("raises for a true predicate, with a message or a raising function", () => {
    expect(() => jitErrorIf(true, "error")).toThrow(RuntimeCheckError);
    const errF = (x: Array): never => {
      throw new Error(`error: ${String(x.item())}`);
    };
    expect(() => jitErrorIf(true, errF, np.array(1.5))).toThrow(RuntimeCheckError);
    expect(() => jitErrorIf(true, errF, np.array(1.5))).toThrow("jitErrorIf: error: 1.5");
    expect(() => jitErrorIf(false, errF, np.array(1.5))).not.toThrow();
  });

  // Port of test_vmap.
  it("raises under vmap when any lane's predicate holds", () => {
    const f = (x: Array): null => {
      jitErrorIf(x, "error: {}", x);
      return null;
    };
    vmap(f)(np.array([false, false, false]));
    expect(() => vmap(f)(np.array([true, false, false]))).toThrow(RuntimeCheckError);
    // the arguments carry every lane
    expect(() => vmap(f)(np.array([true, false, false]))).toThrow("error: [true,false,false]");
  });

  // Port of test_vmap_vmap.
  it("raises under nested vmap when any lane's predicate holds", () => {
    const f = (x: Array): null => {
      jitErrorIf(x, "error: {}", x);
      return null;
    };
    vmap(vmap(f))(np.array([[false, false, false], [false, false, false]]));
    expect(() => vmap(vmap(f))(np.array([[false, false, false], [true, false, false]]))).toThrow(RuntimeCheckError);
  });

  it("raises from inside compiled code only when the runtime value says so", () => {
    const f = coreJit((x: Array) => {
      jitErrorIf(x.sum().lt(5), "the sum {} is below 5", x.sum());
      return x.mul(2);
    });
    expect((f(np.array([3, 4])) as Array).toArray()).toEqual([6, 8]);
    expect(() => f(np.array([1, 2]))).toThrow("the sum 3 is below 5");
  });

  it("calls a raising function from compiled code with the concrete values", () => {
    const seen: number[] = [];
    const f = coreJit((x: Array) => {
      jitErrorIf(
        x.lt(0),
        (v: Array) => {
          seen.push(v.item() as number);
          throw new RangeError(`negative input ${String(v.item())}`);
        },
        x,
      );
      return x;
    });
    f(np.array(2));
    expect(seen).toEqual([]);
    expect(() => f(np.array(-3))).toThrow("jitErrorIf: negative input -3");
    expect(seen).toEqual([-3]);
  });

  it("passes BrainstateErrors thrown by the function through unchanged", () => {
    expect(() =>
      jitErrorIf(true, () => {
        throw new ShapeError("custom shape complaint");
      }),
    ).toThrow(ShapeError);
  });

  it("stops a loop with the message, leaving the states unwritten", () => {
    const v = new State(np.zeros([]));
    const run = jit((xs: Array) =>
      forLoop((x: Array) => {
        v.value = v.value.add(x);
        jitErrorIf(v.value.gt(100), "v exceeded 100 at input {} (v = {})", x, v.value);
        return v.value;
      }, xs),
    );
    // running sums of 0..9 stay ≤ 45
    run(np.arange(10, { dtype: "float32" }));
    expect(v.value.item()).toBe(45);
    // continuing with 10, 11, …: 45 + 10 + 11 + 12 + 13 = 91, + 14 = 105 > 100
    expect(() => run(np.arange(10, 20, { dtype: "float32" }))).toThrow("v exceeded 100 at input 14 (v = 105)");
    expect(v.value.item()).toBe(45);
  });

  it("throws TransformationError when error is neither a string nor a function", () => {
    expect(() => jitErrorIf(true, 3 as never)).toThrow(TransformationError);
  });
});
