/** Growth exponents: the least-squares slope of log y against log t (λ ∝ t^p gives p). */
import { Row, series } from './run-like';

/**
 * Least-squares slope of log y on log x over the points with x > 0 and y > 0.
 * @returns the slope, or NaN with fewer than two usable points (or no spread in x).
 * @example logLogSlope([1, 4, 16], [1, 2, 4]) // 0.5
 */
export function logLogSlope(x: readonly number[], y: readonly number[]): number {
  const lx: number[] = [];
  const ly: number[] = [];
  x.forEach((xi, i) => {
    if (xi > 0 && y[i] > 0) {
      lx.push(Math.log(xi));
      ly.push(Math.log(y[i]));
    }
  });
  const n = lx.length;
  if (n < 2) return NaN;
  const mx = lx.reduce((a, b) => a + b, 0) / n;
  const my = ly.reduce((a, b) => a + b, 0) / n;
  let sxy = 0, sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (lx[i] - mx) * (ly[i] - my);
    sxx += (lx[i] - mx) ** 2;
  }
  return sxx > 0 ? sxy / sxx : NaN;
}

/**
 * Slope of log `key` against log step over the last `fraction` of the run's steps (default the
 * last half): > 0 means still growing (C2: Armijo's sharpness), ≈ 0 a plateau (C9).
 * @example lateSlope(run.records, 'lambda_1')
 */
export function lateSlope(records: readonly Row[], key: string, fraction = 0.5): number {
  const { x, y } = series(records, key);
  if (x.length === 0) return NaN;
  const from = Math.max(...x) * (1 - fraction);
  const keep = x.map((xi, i) => i).filter((i) => x[i] >= from && x[i] > 0);
  return logLogSlope(keep.map((i) => x[i]), keep.map((i) => y[i]));
}
