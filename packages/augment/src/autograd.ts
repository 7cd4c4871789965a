// Gradient transformations over stateful functions: GradientTransform and grad, vectorGrad,
// jacrev/jacobian, jacfwd, hessian with gradient states. Each is StatefulFunction (which finds
// the states the function touches) + the matching core transformation over its pure form.
// Layer: augment. Ported from brainstate's augment/_autograd.py.

import {
  Array,
  evalShape,
  getDefaultFloatDType,
  isFloat,
  NonDifferentiableError,
  np,
  grad as coreGrad,
  jacfwd as coreJacfwd,
  jacrev as coreJacrev,
  TransformationError,
  tree,
  ValueError,
} from "@brainstate/core";
import { checkOptions, type TreeDef } from "@brainstate/core/extend";
import { StatefulFunction } from "@brainstate/compile";
import { State, type FlattedDict, type StateDictManager } from "@brainstate/state";

/**
 * The states to differentiate with respect to: one State, a list of States, or a dict of States
 * (a plain object, a `FlattedDict` such as `graph.states(model)`, a `StateDictManager`). The
 * gradients come back in the same container.
 * @public
 */
export type GradStates =
  | State
  | readonly State[]
  | { readonly [key: string]: State }
  | FlattedDict<State>
  | StateDictManager;

/**
 * Options of `grad`, `vectorGrad`, {@link jacrev}, `jacfwd` and `hessian`.
 * @public
 */
export interface GradOptions {
  /** States whose gradients are returned (their container's structure is kept). @defaultValue null */
  gradStates?: GradStates | null;
  /**
   * Positional argument(s) to differentiate. `null` means `0` when there are no `gradStates`,
   * and "no arguments" when there are.
   * @defaultValue null
   */
  argnums?: number | readonly number[] | null;
  /** The function returns `[value, aux]`; only `value` is differentiated. @defaultValue false */
  hasAux?: boolean | null;
  /** Also return the function's value. @defaultValue false */
  returnValue?: boolean;
}

/** Which core transformation a {@link GradientTransform} applies. @public */
export type GradientKind = "grad" | "vectorGrad" | "jacrev" | "jacfwd" | "hessian";

/**
 * The parameter list of a transformed function: where the original takes an `Array`, a JS number
 * is accepted too (it becomes a scalar array; at a differentiated position, a float one).
 * @public
 */
export type NumberArgs<A extends unknown[]> = { [K in keyof A]: A[K] extends Array ? A[K] | number : A[K] };

/**
 * A gradient function made by `grad` (and the other gradient transformations): call it like
 * the original function; `transform` is the {@link GradientTransform} behind it.
 * @public
 */
export type GradientFunction<A extends unknown[] = unknown[]> = ((...args: NumberArgs<A>) => unknown) & {
  /** The transformation object (target, gradient states, options). */
  readonly transform: GradientTransform<A>;
};

const OPTION_KEYS = ["gradStates", "argnums", "hasAux", "returnValue"];
const KINDS: readonly GradientKind[] = ["grad", "vectorGrad", "jacrev", "jacfwd", "hessian"];

/** The differentiated quantities, packed as one list: `[gradStateValues?, ...args at argnums]`. */
type Packed = unknown[];

/** What one evaluation of the target returns: its output and the new values of the states it wrote. */
interface Evaluated {
  readonly out: unknown;
  readonly written: unknown[];
}

function flattenGradStates(where: string, gradStates: GradStates | null | undefined): [State[], TreeDef | null] {
  if (gradStates === null || gradStates === undefined) return [[], null];
  const [leaves, def] = tree.flatten(gradStates);
  leaves.forEach((leaf, i) => {
    if (!(leaf instanceof State)) {
      const what = leaf === null ? "null" : leaf instanceof Array ? `an Array ${leaf.aval.toString()}` : typeof leaf;
      throw new ValueError(
        `${where}: all gradStates must be State instances, but leaf ${i} of gradStates is ${what}; pass the State objects themselves (e.g. model.w, not model.w.value)`,
      );
    }
  });
  return [leaves as State[], def];
}

function checkArgnums(where: string, argnums: number | readonly number[] | null | undefined): void {
  if (argnums === null || argnums === undefined) return;
  const list = typeof argnums === "number" ? [argnums] : argnums;
  if (!globalThis.Array.isArray(list)) throw new ValueError(`${where}: argnums must be a number, a list of numbers or null, got ${typeof argnums}`);
  for (const k of list) {
    if (!Number.isInteger(k) || k < 0) throw new ValueError(`${where}: argnums entries must be non-negative integers, got ${String(k)}`);
  }
}

