/**
 * Figure R3/R4 summary: a final quantity (training loss, sharpness, median η·λ) against the batch
 * size, one line per method; 'full' is drawn at n (the training-set size). Tests C5/C6.
 */
import { methodColor } from '../viz/colors';
import { line } from '../viz/table-plots';
import { withCaption } from './runs-caption';
import { PlotlyFigure } from '../viz/types';
import { RunSummary } from './summary';

/** The summary column to plot against the batch size. */
export type SweepMetric = 'final_loss' | 'final_lambda' | 'median_eta_lambda';

const Y_TITLES: Record<SweepMetric, string> = {
  final_loss: 'final training loss (full batch)', final_lambda: 'final sharpness λ₁', median_eta_lambda: 'median η·λ₁ (last half)',
};

/**
 * @param rows summaries of the sweep's runs.
 * @param n training-set size (where 'full' is placed on the x axis).
 * @example batchSweepFigure(summaryRows(runs), 256, 'final_loss')
 */
export function batchSweepFigure(rows: readonly RunSummary[], n: number, metric: SweepMetric = 'final_loss', o: { title?: string; caption?: string } = {}): PlotlyFigure {
  const methods = [...new Set(rows.map((r) => r.method))];
  // One row per run: the method (with its setting) against the batch size ('full' at n).
  const name = (m: string) => m + (rows.find((r) => r.method === m)?.setting ? ` ${rows.find((r) => r.method === m)!.setting}` : '');
  const table = rows.map((r) => ({
    method: r.method, batch: r.batch === 'full' ? n : r.batch,
    value: r.diverged && metric === 'final_loss' ? null : r[metric],
  })).sort((a, b) => a.batch - b.batch);
  const fig = line(table, {
    x: 'batch', y: 'value', color: 'method', mode: 'lines+markers', logX: true, logY: metric !== 'median_eta_lambda',
    title: withCaption(o.title ?? `${Y_TITLES[metric]} vs batch size`, o.caption ?? ''), xTitle: `batch size (full = ${n})`, yTitle: Y_TITLES[metric], legendTitle: 'method',
    colors: Object.fromEntries(methods.map((m) => [m, methodColor(m)])), names: Object.fromEntries(methods.map((m) => [m, name(m)])),
    referenceLines: metric === 'median_eta_lambda' ? [{ y: 2, label: 'η·λ = 2' }] : [],
  });
  // Ticks at the batch sizes themselves ('full' at n), not at Plotly's log-axis digits.
  const sizes = [...new Set(table.map((r) => r.batch))];
  fig.layout!.xaxis = { ...(fig.layout!.xaxis as object), tickvals: sizes, ticktext: sizes.map((b) => (b === n ? `full (${n})` : String(b))) };
  return fig;
}
