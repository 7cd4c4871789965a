// Small assertion and formatting helpers shared by every layer of core.
// Layer 1: imports nothing from the rest of core.

/** `Array.isArray` under a name that survives core's own `Array` class shadowing the global. */
export const isJsArray: (x: unknown) => x is unknown[] = globalThis.Array.isArray;

/** Throws `make()` when `cond` is false; the thunk keeps message formatting off hot paths. */
export function check(cond: unknown, make: () => Error): asserts cond {
  if (!cond) throw make();
}

/** Product of a list of integers (1 for the empty list). */
export function prod(xs: readonly number[]): number {
  let p = 1;
  for (const x of xs) p *= x;
  return p;
}

/** `[0, 1, …, n-1]`. */
export function range(n: number): number[] {
  const out: number[] = new globalThis.Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  return out;
}

/** True when both lists hold the same numbers in the same order. */
export function sameList(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Formats a shape the way the IR prints it: `[2,3]`. */
export function formatShape(shape: readonly number[]): string {
  return `[${shape.join(",")}]`;
}
