// The backend-parity suite run on a second, independent CPU backend instance: every check must
// match the default CPU backend exactly up to the suite's float tolerance, and the capability-based
// skips must name their reason.
import { describe, expect, it } from "vitest";
import { createCpuBackend } from "../extend/index.js";
import { conformanceChecks, runBackendConformance } from "./index.js";

const report = runBackendConformance(() => createCpuBackend(), { name: "cpu (second instance)", skip: { "sort/": "exercises the skip list" } });

describe("runBackendConformance", () => {
  it("lists checks from every area with unique names", () => {
    const names = conformanceChecks().map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
    for (const area of ["elementwise/", "reduce/", "movement/", "gather/", "scatter/", "linalg/", "conv/", "jit/", "autodiff/", "vmap/", "random/", "float64/"]) {
      expect(names.some((n) => n.startsWith(area))).toBe(true);
    }
  });

  it("records a skipped prefix with its reason", () => {
    expect(report.skipped).toContainEqual({ name: "sort/sort, argsort, searchsorted", reason: "exercises the skip list" });
  });
});
