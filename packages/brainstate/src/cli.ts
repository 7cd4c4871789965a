#!/usr/bin/env node
/**
 * The `brainstate` command line: lists and runs the examples registered in
 * `examples/index.ts`. Layer: umbrella package (bin entry, dist/cli.js).
 */
import { realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { defaultExample, examples, type ExampleOptions } from "./examples/index.js";

/** Where the CLI writes; tests pass their own to capture the output. */
export interface CliIO {
  out(text: string): void;
  err(text: string): void;
}

const processIO: CliIO = {
  out: (text) => void process.stdout.write(text.endsWith("\n") ? text : `${text}\n`),
  err: (text) => void process.stderr.write(text.endsWith("\n") ? text : `${text}\n`),
};

const USAGE = `Usage: brainstate <command> [options]

Commands:
  run [example] [--small]   run an example (default: ${defaultExample}); --small runs a reduced size
  list                      list the available examples
  help, --help, -h          show this help

Exit codes: 0 success, 1 the example failed, 2 usage error.`;

function usageError(io: CliIO, message: string): number {
  io.err(`brainstate: ${message}\nRun \`brainstate --help\` for usage.`);
  return 2;
}

function listExamples(io: CliIO): number {
  const names = Object.keys(examples).sort();
  if (names.length === 0) {
    io.out("No examples are registered.");
    return 0;
  }
  const width = Math.max(...names.map((n) => n.length));
  for (const name of names) {
    const marker = name === defaultExample ? " (default)" : "";
    io.out(`  ${name.padEnd(width)}  ${examples[name]?.description ?? ""}${marker}`);
  }
  return 0;
}

async function runExample(io: CliIO, args: readonly string[]): Promise<number> {
  const opts: ExampleOptions = {};
  const positional: string[] = [];
  for (const arg of args) {
    if (arg === "--small") opts.small = true;
    else if (arg.startsWith("-")) return usageError(io, `run: unknown option '${arg}' (known: --small)`);
    else positional.push(arg);
  }
  if (positional.length > 1) {
    return usageError(io, `run: expected at most one example name, got ${positional.length}: ${positional.join(" ")}`);
  }
  const name = positional[0] ?? defaultExample;
  const example = Object.hasOwn(examples, name) ? examples[name] : undefined;
  if (example === undefined) {
    const known = Object.keys(examples).sort();
    return usageError(
      io,
      `run: unknown example '${name}'; available: ${known.length > 0 ? known.join(", ") : "(none registered)"} — see \`brainstate list\``,
    );
  }
  try {
    await example.run(opts);
    return 0;
  } catch (error) {
    io.err(`brainstate: example '${name}' failed:\n${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return 1;
  }
}

/**
 * Runs the CLI on `argv` (the arguments after the program name) and returns the exit code.
 * Never calls `process.exit`, so tests can call it directly.
 */
export async function main(argv: readonly string[], io: CliIO = processIO): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case undefined:
    case "help":
    case "--help":
    case "-h":
      io.out(USAGE);
      return 0;
    case "list":
      if (rest.length > 0) return usageError(io, `list: unexpected argument '${rest[0]}'`);
      return listExamples(io);
    case "run":
      return runExample(io, rest);
    default:
      return usageError(io, `unknown command '${command}' (commands: run, list, help)`);
  }
}

/** True when this file is the program Node started (directly or through the bin link). */
function isEntryModule(): boolean {
  const entry = process.argv[1];
  if (entry === undefined) return false;
  try {
    return realpathSync(entry) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntryModule()) {
  process.exitCode = await main(process.argv.slice(2));
}
