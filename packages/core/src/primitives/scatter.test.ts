import { describe, expect, it } from "vitest";
import { DTypeError, np, ShapeError, ValueError, type DType } from "../index.js";
import type { Array } from "../array/Array.js";
import { ArrayImpl } from "../array/Array.js";
import type { DeviceBuffer } from "../backend/backend.js";
import { getBackend } from "../backend/registry.js";
import { getRoutine, type KernelEmitter } from "../backend/routines.js";
import { CPU_ROUTINES } from "../backends/cpu/routines/index.js";
import { allocData, type DataArray } from "../dtype/dtype.js";
import { interpretKernel } from "../kernel/interpret.js";
import { scatterP, type ScatterMode } from "./scatter.js";

/** Results of the three implementations: native CPU routine (via bind), generic lowering on the CPU backend, generic lowering through the kernel interpreter. */
function runAll(x: Array, indices: Array, updates: Array, mode: ScatterMode, axis = 0): { native: number[]; generic: number[]; interpreted: number[] } {
  const params = { mode, axis };
  const native = scatterP.bind1([x, indices, updates], params);
  const backend = getBackend("cpu");
  const ins = [x, indices, updates] as ArrayImpl[];
  const specs = ins.map((a) => ({ shape: a.shape, dtype: a.dtype }));
  const outSpecs = [{ shape: x.shape, dtype: x.dtype }];
  const emitCpu: KernelEmitter<DeviceBuffer> = {
    kernel(kernel, inputs) {
      const out = backend.allocate(kernel.dtype, kernel.size);
      if (kernel.size > 0) backend.execute(backend.compileKernel(kernel), inputs, out);
      return out;
    },
  };
  const routine = getRoutine("scatter");
  const [buf] = routine.lowerGeneric(emitCpu, ins.map((a) => a.buffer), specs, outSpecs, params);
  const emitInterp: KernelEmitter<DataArray> = {
    kernel(kernel, inputs) {
      const out = allocData(kernel.dtype, kernel.size);
      interpretKernel(kernel, inputs, out);
      return out;
    },
  };
  const [data] = routine.lowerGeneric(emitInterp, ins.map((a) => a.data()), specs, outSpecs, params);
  return {
    native: globalThis.Array.from(native.data(), Number),
    generic: globalThis.Array.from(backend.readSync(buf as DeviceBuffer), Number),
    interpreted: globalThis.Array.from(data as DataArray, Number),
  };
}

function expectAll(r: { native: number[]; generic: number[]; interpreted: number[] }, expected: number[]): void {
  expect(r.native).toEqual(expected);
  expect(r.generic).toEqual(expected);
  expect(r.interpreted).toEqual(expected);
}

const arr = (v: unknown, dtype: DType): Array => np.array(v as number[], { dtype });

