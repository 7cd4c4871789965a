// BRAINSTATE_DEBUG for the gpu.js backend: level 1 logs host fallbacks and kernel cache misses,
// level 4 also the generated gpu.js source (the levels of core's README).

/** The debug level from the environment (0 when unset or outside Node). */
export function envDebugLevel(): number {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  const n = Number(env?.BRAINSTATE_DEBUG ?? 0);
  return Number.isFinite(n) ? n : 0;
}

/** Writes one debug line to stderr (console.warn), prefixed with the backend and its mode. */
export function debugLine(label: string, message: string): void {
  console.warn(`[brainstate ${label}] ${message}`);
}
