/**
 * The one place a figure's run config is assembled: the scale fixes data, model, steps and
 * sharpness schedule per architecture, a figure only picks the tuner and the batch size. So the
 * same (architecture, tuner, batch) asked for by two notebooks is the same config, hence the same
 * run-store folder, trained once.
 */
import { RunConfig } from '../train/run-config';
import { TunerConfig } from '../tuners/create-tuner';
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
  };
}

/** Shorthands for the tuners the figures use (presets as in src/tuners). */
export const tuners = {
  constant: (stepSize: number): TunerConfig => ({ kind: 'constant', stepSize }),
  armijo: (preset: 'optax' | 'sls' = 'optax'): TunerConfig => ({ kind: 'armijo', preset }),
  polyak: (etaMax = 1): TunerConfig => ({ kind: 'polyak', etaMax }),
  cdat: (sigma: number): TunerConfig => ({ kind: 'cdat', sigma }),
  oracle: (theta = 1): TunerConfig => ({ kind: 'oracle', theta }),
};
