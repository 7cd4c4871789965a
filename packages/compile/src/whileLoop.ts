// whileLoop and boundedWhileLoop over stateful functions: the written states travel in the carry of
// core's whileLoop, or of the nested checkpointed scans (reverse-differentiable), and are written
// back. Layer: compile. Ported from brainstate's compile/_loop_no_collection.py.

import { Array, cond as coreCond, np, TransformationError, tree, ValueError, whileLoop as coreWhileLoop } from "@brainstate/core";
import { checkOptions } from "@brainstate/core/extend";
import { StatefulFunction } from "./StatefulFunction.js";
import { checkStableStates, currentValues, describeState, mergeStates, pickWritten, runOn, withWritten, writeBack, type MergedStates } from "./internal/states.js";
import { nestedLoop } from "./internal/nested.js";
import { unvmap } from "./unvmap.js";

interface TracedLoop {
  readonly condSf: StatefulFunction<unknown[]>;
  readonly bodySf: StatefulFunction<unknown[]>;
  readonly merged: MergedStates;
  readonly values: unknown[];
}

/** Traces the condition and the body on the initial value and checks what they do to states. */
function traceLoop(where: string, condFun: unknown, bodyFun: unknown, init: unknown): TracedLoop {
  if (typeof condFun !== "function") throw new TransformationError(`${where}: condFun is ${condFun === null ? "null" : typeof condFun}, not a function`);
  if (typeof bodyFun !== "function") throw new TransformationError(`${where}: bodyFun is ${bodyFun === null ? "null" : typeof bodyFun}, not a function`);
  const condSf = new StatefulFunction<unknown[]>(condFun as (...args: unknown[]) => unknown, { name: `${where} condition` });
  const bodySf = new StatefulFunction<unknown[]>((v: unknown) => (bodyFun as (v: unknown) => unknown)(v) ?? null, { name: `${where} body` });
  const condProgram = condSf.makeJaxpr(init);
  const bodyProgram = bodySf.makeJaxpr(init);
  condProgram.states.forEach((s, i) => {
    if (condProgram.written[i] === true) throw new ValueError(`${where}: condFun writes ${describeState(s)}; the condition may only read states (write them in bodyFun)`);
  });
  checkStableStates(where, bodyProgram, "a state written in a loop body is carried from one iteration to the next, so its type must not change");
  const merged = mergeStates([condProgram, bodyProgram]);
  return { condSf, bodySf, merged, values: currentValues(merged) };
}

/** The condition as a bool scalar (JS booleans and numbers allowed). */
function predicate(where: string, x: unknown): Array {
  const p = np.asArray(x as Array | boolean, where);
  if (p.ndim !== 0) throw new TransformationError(`${where}: condFun must return a scalar, got ${p.aval.toString()}; reduce it with np.any or np.all`);
  return p.dtype === "bool" ? p : p.ne(0);
}

/**
 * brainstate's `while_loop`: repeats `bodyFun(value)` while `condFun(value)` is true and returns
 * the final value. Both functions may read States; the body may write them (their values are
 * carried through the loop and written back); the condition may not. The value must keep its
 * structure, shapes and dtypes. Forward-mode differentiable; for reverse mode use
 * {@link boundedWhileLoop}.
 * @throws ValueError when `condFun` writes a state.
 * @throws TransformationError when an argument is not a function, the condition is not a scalar, or the body changes the value's or a state's type.
 * @example
 * ```ts
 * const a = new State(np.array(1));
 * whileLoop(() => a.value.lt(20), () => { a.value = a.value.add(1); }, null); // a.value is 20
 * ```
 * @public
 */
