// Helpers shared by the optimizers: the keys of parameter dicts (plain objects, Maps and
// FlattedDicts, normalised to strings), registering States without duplicates, matching gradient
// dicts to the registered parameters, and mapping leaf-wise over several pytrees with several
// results. Layer: optim (internal). Ported from brainstate's optim/_sgd_optimizer.py helpers.

import { Array, np, tree, TreeMismatchError, ValueError } from "@brainstate/core";
import { FlattedDict, State, type Key, type PathParts } from "@brainstate/state";

/** A key of a parameter dict: a string, a number, or a path (FlattedDict keys). */
export type DictKey = Key | PathParts;

/** The string an optimizer stores a key under: a path's components joined with ".". */
export function keyName(key: DictKey): string {
  if (typeof key === "string") return key;
  if (typeof key === "number") return String(key);
  return key.map(String).join(".");
}

function isPlainObject(x: unknown): x is Record<string, unknown> {
  if (typeof x !== "object" || x === null) return false;
  const proto: unknown = Object.getPrototypeOf(x);
  return proto === Object.prototype || proto === null;
}

function describe(x: unknown): string {
  if (x === null) return "null";
  if (globalThis.Array.isArray(x)) return "a JS array";
  if (x instanceof Array) return `an Array ${x.dtype}[${x.shape.join(",")}]`;
  if (typeof x === "object") return `a ${(x as { constructor?: { name?: string } }).constructor?.name ?? "object"}`;
  return `a ${typeof x}`;
}

/**
 * The entries of a dict (plain object, Map or FlattedDict) with their keys as strings.
 * @throws ValueError when `dict` is not a dict, or when two keys give the same string.
 */
export function dictEntries(where: string, what: string, dict: unknown): [string, unknown][] {
  let raw: [DictKey, unknown][];
  if (dict instanceof FlattedDict) raw = [...(dict as FlattedDict<unknown>).entries()];
  else if (dict instanceof Map) raw = [...(dict as Map<DictKey, unknown>).entries()];
  else if (isPlainObject(dict)) raw = Object.entries(dict);
  else {
    throw new ValueError(
      `${where}: ${what} must be a dict (a plain object, a Map or a FlattedDict such as graph.states(model, ParamState)), got ${describe(dict)}`,
    );
  }
  const out: [string, unknown][] = [];
  const seen = new Map<string, DictKey>();
  for (const [k, v] of raw) {
    if (typeof k !== "string" && typeof k !== "number" && !globalThis.Array.isArray(k)) {
      throw new ValueError(`${where}: ${what} has a key of type ${typeof k}; keys must be strings, numbers or paths (arrays of them)`);
    }
    const name = keyName(k);
    const first = seen.get(name);
    if (first !== undefined) {
      throw new ValueError(
        `${where}: ${what} has two keys, ${JSON.stringify(first)} and ${JSON.stringify(k)}, that both name '${name}'; keys are compared by their string form (a path's components joined with '.'), so rename one`,
      );
    }
    seen.set(name, k);
    out.push([name, v]);
  }
  return out;
}

/**
 * Registers the States of `states` into `paramStates` (brainstate's `add_unique_value`): a State
 * already registered under any key is skipped; `onNew` runs for each newly added one.
 * @throws ValueError when a value is not a State, or a key is already bound to another State.
 */
export function registerStates(where: string, paramStates: Map<string, State>, states: unknown, onNew: (key: string, state: State) => void): void {
  const entries = dictEntries(where, "the parameter dict", states);
  for (const [k, v] of entries) {
    if (!(v instanceof State)) {
      throw new ValueError(`${where}: the value under '${k}' is ${describe(v)}, not a State; register States (e.g. graph.states(model, ParamState)), not their values`);
    }
  }
  for (const [k, v] of entries) {
    const st = v as State;
    let known = false;
    for (const s of paramStates.values()) {
      if (s === st) {
        known = true;
        break;
      }
    }
    if (known) continue;
    if (paramStates.has(k)) {
      throw new ValueError(
        `${where}: the key '${k}' is already registered with another State; each key names one parameter — register the new State under another key`,
      );
    }
    paramStates.set(k, st);
    onNew(k, st);
  }
}

/**
 * The gradients for the registered keys, by key.
 * @throws ValueError when `grads` is not a dict, misses a registered key, or (unless `allowExtra`) has other keys.
 */
export function alignGrads(where: string, paramStates: ReadonlyMap<string, State>, grads: unknown, allowExtra = false): Map<string, unknown> {
  const got = new Map(dictEntries(where, "grads", grads));
  const missing = [...paramStates.keys()].filter((k) => !got.has(k));
  if (missing.length > 0) {
    throw new ValueError(
      `${where}: grads has no entry for the registered parameter(s) ${missing.map((k) => `'${k}'`).join(", ")}; pass one gradient per registered key (the keys of registerTrainableWeights' dict)`,
    );
  }
  if (!allowExtra) {
    const extra = [...got.keys()].filter((k) => !paramStates.has(k));
    if (extra.length > 0) {
      throw new ValueError(
        `${where}: grads has entries ${extra.map((k) => `'${k}'`).join(", ")} that are not registered parameters; register those States first (registerTrainableWeights) or drop them from grads`,
      );
    }
  }
  return got;
}

/**
 * Maps `fn` over the leaves of several pytrees of one structure (the first one's) and returns
 * `numOut` pytrees, one per result of `fn`.
 * @throws TreeMismatchError when a tree's structure differs from the first one's.
 */
export function mapLeaves(
  where: string,
  key: string,
  names: readonly string[],
  trees: readonly unknown[],
  numOut: number,
  fn: (...leaves: Array[]) => Array[],
): unknown[] {
  const [first, def] = tree.flatten(trees[0]);
  const columns: Array[][] = [first.map((x) => np.asArray(x as np.ArrayLike, where))];
  for (let t = 1; t < trees.length; t++) {
    const [leaves, d] = tree.flatten(trees[t]);
    if (!d.equals(def)) {
      throw new TreeMismatchError(
        `${where}: the ${names[t] ?? "tree"} for '${key}' has structure ${d.toString()} but the parameter holds ${def.toString()}; give it the parameter's structure`,
      );
    }
    columns.push(leaves.map((x) => np.asArray(x as np.ArrayLike, where)));
  }
  const outs: Array[][] = globalThis.Array.from({ length: numOut }, () => []);
  first.forEach((_leaf, i) => {
    const res = fn(...columns.map((c) => c[i] as Array));
    res.forEach((r, j) => (outs[j] as Array[]).push(r));
  });
  return outs.map((leaves) => def.unflatten(leaves));
}

/** A pytree of zeros shaped like `value`'s leaves. */
export function zerosLikeTree(value: unknown): unknown {
  return tree.map((x: unknown) => np.zerosLike(np.asArray(x as np.ArrayLike, "zerosLike")), value);
}