/** A Jacobian computed one output leaf at a time: the output structure and one row per output leaf. */
interface JacobianRows {
  readonly outTree: TreeDef;
  /** Row i: the Jacobian of output leaf i, with the packed structure. */
  readonly rows: unknown[];
}

/**
 * The Jacobian of `f` (a function of the packed list) in JAX's layout, one output leaf at a time
 * with core's jacfwd/jacrev, so the layout does not depend on how core nests pytree outputs.
 */
function jacobianOf(mode: "fwd" | "rev", f: (p: Packed) => unknown, packed: Packed): JacobianRows {
  const [outAvals, outTree] = tree.flatten(evalShape((p: Packed) => f(p), packed));
  const [pLeaves, pTree] = tree.flatten(packed);
  const transform = mode === "fwd" ? coreJacfwd : coreJacrev;
  const rows = outAvals.map((_, i) => {
    const leafFn = (p: Packed): unknown => tree.leaves(f(p))[i];
    const j = transform(leafFn as (...args: never[]) => unknown, { argnums: 0 })(packed);
    // core returns the bare Jacobian when the differentiated argument has a single leaf.
    return pLeaves.length === 1 && j instanceof Array ? tree.unflatten(pTree, [j]) : j;
  });
  return { outTree, rows };
}

/** Applies `fn` to each subtree of `x` at the leaves of `level` (a prefix of x's structure). */
function mapAt(level: TreeDef, x: unknown, fn: (sub: unknown) => unknown): unknown {
  return tree.unflatten(level, level.flattenUpTo(x).map(fn));
}

/**
 * Automatic differentiation of a function that reads and writes States (brainstate's
 * `GradientTransform`). The function is traced once per argument signature by a
 * `StatefulFunction`; the gradient is taken of its pure form, with the values of `gradStates`
 * and the arguments at `argnums` as inputs and every other state as a constant. States the
 * function writes get their new values after the call.
 *
 * Return convention (all gradient transformations):
 * 1. no `gradStates`: `argGrads` | `[argGrads, aux]` | `[argGrads, value]` | `[argGrads, value, aux]`
 *    for (hasAux, returnValue) = (F,F) | (T,F) | (F,T) | (T,T);
 * 2. `gradStates` and `argnums` null: the same with `varGrads` in place of `argGrads`;
 * 3. `gradStates` and `argnums`: the first element is `[varGrads, argGrads]`.
 *
 * `argGrads` is one gradient for a numeric `argnums`, a list for a list; `varGrads` has the
 * structure of `gradStates`.
 * @example
 * ```ts
 * const w = new ParamState(np.array([1, 2]));
 * const t = new GradientTransform((x: Array) => w.value.mul(x).sum(), "grad", { gradStates: { w }, argnums: 0 });
 * const [varGrads, argGrads] = t.call(np.array([3, 4])) as [{ w: Array }, Array]; // w: [3, 4], x: [1, 2]
 * ```
 * @public
 */
export class GradientTransform<A extends unknown[] = unknown[]> {
  /** The function being differentiated. */
  readonly target: (...args: A) => unknown;
  /** The core transformation applied. */
  readonly kind: GradientKind;
  /** The gradient states, flattened in the order of their container. */
  readonly gradStates: readonly State[];
  /** The positional arguments differentiated (as given; null when none were given). */
  readonly argnums: number | readonly number[] | null;
  /** Whether the target returns `[value, aux]`. */
  readonly hasAux: boolean;
  /** Whether the value is returned with the gradients. */
  readonly returnValue: boolean;
  /** The stateful function tracing the target. */
  readonly statefulFunction: StatefulFunction<A>;
  readonly #gradTree: TreeDef | null;
  readonly #argList: readonly number[];

