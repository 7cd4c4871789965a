#!/usr/bin/env node
// Enforces DESIGN §2: packages depend only downward along the package DAG, and never reach
// into another package's internals. Run from the repository root:
//   node scripts/check-deps.mjs              check the workspace (exit 1 on any violation)
//   node scripts/check-deps.mjs --self-test  check the checker on synthetic cases
//
// Rules (each violation names file:line, the import and the rule):
//   dag-dependency  a package.json declares a @brainstate/* dependency the DAG does not allow
//   dag-import      a source/test/example file imports a @brainstate/* package the DAG does not allow
//   undeclared      a file imports an allowed @brainstate/* package its package.json does not declare
//   unknown-package a @brainstate/* name (or packages/<folder>) that the DAG does not know
//   missing-package an allowed @brainstate/* package that does not exist in packages/ yet
//   deep-import     a subpath that is not in the target package's "exports" (src/, internal/, dist/ …)
//   relative-escape a relative import that leaves its own package (../../<otherpkg>/…)
//   name-mismatch   packages/<x>/package.json is not named @brainstate/<x>
//   cycle           the DAG (or the declared dependency graph) has a cycle
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";

const SCOPE = "@brainstate/";

/** DESIGN §2: each package and the packages it directly depends on. */
export const DAG = {
  core: [],
  state: ["core"],
  graph: ["state"],
  random: ["state"],
  compile: ["graph"],
  augment: ["compile", "random"],
  surrogate: ["core"],
  optim: ["graph"],
  nn: ["augment", "surrogate"],
  event: ["nn"],
  "backend-gpujs": ["core"],
  brainstate: [
    "core",
    "state",
    "graph",
    "random",
    "compile",
    "augment",
    "surrogate",
    "optim",
    "nn",
    "event",
    "backend-gpujs",
  ],
};

/** Private workspace packages outside the DAG that may use every DAG package (never the reverse). */
export const TOP_LEVEL = { bench: "bench" }; // short name → folder relative to the repo root

const SOURCE_DIRS = ["src", "test", "examples"];
const SOURCE_EXT = /\.(?:[cm]?ts|tsx|[cm]?js|jsx)$/;
const DEP_FIELDS = ["dependencies", "devDependencies", "peerDependencies", "optionalDependencies"];

// ---------------------------------------------------------------------------------------------
// The DAG: cycles and transitive closure

/** Returns one cycle as a list of names (first = last), or null if `graph` is acyclic. */
export function findCycle(graph) {
  const state = new Map(); // name → "visiting" | "done"
  const stack = [];
  const visit = (name) => {
    state.set(name, "visiting");
    stack.push(name);
    for (const dep of graph[name] ?? []) {
      if (state.get(dep) === "visiting") return [...stack.slice(stack.indexOf(dep)), dep];
      if (!state.has(dep)) {
        const found = visit(dep);
        if (found) return found;
      }
    }
    stack.pop();
    state.set(name, "done");
    return null;
  };
  for (const name of Object.keys(graph)) {
    if (!state.has(name)) {
      const found = visit(name);
      if (found) return found;
    }
  }
  return null;
}

/** name → Set of every package it may depend on (transitive closure of `graph`, no self). */
export function closure(graph) {
  const memo = new Map();
  const reach = (name) => {
    if (memo.has(name)) return memo.get(name);
    const out = new Set();
    memo.set(name, out);
    for (const dep of graph[name] ?? []) {
      out.add(dep);
      for (const d of reach(dep)) out.add(d);
    }
    out.delete(name);
    return out;
  };
  for (const name of Object.keys(graph)) reach(name);
  return memo;
}

// ---------------------------------------------------------------------------------------------
// Reading sources

