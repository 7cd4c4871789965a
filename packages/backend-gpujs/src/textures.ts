// Device-resident data: a buffer holds a host copy and/or a gpu.js device value (a Float32Array on
// cpu/webasm, a texture on GL, a buffer result on WebGPU), shared between buffers by reference
// counting and deleted by the library when the last owner lets go (a FinalizationRegistry only
// backstops buffers that were never freed).

import { allocData, type DataArray, type DeviceBuffer, type DType } from "@brainstate/core/extend";
import { rangeOfData, type Range } from "./bounds.js";

/** A device value with an explicit lifetime. @beta */
export class DeviceHandle {
  /** The gpu.js value: Float32Array, GLTexture or WebGPUBufferResult. */
  readonly value: unknown;
  private refs = 1;
  constructor(value: unknown) {
    this.value = value;
  }
  /** Adds an owner. */
  retain(): this {
    this.refs++;
    return this;
  }
  /** Drops an owner; the last one deletes the texture or buffer. */
  release(): void {
    if (--this.refs === 0) deleteDeviceValue(this.value);
  }
  /** True when the value must be deleted explicitly (textures, GPU buffers). */
  get needsDelete(): boolean {
    return needsDelete(this.value);
  }
}

function needsDelete(v: unknown): boolean {
  return typeof v === "object" && v !== null && !ArrayBuffer.isView(v) && typeof (v as { delete?: unknown }).delete === "function";
}

function deleteDeviceValue(v: unknown): void {
  if (needsDelete(v)) (v as { delete(): void }).delete();
}

/** Part of a buffer written by a partial copy: `contents` of `size` elements at `offset`. @beta */
export interface Piece {
  readonly offset: number;
  readonly size: number;
  readonly contents: Contents;
}

/** What a buffer holds; a new object on every write, so a snapshot never changes under a reader. @beta */
export interface Contents {
  /** Host copy in the buffer's dtype (authoritative when present). */
  readonly host: DataArray | null;
  /** Device value (float32 values). */
  readonly device: DeviceHandle | null;
  /** Range of the values (integer kernels may run on the device only within ±2^24). */
  readonly range: Range;
  /** An error from the (asynchronous) computation that should have produced the contents. */
  readonly error?: unknown;
  /**
   * Partial copies laid over the host/device value (zeros when both are null), in order: assembled
   * once, when the buffer is first read or used (scan stacks its per-step results this way).
   */
  readonly pieces?: readonly Piece[];
}

/** Every device handle the contents own (their own value and those of their pieces). */
export function handlesOf(c: Contents): DeviceHandle[] {
  const own = c.device ? [c.device] : [];
  return c.pieces ? [...own, ...c.pieces.flatMap((p) => handlesOf(p.contents))] : own;
}

/** The same contents with one more owner of each device handle (for sharing them with another buffer). */
export function retainContents(c: Contents): Contents {
  for (const h of handlesOf(c)) h.retain();
  return c;
}

const EMPTY_RANGE: Range = { lo: 0, hi: 0 };

/** Owners of device handles that must be deleted; collected buffers release theirs. */
const LEAKS = new FinalizationRegistry<{ handles: DeviceHandle[] }>((cell) => {
  for (const h of cell.handles) h.release();
});

/** A buffer of the gpu.js backend. @beta */
export class GpujsBuffer implements DeviceBuffer {
  readonly backend: DeviceBuffer["backend"];
  readonly dtype: DType;
  readonly size: number;
  private state: Contents;
  private readonly cell: { handles: DeviceHandle[] } = { handles: [] };
  private registered = false;
  private freed = false;

  constructor(backend: DeviceBuffer["backend"], dtype: DType, size: number, contents?: Contents) {
    this.backend = backend;
    this.dtype = dtype;
    this.size = size;
    this.state = contents ?? { host: null, device: null, range: EMPTY_RANGE };
    this.track(handlesOf(this.state));
  }

  /** The current contents (zeros for a buffer never written). */
  get contents(): Contents {
    if (this.freed) throw new Error("GpujsBuffer: the buffer was freed; an Array was used after dispose()");
    return this.state;
  }

  /** True once freed. */
  get isFreed(): boolean {
    return this.freed;
  }

  /** Replaces the contents, releasing the device values the new contents do not keep. */
  write(next: Contents): void {
    const prev = handlesOf(this.state);
    this.state = next;
    const kept = handlesOf(next);
    this.track(kept);
    for (const h of prev) if (!kept.includes(h)) h.release();
  }

  /** Caches a host copy next to the device value (reads do this: the contents do not change). */
  cacheHost(host: DataArray): void {
    this.state = { ...this.state, host };
  }

  /** Releases the device values and the host copy. */
  free(): void {
    if (this.freed) return;
    this.freed = true;
    const prev = handlesOf(this.state);
    this.state = { host: null, device: null, range: EMPTY_RANGE };
    this.cell.handles = [];
    if (this.registered) LEAKS.unregister(this.cell);
    for (const h of prev) h.release();
  }

  private track(handles: DeviceHandle[]): void {
    this.cell.handles = handles;
    if (!this.registered && handles.some((h) => h.needsDelete)) {
      LEAKS.register(this, this.cell, this.cell);
      this.registered = true;
    }
  }
}

/** Contents holding host data (its range computed from the values). */
export function hostContents(data: DataArray): Contents {
  return { host: data, device: null, range: rangeOfData(data) };
}

/** Host data converted to the float32 values gpu.js reads (bools as 0/1). */
export function toFloat32(data: DataArray): Float32Array {
  if (data instanceof Float32Array) return data;
  const out = new Float32Array(data.length);
  for (let i = 0; i < data.length; i++) out[i] = data[i] as number;
  return out;
}

/** Float32 values read from the device converted to a fresh array of `dtype`. */
export function fromFloat32(values: ArrayLike<number>, dtype: DType, size: number): DataArray {
  const out = allocData(dtype, size);
  if (dtype === "bool") {
    for (let i = 0; i < size; i++) out[i] = (values[i] as number) !== 0 ? 1 : 0;
  } else if (dtype === "float32") {
    for (let i = 0; i < size; i++) out[i] = values[i] as number;
  } else {
    // Integers are exact in float32 here (the backend keeps integer kernels within ±2^24).
    for (let i = 0; i < size; i++) out[i] = Math.round(values[i] as number);
  }
  return out;
}
