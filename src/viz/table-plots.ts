/**
 * Table-first plots, in the spirit of plotly express: a figure from a table (an Arquero table or
 * an array of row objects) and the names of its columns. `line` and `scatter` split the rows into
 * one trace per value of `color` and one panel per value of `facet`; `heatmap` draws a z column on
 * an x × y grid (a loss surface, an (η, λ) phase diagram). The kit's own figure builders draw
 * through these too, so a user's figure and the paper's figures look alike.
 */
import { sequentialPalette } from './colors';
import { axis, ReferenceLine, standardLayout, withReferenceLines } from './layout';
import type { PlotlyFigure, PlotlyLayout, PlotlyTrace } from './types';
import type { TableLike } from './table-html';

/** Rows: an Arquero table or plain row objects. */
export type PlotRows = TableLike | readonly object[];

/** Options of {@link line} and {@link scatter}. */
export interface XYSpec {
  /** Column on the x axis. */
  readonly x: string;
  /** Column on the y axis. */
  readonly y: string;
  /** Column whose values make the traces (one line per run, per tuner, …). */
  readonly color?: string;
  /** Column whose values make side-by-side panels (shared y axis). */
  readonly facet?: string;
  readonly logX?: boolean;
  readonly logY?: boolean;
  readonly title?: string;
  /** Axis titles (default: the column names). */
  readonly xTitle?: string;
  readonly yTitle?: string;
  /** Legend title (default: the color column). */
  readonly legendTitle?: string;
  /** Colour per color-column value (default: a sequential palette in order of appearance). */
  readonly colors?: Readonly<Record<string, string>>;
  /** Plotly dash per color-column value (default solid). */
  readonly dashes?: Readonly<Record<string, string>>;
  /** Legend name per color-column value (default: the value). */
  readonly names?: Readonly<Record<string, string>>;
  /** 'auto' (default for line): markers on traces of at most 200 points, so sparse measurements show where they are. */
  readonly mode?: 'lines' | 'markers' | 'lines+markers' | 'auto';
  /** Dashed lines across every panel, e.g. `[{ y: 2, label: 'η·λ = 2' }]`; their labels go to the legend (never over data). */
  readonly referenceLines?: readonly ReferenceLine[];
  /**
   * y range in data units. Points outside it are drawn as ▲/▼ markers on the edge, named with
   * the extreme value, so a spike that leaves the range is never cut off silently.
   */
  readonly yRange?: readonly [number, number];
  readonly height?: number;
}

/** Options of {@link heatmap}. */
export interface HeatmapSpec {
  readonly x: string;
  readonly y: string;
  /** The value drawn as colour. */
  readonly z: string;
  readonly logX?: boolean;
  readonly logY?: boolean;
  /** Also draw contour lines of z (a loss surface). */
  readonly contours?: boolean;
  readonly colorscale?: string;
  readonly title?: string;
  readonly xTitle?: string;
  readonly yTitle?: string;
  /** Colour-bar title (default: the z column). */
  readonly zTitle?: string;
  readonly height?: number;
}

function rowsOf(t: PlotRows): Record<string, unknown>[] {
  return (Array.isArray(t) ? t : (t as TableLike).objects()) as Record<string, unknown>[];
}

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** Distinct values of a column, in order of first appearance (undefined column: one group). */
function groups(rows: readonly Record<string, unknown>[], key?: string): string[] {
  if (key === undefined) return [''];
  return [...new Set(rows.map((r) => String(r[key])))];
}

/**
 * Lines: one trace per value of `color`, one panel per value of `facet`.
 * @example viz.line(recordsTable(runs).filter((d) => d.lambda_1 !== null), { x: 'step', y: 'lambda_1', color: 'label', logY: true })
 */
export function line(table: PlotRows, spec: XYSpec): PlotlyFigure {
  return xyFigure(rowsOf(table), { mode: 'auto', ...spec });
}

/** Markers only (e.g. final loss against η per tuner). */
export function scatter(table: PlotRows, spec: XYSpec): PlotlyFigure {
  return xyFigure(rowsOf(table), { ...spec, mode: spec.mode ?? 'markers' });
}

