/**
 * What the analysis needs to know about a run: its records plus a few tags. `experiments.runAll`
 * returns exactly this (and more); records read straight from the store work too.
 */

import type { RunConfig } from '../train/run-config';
import { COLUMNS } from '../train/step-record';

/** One step's record (see `trainLoop`): step, loss, step_size, lambda_1, eta_lambda, hvps, … */
export type Row = Record<string, unknown>;

/** A run as the analysis sees it. Select runs by `config` (run-select.ts); the text fields are for display. */
export interface RunLike {
  /** The run's config, when known: what selections read (`hasTuner(r, 'polyak', { etaMax: 1 })`). */
  readonly config?: RunConfig;
  /** Readable label, used as the legend entry and table key. */
  readonly label: string;
  /** Method key (colours): constant, armijo-optax, armijo-sls, polyak, cdat-1, cdat-2, oracle. */
  readonly method: string;
  /** Constant step size η (NaN for tuners): drives the 2/η reference lines. */
  readonly eta?: number;
  /** Architecture (mlp, vgg11, resnet34). */
  readonly arch?: string;
  /** 'full' or examples per update. */
  readonly batch?: number | 'full';
  /** The method's parameter as text, e.g. "γmax=1". */
  readonly setting?: string;
  /** Final run state (finished, diverged, aborted, …). */
  readonly status?: string;
  readonly records: readonly Row[];
}

/** A finite number from a record field, else NaN. */
export function num(row: Row, key: string): number {
  const v = row[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : NaN;
}

/**
 * The training-loss field of a run: 'full_loss' (full-batch loss, recorded periodically) in
 * mini-batch runs, 'loss' in full-batch runs (where it is the full-batch loss at every step).
 */
export function lossKey(records: readonly Row[]): typeof COLUMNS.loss | typeof COLUMNS.fullLoss {
  return records.some((r) => typeof r[COLUMNS.fullLoss] === 'number') ? COLUMNS.fullLoss : COLUMNS.loss;
}

/** (step, value) pairs of the rows where `key` is a finite number. */
export function series(records: readonly Row[], key: string): { x: number[]; y: number[] } {
  const x: number[] = [];
  const y: number[] = [];
  for (const r of records) {
    const v = num(r, key);
    if (!Number.isNaN(v)) {
      x.push(num(r, 'step'));
      y.push(v);
    }
  }
  return { x, y };
}
