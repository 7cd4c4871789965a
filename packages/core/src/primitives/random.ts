// The Threefry-2x32 block cipher (Salmon et al., "Parallel random numbers: as easy as 1, 2, 3",
// SC'11; 20 rounds, JAX's `threefry2x32_p`) as kernel-IR primitives: each application computes one
// output word of one or more 4-round blocks. Layer 10.

import type { Array } from "../array/Array.js";
import { ShapedArray, formatAval } from "../array/aval.js";
import { DTypeError, ShapeError, ValueError } from "../errors/errors.js";
import { add, binary, constant } from "../kernel/build.js";
import type { Exp } from "../kernel/ir.js";
import { definePrimitive, type Loader, type Primitive } from "../trace/primitive.js";
import { sameList } from "../util/assert.js";
import * as ops from "./ops.js";
import { batchToFront, zeroJvp } from "./rules.js";

/**
 * Params of `threefry2x32`: which output word to produce and which 4-round blocks to run.
 * Block `b` (0 ≤ b < 5) runs rounds 4b … 4b+3 and then injects key `b + 1`; block 0 also injects
 * key 0 first. The operands `x0`, `x1` are the state after `firstBlock` blocks.
 * @beta
 */
export interface ThreefryParams {
  /** 0 for the first output word, 1 for the second. */
  readonly word: 0 | 1;
  /** First block to run, in [0, 5). */
  readonly firstBlock: number;
  /** Number of blocks to run; `firstBlock + numBlocks` ≤ 5. */
  readonly numBlocks: number;
}

/** Number of 4-round blocks in Threefry-2x32 with 20 rounds. @beta */
export const THREEFRY_BLOCKS = 5;

/**
 * Blocks computed per kernel: the whole cipher. Expression keys name operands by interned ids
 * and the interpreter evaluates shared nodes once, so the DAG of 20 rounds stays small; the
 * `firstBlock`/`numBlocks` params remain for backends that prefer shorter kernels.
 */
const BLOCKS_PER_KERNEL = 5;

// Threefry-2x32 rotation constants (Random123's R_32x2), four per block, alternating.
const ROTATIONS: readonly (readonly number[])[] = [
  [13, 15, 26, 6],
  [17, 29, 16, 24],
];
// Skein's key-schedule parity constant for 32-bit words.
const PARITY = 0x1bd11bda;

const u32 = (v: number): Exp => constant(v >>> 0, "uint32");
const xor = (a: Exp, b: Exp): Exp => binary("xor", a, b);
const rotl = (x: Exp, r: number): Exp => binary("or", binary("shl", x, u32(r)), binary("shr", x, u32(32 - r)));

/** Runs `numBlocks` blocks of Threefry-2x32 from block `firstBlock` on the state `(x0, x1)` under key `(k0, k1)`. */
function threefryBlocks(k0: Exp, k1: Exp, x0: Exp, x1: Exp, firstBlock: number, numBlocks: number): [Exp, Exp] {
  const ks = [k0, k1, xor(xor(k0, k1), u32(PARITY))] as const;
  let a = x0;
  let b = x1;
  if (firstBlock === 0) {
    a = add(a, ks[0]);
    b = add(b, ks[1]);
  }
  for (let blk = firstBlock; blk < firstBlock + numBlocks; blk++) {
    for (const r of ROTATIONS[blk % 2] as readonly number[]) {
      a = add(a, b);
      b = xor(rotl(b, r), a);
    }
    a = add(a, ks[(blk + 1) % 3] as Exp);
    b = add(add(b, ks[(blk + 2) % 3] as Exp), u32(blk + 1));
  }
  return [a, b];
}

function checkParams(p: ThreefryParams): void {
  const ok =
    (p.word === 0 || p.word === 1) &&
    Number.isInteger(p.firstBlock) &&
    Number.isInteger(p.numBlocks) &&
    p.firstBlock >= 0 &&
    p.numBlocks >= 1 &&
    p.firstBlock + p.numBlocks <= THREEFRY_BLOCKS;
  if (!ok) {
    throw new ValueError(
      `threefry2x32: bad params ${JSON.stringify(p)}; word is 0 or 1 and firstBlock ≥ 0, numBlocks ≥ 1 with firstBlock + numBlocks ≤ ${THREEFRY_BLOCKS}`,
    );
  }
}