function xyFigure(rows: readonly Record<string, unknown>[], s: XYSpec): PlotlyFigure {
  const colorKeys = groups(rows, s.color);
  const palette = sequentialPalette(Math.max(colorKeys.length, 1));
  const facets = groups(rows, s.facet);
  const data: PlotlyTrace[] = [];
  const inLegend = new Set<string>(); // one legend entry per colour value, wherever it first appears
  facets.forEach((facet, f) => {
    const axes = f === 0 ? {} : { xaxis: `x${f + 1}`, yaxis: `y${f + 1}` };
    colorKeys.forEach((key, c) => {
      const pts = rows.filter((r) => (s.facet === undefined || String(r[s.facet]) === facet) && (s.color === undefined || String(r[s.color]) === key))
        .filter((r) => finite(r[s.x]) && finite(r[s.y]) && (!s.logX || (r[s.x] as number) > 0) && (!s.logY || (r[s.y] as number) > 0));
      if (pts.length === 0) return;
      const color = s.colors?.[key] ?? palette[c];
      const mode = s.mode === 'auto' || s.mode === undefined ? (pts.length <= 200 ? 'lines+markers' : 'lines') : s.mode;
      const showlegend = s.color !== undefined && !inLegend.has(key);
      inLegend.add(key);
      data.push({
        type: 'scatter', mode, name: s.names?.[key] ?? (key || s.y), legendgroup: key, showlegend,
        x: pts.map((r) => r[s.x]), y: pts.map((r) => clamp(r[s.y] as number, s.yRange)),
        line: { color, dash: s.dashes?.[key] ?? 'solid', width: pts.length > 1000 ? 1.2 : 2 }, marker: { size: mode === 'markers' ? 7 : 4, color },
        ...axes,
      });
      if (s.yRange) data.push(...outOfRange(pts, s, color, key, axes));
    });
  });
  const layout = standardLayout({
    title: s.title, xTitle: s.xTitle ?? s.x, yTitle: s.yTitle ?? s.y, logX: s.logX, logY: s.logY,
    legendTitle: s.color === undefined ? undefined : s.legendTitle ?? s.color, height: s.height ?? 420,
  });
  if (s.yRange) layout.yaxis = { ...(layout.yaxis as object), range: s.logY ? s.yRange.map(Math.log10) : [...s.yRange] };
  if (facets.length > 1) facetLayout(layout, facets, s);
  return withReferenceLines({ data, layout }, s.referenceLines ?? [], { labels: 'legend' });
}

function clamp(v: number, range?: readonly [number, number]): number | null {
  return range && (v > range[1] || v < range[0]) ? null : v; // a gap in the line; the edge marker says where it went
}

/** ▲ at the top edge for points above the range (▼ at the bottom for those below), named with the extreme. */
function outOfRange(pts: readonly Record<string, unknown>[], s: XYSpec, color: string, key: string, axes: object): PlotlyTrace[] {
  const [lo, hi] = s.yRange!;
  const out: PlotlyTrace[] = [];
  for (const [side, edge, test, symbol] of [['above', hi, (v: number) => v > hi, 'triangle-up'], ['below', lo, (v: number) => v < lo, 'triangle-down']] as const) {
    const off = pts.filter((r) => test(r[s.y] as number));
    if (off.length === 0) continue;
    const extreme = side === 'above' ? Math.max(...off.map((r) => r[s.y] as number)) : Math.min(...off.map((r) => r[s.y] as number));
    out.push({
      type: 'scatter', mode: 'markers', name: `${s.names?.[key] ?? (key || s.y)}: ${off.length} point${off.length > 1 ? 's' : ''} ${side} ${edge} (${side === 'above' ? 'max' : 'min'} ${+extreme.toPrecision(3)})`,
      legendgroup: key, showlegend: true, x: off.map((r) => r[s.x]), y: off.map(() => edge), cliponaxis: false,
      marker: { symbol, size: 9, color }, hovertext: off.map((r) => `${s.y} = ${+(r[s.y] as number).toPrecision(4)}`), hoverinfo: 'x+text', ...axes,
    });
  }
  return out;
}

/** Side-by-side panels: a 1 × k grid sharing the y axis, each titled with its facet value. */
function facetLayout(layout: PlotlyLayout, facets: readonly string[], s: XYSpec): void {
  layout.grid = { rows: 1, columns: facets.length, pattern: 'independent' };
  const y = layout.yaxis as Record<string, unknown>;
  facets.forEach((_, f) => {
    if (f === 0) return;
    layout[`xaxis${f + 1}`] = axis(s.xTitle ?? s.x, { log: s.logX });
    layout[`yaxis${f + 1}`] = { ...y, title: { text: '' }, matches: 'y' };
  });
  layout.annotations = facets.map((value, f) => ({
    text: `${s.facet} = ${value}`, showarrow: false, xref: `x${f === 0 ? '' : f + 1} domain`, yref: 'paper', x: 0.5, y: 1, yanchor: 'bottom', font: { size: 12 },
  }));
}

/**
 * A z column on an x × y grid (rows with the same x and y: the last one counts).
 * @example viz.heatmap(aq.from(surface), { x: 'alpha', y: 'beta', z: 'loss', contours: true })
 */
export function heatmap(table: PlotRows, s: HeatmapSpec): PlotlyFigure {
  const rows = rowsOf(table).filter((r) => finite(r[s.x]) && finite(r[s.y]));
  const xs = [...new Set(rows.map((r) => r[s.x] as number))].sort((a, b) => a - b);
  const ys = [...new Set(rows.map((r) => r[s.y] as number))].sort((a, b) => a - b);
  const z: (number | null)[][] = ys.map(() => xs.map(() => null));
  for (const r of rows) z[ys.indexOf(r[s.y] as number)][xs.indexOf(r[s.x] as number)] = finite(r[s.z]) ? (r[s.z] as number) : null;
  const data: PlotlyTrace[] = [{ type: 'heatmap', x: xs, y: ys, z, colorscale: s.colorscale ?? 'Viridis', colorbar: { title: { text: s.zTitle ?? s.z } } }];
  if (s.contours) data.push({ type: 'contour', x: xs, y: ys, z, showscale: false, contours: { coloring: 'lines' }, line: { color: '#fff', width: 1 }, hoverinfo: 'skip' });
  return { data, layout: standardLayout({ title: s.title, xTitle: s.xTitle ?? s.x, yTitle: s.yTitle ?? s.y, logX: s.logX, logY: s.logY, height: s.height ?? 450 }) };
}
