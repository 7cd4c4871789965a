// Public face of the dtype layer.
export * from "./dtype.js";
