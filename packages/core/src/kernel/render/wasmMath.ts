// Vectorised float32 approximations of exp, expm1, log, log1p, tanh, sin and cos as WebAssembly
// SIMD sequences (four f32 lanes at a time; sin and cos reduce in two f64 lanes at a time),
// emitted into the wasm kernel renderer's functions. Layer 4.

import type { AluOp } from "../ir.js";
import type { WasmCode, WasmSimdOp } from "./wasmBinary.js";

/**
 * The float32 ops with a SIMD approximation, and the largest error of each, in float32 ulps from
 * Math's float64 value rounded to float32, measured exhaustively over all 2^32 float32 inputs:
 * every function is within 1 ulp (about 0.6% of inputs for exp, log and log1p, 0.3% for expm1,
 * 0.2% for tanh and 0.01% for sin and cos are 1 ulp off; the rest are exact). Every function returns
 * exactly the special values of its `Math` counterpart (NaN, ±0, ±Infinity, saturation at ±1,
 * overflow to Infinity). Results in the subnormal range are kept, not flushed to zero: exp and expm1
 * round them once, log handles subnormal inputs. sin and cos call Math.sin and Math.cos (exact,
 * like the interpreter) for groups of four lanes with a lane at |x| ≥ 2^24 or ±Infinity.
 * @beta
 */
export const WASM_MATH_ULPS: Readonly<Partial<Record<AluOp, number>>> = {
  exp: 1,
  expm1: 1,
  log: 1,
  log1p: 1,
  tanh: 1,
  sin: 1,
  cos: 1,
};

/** What the emitters need from the renderer: splatted constants (which it may hoist) and scratch locals. @beta */
export interface WasmMathContext {
  /** Pushes a v128 whose four f32 lanes are `v` (already a float32). */
  f32(code: WasmCode, v: number): void;
  /** Pushes a v128 whose four i32 lanes are `v`. */
  i32(code: WasmCode, v: number): void;
  /** Pushes a v128 whose two f64 lanes are `v`. */
  f64(code: WasmCode, v: number): void;
  /** The function index of the imported `Math.<name>` ((f64) → f64), imported on first use. */
  importMath(name: "sin" | "cos"): number;
  /** A fresh v128 local. */
  local(): number;
}

/** A value not yet emitted: pushing it onto a stack (re-emits its code on every use; bind shared values). */
type V = (code: WasmCode) => void;

const f = Math.fround;

/** ln 2 split: LN2_HI has 16 significant bits, so n·LN2_HI is exact for |n| < 2^8; LN2_LO = ln 2 − LN2_HI. */
const LN2_HI = 45426 / 65536;
const LN2_LO = f(Math.LN2 - LN2_HI);

