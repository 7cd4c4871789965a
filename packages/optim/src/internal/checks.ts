// Checks of hyper-parameters and options objects for optimizers, schedulers and gradient
// transformations (brainstate asserts these; here each failure is a ValueError or OptionError
// naming the API and the value). Layer: optim (internal).

import { OptionError, ValueError } from "@brainstate/core";

function describe(value: unknown): string {
  if (typeof value === "string") return `the string ${JSON.stringify(value)}`;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (value === null) return "null";
  if (globalThis.Array.isArray(value)) return "a JS array";
  if (typeof value === "object") return `an object (${(value as { constructor?: { name?: string } }).constructor?.name ?? "Object"})`;
  return `a ${typeof value}`;
}

/**
 * Rejects an options argument that is not an object and unknown option keys (OptionError).
 */
export function checkOptionKeys(where: string, options: unknown, allowed: readonly string[]): void {
  if (options === undefined) return;
  if (options === null || typeof options !== "object" || globalThis.Array.isArray(options)) {
    throw new OptionError(`${where}: options must be an object, got ${describe(options)}; pass e.g. { ${allowed[0] ?? ""} }`);
  }
  for (const key of Object.keys(options)) {
    if (!allowed.includes(key)) {
      throw new OptionError(`${where}: unknown option '${key}'; the options are ${allowed.map((k) => `'${k}'`).join(", ") || "(none)"}`);
    }
  }
}

/** Constraints on a numeric hyper-parameter beyond "a finite number". */
export interface NumberSpec {
  readonly integer?: boolean;
  readonly min?: number;
  readonly max?: number;
  /** `min` itself is not allowed. */
  readonly minExclusive?: boolean;
  /** `max` itself is not allowed. */
  readonly maxExclusive?: boolean;
}

function rangeText(spec: NumberSpec): string {
  const parts: string[] = [];
  if (spec.integer === true) parts.push("an integer");
  else parts.push("a finite number");
  if (spec.min !== undefined && spec.max !== undefined) {
    parts.push(`in ${spec.minExclusive === true ? "(" : "["}${spec.min}, ${spec.max}${spec.maxExclusive === true ? ")" : "]"}`);
  } else if (spec.min !== undefined) {
    parts.push(`${spec.minExclusive === true ? ">" : "≥"} ${spec.min}`);
  } else if (spec.max !== undefined) {
    parts.push(`${spec.maxExclusive === true ? "<" : "≤"} ${spec.max}`);
  }
  return parts.join(" ");
}

/**
 * Checks one numeric hyper-parameter and returns it.
 * @throws ValueError when it is not a finite number or breaks `spec`.
 */
export function checkNumber(where: string, name: string, value: unknown, spec: NumberSpec = {}): number {
  const ok =
    typeof value === "number" &&
    Number.isFinite(value) &&
    (spec.integer !== true || Number.isInteger(value)) &&
    (spec.min === undefined || (spec.minExclusive === true ? value > spec.min : value >= spec.min)) &&
    (spec.max === undefined || (spec.maxExclusive === true ? value < spec.max : value <= spec.max));
  if (!ok) throw new ValueError(`${where}: ${name} must be ${rangeText(spec)}, got ${describe(value)}`);
  return value as number;
}

/**
 * Checks a `weightDecay` option: null (no decay) or a number in [0, 1] (brainstate's assert).
 * @throws ValueError otherwise.
 */
export function checkWeightDecay(where: string, value: unknown): number | null {
  if (value === null) return null;
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0 || value > 1) {
    throw new ValueError(`${where}: weightDecay must be null (no decay) or a number in [0, 1], got ${describe(value)}`);
  }
  return value;
}

/**
 * Checks a boolean option.
 * @throws ValueError when it is not a boolean.
 */
export function checkBoolean(where: string, name: string, value: unknown): boolean {
  if (typeof value !== "boolean") throw new ValueError(`${where}: ${name} must be a boolean, got ${describe(value)}`);
  return value;
}
