// Moving arrays between backends explicitly (arrays never move implicitly). Layer 6.

import type { Backend } from "../backend/backend.js";
import { getBackend } from "../backend/registry.js";
import { BackendCapabilityError } from "../errors/errors.js";
import { leaves, map as treeMap } from "../tree/index.js";
import { ArrayImpl } from "./Array.js";

function target(backend: string | Backend | undefined): Backend {
  return typeof backend === "string" || backend === undefined ? getBackend(backend) : backend;
}

/**
 * Copies every array of a pytree to `backend` (a registered name or a Backend; default: the
 * current backend). Arrays already there are returned as they are.
 * @throws `BackendCapabilityError` when a source backend reads asynchronously only (use `devicePutAsync`).
 * @public
 */
export function devicePut<T>(tree: T, backend?: string | Backend): T {
  const to = target(backend);
  return treeMap((x: unknown) => {
    if (!(x instanceof ArrayImpl) || x.backend === to) return x;
    if (!x.backend.capabilities.syncRead) {
      throw new BackendCapabilityError(`devicePut: the array lives on '${x.backend.name}', which reads asynchronously only; use await devicePutAsync(x, '${to.name}')`);
    }
    return new ArrayImpl(to.upload(x.backend.readSync(x.buffer), x.dtype), x.aval);
  }, tree) as T;
}

/** Like {@link devicePut}, reading asynchronously (works for every source backend). @public */
export async function devicePutAsync<T>(tree: T, backend?: string | Backend): Promise<T> {
  const to = target(backend);
  const moved = new Map<ArrayImpl, ArrayImpl>();
  for (const x of leaves(tree)) {
    if (x instanceof ArrayImpl && x.backend !== to && !moved.has(x)) {
      moved.set(x, new ArrayImpl(to.upload(await x.backend.read(x.buffer), x.dtype), x.aval));
    }
  }
  return treeMap((x: unknown) => (x instanceof ArrayImpl ? (moved.get(x) ?? x) : x), tree) as T;
}
