// Markdown tables for benchmark results (bench layer): one row per workload, one column per
// library, each peer's cell followed by ours ÷ peer as a speed ratio.
import process from "node:process";

/**
 * @typedef {object} Cell
 * @property {number} [value]  the metric (throughput or time per call)
 * @property {string} [error]  why the library could not run the workload
 * @property {number} [diff]   max |result - ours| over the output
 */

/**
 * @typedef {object} Row
 * @property {string} label
 * @property {Map<string, Cell>} cells  by library name; "ours" is the reference
 */

/** @param {string} text */
export function print(text = "") {
  process.stdout.write(text + "\n");
}

/** @param {number} v */
function fmt(v) {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a >= 100) return v.toFixed(0);
  if (a >= 10) return v.toFixed(1);
  if (a >= 1) return v.toFixed(2);
  return v.toPrecision(2);
}

/** @param {number} v */
function fmtRatio(v) {
  return v >= 10 ? `${v.toFixed(0)}×` : v >= 1 ? `${v.toFixed(1)}×` : `${v.toPrecision(2)}×`;
}

/**
 * Prints a results table and, when any cell carries one, a table of max |peer - ours|.
 * @param {string} title
 * @param {readonly string[]} libs     column order; must include "ours"
 * @param {readonly Row[]} rows
 * @param {boolean} higherIsBetter     throughput (true) or time per call (false)
 */
export function printTable(title, libs, rows, higherIsBetter) {
  print(`### ${title}`);
  print();
  print(`| workload | ${libs.join(" | ")} |`);
  print(`|---|${libs.map(() => "---:").join("|")}|`);
  const errors = [];
  for (const row of rows) {
    const ours = row.cells.get("ours")?.value;
    const cells = libs.map((lib) => {
      const cell = row.cells.get(lib);
      if (cell === undefined) return "";
      if (cell.error !== undefined) {
        errors.push(`${row.label} / ${lib}: ${cell.error}`);
        return "error";
      }
      const v = cell.value ?? NaN;
      if (lib === "ours" || ours === undefined) return fmt(v);
      const speed = higherIsBetter ? ours / v : v / ours;
      return `${fmt(v)} (${fmtRatio(speed)})`;
    });
    print(`| ${row.label} | ${cells.join(" | ")} |`);
  }
  print();
  const peers = libs.filter((lib) => lib !== "ours" && rows.some((r) => r.cells.get(lib)?.diff !== undefined));
  if (peers.length > 0) {
    print("max abs(peer − ours) over the output:");
    print();
    print(`| workload | ${peers.join(" | ")} |`);
    print(`|---|${peers.map(() => "---:").join("|")}|`);
    for (const row of rows) {
      const d = peers.map((lib) => {
        const diff = row.cells.get(lib)?.diff;
        return diff === undefined ? "" : diff.toExponential(1);
      });
      print(`| ${row.label} | ${d.join(" | ")} |`);
    }
    print();
  }
  for (const e of errors) print(`- error: ${e}`);
  if (errors.length > 0) print();
}
