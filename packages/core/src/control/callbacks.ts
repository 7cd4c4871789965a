// Host callbacks and runtime checks inside traced programs: debugCallback (ordered side
// effects), pureCallback (a host function with declared result shapes) and errorIf (a readable
// error raised when a runtime predicate holds). Layer 13.

import type { Array } from "../array/Array.js";
import { ShapedArray } from "../array/aval.js";
import { NonDifferentiableError, RuntimeCheckError, TransformationError } from "../errors/errors.js";
import { asArray } from "../numpy/convert.js";
import * as ops from "../primitives/ops.js";
import { batchToFront } from "../primitives/rules.js";
import { concatenateP, sliceP } from "../primitives/movement.js";
import { definePrimitive, type Primitive } from "../trace/primitive.js";
import { flatten, unflatten } from "../tree/index.js";
import { flattenArrays } from "../transforms/flat.js";

/** A host function receiving concrete arrays. */
type HostFn = (args: readonly Array[]) => void;

/** Params of `debug_callback`. */
export interface DebugCallbackParams {
  readonly callback: HostFn;
}

function lane(x: Array, b: number): Array {
  const part = sliceP.bind1([x], { start: x.shape.map((_, k) => (k === 0 ? b : 0)), limit: x.shape.map((n, k) => (k === 0 ? b + 1 : n)), strides: x.shape.map(() => 1) });
  return ops.reshape(part, x.shape.slice(1));
}

/** Calls a host function for its side effect; kept, in order, under jit and inside loops. */
export const debugCallbackP: Primitive<DebugCallbackParams> = definePrimitive<DebugCallbackParams>({
  name: "debug_callback",
  effectful: true,
  abstractEval: () => [],
  impl: (args, { callback }) => {
    callback(args);
    return [];
  },
  jvp: (primals, _t, params) => [debugCallbackP.bind(primals, params), []],
  transpose: "nonlinear",
  // Under vmap the callback runs once per lane, in lane order.
  batch: (args, dims, { callback }, size) => {
    const moved = args.map((a, i) => (dims[i] === null || dims[i] === undefined ? a : ops.moveAxis(a, dims[i] as number, 0)));
    const batched = dims.map((d) => d !== null && d !== undefined);
    return [debugCallbackP.bind(moved, { callback: (xs) => {
      for (let b = 0; b < size; b++) callback(xs.map((x, i) => (batched[i] ? lane(x, b) : x)));
    } }), []];
  },
});

/**
 * Calls `fn` on the concrete values of `args` (a pytree) when the program runs — also inside
 * jit, loops and vmap (once per lane). Returns nothing; side effects stay in program order.
 * @public
 */
export function debugCallback(fn: (...args: never[]) => void, ...args: unknown[]): void {
  const [leaves, tree] = flattenArrays("debugCallback", args);
  debugCallbackP.bind(leaves, { callback: (xs) => (fn as (...a: unknown[]) => void)(...(unflatten(tree, [...xs]) as unknown[])) });
}

/** Params of `pure_callback`. */
export interface PureCallbackParams {
  readonly callback: (args: readonly Array[]) => Array[];
  readonly resultAvals: readonly ShapedArray[];
}

/** Calls a pure host function with declared result shapes. */
export const pureCallbackP: Primitive<PureCallbackParams> = definePrimitive<PureCallbackParams>({
  name: "pure_callback",
  abstractEval: (_a, { resultAvals }) => [...resultAvals],
  impl: (args, { callback }) => callback(args),
  jvp: (primals, tangents, params) => {
    if (tangents.some((t) => t !== null)) {
      throw new NonDifferentiableError("pureCallback: a host function has no derivative; wrap the call in customJvp or customVjp to give it one");
    }
    const outs = pureCallbackP.bind(primals, params);
    return [outs, outs.map(() => null)];
  },
  transpose: "nonlinear",
  // Lanes are computed one after another and stacked.
  batch: (args, dims, { callback, resultAvals }, size) => {
    const moved = args.map((a, i) => (dims[i] === null || dims[i] === undefined ? a : batchToFront(a, dims[i] as number, size)));
    const batched = dims.map((d) => d !== null && d !== undefined);
    const outs = pureCallbackP.bind(moved, {
      callback: (xs) => {
        const perLane = globalThis.Array.from({ length: size }, (_, b) => callback(xs.map((x, i) => (batched[i] ? lane(x, b) : x))));
        return resultAvals.map((a, k) =>
          concatenateP.bind1(
            perLane.map((r) => ops.reshape(r[k] as Array, [1, ...a.shape])),
            { dimension: 0 },
          ),
        );
      },
      resultAvals: resultAvals.map((a) => new ShapedArray([size, ...a.shape], a.dtype, a.weakType)),
    });
    return [outs, outs.map(() => 0)];
  },
});

