/**
 * The run config's JSON Schema (TypeBox): the one definition of what a run config may contain, from
 * which its TypeScript type (src/train/run-config.ts), its validation (validate-run-config.ts) and
 * the published docs/run-config.schema.json (`npm run schema`) all come. Defaults are stated in the
 * descriptions and filled by resolveRunConfig.
 */
import { Static, Type } from '@sinclair/typebox';
import { ModelSpecSchema } from './model-spec-schema';
import { TunerConfigSchema } from './tuner-config-schema';
import { NonNegative, NonNegativeInt, oneOf, Positive, PositiveInt } from './schema-types';

export const Cifar10DataSchema = Type.Object({
  source: Type.Literal('cifar10'),
  n: PositiveInt('training examples used (the full-batch objective is over exactly these)'),
  subset: Type.Optional(oneOf(['first', 'balanced'] as const, "'first' n records (default) or 'balanced' n/10 per class")),
  subsetSeed: Type.Optional(Type.Integer({ description: "seed of the 'balanced' draw (default 0)" })),
  normalize: Type.Optional(oneOf(['train-stats', 'subset-stats', 'none'] as const, "per-channel standardisation statistics (default 'train-stats': all 50000 training images)")),
}, { additionalProperties: false, description: 'CIFAR-10 training images' });

export const SyntheticDataSchema = Type.Object({
  source: Type.Literal('synthetic'),
  task: oneOf(['teacher', 'chebyshev'] as const, 'the synthetic task'),
  n: PositiveInt('examples'),
  options: Type.Optional(Type.Record(Type.String(), Type.Union([Type.Number(), Type.String(), Type.Boolean()]), { description: 'task options (input dimension, degree, …)' })),
  seed: Type.Optional(Type.Integer({ description: 'seed of the data (default: the run seed)' })),
}, { additionalProperties: false, description: 'a synthetic regression task' });

export const DataConfigSchema = Type.Union([Cifar10DataSchema, SyntheticDataSchema], { description: 'the training data, chosen by source' });

export const SharpnessConfigSchema = Type.Object({
  every: NonNegativeInt('measure λ₁ every this many updates (0: never)'),
  denseEvery: Type.Optional(PositiveInt('every this many updates while the last η·λ₁ was in [1.5, 2.5] (default: every)')),
  k: Type.Optional(PositiveInt('top-k eigenvalues (default 1)')),
  method: Type.Optional(oneOf(['lanczos', 'power'] as const, "eigen-solver (default 'lanczos')")),
  tol: Type.Optional(Positive('relative residual tolerance (default 1e-3)')),
  maxIter: Type.Optional(PositiveInt('iterations (HVPs) at most per measurement')),
  measureSize: Type.Optional(PositiveInt('measure on the first this many training examples (default: all)')),
}, { additionalProperties: false, description: 'when and how the sharpness λ₁ is measured' });

export const RunConfigSchema = Type.Object({
  seed: Type.Integer({ description: 'seed of the initialisation, the batches and the eigen-solver starts' }),
  data: DataConfigSchema,
  model: ModelSpecSchema,
  loss: oneOf(['mse', 'cross-entropy'] as const, "'mse' = (1/2n) Σ ‖f(x) − y‖²; 'cross-entropy' = softmax cross-entropy"),
  weightDecay: NonNegative('L2 penalty (wd/2)‖w‖²'),
  tuner: TunerConfigSchema,
  steps: NonNegativeInt('number of updates'),
  batchSize: Type.Optional(Type.Union([PositiveInt('examples per update (≤ data.n)'), Type.Literal('full')], { description: "examples per update, or 'full' (default)" })),
  tunerBatch: Type.Optional(oneOf(['same', 'independent'] as const, "whether the tuner sees the update's batch ('same', default) or an independent one")),
  sharpness: SharpnessConfigSchema,
  lossBound: Type.Optional(Positive('the run ends as diverged when the loss exceeds this or is not finite (default 1e6)')),
  checkpointEvery: Type.Optional(PositiveInt('checkpoint every this many updates, and at the end (default 50)')),
  chunkSize: Type.Optional(PositiveInt('examples per chunk of full-batch passes (default 1000)')),
  fullLossEvery: Type.Optional(PositiveInt('record the full-batch loss every this many updates in mini-batch mode (default: sharpness.every, else 50)')),
}, {
  additionalProperties: false,
  title: 'sharpness-lab run config',
  description: 'One training run: `npx sharpness-lab run --config FILE.json` or runExperiment(config).',
});

export type RunConfigInput = Static<typeof RunConfigSchema>;
export type DataConfigInput = Static<typeof DataConfigSchema>;
export type SharpnessConfigInput = Static<typeof SharpnessConfigSchema>;
