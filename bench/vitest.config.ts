import { defineConfig } from "vitest/config";

// Benchmarks run against the *built* packages (no @brainstate/source condition), as users
// get them; `pnpm bench` builds the dependencies first (turbo: bench dependsOn ^build).
export default defineConfig({
  test: {
    name: "bench",
    include: [],
    benchmark: { include: ["**/*.bench.ts"], exclude: ["**/node_modules/**"] },
  },
});