/** Blanks out comments (keeping newlines), so commented-out or doc-example imports are ignored. */
export function stripComments(text) {
  let out = "";
  let i = 0;
  const n = text.length;
  const templateDepth = []; // brace depth at which each open `${` returns to its template
  let braces = 0;
  while (i < n) {
    const c = text[i];
    const next = text[i + 1];
    if (c === "/" && next === "/") {
      while (i < n && text[i] !== "\n") {
        out += " ";
        i++;
      }
    } else if (c === "/" && next === "*") {
      out += "  ";
      i += 2;
      while (i < n && !(text[i] === "*" && text[i + 1] === "/")) {
        out += text[i] === "\n" ? "\n" : " ";
        i++;
      }
      if (i < n) {
        out += "  ";
        i += 2;
      }
    } else if (c === '"' || c === "'") {
      out += c;
      i++;
      while (i < n && text[i] !== c && text[i] !== "\n") {
        if (text[i] === "\\") {
          out += text[i++];
        }
        if (i < n) out += text[i++];
      }
      if (i < n) out += text[i++];
    } else if (c === "`" || (c === "}" && templateDepth.length > 0 && templateDepth.at(-1) === braces)) {
      // template literal body (fresh, or resumed after a `${ … }`)
      if (c === "}") templateDepth.pop();
      out += c;
      i++;
      while (i < n && text[i] !== "`") {
        if (text[i] === "\\") {
          out += text[i++];
          if (i < n) out += text[i++];
          continue;
        }
        if (text[i] === "$" && text[i + 1] === "{") {
          out += "${";
          i += 2;
          templateDepth.push(braces);
          break;
        }
        out += text[i++];
      }
      if (i < n && text[i] === "`") out += text[i++];
    } else {
      if (c === "{") braces++;
      else if (c === "}") braces--;
      out += c;
      i++;
    }
  }
  return out;
}

