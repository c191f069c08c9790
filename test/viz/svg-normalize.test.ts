import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeSvgIds, plotlyUids } from '../../src/viz/svg-normalize';

/** A trimmed-down Plotly SVG with the id patterns seen in real exports. */
function fakePlotlySvg(uid: string, traceUids: string[], text = `label ${uid} stays`): string {
  return [
    '<svg class="main-svg" xmlns="http://www.w3.org/2000/svg">',
    `<defs id="defs-${uid}"><g class="clips"><clipPath id="clip${uid}xyplot" class="plotclip"><rect/></clipPath>`,
    `<clipPath class="axesclip" id="clip${uid}x"><rect/></clipPath></g></defs>`,
    `<g class="xy" clip-path="url(#clip${uid}xyplot)">`,
    ...traceUids.map((t) => `<g class="trace scatter trace${t}" style="opacity: 1;"><path d="M0,0L10,10"/></g>`),
    '</g>',
    `<defs id="topdefs-${uid}"><clipPath id="legend${uid}"><rect/></clipPath></defs>`,
    `<g class="scrollbox" clip-path="url(#legend${uid})"><use href="#clip${uid}x"/></g>`,
    `<text>${text}</text><path fill="rgb(1, 2, 3)"/>`,
    '</svg>',
  ].join('');
}

test('plotlyUids finds the per-plot uid through the defs ids', () => {
  assert.deepEqual(plotlyUids(fakePlotlySvg('c1ce3b', [])), ['c1ce3b']);
});

test('two exports that differ only by random ids normalise to identical bytes', () => {
  const a = normalizeSvgIds(fakePlotlySvg('c1ce3b', ['ad9fc7', '474309'], 'loss'));
  const b = normalizeSvgIds(fakePlotlySvg('ed6c8b', ['cd61ad', 'a67e02'], 'loss'));
  assert.equal(a, b);
  assert.doesNotMatch(a, /c1ce3b|ad9fc7|474309/);
});

test('ids and their references are renamed consistently', () => {
  const s = normalizeSvgIds(fakePlotlySvg('c1ce3b', ['ad9fc7']));
  assert.match(s, /<defs id="defs-sl0">/);
  assert.match(s, /id="clipsl0xyplot"/);
  assert.match(s, /clip-path="url\(#clipsl0xyplot\)"/);
  assert.match(s, /id="legendsl0"/);
  assert.match(s, /clip-path="url\(#legendsl0\)"/);
  assert.match(s, /href="#clipsl0x"/);
  assert.match(s, /class="trace scatter trace-sl0"/);
});

test('text content that happens to contain the uid is left untouched', () => {
  const s = normalizeSvgIds(fakePlotlySvg('c1ce3b', []));
  assert.match(s, /<text>label c1ce3b stays<\/text>/);
});

test('an SVG without Plotly ids is returned unchanged', () => {
  const svg = '<svg><rect id="mine"/><g class="trace"/></svg>';
  assert.equal(normalizeSvgIds(svg), svg);
});
