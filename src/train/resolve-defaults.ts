/**
 * The run config's documented defaults (schema descriptions), filled in so that the resolved
 * config, which the run's identity hashes, says everything that decides the numbers. Defaults of
 * code constants that no config key names (solver iteration caps, synthetic task options) are
 * covered by the kit's numerics version instead (src/numerics-version.ts).
 */
import { DEFAULT_TOL } from '../curvature/eigen-result';
import type { ModelSpec } from '../model/model';
import type { DataConfig, SharpnessConfig } from './run-config';

/** Data: CIFAR-10 subset rule and normalisation; a synthetic task's seed (the run seed by default). */
export function resolveData(data: DataConfig, runSeed: number): DataConfig {
  if (data.source === 'synthetic') return { ...data, seed: data.seed ?? runSeed };
  const subset = data.subset ?? 'first';
  const { subsetSeed, ...rest } = data;
  return {
    ...rest, subset, normalize: data.normalize ?? 'train-stats',
    ...(subset === 'balanced' && { subsetSeed: subsetSeed ?? 0 }), // the seed only draws a balanced subset
  };
}

/** Conv nets: initialisation scheme, and ResNet's residual factor. */
export function resolveModel(model: ModelSpec): ModelSpec {
  if (model.arch === 'mlp') return model;
  return {
    ...model, init: model.init ?? 'torch-default',
    ...(model.arch === 'resnet34' && { residualScale: model.residualScale ?? 1 }),
  };
}

/** Sharpness: solver, k, tolerance, and the dense cadence near the edge (when measured at all). */
export function resolveSharpness(s: SharpnessConfig): SharpnessConfig {
  if (s.every === 0) return s;
  return { ...s, denseEvery: s.denseEvery ?? s.every, k: s.k ?? 1, method: s.method ?? 'lanczos', tol: s.tol ?? DEFAULT_TOL };
}