// Coefficients fitted for this file (Lawson-weighted least squares towards minimax, then rounded to
// float32), lowest degree first.
// expm1(r) = r + r²·EXPM1_P(r) on |r| ≤ ln2/2: relative error 2.3e-9 (0.02 ulp).
const EXPM1_P = [0.5, 0.1666666716337204, 0.04166635498404503, 0.00833327416330576, 0.001394102000631392, 0.00019913571304641664];
// log(1+t) = t − t²/2 + t³·LOG_P(t) on [√½ − 1, √2 − 1]: relative error 8e-9 (0.07 ulp).
const LOG_P = [
  0.3333333134651184, -0.250008225440979, 0.20001226663589478, -0.16623356938362122, 0.14201761782169342,
  -0.131601944565773, 0.12761549651622772, -0.07634429633617401,
];
// e^r = EXP_P(r) on |r| ≤ ln2/2: relative error 1.7e-8 (0.15 ulp).
const EXP_P = [1, 1, 0.49999991059303284, 0.16666419804096222, 0.04166822507977486, 0.008374822326004505, 0.0013836834114044905];
// tanh(x) = x + x³·TANH_P(x²) on |x| ≤ TANH_SMALL: relative error 8.7e-9 (0.07 ulp).
const TANH_P = [-0.3333328068256378, 0.13331441581249237, -0.05373971164226532, 0.020639078691601753, -0.005704978480935097];
/** Below this |x|, tanh uses its odd polynomial; above, tanh |x| > 0.55 and 1 − 2/(e^{2|x|} + 1) has no cancellation. */
const TANH_SMALL = 0.625;
// π/2 = PIO2_1 + PIO2_2 + PIO2_3 to 2^-114: the first two have 27 and 28 significant bits, so
// k·PIO2_1 and k·PIO2_2 are exact float64 products for |k| < 2^24.
const PIO2_1 = 1.570796325802803;
const PIO2_2 = 9.920935808982456e-10;
const PIO2_3 = -1.2177051777973966e-18;
// Taylor coefficients (in float64): sin r = r + r³·SIN_P(r²), cos r = 1 − r²/2 + r⁴·COS_P(r²) on
// |r| ≤ π/4, truncation errors below 2.5e-9 and 1.2e-10 relative (0.04 and 0.002 float32 ulps).
const SIN_P = [-1 / 6, 1 / 120, -1 / 5040, 1 / 362880];
const COS_P = [1 / 24, -1 / 720, 1 / 40320, -1 / 3628800];
/** Up to this |x|, sin and cos reduce in float64 SIMD; lanes beyond (and ±Infinity) call Math.sin/Math.cos. */
const TRIG_SIMD_LIMIT = 2 ** 24;
/** 1.5·2^52: adding it to a float64 |v| < 2^51 rounds v to an integer, which lands in the low mantissa bits. */
const ROUNDER64 = 6755399441055744;
/** i8x16.shuffle lanes: the high two f32 lanes of the first operand, moved to the bottom. */
const HIGH_PAIR = [8, 9, 10, 11, 12, 13, 14, 15, 8, 9, 10, 11, 12, 13, 14, 15];
/** i8x16.shuffle lanes: the low two f32 lanes of each operand, one after the other. */
const LOW_PAIRS = [0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23];
/** 1.5·2^23: adding it to |v| < 2^22 rounds v to an integer, which lands in the low mantissa bits. */
const ROUNDER = 12582912;
/** The bit pattern of ROUNDER (0x4b400000): subtracting it from the sum's bits leaves the integer. */
const ROUNDER_BITS = 0x4b400000;

/** Bit pattern of √½ (0x3f3504f3): mantissas are reduced to [√½, √2). */
const SQRT_HALF_BITS = 0x3f3504f3;
const MIN_NORMAL = 2 ** -126;

/** Emits the SIMD sequence of one approximated function. */
class MathEmitter {
  constructor(
    private readonly ctx: WasmMathContext,
    private readonly code: WasmCode,
  ) {}

  k(v: number): V {
    const c = f(v);
    return (code) => this.ctx.f32(code, c);
  }

  ki(v: number): V {
    return (code) => this.ctx.i32(code, v);
  }

  kd(v: number): V {
    return (code) => this.ctx.f64(code, v);
  }

  get(l: number): V {
    return (code) => code.localGet(l);
  }

  /** Emits `v` now into a fresh local; the result reads the local. */
  bind(v: V): V {
    v(this.code);
    const l = this.ctx.local();
    this.code.localSet(l);
    return this.get(l);
  }

  op(name: WasmSimdOp, ...args: V[]): V {
    return (code) => {
      for (const a of args) a(code);
      code.simd(name);
    };
  }

  add = (a: V, b: V): V => this.op("f32x4.add", a, b);
  sub = (a: V, b: V): V => this.op("f32x4.sub", a, b);
  mul = (a: V, b: V): V => this.op("f32x4.mul", a, b);
  div = (a: V, b: V): V => this.op("f32x4.div", a, b);
  /** `mask ? a : b`, lane by lane (mask lanes all ones or all zeros). */
  select = (mask: V, a: V, b: V): V => this.op("v128.bitselect", a, b, mask);

  dadd = (a: V, b: V): V => this.op("f64x2.add", a, b);
  dsub = (a: V, b: V): V => this.op("f64x2.sub", a, b);
  dmul = (a: V, b: V): V => this.op("f64x2.mul", a, b);

  shuffle(a: V, b: V, lanes: readonly number[]): V {
    return (code) => {
      a(code);
      b(code);
      code.shuffle(lanes);
    };
  }

  /** A shift of each 64-bit lane by `s` bits (left, or arithmetic right). */
  shift64(name: "i64x2.shl" | "i64x2.shr_s", a: V, s: number): V {
    return (code) => {
      a(code);
      code.i32Const(s).simd(name);
    };
  }

  shl(a: V, s: number): V {
    return (code) => {
      a(code);
      code.i32Const(s).simd("i32x4.shl");
    };
  }

