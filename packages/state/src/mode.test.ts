import { describe, expect, it } from "vitest";
import { ValueError } from "@brainstate/core";
import {
  AlignPost,
  Batching,
  BindCondData,
  JointMode,
  JointType,
  JointTypes,
  Mixin,
  Mode,
  OneOfType,
  OneOfTypes,
  ParamDesc,
  ParamDescriber,
  Training,
  UpdateReturn,
} from "./index.js";

// Ported from brainstate/mixin_test.py (TestMixin, TestMode).

describe("mixin (test_mixin)", () => {
  it("exports the mixin and mode classes", () => {
    for (const x of [Mixin, ParamDesc, ParamDescriber, JointTypes, OneOfTypes, Mode, Batching, Training]) expect(x).toBeTruthy();
  });
});

describe("JointMode (test_JointMode)", () => {
  it("is a JointTypes of its members and has each of them", () => {
    const a = new JointMode(new Batching(), new Training());
    expect(a.isA(JointTypes(Batching, Training))).toBe(true);
    expect(a.isA(JointTypes(Training, Batching))).toBe(true);
    expect(a.has(Batching)).toBe(true);
    expect(a.has(Training)).toBe(true);
    const b = new JointMode(new Batching());
    expect(b.isA(JointTypes(Batching))).toBe(true);
    expect(b.isA(Batching)).toBe(true);
    expect(b.has(Batching)).toBe(true);
    expect(b.has(Training)).toBe(false);
  });

  it("reads missing properties from its members and rejects non-modes", () => {
    const a = new JointMode(new Batching({ batchSize: 8, batchAxis: 1 }), new Training());
    expect(a["batchSize"]).toBe(8);
    expect(a["batchAxis"]).toBe(1);
    expect(String(a)).toBe("JointMode(Batching(batchSize=8, batchAxis=1), Training)");
    expect(() => new JointMode(new Training(), 3 as unknown as Mode)).toThrow(/argument 1 is not a Mode/);
  });
});

describe("Training (test_Training)", () => {
  it("is and has Training, not Batching", () => {
    const a = new Training();
    expect(a.isA(Training)).toBe(true);
    expect(a.isA(JointTypes(Training))).toBe(true);
    expect(a.has(Training)).toBe(true);
    expect(a.has(JointTypes(Training))).toBe(true);
    expect(a.isA(Batching)).toBe(false);
    expect(a.has(Batching)).toBe(false);
  });
});

describe("Batching (test_Batching)", () => {
  it("is and has Batching, not Training", () => {
    const a = new Batching();
    expect(a.isA(Batching)).toBe(true);
    expect(a.isA(JointTypes(Batching))).toBe(true);
    expect(a.has(Batching)).toBe(true);
    expect(a.has(JointTypes(Batching))).toBe(true);
    expect(a.isA(Training)).toBe(false);
    expect(a.has(Training)).toBe(false);
    expect(a.batchSize).toBe(1);
    expect(a.batchAxis).toBe(0);
    expect(() => new Batching({ size: 2 } as never)).toThrow(/unknown option 'size'/);
  });
});

describe("Mode (test_Mode)", () => {
  it("base Mode is and has Mode only", () => {
    const a = new Mode();
    expect(a.isA(Mode)).toBe(true);
    expect(a.isA(JointTypes(Mode))).toBe(true);
    expect(a.has(Mode)).toBe(true);
    expect(a.has(JointTypes(Mode))).toBe(true);
    expect(a.isA(Training)).toBe(false);
    expect(a.has(Training)).toBe(false);
    expect(a.isA(Batching)).toBe(false);
    expect(a.has(Batching)).toBe(false);
    expect(String(a)).toBe("Mode");
  });

  it("equals compares classes and rejects non-modes", () => {
    expect(new Training().equals(new Training())).toBe(true);
    expect(new Training().equals(new Batching())).toBe(false);
    expect(() => new Training().equals(1)).toThrow(ValueError);
  });
});

describe("JointTypes / OneOfTypes", () => {
  class A {}
  class B {}
  class AB extends A {}
  it("collapse one class, flatten and deduplicate", () => {
    expect(JointTypes(A)).toBe(A);
    expect(OneOfTypes(A, A)).toBe(A);
    const j = JointTypes(A, B, A) as JointType;
    expect(j.types).toEqual([A, B]);
    expect((JointTypes(j, A) as JointType).equals(j)).toBe(true);
    expect(new AB() instanceof (JointTypes(A, AB) as JointType)).toBe(true);
    expect(new A() instanceof (JointTypes(A, AB) as JointType)).toBe(false);
    expect(new B() instanceof (OneOfTypes(A, B) as OneOfType)).toBe(true);
  });
  it("need at least one class", () => {
    expect(() => JointTypes()).toThrow(/needs at least one class/);
    expect(() => OneOfTypes(3 as never)).toThrow(/must be a class/);
  });
});

describe("ParamDescriber / ParamDesc", () => {
  class Syn {
    readonly args: unknown[];
    constructor(...args: unknown[]) {
      this.args = args;
    }
  }
  class SubSyn extends Syn {}
  class Described extends ParamDesc {
    readonly n: number;
    constructor(n: number) {
      super();
      this.n = n;
    }
  }
  it("builds the class with description-time arguments first", () => {
    const d = new ParamDescriber(Syn, 1, 2);
    expect(d.call(3).args).toEqual([1, 2, 3]);
    expect(d.init().args).toEqual([1, 2]);
    expect(d.identifier).toEqual([Syn, [1, 2]]);
    expect(() => {
      (d as unknown as { identifier: unknown }).identifier = 1;
    }).toThrow(TypeError);
  });
  it("works as an instanceof target for describers of subclasses", () => {
    expect(new ParamDescriber(SubSyn) instanceof ParamDescriber.of(Syn)).toBe(true);
    expect(new ParamDescriber(Syn) instanceof ParamDescriber.of(SubSyn)).toBe(false);
    expect((3 as unknown) instanceof ParamDescriber.of(Syn)).toBe(false);
  });
  it("cannot be subclassed", () => {
    class Bad extends ParamDescriber {}
    expect(() => new Bad(Syn)).toThrow(/cannot subclass ParamDescriber/);
  });
  it("ParamDesc.desc describes the class", () => {
    const d = Described.desc(5);
    expect(d).toBeInstanceOf(ParamDescriber);
    expect(d.call().n).toBe(5);
    expect(new Described(1) instanceof ParamDesc).toBe(true);
  });
});

describe("behaviour mixins", () => {
  it("are recognised by their methods", () => {
    const syn = { alignPostInputAdd: () => 0 };
    expect(syn instanceof AlignPost).toBe(true);
    expect({} instanceof AlignPost).toBe(false);
    const out = new BindCondData();
    out.bindCond(3);
    expect(out._conductance).toBe(3);
    out.unbindCond();
    expect(out._conductance).toBeNull();
    expect({ bindCond: () => 0 } instanceof BindCondData).toBe(true);
    expect({ updateReturn: () => 0 } instanceof UpdateReturn).toBe(true);
  });
});
