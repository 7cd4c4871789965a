// Computation modes (what a model is being run for): Mode, Batching, Training and JointMode,
// the combination of several. environ's `mode` setting holds one. Layer: state. Ported from
// brainstate's mixin.py.

import { ValueError } from "@brainstate/core";
import type { AnyClass } from "./internal/isClass.js";
import { JointType, JointTypes, Mixin } from "./mixin.js";

/** A class or a JointTypes intersection, as accepted by `isA`/`has`. @public */
export type ModeType = AnyClass | JointType;

function checkType(where: string, t: unknown): void {
  if (typeof t !== "function" && !(t instanceof JointType)) throw new ValueError(`${where}: expected a Mode class, got ${typeof t}`);
}

/**
 * Base class of computation behaviours. `isA(T)` is exact-class equality, `has(T)` is
 * `instanceof`.
 * @public
 */
export class Mode extends Mixin {
  /** True when this mode is exactly `mode` (its class, or a JointTypes of exactly its class). */
  isA(mode: ModeType): boolean {
    checkType("Mode.isA", mode);
    return this.constructor === mode;
  }
  /** True when this mode is an instance of `mode` (of every member for a JointTypes). */
  has(mode: ModeType): boolean {
    checkType("Mode.has", mode);
    return mode instanceof JointType ? mode.types.every((t) => this instanceof t) : this instanceof mode;
  }
  /** Same class. @throws ValueError when `other` is not a Mode. */
  equals(other: unknown): boolean {
    if (!(other instanceof Mode)) throw new ValueError(`Mode.equals: expected a Mode, got ${typeof other}`);
    return other.constructor === this.constructor;
  }
  override toString(): string {
    return this.constructor.name;
  }
}

/** Options of {@link Batching}. @public */
export interface BatchingOptions {
  /** Number of samples in a batch. @defaultValue 1 */
  batchSize?: number;
  /** Axis of the batch dimension. @defaultValue 0 */
  batchAxis?: number;
}

/** Batched computation: `batchSize` samples along `batchAxis`. @public */
export class Batching extends Mode {
  readonly batchSize: number;
  readonly batchAxis: number;
  constructor(options: BatchingOptions = {}) {
    super();
    for (const k of Object.keys(options)) {
      if (k !== "batchSize" && k !== "batchAxis") throw new ValueError(`Batching: unknown option '${k}'; the options are 'batchSize', 'batchAxis'`);
    }
    this.batchSize = options.batchSize ?? 1;
    this.batchAxis = options.batchAxis ?? 0;
  }
  override toString(): string {
    return `Batching(batchSize=${this.batchSize}, batchAxis=${this.batchAxis})`;
  }
}

/** Training computation (dropout active, batch statistics updated…). @public */
export class Training extends Mode {}

/**
 * Several modes at once, e.g. `new JointMode(new Batching(), new Training())`. `has(T)` is true
 * when a member is a `T`; `isA(X)` compares with `JointTypes(...memberClasses)`. Properties that
 * JointMode lacks are read from the first member that has them (`joint.batchSize`).
 * @public
 */
export class JointMode extends Mode {
  /** The member modes. */
  readonly modes: readonly Mode[];
  /** The member classes. */
  readonly types: ReadonlySet<AnyClass>;
  [key: string]: unknown;
  /** @throws ValueError when an argument is not a Mode. */
  constructor(...modes: Mode[]) {
    super();
    modes.forEach((m, i) => {
      if (!(m instanceof Mode)) throw new ValueError(`JointMode: argument ${i} is not a Mode (got ${typeof m}); pass Mode instances such as new Batching()`);
    });
    this.modes = modes;
    this.types = new Set(modes.map((m) => m.constructor as AnyClass));
    return new Proxy(this, {
      get(target, prop, receiver) {
        if (typeof prop === "symbol" || prop in target) return Reflect.get(target, prop, receiver) as unknown;
        const owner = target.modes.find((m) => prop in m);
        return owner === undefined ? undefined : (owner as unknown as Record<string, unknown>)[prop];
      },
    });
  }
  override has(mode: ModeType): boolean {
    checkType("JointMode.has", mode);
    const wanted = mode instanceof JointType ? mode.types : [mode];
    return wanted.every((w) => [...this.types].some((c) => c === w || (c as { prototype: unknown }).prototype instanceof w));
  }
  override isA(cls: ModeType): boolean {
    checkType("JointMode.isA", cls);
    const mine = JointTypes(...this.types);
    return mine instanceof JointType ? mine.equals(cls) : mine === cls;
  }
  override toString(): string {
    return `JointMode(${this.modes.map(String).join(", ")})`;
  }
}
