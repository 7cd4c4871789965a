// ProgressBar: a terminal progress bar for long loops, advanced from inside the compiled loop
// through a host callback (core debugCallback) and drawn like tqdm. Quiet when the stream is not
// a terminal unless asked. Layer: compile. Ported from brainstate's compile/_progress_bar.py.

import { Array, debugCallback, ValueError } from "@brainstate/core";
import { checkOptions } from "@brainstate/core/extend";
import { unvmap } from "./unvmap.js";

/** Where a progress bar draws: anything with `write` (Node's `process.stderr`, a test double). @public */
export interface ProgressBarStream {
  /** Writes text (the bar is redrawn after a carriage return). */
  write(chunk: string): unknown;
  /** True for a terminal; the bar draws only on terminals unless `disable: false`. */
  readonly isTTY?: boolean;
  /** Terminal width in characters. */
  readonly columns?: number;
}

/** Options of {@link ProgressBar}. @public */
export interface ProgressBarOptions {
  /** Advance the bar every `freq` iterations. @defaultValue n / 20 (rounded down) for loops of more than 20 iterations, else 1 */
  freq?: number;
  /** Advance the bar `count` times in total (exclusive with `freq`). */
  count?: number;
  /** Text before the bar. @defaultValue "Running for N iterations" */
  desc?: string;
  /** Overrides `desc` (brainstate's `message`). */
  message?: string;
  /** Where to draw. @defaultValue process.stderr (nothing outside Node) */
  stream?: ProgressBarStream;
  /** `true`: never draw; `false`: always draw; `null`: draw only when the stream is a terminal (tqdm's rule). @defaultValue null */
  disable?: boolean | null;
  /** Total width of the line. @defaultValue the stream's `columns`, else 80 */
  ncols?: number;
  /** Keep the finished bar on screen (else the line is cleared). @defaultValue true */
  leave?: boolean;
  /** Draw the bar with `#` instead of Unicode blocks. @defaultValue false */
  ascii?: boolean;
}

function defaultStream(): ProgressBarStream | undefined {
  const proc = (globalThis as { process?: { stderr?: ProgressBarStream } }).process;
  return proc?.stderr;
}

function checkCount(name: string, v: number | undefined): void {
  if (v !== undefined && !Number.isInteger(v)) throw new ValueError(`ProgressBar: ${name} must be an integer, got ${v}`);
}

/**
 * A progress bar for `forLoop`, `scan` and their checkpointed forms: pass `{ pbar: new ProgressBar() }`
 * and the compiled loop reports its iterations to the host, which draws
 * `desc:  45%|████▌     | 450/1000 [00:01<00:01, 450.00it/s]`.
 * @throws ValueError when both `freq` and `count` are given, or either is not an integer.
 * @example
 * ```ts
 * forLoop((x: Array) => step(x), xs, { pbar: new ProgressBar({ freq: 100, desc: "simulating" }) });
 * ```
 * @public
 */
export class ProgressBar {
  /** The update frequency given, if any. */
  readonly freq: number | undefined;
  /** The number of updates given, if any. */
  readonly count: number | undefined;
  private readonly options: ProgressBarOptions;

  constructor(options: ProgressBarOptions = {}) {
    checkOptions("ProgressBar", options, ["freq", "count", "desc", "message", "stream", "disable", "ncols", "leave", "ascii"]);
    if (options.freq !== undefined && options.count !== undefined) {
      throw new ValueError(`ProgressBar: give freq (${options.freq}) or count (${options.count}), not both`);
    }
    checkCount("freq", options.freq);
    checkCount("count", options.count);
    this.freq = options.freq;
    this.count = options.count;
    this.options = options;
  }

  /**
   * The runner for a loop of `n` iterations (loops call this once, when they are traced).
   * @throws ValueError when `count` exceeds `n`, or `freq` is below 1 or above `n`.
   */
  init(n: number): ProgressBarRunner {
    let freq: number;
    let remainder: number;
    if (this.count !== undefined) {
      freq = Math.floor(n / this.count);
      remainder = n % this.count;
      if (freq === 0) throw new ValueError(`ProgressBar: count ${this.count} is too large for a loop of ${n} iterations; use a count of at most ${n}`);
    } else if (this.freq === undefined) {
      freq = n > 20 ? Math.floor(n / 20) : 1;
      remainder = n % freq;
    } else {
      freq = this.freq;
      if (freq < 1) throw new ValueError(`ProgressBar: freq must be at least 1, got ${freq}`);
      if (freq > n) throw new ValueError(`ProgressBar: freq ${freq} exceeds the ${n} iterations of the loop; use a freq of at most ${n}`);
      remainder = n % freq;
    }
    const message = this.options.message ?? this.options.desc ?? `Running for ${n.toLocaleString("en-US")} iterations`;
    return new ProgressBarRunner(n, message, freq, remainder, this.options);
  }
}

