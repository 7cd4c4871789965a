import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { jit, np, OptionError, ValueError, vmap, type Array } from "@brainstate/core";
import { State } from "@brainstate/state";
import { checkpointedForLoop, forLoop, ProgressBar, scan } from "./index.js";

/** A terminal stand-in that records what is written. */
function terminal(columns = 80): { stream: { write(s: string): void; isTTY: boolean; columns: number }; text: () => string; lines: () => string[] } {
  const chunks: string[] = [];
  const stream = { write: (s: string) => void chunks.push(s), isTTY: true, columns };
  const text = (): string => chunks.join("");
  // each redraw starts with a carriage return; the timing part [..] varies, so it is dropped
  const lines = (): string[] =>
    text()
      .split("\r")
      .filter((l) => l.trim() !== "")
      .map((l) => l.replace(/ \[.*\]/, "").trimEnd());
  return { stream, text, lines };
}

describe("ProgressBar", () => {
  it("computes brainstate's update frequency and remainder", () => {
    // default: n/20 rounded down for n > 20, else 1
    expect([new ProgressBar().init(1000).freq, new ProgressBar().init(1000).remainder]).toEqual([50, 0]);
    expect([new ProgressBar().init(45).freq, new ProgressBar().init(45).remainder]).toEqual([2, 1]);
    expect(new ProgressBar().init(20).freq).toBe(1);
    // count: divmod(n, count)
    expect([new ProgressBar({ count: 3 }).init(10).freq, new ProgressBar({ count: 3 }).init(10).remainder]).toEqual([3, 1]);
    expect([new ProgressBar({ freq: 4 }).init(10).freq, new ProgressBar({ freq: 4 }).init(10).remainder]).toEqual([4, 2]);
    expect(new ProgressBar().init(1234).message).toBe("Running for 1,234 iterations");
    expect(new ProgressBar({ desc: "sim" }).init(5).message).toBe("sim");
    expect(new ProgressBar({ desc: "sim", message: "msg" }).init(5).message).toBe("msg");
  });

  it("throws ValueError for conflicting or impossible settings", () => {
    expect(() => new ProgressBar({ freq: 2, count: 3 })).toThrow(ValueError);
    expect(() => new ProgressBar({ freq: 2, count: 3 })).toThrow("give freq (2) or count (3), not both");
    expect(() => new ProgressBar({ count: 11 }).init(10)).toThrow("count 11 is too large for a loop of 10 iterations");
    expect(() => new ProgressBar({ freq: 0 }).init(10)).toThrow("freq must be at least 1");
    expect(() => new ProgressBar({ freq: 11 }).init(10)).toThrow("freq 11 exceeds the 10 iterations");
    expect(() => new ProgressBar({ freq: 1.5 })).toThrow("freq must be an integer");
    expect(() => new ProgressBar({ total: 3 } as never)).toThrow(OptionError);
  });

  it("draws a bar from inside a compiled forLoop into a terminal", () => {
    const term = terminal(80);
    const s = new State(np.zeros([]));
    forLoop(
      (x: Array) => {
        s.value = s.value.add(x);
      },
      np.arange(10),
      { pbar: new ProgressBar({ freq: 5, desc: "summing", stream: term.stream }) },
    );
    expect(s.value.item()).toBe(45);
    const lines = term.lines();
    expect(lines.map((l) => l.replace(/\|.*\|/, "|…|"))).toEqual(["summing:   0%|…| 0/10", "summing:  50%|…| 5/10", "summing: 100%|…| 10/10"]);
    // the bar is filled in proportion: empty, half (in eighths of a cell), full
    const bars = lines.map((l) => (/\|(.*)\|/.exec(l) as RegExpExecArray)[1] as string);
    expect(bars[0]?.trim()).toBe("");
    const half = bars[1] as string;
    const filled = [...half].filter((c) => c === "█").length;
    expect(Math.abs(filled - half.length / 2)).toBeLessThanOrEqual(1);
    expect(bars[2]).toBe("█".repeat((bars[2] as string).length));
    // each drawn line (timing included) fills the terminal width
    for (const raw of term.text().split("\r").filter((l) => l.trim() !== "")) expect(raw.trimEnd().length).toBe(80);
    expect(term.text().endsWith("\n")).toBe(true);
  });

  it("adds the remainder at the end and draws ASCII bars when asked", () => {
    const term = terminal(40);
    forLoop((x: Array) => x, np.arange(7), { pbar: new ProgressBar({ freq: 3, desc: "r", stream: term.stream, ascii: true }) });
    // updates after 3 and 6 iterations, then the remainder 1
    expect(term.lines().map((l) => l.replace(/\|.*\|/, "|…|"))).toEqual(["r:   0%|…| 0/7", "r:  42%|…| 3/7", "r:  85%|…| 6/7", "r: 100%|…| 7/7"]);
    expect((/\|(.*)\|/.exec(term.lines()[3] as string) as RegExpExecArray)[1]).toMatch(/^#{10,}$/);
  });

  it("draws into a piped (non-terminal) stream only when disable is false", () => {
    const pipe = new PassThrough();
    let out = "";
    pipe.on("data", (d: Buffer) => (out += d.toString()));
    forLoop((x: Array) => x, np.arange(4), { pbar: new ProgressBar({ stream: pipe }) });
    expect(out).toBe("");
    forLoop((x: Array) => x, np.arange(4), { pbar: new ProgressBar({ stream: pipe, disable: false, desc: "piped" }) });
    expect(out).toContain("piped: 100%|");
    expect(out).toContain("| 4/4 [");
    const term = terminal();
    forLoop((x: Array) => x, np.arange(4), { pbar: new ProgressBar({ stream: term.stream, disable: true }) });
    expect(term.text()).toBe("");
  });

  it("clears the line when leave is false", () => {
    const term = terminal(60);
    forLoop((x: Array) => x, np.arange(2), { pbar: new ProgressBar({ stream: term.stream, leave: false }) });
    const parts = term.text().split("\r");
    // the last bar is overwritten by as many spaces, and the cursor returns to the line start
    expect(parts[parts.length - 1]).toBe("");
    expect(parts[parts.length - 2]).toBe(" ".repeat((parts[parts.length - 3] as string).length));
  });

  it("draws a fresh bar on each call of a jitted loop", () => {
    const term = terminal();
    const run = jit((xs: Array) => forLoop((x: Array) => x.mul(2), xs, { pbar: new ProgressBar({ freq: 2, stream: term.stream, desc: "j" }) }));
    run(np.arange(4));
    run(np.arange(4));
    expect(term.lines().filter((l) => l.startsWith("j: 100%")).length).toBe(2);
    expect(term.lines().filter((l) => l.startsWith("j:   0%")).length).toBe(2);
  });

  it("counts each iteration once under vmap", () => {
    const term = terminal();
    vmap((x: Array) => forLoop((k: Array) => k.add(x), np.arange(4), { pbar: new ProgressBar({ stream: term.stream, desc: "v" }) }))(np.arange(3));
    expect(term.lines().map((l) => /\| (\d+)\/4/.exec(l)?.[1])).toEqual(["0", "1", "2", "3", "4"]);
  });

  it("advances through scan and checkpointedForLoop", () => {
    const term = terminal();
    scan((c: Array, x: Array): [Array, null] => [c.add(x), null], np.array(0), np.arange(6), { pbar: new ProgressBar({ freq: 3, stream: term.stream, desc: "s" }) });
    checkpointedForLoop((x: Array) => x, np.arange(20), { base: 3, pbar: new ProgressBar({ count: 4, stream: term.stream, desc: "c" }) });
    expect(term.lines().map((l) => l.replace(/\|.*\|/, "|…|"))).toEqual([
      "s:   0%|…| 0/6",
      "s:  50%|…| 3/6",
      "s: 100%|…| 6/6",
      "c:   0%|…| 0/20",
      "c:  25%|…| 5/20",
      "c:  50%|…| 10/20",
      "c:  75%|…| 15/20",
      "c: 100%|…| 20/20",
    ]);
  });
});
