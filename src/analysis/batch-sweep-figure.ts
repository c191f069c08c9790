/**
 * Figure R3/R4 summary: a final quantity (training loss, sharpness, median η·λ) against the batch
 * size, one line per method; 'full' is drawn at n (the training-set size). Tests C5/C6.
 */
import { methodColor } from '../viz/colors';
import { standardLayout, withReferenceLines } from '../viz/layout';
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
export function batchSweepFigure(rows: readonly RunSummary[], n: number, metric: SweepMetric = 'final_loss', o: { title?: string } = {}): PlotlyFigure {
  const methods = [...new Set(rows.map((r) => r.method))];
  const data = methods.map((m) => {
    const pts = rows.filter((r) => r.method === m).map((r) => ({ b: r.batch === 'full' ? n : r.batch, r })).sort((a, b) => a.b - b.b);
    return {
      type: 'scatter', mode: 'lines+markers', name: m + (pts[0]?.r.setting ? ` ${pts[0].r.setting}` : ''),
      x: pts.map((p) => p.b), y: pts.map((p) => (p.r.diverged && metric === 'final_loss' ? null : p.r[metric])),
      line: { color: methodColor(m), width: 2 }, marker: { size: 8, color: methodColor(m) },
    };
  });
  const layout = standardLayout({ title: o.title ?? `${Y_TITLES[metric]} vs batch size`, xTitle: `batch size (full = ${n})`,
    yTitle: Y_TITLES[metric], logX: true, logY: metric !== 'median_eta_lambda', legendTitle: 'method', height: 420 });
  // Ticks at the batch sizes themselves ('full' at n), not at Plotly's log-axis digits.
  const sizes = [...new Set(rows.map((r) => (r.batch === 'full' ? n : r.batch)))].sort((a, b) => a - b);
  layout.xaxis = { ...(layout.xaxis as object), tickvals: sizes, ticktext: sizes.map((b) => (b === n ? `full (${n})` : String(b))) };
  const fig = { data, layout };
  return metric === 'median_eta_lambda' ? withReferenceLines(fig, [{ y: 2, label: 'η·λ = 2' }]) : fig;
}
