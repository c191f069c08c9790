/**
 * Table-first plots: traces per colour value, panels per facet value, rows without a value left
 * out, log axes dropping non-positive points, reference lines, out-of-range points marked at the
 * edge with their extreme, and a heatmap grid built from long rows.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as aq from 'arquero';
import { heatmap, line, scatter } from '../../src/viz/table-plots';

const rows = [
  { run: 'a', tuner: 'armijo', step: 0, lambda: 10 }, { run: 'a', tuner: 'armijo', step: 1, lambda: null }, { run: 'a', tuner: 'armijo', step: 2, lambda: 12 },
  { run: 'b', tuner: 'polyak', step: 0, lambda: 8 }, { run: 'b', tuner: 'polyak', step: 2, lambda: 31 },
];

test('line: one trace per colour value, rows without a value left out, names/colours/dashes by value, markers on sparse traces', () => {
  const fig = line(aq.from(rows), { x: 'step', y: 'lambda', color: 'run', colors: { a: '#111111' }, dashes: { b: 'dash' }, names: { b: 'polyak run' } });
  assert.equal(fig.data.length, 2);
  assert.deepEqual(fig.data[0].x, [0, 2]);
  assert.deepEqual(fig.data[0].y, [10, 12]);
  assert.equal((fig.data[0].line as { color: string }).color, '#111111');
  assert.equal((fig.data[1].line as { dash: string }).dash, 'dash');
  assert.equal(fig.data[1].name, 'polyak run');
  assert.equal(fig.data[0].mode, 'lines+markers');
  assert.equal(((fig.layout!.legend as { title: { text: string } }).title).text, 'run');
  assert.equal(((fig.layout!.xaxis as { title: { text: string } }).title).text, 'step');
});

test('facets make one panel per value with a shared y axis and titled panels; each colour value has one legend entry', () => {
  const fig = line([...rows, { run: 'a', tuner: 'polyak', step: 0, lambda: 9 }], { x: 'step', y: 'lambda', color: 'run', facet: 'tuner' });
  assert.deepEqual(fig.data.map((t) => [t.name, t.xaxis ?? 'x', t.showlegend]), [['a', 'x', true], ['a', 'x2', false], ['b', 'x2', true]]);
  assert.deepEqual(fig.layout!.grid, { rows: 1, columns: 2, pattern: 'independent' });
  assert.equal((fig.layout!.yaxis2 as { matches: string }).matches, 'y');
  assert.deepEqual((fig.layout!.annotations as { text: string }[]).map((a) => a.text), ['tuner = armijo', 'tuner = polyak']);
});

test('points outside yRange become a gap and an edge marker that names their extreme; log axes drop non-positive values', () => {
  const fig = line(rows, { x: 'step', y: 'lambda', color: 'run', yRange: [0, 20], referenceLines: [{ y: 2, label: 'two' }] });
  const b = fig.data.filter((t) => t.legendgroup === 'b');
  assert.deepEqual(b[0].y, [8, null]);
  assert.equal(b[1].name, 'b: 1 point above 20 (max 31)');
  assert.deepEqual(b[1].y, [20]);
  assert.deepEqual((fig.layout!.yaxis as { range: number[] }).range, [0, 20]);
  assert.equal((fig.layout!.shapes as unknown[]).length, 1);
  const entry = fig.data.find((t) => t.name === 'two')!;
  assert.deepEqual([entry.x, entry.y, (entry.line as { dash: string }).dash], [[null], [null], 'dash'], 'the label is a legend entry, not text over the data');
  assert.equal(fig.layout!.annotations, undefined);
  const logFig = scatter([{ x: 1, y: 0 }, { x: 2, y: 5 }, { x: -1, y: 3 }], { x: 'x', y: 'y', logX: true, logY: true });
  assert.deepEqual(logFig.data[0].x, [2]);
  assert.equal(logFig.data[0].mode, 'markers');
});

test('heatmap: z on the sorted x × y grid, missing cells null, optional contours', () => {
  const surface = [{ a: 1, b: 0, loss: 3 }, { a: 0, b: 0, loss: 1 }, { a: 0, b: 1, loss: 2 }];
  const fig = heatmap(aq.from(surface), { x: 'a', y: 'b', z: 'loss', contours: true });
  assert.deepEqual(fig.data[0].x, [0, 1]);
  assert.deepEqual(fig.data[0].y, [0, 1]);
  assert.deepEqual(fig.data[0].z, [[1, 3], [2, null]]);
  assert.equal(fig.data[1].type, 'contour');
});
