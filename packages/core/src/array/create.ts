// Making concrete arrays from host data. Layer 6.

import type { Backend } from "../backend/backend.js";
import { getBackend } from "../backend/registry.js";
import type { DataArray, DType } from "../dtype/dtype.js";
import { ArrayImpl } from "./Array.js";
import { ShapedArray } from "./aval.js";

/** Uploads `data` (already in `dtype`'s storage) as an array of `shape` on `backend` (default: the current one). @beta */
export function fromData(data: DataArray, shape: readonly number[], dtype: DType, weakType = false, backend?: Backend): ArrayImpl {
  const b = backend ?? getBackend();
  return new ArrayImpl(b.upload(data, dtype), new ShapedArray(shape, dtype, weakType));
}
