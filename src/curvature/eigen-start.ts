/**
 * Start vectors for the iterative eigen-solvers: a seeded random vector (cold start), or previous
 * eigenvectors plus a small seeded random perturbation (warm start). The perturbation gives every
 * eigen-direction a non-zero component, so a start that is an exact eigenvector (an invariant
 * subspace) cannot trap the solver and a newly risen eigenvalue can be found. Its entries are
 * uniform rather than Gaussian: any continuous distribution has that property, and drawing 10⁶
 * Gaussians took ~50 ms per solve, as long as an HVP.
 */
import { Rng } from '../util/rng';
import { axpy, dot, norm, normalize, scale, uniformVector } from '../linalg/vector';

/**
 * A unit start vector: normalize(Σᵢ startsᵢ/‖startsᵢ‖) + noise·g/‖g‖, renormalised, gᵢ ~ U[−1, 1).
 * Equal weights give each previous eigenvector the same share, so Lanczos re-finds all k quickly.
 * @param dim dimension
 * @param starts previous eigenvectors (may be empty: then a pure random unit vector)
 * @param noise relative weight of the random part (e.g. 1e-2); ignored for a cold start
 * @param rng seeded generator for g
 * @returns fresh unit vector
 * @example warmStart(3, [Float64Array.of(1, 0, 0)], 1e-2, createRng(0));
 */
export function warmStart(dim: number, starts: readonly Float64Array[], noise: number, rng: Rng): Float64Array {
  const g = uniformVector(dim, rng);
  normalize(g);
  const v = new Float64Array(dim);
  for (const s of starts) {
    const n = norm(s);
    if (n > 0) axpy(1 / n, s, v);
  }
  // Cold start, or starts that cancel (e.g. u and −u): fall back to the random vector.
  if (normalize(v) === 0) return g;
  axpy(noise, g, v);
  normalize(v);
  return v;
}

/**
 * Flips `vectors[i]` in place when it points away from `starts[i]`, so tracked eigenvectors keep
 * a consistent sign from one solve to the next.
 * @param vectors unit eigenvector estimates (modified in place)
 * @param starts the warm-start vectors, by index (extra or missing entries are ignored)
 * @returns nothing
 * @example alignSigns(result.vectors, previousVectors);
 */
export function alignSigns(vectors: Float64Array[], starts: readonly Float64Array[]): void {
  for (let i = 0; i < Math.min(vectors.length, starts.length); i++) {
    if (dot(vectors[i], starts[i]) < 0) scale(-1, vectors[i]);
  }
}
