// Lint rules for every package (flat config, ESLint 9). Lightweight on purpose: the
// syntactic typescript-eslint recommended set, no type-aware rules; tsc does the typing.
import js from "@eslint/js";
import { defineConfig } from "eslint/config";
import tseslint from "typescript-eslint";

export default defineConfig(
  {
    ignores: ["**/dist/**", "**/temp/**", "**/etc/**", "**/coverage/**", "**/node_modules/**"],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    files: ["**/*.ts", "**/*.mts", "**/*.js", "**/*.mjs"],
    rules: {
      // Unused bindings are errors unless prefixed with _ (also enforced by tsc's noUnused*).
      "@typescript-eslint/no-unused-vars": [
        "error",
        {
          argsIgnorePattern: "^_",
          varsIgnorePattern: "^_",
          caughtErrorsIgnorePattern: "^_",
          destructuredArrayIgnorePattern: "^_",
        },
      ],
      // Numeric code quotes published coefficients (Cephes, JAX) digit for digit, even past
      // float64 precision; rounding them by hand would only make them harder to check.
      "no-loss-of-precision": "off",
      // `any` is allowed where the engine genuinely needs it, but flagged.
      "@typescript-eslint/no-explicit-any": "warn",
      // No default exports anywhere in library code (STYLE §3.1).
      "no-restricted-syntax": [
        "error",
        { selector: "ExportDefaultDeclaration", message: "Use named exports (STYLE §3.1)." },
      ],
    },
  },
  {
    // Repository scripts run on Node.
    files: ["scripts/**/*.mjs"],
    languageOptions: { globals: { console: "readonly", process: "readonly" } },
  },
  {
    // Config files are the one place a default export is required.
    files: ["**/*.config.ts", "**/*.config.js", "**/vitest.shared.ts"],
    rules: { "no-restricted-syntax": "off" },
  },
);
