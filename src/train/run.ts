/**
 * A run: its config, where it is stored, how it ended and its records. `runExperiment` returns
 * one (with how it was obtained), and the experiments layer adds a display description
 * (`StoredRun`); the analysis reads any object with records and a config. Select runs by their
 * config, e.g. `runs.filter((r) => r.config.tuner.kind === 'polyak')`; labels are for display.
 */
import type { RunState } from '../store/run-status';
import type { RunConfig } from './run-config';
import type { StepRecord } from './step-record';

export interface Run {
  /** The config as given (resolve it with `resolveRunConfig` to see every default). */
  readonly config: RunConfig;
  /** The run store folder name (16 hex digits of the run identity's hash) and the folder. */
  readonly hash: string;
  readonly dir: string;
  /** finished | diverged (complete) or aborted | failed | running (resumable). */
  readonly status: RunState;
  /** One record per step, in order (`aq.from(run.records)` makes a table). */
  readonly records: readonly StepRecord[];
}