export function whileLoop<T>(condFun: (value: T) => Array | boolean, bodyFun: (value: T) => T | void, init: T): T {
  const { condSf, bodySf, merged, values } = traceLoop("whileLoop", condFun, bodyFun, init);
  const [written, value] = coreWhileLoop(
    ([w, v]: [unknown[], unknown]) => predicate("whileLoop", runOn(condSf, merged, withWritten(merged, values, w), [v])[1]),
    ([w, v]: [unknown[], unknown]): [unknown[], unknown] => {
      const [newValues, out] = runOn(bodySf, merged, withWritten(merged, values, w), [v]);
      return [pickWritten(merged, newValues), out];
    },
    [pickWritten(merged, values), init ?? null] as [unknown[], unknown],
  );
  writeBack(merged, written);
  return value as T;
}

/** Options of {@link boundedWhileLoop}. @public */
export interface BoundedWhileLoopOptions {
  /** The most iterations to run (a non-negative integer); the loop stops after them even if the condition still holds. */
  maxSteps: number;
  /** Branching factor of the nested checkpointed blocks. @defaultValue 16 */
  base?: number;
}

/**
 * A while loop with at most `maxSteps` iterations, built from nested checkpointed scans so that
 * it is reverse-mode differentiable (brainstate's `bounded_while_loop`). Blocks of iterations are
 * skipped once the condition fails; under `vmap` the loop runs while any lane's condition holds
 * and the other lanes keep their values. States are handled as in {@link whileLoop}.
 * @throws ValueError when `maxSteps` is not a non-negative integer, `base` is below 2, or `condFun` writes a state.
 * @throws TransformationError as {@link whileLoop}.
 * @example
 * ```ts
 * const x = boundedWhileLoop((v: Array) => v.lt(10), (v: Array) => v.mul(2), np.array(1), { maxSteps: 100 }); // 16
 * ```
 * @public
 */
export function boundedWhileLoop<T>(condFun: (value: T) => Array | boolean, bodyFun: (value: T) => T | void, init: T, options: BoundedWhileLoopOptions): T {
  checkOptions("boundedWhileLoop", options, ["maxSteps", "base"]);
  const { maxSteps } = options;
  if (!Number.isInteger(maxSteps) || maxSteps < 0) throw new ValueError(`boundedWhileLoop: maxSteps must be a non-negative integer, got ${String(maxSteps)}`);
  const base = options.base ?? 16;
  if (!Number.isInteger(base) || base < 2) throw new ValueError(`boundedWhileLoop: base must be an integer of at least 2, got ${base}`);
  const start = tree.map((x) => np.asArray(x as Array | number | boolean, "boundedWhileLoop"), init ?? null) as T;
  if (maxSteps === 0) return start;
  const { condSf, bodySf, merged, values } = traceLoop("boundedWhileLoop", condFun, bodyFun, start);
  type Carry = [Array, unknown[], unknown];
  // Whether each lane continues: its condition holds and the step budget is not spent.
  const running = ([i, w, v]: Carry): Array => np.logicalAnd(predicate("boundedWhileLoop", runOn(condSf, merged, withWritten(merged, values, w), [v])[1]), i.lt(maxSteps));
  const [[, written, value]] = nestedLoop<Carry>({
    n: maxSteps,
    base,
    init: [np.array(0, { dtype: "int32" }), pickWritten(merged, values), start],
    xs: null,
    step: (carry) => {
      const next = coreCond(
        unvmap(running(carry), "any"),
        (c: Carry): Carry => {
          const go = running(c);
          const [i, w, v] = c;
          const [newValues, out] = runOn(bodySf, merged, withWritten(merged, values, w), [v]);
          const keep = (a: unknown, b: unknown): unknown => tree.map((p, q) => np.where(go, p as Array, q as Array), a, b);
          return [i.add(1), keep(pickWritten(merged, newValues), w) as unknown[], keep(out, v)];
        },
        (c: Carry): Carry => c,
        carry,
      ) as Carry;
      return [next, null];
    },
    active: (carry) => unvmap(running(carry), "any"),
    skip: (carry) => carry,
    ys: null,
  });
  writeBack(merged, written);
  return value as T;
}
