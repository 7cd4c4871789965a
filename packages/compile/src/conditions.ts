// cond, switch and ifElse over stateful branches: each branch traced with StatefulFunction, the union
// of their states threaded through core's cond (a branch returns the states it does not write
// unchanged) and written back. Layer: compile. Ported from brainstate's compile/_conditions.py.

import { Array, cond as coreCond, DTypeError, isFloat, np, ShapeError, switch as coreSwitch, TransformationError, ValueError } from "@brainstate/core";
import { StatefulFunction } from "./StatefulFunction.js";
import { jitErrorIf } from "./jitErrorIf.js";
import { checkStableStates, currentValues, mergeStates, pickWritten, runOn, withWritten, writeBack } from "./internal/states.js";

/** A branch of a conditional: a function of the operands. @public */
export type Branch = (...args: never[]) => unknown;

/** Traces each branch on the operands and runs the chosen one through `select(branchFns, values)`. */
function branchOn(where: string, branches: readonly Branch[], operands: unknown[], select: (fns: ((...args: unknown[]) => unknown)[], written: unknown[]) => unknown): unknown {
  const sfs = branches.map((b, i) => new StatefulFunction<unknown[]>(b as (...args: unknown[]) => unknown, { name: `${where} branch ${i}` }));
  const programs = sfs.map((sf) => sf.makeJaxpr(...operands));
  const merged = mergeStates(programs);
  programs.forEach((p) => checkStableStates(where, p, "a state written in one branch is returned unchanged by the branches that do not write it, so its type must not change"));
  const values = currentValues(merged);
  const fns = sfs.map(
    (sf) =>
      (written: unknown, ...ops: unknown[]): unknown => {
        const [newValues, out] = runOn(sf, merged, withWritten(merged, values, written as unknown[]), ops);
        return [pickWritten(merged, newValues), out ?? null];
      },
  );
  const [newWritten, out] = select(fns, pickWritten(merged, values)) as [unknown[], unknown];
  writeBack(merged, newWritten);
  return out;
}

function checkCallables(where: string, fns: readonly unknown[], names: (i: number) => string): void {
  fns.forEach((f, i) => {
    if (typeof f !== "function") throw new TransformationError(`${where}: ${names(i)} is ${f === null ? "null" : typeof f}, not a function; pass functions that take the operands`);
  });
}

/**
 * `trueFun(...operands)` when `pred` holds, else `falseFun(...operands)`, as one traced
 * conditional. The branches may read and write States — each may write different ones: both are
 * traced, the union of their states flows through the conditional, and the chosen branch's new
 * values are written back. Under `vmap` with a batched predicate it becomes a select.
 * @param pred - a scalar (bool, or a number: nonzero is true)
 * @returns the chosen branch's result (both branches must return the same structure, shapes and dtypes)
 * @throws TransformationError when a branch is not a function, the branches' results differ, or a written state would change type.
 * @throws ShapeError when `pred` is not a scalar; DTypeError when it is not bool or numeric; ValueError when it is null.
 * @example
 * ```ts
 * const count = new State(np.zeros([]));
 * cond(x.gt(0), () => { count.value = count.value.add(1); }, () => {}); // count is 1 when x > 0
 * ```
 * @public
 */
export function cond(pred: Array | boolean | number, trueFun: Branch, falseFun: Branch, ...operands: unknown[]): unknown {
  checkCallables("cond", [trueFun, falseFun], (i) => (i === 0 ? "trueFun" : "falseFun"));
  if (pred === null || pred === undefined) throw new ValueError("cond: the predicate is null; pass a bool (or numeric) scalar");
  if (globalThis.Array.isArray(pred)) throw new ShapeError(`cond: the predicate must be a scalar, got a JS array of length ${(pred as unknown[]).length}`);
  const p = np.asArray(pred, "cond");
  if (p.ndim !== 0) throw new ShapeError(`cond: the predicate must be a scalar, got ${p.aval.toString()}; reduce it (np.any/np.all) or use np.where for an elementwise choice`);
  return branchOn("cond", [trueFun, falseFun], operands, ([t, f], written) => coreCond(p, t as Branch, f as Branch, written, ...operands));
}

/**
 * `branches[clamp(index, 0, n - 1)](...operands)` as one traced conditional; the branches may
 * read and write (different) States, as in {@link cond}. With a single branch it is called
 * directly (any index).
 * @param index - an integer scalar
 * @throws ValueError for an empty branch list; ShapeError for a non-scalar index; DTypeError for a non-integer index; TransformationError when a branch is not a function.
 * @example
 * ```ts
 * switch_(np.array(1, { dtype: "int32" }), [(x) => x, (x) => x.mul(2), (x) => x.neg()], x); // 2x
 * ```
 * @public
 */
export function switch_(index: Array | number, branches: readonly Branch[], ...operands: unknown[]): unknown {
  checkCallables("switch", branches, (i) => `branch ${i}`);
  if (branches.length === 0) throw new ValueError("switch: the branch list is empty; pass at least one function");
  const i = np.asArray(index, "switch");
  if (i.ndim !== 0) throw new ShapeError(`switch: the branch index must be a scalar, got ${i.aval.toString()}`);
  if (isFloat(i.dtype) || i.dtype === "bool") throw new DTypeError(`switch: the branch index must be an integer, got ${i.aval.toString()}; convert it with astype("int32")`);
  if (branches.length === 1) return (branches[0] as (...args: unknown[]) => unknown)(...operands);
  return branchOn("switch", branches, operands, (fns, written) => coreSwitch(i, fns as Branch[], written, ...operands));
}

/**
 * `if … else if … else` over traced predicates: runs the branch of the first true condition (the
 * last branch when none holds). Exactly one condition should be true: this is checked at run
 * time with {@link jitErrorIf}. The branches may read and write (different) States.
 * @param conditions - one bool scalar per branch (Arrays or JS booleans), or a bool vector
 * @param branches - functions of the operands, one per condition
 * @throws ValueError when the lists are empty or of different lengths; TransformationError when a branch is not a function.
 * @throws RuntimeCheckError at run time when not exactly one condition holds.
 * @example
 * ```ts
 * ifElse([a.lt(0), a.ge(0).logicalAnd(a.lt(2)), a.ge(2)], [() => 1, () => 2, () => 3]);
 * ```
 * @public
 */
export function ifElse(conditions: readonly (Array | boolean)[] | Array, branches: readonly Branch[], ...operands: unknown[]): unknown {
  checkCallables("ifElse", branches, (i) => `branch ${i}`);
  if (branches.length === 0) throw new ValueError("ifElse: the branch list is empty; pass at least one function");
  if (branches.length === 1) return (branches[0] as (...args: unknown[]) => unknown)(...operands);
  const conds = conditions instanceof Array ? conditions : np.stack(conditions.map((c) => np.asArray(c, "ifElse").reshape([])));
  if (conds.ndim !== 1) throw new ShapeError(`ifElse: the conditions must be scalars (a vector of them), got ${conds.aval.toString()}`);
  if (conds.shape[0] !== branches.length) {
    throw new ValueError(`ifElse: ${conds.shape[0] ?? 0} conditions for ${branches.length} branches; pass one condition per branch`);
  }
  const flags = conds.astype("int32");
  const count = flags.sum();
  jitErrorIf(count.ne(1), "ifElse: exactly one condition must be true, but {} are (conditions {})", count, flags);
  // The first true condition (argmax returns the first maximum), or the last branch when none holds.
  const index = np.where(count.gt(0), np.argmax(flags), branches.length - 1).astype("int32");
  return switch_(index, branches, ...operands);
}
