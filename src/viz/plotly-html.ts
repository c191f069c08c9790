/**
 * Interactive Plotly output that renders offline, also in nbconvert's HTML export:
 * nbconvert drops Plotly's own MIME type and there is no CDN, so the plotly.js bundle is
 * inlined as text/html once per kernel process, then each figure is a `<div>` + script.
 */
import * as fs from 'fs';
import { displayBundle, displayHtml } from '../display/kernel';
import type { PlotlyFigure } from './types';

/**
 * Resolved path of the full plotly.js bundle (`plotly.js-dist`: every trace type, heatmaps and
 * contours included; 10 MB, inlined once per notebook page).
 */
export function plotlyBundlePath(): string {
  return require.resolve('plotly.js-dist/plotly.js');
}

let bundleCache: string | undefined;

/** The plotly.js bundle wrapped in a `<script>` tag (read once, then cached). */
export function plotlyBundleScript(): string {
  // A literal "</script" inside would end the tag early; the bundle has none, but be safe.
  bundleCache ??= fs.readFileSync(plotlyBundlePath(), 'utf8').replace(/<\/script/gi, '<\\/script');
  return `<script type="text/javascript">${bundleCache}</script>`;
}

/** JSON safe inside a `<script>`: no `</script>`, no `<!--`, no JS-breaking line separators. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value ?? null)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** Options of {@link plotlyHtml}. */
export interface PlotlyHtmlOptions {
  /** Prepend the plotly.js bundle (needed once per notebook page). Default false. */
  includeBundle?: boolean;
  /** Element id; default `sl-plot-<n>` from a per-process counter (deterministic). */
  id?: string;
  /** Height in px when the layout has none (default 450). */
  height?: number;
}

/** Plotly's MIME type (the plotly.py renderer's). */
export const PLOTLY_MIME = 'application/vnd.plotly.v1+json';

let plotCounter = 0;
let bundleEmitted = false;

/** Resets the div counter and the bundle-once flag (tests; a fresh notebook page). */
export function resetPlotlyState(): void {
  plotCounter = 0;
  bundleEmitted = false;
}

/** HTML for one interactive figure: optional bundle, a div, and a `Plotly.newPlot` call. */
export function plotlyHtml(fig: PlotlyFigure, options: PlotlyHtmlOptions = {}): string {
  const id = options.id ?? `sl-plot-${++plotCounter}`;
  const layout = { ...(fig.layout ?? {}) };
  const height = (layout.height as number | undefined) ?? options.height ?? 450;
  delete layout.width; // the interactive view fills the cell width
  const config = { responsive: true, displaylogo: false, ...(fig.config ?? {}) };
  const div = `<div id="${id}" class="sl-plotly" style="width:100%;height:${height}px;"></div>`;
  const script = [
    '<script type="text/javascript">(function () {',
    `  var gd = document.getElementById(${scriptJson(id)});`,
    '  if (!window.Plotly) { gd.textContent = "plotly.js is not loaded: re-run the notebook from the top."; return; }',
    `  window.Plotly.newPlot(gd, ${scriptJson(fig.data)}, ${scriptJson(layout)}, ${scriptJson(config)});`,
    '})();</script>',
  ].join('\n');
  return (options.includeBundle ? plotlyBundleScript() + '\n' : '') + div + '\n' + script;
}

/**
 * Displays the plotly.js bundle now (an invisible output) and marks it as emitted.
 * Call it in a notebook's setup cell: otherwise the bundle rides along with the first
 * figure, and re-running only that figure's cell interactively would drop it from the
 * saved notebook (other figures then show "plotly.js is not loaded" after a reload).
 * Headless runs execute every cell, so they are fine either way.
 */
export function initPlotly(): void {
  if (displayHtml(plotlyBundleScript())) bundleEmitted = true;
}

/**
 * Displays an interactive figure in the current cell. The first call in a kernel
 * process also inlines the plotly.js bundle (later figures reuse `window.Plotly`).
 * Returns whether something was displayed (false outside a kernel); not the HTML,
 * because tslab prints a cell's last expression value.
 */
export function showPlotly(fig: PlotlyFigure, options: Omit<PlotlyHtmlOptions, 'includeBundle'> = {}): boolean {
  // Plotly's own MIME type too: JupyterLab and VS Code render it natively; nbconvert's HTML export
  // drops it and keeps the text/html part, which carries its own plotly.js.
  const shown = displayBundle({
    'text/html': plotlyHtml(fig, { ...options, includeBundle: !bundleEmitted }),
    [PLOTLY_MIME]: { data: fig.data, layout: fig.layout ?? {}, config: { displaylogo: false, ...(fig.config ?? {}) } },
  });
  if (shown) bundleEmitted = true;
  return shown;
}
