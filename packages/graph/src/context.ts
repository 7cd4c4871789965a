// Split/merge contexts: several splits (or merges) that share one reference map, so a node met
// again becomes a NodeRef (or is rebuilt once); and update contexts, which match objects going
// into a transformation with those coming out. Layer: graph.
// Ported from brainstate's graph/_graph_context.py.

import { ValueError } from "@brainstate/core";
import { NestedDict, type Filter } from "@brainstate/state";
import { NodeDef, type GraphDef } from "./GraphDef.js";
import { flatten, splitState, unflatten } from "./operations.js";
import { RefMap } from "./RefMap.js";

const updateStacks = new Map<string, UpdateContext[]>();

/**
 * `{ a: mapBC[b] }` for each `a → b` of `mapAB` whose `b` is in `mapBC`.
 * @public
 */
export function composeMapping<A, B, C>(mapAB: ReadonlyMap<A, B>, mapBC: ReadonlyMap<B, C>): Map<A, C> {
  const out = new Map<A, C>();
  for (const [a, b] of mapAB) if (mapBC.has(b)) out.set(a, mapBC.get(b) as C);
  return out;
}

/**
 * `{ mapBC[b]: a }` for each `a → b` of `mapAB` whose `b` is in `mapBC`.
 * @public
 */
export function composeMappingReversed<A, B, C>(mapAB: ReadonlyMap<A, B>, mapBC: ReadonlyMap<B, C>): Map<C, A> {
  const out = new Map<C, A>();
  for (const [a, b] of mapAB) if (mapBC.has(b)) out.set(mapBC.get(b) as C, a);
  return out;
}

/**
 * The update context registered for `tag` (innermost).
 * @throws ValueError when none is active.
 * @public
 */
export function currentUpdateContext(tag: string): UpdateContext {
  const stack = updateStacks.get(tag);
  const ctx = stack?.[stack.length - 1];
  if (ctx === undefined) throw new ValueError(`currentUpdateContext: no update context is active for tag '${tag}'; run the code inside updateContext('${tag}').run(...)`);
  return ctx;
}

/** Splits sharing one reference map (from `splitContext`). @public */
export class SplitContext {
  /** The context's tag (cleared when the context closes). */
  ctxtag: string | null | undefined;
  /** Node/State → index, shared by every split here (cleared when the context closes). */
  refIndex: RefMap<unknown, number> | undefined;
  constructor(ctxtag: string | null, refIndex: RefMap<unknown, number>) {
    this.ctxtag = ctxtag;
    this.refIndex = refIndex;
  }
  /**
   * Splits like `treefySplit`, sharing references with earlier splits in this context.
   * @throws ValueError after the context has closed.
   */
  treefySplit(node: unknown, ...filters: Filter[]): [GraphDef, NestedDict, ...NestedDict[]] {
    if (this.refIndex === undefined) throw new ValueError("SplitContext.treefySplit: the split context has closed; split inside the splitContext callback");
    const ctx = this.ctxtag !== null && this.ctxtag !== undefined ? currentUpdateContext(this.ctxtag) : undefined;
    const [flatDef, state] = flatten(node, { refIndex: this.refIndex });
    let def = flatDef;
    if (ctx !== undefined && ctx.indexRef !== undefined && ctx.indexRef !== null && def instanceof NodeDef) {
      def = def.withIndexMapping(composeMapping(ctx.indexRef, this.refIndex));
    }
    return [def, ...splitState(state, filters)] as [GraphDef, NestedDict, ...NestedDict[]];
  }
}

function parseScoped<C, T>(where: string, a: string | null | ((ctx: C) => T), b: ((ctx: C) => T) | undefined): [string | null, (ctx: C) => T] {
  if (typeof a === "function") return [null, a];
  if (typeof b !== "function") throw new ValueError(`${where}: expected a callback`);
  return [a, b];
}

/**
 * Runs `fn` with a {@link SplitContext}; returns `fn`'s result. The context is cleared afterwards.
 * @example
 * ```ts
 * graph.splitContext((ctx) => [ctx.treefySplit(a), ctx.treefySplit(b)]);
 * ```
 * @public
 */
export function splitContext<T>(fn: (ctx: SplitContext) => T): T;
/** Overload of `splitContext` (see its first signature). @public */
export function splitContext<T>(ctxtag: string | null, fn: (ctx: SplitContext) => T): T;
export function splitContext<T>(a: string | null | ((ctx: SplitContext) => T), b?: (ctx: SplitContext) => T): T {
  const [tag, fn] = parseScoped("splitContext", a, b);
  const refIndex = new RefMap<unknown, number>();
  const ctx = new SplitContext(tag, refIndex);
  try {
    return fn(ctx);
  } finally {
    if (tag !== null) currentUpdateContext(tag).flattenEnd(refIndex);
    ctx.refIndex = undefined;
    ctx.ctxtag = undefined;
  }
}

/** Merges sharing one index map (from `mergeContext`). @public */
export class MergeContext {
  /** The context's tag (cleared when the context closes). */
  ctxtag: string | null | undefined;
  /** Index → object, shared by every merge here (cleared when the context closes). */
  indexRef: Map<number, unknown> | undefined;
  constructor(ctxtag: string | null, indexRef: Map<number, unknown>) {
    this.ctxtag = ctxtag;
    this.indexRef = indexRef;
  }
  /**
   * Merges like `treefyMerge`; a NodeRef yields the object built earlier in this context.
   * @throws ValueError after the context has closed.
   */
  treefyMerge(graphdef: GraphDef, state: NestedDict, ...states: NestedDict[]): unknown {
    if (this.indexRef === undefined) throw new ValueError("MergeContext.treefyMerge: the merge context has closed; merge inside the mergeContext callback");
    const ctx = this.ctxtag !== null && this.ctxtag !== undefined ? currentUpdateContext(this.ctxtag) : undefined;
    let cache: Map<number, unknown> | undefined;
    if (ctx !== undefined && graphdef instanceof NodeDef && graphdef.indexMapping !== null) {
      if (ctx.refIndex === undefined || ctx.refIndex === null) throw new ValueError("MergeContext.treefyMerge: the update context has no reference map; split before merging");
      cache = composeMappingReversed(ctx.refIndex, new Map(graphdef.indexMapping.entries()));
    }
    return unflatten(graphdef, NestedDict.merge(state, ...states), { indexRef: this.indexRef, indexRefCache: cache });
  }
}

