#!/usr/bin/env node
// Runs api-extractor for the package in the current directory, once per api-extractor*.json
// (one per "exports" entry point: core has api-extractor.json, .extend.json, .testing.json).
// Reads the .d.ts that `tsc -p tsconfig.build.json` wrote to dist/ (turbo: api dependsOn build).
//   node ../../scripts/api.mjs --local   rewrite etc/*.api.md (what `pnpm api` runs)
//   node ../../scripts/api.mjs           fail if any etc/*.api.md differs (`pnpm api:check`, CI)
import { mkdirSync, readdirSync } from "node:fs";
import path from "node:path";
import process from "node:process";
import { Extractor, ExtractorConfig } from "@microsoft/api-extractor";

const args = process.argv.slice(2);
const unknown = args.filter((a) => a !== "--local" && a !== "--verbose");
if (unknown.length > 0) {
  console.error(`api: unknown argument(s) ${unknown.join(" ")}; usage: node scripts/api.mjs [--local] [--verbose]`);
  process.exit(2);
}
const localBuild = args.includes("--local");
const verbose = args.includes("--verbose");

const packageDir = process.cwd();
const configs = readdirSync(packageDir)
  .filter((f) => /^api-extractor(\.[\w-]+)?\.json$/.test(f))
  .sort();
if (configs.length === 0) {
  console.error(`api: no api-extractor*.json in ${packageDir}`);
  process.exit(1);
}

let failed = 0;
for (const file of configs) {
  const configPath = path.join(packageDir, file);
  let config;
  try {
    config = ExtractorConfig.loadFileAndPrepare(configPath);
  } catch (error) {
    // Most often: the entry .d.ts is missing because the package was not built.
    console.error(`api: ${file}: ${error.message}\n  (build first: \`tsc -p tsconfig.build.json\`, or run through turbo: \`pnpm api\`)`);
    failed++;
    continue;
  }
  const report = path.relative(packageDir, config.reportFilePath);
  if (localBuild) mkdirSync(config.reportFolder, { recursive: true });
  const result = Extractor.invoke(config, {
    localBuild,
    showVerboseMessages: verbose,
    // In check mode, print what changed in the report.
    printApiReportDiff: !localBuild,
    messageCallback: (message) => {
      // Without --local, api-extractor itself would only warn about a stale report; we fail
      // below with one clear message instead.
      if (message.messageId === "console-api-report-not-copied" || message.messageId === "console-api-report-copied") {
        message.handled = true;
      }
    },
  });
  const problems = [];
  if (result.errorCount > 0) problems.push(`${result.errorCount} error(s)`);
  if (!localBuild && result.apiReportChanged) {
    problems.push(
      `${report} is out of date (new version in ${path.relative(packageDir, config.reportTempFilePath)}); ` +
        "if the API change is intended, run `pnpm api` and commit the report",
    );
  }
  if (problems.length > 0) {
    failed++;
    console.error(`api: ${file}: ${problems.join("; ")}`);
  } else {
    const state = localBuild && result.apiReportChanged ? "updated" : "up to date";
    const warnings = result.warningCount > 0 ? ` (${result.warningCount} warning(s))` : "";
    console.log(`api: ${file}: ${report} ${state}${warnings}`);
  }
}
process.exit(failed > 0 ? 1 : 0);
