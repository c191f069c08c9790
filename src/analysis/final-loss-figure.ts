/**
 * Figure R2: final training loss against the constant step size (log–log), one point per grid
 * value (an ✕ at the top for runs that diverged), with the tuners as dashed horizontal lines in
 * their method colours (spanning the grid). Tests C1/C4: is Armijo above the best constant, Polyak below?
 */
import { methodColor } from '../viz/colors';
import { line } from '../viz/table-plots';
import { withCaption } from './runs-caption';
import { PlotlyFigure } from '../viz/types';
import { RunSummary } from './summary';

/**
 * @param rows summaries of one architecture's runs (constant grid + tuners).
 * @param o title, height, caption (a second title line, e.g. `runsCaption(runs)`: summaries do not carry configs).
 * @example finalLossFigure(summaryRows(runs).filter((r) => r.arch === 'mlp'), { title: 'MLP' })
 */
export function finalLossFigure(rows: readonly RunSummary[], o: { title?: string; height?: number; caption?: string } = {}): PlotlyFigure {
  const grid = rows.filter((r) => Number.isFinite(r.eta)).map((r) => ({ r, eta: r.eta }))
    .sort((a, b) => a.eta - b.eta);
  const ok = grid.filter((g) => !g.r.diverged && Number.isFinite(g.r.final_loss));
  const bad = grid.filter((g) => !ok.includes(g));
  const finite = rows.map((r) => r.final_loss).filter((v) => Number.isFinite(v) && v > 0);
  const top = finite.length ? Math.max(...finite) * 1.5 : 1;
  const fig = line(ok.map((g) => ({ method: 'constant η', eta: g.eta, final_loss: g.r.final_loss })), {
    x: 'eta', y: 'final_loss', color: 'method', mode: 'lines+markers', logX: true, logY: true, height: o.height ?? 420,
    colors: { 'constant η': methodColor('constant') },
    title: withCaption(o.title ?? 'Final training loss vs constant step size', o.caption ?? ''), xTitle: 'constant step size η', yTitle: 'final training loss',
  });
  fig.data.push({ type: 'scatter', mode: 'markers', name: 'constant η (diverged)', x: bad.map((g) => g.eta), y: bad.map(() => top),
    marker: { size: 11, symbol: 'x', color: '#c00' } });
  // Tuners as dashed lines across the grid, named with their final loss: real traces (not shapes), so autorange includes them.
  const span = grid.length ? [grid[0].eta, grid[grid.length - 1].eta] : [1e-3, 1];
  for (const r of rows.filter((x) => !Number.isFinite(x.eta))) {
    fig.data.push({
      type: 'scatter', mode: 'lines',
      name: `${r.method}${r.setting ? ' ' + r.setting : ''}${r.diverged || !(r.final_loss > 0) ? ' (diverged)' : `: ${+r.final_loss.toPrecision(3)}`}`,
      x: span, y: r.diverged || !(r.final_loss > 0) ? [null, null] : [r.final_loss, r.final_loss],
      line: { color: methodColor(r.method), dash: 'dash', width: 2 },
    });
  }
  fig.layout!.legend = { title: { text: 'method' } };
  // Ticks at the grid's step sizes: a short log axis otherwise labels minor digits ("3 4 5 … 10⁻¹ 2").
  fig.layout!.xaxis = { ...(fig.layout!.xaxis as object), tickvals: grid.map((g) => g.eta), ticktext: grid.map((g) => `${+g.eta.toPrecision(3)}`) };
  return fig;
}
