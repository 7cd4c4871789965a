// Root config: every package as one vitest project, in one process (`pnpm vitest` for watch
// mode). `pnpm test` runs the packages through turbo instead (cached, per package).
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    projects: ["packages/*"],
  },
});