const BLOCKS = [" ", "▏", "▎", "▍", "▌", "▋", "▊", "▉", "█"];

function clock(seconds: number): string {
  if (!Number.isFinite(seconds)) return "?";
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const mm = String(Math.floor((s % 3600) / 60)).padStart(2, "0");
  const ss = String(s % 60).padStart(2, "0");
  return h > 0 ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}

/**
 * Draws the bar of one loop: `call(i)` stages a host callback that reports iteration `i`; the
 * host creates the bar at iteration 0, advances it every `freq` iterations and closes it at the
 * last one. Repeated reports of one iteration (one per vmap lane) count once.
 * @public
 */
export class ProgressBarRunner {
  /** Number of iterations. */
  readonly n: number;
  /** The text before the bar. */
  readonly message: string;
  /** Iterations per advance. */
  readonly freq: number;
  /** Iterations added when the loop ends (n mod freq). */
  readonly remainder: number;
  private readonly options: ProgressBarOptions;
  private done = 0;
  private open = false;
  private last = -1;
  private start = 0;
  private width = 0;

  constructor(n: number, message: string, freq: number, remainder: number, options: ProgressBarOptions = {}) {
    this.n = n;
    this.message = message;
    this.freq = freq;
    this.remainder = remainder;
    this.options = options;
  }

  /** Reports iteration `i` (an int scalar, traced or concrete) to the host when the program runs. */
  call(i: Array | number): void {
    debugCallback((it: Array) => this.report(Number(it.item())), unvmap(i, "max"));
  }

  /** Host side of {@link ProgressBarRunner.call}: what happens when iteration `i` is reached. */
  report(i: number): void {
    if (i < 0 || i >= this.n) return;
    if (i === 0 && !(this.open && this.last === 0)) {
      this.open = true;
      this.done = 0;
      this.start = performance.now();
      this.width = 0;
      this.draw();
    } else if (!this.open || i === this.last) return;
    this.last = i;
    if ((i + 1) % this.freq === 0) {
      this.done += this.freq;
      this.draw();
    }
    if (i === this.n - 1) {
      if (this.remainder > 0) {
        this.done += this.remainder;
        this.draw();
      }
      this.close();
    }
  }

  private stream(): ProgressBarStream | undefined {
    const stream = this.options.stream ?? defaultStream();
    if (stream === undefined || this.options.disable === true) return undefined;
    if ((this.options.disable ?? null) === null && stream.isTTY !== true) return undefined;
    return stream;
  }

  /** The bar's text for the current count (without the carriage return). */
  line(cols: number): string {
    const n = this.n;
    const done = Math.min(this.done, n);
    const elapsed = (performance.now() - this.start) / 1000;
    const rate = elapsed > 0 ? done / elapsed : 0;
    const remaining = rate > 0 ? (n - done) / rate : Number.POSITIVE_INFINITY;
    const frac = n > 0 ? done / n : 1;
    const pct = `${Math.floor(frac * 100)}`.padStart(3, " ");
    const left = `${this.message}: ${pct}%|`;
    const right = `| ${done}/${n} [${clock(elapsed)}<${clock(remaining)}, ${rate > 0 ? rate.toFixed(2) : "?"}it/s]`;
    const barWidth = Math.max(10, cols - left.length - right.length);
    let bar: string;
    if (this.options.ascii === true) {
      const full = Math.floor(frac * barWidth);
      bar = "#".repeat(full) + " ".repeat(barWidth - full);
    } else {
      const eighths = Math.floor(frac * barWidth * 8);
      const full = Math.floor(eighths / 8);
      const part = eighths % 8;
      bar = (BLOCKS[8] as string).repeat(full) + (full < barWidth ? (BLOCKS[part] as string) + " ".repeat(barWidth - full - 1) : "");
    }
    return left + bar + right;
  }

  private draw(): void {
    const stream = this.stream();
    if (stream === undefined) return;
    const text = this.line(this.options.ncols ?? stream.columns ?? 80);
    const pad = this.width > text.length ? " ".repeat(this.width - text.length) : "";
    this.width = text.length;
    stream.write(`\r${text}${pad}`);
  }

  private close(): void {
    this.open = false;
    const stream = this.stream();
    if (stream === undefined) return;
    stream.write(this.options.leave === false ? `\r${" ".repeat(this.width)}\r` : "\n");
  }
}
