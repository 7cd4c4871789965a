import { describe, expect, it } from "vitest";
import { DTypeError, getDefaultFloatDType, np, ValueError } from "@brainstate/core";
import { expectAllclose } from "@brainstate/core/testing";
import { Batching, environ, IdMemScaling, MemScaling, Training } from "./index.js";

// Ported from brainstate/environ_test.py (TestEnviron) plus the rest of the environ API.

describe("environ.context precision (test_precision)", () => {
  it("switches core's default float dtype to float64 / float32 and restores it", () => {
    expect(environ.getPrecision()).toBe(32);
    environ.context({ precision: 64 }, () => {
      expect(np.array([1.5]).dtype).toBe("float64");
      expect(environ.dftype()).toBe("float64");
    });
    expect(getDefaultFloatDType()).toBe("float32");
    environ.context({ precision: 32 }, () => {
      expect(np.array([1.5]).dtype).toBe("float32");
    });
  });

  it("throws DTypeError for precision 16, whose dtypes do not exist in this port", () => {
    expect(() => environ.context({ precision: 16 }, () => 0)).toThrow(DTypeError);
    expect(() => environ.context({ precision: 16 }, () => 0)).toThrow(/bfloat16\/float16.*do not exist in this port/);
    expect(() => environ.set({ precision: 8 })).toThrow(DTypeError);
    expect(() => environ.set({ precision: 12 })).toThrow(ValueError);
    expect(getDefaultFloatDType()).toBe("float32");
  });
});

describe("environ.context platform (test_platform)", () => {
  it("refuses platform and hostDeviceCount in a context", () => {
    expect(() => environ.context({ platform: "cpu" }, () => 0)).toThrow(ValueError);
    expect(() => environ.context({ platform: "cpu" }, () => 0)).toThrow(/cannot set platform in a context/);
    expect(() => environ.context({ hostDeviceCount: 2 }, () => 0)).toThrow(/cannot set hostDeviceCount in a context/);
  });
});

describe("environ.registerDefaultBehavior (test_register_default_behavior)", () => {
  it("calls the behaviour with the context value on entry and the visible value on exit", () => {
    environ.set({ dt: 0.1 });
    let dt: unknown = 0.1;
    environ.registerDefaultBehavior("dt", (v) => {
      dt = v;
    });
    environ.context({ dt: 0.2 }, () => {
      expect(dt).toBe(0.2);
    });
    expect(dt).toBe(0.1);
    environ.set({ dt: 0.3 });
    expect(dt).toBe(0.3);
    expect(() => environ.registerDefaultBehavior("dt", () => undefined)).toThrow(/already has a behavior/);
    environ.registerDefaultBehavior("dt", () => undefined, { replaceIfExist: true });
  });
});

describe("environ", () => {
  it("get reads the innermost context, then the global setting, then the default", () => {
    environ.set({ myKey: 1 });
    expect(environ.get("myKey")).toBe(1);
    const inner = environ.context({ myKey: 2 }, () => environ.context({ myKey: 3 }, () => environ.get("myKey")));
    expect(inner).toBe(3);
    expect(environ.get("myKey")).toBe(1);
    expect(environ.get("absent", 7)).toBe(7);
  });

  it("get throws ValueError saying how to set a missing key, with the description", () => {
    expect(() => environ.get("nope")).toThrow(ValueError);
    expect(() => environ.get("nope", undefined, "the thing")).toThrow(/environ.context\(\{ nope: value \}, fn\).*Description: the thing/);
  });

  it("context passes all visible settings to the callback and returns its value", () => {
    environ.set({ dt: 0.1 });
    const seen = environ.context({ fit: true }, (env) => [env["fit"], env["dt"]]);
    expect(seen).toEqual([true, 0.1]);
    expect(environ.get(environ.FIT, false)).toBe(false);
  });

  it("context restores values when the callback throws", () => {
    environ.set({ dt: 0.1 });
    expect(() =>
      environ.context({ dt: 0.5, precision: 64 }, () => {
        throw new Error("boom");
      }),
    ).toThrow("boom");
    expect(environ.getDt()).toBe(0.1);
    expect(getDefaultFloatDType()).toBe("float32");
  });

  it("all() overlays context values on global settings", () => {
    environ.set({ a1: 1, b1: 2 });
    environ.context({ b1: 3 }, () => {
      const all = environ.all();
      expect(all["a1"]).toBe(1);
      expect(all["b1"]).toBe(3);
    });
  });

  it("mode and memScaling are checked and read back", () => {
    environ.set({ mode: new Training() });
    expect(environ.getMode()).toBeInstanceOf(Training);
    environ.context({ mode: new Batching() }, () => expect(environ.getMode()).toBeInstanceOf(Batching));
    expect(() => environ.set({ mode: "train" as never })).toThrow(/mode must be a Mode instance/);
    const ms = new IdMemScaling();
    environ.set({ memScaling: ms });
    expect(environ.getMemScaling()).toBe(ms);
    expect(() => environ.set({ memScaling: {} as MemScaling })).toThrow(/memScaling must be a MemScaling/);
  });

  it("platform is core's backend and hostDeviceCount is recorded", () => {
    expect(environ.getPlatform()).toBe("cpu");
    environ.setPlatform("cpu");
    expect(environ.get("platform")).toBe("cpu");
    expect(environ.getHostDeviceCount()).toBe(1);
    environ.setHostDeviceCount(4);
    expect(environ.get("hostDeviceCount")).toBe(4);
    expect(() => environ.setHostDeviceCount(0)).toThrow(/positive integer/);
  });

  it("dtype helpers and tolerance follow the precision", () => {
    expect(environ.dftype()).toBe("float32");
    expect(environ.ditype()).toBe("int32");
    expect(environ.dutype()).toBe("uint32");
    const tol = environ.tolerance();
    expect(tol.dtype).toBe("float32");
    expectAllclose(tol, 1e-5, { rtol: 0, atol: 1e-12 });
    environ.context({ precision: 64 }, () => {
      expect(environ.tolerance().dtype).toBe("float64");
      expectAllclose(environ.tolerance(), 1e-12, { rtol: 0, atol: 1e-20 });
      expect(environ.ditype()).toBe("int32");
    });
  });
});