  shr(a: V, s: number): V {
    return (code) => {
      a(code);
      code.i32Const(s).simd("i32x4.shr_s");
    };
  }

  /** c[0] + c[1] t + ... by Horner's scheme in float64 lanes. */
  dpoly(t: V, c: readonly number[]): V {
    let p = this.kd(c[c.length - 1] as number);
    for (let i = c.length - 2; i >= 0; i--) p = this.dadd(this.dmul(p, t), this.kd(c[i] as number));
    return p;
  }

  /** c[0] + c[1] t + ... by Horner's scheme. */
  poly(t: V, c: readonly number[]): V {
    let p = this.k(c[c.length - 1] as number);
    for (let i = c.length - 2; i >= 0; i--) p = this.add(this.mul(p, t), this.k(c[i] as number));
    return p;
  }

  /** 2^n as float32 for int32 lanes n in [-126, 127]: (n + 127) shifted into the exponent field. */
  pow2(n: V): V {
    return this.shl(this.op("i32x4.add", n, this.ki(127)), 23);
  }

  /**
   * The reduction x = n·ln2 + r, |r| ≤ ln2/2, for |x| < 2^21: n = x·log2(e) rounded to nearest
   * even by adding and subtracting 1.5·2^23, which also leaves n in the low mantissa bits of the
   * sum. Returns r and the int32 lanes n, both bound.
   */
  reduceExp(x: V): { n: V; r: V } {
    const t = this.bind(this.add(this.mul(x, this.k(Math.LOG2E)), this.k(ROUNDER)));
    const nf = this.bind(this.sub(t, this.k(ROUNDER)));
    // x − n·LN2_HI is exact (Sterbenz); the low part adds one small rounding.
    const r = this.bind(this.sub(this.sub(x, this.mul(nf, this.k(LN2_HI))), this.mul(nf, this.k(LN2_LO))));
    const n = this.bind(this.op("i32x4.sub", t, this.ki(ROUNDER_BITS)));
    return { n, r };
  }

  /** expm1(r) = r + r²·P(r) for |r| ≤ ln2/2. */
  expm1Reduced(r: V): V {
    return this.add(r, this.mul(this.mul(r, r), this.poly(r, EXPM1_P)));
  }

  /**
   * v · 2^n for n in [-150, 128]: two exact power-of-two factors, so that the result is rounded
   * once, subnormal and overflowing results included.
   */
  scale(v: V, n: V): V {
    const n1 = this.bind(this.shr(n, 1));
    const n2 = this.op("i32x4.sub", n, n1);
    return this.mul(this.mul(v, this.pow2(n1)), this.pow2(n2));
  }

  /** e^x = 2^n·e^r. Clamping to [-104, 89] keeps n in [-150, 128]; beyond, the result is 0 or +Infinity anyway. */
  exp(x: V): V {
    const xc = this.bind(this.op("f32x4.max", this.op("f32x4.min", x, this.k(89)), this.k(-104)));
    const { n, r } = this.reduceExp(xc);
    return this.scale(this.poly(r, EXP_P), n);
  }

  /**
   * e^x − 1 = 2^n (q + 1 − 2^{-n}) with q = expm1(r): 1 − 2^{-n} is exact for n ≤ 24 and rounds
   * to 1 above, and the sum is the only rounding before the exact scaling. Below x = -30 the
   * result rounds to -1.
   */
  expm1(x: V): V {
    const xc = this.bind(this.op("f32x4.max", this.op("f32x4.min", x, this.k(89)), this.k(-30)));
    const { n, r } = this.reduceExp(xc);
    const y = this.scale(this.sub(this.expm1Reduced(r), this.sub(this.pow2Neg(n), this.k(1))), n);
    // The sums above turn -0 into +0.
    return this.select(this.op("f32x4.eq", x, this.k(0)), x, y);
  }

  /** 2^{-n} for n ≥ -126, with n capped at 126 (1 − 2^{-n} rounds to 1 from n = 25 on anyway). */
  pow2Neg(n: V): V {
    return this.shl(this.op("i32x4.sub", this.ki(127), this.op("i32x4.min_s", n, this.ki(126))), 23);
  }