  /**
   * @param target - the function to differentiate
   * @param kind - the core transformation: "grad", "vectorGrad", "jacrev", "jacfwd" or "hessian"
   * @param options - gradient states, argnums, hasAux, returnValue
   * @throws `ValueError` when `kind` is unknown, a leaf of `gradStates` is not a State or `argnums` is not made of non-negative integers.
   */
  constructor(target: (...args: A) => unknown, kind: GradientKind, options: GradOptions = {}) {
    if (!KINDS.includes(kind)) throw new ValueError(`GradientTransform: kind must be one of ${KINDS.map((k) => `"${k}"`).join(", ")}, got ${JSON.stringify(kind)}`);
    checkOptions(kind, options, OPTION_KEYS);
    if (typeof target !== "function") throw new ValueError(`${kind}: expected a function to differentiate, got ${typeof target}`);
    const [gradStates, gradTree] = flattenGradStates(kind, options.gradStates);
    checkArgnums(kind, options.argnums);
    this.target = target;
    this.kind = kind;
    this.gradStates = gradStates;
    this.#gradTree = gradStates.length > 0 ? gradTree : null;
    let argnums = options.argnums ?? null;
    if (argnums === null && gradStates.length === 0) argnums = 0;
    this.argnums = argnums;
    this.#argList = argnums === null ? [] : typeof argnums === "number" ? [argnums] : [...argnums];
    this.hasAux = options.hasAux ?? false;
    this.returnValue = options.returnValue ?? false;
    this.statefulFunction = new StatefulFunction(target, { name: target.name || kind });
  }

