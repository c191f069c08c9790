/**
 * Data first: every record of several runs as ONE tidy Arquero table, one row per run and step,
 * with the run's metadata as columns, so a notebook can derive, group, aggregate and plot in cells
 * (`table.derive(…).groupby('tuner').rollup(…)`) without touching src/.
 */
import * as aq from 'arquero';
import type { ColumnTable } from 'arquero';
import { resolvedConfig, batchOf, ConfiguredRun } from './run-select';

/** What {@link recordsTable} needs of a run: config, label, status and records (every run `runAll` and `storedRuns` return). */
export interface TabulatedRun extends ConfiguredRun {
  /** The run store folder name, when the run came from the store. */
  readonly hash?: string;
}

/** Options of {@link recordsTable}. */
export interface RecordsTableOptions {
  /** A scale name for the `scale` column (e.g. `notebook.scaleFromEnv()`); the config does not know it. */
  readonly scale?: string;
}

/**
 * Metadata columns: run (hash), label, status, arch, width, activation, n (examples), subset,
 * batch ('full' or a number), seed, objective ('mse' | 'cross-entropy'; `loss` is the record's value), tuner (kind, plus '-preset' for Armijo), and every
 * option of the resolved tuner as `tuner_<option>` (tuner_stepSize, tuner_etaMax, tuner_c, …);
 * then the record columns (step, loss, step_size, lambda_1, eta_lambda, …; absent values null).
 * @example const t = recordsTable(runs).filter((d) => d.tuner === 'polyak').derive({ two_over_eta: (d) => 2 / d.step_size });
 */
export function recordsTable(runs: readonly TabulatedRun[], options: RecordsTableOptions = {}): ColumnTable {
  const rows: Record<string, unknown>[] = [];
  const recordKeys = new Set<string>();
  for (const run of runs) for (const r of run.records) for (const k of Object.keys(r)) recordKeys.add(k);
  const tunerKeys = new Set<string>();
  const metas = runs.map((run) => {
    const meta = runMetadata(run, options.scale);
    for (const k of Object.keys(meta)) if (k.startsWith('tuner_')) tunerKeys.add(k);
    return meta;
  });
  runs.forEach((run, i) => {
    const meta = metas[i];
    const base: Record<string, unknown> = {};
    for (const k of Object.keys(meta)) if (!k.startsWith('tuner_')) base[k] = meta[k];
    for (const k of tunerKeys) base[k] = meta[k] ?? null; // every row has every column
    for (const r of run.records) {
      const row: Record<string, unknown> = { ...base };
      for (const k of recordKeys) row[k] = (r as unknown as Record<string, unknown>)[k] ?? null;
      rows.push(row);
    }
  });
  return aq.from(rows);
}

/** One run's metadata columns (see {@link recordsTable}). */
export function runMetadata(run: TabulatedRun, scale?: string): Record<string, unknown> {
  const c = resolvedConfig(run);
  const model = c.model as unknown as Record<string, unknown>;
  const tuner = c.tuner as unknown as Record<string, unknown>;
  const meta: Record<string, unknown> = {
    run: run.hash ?? null, label: run.label, status: run.status ?? null, scale: scale ?? null,
    arch: c.model.arch,
    width: model.widthMultiplier ?? (Array.isArray(model.hidden) ? (model.hidden as number[])[0] : null),
    activation: model.activation ?? null,
    n: c.data.n, subset: (c.data as unknown as Record<string, unknown>).subset ?? null,
    batch: batchOf(run) === Infinity ? 'full' : batchOf(run), seed: c.seed, objective: c.loss,
    tuner: tuner.kind === 'armijo' && typeof tuner.preset === 'string' ? `armijo-${tuner.preset}` : tuner.kind,
  };
  for (const [k, v] of Object.entries(tuner)) if (k !== 'kind' && k !== 'preset') meta[`tuner_${k}`] = v;
  return meta;
}
