// A small WebAssembly binary writer: LEB128, the sections a kernel module needs (type, imports of
// memory and functions, function, export, code) and the scalar and SIMD (0xFD-prefixed)
// instructions the wasm kernel renderer and the CPU matmul module emit, each recorded with its
// text form for inspection.
// Layer 4.

/** Value types of the instructions this writer emits. @beta */
export type WasmValType = "i32" | "f32" | "f64" | "v128";

const VALTYPE_CODE: Record<WasmValType, number> = { i32: 0x7f, f32: 0x7d, f64: 0x7c, v128: 0x7b };

/** Appends `n` (a non-negative integer below 2^32) as unsigned LEB128. @beta */
export function writeUleb(out: number[], n: number): void {
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) throw new Error(`wasm writer: ${n} is not a u32`);
  let v = n;
  do {
    let byte = v % 128;
    v = Math.floor(v / 128);
    if (v !== 0) byte |= 0x80;
    out.push(byte);
  } while (v !== 0);
}

/** Appends `n` (an integer in the int32 range) as signed LEB128. @beta */
export function writeSleb(out: number[], n: number): void {
  if (!Number.isInteger(n) || n < -0x80000000 || n > 0x7fffffff) throw new Error(`wasm writer: ${n} is not an i32`);
  let v = n | 0;
  for (;;) {
    const byte = v & 0x7f;
    v >>= 7;
    const done = (v === 0 && (byte & 0x40) === 0) || (v === -1 && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return;
  }
}

function writeName(out: number[], s: string): void {
  const bytes = new TextEncoder().encode(s);
  writeUleb(out, bytes.length);
  for (const b of bytes) out.push(b);
}

/** Opcodes of plain (unprefixed) instructions without immediates. */
const PLAIN_OPS = {
  "i32.add": 0x6a,
  "i32.sub": 0x6b,
  "i32.shr_u": 0x76,
  "i32.lt_u": 0x49,
  "f32.demote_f64": 0xb6,
  "f64.promote_f32": 0xbb,
  drop: 0x1a,
} as const;

/** Opcodes (after the 0xFD prefix) of the SIMD instructions without immediates. */
const SIMD_OPS = {
  "i32x4.splat": 0x11,
  "f32x4.splat": 0x13,
  "i32x4.eq": 0x37,
  "i32x4.ne": 0x38,
  "i32x4.lt_s": 0x39,
  "i32x4.gt_s": 0x3b,
  "i32x4.le_s": 0x3d,
  "i32x4.ge_s": 0x3f,
  "f32x4.eq": 0x41,
  "f32x4.ne": 0x42,
  "f32x4.lt": 0x43,
  "f32x4.gt": 0x44,
  "f32x4.le": 0x45,
  "f32x4.ge": 0x46,
  "v128.not": 0x4d,
  "v128.and": 0x4e,
  "v128.andnot": 0x4f,
  "v128.or": 0x50,
  "v128.xor": 0x51,
  "v128.bitselect": 0x52,
  "v128.any_true": 0x53,
  "f32x4.demote_f64x2_zero": 0x5e,
  "f64x2.promote_low_f32x4": 0x5f,
  "f32x4.ceil": 0x67,
  "f32x4.floor": 0x68,
  "f32x4.trunc": 0x69,
  "f32x4.nearest": 0x6a,
  "i16x8.extend_low_i8x16_u": 0x89,
  "i32x4.abs": 0xa0,
  "i32x4.neg": 0xa1,
  "i32x4.extend_low_i16x8_u": 0xa9,
  "i32x4.shl": 0xab,
  "i32x4.shr_s": 0xac,
  "i32x4.add": 0xae,
  "i32x4.sub": 0xb1,
  "i32x4.mul": 0xb5,
  "i32x4.min_s": 0xb6,
  "i32x4.max_s": 0xb8,
  "i64x2.shl": 0xcb,
  "i64x2.shr_s": 0xcc,
  "f32x4.abs": 0xe0,
  "f32x4.neg": 0xe1,
  "f32x4.sqrt": 0xe3,
  "f32x4.add": 0xe4,
  "f32x4.sub": 0xe5,
  "f32x4.mul": 0xe6,
  "f32x4.div": 0xe7,
  "f32x4.min": 0xe8,
  "f32x4.max": 0xe9,
  "f64x2.add": 0xf0,
  "f64x2.sub": 0xf1,
  "f64x2.mul": 0xf2,
  "i32x4.trunc_sat_f32x4_s": 0xf8,
  "f32x4.convert_i32x4_s": 0xfa,
} as const;

/** Scalar memory instructions (memarg immediates). */
const MEM_OPS = {
  "f32.load": 0x2a,
  "f32.store": 0x38,
} as const;

/** SIMD lane instructions (a lane index immediate). */
const SIMD_LANE_OPS = {
  "f32x4.extract_lane": 0x1f,
  "f32x4.replace_lane": 0x20,
} as const;

/** SIMD memory instructions (memarg immediates). */
const SIMD_MEM_OPS = {
  "v128.load": 0x00,
  "v128.store": 0x0b,
  "v128.load32_zero": 0x5c,
  "v128.load32_splat": 0x09,
} as const;

/** A plain instruction without immediates. @beta */
export type WasmPlainOp = keyof typeof PLAIN_OPS;
/** A SIMD instruction without immediates. @beta */
export type WasmSimdOp = keyof typeof SIMD_OPS;
/** A scalar load or store. @beta */
export type WasmMemOp = keyof typeof MEM_OPS;
/** A SIMD load or store. @beta */
export type WasmSimdMemOp = keyof typeof SIMD_MEM_OPS;
/** A SIMD instruction on one lane. @beta */
export type WasmSimdLaneOp = keyof typeof SIMD_LANE_OPS;

const f32Bytes = new Uint8Array(4);
const f32View = new DataView(f32Bytes.buffer);

function fmtFloat(v: number): string {
  if (Number.isNaN(v)) return "nan";
  if (v === Infinity) return "inf";
  if (v === -Infinity) return "-inf";
  return Object.is(v, -0) ? "-0" : String(v);
}

/**
 * A sequence of instructions: the encoded bytes and one text line per instruction (the WAT
 * spelling, indented by block depth). Sequences are concatenated into function bodies.
 * @beta
 */
export class WasmCode {
  /** Encoded instructions. */
  readonly bytes: number[] = [];
  /** One line of text per instruction. */
  readonly lines: string[] = [];
  private depth = 0;

  private text(s: string): void {
    this.lines.push(`${"  ".repeat(this.depth)}${s}`);
  }

  /** A plain instruction without immediates. */
  op(name: WasmPlainOp): this {
    this.bytes.push(PLAIN_OPS[name]);
    this.text(name);
    return this;
  }

  /** A SIMD instruction without immediates. */
  simd(name: WasmSimdOp): this {
    this.bytes.push(0xfd);
    writeUleb(this.bytes, SIMD_OPS[name]);
    this.text(name);
    return this;
  }

  /** A scalar load or store at `address + offset` (`align` is log2 of the promised alignment). */
  mem(name: WasmMemOp, offset: number, align: number): this {
    this.bytes.push(MEM_OPS[name]);
    writeUleb(this.bytes, align);
    writeUleb(this.bytes, offset);
    this.text(`${name} offset=${offset} align=${2 ** align}`);
    return this;
  }

  /** A SIMD load or store at `address + offset` (`align` is log2 of the promised alignment). */
  simdMem(name: WasmSimdMemOp, offset: number, align: number): this {
    this.bytes.push(0xfd);
    writeUleb(this.bytes, SIMD_MEM_OPS[name]);
    writeUleb(this.bytes, align);
    writeUleb(this.bytes, offset);
    this.text(`${name} offset=${offset} align=${2 ** align}`);
    return this;
  }

  /** A SIMD instruction on lane `lane`. */
  simdLane(name: WasmSimdLaneOp, lane: number): this {
    this.bytes.push(0xfd);
    writeUleb(this.bytes, SIMD_LANE_OPS[name]);
    this.bytes.push(lane);
    this.text(`${name} ${lane}`);
    return this;
  }

  /** `i8x16.shuffle`: byte i of the result is byte `lanes[i]` of the two operands' 32 bytes. */
  shuffle(lanes: readonly number[]): this {
    if (lanes.length !== 16 || lanes.some((l) => !Number.isInteger(l) || l < 0 || l > 31)) {
      throw new Error("wasm writer: i8x16.shuffle needs 16 lane indices in [0, 32)");
    }
    this.bytes.push(0xfd);
    writeUleb(this.bytes, 0x0d);
    for (const l of lanes) this.bytes.push(l);
    this.text(`i8x16.shuffle ${lanes.join(" ")}`);
    return this;
  }

  /** `v128.const` from 16 little-endian bytes; `note` is the lane form shown in the text. */
  v128Const(bytes: Uint8Array, note: string): this {
    if (bytes.length !== 16) throw new Error("wasm writer: v128.const needs 16 bytes");
    this.bytes.push(0xfd);
    writeUleb(this.bytes, 0x0c);
    for (const b of bytes) this.bytes.push(b);
    this.text(`v128.const ${note}`);
    return this;
  }

  /** `v128.const f32x4 v v v v`. */
  f32x4Const(v: number): this {
    const b = new Uint8Array(16);
    const view = new DataView(b.buffer);
    for (let i = 0; i < 4; i++) view.setFloat32(i * 4, v, true);
    const s = fmtFloat(v);
    return this.v128Const(b, `f32x4 ${s} ${s} ${s} ${s}`);
  }

  /** `v128.const f64x2 v v`. */
  f64x2Const(v: number): this {
    const b = new Uint8Array(16);
    const view = new DataView(b.buffer);
    for (let i = 0; i < 2; i++) view.setFloat64(i * 8, v, true);
    const s = fmtFloat(v);
    return this.v128Const(b, `f64x2 ${s} ${s}`);
  }

  /** `v128.const i32x4 a b c d`. */
  i32x4Const(lanes: readonly [number, number, number, number]): this {
    const b = new Uint8Array(16);
    const view = new DataView(b.buffer);
    lanes.forEach((v, i) => view.setInt32(i * 4, v, true));
    return this.v128Const(b, `i32x4 ${lanes.join(" ")}`);
  }

  /** `i32.const v`. */
  i32Const(v: number): this {
    this.bytes.push(0x41);
    writeSleb(this.bytes, v);
    this.text(`i32.const ${v}`);
    return this;
  }

  /** `f32.const v` (v is rounded to float32). */
  f32Const(v: number): this {
    this.bytes.push(0x43);
    f32View.setFloat32(0, v, true);
    for (const b of f32Bytes) this.bytes.push(b);
    this.text(`f32.const ${fmtFloat(Math.fround(v))}`);
    return this;
  }

  /** `local.get i`. */
  localGet(i: number): this {
    this.bytes.push(0x20);
    writeUleb(this.bytes, i);
    this.text(`local.get ${i}`);
    return this;
  }

  /** `local.set i`. */
  localSet(i: number): this {
    this.bytes.push(0x21);
    writeUleb(this.bytes, i);
    this.text(`local.set ${i}`);
    return this;
  }

  /** `local.tee i`. */
  localTee(i: number): this {
    this.bytes.push(0x22);
    writeUleb(this.bytes, i);
    this.text(`local.tee ${i}`);
    return this;
  }

  /** `loop` with an empty block type; close it with `end`. */
  loop(): this {
    this.bytes.push(0x03, 0x40);
    this.text("loop");
    this.depth++;
    return this;
  }

  /** `if` with an empty block type (it pops an i32 condition); close it with `end`. */
  if(): this {
    this.bytes.push(0x04, 0x40);
    this.text("if");
    this.depth++;
    return this;
  }

  /** `call f` (`f` is the function's index in the module: imported functions first, then `functions` in order). */
  call(f: number): this {
    this.bytes.push(0x10);
    writeUleb(this.bytes, f);
    this.text(`call ${f}`);
    return this;
  }

  /** `br_if depth`. */
  brIf(depth: number): this {
    this.bytes.push(0x0d);
    writeUleb(this.bytes, depth);
    this.text(`br_if ${depth}`);
    return this;
  }

  /** Closes the innermost block or loop. */
  end(): this {
    if (this.depth === 0) throw new Error("wasm writer: 'end' without an open block");
    this.depth--;
    this.bytes.push(0x0b);
    this.text("end");
    return this;
  }

  /** Appends another sequence (its text indented by this sequence's depth). */
  append(other: WasmCode): this {
    for (const b of other.bytes) this.bytes.push(b);
    for (const l of other.lines) this.text(l);
    return this;
  }

  /** The current block nesting depth. */
  get openBlocks(): number {
    return this.depth;
  }
}

/** One exported function of a module. @beta */
export interface WasmFunction {
  /** Export name. */
  readonly name: string;
  /** Parameter types (locals 0..params.length-1). */
  readonly params: readonly WasmValType[];
  /** Result types. */
  readonly results: readonly WasmValType[];
  /** Types of the further locals, numbered after the parameters. */
  readonly locals: readonly WasmValType[];
  /** The body, without the final `end` (the writer adds it). */
  readonly code: WasmCode;
}

/** A function the module imports as `module.name`. @beta */
export interface WasmImportedFunction {
  /** Import module name. */
  readonly module: string;
  /** Import field name. */
  readonly name: string;
  /** Parameter types. */
  readonly params: readonly WasmValType[];
  /** Result types. */
  readonly results: readonly WasmValType[];
}

/** A module: functions, optionally importing one linear memory as `env.memory` and some functions. @beta */
export interface WasmModuleSpec {
  /** Minimum size in 64 KiB pages of the imported memory; absent for a module without memory. */
  readonly memoryMinPages?: number;
  /** Imported functions: indices 0 to imports.length − 1, before the module's own functions. */
  readonly imports?: readonly WasmImportedFunction[];
  /** The functions, exported under their names. */
  readonly functions: readonly WasmFunction[];
}

function section(out: number[], id: number, content: number[]): void {
  out.push(id);
  writeUleb(out, content.length);
  for (const b of content) out.push(b);
}

function typeKey(f: { readonly params: readonly WasmValType[]; readonly results: readonly WasmValType[] }): string {
  return `${f.params.join(",")}->${f.results.join(",")}`;
}

/** Encodes a module (header, type, import, function, export and code sections). @beta */
export function assembleModule(spec: WasmModuleSpec): Uint8Array {
  const out: number[] = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
  const imports = spec.imports ?? [];
  const types: { readonly params: readonly WasmValType[]; readonly results: readonly WasmValType[] }[] = [];
  const typeIndex = new Map<string, number>();
  for (const f of [...imports, ...spec.functions]) {
    if ("code" in f && f.code.openBlocks !== 0) throw new Error(`wasm writer: function '${f.name}' has unclosed blocks`);
    if (!typeIndex.has(typeKey(f))) {
      typeIndex.set(typeKey(f), types.length);
      types.push(f);
    }
  }
  const typeSec: number[] = [];
  writeUleb(typeSec, types.length);
  for (const t of types) {
    typeSec.push(0x60);
    writeUleb(typeSec, t.params.length);
    for (const p of t.params) typeSec.push(VALTYPE_CODE[p]);
    writeUleb(typeSec, t.results.length);
    for (const r of t.results) typeSec.push(VALTYPE_CODE[r]);
  }
  section(out, 1, typeSec);
  const numImports = imports.length + (spec.memoryMinPages !== undefined ? 1 : 0);
  if (numImports > 0) {
    const imp: number[] = [];
    writeUleb(imp, numImports);
    if (spec.memoryMinPages !== undefined) {
      writeName(imp, "env");
      writeName(imp, "memory");
      imp.push(0x02, 0x00);
      writeUleb(imp, spec.memoryMinPages);
    }
    for (const f of imports) {
      writeName(imp, f.module);
      writeName(imp, f.name);
      imp.push(0x00);
      writeUleb(imp, typeIndex.get(typeKey(f)) as number);
    }
    section(out, 2, imp);
  }
  const funcSec: number[] = [];
  writeUleb(funcSec, spec.functions.length);
  for (const f of spec.functions) writeUleb(funcSec, typeIndex.get(typeKey(f)) as number);
  section(out, 3, funcSec);
  const expSec: number[] = [];
  writeUleb(expSec, spec.functions.length);
  spec.functions.forEach((f, i) => {
    writeName(expSec, f.name);
    expSec.push(0x00);
    writeUleb(expSec, imports.length + i);
  });
  section(out, 7, expSec);
  const codeSec: number[] = [];
  writeUleb(codeSec, spec.functions.length);
  for (const f of spec.functions) {
    const body: number[] = [];
    // Locals are declared in runs of equal type.
    const runs: [number, WasmValType][] = [];
    for (const t of f.locals) {
      const last = runs[runs.length - 1];
      if (last && last[1] === t) last[0]++;
      else runs.push([1, t]);
    }
    writeUleb(body, runs.length);
    for (const [n, t] of runs) {
      writeUleb(body, n);
      body.push(VALTYPE_CODE[t]);
    }
    for (const b of f.code.bytes) body.push(b);
    body.push(0x0b);
    writeUleb(codeSec, body.length);
    for (const b of body) codeSec.push(b);
  }
  section(out, 10, codeSec);
  return Uint8Array.from(out);
}

/** The text form of a function (a WAT-like listing of its instructions). @beta */
export function functionText(f: WasmFunction): string {
  const params = f.params.map((p, i) => `(param $${i} ${p})`).join(" ");
  const locals = f.locals.map((t, i) => `(local $${f.params.length + i} ${t})`).join(" ");
  const head = [`(func (export "${f.name}")`, params, locals].filter((p) => p !== "").join(" ");
  return [head, ...f.code.lines.map((l) => `  ${l}`), ")"].join("\n");
}