/**
 * `threefry2x32(key0, key1, x0, x1)`: one output word of Threefry-2x32 blocks. All operands are
 * uint32; `x0` and `x1` share a shape; each key is 0-d or of that shape. JAX's primitive has two
 * outputs; kernels have one, so each word is its own application and the shared rounds are
 * computed once per word (twice in all).
 * @beta
 */
export const threefry2x32P: Primitive<ThreefryParams> = definePrimitive<ThreefryParams>({
  name: "threefry2x32",
  abstractEval(avals, params) {
    checkParams(params);
    if (avals.length !== 4) throw new ValueError(`threefry2x32: takes 4 operands (key0, key1, x0, x1), got ${avals.length}`);
    const [k0, k1, x0, x1] = avals as [ShapedArray, ShapedArray, ShapedArray, ShapedArray];
    for (const a of avals) {
      if (a.dtype !== "uint32") {
        throw new DTypeError(`threefry2x32: operands must be uint32, got ${avals.map((x) => formatAval(x)).join(", ")}`);
      }
    }
    if (!sameList(x0.shape, x1.shape)) {
      throw new ShapeError(`threefry2x32: the counters x0 and x1 must share a shape, got ${formatAval(x0)} and ${formatAval(x1)}`);
    }
    for (const k of [k0, k1]) {
      if (k.ndim !== 0 && !sameList(k.shape, x0.shape)) {
        throw new ShapeError(
          `threefry2x32: each key word must be 0-d or shaped like the counters ${formatAval(x0)}, got ${formatAval(k)}; broadcast it first`,
        );
      }
    }
    return [new ShapedArray(x0.shape, "uint32")];
  },
  lower: ({ inputs, inAvals, params }) => {
    const [k0, k1, x0, x1] = inputs as [Loader, Loader, Loader, Loader];
    const keyAt = (k: Loader, slot: number, i: readonly Exp[]): Exp => ((inAvals[slot] as ShapedArray).ndim === 0 ? k([]) : k(i));
    return {
      kind: "map",
      exp: (i) => {
        const out = threefryBlocks(keyAt(k0, 0, i), keyAt(k1, 1, i), x0(i), x1(i), params.firstBlock, params.numBlocks);
        return out[params.word];
      },
    };
  },
  jvp: zeroJvp(() => threefry2x32P),
  transpose: "nonlinear",
  batch: (args, dims, params, axisSize) => {
    const [x0, x1] = [2, 3].map((i) => batchToFront(args[i] as Array, dims[i] ?? null, axisSize)) as [Array, Array];
    const keys = [0, 1].map((i) => {
      const k = args[i] as Array;
      const d = dims[i] ?? null;
      if (d === null && k.ndim === 0) return k;
      const front = batchToFront(k, d, axisSize);
      return front.ndim === 1 && x0.ndim > 1 ? ops.broadcastInDim(front, x0.shape, [0]) : front;
    });
    return [threefry2x32P.bind([...keys, x0, x1], params), [0]];
  },
});

/**
 * The full 20-round Threefry-2x32 cipher on counters `(x0, x1)` under the key `(key0, key1)`:
 * returns both output words. Operands are uint32; keys 0-d or shaped like the counters.
 * @example
 * ```ts
 * threefry2x32(k0, k1, x0, x1) // [y0, y1]
 * ```
 * @beta
 */
export function threefry2x32(key0: Array, key1: Array, x0: Array, x1: Array): [Array, Array] {
  let a = x0;
  let b = x1;
  for (let first = 0; first < THREEFRY_BLOCKS; first += BLOCKS_PER_KERNEL) {
    const numBlocks = Math.min(BLOCKS_PER_KERNEL, THREEFRY_BLOCKS - first);
    const args = [key0, key1, a, b];
    const na = threefry2x32P.bind1(args, { word: 0, firstBlock: first, numBlocks });
    const nb = threefry2x32P.bind1(args, { word: 1, firstBlock: first, numBlocks });
    a = na;
    b = nb;
  }
  return [a, b];
}
