import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as aq from 'arquero';
import { tableHtml, formatNumber, formatCell, escapeHtml, showTable } from '../../src/viz/table-html';
import { setDisplaySink } from '../../src/display/kernel';

test('numbers are formatted for reading', () => {
  assert.equal(formatNumber(1000), '1000');
  assert.equal(formatNumber(0.1234567), '0.1235');
  assert.equal(formatNumber(3.14159, 3), '3.14');
  assert.equal(formatNumber(123456.7), '1.235e+5');
  assert.equal(formatNumber(0.000012346), '1.235e-5');
  assert.equal(formatNumber(2e-4), '2e-4');
  assert.equal(formatNumber(0), '0');
  assert.equal(formatNumber(NaN), 'NaN');
  assert.equal(formatNumber(-Infinity), '−∞');
});

test('cells of other types become short text', () => {
  assert.equal(formatCell(null), '');
  assert.equal(formatCell(true), 'true');
  assert.equal(formatCell([1, 0.5]), '[1, 0.5]');
  assert.equal(formatCell(new Float32Array(10)), '[0, 0, 0, 0, 0, 0, 0, 0, … (10)]');
  assert.equal(formatCell({ a: 1 }), '{"a":1}');
});

test('strings are HTML-escaped', () => {
  assert.equal(escapeHtml(`<a href="x">&'`), '&#60;a href=&#34;x&#34;&#62;&#38;&#39;');
  const html = tableHtml([{ name: '<script>alert(1)</script>' }]);
  assert.ok(!html.includes('<script>'));
  assert.ok(html.includes('&#60;script&#62;'));
});

test('an Arquero table renders with its column order, numbers right-aligned', () => {
  const t = aq.table({ method: ['polyak', 'cdat-2'], eta: [0.1, 0.03162277] });
  const html = tableHtml(t, { caption: 'runs' });
  assert.match(html, /<caption[^>]*>runs<\/caption>/);
  assert.ok(html.indexOf('>method</th>') < html.indexOf('>eta</th>'));
  assert.match(html, /text-align:right;">0.03162<\/td>/);
  assert.match(html, /text-align:left;">polyak<\/td>/);
});

test('long inputs are cut at the limit with a footer', () => {
  const rows = Array.from({ length: 30 }, (_, i) => ({ i: i }));
  const html = tableHtml(rows, { limit: 5 });
  assert.equal(html.match(/<tr>/g)?.length, 1 + 5 + 1);
  assert.match(html, /… 25 more rows \(30 total\)/);
  const t = tableHtml(aq.from(rows), { limit: 5 });
  assert.match(t, /… 25 more rows/);
});

test('row objects with different keys get the union of columns', () => {
  const html = tableHtml([{ a: 1 }, { b: 'x' }], { columns: undefined });
  assert.ok(html.includes('>a</th>') && html.includes('>b</th>'));
});

test('showTable displays through the current sink and returns nothing', () => {
  const shown: string[] = [];
  setDisplaySink({ html: (s) => void shown.push(s), svg: () => {}, png: () => {}, text: () => {} });
  try {
    assert.equal(showTable([{ a: 1 }]), undefined);
    assert.equal(shown.length, 1);
  } finally {
    setDisplaySink(undefined);
  }
});
