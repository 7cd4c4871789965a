// Mixins and type combinators from brainstate's mixin module: parameter describers (delayed
// constructors), behaviour mixins recognised by duck typing, and JointTypes/OneOfTypes.
// Layer: state. Ported from brainstate's mixin.py.

import { ValueError } from "@brainstate/core";
import type { AnyClass, Constructor as Ctor } from "./typing.js";

/** Base of the behaviour-only mixin classes. @public */
export class Mixin {}


/**
 * A delayed constructor: `describer.call(...more)` builds `new cls(...descArgs, ...more)`.
 * `x instanceof describer` is true for describers whose class is `cls` or a subclass
 * (brainstate's `isinstance(x, ParamDescriber[cls])`). It cannot be subclassed.
 * @example
 * ```ts
 * const desc = new ParamDescriber(Expon, 100, { tau: 5 });
 * const syn = desc.call();            // new Expon(100, { tau: 5 })
 * ```
 * @public
 */
export class ParamDescriber<T = unknown> {
  /** The class to construct. */
  readonly cls: Ctor<T>;
  /** Arguments given at description time. */
  readonly args: readonly unknown[];
  readonly #identifier: readonly [Ctor<T>, readonly unknown[]];
  constructor(cls: Ctor<T>, ...args: unknown[]) {
    if (new.target !== ParamDescriber) throw new ValueError(`ParamDescriber: ${new.target.name} cannot subclass ParamDescriber; describe the class with new ParamDescriber(cls, ...args)`);
    this.cls = cls;
    this.args = args;
    this.#identifier = [cls, args];
  }
  /** Builds the object: description-time arguments first, then `args`. */
  call(...args: unknown[]): T {
    return new this.cls(...([...this.args, ...args] as never[]));
  }
  /** Same as `call`. */
  init(...args: unknown[]): T {
    return this.call(...args);
  }
  /** `[cls, args]`, identifying what is described (read-only). */
  get identifier(): readonly [Ctor<T>, readonly unknown[]] {
    return this.#identifier;
  }
  /** A describer of `cls` with no arguments, usable as an `instanceof` target (brainstate's `ParamDescriber[cls]`). */
  static of<T>(cls: Ctor<T>): ParamDescriber<T> {
    return new ParamDescriber(cls);
  }
  /** True for describers whose class is this one's class or a subclass of it. */
  [Symbol.hasInstance](x: unknown): boolean {
    return x instanceof ParamDescriber && (x.cls === (this.cls as unknown) || (x.cls as { prototype: unknown }).prototype instanceof this.cls);
  }
}

/**
 * Mixin giving a class `Class.desc(...args)` → {@link ParamDescriber}. Classes that cannot extend
 * it can define the same static (`static desc(...a) { return new ParamDescriber(this, ...a); }`);
 * `instanceof ParamDesc` checks for a static `desc`.
 * @public
 */
export class ParamDesc extends Mixin {
  /** Names of constructor parameters that are not hashable (kept for API parity). */
  static nonHashableParams: readonly string[] | null = null;
  /** A describer of this class with the given arguments. */
  static desc<T>(this: Ctor<T>, ...args: unknown[]): ParamDescriber<T> {
    return new ParamDescriber(this, ...args);
  }
  static override [Symbol.hasInstance](x: unknown): boolean {
    return typeof x === "object" && x !== null && typeof (x.constructor as { desc?: unknown }).desc === "function";
  }
}

/**
 * Mixin of synapses that can be merged on the postsynaptic side. Implement
 * `alignPostInputAdd`; `instanceof AlignPost` holds for any object that has it.
 * @public
 */
export abstract class AlignPost extends Mixin {
  /** Adds this synapse's input to the postsynaptic target. */
  abstract alignPostInputAdd(...args: unknown[]): unknown;
  static override [Symbol.hasInstance](x: unknown): boolean {
    return typeof x === "object" && x !== null && typeof (x as { alignPostInputAdd?: unknown }).alignPostInputAdd === "function";
  }
}

/**
 * Mixin that binds temporary conductance data (`bindCond` / `unbindCond`);
 * `instanceof BindCondData` holds for any object with a `bindCond` method.
 * @public
 */