describe("scatter", () => {
  it("is a native CPU routine", () => {
    expect(typeof CPU_ROUTINES["scatter"]).toBe("function");
  });

  // x = [10, 20, 30, 40]; indices [1, 3, 1, 7, -1] with updates [25, 45, 3, 4, 5]:
  // position 1 receives 25 then 3, position 3 receives 45, indices 7 and -1 are out of range and dropped.
  const x = arr([10, 20, 30, 40], "float32");
  const i = arr([1, 3, 1, 7, -1], "int32");
  const u = arr([25, 45, 3, 4, 5], "float32");

  it("set: the last update for a repeated index wins; out-of-range indices are dropped", () => {
    expectAll(runAll(x, i, u, "set"), [10, 3, 30, 45]); // p1: 25 then 3 → 3
  });

  it("add: repeated indices accumulate", () => {
    expectAll(runAll(x, i, u, "add"), [10, 48, 30, 85]); // 20+25+3, 40+45
  });

  it("mul: repeated indices multiply", () => {
    expectAll(runAll(x, i, u, "mul"), [10, 1500, 30, 1800]); // 20·25·3, 40·45
  });

  it("min and max fold every update with the operand", () => {
    expectAll(runAll(x, i, u, "min"), [10, 3, 30, 40]); // min(20,25,3), min(40,45)
    expectAll(runAll(x, i, u, "max"), [10, 25, 30, 45]); // max(20,25,3), max(40,45)
  });

  // x = [[1,2,3],[4,5,6]] int32, axis 1, indices [[0,2],[2,2]] (row-major: 0,2,2,2),
  // updates[a, u0, u1] = [[[10,20],[30,40]], [[50,60],[70,80]]].
  const x2 = arr([[1, 2, 3], [4, 5, 6]], "int32");
  const i2 = arr([[0, 2], [2, 2]], "int32");
  const u2 = arr([[[10, 20], [30, 40]], [[50, 60], [70, 80]]], "int32");

  it("works along an inner axis with multi-dimensional indices", () => {
    // row 0: col0 ← 10, col2 ← 20, 30, 40; row 1: col0 ← 50, col2 ← 60, 70, 80
    expectAll(runAll(x2, i2, u2, "add", 1), [11, 2, 93, 54, 5, 216]); // 3+20+30+40 = 93; 6+60+70+80 = 216
    expectAll(runAll(x2, i2, u2, "set", 1), [10, 2, 40, 50, 5, 80]);
    expectAll(runAll(x2, i2, u2, "mul", 1), [10, 2, 72000, 200, 5, 2016000]); // 3·20·30·40; 6·60·70·80
    expectAll(runAll(x2, i2, u2, "min", 1), [1, 2, 3, 4, 5, 6]);
    expectAll(runAll(x2, i2, u2, "max", 1), [10, 2, 40, 50, 5, 80]);
  });

  it("wraps int32 overflow in add like C", () => {
    expectAll(runAll(arr([2147483647, 0], "int32"), arr([0], "int32"), arr([1], "int32"), "add"), [-2147483648, 0]);
  });

  it("uses the unsigned identities for uint32 min and max", () => {
    const xu = arr([5, 4000000000], "uint32");
    const iu = arr([0, 1], "int32");
    const uu = arr([4294967295, 7], "uint32");
    expectAll(runAll(xu, iu, uu, "min"), [5, 7]);
    expectAll(runAll(xu, iu, uu, "max"), [4294967295, 4000000000]);
  });

  it("treats add/max as logical or and mul/min as logical and on bool", () => {
    const ib = arr([0, 0, 2], "int32");
    const ub = arr([false, true, false], "bool");
    // set: position 0 gets false then true → true; position 2 gets false
    expectAll(runAll(arr([false, true, true], "bool"), ib, ub, "set"), [1, 1, 0]);
    // or: p0 = false|false|true = true; p2 = true|false = true
    expectAll(runAll(arr([false, true, true], "bool"), ib, ub, "add"), [1, 1, 1]);
    expectAll(runAll(arr([false, true, true], "bool"), ib, ub, "max"), [1, 1, 1]);
    // and: p0 = true&false&true = false; p2 = true&false = false
    expectAll(runAll(arr([true, true, true], "bool"), ib, ub, "mul"), [0, 1, 0]);
    expectAll(runAll(arr([true, true, true], "bool"), ib, ub, "min"), [0, 1, 0]);
  });

  it("propagates NaN through max", () => {
    const r = runAll(arr([1, 2], "float32"), arr([0], "int32"), arr([NaN], "float32"), "max");
    for (const v of [r.native, r.generic, r.interpreted]) {
      expect(Number.isNaN(v[0])).toBe(true);
      expect(v[1]).toBe(2);
    }
  });

  it("returns a copy of the operand when there are no updates", () => {
    expectAll(runAll(arr([1, 2, 3], "float32"), arr([], "int32"), arr([], "float32"), "add"), [1, 2, 3]);
  });

  it("keeps the operand's shape, dtype and weak type", () => {
    const out = scatterP.bind1([x2, i2, u2], { mode: "add", axis: 1 });
    expect(out.shape).toEqual([2, 3]);
    expect(out.dtype).toBe("int32");
    expect(out.weakType).toBe(false);
  });

  it("throws DTypeError for non-int32 indices or updates of another dtype", () => {
    expect(() => scatterP.bind1([x, arr([0], "float32"), arr([1], "float32")], { mode: "add", axis: 0 })).toThrow(DTypeError);
    expect(() => scatterP.bind1([x, arr([0], "float32"), arr([1], "float32")], { mode: "add", axis: 0 })).toThrow(/indices have dtype float32; they must be int32/);
    expect(() => scatterP.bind1([x, arr([0], "int32"), arr([1], "int32")], { mode: "add", axis: 0 })).toThrow(DTypeError);
    expect(() => scatterP.bind1([x, arr([0], "int32"), arr([1], "int32")], { mode: "add", axis: 0 })).toThrow(/updates have dtype int32 but the operand is float32/);
  });

  it("throws ShapeError when the updates do not match the indexed shape", () => {
    expect(() => scatterP.bind1([x, arr([0, 1], "int32"), arr([1], "float32")], { mode: "set", axis: 0 })).toThrow(ShapeError);
    expect(() => scatterP.bind1([x, arr([0, 1], "int32"), arr([1], "float32")], { mode: "set", axis: 0 })).toThrow(/expected \[2\]/);
    expect(() => scatterP.bind1([x, arr([0], "int32"), arr([1], "float32")], { mode: "set", axis: 1 })).toThrow(/axis 1 is not an axis/);
  });

  it("throws ValueError for an unknown mode", () => {
    const bad = { mode: "sub" as ScatterMode, axis: 0 };
    expect(() => scatterP.bind1([x, arr([0], "int32"), arr([1], "float32")], bad)).toThrow(ValueError);
    expect(() => scatterP.bind1([x, arr([0], "int32"), arr([1], "float32")], bad)).toThrow(/unknown mode "sub"/);
  });
});
