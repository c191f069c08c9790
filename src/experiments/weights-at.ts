/**
 * The weights of a run at a given step, for analyses that need the network itself (spectra, loss
 * landscapes), not only its records. The committed run store keeps records, not checkpoints, so
 * these runs are trained in a git-ignored store of their own (`scratch/runs/weights/`, checkpoints
 * kept). Their λ₁ measurements are off, except for the oracle tuner, whose steps use them (its
 * warm starts come from the scheduled measurements); so the weights are the same bytes as the
 * figure run's at that step.
 */
import * as fs from 'fs';
import * as path from 'path';
import { resolveRunConfig, RunConfig } from '../train/run-config';
import { runExperiment } from '../train/run-experiment';
import { buildExperiment, Experiment } from '../train/experiment';
import { loadCheckpoint } from '../checkpoint/load-checkpoint';
import { disposeParams, Params } from '../model/params';
import { projectRoot } from '../util/project-root';
import { initBackend } from '../backend/select-backend';

/** The weights after `steps` updates of a config, with the objective and data to evaluate them on. */
export interface WeightsAt {
  readonly step: number;
  readonly params: Params;
  readonly experiment: Experiment;
  /** Frees the weights and the data. */
  dispose(): void;
}

/** The default store of weight runs: `<project>/scratch/runs/weights`. */
export function weightsRoot(): string {
  return path.join(projectRoot(), 'scratch', 'runs', 'weights');
}

/**
 * @param config a run config (its `steps` is replaced by `step`).
 * @param step updates to train (0: the initialisation, no run).
 * @param options root: the store (default {@link weightsRoot}); signal: stops training cleanly.
 * @throws when the run diverged or was interrupted before `step`.
 * @example const w = await weightsAt(figureConfig(scale, 'mlp', tuners.polyak(1)), 100);
 *   const h = hessianOperator(w.experiment.objective, w.params, w.experiment.measure); await spectralDensity(h); h.dispose(); w.dispose();
 */
export async function weightsAt(config: RunConfig, step: number, options: { root?: string; signal?: AbortSignal } = {}): Promise<WeightsAt> {
  if (!(Number.isInteger(step) && step >= 0)) throw new Error(`step must be an integer ≥ 0, got ${step}`);
  const measuresItself = config.tuner.kind === 'oracle'; // the only tuner whose trajectory reads λ₁
  const resolved = resolveRunConfig({ ...config, steps: Math.max(step, 1), ...(!measuresItself && { sharpness: { every: 0 } }) });
  await initBackend(); // the compute path the run store and every HVP on these weights use (never TF.js's default)
  const experiment = await buildExperiment(resolved);
  try {
    let params: Params;
    if (step === 0) {
      params = experiment.model.init(resolved.seed);
    } else {
      const root = options.root ?? weightsRoot();
      let run = await runExperiment(resolved, { root, signal: options.signal });
      if (run.status !== 'finished') throw new Error(`${run.dir}: the run ${run.status} before step ${step}; no weights there`);
      if (!fs.existsSync(path.join(run.dir, 'checkpoint'))) {
        // A store without checkpoints (records copied or committed): train again, to the same bytes.
        run = await runExperiment(resolved, { root, restart: true, signal: options.signal });
      }
      const like = experiment.model.init(resolved.seed);
      try {
        params = (await loadCheckpoint(path.join(run.dir, 'checkpoint'), { like })).params;
      } finally {
        disposeParams(like);
      }
    }
    return { step, params, experiment, dispose: () => { disposeParams(params); experiment.dispose(); } };
  } catch (err) {
    experiment.dispose();
    throw err;
  }
}
