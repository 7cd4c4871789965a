// Delayed access chains and callable proxies: record `.a.b` steps now, apply them to an object
// later and call what they reach (how `graph.call(split).method(x)` works). Layer: state.
// Ported from brainstate's util/_caller.py.

import { ValueError } from "@brainstate/core";
import type { Key } from "./typing.js";

function step(x: unknown, key: Key, where: string): unknown {
  if (x === null || x === undefined) throw new ValueError(`${where}: cannot read '${String(key)}' of ${String(x)}`);
  const obj = x as Record<string, unknown> & { get?: (k: unknown) => unknown };
  if (String(key) in Object(obj)) return obj[String(key)];
  if (typeof obj.get === "function") return obj.get(key);
  throw new ValueError(`${where}: ${(obj as { constructor?: { name?: string } }).constructor?.name ?? typeof obj} has no attribute or entry '${String(key)}'`);
}

/**
 * A recorded chain of attribute/entry accesses, applied later with `call(x)`. A step reads the
 * property when the object has it and otherwise calls `x.get(key)` (Maps, dicts).
 * @example
 * ```ts
 * new DelayedAccessor().getAttr("layers").getItem(0).call(model); // model.layers[0]
 * ```
 * @public
 */
export class DelayedAccessor {
  /** The keys to follow, in order. */
  readonly actions: readonly Key[];
  constructor(actions: readonly Key[] = []) {
    this.actions = actions;
  }
  /** Follows the chain from `x`. */
  call(x: unknown): unknown {
    return this.actions.reduce((acc, k) => step(acc, k, "DelayedAccessor"), x);
  }
  /** The chain extended by an attribute read. */
  getAttr(name: string): DelayedAccessor {
    return new DelayedAccessor([...this.actions, name]);
  }
  /** The chain extended by an entry read. */
  getItem(key: Key): DelayedAccessor {
    return new DelayedAccessor([...this.actions, key]);
  }
}

/** The call signature of an {@link ApplyCaller} reaching a value of type `N`. @public */
export type ApplyCall<R, N> = N extends (...args: infer A) => infer O ? (...args: A) => [O, R] : (...args: unknown[]) => [unknown, R];

/**
 * A callable proxy: any property read extends its access chain, and calling it runs `fun` with
 * the chain and the arguments (brainstate's `ApplyCaller`). With the node type `N` given,
 * properties and method signatures are typed; without it, any property can be read.
 * @public
 */
export type ApplyCaller<R, N = unknown> = ApplyCall<R, N> &
  (unknown extends N ? { readonly [key: string]: ApplyCaller<R> } : { readonly [K in keyof N]-?: ApplyCaller<R, N[K]> });

/**
 * Builds an {@link ApplyCaller}: `proxy.a.b(x)` calls `fun(accessor[a, b], x)`.
 * @public
 */
export function callableProxy<R, N = unknown>(fun: (accessor: DelayedAccessor, ...args: unknown[]) => [unknown, R], accessor: DelayedAccessor = new DelayedAccessor()): ApplyCaller<R, N> {
  const target = (() => undefined) as unknown as ApplyCaller<R, N>;
  return new Proxy(target, {
    get(t, prop) {
      if (typeof prop === "symbol") return Reflect.get(t, prop) as unknown;
      return callableProxy<R, unknown>(fun, accessor.getAttr(prop));
    },
    apply(_t, _this, args: unknown[]) {
      return fun(accessor, ...args);
    },
  });
}

/**
 * Calls the method an access chain reaches on `root` with `this` bound to its owner; an empty
 * chain calls `root` itself (a function, or an object's `call` method — Python's `__call__`).
 * @throws ValueError when the target is not callable.
 * @public
 */
export function invokeAccessor(accessor: DelayedAccessor, root: unknown, args: readonly unknown[]): unknown {
  const keys = accessor.actions;
  if (keys.length === 0) {
    if (typeof root === "function") return (root as (...a: unknown[]) => unknown)(...args);
    const callable = root as { call?: unknown };
    if (typeof root === "object" && root !== null && typeof callable.call === "function") return (callable.call as (...a: unknown[]) => unknown).apply(root, [...args]);
    throw new ValueError(`invokeAccessor: ${typeof root} is not callable (it has no call method)`);
  }
  const owner = new DelayedAccessor(keys.slice(0, -1)).call(root);
  const last = keys[keys.length - 1] as Key;
  const target = step(owner, last, "invokeAccessor");
  if (typeof target === "function") return (target as (...a: unknown[]) => unknown).apply(owner, [...args]);
  return invokeAccessor(new DelayedAccessor(), target, args);
}
