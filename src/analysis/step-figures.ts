/**
 * The per-step panels of figure R1 (docs/claims.md): training loss, step size η_t, sharpness λ₁
 * (with dashed 2/η lines for the constant runs) and η_t·λ₁ (dashed line at 2), one line per run in
 * consistent colours, log axes where the paper's would be. η·λ₁ points above the panel's range are
 * marked at its top edge with their maximum (early catapults reach 10–100).
 */
import { ReferenceLine } from '../viz/layout';
import { line } from '../viz/table-plots';
import { PlotlyFigure } from '../viz/types';
import { RunLike, Row, lossKey, series } from './run-like';
import { seedBand, seedGroups } from './seed-groups';
import { runStyles } from './run-styles';
import { runsCaption, withCaption } from './runs-caption';

/** Which panel. */
export type StepMetric = 'loss' | 'step_size' | 'lambda_1' | 'eta_lambda' | 'grad_norm' | 'abs_x';

/** Options of {@link stepFigure}. */
export interface StepFigureOptions {
  /** Title above the panel (default: a description of the metric). */
  title?: string;
  /** Log x axis (default false; steps start at 0, which a log axis drops). */
  logX?: boolean;
  /** Log y axis (default: true except for η·λ). */
  logY?: boolean;
  /** x axis 'step' or 'epoch' (default 'step'). */
  x?: 'step' | 'epoch';
  /** Figure height in px of the interactive view. */
  height?: number;
  /** Top of the η·λ axis (default 5: early catapults reach 10–100 and would hide the edge). */
  etaLambdaMax?: number;
}

const TITLES: Record<StepMetric, [string, string]> = {
  loss: ['Training loss', 'training loss'],
  step_size: ['Step size', 'step size η'],
  lambda_1: ['Sharpness (dashed: 2/η of the constant runs)', 'sharpness λ₁'],
  eta_lambda: ['Step size × sharpness (dashed: edge of stability, 2)', 'η·λ₁'],
  grad_norm: ['Gradient norm', '‖∇f‖'],
  abs_x: ['Displacement along the top eigenvector (model)', '|x|'],
};

/**
 * Legend names without the " · "-separated parts every run shares (e.g. "mlp", "full batch"),
 * which go to the legend title instead.
 */
export function legendNames(runs: readonly RunLike[]): { names: Map<string, string>; common: string } {
  const parts = runs.map((r) => r.label.split(' · '));
  const common = runs.length > 1 ? parts[0].filter((p) => parts.every((q) => q.includes(p))) : [];
  const names = new Map(runs.map((r, i) => {
    const rest = parts[i].filter((p) => !common.includes(p));
    return [r.label, rest.length ? rest.join(' · ') : r.label];
  }));
  return { names, common: common.join(' · ') };
}

/** One row per shown run and recorded step of `metric`: a seed group's mean where it has one (the full-batch loss for mini-batch runs). */
function metricRows(runs: readonly RunLike[], metric: StepMetric, xKey: 'step' | 'epoch', means: ReadonlyMap<string, Band>): Record<string, unknown>[] {
  return runs.flatMap((run) => {
    const band = means.get(run.label);
    const s = band ? { x: band.x, y: band.mean } : series(run.records, metricKey(metric)(run.records));
    const epochs = xKey === 'epoch' ? series(run.records, 'epoch') : undefined;
    return s.x.map((step, i) => ({ run: run.label, [xKey]: epochs ? epochs.y[epochs.x.indexOf(step)] : step, value: s.y[i] }));
  });
}

type Band = ReturnType<typeof seedBand>;

const metricKey = (metric: StepMetric) => (records: readonly Row[]): string => (metric === 'loss' ? lossKey(records) : metric);

/** `rgba()` of a '#rrggbb' or 'rgb(…)' colour with the given opacity. */
function translucent(color: string, alpha: number): string {
  const hex = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(color);
  if (hex) return `rgba(${hex.slice(1).map((h) => parseInt(h, 16)).join(',')},${alpha})`;
  const rgb = /^rgb\(([^)]+)\)$/.exec(color);
  return rgb ? `rgba(${rgb[1]},${alpha})` : color;
}

