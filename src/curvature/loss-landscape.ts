/**
 * The loss along directions in parameter space (usually the Hessian's top eigenvectors, from
 * `sharpness(…, { k: 2 }).vectors`): a 1-D curve L(w + αd) or a 2-D surface L(w + αd₁ + βd₂), each
 * point a full-data loss. Near α = 0 the curve along a unit eigenvector is L(w) + α gᵀd + ½λα².
 */
import { Params, axpy, disposeParams, paramCount, unflatten } from '../model/params';
import { Objective } from '../objective/objective';
import { objectiveValue } from '../objective/objective-value';
import { Dataset } from '../data/dataset';
import { yieldToEventLoop } from '../util/yield-to-event-loop';

/** One point of a curve or surface. */
export interface LandscapePoint {
  readonly alpha: number;
  /** The step along the second direction (0 on a 1-D curve). */
  readonly beta: number;
  readonly loss: number;
}

/** Options of {@link lossLandscape}. */
export interface LandscapeOptions {
  /** Steps along the second direction (2-D surface); needs two directions. */
  readonly betas?: readonly number[];
  /** Examples per chunk of each full-data loss. Default 1000. */
  readonly chunkSize?: number;
  readonly signal?: AbortSignal;
}

/**
 * @param directions one direction (curve) or two (surface), flat like `flatten64(params)`; used as
 *   given (Lanczos eigenvectors have unit norm).
 * @param alphas steps along the first direction.
 * @returns the points, alpha-major (for a surface: every beta for the first alpha, then the next).
 * @example const curve = await lossLandscape(obj, params, data, [top.vectors[0]], linspace(-0.1, 0.1, 41));
 */
export async function lossLandscape(
  obj: Objective, params: Params, data: Dataset, directions: readonly Float64Array[], alphas: readonly number[], options: LandscapeOptions = {},
): Promise<LandscapePoint[]> {
  const dim = paramCount(params);
  if (directions.length < 1 || directions.length > 2) throw new Error(`give one direction (a curve) or two (a surface), got ${directions.length}`);
  for (const d of directions) if (d.length !== dim) throw new Error(`a direction has ${d.length} entries; the parameters have ${dim}`);
  const betas = options.betas ?? [0];
  if (options.betas && directions.length !== 2) throw new Error('betas need a second direction');
  const [d1, d2] = directions.map((d) => unflatten(d, params));
  const out: LandscapePoint[] = [];
  try {
    for (const alpha of alphas) {
      for (const beta of betas) {
        options.signal?.throwIfAborted();
        await yieldToEventLoop();
        const along = axpy(alpha, d1, params);
        const point = d2 !== undefined && beta !== 0 ? axpy(beta, d2, along) : along;
        out.push({ alpha, beta, loss: objectiveValue(obj, point, data, options.chunkSize ?? 1000) });
        if (point !== along) disposeParams(point);
        disposeParams(along);
      }
    }
  } finally {
    disposeParams(d1);
    if (d2 !== undefined) disposeParams(d2);
  }
  return out;
}
