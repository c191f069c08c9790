/** Output size and padding of a 2-D convolution, with TensorFlow's 'same'/'valid' conventions. */

export type Padding = 'same' | 'valid';

/** Sizes along one spatial axis. */
export interface AxisGeometry {
  /** Output length. */
  readonly out: number;
  /** Zeros added before the input. */
  readonly before: number;
  /** Zeros added after the input (TF puts the odd extra zero here). */
  readonly after: number;
}

/**
 * Geometry along one axis of length `n` for a window `k` and stride `s`.
 * 'same': out = ⌈n/s⌉, total padding max((out−1)s + k − n, 0), ⌊total/2⌋ before, the rest after.
 * 'valid': out = ⌊(n − k)/s⌋ + 1, no padding.
 * @param n input length (pixels).
 * @param k window length.
 * @param s stride (≥ 1).
 * @param padding 'same' or 'valid'.
 * @returns {out, before, after}.
 * @example axisGeometry(32, 3, 2, 'same') // → {out: 16, before: 0, after: 1}
 */
export function axisGeometry(n: number, k: number, s: number, padding: Padding): AxisGeometry {
  if (!(Number.isInteger(n) && Number.isInteger(k) && Number.isInteger(s) && n >= 1 && k >= 1 && s >= 1)) {
    throw new Error(`bad convolution sizes: n=${n}, k=${k}, s=${s}`);
  }
  if (padding === 'valid') {
    if (k > n) throw new Error(`'valid' convolution needs window ${k} ≤ input ${n}`);
    return { out: Math.floor((n - k) / s) + 1, before: 0, after: 0 };
  }
  if (padding !== 'same') throw new Error(`padding must be 'same' or 'valid'; got '${padding as string}'`);
  const out = Math.ceil(n / s);
  const total = Math.max((out - 1) * s + k - n, 0);
  const before = Math.floor(total / 2);
  return { out, before, after: total - before };
}
