// Checking of surrogate hyper-parameters and of the options objects that carry them; the name
// an error reports is the API the user called (`sigmoid` or `Sigmoid`). Layer: surrogate internals.

import { OptionError, ValueError } from "@brainstate/core";

/** How one hyper-parameter is checked: its default, and the constraints beyond "a finite number". */
export interface ParamSpec {
  readonly default: number;
  /** Must be an integer (a loop count). */
  readonly integer?: boolean;
  /** Must be strictly greater than this bound (where the formula is undefined otherwise). */
  readonly greaterThan?: number;
  /** Why the bound exists, quoted in the error message. */
  readonly reason?: string;
}

// The functional forms (`sigmoid(x, …)`) construct their class inside `calledAs`, so that errors
// name the function the user called rather than the class.
let caller: string | undefined;

/** Runs `body` with errors reported as coming from `name`. */
export function calledAs<T>(name: string, body: () => T): T {
  const previous = caller;
  caller = name;
  try {
    return body();
  } finally {
    caller = previous;
  }
}

/** The API name to put in an error message: the calling function form if any, else `fallback`. */
export function apiName(fallback: string): string {
  return caller ?? fallback;
}

function describe(value: unknown): string {
  if (typeof value === "string") return `the string ${JSON.stringify(value)}`;
  if (typeof value === "number") return String(value);
  if (value === null) return "null";
  if (typeof value === "object") return `an object (${Object.prototype.toString.call(value).slice(8, -1)})`;
  return `a ${typeof value}`;
}

/**
 * Reads the hyper-parameters of `className` from `options`: rejects unknown keys (OptionError) and
 * values that are not finite numbers or break a constraint (ValueError); fills in the defaults.
 */
export function readParams<K extends string>(
  className: string,
  options: Partial<Record<K, number>> | undefined,
  spec: Readonly<Record<K, ParamSpec>>,
): Record<K, number> {
  const where = apiName(className);
  const keys = Object.keys(spec) as K[];
  if (options !== undefined && (options === null || typeof options !== "object" || globalThis.Array.isArray(options))) {
    throw new OptionError(
      `${where}: options must be an object such as { ${keys.map((k) => `${k}: ${spec[k].default}`).join(", ")} }, got ${describe(options)}`,
    );
  }
  const given = (options ?? {}) as Record<string, unknown>;
  for (const key of Object.keys(given)) {
    if (!(keys as string[]).includes(key)) {
      throw new OptionError(
        `${where}: unknown option '${key}'; the options are ${keys.map((k) => `'${k}'`).join(", ")} — check the spelling against brainstate's parameter names`,
      );
    }
  }
  const out = {} as Record<K, number>;
  for (const key of keys) {
    const s = spec[key];
    const raw = given[key];
    if (raw === undefined) {
      out[key] = s.default;
      continue;
    }
    if (typeof raw !== "number" || !Number.isFinite(raw)) {
      throw new ValueError(`${where}: ${key} is ${describe(raw)}; it must be a finite number — pass a plain JS number (default ${s.default})`);
    }
    if (s.integer === true && !Number.isInteger(raw)) {
      throw new ValueError(`${where}: ${key} is ${raw}; it must be an integer (it counts terms) — pass e.g. ${key}: ${Math.max(1, Math.round(raw))}`);
    }
    if (s.greaterThan !== undefined && !(raw > s.greaterThan)) {
      throw new ValueError(
        `${where}: ${key} is ${raw}; it must be greater than ${s.greaterThan}${s.reason === undefined ? "" : ` (${s.reason})`} — pass a value above ${s.greaterThan} (default ${s.default})`,
      );
    }
    out[key] = raw;
  }
  return out;
}
