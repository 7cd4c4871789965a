// Where a sampler's key comes from: the `key` option when given (a seed or a key array), otherwise
// the RandomState, which advances (brainstate's `self.split_key() if key is None else
// _formalize_key(key)`). Layer: random internals.

import { prng, type Array } from "@brainstate/core";
import type { SeedOrKey } from "@brainstate/state";
import { formalizeKey } from "./args.js";

/** Something that hands out fresh keys and advances: a RandomState. */
export interface KeySource {
  /** One fresh key (shape [2]); the source advances. */
  splitKey(): Array;
  /** `n` fresh keys stacked as shape [n, 2]; the source advances once. */
  splitKeys(n: number): Array;
}

/** The key of one draw: `key` when given (formalised), else a fresh key from the state. */
export function takeKey(where: string, src: KeySource, key: SeedOrKey | null | undefined): Array {
  return key === null || key === undefined ? src.splitKey() : formalizeKey(where, key);
}

/**
 * `n` keys for a draw made of `n` sub-draws, as brainstate does it: `jr.split(key, n)` of the
 * given key, or `state.split_key(n)` (the state advances once, to the first of n + 1 keys).
 */
export function takeKeys(where: string, src: KeySource, key: SeedOrKey | null | undefined, n: number): Array[] {
  if (key === null || key === undefined) {
    const stacked = src.splitKeys(n);
    return globalThis.Array.from({ length: n }, (_, i) => stacked.get(i));
  }
  return prng.splitKeys(formalizeKey(where, key), n);
}
