// Test options shared by every package: each packages/<name>/vitest.config.ts merges this
// with `defineProject({ test: { name } })` (STYLE §2.1).
import { defaultClientConditions, defaultServerConditions } from "vite";
import { defineConfig } from "vitest/config";

// Resolve @brainstate/* to their src/*.ts first (the packages' "@brainstate/source" export
// condition), so tests need no build; keep Vite's default conditions after it. Tests in the
// "node" environment resolve through `ssr.resolve`; `resolve` serves browser-like ones.
const SOURCE_CONDITION = "@brainstate/source";

export default defineConfig({
  resolve: {
    conditions: [SOURCE_CONDITION, ...defaultClientConditions],
  },
  ssr: {
    resolve: {
      conditions: [SOURCE_CONDITION, ...defaultServerConditions],
    },
  },
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    // Tests assert numbers, never timings; turbo runs every package's suite at once on CI's two
    // cores, where statistical tests (10^5 samples) can pass vitest's 5 s default under load.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    typecheck: {
      enabled: true,
      include: ["src/**/*.test-d.ts", "test/**/*.test-d.ts"],
      tsconfig: "./tsconfig.json",
      // Source errors are the typecheck task's job; here only *.test-d.ts assertions count.
      ignoreSourceErrors: true,
    },
  },
});
