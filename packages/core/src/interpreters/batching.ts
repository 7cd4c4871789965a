// Vectorisation: the batching interpreter behind vmap, its tracer (value + batch axis, null =
// not batched) and helpers for writing batching rules. Layer 9.

import type { Array } from "../array/Array.js";
import type { ShapedArray } from "../array/aval.js";
import { ShapedArray as Aval } from "../array/aval.js";
import { TransformationError } from "../errors/errors.js";
import type { BatchRule, Primitive } from "../trace/primitive.js";
import { checkNotLeaked, Trace, Tracer, withTrace } from "../trace/trace.js";

/** A batched value: `value` carries the batch along axis `batchDim` (null = the same for every lane). @beta */
export class BatchTracer extends Tracer {
  private readonly owner: BatchTrace;
  readonly value: Array;
  readonly batchDim: number | null;
  constructor(owner: BatchTrace, value: Array, batchDim: number | null) {
    super();
    this.owner = owner;
    this.value = value;
    this.batchDim = batchDim;
  }
  get trace(): BatchTrace {
    return this.owner;
  }
  get aval(): ShapedArray {
    const a = this.value.aval;
    if (this.batchDim === null) return a;
    return new Aval(
      a.shape.filter((_, k) => k !== this.batchDim),
      a.dtype,
      a.weakType,
    );
  }
}

/** The vmap interpreter: applies each primitive's batching rule under the parent interpretation. @beta */
export class BatchTrace extends Trace {
  /** Number of lanes. */
  readonly axisSize: number;
  constructor(parent: Trace, axisSize: number) {
    super(parent);
    this.axisSize = axisSize;
  }

  /** Wraps a batched value as a tracer of this trace. */
  tracer(value: Array, batchDim: number | null): BatchTracer {
    return new BatchTracer(this, value, batchDim);
  }

  /** Value and batch axis of `x`; values from outside this trace are unbatched. */
  unpack(x: Array): [Array, number | null] {
    checkNotLeaked("vmap", x);
    if (x instanceof BatchTracer && x.trace === this) return [x.value, x.batchDim];
    return [x, null];
  }

  processPrimitive(prim: Primitive<object>, args: readonly Array[], params: object): Array[] {
    const vals: Array[] = [];
    const dims: (number | null)[] = [];
    for (const a of args) {
      const [v, d] = this.unpack(a);
      vals.push(v);
      dims.push(d);
    }
    const parent = this.parent as Trace;
    if (dims.every((d) => d === null)) return withTrace(parent, () => prim.bind(vals, params));
    const rule = prim.def.batch as BatchRule<object> | undefined;
    if (!rule) {
      throw new TransformationError(`vmap: primitive '${prim.name}' has no batching rule, so it cannot be vectorised`);
    }
    const [outs, outDims] = withTrace(parent, () => rule(vals, dims, params, this.axisSize));
    return outs.map((o, i) => this.tracer(o, outDims[i] ?? null));
  }
}
