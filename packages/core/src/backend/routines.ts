// The routine registry: named operations that are not loop nests of loads (matmul, sort,
// scatter…). Every routine has a generic lowering into plain kernels, so any backend runs it;
// backends may supply a faster native implementation. Layer 5.

import type { Kernel } from "../kernel/ir.js";
import type { BufferSpec } from "./backend.js";

/** Emits kernels for a generic lowering; `H` is the handle of a buffer (device buffer, or a symbolic one under jit). @beta */
export interface KernelEmitter<H> {
  /** Runs `kernel` over `inputs` (slot order) and returns the handle of its output. */
  kernel(kernel: Kernel, inputs: readonly H[]): H;
}

/** A routine: its name and its portable lowering into kernels. @beta */
export interface RoutineDefinition {
  /** Unique name, e.g. `matmul`. */
  readonly name: string;
  /** One-line description for errors and debug logs. */
  readonly doc: string;
  /** Lowers the routine into kernels; must produce exactly `outSpecs.length` results. */
  lowerGeneric<H>(
    emit: KernelEmitter<H>,
    inputs: readonly H[],
    inSpecs: readonly BufferSpec[],
    outSpecs: readonly BufferSpec[],
    params: Readonly<Record<string, unknown>>,
  ): H[];
}

const ROUTINES = new Map<string, RoutineDefinition>();

/** Registers a routine (packages above core register theirs the same way). Names are unique. @beta */
export function defineRoutine(def: RoutineDefinition): RoutineDefinition {
  if (ROUTINES.has(def.name)) throw new Error(`defineRoutine: a routine named '${def.name}' is already registered`);
  ROUTINES.set(def.name, def);
  return def;
}

/** Looks up a registered routine. @beta */
export function getRoutine(name: string): RoutineDefinition {
  const r = ROUTINES.get(name);
  if (!r) throw new Error(`getRoutine: no routine named '${name}'; registered: ${[...ROUTINES.keys()].join(", ")}`);
  return r;
}

/** Every registered routine, in registration order. @beta */
export function allRoutines(): RoutineDefinition[] {
  return [...ROUTINES.values()];
}
