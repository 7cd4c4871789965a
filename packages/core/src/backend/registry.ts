// Backend registry: register a factory under a name, select the default, look one up. Layer 5.

import { BackendError } from "../errors/errors.js";
import type { Backend } from "./backend.js";

/** Creates a backend; `options` are backend-specific (e.g. gpu.js's `mode`). @beta */
export type BackendFactory = (options?: Readonly<Record<string, unknown>>) => Backend;

const FACTORIES = new Map<string, BackendFactory>();
const INSTANCES = new Map<string, Backend>();
let current = "cpu";

/** Makes a backend available under `name` (backend packages call this when registered). @public */
export function registerBackend(name: string, factory: BackendFactory): void {
  FACTORIES.set(name, factory);
  INSTANCES.delete(name);
}

/** Names of the registered backends. @public */
export function availableBackends(): string[] {
  return [...FACTORIES.keys()];
}

/**
 * Selects the default backend for new arrays and operations; `options` (re)create it with those settings.
 * @throws {@link BackendError} when `name` is not registered.
 * @public
 */
export function setBackend(name: string, options?: Readonly<Record<string, unknown>>): Backend {
  const b = getBackend(name, options);
  current = name;
  return b;
}

/** The backend registered as `name` (default: the current one), created on first use. @public */
export function getBackend(name?: string, options?: Readonly<Record<string, unknown>>): Backend {
  const key = name ?? current;
  const factory = FACTORIES.get(key);
  if (!factory) {
    throw new BackendError(
      `getBackend: no backend named '${key}'; registered backends are ${[...FACTORIES.keys()].join(", ") || "(none)"} — import the backend's package (e.g. @brainstate/backend-gpujs/register) before selecting it`,
    );
  }
  let inst = options === undefined ? INSTANCES.get(key) : undefined;
  if (!inst) {
    inst = factory(options);
    INSTANCES.set(key, inst);
  }
  return inst;
}

/** Name of the current default backend. @public */
export function currentBackendName(): string {
  return current;
}
