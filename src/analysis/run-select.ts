/**
 * Selecting runs by what they ARE (their config), never by their display labels: a renamed
 * label must not silently turn a claim into n/a. Every accessor reads the resolved config, so a
 * default (Polyak's γ_max = 1, Armijo's preset) counts as the value it stands for.
 */
import type { TunerConfig } from '../config/tuner-config-schema';
import { RunConfig, resolveRunConfig } from '../train/run-config';
import type { RunLike } from './run-like';

/** A run whose config is known (all runs from `runAll`, `storedRuns` and `runExperiment`). */
export interface ConfiguredRun extends RunLike {
  readonly config: RunConfig;
}

const resolved = new WeakMap<RunConfig, Required<RunConfig>>();

/** The run's config with every default filled in (cached per config object). */
export function resolvedConfig(run: ConfiguredRun): Required<RunConfig> {
  let r = resolved.get(run.config);
  if (r === undefined) {
    r = resolveRunConfig(run.config);
    resolved.set(run.config, r);
  }
  return r;
}

/** The resolved tuner config, e.g. `tunerOf(r).kind === 'polyak' && tunerOf(r).etaMax === 1`. */
export function tunerOf(run: ConfiguredRun): TunerConfig {
  return resolvedConfig(run).tuner;
}

/** Architecture: 'mlp' | 'vgg11' | 'resnet34'. */
export const archOf = (run: ConfiguredRun): string => run.config.model.arch;
/** Seed of the initialisation (and batches). */
export const seedOf = (run: ConfiguredRun): number => run.config.seed;
/** Examples per update, Infinity for full batch (a batch as large as the data is full batch). */
export function batchOf(run: ConfiguredRun): number {
  const b = run.config.batchSize;
  return b === undefined || b === 'full' || b >= run.config.data.n ? Infinity : b;
}
/** True for full-batch (deterministic) runs. */
export const isFullBatch = (run: ConfiguredRun): boolean => batchOf(run) === Infinity;
/** The constant step size, NaN for runs with a tuner. */
export function constantStep(run: ConfiguredRun): number {
  const t = tunerOf(run);
  return t.kind === 'constant' ? t.stepSize : NaN;
}
/** True for a run with the tuner `kind` (and, when given, every listed option equal). */
export function hasTuner(run: ConfiguredRun, kind: TunerConfig['kind'], options: Readonly<Record<string, unknown>> = {}): boolean {
  const t = tunerOf(run) as unknown as Record<string, unknown>;
  return t.kind === kind && Object.entries(options).every(([k, v]) => t[k] === v);
}
