// Seeding and key management of the default state DEFAULT: seed, setKey, getKey, defaultRng,
// cloneRng, splitKey, splitKeys, seedContext, restoreKey, selfAssignMultiKeys. Layer: random.
// Ported from brainstate's random/_rand_seed.py.

import type { Array } from "@brainstate/core";
import type { SeedOrKey } from "@brainstate/state";
import { checkOptions } from "./internal/args.js";
import { DEFAULT, RandomState, type SelfAssignMultiKeysOptions, type SplitKeyOptions } from "./RandomState.js";

/**
 * Reseeds the default state: an integer (or a 0-d integer array, traced ones included) →
 * `prng.key(seed)`; a key of two uint32 words → that key; nothing → a random seed in [0, 100000)
 * from the host RNG. (brainstate also seeds NumPy's global RNG; no sampler here uses a host RNG.)
 * @throws ValueError / DTypeError / ShapeError for anything else.
 * @example
 * ```ts
 * random.seed(42);
 * const a = random.rand(3);
 * random.seed(42);
 * const b = random.rand(3); // equal to a
 * ```
 * @public
 */
export function seed(seedOrKey: SeedOrKey | readonly number[] | null = null): void {
  DEFAULT.seed(seedOrKey === null || seedOrKey === undefined ? Math.floor(Math.random() * 100000) : seedOrKey);
}

/**
 * Writes a new key into the default state: an integer → `prng.key(seed)`, else the key itself.
 * @throws DTypeError / ShapeError for an array that is not a key.
 * @public
 */
export function setKey(seedOrKey: SeedOrKey): void {
  DEFAULT.setKey(seedOrKey);
}

/**
 * The default state's current key (its value).
 * @public
 */
export function getKey(): Array {
  return DEFAULT.value;
}

/**
 * The default state (no argument), or a new RandomState seeded with `seedOrKey`.
 * @public
 */
export function defaultRng(seedOrKey: SeedOrKey | null = null): RandomState {
  return seedOrKey === null || seedOrKey === undefined ? DEFAULT : new RandomState(seedOrKey);
}

/** Options of `cloneRng`. @public */
export interface CloneRngOptions {
  /** Without a seed: return a clone of the default state (true) or the default state itself. @defaultValue true */
  clone?: boolean;
}

/**
 * A new RandomState seeded with `seedOrKey`, or, without one, a clone of the default state (which
 * advances) — or the default state itself with `{ clone: false }`.
 * @public
 */
export function cloneRng(seedOrKey: SeedOrKey | null = null, options?: CloneRngOptions): RandomState {
  checkOptions("cloneRng", options, ["clone"]);
  if (seedOrKey !== null && seedOrKey !== undefined) return new RandomState(seedOrKey);
  return (options?.clone ?? true) ? DEFAULT.clone() : DEFAULT;
}

/**
 * A fresh key from the default state (or `n` keys stacked as [n, 2]); the state advances.
 * @throws ValueError when `n` is not a positive integer.
 * @public
 */
export function splitKey(n?: number | null, options?: SplitKeyOptions): Array {
  return DEFAULT.splitKey(n, options);
}

/**
 * `n` fresh keys from the default state, stacked as [n, 2] (for mapping over keys under vmap).
 * @throws ValueError when `n` is not a positive integer.
 * @public
 */
export function splitKeys(n: number, options?: SplitKeyOptions): Array {
  return DEFAULT.splitKeys(n, options);
}

/**
 * Runs `fn` with the default state reseeded by `seedOrKey` and puts the previous key back
 * afterwards, even when `fn` throws (brainstate's `seed_context` context manager); returns what
 * `fn` returns. `fn` must be synchronous.
 * @example
 * ```ts
 * const a = random.seedContext(42, () => random.rand(2));
 * const b = random.seedContext(42, () => random.rand(2)); // equal to a
 * ```
 * @public
 */
export function seedContext<R>(seedOrKey: SeedOrKey | readonly number[], fn: () => R): R {
  const previous = DEFAULT.value;
  try {
    DEFAULT.seed(seedOrKey);
    return fn();
  } finally {
    DEFAULT.value = previous;
  }
}

/**
 * Puts back the default state's backed-up key.
 * @throws ValueError when nothing was backed up.
 * @public
 */
export function restoreKey(): void {
  DEFAULT.restoreKey();
}

/**
 * Makes the default state hold `n` keys (for mapping over keys), backing up its advanced key first
 * unless `{ backup: false }`.
 * @public
 */
export function selfAssignMultiKeys(n: number, options?: SelfAssignMultiKeysOptions): void {
  DEFAULT.selfAssignMultiKeys(n, options);
}
