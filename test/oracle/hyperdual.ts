/**
 * Hyper-dual numbers in float64, the test oracle's arithmetic: a + b·ε₁ + c·ε₂ + d·ε₁ε₂ with
 * ε₁² = ε₂² = 0. Seeding b = eᵢ and c = v on the parameters gives d = (H·v)ᵢ of any function
 * written with these operations: exact second derivatives, no step size, independent of TF.js.
 * For piecewise functions (relu, max) the derivative is that of the piece selected by the real part.
 */

export interface HD {
  readonly a: number;
  readonly b: number;
  readonly c: number;
  readonly d: number;
}

export const hd = (a: number, b = 0, c = 0, d = 0): HD => ({ a, b, c, d });
export const ZERO = hd(0);

/** f applied through its value f0, first f1 and second f2 derivatives at x.a. */
export function chain(x: HD, f0: number, f1: number, f2: number): HD {
  return { a: f0, b: f1 * x.b, c: f1 * x.c, d: f1 * x.d + f2 * x.b * x.c };
}

export const add = (x: HD, y: HD): HD => ({ a: x.a + y.a, b: x.b + y.b, c: x.c + y.c, d: x.d + y.d });
export const sub = (x: HD, y: HD): HD => ({ a: x.a - y.a, b: x.b - y.b, c: x.c - y.c, d: x.d - y.d });
export const neg = (x: HD): HD => ({ a: -x.a, b: -x.b, c: -x.c, d: -x.d });
export const scale = (x: HD, k: number): HD => ({ a: k * x.a, b: k * x.b, c: k * x.c, d: k * x.d });
export const addConst = (x: HD, k: number): HD => ({ a: x.a + k, b: x.b, c: x.c, d: x.d });

export function mul(x: HD, y: HD): HD {
  return {
    a: x.a * y.a,
    b: x.a * y.b + x.b * y.a,
    c: x.a * y.c + x.c * y.a,
    d: x.a * y.d + x.b * y.c + x.c * y.b + x.d * y.a,
  };
}

export function div(x: HD, y: HD): HD {
  const r = 1 / y.a;
  return mul(x, chain(y, r, -r * r, 2 * r * r * r));
}

export const square = (x: HD): HD => mul(x, x);

export function exp(x: HD): HD {
  const e = Math.exp(x.a);
  return chain(x, e, e, e);
}

export function log(x: HD): HD {
  return chain(x, Math.log(x.a), 1 / x.a, -1 / (x.a * x.a));
}

export function tanh(x: HD): HD {
  const t = Math.tanh(x.a);
  const s = 1 - t * t;
  return chain(x, t, s, -2 * t * s);
}

export function sigmoid(x: HD): HD {
  const s = 1 / (1 + Math.exp(-x.a));
  const s1 = s * (1 - s);
  return chain(x, s, s1, s1 * (1 - 2 * s));
}

/** log(1 + eˣ), computed stably. */
export function softplus(x: HD): HD {
  const v = Math.max(x.a, 0) + Math.log1p(Math.exp(-Math.abs(x.a)));
  const s = 1 / (1 + Math.exp(-x.a));
  return chain(x, v, s, s * (1 - s));
}

/** The active piece: identity for x > 0, zero otherwise (TF and PyTorch convention at 0). */
export const relu = (x: HD): HD => (x.a > 0 ? x : ZERO);

/** ELU with α = 1: x for x > 0, eˣ − 1 otherwise. */
export function elu(x: HD): HD {
  if (x.a > 0) return x;
  const e = Math.exp(x.a);
  return chain(x, e - 1, e, e);
}

/** Exact GELU x·Φ(x), with Φ(x) = ½(1 + erf(x/√2)). */
export function gelu(x: HD): HD {
  const phi = Math.exp(-0.5 * x.a * x.a) / Math.sqrt(2 * Math.PI);
  const cdf = 0.5 * (1 + erf(x.a / Math.SQRT2));
  return chain(x, x.a * cdf, cdf + x.a * phi, phi * (2 - x.a * x.a));
}

/** The branch with the largest real part (first on ties, which have probability zero here). */
export function max(xs: readonly HD[]): HD {
  return xs.reduce((m, x) => (x.a > m.a ? x : m));
}

export function sum(xs: readonly HD[]): HD {
  let s = ZERO;
  for (const x of xs) s = add(s, x);
  return s;
}

/** erf in float64: Maclaurin series for |x| < 3, continued fraction for erfc beyond (≤ 1e-14). */
export function erf(x: number): number {
  const ax = Math.abs(x);
  if (ax < 3) {
    let term = ax;
    let total = ax;
    for (let n = 1; n < 200 && Math.abs(term) > 1e-17 * Math.abs(total); n++) {
      term *= (-ax * ax) / n;
      total += term / (2 * n + 1);
    }
    return Math.sign(x) * (2 / Math.sqrt(Math.PI)) * total;
  }
  // erfc(x) = exp(−x²)/√π · 1/(x + 1/2/(x + 1/(x + 3/2/(x + …)))) (Lentz-free backward evaluation)
  let frac = ax;
  for (let k = 60; k >= 1; k--) frac = ax + (k / 2) / frac;
  const erfc = Math.exp(-ax * ax) / Math.sqrt(Math.PI) / frac;
  return Math.sign(x) * (1 - erfc);
}
