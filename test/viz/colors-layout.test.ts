import { test } from 'node:test';
import assert from 'node:assert/strict';
import { methodColor, METHOD_COLORS, etaColors, sequentialPalette, sequentialColor } from '../../src/viz/colors';
import { axis, standardLayout, withReferenceLines, FONT_FAMILY } from '../../src/viz/layout';

test('each paper method has its own fixed colour', () => {
  const names = ['constant', 'armijo-optax', 'armijo-sls', 'polyak', 'cdat-1', 'cdat-2', 'oracle'];
  const colors = names.map(methodColor);
  assert.equal(new Set(colors).size, names.length);
  assert.equal(methodColor('polyak'), METHOD_COLORS.polyak);
});

test('method names are matched case- and separator-insensitively', () => {
  assert.equal(methodColor('Armijo_SLS'), methodColor('armijo-sls'));
  assert.equal(methodColor(' CDAT 2 '), methodColor('cdat-2'));
});

test('unknown methods get a stable colour', () => {
  assert.equal(methodColor('my-new-tuner'), methodColor('my-new-tuner'));
  assert.match(methodColor('my-new-tuner'), /^#[0-9a-f]{6}$/);
});

test('the sequential palette runs from dark to light and is evenly spaced', () => {
  const p = sequentialPalette(5);
  assert.equal(p.length, 5);
  assert.equal(p[0], '#440154');
  assert.equal(sequentialPalette(1)[0], '#440154');
  const lum = (c: string) => [1, 3, 5].reduce((s, i) => s + parseInt(c.slice(i, i + 2), 16), 0);
  assert.ok(lum(p[4]) > lum(p[0]));
  assert.equal(sequentialColor(-1), sequentialColor(0));
});

test('etaColors places step sizes on a log scale, aligned with the input order', () => {
  const c = etaColors([0.1, 0.001, 0.01]);
  assert.equal(c[1], sequentialColor(0));
  assert.equal(c[0], sequentialColor(1));
  assert.equal(c[2], sequentialColor(0.5));
});

test('the standard layout pins the font and builds log axes', () => {
  const l = standardLayout({ xTitle: 'step', yTitle: 'loss', logY: true });
  assert.equal((l.font as { family: string }).family, FONT_FAMILY);
  assert.equal((l.yaxis as { type?: string }).type, 'log');
  assert.equal((l.xaxis as { type?: string }).type, undefined);
  assert.deepEqual(axis('x', { log: true, range: [1, 100] }).range, [0, 2]);
});

test('reference lines become dashed shapes, labels use log10 coordinates on log axes', () => {
  const fig = { data: [], layout: standardLayout({ logY: true }) };
  const out = withReferenceLines(fig, [{ y: 100, label: '2/η' }, { x: 3 }]);
  const shapes = out.layout!.shapes as Record<string, unknown>[];
  assert.equal(shapes.length, 2);
  assert.deepEqual([shapes[0].y0, shapes[0].y1, shapes[0].xref], [100, 100, 'paper']);
  assert.equal((shapes[0].line as { dash: string }).dash, 'dash');
  assert.deepEqual([shapes[1].x0, shapes[1].yref], [3, 'paper']);
  const notes = out.layout!.annotations as Record<string, unknown>[];
  assert.equal(notes.length, 1);
  assert.equal(notes[0].y, 2);
  assert.equal(fig.layout.shapes, undefined, 'input not mutated');
});
