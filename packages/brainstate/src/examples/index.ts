/**
 * The table of runnable examples: the `brainstate` CLI (`run`, `list`) and the smoke tests
 * read it. Layer: umbrella package; each entry lives in its own file in this folder.
 */
import { runCoba } from "./coba.js";

/** Options every example accepts. */
export interface ExampleOptions {
  /** Run a reduced size (fewer neurons / steps) that finishes in a few seconds: used by the smoke tests. */
  small?: boolean;
}

/** One runnable example. */
export interface Example {
  /** One line shown by `brainstate list`. */
  description: string;
  /** Runs the example, printing its results to stdout. */
  run(opts: ExampleOptions): Promise<void> | void;
}

/** Name of the example `brainstate run` starts when no name is given. */
export const defaultExample = "coba";

/** Every example, by the name users pass to `brainstate run <name>`. */
export const examples: Record<string, Example> = {
  coba: {
    description: "COBA E/I network of 4000 LIF neurons with conductance synapses (Vogels & Abbott 2005), eager on the CPU backend",
    run: runCoba,
  },
};