/**
 * Calls the pure host function `fn` on concrete values when the program runs; `resultShapes`
 * (a pytree of `ShapedArray`, or of `{ shape, dtype }`) declares what it returns, so the call can
 * be traced. Not differentiable (wrap it in customJvp/customVjp for that).
 * @public
 */
export function pureCallback(fn: (...args: never[]) => unknown, resultShapes: unknown, ...args: unknown[]): unknown {
  const [leaves, tree] = flattenArrays("pureCallback", args);
  const isSpec = (x: unknown): boolean => x !== null && typeof x === "object" && "shape" in (x as object) && "dtype" in (x as object);
  const [specLeaves, specTree] = flatten(resultShapes, isSpec);
  const resultAvals = specLeaves.map((s) => new ShapedArray((s as ShapedArray).shape, (s as ShapedArray).dtype));
  const outs = pureCallbackP.bind(leaves, {
    callback: (xs) => {
      const r = (fn as (...a: unknown[]) => unknown)(...(unflatten(tree, [...xs]) as unknown[]));
      const [got, gotTree] = flattenArrays("pureCallback (result)", r);
      if (!gotTree.equals(specTree)) throw new TransformationError(`pureCallback: the function returned structure ${gotTree.toString()} but resultShapes declares ${specTree.toString()}`);
      return got.map((g, k) => {
        const want = resultAvals[k] as ShapedArray;
        if (g.shape.join(",") !== want.shape.join(",")) {
          throw new TransformationError(`pureCallback: result ${k} has shape [${g.shape.join(",")}] but resultShapes declares ${want.toString()}`);
        }
        return ops.convert(g, want.dtype);
      });
    },
    resultAvals,
  });
  return unflatten(specTree, outs);
}


/** Params of `error_if`. */
export interface ErrorIfParams {
  readonly message: string;
  /** Number of leading operands that are predicates; the rest fill the message's `{}` placeholders. */
  readonly numPredicates: number;
}

function formatMessage(message: string, values: readonly Array[]): string {
  let k = 0;
  return message.replace(/\{(\d*)\}/g, (_, idx: string) => {
    const v = values[idx === "" ? k++ : Number(idx)];
    if (v === undefined) return "{}";
    return v.size === 1 ? String(v.item()) : JSON.stringify(v.toArray());
  });
}

/** Raises RuntimeCheckError when any element of the predicate is true at run time. */
export const errorIfP: Primitive<ErrorIfParams> = definePrimitive<ErrorIfParams>({
  name: "error_if",
  effectful: true,
  abstractEval: () => [],
  impl: (args, { message, numPredicates }) => {
    const preds = args.slice(0, numPredicates);
    if (preds.some((p) => p.data().some((v: number) => v !== 0))) {
      throw new RuntimeCheckError(formatMessage(message, args.slice(numPredicates)));
    }
    return [];
  },
  jvp: (primals, _t, params) => [errorIfP.bind(primals, params), []],
  transpose: "nonlinear",
  // A batched predicate fails if any lane fails.
  batch: (args, _dims, params) => [errorIfP.bind(args, params), []],
});

/**
 * Raises a RuntimeCheckError with `message` when `pred` (a bool array; any true element counts)
 * holds while the program runs — eagerly, under jit and inside loops. `{}` or `{0}`, `{1}`…
 * placeholders in the message are filled with the values of `fmtArgs`.
 * @public
 */
export function errorIf(pred: Array | boolean, message: string, ...fmtArgs: (Array | number)[]): void {
  const p = asArray(pred, "errorIf");
  const predicate = p.dtype === "bool" ? p : ops.ne(p, ops.zerosLike(p));
  errorIfP.bind([predicate, ...fmtArgs.map((a) => asArray(a, "errorIf"))], { message, numPredicates: 1 });
}
