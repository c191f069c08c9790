import { skipUnlessCi } from '../helpers/skip-unless-ci';
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { exportFigure } from '../../src/viz/show-figure';
import { closeFigureExporter, chromiumPath } from '../../src/viz/figure-export';
import { standardLayout } from '../../src/viz/layout';

const hasChromium = fs.existsSync(chromiumPath());
const skip = hasChromium ? false : `no Chromium at ${chromiumPath()} (apt-get install chromium)`;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sl-figs-'));
after(async () => {
  await closeFigureExporter();
  fs.rmSync(dir, { recursive: true, force: true });
});

const x = Array.from({ length: 50 }, (_, i) => i + 1);
const fig = {
  data: [{ type: 'scatter', mode: 'lines', name: 'loss', x: x, y: x.map((v) => 1 / v) }],
  layout: standardLayout({ xTitle: 'step', yTitle: 'loss', logY: true }),
};

test('what these tests need is installed (under CI it must be)', (t) => {
  if (skip) return skipUnlessCi(t, skip);
});

test('static exports are written and byte-identical across re-renders', { skip: skip }, async (t) => {
  const first = await exportFigure(fig, { name: 'a', dir: dir, width: 400, height: 300 });
  const svgA = fs.readFileSync(path.join(dir, 'a.svg'));
  const pngA = fs.readFileSync(path.join(dir, 'a.png'));
  const second = await exportFigure(fig, { name: 'b', dir: dir, width: 400, height: 300 });
  t.diagnostic(`first export ${first.ms} ms (browser start), second ${second.ms} ms`);
  assert.equal(first.skipped, undefined);
  assert.match(svgA.toString(), /^<svg[^>]*width="400" height="300"/);
  assert.ok(svgA.toString().includes('DejaVu Sans'), 'font family pinned');
  assert.deepEqual(pngA.subarray(1, 4), Buffer.from('PNG'));
  assert.equal(pngA.readUInt32BE(16), 800, 'PNG width = 400 px × scale 2');
  assert.ok(svgA.equals(fs.readFileSync(path.join(dir, 'b.svg'))), 'SVG bytes equal');
  assert.ok(pngA.equals(fs.readFileSync(path.join(dir, 'b.png'))), 'PNG bytes equal');
  assert.ok(second.ms < first.ms, 'the page is reused');
});

test('the full plotly.js bundle draws a heatmap and a contour (the basic bundle could not)', { skip: skip }, async () => {
  const z = Array.from({ length: 20 }, (_, i) => Array.from({ length: 30 }, (_, j) => Math.sin(i / 4) * Math.cos(j / 5)));
  const landscape = {
    data: [{ type: 'heatmap', z, colorscale: 'Viridis' }, { type: 'contour', z, showscale: false, contours: { coloring: 'lines' } }],
    layout: standardLayout({ xTitle: 'α', yTitle: 'β' }),
  };
  await exportFigure(landscape, { name: 'landscape', dir: dir, width: 400, height: 300 });
  const svg = fs.readFileSync(path.join(dir, 'landscape.svg'), 'utf8');
  assert.match(svg, /class="hm"/, 'no heatmap layer in the SVG');
  assert.match(svg, /class="contourlevel"/, 'no contour levels in the SVG');
});

test('without Chromium the export is skipped unless figures are required', async () => {
  const old = { c: process.env.SHARPNESS_LAB_CHROMIUM, r: process.env.SHARPNESS_LAB_REQUIRE_FIGURES };
  process.env.SHARPNESS_LAB_CHROMIUM = '/nonexistent/chromium';
  const warn = console.warn;
  const warnings: string[] = [];
  console.warn = (m: string) => void warnings.push(m);
  try {
    delete process.env.SHARPNESS_LAB_REQUIRE_FIGURES;
    const r = await exportFigure(fig, { name: 'c', dir: dir });
    assert.match(r.skipped ?? '', /Chromium not found/);
    await exportFigure(fig, { name: 'c', dir: dir });
    assert.equal(warnings.length, 1, 'warned once');
    assert.ok(!fs.existsSync(path.join(dir, 'c.svg')));
    process.env.SHARPNESS_LAB_REQUIRE_FIGURES = '1';
    await assert.rejects(exportFigure(fig, { name: 'c', dir: dir }), /static figure 'c' failed/);
  } finally {
    console.warn = warn;
    for (const [k, v] of [['SHARPNESS_LAB_CHROMIUM', old.c], ['SHARPNESS_LAB_REQUIRE_FIGURES', old.r]] as const) {
      if (v === undefined) delete process.env[k]; else process.env[k] = v;
    }
  }
});

test('figure names are restricted to safe file stems', async () => {
  await assert.rejects(exportFigure(fig, { name: '../escape', dir: dir }), /invalid figure name/);
});
