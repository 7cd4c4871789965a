#!/usr/bin/env node
// pnpm test:browser — bundles page.ts with vite (sources through the @brainstate/source
// condition), serves it, and runs it in headless Chromium (Debian's /usr/bin/chromium, software
// WebGL through SwiftShader) with playwright-core, once per mode; exits 1 on a mismatch.
// usage: node test/browser/run.mjs [--modes webgl2,webgl,cpu] [--chromium /usr/bin/chromium]
import { existsSync } from "node:fs";
import console from "node:console";
import { fileURLToPath, URL } from "node:url";
import { parseArgs } from "node:util";
import process from "node:process";
import { build, preview, defaultClientConditions } from "vite";
import { chromium } from "playwright-core";

const { values: opts } = parseArgs({ options: { modes: { type: "string", default: "webgl2,webgl,webasm,webgpu" }, chromium: { type: "string", default: "/usr/bin/chromium" } } });
if (!existsSync(opts.chromium)) {
  console.log(`browser check skipped: no Chromium at ${opts.chromium} (apt-get install chromium, or pass --chromium PATH)`);
  process.exit(0);
}
const root = fileURLToPath(new URL(".", import.meta.url));
const outDir = fileURLToPath(new URL("../../temp/browser", import.meta.url));
await build({
  root,
  logLevel: "warn",
  resolve: { conditions: ["@brainstate/source", ...defaultClientConditions] },
  build: {
    outDir,
    emptyOutDir: true,
    target: "es2022",
    // No tree-shaking: rolldown drops core's side-effect-only imports (the CPU backend's
    // registration, the Array methods) even with core's "sideEffects" list.
    rolldownOptions: { treeshake: false },
  },
});
const server = await preview({ root, logLevel: "warn", build: { outDir }, preview: { port: 0, host: "127.0.0.1" } });
const url = server.resolvedUrls?.local[0];
const browser = await chromium.launch({ executablePath: opts.chromium, headless: true, args: ["--use-angle=swiftshader", "--enable-unsafe-swiftshader", "--ignore-gpu-blocklist"] });
let failed = false;
try {
  for (const mode of opts.modes.split(",")) {
    const page = await browser.newPage();
    page.on("pageerror", (e) => console.log(`[${mode}] page error: ${e.message}`));
    await page.goto(`${url}?mode=${mode}`);
    await page.waitForFunction(() => globalThis.__result !== undefined, null, { timeout: 120_000 });
    const r = await page.evaluate(() => globalThis.__result);
    console.log(`${mode}: ${r.skipped ? `skipped — ${r.skipped}` : r.ok ? "ok" : "MISMATCH"} ${JSON.stringify(r)}`);
    failed ||= !r.ok;
    await page.close();
  }
} finally {
  await browser.close();
  await new Promise((resolve) => server.httpServer.close(resolve));
}
process.exit(failed ? 1 : 0);