/**
 * Runs `fn` with a {@link MergeContext}; returns `fn`'s result. The context is cleared afterwards.
 * @public
 */
export function mergeContext<T>(fn: (ctx: MergeContext) => T): T;
/** Overload of `mergeContext` (see its first signature). @public */
export function mergeContext<T>(ctxtag: string | null, fn: (ctx: MergeContext) => T): T;
export function mergeContext<T>(a: string | null | ((ctx: MergeContext) => T), b?: (ctx: MergeContext) => T): T {
  const [tag, fn] = parseScoped("mergeContext", a, b);
  const indexRef = new Map<number, unknown>();
  const ctx = new MergeContext(tag, indexRef);
  try {
    return fn(ctx);
  } finally {
    if (tag !== null) currentUpdateContext(tag).unflattenEnd(indexRef);
    ctx.indexRef = undefined;
    ctx.ctxtag = undefined;
  }
}

/**
 * The bookkeeping that lets a transformation update the objects passed into it: split outside
 * (1), merge inside (2), split inside (3), merge outside (4) reuses and updates the original
 * objects.
 * @public
 */
export class UpdateContext {
  readonly tag: string;
  /** Outer references from split (1) (undefined once the context closes). */
  refIndex: RefMap<unknown, number> | null | undefined;
  /** Inner objects from merge (2) (undefined once the context closes). */
  indexRef: Map<number, unknown> | null | undefined;
  constructor(tag: string) {
    this.tag = tag;
    this.refIndex = null;
    this.indexRef = null;
  }
  /** Records the references of a finished split. */
  flattenEnd(refIndex: RefMap<unknown, number>): void {
    if (this.refIndex === null || this.refIndex === undefined) this.refIndex = refIndex;
    else this.indexRef = null;
  }
  /** Records the objects of a finished merge. */
  unflattenEnd(indexRef: Map<number, unknown>): void {
    this.indexRef = indexRef;
  }
  /** Splits `node` (steps 1 and 3), recording the reference bookkeeping. */
  split(node: unknown, ...filters: Filter[]): [GraphDef, NestedDict, ...NestedDict[]] {
    const refIndex = new RefMap<unknown, number>();
    const [flatDef, state] = flatten(node, { refIndex });
    let def = flatDef;
    if (this.indexRef !== null && this.indexRef !== undefined && def instanceof NodeDef) {
      def = def.withIndexMapping(composeMapping(this.indexRef, refIndex));
    }
    this.flattenEnd(refIndex);
    return [def, ...splitState(state, filters)] as [GraphDef, NestedDict, ...NestedDict[]];
  }
  /**
   * Merges (steps 2 and 4); step 4 reuses and updates the objects split in step 1.
   * @throws ValueError when `graphdef` is not a NodeDef or nothing was split yet.
   */
  merge(graphdef: GraphDef, state: NestedDict, ...states: NestedDict[]): unknown {
    if (!(graphdef instanceof NodeDef)) throw new ValueError(`UpdateContext.merge: expected a NodeDef, got a ${graphdef.constructor.name}`);
    if (this.refIndex === null || this.refIndex === undefined) throw new ValueError("UpdateContext.merge: cannot merge before a split in this update context (no reference map)");
    const cache = graphdef.indexMapping !== null ? composeMappingReversed(this.refIndex, new Map(graphdef.indexMapping.entries())) : undefined;
    const indexRef = new Map<number, unknown>();
    const node = unflatten(graphdef, NestedDict.merge(state, ...states), { indexRef, indexRefCache: cache });
    this.unflattenEnd(indexRef);
    return node;
  }
}

/**
 * Scopes an {@link UpdateContext} for `tag`: `run(fn)` opens it around `fn`, `call(f)` wraps a
 * function so every call runs inside one (brainstate's decorator use).
 * @public
 */
export class UpdateContextManager {
  readonly tag: string;
  constructor(tag: string) {
    this.tag = tag;
  }
  /** Runs `fn` with a new update context for the tag pushed; pops and clears it afterwards. */
  run<T>(fn: (ctx: UpdateContext) => T): T {
    const ctx = new UpdateContext(this.tag);
    let stack = updateStacks.get(this.tag);
    if (stack === undefined) {
      stack = [];
      updateStacks.set(this.tag, stack);
    }
    stack.push(ctx);
    try {
      return fn(ctx);
    } finally {
      stack.pop();
      ctx.refIndex = undefined;
      ctx.indexRef = undefined;
      if (stack.length === 0) updateStacks.delete(this.tag);
    }
  }
  /** `f` wrapped so that each call runs inside `run`. */
  call<A extends unknown[], R>(f: (...args: A) => R): (...args: A) => R {
    return (...args: A) => this.run(() => f(...args));
  }
}

/**
 * An {@link UpdateContextManager} for `tag` (tags keep separate stacks, e.g. "vmap", "pmap").
 * @public
 */
export function updateContext(tag: string): UpdateContextManager {
  return new UpdateContextManager(tag);
}