  /**
   * Computes the gradients for these arguments (see the class documentation for what is returned)
   * and writes the new values of the states the target wrote.
   * @throws `TransformationError` when an argnums entry is out of range, the output is not what the transformation needs (a scalar for `grad`), or `hasAux` is set but the target does not return `[value, aux]`.
   */
  call(...given: NumberArgs<A>): unknown {
    const where = this.kind;
    for (const k of this.#argList) {
      if (k >= given.length) {
        throw new TransformationError(`${where}: argnums entry ${k} is out of range for a call with ${given.length} argument(s); pass that argument or change argnums`);
      }
    }
    // JS has no float literals: a number at a differentiated position stands for a float scalar.
    const args = given.map((a, k) => (this.#argList.includes(k) ? tree.map((x: unknown) => (typeof x === "number" ? np.array(x, { dtype: getDefaultFloatDType() }) : x), a) : a)) as A;
    const sf = this.statefulFunction;
    const program = sf.makeJaxpr(...args);
    const states = program.states;
    const gradIndex = new Map<State, number>();
    this.gradStates.forEach((s, i) => gradIndex.set(s, i));
    // Every other state is a constant of the differentiated function.
    const constants = states.map((s) => (gradIndex.has(s) ? undefined : s.value));
    const hasStates = this.gradStates.length > 0;
    const packed: Packed = [...(hasStates ? [this.gradStates.map((s) => s.value)] : []), ...this.#argList.map((k) => args[k])];
    tree.leaves(packed).forEach((leaf, i) => {
      if (!(leaf instanceof Array) || !isFloat(leaf.dtype)) {
        const what = leaf instanceof Array ? `has dtype ${leaf.dtype}` : `is ${typeof leaf}`;
        throw new NonDifferentiableError(
          `${where}: differentiated input leaf ${i} (gradient states first, then the arguments at argnums) ${what}; differentiation needs float arrays — cast with astype('float32') or leave it out of gradStates/argnums`,
        );
      }
    });

    const evaluate = (p: Packed): Evaluated => {
      const full = [...args] as unknown[];
      const offset = hasStates ? 1 : 0;
      this.#argList.forEach((k, j) => (full[k] = p[offset + j]));
      const gradValues = (hasStates ? p[0] : []) as unknown[];
      const values = states.map((s, i) => {
        const g = gradIndex.get(s);
        return g === undefined ? constants[i] : gradValues[g];
      });
      const [newValues, out] = sf.jaxprCall(values, ...(full as A));
      return { out, written: newValues.filter((_, i) => program.written[i] === true) };
    };
    const valueOf = (out: unknown): unknown => {
      if (!this.hasAux) return out;
      if (!globalThis.Array.isArray(out) || out.length !== 2) {
        throw new TransformationError(`${where}: with hasAux the function must return [value, aux], got ${globalThis.Array.isArray(out) ? `a list of ${out.length}` : typeof out}`);
      }
      return out[0];
    };

    let grads: unknown;
    let result: Evaluated | null = null;
    if (this.kind === "grad" || this.kind === "vectorGrad") {
      const vector = this.kind === "vectorGrad";
      const objective = (p: Packed): [Array, [unknown, unknown[]]] => {
        const r = evaluate(p);
        const value = valueOf(r.out);
        let scalar: Array;
        if (vector) {
          // Gradient of the sum of all outputs = VJP with an all-ones cotangent.
          const leaves = tree.leaves(value);
          if (leaves.length === 0 || !leaves.every((l) => l instanceof Array)) {
            throw new TransformationError(`${where}: the function must return arrays (a pytree of arrays) to be differentiated, got ${describe(value)}`);
          }
          scalar = (leaves as Array[]).map((l) => l.sum()).reduce((a, b) => a.add(b));
        } else {
          if (!(value instanceof Array)) {
            throw new TransformationError(
              `${where}: the function must return one scalar array, got ${describe(value)}; if it returns [loss, aux], pass { hasAux: true }, and use vectorGrad/jacrev for non-scalar outputs`,
            );
          }
          scalar = value;
        }
        return [scalar, [r.out, r.written]];
      };
      const [g, aux] = coreGrad(objective, { argnums: 0, hasAux: true })(packed) as [unknown, [unknown, unknown[]]];
      grads = this.convert(g);
      result = { out: aux[0], written: aux[1] };
    } else {
      // The value, aux and written states come from one evaluation; the Jacobian from core.
      if (this.hasAux || this.returnValue || program.written.some((w) => w)) result = evaluate(packed);
      const valueFn = (p: Packed): unknown => valueOf(evaluate(p).out);
      const convert = (row: unknown): unknown => this.convert(row);
      if (this.kind === "hessian") {
        // jacfwd of jacrev: the output's structure, then the gradient's (packed, converted), then the inputs' (packed, converted).
        const inner = (p: Packed): unknown => {
          const j = jacobianOf("rev", valueFn, p);
          return tree.unflatten(j.outTree, j.rows);
        };
        const h = jacobianOf("fwd", inner, packed);
        const valueTree = tree.structure(evalShape((p: Packed) => valueFn(p), packed));
        grads = mapAt(valueTree, tree.unflatten(h.outTree, h.rows.map(convert)), convert);
      } else {
        const j = jacobianOf(this.kind === "jacfwd" ? "fwd" : "rev", valueFn, packed);
        grads = tree.unflatten(j.outTree, j.rows.map(convert));
      }
    }

    if (result !== null) {
      let w = 0;
      states.forEach((s, i) => {
        if (program.written[i] === true) s.value = (result as Evaluated).written[w++];
      });
    }
    if (!this.returnValue && !this.hasAux) return grads;
    const out = (result as Evaluated).out;
    if (this.returnValue) return this.hasAux ? [grads, (out as unknown[])[0], (out as unknown[])[1]] : [grads, out];
    return [grads, (out as unknown[])[1]];
  }

  /** Packed-structured gradients → the return convention's `varGrads` / `argGrads` layout. */
  private convert(packedGrads: unknown): unknown {
    const parts = packedGrads as unknown[];
    const hasStates = this.gradStates.length > 0;
    const argParts = hasStates ? parts.slice(1) : parts;
    const argGrads = typeof this.argnums === "number" ? argParts[0] : argParts;
    if (!hasStates) return argGrads;
    const varGrads = tree.unflatten(this.#gradTree as TreeDef, parts[0] as unknown[]);
    return this.argnums === null ? varGrads : [varGrads, argGrads];
  }

  /** A one-line description: target, kind, number of gradient states and the options. */
  toString(): string {
    const name = this.target.name || "<anonymous>";
    return `GradientTransform(target=${name}, kind=${this.kind}, gradStates=${this.gradStates.length}, argnums=${JSON.stringify(this.argnums)}, hasAux=${this.hasAux}, returnValue=${this.returnValue})`;
  }
}

function describe(x: unknown): string {
  if (x instanceof Array) return x.aval.toString();
  if (globalThis.Array.isArray(x)) return `a list of ${x.length}`;
  return x === null ? "null" : typeof x;
}

function makeFunction<A extends unknown[]>(t: GradientTransform<A>): GradientFunction<A> {
  const f = (...args: NumberArgs<A>): unknown => t.call(...args);
  Object.defineProperty(f, "name", { value: `${t.kind}(${t.target.name || "fn"})` });
  Object.defineProperty(f, "transform", { value: t, enumerable: true });
  return f as GradientFunction<A>;
}

function transformOrDecorator<A extends unknown[]>(
  kind: GradientKind,
  fnOrOptions: ((...args: A) => unknown) | GradOptions | undefined,
  options: GradOptions | undefined,
): GradientFunction<A> | (<B extends unknown[]>(fn: (...args: B) => unknown) => GradientFunction<B>) {
  if (typeof fnOrOptions === "function") return makeFunction(new GradientTransform(fnOrOptions, kind, options ?? {}));
  if (options !== undefined) throw new ValueError(`${kind}: called without a function but with two option objects; use ${kind}(fn, options) or ${kind}(options)(fn)`);
  const opts = fnOrOptions ?? {};
  checkOptions(kind, opts, OPTION_KEYS);
  return <B extends unknown[]>(fn: (...args: B) => unknown) => makeFunction(new GradientTransform(fn, kind, opts));
}

/**
 * The gradient of a scalar-valued function that may read and write States, with respect to
 * `gradStates` and/or the arguments at `argnums` (brainstate's `augment.grad`). See
 * {@link GradientTransform} for the return convention; without a function it returns a
 * decorator (`grad(options)(fn)`).
 * @param fn - a function returning one scalar float array (or `[scalar, aux]` with `hasAux`)
 * @param options - `gradStates`, `argnums`, `hasAux`, `returnValue`
 * @throws `ValueError` for a gradStates leaf that is not a State; `TransformationError` (at call) when the output is not a scalar.
 * @example
 * ```ts
 * const w = new ParamState(np.array([1, 2, 3]));
 * const loss = (x: Array) => w.value.mul(x).sum();
 * const [gw, gx] = grad(loss, { gradStates: w, argnums: 0 })(np.ones([3])) as [Array, Array]; // gw = x, gx = w
 * ```
 * @public
 */
export function grad<A extends unknown[]>(fn: (...args: A) => unknown, options?: GradOptions): GradientFunction<A>;
/** Decorator form of `grad` (see its first signature). @public */
export function grad(options?: GradOptions): <A extends unknown[]>(fn: (...args: A) => unknown) => GradientFunction<A>;
export function grad<A extends unknown[]>(fnOrOptions?: ((...args: A) => unknown) | GradOptions, options?: GradOptions): unknown {
  return transformOrDecorator("grad", fnOrOptions, options);
}

/**
 * The gradient of the sum of a function's outputs — the VJP with an all-ones cotangent; for an
 * element-wise function, its element-wise derivative (brainstate's `augment.vector_grad`).
 * Options and return convention as `grad` (the value is the full output).
 * @example
 * ```ts
 * vectorGrad((x: Array) => x.mul(x).mul(3))(np.ones([3])); // [6, 6, 6]
 * ```
 * @public
 */
export function vectorGrad<A extends unknown[]>(fn: (...args: A) => unknown, options?: GradOptions): GradientFunction<A>;
/** Decorator form of `vectorGrad` (see its first signature). @public */
export function vectorGrad(options?: GradOptions): <A extends unknown[]>(fn: (...args: A) => unknown) => GradientFunction<A>;
export function vectorGrad<A extends unknown[]>(fnOrOptions?: ((...args: A) => unknown) | GradOptions, options?: GradOptions): unknown {
  return transformOrDecorator("vectorGrad", fnOrOptions, options);
}

/**
 * The Jacobian by reverse mode (brainstate's `augment.jacrev`): for each output leaf, an array of
 * shape `out.shape + in.shape` per differentiated input, nested output-first as in JAX. Options
 * and return convention as `grad`.
 * @example
 * ```ts
 * jacrev((x: Array) => x.mul(x))(np.array([1, 2])); // [[2, 0], [0, 4]]
 * ```
 * @public
 */
export function jacrev<A extends unknown[]>(fn: (...args: A) => unknown, options: GradOptions = {}): GradientFunction<A> {
  return makeFunction(new GradientTransform(fn, "jacrev", options));
}

/**
 * Alias of {@link jacrev} (brainstate's `augment.jacobian`).
 * @public
 */
export const jacobian: typeof jacrev = jacrev;

/**
 * The Jacobian by forward mode (brainstate's `augment.jacfwd`); same layout, options and return
 * convention as {@link jacrev}.
 * @example
 * ```ts
 * jacfwd((x: Array) => x.mul(x))(np.array([1, 2])); // [[2, 0], [0, 4]]
 * ```
 * @public
 */
export function jacfwd<A extends unknown[]>(fn: (...args: A) => unknown, options: GradOptions = {}): GradientFunction<A> {
  return makeFunction(new GradientTransform(fn, "jacfwd", options));
}

/**
 * The Hessian, jacfwd of jacrev (brainstate's `augment.hessian`): for a scalar function of `x`,
 * an array of shape `x.shape + x.shape`; with several differentiated inputs, nested blocks
 * `H[i][j]`. Options and return convention as `grad`.
 * @example
 * ```ts
 * hessian((x: Array) => x.mul(x).mul(x).sum())(np.array([1, 2])); // [[6, 0], [0, 12]]
 * ```
 * @public
 */
export function hessian<A extends unknown[]>(fn: (...args: A) => unknown, options: GradOptions = {}): GradientFunction<A> {
  return makeFunction(new GradientTransform(fn, "hessian", options));
}