export class BindCondData extends Mixin {
  /** The bound conductance (nS), or null. */
  _conductance: unknown = null;
  /** Binds a conductance. */
  bindCond(conductance: unknown): void {
    this._conductance = conductance;
  }
  /** Clears the bound conductance. */
  unbindCond(): void {
    this._conductance = null;
  }
  static override [Symbol.hasInstance](x: unknown): boolean {
    return typeof x === "object" && x !== null && typeof (x as { bindCond?: unknown }).bindCond === "function";
  }
}

/**
 * Mixin of models that declare the shape of what their update returns;
 * `instanceof UpdateReturn` holds for any object with `updateReturn`.
 * @public
 */
export abstract class UpdateReturn extends Mixin {
  /** A pytree of ShapedArrays describing the update's return value. */
  abstract updateReturn(): unknown;
  /** A pytree of arrays describing the return value without batch axes. */
  abstract updateReturnInfo(): unknown;
  static override [Symbol.hasInstance](x: unknown): boolean {
    return typeof x === "object" && x !== null && typeof (x as { updateReturn?: unknown }).updateReturn === "function";
  }
}

/** An intersection of classes: a class matches when it is a subclass of every member. @public */
export class JointType {
  /** The member classes (deduplicated). */
  readonly types: readonly AnyClass[];
  constructor(types: readonly AnyClass[]) {
    this.types = types;
  }
  /** Same members, in any order. */
  equals(other: unknown): boolean {
    return other instanceof JointType && other.types.length === this.types.length && this.types.every((t) => other.types.includes(t));
  }
  /** True when `x` is an instance of every member. */
  [Symbol.hasInstance](x: unknown): boolean {
    return this.types.every((t) => x instanceof t);
  }
  toString(): string {
    return `JointTypes[${this.types.map((t) => t.name).join(", ")}]`;
  }
}

/** A union of classes: a class matches when it is a subclass of one member. @public */
export class OneOfType {
  /** The member classes (deduplicated). */
  readonly types: readonly AnyClass[];
  constructor(types: readonly AnyClass[]) {
    this.types = types;
  }
  /** Same members, in any order. */
  equals(other: unknown): boolean {
    return other instanceof OneOfType && other.types.length === this.types.length && this.types.every((t) => other.types.includes(t));
  }
  /** True when `x` is an instance of some member. */
  [Symbol.hasInstance](x: unknown): boolean {
    return this.types.some((t) => x instanceof t);
  }
  toString(): string {
    return `OneOfTypes[${this.types.map((t) => t.name).join(", ")}]`;
  }
}

function collect(where: string, kind: typeof JointType | typeof OneOfType, types: readonly (AnyClass | JointType | OneOfType)[]): AnyClass[] {
  if (types.length === 0) throw new ValueError(`${where}: needs at least one class`);
  const out: AnyClass[] = [];
  for (const t of types) {
    const members = t instanceof kind ? t.types : [t];
    for (const m of members) {
      if (typeof m !== "function") throw new ValueError(`${where}: each argument must be a class, got ${typeof m}`);
      if (!out.includes(m as AnyClass)) out.push(m as AnyClass);
    }
  }
  return out;
}

/**
 * The intersection of classes (brainstate's `JointTypes[A, B]`): one class gives that class back;
 * nested joints are flattened and duplicates removed.
 * @throws ValueError with no classes or a non-class argument.
 * @public
 */
export function JointTypes(...types: (AnyClass | JointType)[]): AnyClass | JointType {
  const members = collect("JointTypes", JointType, types);
  return members.length === 1 ? (members[0] as AnyClass) : new JointType(members);
}

/**
 * The union of classes (brainstate's `OneOfTypes[A, B]`): one class gives that class back.
 * @throws ValueError with no classes or a non-class argument.
 * @public
 */
export function OneOfTypes(...types: (AnyClass | OneOfType)[]): AnyClass | OneOfType {
  const members = collect("OneOfTypes", OneOfType, types);
  return members.length === 1 ? (members[0] as AnyClass) : new OneOfType(members);
}
