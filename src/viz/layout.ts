/**
 * The kit's standard Plotly layout: pinned font (byte-stable static exports), white
 * background, log-axis helper and dashed reference lines (y = 2 for η·λ, y = 2/η, ...).
 */
import type { PlotlyFigure, PlotlyLayout } from './types';

/** Font pinned for every figure: installed by fonts-dejavu-core, identical across machines. */
export const FONT_FAMILY = 'DejaVu Sans';

/** Options of {@link axis}. */
export interface AxisOptions {
  /** Logarithmic axis (Plotly `type: 'log'`, powers-of-ten tick labels). */
  log?: boolean;
  /** Axis range in data units (converted to log10 units for log axes). */
  range?: [number, number];
}

/** An axis object with a title; `{ log: true }` for log scale. */
export function axis(title: string, options: AxisOptions = {}): Record<string, unknown> {
  const a: Record<string, unknown> = {
    title: { text: title }, zeroline: false, showline: true, linecolor: '#444',
    gridcolor: '#e5e5e5', ticks: 'outside',
  };
  if (options.log) Object.assign(a, { type: 'log', exponentformat: 'power' });
  if (options.range) {
    // Plotly takes log-axis ranges in log10 units; callers pass data units.
    a.range = options.log ? options.range.map((v) => Math.log10(v)) : options.range;
  }
  return a;
}

/** Options of {@link standardLayout}. */
export interface LayoutOptions {
  /** Figure title. */
  title?: string;
  /** x-axis title. */
  xTitle?: string;
  /** y-axis title. */
  yTitle?: string;
  /** Log-scale x axis. */
  logX?: boolean;
  /** Log-scale y axis. */
  logY?: boolean;
  /** Legend title. */
  legendTitle?: string;
  /** Height in px of the interactive figure (static exports set their own size). */
  height?: number;
}

/** A layout with the kit's defaults; spread extra Plotly fields over the result. */
export function standardLayout(o: LayoutOptions = {}): PlotlyLayout {
  return {
    ...(o.title === undefined ? {} : { title: { text: o.title, x: 0.02, xanchor: 'left' } }),
    font: { family: FONT_FAMILY, size: 13, color: '#222' },
    paper_bgcolor: '#ffffff',
    plot_bgcolor: '#ffffff',
    // A title with a caption line (`<br><sup>…</sup>`) needs more room above the plot.
    margin: { l: 70, r: 20, t: o.title === undefined ? 20 : o.title.includes('<br>') ? 70 : 50, b: 55 },
    xaxis: axis(o.xTitle ?? '', { log: o.logX }),
    yaxis: axis(o.yTitle ?? '', { log: o.logY }),
    legend: o.legendTitle === undefined ? {} : { title: { text: o.legendTitle } },
    ...(o.height === undefined ? {} : { height: o.height }),
  };
}

/** A dashed reference line across the plot; give `y` (horizontal) or `x` (vertical). */
export interface ReferenceLine {
  /** Horizontal line at this y (data units, also on log axes). */
  y?: number;
  /** Vertical line at this x (data units, also on log axes). */
  x?: number;
  /** Line colour (default dark grey). */
  color?: string;
  /** Plotly dash style (default 'dash'). */
  dash?: string;
  /** Text shown at the right (horizontal) or top (vertical) end of the line. */
  label?: string;
}

function lineShape(r: ReferenceLine): Record<string, unknown> {
  const line = { color: r.color ?? '#555', width: 1.5, dash: r.dash ?? 'dash' };
  if (r.y !== undefined) {
    return { type: 'line', xref: 'paper', x0: 0, x1: 1, yref: 'y', y0: r.y, y1: r.y, line: line };
  }
  if (r.x !== undefined) {
    return { type: 'line', yref: 'paper', y0: 0, y1: 1, xref: 'x', x0: r.x, x1: r.x, line: line };
  }
  throw new Error('referenceLine needs x or y');
}

function lineLabel(r: ReferenceLine, layout: PlotlyLayout): Record<string, unknown> {
  // Annotations (unlike shapes) take log10 coordinates on log axes.
  const logAxis = (k: 'xaxis' | 'yaxis') => (layout[k] as { type?: string } | undefined)?.type === 'log';
  const at = (v: number, k: 'xaxis' | 'yaxis') => (logAxis(k) ? Math.log10(v) : v);
  const common = { text: r.label, showarrow: false, font: { size: 11, color: r.color ?? '#555' } };
  return r.y !== undefined
    ? { ...common, xref: 'paper', x: 1, xanchor: 'right', yref: 'y', y: at(r.y, 'yaxis'), yanchor: 'bottom' }
    : { ...common, yref: 'paper', y: 1, yanchor: 'top', xref: 'x', x: at(r.x ?? 0, 'xaxis'), xanchor: 'left' };
}

/**
 * Returns a copy of `fig` with dashed reference lines added, labelled at the line's end
 * (`labels: 'on-plot'`, the default) or as legend entries (`'legend'`: a label never covers data,
 * which matters where the data sit on the line, e.g. η·λ₁ at 2 or λ₁ at 2/η).
 */
export function withReferenceLines(fig: PlotlyFigure, lines: readonly ReferenceLine[], options: { labels?: 'on-plot' | 'legend' } = {}): PlotlyFigure {
  const layout: PlotlyLayout = { ...(fig.layout ?? {}) };
  layout.shapes = [...((layout.shapes as unknown[] | undefined) ?? []), ...lines.map(lineShape)];
  const labelled = lines.filter((l) => l.label !== undefined);
  if (options.labels === 'legend') {
    // A trace with no points: only its legend entry shows, drawn with the line's colour and dash.
    const entries = labelled.map((l) => ({
      type: 'scatter', mode: 'lines', x: [null], y: [null], name: l.label, hoverinfo: 'skip',
      line: { color: l.color ?? '#555', dash: l.dash ?? 'dash', width: 1.5 },
    }));
    return { ...fig, data: [...fig.data, ...entries], layout: layout };
  }
  layout.annotations = [...((layout.annotations as unknown[] | undefined) ?? []), ...labelled.map((l) => lineLabel(l, layout))];
  return { ...fig, layout: layout };
}
