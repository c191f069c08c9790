/**
 * Chebyshev regression, after Cohen et al.'s chebyshev-k-20 tasks: n points evenly spaced on
 * [-1, 1], target T_p(x) (the Chebyshev polynomial of degree p). A tiny network fitting it shows
 * progressive sharpening and the edge of stability within seconds.
 */
import * as tf from '@tensorflow/tfjs-core';
import { createRng } from '../util/rng';
import { Dataset } from './dataset';

/** Options of `makeChebyshevTask`. */
export interface ChebyshevTaskOptions {
  /** Polynomial degree p ≥ 0 (Cohen et al. use 3, 4, 5). */
  readonly degree: number;
  /** Points; default 20 (as in chebyshev-p-20). */
  readonly n?: number;
  /**
   * Input features m ≥ 1: the monomials [x, x², …, x^m]; default 1 (x only). Keep m < p, or the
   * target is linear in the features and the task loses its point.
   */
  readonly features?: number;
  /** Std of Gaussian noise added to targets; default 0 (then the task is fully deterministic). */
  readonly noiseStd?: number;
  /** Integer seed of the noise; default 0. */
  readonly seed?: number;
}

/**
 * Chebyshev regression data (layout 'flat'): x [n, m], y [n, 1].
 * @param options degree, points, lifted features, noise, seed.
 * @returns a Dataset without labels (regression). Caller disposes.
 * @example const data = makeChebyshevTask({ degree: 4, n: 20 }); // Cohen et al.'s chebyshev-4-20
 */
export function makeChebyshevTask(options: ChebyshevTaskOptions): Dataset {
  const { degree } = options;
  const n = options.n ?? 20;
  const m = options.features ?? 1;
  const noiseStd = options.noiseStd ?? 0;
  const seed = options.seed ?? 0;
  if (!Number.isInteger(degree) || degree < 0) throw new RangeError(`degree must be an integer ≥ 0, got ${degree}`);
  if (!Number.isInteger(n) || n < 2) throw new RangeError(`n must be an integer ≥ 2, got ${n}`);
  if (!Number.isInteger(m) || m < 1) throw new RangeError(`features must be a positive integer, got ${m}`);
  const rng = createRng(seed);
  const x = new Float32Array(n * m);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const t = -1 + (2 * i) / (n - 1);
    for (let j = 0; j < m; j++) x[i * m + j] = t ** (j + 1);
    y[i] = chebyshevT(degree, t) + (noiseStd > 0 ? noiseStd * rng.normal() : 0);
  }
  const description = {
    dataset: `chebyshev-${degree}-${n}`, degree, n, features: m,
    inputs: m === 1 ? 'x evenly spaced on [-1, 1]' : `[x, x^2, …, x^${m}], x evenly spaced on [-1, 1]`,
    target: `T_${degree}(x)`, noiseStd, seed, layout: 'flat',
  };
  return { x: tf.tensor2d(x, [n, m], 'float32'), y: tf.tensor2d(y, [n, 1], 'float32'), n, layout: 'flat', description };
}

/**
 * The Chebyshev polynomial of the first kind, by the three-term recurrence.
 * @param degree p ≥ 0.
 * @param x the argument (any real; on [-1, 1] the value equals cos(p·arccos x)).
 * @returns T_p(x).
 * @example chebyshevT(2, 0.5) // 2·0.25 − 1 = −0.5
 */
export function chebyshevT(degree: number, x: number): number {
  if (degree === 0) return 1;
  let previous = 1;
  let current = x;
  for (let k = 1; k < degree; k++) [previous, current] = [current, 2 * x * current - previous];
  return current;
}
