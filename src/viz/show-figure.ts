/**
 * `showFigure`: an interactive figure in the notebook plus byte-stable static copies in
 * figures/<name>.svg and .png. Without Chromium the static export is skipped with one
 * warning, unless SHARPNESS_LAB_REQUIRE_FIGURES=1 (CI) makes it an error.
 */
import * as fs from 'fs';
import * as path from 'path';
import { inspect } from 'util';
import { figuresDir } from './figures-dir';
import { renderFigure, type ImageFormat } from './figure-export';
import { FONT_FAMILY } from './layout';
import { showPlotly } from './plotly-html';
import { normalizeSvgIds } from './svg-normalize';
import type { PlotlyFigure } from './types';

/** Options of {@link showFigure} / {@link exportFigure}. */
export interface FigureOptions {
  /** File stem under figures/ (letters, digits, `.`, `_`, `-`). */
  name: string;
  /** Static width in CSS px (default 800). */
  width?: number;
  /** Static height in CSS px (default 500). */
  height?: number;
  /** PNG pixel ratio (default 2). */
  scale?: number;
  /** Static formats (default svg and png). */
  formats?: ImageFormat[];
  /** Output folder (default: figures/ of the project, see `figuresDir()`). */
  dir?: string;
}

/** Where the files went, or why they were skipped. */
export interface FigureFiles {
  /** Written (or unchanged) file paths by format. */
  files: Partial<Record<ImageFormat, string>>;
  /** Set when the static export was skipped (no Chromium, render error). */
  skipped?: string;
  /** Wall time of the static export in ms. */
  ms: number;
}

let warned = false;

/** True when static figures are mandatory (`SHARPNESS_LAB_REQUIRE_FIGURES=1`). */
export function figuresRequired(): boolean {
  return ['1', 'true', 'yes'].includes((process.env.SHARPNESS_LAB_REQUIRE_FIGURES ?? '').toLowerCase());
}

/** The figure with the kit's pinned font family filled in (unless one is set). */
export function withPinnedFont(fig: PlotlyFigure): PlotlyFigure {
  const layout = { ...(fig.layout ?? {}) };
  const font = (layout.font ?? {}) as Record<string, unknown>;
  layout.font = { ...font, family: font.family ?? FONT_FAMILY };
  return { ...fig, layout: layout };
}

/** Gives the result a one-line console form (tslab prints a cell's last value). */
function summarized(r: FigureFiles, name: string): FigureFiles {
  const text = r.skipped !== undefined
    ? `figure ${name}: static export skipped (${r.skipped})`
    : `figure ${name}: ${Object.values(r.files).map((f) => path.relative(process.cwd(), f)).join(', ')}`;
  Object.defineProperty(r, inspect.custom, { value: () => text, enumerable: false });
  return r;
}

function writeIfChanged(file: string, content: string | Buffer): void {
  // Unchanged figures keep their mtime (friendlier to make/rsync/git).
  if (fs.existsSync(file) && Buffer.compare(fs.readFileSync(file), Buffer.from(content)) === 0) return;
  fs.writeFileSync(file, content);
}

/** Writes figures/<name>.svg|png without displaying anything (for scripts). */
export async function exportFigure(fig: PlotlyFigure, o: FigureOptions): Promise<FigureFiles> {
  if (!/^[A-Za-z0-9._-]+$/.test(o.name)) throw new Error(`invalid figure name '${o.name}'`);
  const t0 = Date.now();
  const formats = o.formats ?? ['svg', 'png'];
  try {
    const img = await renderFigure(withPinnedFont(fig), { width: o.width, height: o.height, scale: o.scale, formats: formats });
    const dir = o.dir ?? figuresDir();
    fs.mkdirSync(dir, { recursive: true });
    const files: FigureFiles['files'] = {};
    if (img.svg !== undefined) writeIfChanged((files.svg = path.join(dir, `${o.name}.svg`)), normalizeSvgIds(img.svg));
    if (img.png !== undefined) writeIfChanged((files.png = path.join(dir, `${o.name}.png`)), img.png);
    return summarized({ files: files, ms: Date.now() - t0 }, o.name);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    if (figuresRequired()) throw new Error(`static figure '${o.name}' failed: ${msg}`);
    if (!warned) {
      warned = true;
      console.warn(`[sharpness-lab] static figure export skipped (${msg}); ` +
        'set SHARPNESS_LAB_REQUIRE_FIGURES=1 to make this an error. Further skips are silent.');
    }
    return summarized({ files: {}, skipped: msg, ms: Date.now() - t0 }, o.name);
  }
}

/**
 * Displays `fig` interactively (plotly.js, offline) and writes figures/<name>.svg and
 * figures/<name>.png. Await it: `await showFigure(fig, { name: 'loss-vs-step' })`.
 */
export async function showFigure(fig: PlotlyFigure, o: FigureOptions): Promise<FigureFiles> {
  const pinned = withPinnedFont(fig);
  showPlotly(pinned);
  return exportFigure(pinned, o);
}
