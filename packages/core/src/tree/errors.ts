// The pytree module's error, re-exported from core's error hierarchy.
export { TreeMismatchError } from "../errors/errors.js";