  /**
   * log(u) for u > 0 finite and normal: u = 2^e·m with m in [√½, √2), t = m − 1 (exact), then
   * e·ln2 + t − t²/2 + t³·P(t) with the large terms added last. Other inputs give garbage.
   * `eAdjust` (int32 lanes) is added to e; `direct` replaces t where its mask is set (lanes
   * where e is 0).
   */
  logNormal(u: V, eAdjust?: V, direct?: { mask: V; t: V }): V {
    const ix = this.bind(this.op("i32x4.sub", u, this.ki(SQRT_HALF_BITS)));
    const e0 = this.shr(ix, 23);
    const e = this.bind(this.op("f32x4.convert_i32x4_s", eAdjust ? this.op("i32x4.add", e0, eAdjust) : e0));
    const m = this.op("i32x4.add", this.op("v128.and", ix, this.ki(0x007fffff)), this.ki(SQRT_HALF_BITS));
    const t0 = this.sub(m, this.k(1));
    const t = this.bind(direct ? this.select(direct.mask, direct.t, t0) : t0);
    const tt = this.bind(this.mul(t, t));
    const tail = this.add(this.mul(this.mul(tt, t), this.poly(t, LOG_P)), this.mul(e, this.k(LN2_LO)));
    const y = this.sub(tail, this.mul(tt, this.k(0.5)));
    return this.add(this.add(t, y), this.mul(e, this.k(LN2_HI)));
  }

  /** log x: subnormals are scaled by 2^23 first; log(±0) = -Infinity, log(x < 0) = NaN, log(+Infinity) = +Infinity. */
  log(x: V): V {
    const tiny = this.bind(this.op("f32x4.lt", x, this.k(MIN_NORMAL)));
    const u = this.select(tiny, this.mul(x, this.k(2 ** 23)), x);
    const r = this.logNormal(u, this.op("v128.and", tiny, this.ki(-23)));
    const positive = this.select(this.op("f32x4.gt", x, this.k(0)), r, this.k(NaN));
    const atZero = this.select(this.op("f32x4.eq", x, this.k(0)), this.k(-Infinity), positive);
    return this.select(this.op("f32x4.eq", x, this.k(Infinity)), this.k(Infinity), atZero);
  }

  /**
   * log(1 + x): for |x| < 1/4 the log polynomial of x itself; else log(u) + (x − (u − 1))/u with
   * u = 1 + x rounded, the quotient restoring what the rounding of u lost (u − 1 is exact). u is
   * never subnormal: it is 0 or at least 2^-24.
   */
  log1p(x: V): V {
    const near = this.bind(this.op("f32x4.lt", this.op("f32x4.abs", x), this.k(0.25)));
    const u = this.bind(this.add(this.k(1), x));
    const corr = this.op("v128.andnot", this.div(this.sub(x, this.sub(u, this.k(1))), u), near);
    const r = this.add(this.logNormal(u, undefined, { mask: near, t: x }), corr);
    const above = this.select(this.op("f32x4.gt", u, this.k(0)), r, this.k(NaN));
    const atMinusOne = this.select(this.op("f32x4.eq", u, this.k(0)), this.k(-Infinity), above);
    const atInf = this.select(this.op("f32x4.eq", x, this.k(Infinity)), this.k(Infinity), atMinusOne);
    return this.select(this.op("f32x4.eq", x, this.k(0)), x, atInf);
  }

  /**
   * tanh on |x|, then x's sign bit copied in: an odd polynomial below TANH_SMALL, else
   * 1 − 2/(e^{2|x|} + 1), where the result is at least 1/2 and the subtraction loses nothing.
   * |x| is capped at 9.5, past which tanh rounds to 1, so e^{2|x|} needs no clamping or split scaling.
   */
  tanh(x: V): V {
    const ax = this.bind(this.op("f32x4.min", this.op("f32x4.abs", x), this.k(9.5)));
    const z = this.bind(this.mul(ax, ax));
    const small = this.add(ax, this.mul(this.mul(ax, z), this.poly(z, TANH_P)));
    const { n, r } = this.reduceExp(this.bind(this.add(ax, ax)));
    const e = this.mul(this.poly(r, EXP_P), this.pow2(n));
    const large = this.sub(this.k(1), this.div(this.k(2), this.add(e, this.k(1))));
    const y = this.select(this.op("f32x4.lt", ax, this.k(TANH_SMALL)), small, large);
    return this.op("v128.or", y, this.op("v128.and", x, this.ki(-0x80000000)));
  }

