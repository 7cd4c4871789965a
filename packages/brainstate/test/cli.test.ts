import { describe, expect, it } from "vitest";
import { main, type CliIO } from "../src/cli.js";
import { defaultExample, examples } from "../src/examples/index.js";

function capture(): CliIO & { stdout: string; stderr: string } {
  const io = {
    stdout: "",
    stderr: "",
    out(text: string) {
      io.stdout += `${text}\n`;
    },
    err(text: string) {
      io.stderr += `${text}\n`;
    },
  };
  return io;
}

describe("brainstate CLI", () => {
  it("prints usage naming every command for --help and exits 0", async () => {
    const io = capture();
    expect(await main(["--help"], io)).toBe(0);
    expect(io.stdout).toContain("run [example]");
    expect(io.stdout).toContain("list");
    expect(io.stdout).toContain(defaultExample);
    expect(io.stderr).toBe("");
  });

  it("lists every registered example with its description", async () => {
    const io = capture();
    expect(await main(["list"], io)).toBe(0);
    const names = Object.keys(examples);
    if (names.length === 0) expect(io.stdout).toContain("No examples are registered.");
    for (const name of names) {
      expect(io.stdout).toContain(name);
      expect(io.stdout).toContain(examples[name]!.description);
    }
  });

  it("rejects an unknown command with exit code 2 and names it", async () => {
    const io = capture();
    expect(await main(["frobnicate"], io)).toBe(2);
    expect(io.stderr).toContain("unknown command 'frobnicate'");
    expect(io.stderr).toContain("--help");
    expect(io.stdout).toBe("");
  });

  it("rejects an unknown example with exit code 2 and points to list", async () => {
    const io = capture();
    expect(await main(["run", "no-such-example"], io)).toBe(2);
    expect(io.stderr).toContain("unknown example 'no-such-example'");
    expect(io.stderr).toContain("brainstate list");
  });

  it("rejects an unknown option to run with exit code 2", async () => {
    const io = capture();
    expect(await main(["run", "--fast"], io)).toBe(2);
    expect(io.stderr).toContain("unknown option '--fast'");
  });
});

describe("examples", () => {
  it("registers the default example run by `brainstate run` once any example exists", () => {
    const names = Object.keys(examples);
    if (names.length > 0) expect(names).toContain(defaultExample);
  });

  for (const [name, example] of Object.entries(examples)) {
    it(`runs ${name} at small size`, async () => {
      await example.run({ small: true });
    });
  }
});
