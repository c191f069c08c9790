/**
 * A run is fully described by one JSON object: with the backend and library versions added, it
 * hashes to the run's folder in the run store. Defaults live here, in one place.
 */
import { ModelSpec } from '../model/model';
import { TunerConfig } from '../tuners/create-tuner';

export interface Cifar10DataConfig {
  readonly source: 'cifar10';
  /** Training examples used (the full-batch objective is over exactly these). */
  readonly n: number;
  /** 'first' n records (Cohen et al.) or 'balanced' n/10 per class. Default 'first'. */
  readonly subset?: 'first' | 'balanced';
  readonly subsetSeed?: number;
  /** Per-channel standardisation statistics. Default 'train-stats' (all 50000 training images). */
  readonly normalize?: 'train-stats' | 'subset-stats' | 'none';
}

export interface SyntheticDataConfig {
  readonly source: 'synthetic';
  readonly task: 'teacher' | 'chebyshev';
  readonly n: number;
  /** Task-specific options (input dimension, degree, …), passed through. */
  readonly options?: Readonly<Record<string, number | string | boolean>>;
  /** Seed of the data (default: the run seed). */
  readonly seed?: number;
}

export type DataConfig = Cifar10DataConfig | SyntheticDataConfig;

export interface SharpnessConfig {
  /** Measure every `every` updates (0 turns sharpness off). */
  readonly every: number;
  /** Measure every `denseEvery` updates while the last η·λ₁ was within [1.5, 2.5]. Default = every. */
  readonly denseEvery?: number;
  /** Top-k eigenvalues. Default 1. */
  readonly k?: number;
  readonly method?: 'lanczos' | 'power';
  /** Relative residual tolerance. Default 1e-3. */
  readonly tol?: number;
  readonly maxIter?: number;
  /** Measurement set: the first `measureSize` training examples (default: all of them). */
  readonly measureSize?: number;
}

export interface RunConfig {
  readonly seed: number;
  readonly data: DataConfig;
  readonly model: ModelSpec;
  /** 'mse' = (1/2n) Σ ‖f(x) − y‖²; 'cross-entropy' = softmax cross-entropy. */
  readonly loss: 'mse' | 'cross-entropy';
  readonly weightDecay: number;
  readonly tuner: TunerConfig;
  /** Number of updates. */
  readonly steps: number;
  /** Examples per update, or 'full' (deterministic). Default 'full'. */
  readonly batchSize?: number | 'full';
  /** Whether the tuner's loss/trials use the update's batch ('same', SLS/SPS style) or an independent one. */
  readonly tunerBatch?: 'same' | 'independent';
  readonly sharpness: SharpnessConfig;
  /** The run ends as `diverged` when the loss is not finite or exceeds this. Default 1e6. */
  readonly lossBound?: number;
  /** Checkpoint every this many updates (and at the end). Default 50. */
  readonly checkpointEvery?: number;
  /** Examples per chunk for full-batch passes. Default 1000. */
  readonly chunkSize?: number;
  /** Record the full-batch training loss every this many updates in mini-batch mode. Default: sharpness.every. */
  readonly fullLossEvery?: number;
}

/** Checks ranges and fills defaults; throws one clear message per problem. */
export function resolveRunConfig(c: RunConfig): Required<RunConfig> {
  const fail = (m: string): never => { throw new Error(`run config: ${m}`); };
  if (!Number.isInteger(c.seed)) fail(`seed must be an integer, got ${c.seed}`);
  if (!(Number.isInteger(c.steps) && c.steps >= 0)) fail(`steps must be an integer ≥ 0, got ${c.steps}`);
  if (!(c.weightDecay >= 0)) fail(`weightDecay must be ≥ 0, got ${c.weightDecay}`);
  if (c.loss !== 'mse' && c.loss !== 'cross-entropy') fail(`loss must be 'mse' or 'cross-entropy', got ${c.loss}`);
  if (!(Number.isInteger(c.sharpness.every) && c.sharpness.every >= 0)) fail('sharpness.every must be an integer ≥ 0');
  const sharpness = c.sharpness.every === 0 ? c.sharpness : { ...c.sharpness, denseEvery: c.sharpness.denseEvery ?? c.sharpness.every };
  return {
    ...c,
    sharpness,
    batchSize: c.batchSize ?? 'full',
    tunerBatch: c.tunerBatch ?? 'same',
    lossBound: c.lossBound ?? 1e6,
    checkpointEvery: c.checkpointEvery ?? 50,
    chunkSize: c.chunkSize ?? 1000,
    fullLossEvery: c.fullLossEvery ?? (c.sharpness.every || 50),
  };
}