  /**
   * sin or cos of two float64 lanes x (float32 values, |x| < 2^24): x = k·π/2 + r with k rounded
   * to nearest, r from the three-part π/2 (x − k·PIO2_1 is exact, so r keeps its full relative
   * accuracy even next to a multiple of π/2), then ±sin r or ±cos r by the quadrant k mod 4.
   */
  trigPair(x: V, cos: boolean): V {
    const t = this.bind(this.dadd(this.dmul(x, this.kd(2 / Math.PI)), this.kd(ROUNDER64)));
    const k = this.bind(this.dsub(t, this.kd(ROUNDER64)));
    const r = this.bind(
      this.dsub(this.dsub(this.dsub(x, this.dmul(k, this.kd(PIO2_1))), this.dmul(k, this.kd(PIO2_2))), this.dmul(k, this.kd(PIO2_3))),
    );
    const z = this.bind(this.dmul(r, r));
    const sinR = this.dadd(r, this.dmul(this.dmul(r, z), this.dpoly(z, SIN_P)));
    const cosR = this.dadd(this.dsub(this.kd(1), this.dmul(z, this.kd(0.5))), this.dmul(this.dmul(z, z), this.dpoly(z, COS_P)));
    // The quadrant's low bits sit in t's low mantissa bits; cos x = sin(x + π/2) is quadrant k + 1.
    const q = cos ? this.bind(this.dadd(t, this.kd(1))) : t;
    // Odd quadrants take the other function (bit 0 spread over the lane), quadrants 2 and 3 negate (bit 1 to the sign bit).
    const swap = this.shift64("i64x2.shr_s", this.shift64("i64x2.shl", q, 63), 63);
    const sign = this.op("v128.and", this.shift64("i64x2.shl", q, 62), this.kd(-0));
    return this.op("v128.xor", this.select(swap, cosR, sinR), sign);
  }

  /**
   * sin or cos in float64 SIMD, two lanes at a time, rounded once to float32 (so within an ulp);
   * when a lane has |x| ≥ 2^24 or is infinite, the four lanes call Math.sin/Math.cos instead.
   */
  trig(x: V, cos: boolean): V {
    const lo = this.trigPair(this.bind(this.op("f64x2.promote_low_f32x4", x)), cos);
    const hi = this.trigPair(this.bind(this.op("f64x2.promote_low_f32x4", this.shuffle(x, x, HIGH_PAIR))), cos);
    const pairs = this.shuffle(this.op("f32x4.demote_f64x2_zero", lo), this.op("f32x4.demote_f64x2_zero", hi), LOW_PAIRS);
    // sin keeps the sign of zero, which the sums above lose.
    const fast = cos ? pairs : this.select(this.op("f32x4.eq", x, this.k(0)), x, pairs);
    const res = this.ctx.local();
    const code = this.code;
    fast(code);
    code.localSet(res);
    this.op("v128.any_true", this.op("f32x4.ge", this.op("f32x4.abs", x), this.k(TRIG_SIMD_LIMIT)))(code);
    code.if();
    const f = this.ctx.importMath(cos ? "cos" : "sin");
    for (let lane = 0; lane < 4; lane++) {
      code.localGet(res);
      x(code);
      code.simdLane("f32x4.extract_lane", lane).op("f64.promote_f32").call(f).op("f32.demote_f64");
      code.simdLane("f32x4.replace_lane", lane).localSet(res);
    }
    code.end();
    return this.get(res);
  }
}

/** Whether `op` on float32 has a SIMD approximation here. @beta */
export function hasWasmMath(op: AluOp): boolean {
  return WASM_MATH_ULPS[op] !== undefined;
}

/**
 * Emits `op` (one of the ops in WASM_MATH_ULPS) on the float32 lanes held in local `x`: the
 * sequence leaves the result on the stack of `code`.
 * @beta
 */
export function emitWasmMath(op: AluOp, ctx: WasmMathContext, code: WasmCode, x: number): void {
  const m = new MathEmitter(ctx, code);
  const xv = m.get(x);
  let v: V;
  switch (op) {
    case "exp":
      v = m.exp(xv);
      break;
    case "expm1":
      v = m.expm1(xv);
      break;
    case "log":
      v = m.log(xv);
      break;
    case "log1p":
      v = m.log1p(xv);
      break;
    case "tanh":
      v = m.tanh(xv);
      break;
    case "sin":
    case "cos":
      v = m.trig(xv, op === "cos");
      break;
    default:
      throw new Error(`wasm math: no SIMD approximation of '${op}'`);
  }
  v(code);
}
