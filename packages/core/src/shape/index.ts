// Public face of the shape layer.
export * from "./shape.js";
