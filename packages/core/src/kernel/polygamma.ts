// The trigamma function ψ₁(x) = d²/dx² log Γ(x) as a kernel expression: the derivative that
// digamma's JVP needs. Layer 4: kernel IR.

import { add, constant, div, le, lt, mul, sub, unary, where } from "./build.js";
import type { Exp } from "./ir.js";

const c = (v: number, like: Exp): Exp => constant(like.dtype === "float32" ? Math.fround(v) : v, like.dtype);

/** ψ₁(x) for x > 0: six unrolled recurrence steps ψ₁(x) = ψ₁(x+1) + 1/x² then the asymptotic series at x ≥ 6. */
function trigammaPositive(x: Exp): Exp {
  let shift = c(0, x);
  let y = x;
  for (let i = 0; i < 6; i++) {
    const small = lt(y, c(6, x));
    shift = where(small, add(shift, div(c(1, x), mul(y, y))), shift);
    y = where(small, add(y, c(1, x)), y);
  }
  // Abramowitz & Stegun 6.4.12: ψ₁(y) ~ 1/y + 1/(2y²) + 1/(6y³) − 1/(30y⁵) + 1/(42y⁷) − 1/(30y⁹).
  const r = div(c(1, x), y);
  const r2 = mul(r, r);
  let series = c(-1 / 30, x);
  series = add(mul(series, r2), c(1 / 42, x));
  series = add(mul(series, r2), c(-1 / 30, x));
  series = add(mul(series, r2), c(1 / 6, x));
  const tail = add(add(r, mul(c(0.5, x), r2)), mul(mul(r2, r), series));
  return add(shift, tail);
}

/**
 * Trigamma ψ₁(x) for all real x (float32/float64): recurrence plus asymptotic series for x > 0,
 * the reflection ψ₁(x) = π²/sin²(πx) − ψ₁(1 − x) for x ≤ 0; +∞ at the poles 0, −1, −2, …
 * @beta
 */
export function trigamma(x: Exp): Exp {
  const positive = trigammaPositive(where(le(x, c(0, x)), sub(c(1, x), x), x));
  const s = unary("sin", mul(c(Math.PI, x), sub(x, unary("round", x))));
  const reflected = sub(div(c(Math.PI * Math.PI, x), mul(s, s)), positive);
  return where(le(x, c(0, x)), reflected, positive);
}
