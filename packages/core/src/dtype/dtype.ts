// Data types, JAX's type-promotion lattice with weak types, and the typed arrays that store each dtype.
// Layer 2: imports only util/ and errors/.

import { DTypeError } from "../errors/errors.js";

/** The element types of an Array. `float32` is the default float. @public */
export type DType = "float32" | "float64" | "int32" | "uint32" | "bool";

/** Every dtype, in lattice order from bool up. @public */
export const DTYPES: readonly DType[] = ["bool", "int32", "uint32", "float32", "float64"];

/** Storage for one dtype: what `data()` returns. @public */
export type TypedArrayFor<D extends DType> = D extends "float32"
  ? Float32Array
  : D extends "float64"
    ? Float64Array
    : D extends "int32"
      ? Int32Array
      : D extends "uint32"
        ? Uint32Array
        : Uint8Array;

/** Any typed array used as storage. @public */
export type DataArray = Float32Array | Float64Array | Int32Array | Uint32Array | Uint8Array;

/** Throws a DTypeError unless `d` names a supported dtype. */
export function checkDType(where: string, d: unknown): DType {
  if (typeof d === "string" && (DTYPES as readonly string[]).includes(d)) return d as DType;
  throw new DTypeError(
    `${where}: unsupported dtype ${JSON.stringify(d)}; the dtypes are ${DTYPES.join(", ")} (there is no int64/float16: use int32 or float32)`,
  );
}

/** True for float32 and float64. @public */
export function isFloat(d: DType): boolean {
  return d === "float32" || d === "float64";
}

/** True for int32 and uint32. @public */
export function isInteger(d: DType): boolean {
  return d === "int32" || d === "uint32";
}

/** Bytes per element. */
export function itemSize(d: DType): number {
  return d === "float64" ? 8 : d === "bool" ? 1 : 4;
}

/** Allocates zeroed storage for `size` elements of dtype `d` (the typed array a buffer of that dtype holds). @beta */
export function allocData(d: DType, size: number): DataArray {
  switch (d) {
    case "float32":
      return new Float32Array(size);
    case "float64":
      return new Float64Array(size);
    case "int32":
      return new Int32Array(size);
    case "uint32":
      return new Uint32Array(size);
    case "bool":
      return new Uint8Array(size);
  }
}

/** The dtype stored by a typed array, or undefined for one that is not storage of any dtype. */
export function dtypeOfData(a: ArrayBufferView): DType | undefined {
  if (a instanceof Float32Array) return "float32";
  if (a instanceof Float64Array) return "float64";
  if (a instanceof Int32Array) return "int32";
  if (a instanceof Uint32Array) return "uint32";
  if (a instanceof Uint8Array) return "bool";
  return undefined;
}

// The lattice (JAX, x64 disabled for integers): bool < int32, uint32 < int32 (join of the two ints
// saturates at int32), any int < weak float < float32 < float64. Weak types (JS scalars) sit just
// above their kind's bottom so that a strongly typed operand keeps its dtype.
type Node = "bool" | "i*" | "int32" | "uint32" | "f*" | "float32" | "float64";

const UP: Record<Node, Node[]> = {
  bool: ["i*"],
  "i*": ["int32", "uint32", "f*"],
  uint32: ["int32"],
  int32: ["f*"],
  "f*": ["float32"],
  float32: ["float64"],
  float64: [],
};

function ancestors(n: Node): Set<Node> {
  const seen = new Set<Node>([n]);
  const stack = [n];
  while (stack.length > 0) {
    const cur = stack.pop() as Node;
    for (const u of UP[cur]) {
      if (!seen.has(u)) {
        seen.add(u);
        stack.push(u);
      }
    }
  }
  return seen;
}

const ORDER: Node[] = ["bool", "i*", "uint32", "int32", "f*", "float32", "float64"];
const ANCESTORS = new Map<Node, Set<Node>>(ORDER.map((n) => [n, ancestors(n)]));

function nodeOf(d: DType, weak: boolean): Node {
  if (!weak) return d;
  if (d === "bool") return "bool";
  return isFloat(d) ? "f*" : "i*";
}

/**
 * JAX's `promote_types` with weak types: the least upper bound of two (dtype, weak) pairs.
 * A weak operand (a JS number) never widens a strongly typed one of the same kind.
 * @public
 */
export function promoteTypes(
  a: DType,
  b: DType,
  weakA = false,
  weakB = false,
  defaultFloat: DType = "float32",
): { dtype: DType; weak: boolean } {
  const na = nodeOf(a, weakA);
  const nb = nodeOf(b, weakB);
  const upA = ANCESTORS.get(na) as Set<Node>;
  const upB = ANCESTORS.get(nb) as Set<Node>;
  let join: Node | undefined;
  for (const n of ORDER) {
    if (upA.has(n) && upB.has(n)) {
      join = n;
      break;
    }
  }
  if (join === undefined) throw new DTypeError(`promoteTypes: no common type for ${a} and ${b}`);
  switch (join) {
    case "i*":
      return { dtype: "int32", weak: true };
    case "f*":
      return { dtype: weakA && weakB ? (isFloat(a) ? a : isFloat(b) ? b : defaultFloat) : defaultFloat, weak: weakA && weakB };
    default:
      return { dtype: join, weak: weakA && weakB && join === "bool" };
  }
}

/** The dtype of a JS scalar: bool for booleans, int32 for integral numbers, the default float otherwise (all weak). */
export function scalarDType(x: number | boolean, defaultFloat: DType = "float32"): DType {
  if (typeof x === "boolean") return "bool";
  return Number.isInteger(x) && Math.abs(x) <= 2147483647 ? "int32" : defaultFloat;
}

let defaultFloat: DType = "float32";

/** The float dtype used for JS numbers and float-producing ops (`float32` unless changed). @public */
export function getDefaultFloatDType(): DType {
  return defaultFloat;
}

/** Switches the default float dtype (environ's `precision` uses this). Only float32 and float64 are accepted. @public */
export function setDefaultFloatDType(d: DType): void {
  checkDType("setDefaultFloatDType", d);
  if (!isFloat(d)) throw new DTypeError(`setDefaultFloatDType: ${d} is not a float dtype; pass 'float32' or 'float64'`);
  defaultFloat = d;
}