/**
 * One per-step panel for a set of runs, drawn by `viz.line` from a table of (run, step, value).
 * Runs that differ only in their seed are drawn as their mean with a shaded min–max band.
 * @example viz.showFigure(stepFigure(runs, 'lambda_1'), { name: '01-edge-of-stability-sharpness' })
 */
export function stepFigure(allRuns: readonly RunLike[], metric: StepMetric, o: StepFigureOptions = {}): PlotlyFigure {
  const groups = seedGroups(allRuns);
  const runs = groups.map((g) => (g.runs.length === 1 ? g.runs[0] : { ...g.runs[0], label: `${g.label} · mean of ${g.runs.length} seeds` }));
  const means = new Map(groups.flatMap((g, i) => (g.runs.length > 1 ? [[runs[i].label, seedBand(g.runs, metricKey(metric))] as [string, Band]] : [])));
  const styles = runStyles(runs);
  const xKey = o.x ?? 'step';
  const { names, common } = legendNames(runs);
  const [title, yTitle] = TITLES[metric];
  const byRun = <T>(f: (r: RunLike) => T) => Object.fromEntries(runs.map((r) => [r.label, f(r)]));
  // Markers show where sparse measurements are (λ₁, η·λ₁, the periodic full loss); dense series are plain lines.
  const sparse = metric === 'lambda_1' || metric === 'eta_lambda' || (metric === 'loss' && runs.some((r) => lossKey(r.records) === 'full_loss'));
  const lines: ReferenceLine[] = metric === 'eta_lambda' ? [{ y: 2, label: 'η·λ = 2' }]
    : metric === 'lambda_1' ? runs.filter((r) => Number.isFinite(r.eta))
      .map((r) => ({ y: 2 / (r.eta as number), color: styles.get(r.label)!.color, label: `2/η = ${+(2 / (r.eta as number)).toPrecision(3)}` }))
      : [];
  const fig = line(metricRows(runs, metric, xKey, means), {
    x: xKey, y: 'value', color: 'run', title: withCaption(o.title ?? title, runsCaption(allRuns)), yTitle,
    logX: o.logX, logY: o.logY ?? metric !== 'eta_lambda',
    legendTitle: common || 'run', height: o.height ?? 420, mode: sparse ? 'auto' : 'lines',
    colors: byRun((r) => styles.get(r.label)!.color), dashes: byRun((r) => styles.get(r.label)!.dash), names: byRun((r) => names.get(r.label)!),
    referenceLines: lines, ...(metric === 'eta_lambda' && { yRange: [0, o.etaLambdaMax ?? 5] as const }),
  });
  for (const [label, band] of means) {
    const color = styles.get(label)!.color;
    const x = xKey === 'epoch' ? undefined : band.x;
    if (!x) continue; // bands on the epoch axis are left out (mean only)
    fig.data.push(
      { type: 'scatter', mode: 'lines', x, y: band.lo, line: { width: 0, color }, showlegend: false, hoverinfo: 'skip', legendgroup: label },
      { type: 'scatter', mode: 'lines', x, y: band.hi, line: { width: 0, color }, fill: 'tonexty', fillcolor: translucent(color, 0.18),
        name: `${names.get(label)}: seed range`, showlegend: false, hoverinfo: 'skip', legendgroup: label },
    );
  }
  // Invisible points at the 2/η levels: autorange ignores shapes, so a threshold above the data would be cut off.
  const x0 = fig.data.find((t) => (t.x as number[]).length)?.x as number[] | undefined;
  if (metric === 'lambda_1' && x0 && lines.length) {
    fig.data.push({ type: 'scatter', mode: 'markers', x: lines.map(() => x0[0]), y: lines.map((l) => l.y), marker: { opacity: 0 },
      showlegend: false, hoverinfo: 'skip' });
  }
  return fig;
}

/** The four R1 panels (loss, step size, sharpness, η·λ) for a set of runs. */
export function trainingFigures(runs: readonly RunLike[], o: Omit<StepFigureOptions, 'title' | 'logY'> = {}): Record<'loss' | 'stepSize' | 'sharpness' | 'etaLambda', PlotlyFigure> {
  return {
    loss: stepFigure(runs, 'loss', o),
    stepSize: stepFigure(runs, 'step_size', o),
    sharpness: stepFigure(runs, 'lambda_1', o),
    etaLambda: stepFigure(runs, 'eta_lambda', o),
  };
}
