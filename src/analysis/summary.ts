/**
 * One summary row per run for Arquero tables: how far the loss went, how the step size sat against
 * the sharpness (η·λ) late in the run, whether it diverged and what the curvature measurements cost.
 */
import { lateSlope } from './log-log-slope';
import { COLUMNS } from '../train/step-record';
import { Row, RunLike, lossKey, num, series } from './run-like';

/** A run's summary (NaN = not measured / not reached). */
export interface RunSummary {
  readonly run: string;
  readonly method: string;
  readonly arch: string;
  readonly batch: number | 'full';
  readonly setting: string;
  /** The constant step size η (NaN for tuners): from the config, for grids and axes. */
  readonly eta: number;
  readonly status: string;
  /** Last step recorded. */
  readonly steps: number;
  /** Training loss at the last record (full-batch loss in mini-batch runs); Infinity if diverged. */
  readonly final_loss: number;
  /** Lowest training loss recorded. */
  readonly best_loss: number;
  /** First step with training loss ≤ the target. */
  readonly steps_to_target: number;
  /** Median of η·λ₁ over the measurements in the last half of the steps. */
  readonly median_eta_lambda: number;
  /** Fraction of those measurements with η·λ₁ > 2. */
  readonly frac_above_2: number;
  /** Median of η·ρ over the same measurements, ρ the curvature along the step taken (what Armijo bounds by 2(1 − c)). */
  readonly median_eta_rho: number;
  /** Last measured λ₁. */
  readonly final_lambda: number;
  /** Slope of log λ₁ against log step over the last half (≈ 0: plateau, 0.5: λ ∝ √t). */
  readonly lambda_slope: number;
  readonly diverged: boolean;
  /** Hessian-vector products: sharpness measurements plus one per CDAT step. */
  readonly total_hvps: number;
}

/** Median of finite values (NaN when none). */
export function median(values: readonly number[]): number {
  const v = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (v.length === 0) return NaN;
  const m = v.length >> 1;
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}

function lateValues(records: readonly Row[], key: string): number[] {
  const { x, y } = series(records, key);
  const last = records.length ? num(records[records.length - 1], 'step') : 0;
  return y.filter((_, i) => x[i] >= last / 2);
}

function totalHvps(records: readonly Row[]): number {
  return records.reduce((s, r) => s + (num(r, COLUMNS.hvps) || 0) + (typeof r.cdat_gHg === 'number' ? 1 : 0), 0);
}

/**
 * Summarises one run.
 * @param lossTarget loss level for `steps_to_target` (default 0.1).
 * @example summarizeRun(run, { lossTarget: 0.1 }).median_eta_lambda
 */
export function summarizeRun(run: RunLike, options: { lossTarget?: number } = {}): RunSummary {
  const rec = run.records;
  const target = options.lossTarget ?? 0.1;
  const loss = series(rec, lossKey(rec));
  const lastLoss = rec.length ? num(rec[rec.length - 1], 'loss') : NaN;
  const diverged = run.status !== undefined ? run.status === 'diverged' : rec.length > 0 && Number.isNaN(lastLoss);
  const hit = loss.y.findIndex((v) => v <= target);
  const etaLambda = lateValues(rec, COLUMNS.etaLambda);
  const lambdas = series(rec, COLUMNS.lambda1).y;
  return {
    run: run.label, method: run.method, arch: run.arch ?? '', batch: run.batch ?? 'full',
    setting: run.setting ?? '', eta: run.eta ?? NaN, status: run.status ?? (diverged ? 'diverged' : 'finished'),
    steps: rec.length ? num(rec[rec.length - 1], 'step') : 0,
    final_loss: diverged ? Infinity : loss.y.length ? loss.y[loss.y.length - 1] : NaN,
    best_loss: loss.y.length ? Math.min(...loss.y) : NaN,
    steps_to_target: hit < 0 ? NaN : loss.x[hit],
    median_eta_lambda: median(etaLambda),
    frac_above_2: etaLambda.length ? etaLambda.filter((v) => v > 2).length / etaLambda.length : NaN,
    median_eta_rho: median(lateValues(rec, COLUMNS.etaStepCurvature)),
    final_lambda: lambdas.length ? lambdas[lambdas.length - 1] : NaN,
    lambda_slope: lateSlope(rec, COLUMNS.lambda1),
    diverged,
    total_hvps: totalHvps(rec),
  };
}

/**
 * Summary rows of several runs, ready for `aq.from(rows)` and `viz.showTable`.
 * @example viz.showTable(aq.from(summaryRows(runs)).orderby('final_loss'))
 */
export function summaryRows(runs: readonly RunLike[], options: { lossTarget?: number } = {}): RunSummary[] {
  return runs.map((r) => summarizeRun(r, options));
}

/**
 * The best constant step size of a set of summaries: the lowest final loss among constant runs
 * (those with a step size η) that did not diverge (undefined when there is none).
 * @example bestConstant(summaryRows(runs))?.eta // 0.1
 */
export function bestConstant(rows: readonly RunSummary[]): RunSummary | undefined {
  return rows.filter((r) => Number.isFinite(r.eta) && !r.diverged && Number.isFinite(r.final_loss))
    .reduce<RunSummary | undefined>((best, r) => (best === undefined || r.final_loss < best.final_loss ? r : best), undefined);
}

/** The summary columns the notebooks show, in reading order. */
export const SUMMARY_COLUMNS: readonly (keyof RunSummary)[] = [
  'run', 'status', 'final_loss', 'best_loss', 'steps_to_target', 'median_eta_lambda', 'frac_above_2', 'median_eta_rho',
  'final_lambda', 'lambda_slope', 'total_hvps',
];
