/**
 * Figure R2: final training loss against the constant step size (log–log), one point per grid
 * value (an ✕ at the top for runs that diverged), with the tuners as dashed horizontal lines in
 * their method colours (spanning the grid). Tests C1/C4: is Armijo above the best constant, Polyak below?
 */
import { methodColor } from '../viz/colors';
import { standardLayout } from '../viz/layout';
import { PlotlyFigure } from '../viz/types';
import { RunSummary } from './summary';

/**
 * @param rows summaries of one architecture's runs (constant grid + tuners).
 * @example finalLossFigure(summaryRows(runs).filter((r) => r.arch === 'mlp'), { title: 'MLP' })
 */
export function finalLossFigure(rows: readonly RunSummary[], o: { title?: string; height?: number } = {}): PlotlyFigure {
  const grid = rows.filter((r) => Number.isFinite(r.eta)).map((r) => ({ r, eta: r.eta }))
    .sort((a, b) => a.eta - b.eta);
  const ok = grid.filter((g) => !g.r.diverged && Number.isFinite(g.r.final_loss));
  const bad = grid.filter((g) => !ok.includes(g));
  const finite = rows.map((r) => r.final_loss).filter((v) => Number.isFinite(v) && v > 0);
  const top = finite.length ? Math.max(...finite) * 1.5 : 1;
  const data = [
    { type: 'scatter', mode: 'lines+markers', name: 'constant η', x: ok.map((g) => g.eta), y: ok.map((g) => g.r.final_loss),
      line: { color: methodColor('constant'), width: 2 }, marker: { size: 8, color: methodColor('constant') } },
    { type: 'scatter', mode: 'markers', name: 'constant η (diverged)', x: bad.map((g) => g.eta), y: bad.map(() => top),
      marker: { size: 11, symbol: 'x', color: '#c00' } },
  ];
  // Tuners as dashed lines across the grid: real traces (not shapes), so autorange includes them.
  const span = grid.length ? [grid[0].eta, grid[grid.length - 1].eta] : [1e-3, 1];
  const tuners = rows.filter((r) => !Number.isFinite(r.eta)).map((r) => ({
    type: 'scatter', mode: 'lines',
    name: `${r.method}${r.setting ? ' ' + r.setting : ''}${r.diverged || !(r.final_loss > 0) ? ' (diverged)' : `: ${+r.final_loss.toPrecision(3)}`}`,
    x: span, y: r.diverged || !(r.final_loss > 0) ? [null, null] : [r.final_loss, r.final_loss],
    line: { color: methodColor(r.method), dash: 'dash', width: 2 },
  }));
  const layout = standardLayout({ title: o.title ?? 'Final training loss vs constant step size', xTitle: 'constant step size η',
    yTitle: 'final training loss', logX: true, logY: true, height: o.height ?? 420 });
  // Ticks at the grid's step sizes: a short log axis otherwise labels minor digits ("3 4 5 … 10⁻¹ 2").
  layout.xaxis = { ...(layout.xaxis as object), tickvals: grid.map((g) => g.eta), ticktext: grid.map((g) => `${+g.eta.toPrecision(3)}`) };
  return { data: [...data, ...tuners], layout };
}
