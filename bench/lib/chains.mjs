// The two 8-op elementwise chains of the peer scripts (shared/notes/peers/tensor_*.mjs), written
// once per library's API (bench layer): transcendental and arithmetic, a = 0.5, b = 0.1.
import { EW } from "./data.mjs";

/**
 * @typedef {object} Chain
 * @property {string} label
 * @property {(x: import("@brainstate/core").Array) => import("@brainstate/core").Array} ours
 * @property {(x: import("@tensorflow/tfjs").Tensor) => import("@tensorflow/tfjs").Tensor} tf
 * @property {(x: import("@jax-js/jax").Array) => import("@jax-js/jax").Array} jax  consumes x
 * @property {(x: Float32Array, out: Float32Array) => void} js  a plain loop (float64 arithmetic per element)
 */

/**
 * Both chains for the given libraries.
 * @param {typeof import("@brainstate/core").np} np
 * @param {typeof import("@tensorflow/tfjs")} tf
 * @param {typeof import("@jax-js/jax").numpy} jnp
 * @returns {[Chain, Chain]}  [transcendental, arithmetic]
 */
export function chains(np, tf, jnp) {
  const A = EW.a;
  const B = EW.b;
  return [
    {
      label: "transcendental: tanh(x·a+b)·exp(x) + sqrt(abs(x))",
      ours: (x) => np.add(np.multiply(np.tanh(np.add(np.multiply(x, A), B)), np.exp(x)), np.sqrt(np.abs(x))),
      tf: (x) => tf.add(tf.mul(tf.tanh(tf.add(tf.mul(x, A), B)), tf.exp(x)), tf.sqrt(tf.abs(x))),
      jax: (x) => jnp.tanh(x.ref.mul(A).add(B)).mul(jnp.exp(x.ref)).add(jnp.sqrt(jnp.abs(x))),
      js: (x, out) => {
        for (let i = 0; i < x.length; i++) {
          const v = x[i];
          out[i] = Math.tanh(v * A + B) * Math.exp(v) + Math.sqrt(Math.abs(v));
        }
      },
    },
    {
      label: "arithmetic: abs(x·a+b)·x − x·b + max(x,0)",
      ours: (x) => np.add(np.subtract(np.multiply(np.abs(np.add(np.multiply(x, A), B)), x), np.multiply(x, B)), np.maximum(x, 0)),
      tf: (x) => tf.add(tf.sub(tf.mul(tf.abs(tf.add(tf.mul(x, A), B)), x), tf.mul(x, B)), tf.maximum(x, 0)),
      jax: (x) => jnp.abs(x.ref.mul(A).add(B)).mul(x.ref).sub(x.ref.mul(B)).add(jnp.maximum(x, 0)),
      js: (x, out) => {
        for (let i = 0; i < x.length; i++) {
          const v = x[i];
          out[i] = Math.abs(v * A + B) * v - v * B + Math.max(v, 0);
        }
      },
    },
  ];
}
