// Device handles: reference counting deletes a texture exactly when its last owner lets go.
import { describe, expect, it } from "vitest";
import { DeviceHandle, GpujsBuffer, retainContents } from "./textures.js";
import type { Backend } from "@brainstate/core/extend";

function fakeTexture(): { deleted: number; delete(): void } {
  return { deleted: 0, delete() { this.deleted++; } };
}

const backend = {} as Backend;

describe("DeviceHandle", () => {
  it("deletes a shared texture once, after the last buffer is freed", () => {
    const tex = fakeTexture();
    const h = new DeviceHandle(tex);
    const a = new GpujsBuffer(backend, "float32", 4, { host: null, device: h, range: { lo: 0, hi: 0 } });
    const b = new GpujsBuffer(backend, "float32", 4, retainContents(a.contents));
    a.free();
    expect(tex.deleted).toBe(0);
    b.free();
    expect(tex.deleted).toBe(1);
  });

  it("deletes the previous texture when a buffer is overwritten, and never a typed array", () => {
    const tex = fakeTexture();
    const a = new GpujsBuffer(backend, "float32", 4, { host: null, device: new DeviceHandle(tex), range: { lo: 0, hi: 0 } });
    a.write({ host: null, device: new DeviceHandle(new Float32Array(4)), range: { lo: 0, hi: 0 } });
    expect(tex.deleted).toBe(1);
    expect(new DeviceHandle(new Float32Array(2)).needsDelete).toBe(false);
    expect(() => {
      a.free();
      return a.contents;
    }).toThrow(/freed/);
  });
});