const IMPORT_PATTERNS = [
  /\b(?:import|export)\s+(?:type\s+)?[^'";]*?\bfrom\s*(["'])([^"'\n]+)\1/g, // import … from "x"
  /\bimport\s*(["'])([^"'\n]+)\1/g, // import "x"  (side effect)
  /\bimport\s*\(\s*(["'])([^"'\n]+)\1\s*[,)]/g, // import("x")
  /\brequire\s*\(\s*(["'])([^"'\n]+)\1\s*\)/g, // require("x") / import x = require("x")
];

/** Every module specifier in `text` with its 1-based line number. */
export function findImports(text) {
  const code = stripComments(text);
  const found = new Map(); // offset → specifier (patterns may overlap)
  for (const pattern of IMPORT_PATTERNS) {
    for (const m of code.matchAll(pattern)) {
      const offset = m.index + m[0].lastIndexOf(m[2]);
      found.set(offset, m[2]);
    }
  }
  return [...found.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([offset, specifier]) => ({ specifier, line: code.slice(0, offset).split("\n").length }));
}

/** 1-based line of the first `"key"` occurrence in a JSON text (1 when not found). */
function lineOfKey(jsonText, key) {
  const idx = jsonText.indexOf(JSON.stringify(key));
  return idx < 0 ? 1 : jsonText.slice(0, idx).split("\n").length;
}

// ---------------------------------------------------------------------------------------------
// "exports" matching (Node's subpath exports, including "*" patterns and null targets)

/** Returns "exported", "blocked" (target null) or "absent" for `subpath` ("." or "./x"). */
export function matchExports(exportsField, subpath) {
  if (exportsField === undefined) return subpath === "." ? "exported" : "absent";
  if (typeof exportsField === "string" || Array.isArray(exportsField)) {
    return subpath === "." ? "exported" : "absent";
  }
  const keys = Object.keys(exportsField);
  if (!keys.some((k) => k.startsWith("."))) {
    // conditions only: describes "." alone
    return subpath === "." ? "exported" : "absent";
  }
  if (Object.hasOwn(exportsField, subpath) && !subpath.includes("*")) {
    return exportsField[subpath] === null ? "blocked" : "exported";
  }
  // Pattern keys: the longest matching prefix wins (Node's PATTERN_KEY_COMPARE).
  let best = null;
  for (const key of keys) {
    const star = key.indexOf("*");
    if (star < 0) continue;
    const prefix = key.slice(0, star);
    const suffix = key.slice(star + 1);
    if (subpath.length >= key.length && subpath.startsWith(prefix) && subpath.endsWith(suffix)) {
      if (best === null || prefix.length > best.prefix.length) best = { key, prefix };
    }
  }
  if (best !== null) return exportsField[best.key] === null ? "blocked" : "exported";
  return "absent";
}

// ---------------------------------------------------------------------------------------------
// The check itself: pure, over an in-memory workspace

/**
 * @typedef {{ path: string, text: string }} SourceFile
 * @typedef {{ short: string, folder: string, pkgJsonPath: string, pkgJsonText: string,
 *             files: SourceFile[] }} WorkspacePackage
 * @typedef {{ file: string, line: number, rule: string, message: string }} Violation
 */

/**
 * Checks a workspace against `dag`. `packages` are the workspace packages (DAG members under
 * packages/<short>, plus TOP_LEVEL ones). Returns every violation found.
 * @param {WorkspacePackage[]} packages
 * @returns {Violation[]}
 */
export function checkWorkspace(packages, dag = DAG, topLevel = TOP_LEVEL) {
  /** @type {Violation[]} */
  const violations = [];
  const report = (file, line, rule, message) => violations.push({ file, line, rule, message });

  const dagCycle = findCycle(dag);
  if (dagCycle) {
    report("scripts/check-deps.mjs", 1, "cycle", `the DAG table has a cycle: ${dagCycle.join(" → ")}`);
    return violations;
  }
  const allowed = closure(dag);
  const dagNames = Object.keys(dag);
  for (const short of Object.keys(topLevel)) allowed.set(short, new Set(dagNames));
  const describeAllowed = (short) => {
    const set = allowed.get(short);
    if (Object.hasOwn(topLevel, short)) return "any DAG package";
    return set.size === 0 ? "no @brainstate/* package" : [...set].sort().map((s) => SCOPE + s).join(", ");
  };

  /** short → { pkg, json } for packages that exist on disk */
  const present = new Map();
  for (const pkg of packages) {
    let json;
    try {
      json = JSON.parse(pkg.pkgJsonText);
    } catch (error) {
      report(pkg.pkgJsonPath, 1, "unknown-package", `package.json is not valid JSON: ${error.message}`);
      continue;
    }
    if (!Object.hasOwn(dag, pkg.short) && !Object.hasOwn(topLevel, pkg.short)) {
      report(
        pkg.pkgJsonPath,
        1,
        "unknown-package",
        `${pkg.folder}/ is not a package of DESIGN §2's DAG; add it to DAG in scripts/check-deps.mjs (and to .changeset/config.json's fixed group)`,
      );
      continue;
    }
    if (json.name !== SCOPE + pkg.short) {
      report(
        pkg.pkgJsonPath,
        lineOfKey(pkg.pkgJsonText, "name"),
        "name-mismatch",
        `${pkg.folder}/package.json is named ${JSON.stringify(json.name)}; it must be "${SCOPE}${pkg.short}"`,
      );
    }
    present.set(pkg.short, { pkg, json });
  }

  // (a) declared dependencies
  const declaredGraph = {};
  for (const [short, { pkg, json }] of present) {
    declaredGraph[short] = [];
    for (const field of DEP_FIELDS) {
      for (const dep of Object.keys(json[field] ?? {})) {
        if (!dep.startsWith(SCOPE)) continue;
        const target = dep.slice(SCOPE.length);
        const line = lineOfKey(pkg.pkgJsonText, dep);
        declaredGraph[short].push(target);
        if (!Object.hasOwn(dag, target)) {
          report(pkg.pkgJsonPath, line, "unknown-package", `${field} lists "${dep}", which is not a package of DESIGN §2's DAG`);
        } else if (!allowed.get(short).has(target)) {
          report(
            pkg.pkgJsonPath,
            line,
            "dag-dependency",
            `${field} lists "${dep}", but ${SCOPE}${short} may depend only on: ${describeAllowed(short)} (DESIGN §2: packages depend only downward)`,
          );
        }
      }
    }
  }
  const declaredCycle = findCycle(declaredGraph);
  if (declaredCycle) {
    const first = present.get(declaredCycle[0]);
    report(first?.pkg.pkgJsonPath ?? "package.json", 1, "cycle", `declared dependencies form a cycle: ${declaredCycle.join(" → ")}`);
  }

  // (b) + (c) imports in source, test and example files
  for (const [short, { pkg, json }] of present) {
    const declared = new Set();
    for (const field of DEP_FIELDS) for (const dep of Object.keys(json[field] ?? {})) declared.add(dep);
    for (const file of pkg.files) {
      for (const { specifier, line } of findImports(file.text)) {
        const where = (rule, message) => report(file.path, line, rule, `imports "${specifier}": ${message}`);
        if (specifier.startsWith(".")) {
          const resolved = path.posix.normalize(path.posix.join(path.posix.dirname(file.path), specifier));
          if (resolved !== pkg.folder && !resolved.startsWith(`${pkg.folder}/`)) {
            where(
              "relative-escape",
              `the relative path leaves ${pkg.folder}/ (resolves to ${resolved}); import another package by name through its "exports" instead`,
            );
          }
          continue;
        }
        if (!specifier.startsWith(SCOPE)) continue;
        const rest = specifier.slice(SCOPE.length);
        const slash = rest.indexOf("/");
        const target = slash < 0 ? rest : rest.slice(0, slash);
        const subpath = slash < 0 ? "." : `./${rest.slice(slash + 1)}`;
        const self = target === short;
        if (!self) {
          if (!Object.hasOwn(dag, target)) {
            where("unknown-package", `"${SCOPE}${target}" is not a package of DESIGN §2's DAG`);
            continue;
          }
          if (!allowed.get(short).has(target)) {
            where(
              "dag-import",
              `${SCOPE}${short} may import only: ${describeAllowed(short)} (DESIGN §2: packages depend only downward)`,
            );
            continue;
          }
          if (!present.has(target)) {
            where("missing-package", `${SCOPE}${target} does not exist yet (no packages/${target}/package.json)`);
            continue;
          }
          if (!declared.has(SCOPE + target)) {
            where("undeclared", `${SCOPE}${target} is not declared in ${pkg.pkgJsonPath}; add "${SCOPE}${target}": "workspace:^"`);
          }
        }
        const targetJson = self ? json : present.get(target).json;
        const verdict = matchExports(targetJson.exports, subpath);
        if (verdict !== "exported") {
          const exported = Object.keys(targetJson.exports ?? { ".": 0 })
            .filter((k) => k.startsWith(".") && !k.endsWith(".json") && targetJson.exports?.[k] !== null)
            .map((k) => (k === "." ? SCOPE + target : `${SCOPE}${target}/${k.slice(2)}`));
          where(
            "deep-import",
            `"${subpath}" is ${verdict === "blocked" ? "closed (null) in" : "not in"} ${SCOPE}${target}'s "exports"; reaching into another package's internals is forbidden — import one of: ${exported.join(", ")}`,
          );
        }
      }
    }
  }
  return violations;
}

// ---------------------------------------------------------------------------------------------
// Loading the real workspace

function listSourceFiles(root, dir, out) {
  const abs = path.join(root, dir);
  if (!existsSync(abs)) return out;
  for (const entry of readdirSync(abs, { withFileTypes: true })) {
    if (entry.name === "node_modules" || entry.name === "dist" || entry.name.startsWith(".")) continue;
    const rel = `${dir}/${entry.name}`;
    if (entry.isDirectory()) listSourceFiles(root, rel, out);
    else if (SOURCE_EXT.test(entry.name) && !entry.name.endsWith(".d.ts")) {
      out.push({ path: rel, text: readFileSync(path.join(root, rel), "utf8") });
    }
  }
  return out;
}

/** Reads packages/* and the TOP_LEVEL packages under `root` into checkWorkspace's input. */
export function loadWorkspace(root) {
  const packages = [];
  const add = (short, folder, dirs) => {
    const pkgJsonPath = `${folder}/package.json`;
    if (!existsSync(path.join(root, pkgJsonPath))) return;
    const files = [];
    for (const d of dirs) listSourceFiles(root, d === "." ? folder : `${folder}/${d}`, files);
    packages.push({ short, folder, pkgJsonPath, pkgJsonText: readFileSync(path.join(root, pkgJsonPath), "utf8"), files });
  };
  const packagesDir = path.join(root, "packages");
  if (existsSync(packagesDir)) {
    for (const name of readdirSync(packagesDir).sort()) {
      if (statSync(path.join(packagesDir, name)).isDirectory()) add(name, `packages/${name}`, SOURCE_DIRS);
    }
  }
  for (const [short, folder] of Object.entries(TOP_LEVEL)) add(short, folder, ["."]);
  return packages;
}

// ---------------------------------------------------------------------------------------------
// Self-test: synthetic workspaces with known verdicts

function fakePackage(short, deps, files, exportsField) {
  const folder = Object.hasOwn(TOP_LEVEL, short) ? TOP_LEVEL[short] : `packages/${short}`;
  const json = {
    name: SCOPE + short,
    exports: exportsField ?? {
      ".": { "@brainstate/source": "./src/index.ts", types: "./dist/index.d.ts", default: "./dist/index.js" },
      "./internal/*": null,
    },
    dependencies: Object.fromEntries(deps.map((d) => [SCOPE + d, "workspace:^"])),
  };
  return {
    short,
    folder,
    pkgJsonPath: `${folder}/package.json`,
    pkgJsonText: JSON.stringify(json, null, 2),
    files: Object.entries(files).map(([p, text]) => ({ path: `${folder}/${p}`, text })),
  };
}

const CORE_EXPORTS = {
  ".": { "@brainstate/source": "./src/index.ts", default: "./dist/index.js" },
  "./extend": { "@brainstate/source": "./src/extend/index.ts", default: "./dist/extend/index.js" },
  "./testing": { "@brainstate/source": "./src/testing/index.ts", default: "./dist/testing/index.js" },
  "./internal/*": null,
};

const SELF_TESTS = [
  {
    name: "allowed: direct, transitive and public-subpath imports pass",
    packages: [
      fakePackage("core", [], { "src/index.ts": 'export const x = 1;\nimport "./a.js";\n' }, CORE_EXPORTS),
      fakePackage("state", ["core"], {
        "src/index.ts": 'import { x } from "@brainstate/core";\nimport type { B } from "@brainstate/core/extend";\n',
        "test/state.test.ts": 'import { y } from "@brainstate/state";\nconst t = await import("@brainstate/core/testing");\n',
      }),
      fakePackage("graph", ["state", "core"], { "src/index.ts": 'export { x } from "@brainstate/core";\n' }),
      fakePackage("brainstate", ["core", "state", "graph"], { "src/index.ts": 'export * as graph from "@brainstate/graph";\n' }),
      fakePackage("bench", ["core", "brainstate"], { "core/matmul.bench.ts": 'import { np } from "@brainstate/core";\nimport "../lib/compare.js";\n' }),
    ],
    expect: [],
  },
  {
    name: "imports inside comments and strings are ignored",
    packages: [
      fakePackage("core", [], {
        "src/index.ts":
          '/** @example\n * import { vmap } from "@brainstate/augment";\n */\n// import { nn } from "@brainstate/nn";\nconst s = "import x from \\"@brainstate/nn\\"";\nconst t = `${s}`; /* import "@brainstate/nn" */ export { t };\n',
      }),
    ],
    expect: [],
  },
  {
    name: "upward import is rejected (core imports state)",
    packages: [
      fakePackage("core", [], { "src/a.ts": 'const a = 1;\nimport { State } from "@brainstate/state";\n' }),
      fakePackage("state", ["core"], {}),
    ],
    expect: [{ rule: "dag-import", file: "packages/core/src/a.ts", line: 2 }],
  },
  {
    name: "sideways import is rejected (surrogate imports state)",
    packages: [
      fakePackage("core", [], {}),
      fakePackage("state", ["core"], {}),
      fakePackage("surrogate", ["core"], { "src/a.ts": 'export { State } from "@brainstate/state";\n' }),
    ],
    expect: [{ rule: "dag-import", file: "packages/surrogate/src/a.ts", line: 1 }],
  },
  {
    name: "deep imports are rejected (src/, internal/, dist/, unknown subpath)",
    packages: [
      fakePackage("core", [], {}, CORE_EXPORTS),
      fakePackage("state", ["core"], {
        "src/a.ts": [
          'import { x } from "@brainstate/core/src/trace/core.js";',
          'import { y } from "@brainstate/core/internal/util.js";',
          'import { z } from "@brainstate/core/dist/index.js";',
          'import { w } from "@brainstate/core/extend";',
          'import { v } from "@brainstate/core/numpy";',
        ].join("\n"),
        "test/b.test.ts": 'import { s } from "@brainstate/state/internal/x.js";\n',
      }),
    ],
    expect: [
      { rule: "deep-import", file: "packages/state/src/a.ts", line: 1 },
      { rule: "deep-import", file: "packages/state/src/a.ts", line: 2 },
      { rule: "deep-import", file: "packages/state/src/a.ts", line: 3 },
      { rule: "deep-import", file: "packages/state/src/a.ts", line: 5 },
      { rule: "deep-import", file: "packages/state/test/b.test.ts", line: 1 },
    ],
  },
  {
    name: "relative path into another package is rejected",
    packages: [
      fakePackage("core", [], {}),
      fakePackage("state", ["core"], {
        "src/a.ts": 'import { ok } from "./b.js";\nimport { x } from "../../core/src/index.js";\n',
        "test/c.test.ts": 'import { y } from "../src/a.js";\n',
      }),
    ],
    expect: [{ rule: "relative-escape", file: "packages/state/src/a.ts", line: 2 }],
  },
  {
    name: "package.json declaring a forbidden dependency is rejected",
    packages: [
      fakePackage("core", ["nn"], {}),
      fakePackage("optim", ["graph", "random"], {}),
    ],
    expect: [
      { rule: "dag-dependency", file: "packages/core/package.json" },
      { rule: "dag-dependency", file: "packages/optim/package.json" },
    ],
  },
  {
    name: "allowed but undeclared, missing and unknown packages are reported",
    packages: [
      fakePackage("core", [], {}),
      fakePackage("state", [], {
        "src/a.ts": 'import { x } from "@brainstate/core";\n',
      }),
      fakePackage("nn", [], {
        "src/a.ts": 'import { g } from "@brainstate/augment";\nimport { q } from "@brainstate/quantum";\n',
      }),
      fakePackage("misc", [], {}),
    ],
    expect: [
      { rule: "undeclared", file: "packages/state/src/a.ts", line: 1 },
      { rule: "missing-package", file: "packages/nn/src/a.ts", line: 1 },
      { rule: "unknown-package", file: "packages/nn/src/a.ts", line: 2 },
      { rule: "unknown-package", file: "packages/misc/package.json" },
    ],
  },
  {
    name: "a package named differently from its folder is rejected",
    packages: [{ ...fakePackage("core", [], {}), pkgJsonText: '{ "name": "brainstate-core" }' }],
    expect: [{ rule: "name-mismatch", file: "packages/core/package.json" }],
  },
  {
    name: "a cycle in the DAG table is rejected",
    dag: { core: ["nn"], state: ["core"], nn: ["state"] },
    packages: [],
    expect: [{ rule: "cycle", file: "scripts/check-deps.mjs" }],
  },
];

function runSelfTest() {
  let failed = 0;
  for (const test of SELF_TESTS) {
    const got = checkWorkspace(test.packages, test.dag ?? DAG);
    // Each expectation must match one violation (rule, file, and line when given); no extras.
    const unmatched = [...got];
    const missing = [];
    for (const want of test.expect) {
      const idx = unmatched.findIndex(
        (v) => v.rule === want.rule && v.file === want.file && (want.line === undefined || v.line === want.line),
      );
      if (idx < 0) missing.push(want);
      else unmatched.splice(idx, 1);
    }
    if (missing.length > 0 || unmatched.length > 0) {
      failed++;
      console.error(`✗ ${test.name}`);
      for (const m of missing) console.error(`    expected but not reported: [${m.rule}] ${m.file}${m.line ? `:${m.line}` : ""}`);
      for (const v of unmatched) console.error(`    reported but not expected: ${v.file}:${v.line} [${v.rule}] ${v.message}`);
    } else {
      console.log(`✓ ${test.name}`);
    }
  }
  // Sanity checks on the real DAG: acyclic, and the closure matches DESIGN §2's examples.
  const c = closure(DAG);
  const facts = [
    ["DAG is acyclic", findCycle(DAG) === null],
    ["nn may use core (transitively)", c.get("nn").has("core")],
    ["nn may use random (through augment)", c.get("nn").has("random")],
    ["optim may not use random", !c.get("optim").has("random")],
    ["event may not use optim", !c.get("event").has("optim")],
    ["core depends on nothing", c.get("core").size === 0],
    ["brainstate may use every other package", c.get("brainstate").size === Object.keys(DAG).length - 1],
  ];
  for (const [name, ok] of facts) {
    if (!ok) failed++;
    console[ok ? "log" : "error"](`${ok ? "✓" : "✗"} ${name}`);
  }
  if (failed > 0) {
    console.error(`check-deps --self-test: ${failed} case(s) gave the wrong verdict`);
    return 1;
  }
  console.log(`check-deps --self-test: all ${SELF_TESTS.length + facts.length} cases passed`);
  return 0;
}

// ---------------------------------------------------------------------------------------------

function main(argv) {
  if (argv.includes("--self-test")) return runSelfTest();
  const unknown = argv.filter((a) => a !== "--self-test");
  if (unknown.length > 0) {
    console.error(`check-deps: unknown argument(s) ${unknown.join(" ")}; usage: node scripts/check-deps.mjs [--self-test]`);
    return 2;
  }
  const root = process.cwd();
  const packages = loadWorkspace(root);
  const violations = checkWorkspace(packages);
  if (violations.length > 0) {
    for (const v of violations) console.error(`${v.file}:${v.line}: [${v.rule}] ${v.message}`);
    console.error(`\ncheck-deps: ${violations.length} violation(s) of the package DAG (DESIGN §2)`);
    return 1;
  }
  const files = packages.reduce((n, p) => n + p.files.length, 0);
  console.log(`check-deps: ${packages.length} packages, ${files} files: dependencies follow DESIGN §2's DAG`);
  return 0;
}

const isEntry = process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isEntry) process.exitCode = main(process.argv.slice(2));
