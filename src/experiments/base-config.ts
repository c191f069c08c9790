/**
 * The one place a figure's run config is assembled: the scale fixes data, model, steps and
 * sharpness schedule per architecture, a figure only picks the tuner and the batch size. So the
 * same (architecture, tuner, batch) asked for by two notebooks is the same config, hence the same
 * run-store folder, trained once.
 */
import { RunConfig } from '../train/run-config';
import { TunerConfig } from '../tuners/create-tuner';
import type { ArmijoConfig, CdatConfig, OracleConfig, PolyakConfig } from '../config/tuner-config-schema';
import { Arch, ExperimentScale } from './scale';

/** The seed of every figure run; claim runs repeat some settings with the scale's other seeds. */
export const FIGURE_SEED = 0;

/**
 * A figure run: CIFAR-10 (first n images, train-set standardisation), squared loss, no weight decay.
 * @param scale the preset (see `experimentScale`).
 * @param arch which architecture's sizes to use.
 * @param tuner the step-size rule.
 * @param batchSize examples per update, or 'full' (default).
 * @param seed initialisation (and batch order) seed, default FIGURE_SEED.
 * @example figureConfig(experimentScale('smoke'), 'mlp', { kind: 'polyak', etaMax: 1 })
 */
export function figureConfig(scale: ExperimentScale, arch: Arch, tuner: TunerConfig, batchSize: number | 'full' = 'full', seed = FIGURE_SEED): RunConfig {
  const a = scale.arch[arch];
  const full = batchSize === 'full' || batchSize >= a.n;
  return {
    seed,
    data: { source: 'cifar10', n: a.n, subset: 'first', normalize: 'train-stats' },
    model: a.model,
    loss: 'mse',
    weightDecay: 0,
    tuner,
    steps: a.steps,
    batchSize: full ? 'full' : batchSize,
    sharpness: a.sharpness,
    checkpointEvery: a.checkpointEvery,
    ...(a.chunkSize !== undefined && { chunkSize: a.chunkSize }),
  };
}

/** Every option of a tuner but its kind and the shorthand's positional one. */
type Rest<T, K extends keyof T> = Partial<Omit<T, 'kind' | K>>;

/**
 * Shorthands for tuner configs (presets as in src/tuners); the last argument takes any other option.
 * @example tuners.polyak(1, { c: 0.5 }) // { kind: 'polyak', etaMax: 1, c: 0.5 }
 * @example tuners.armijo('optax', { c: 0.3 }) // Armijo with a larger sufficient-decrease constant
 */
export const tuners = {
  constant: (stepSize: number): TunerConfig => ({ kind: 'constant', stepSize }),
  armijo: (preset: 'optax' | 'sls' = 'optax', options: Rest<ArmijoConfig, 'preset'> = {}): TunerConfig => ({ kind: 'armijo', preset, ...options }),
  polyak: (etaMax = 1, options: Rest<PolyakConfig, 'etaMax'> = {}): TunerConfig => ({ kind: 'polyak', etaMax, ...options }),
  cdat: (sigma: number, options: Rest<CdatConfig, 'sigma'> = {}): TunerConfig => ({ kind: 'cdat', sigma, ...options }),
  oracle: (theta = 1, options: Rest<OracleConfig, 'theta'> = {}): TunerConfig => ({ kind: 'oracle', theta, ...options }),
};
