import { test, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { plotlyHtml, showPlotly, resetPlotlyState, scriptJson, plotlyBundleScript, initPlotly } from '../../src/viz/plotly-html';
import { setDisplaySink, type DisplaySink } from '../../src/display/kernel';

const fig = { data: [{ type: 'scatter', x: [1, 2], y: [3, 4], name: '</script><b>x' }], layout: { title: { text: 't' } } };
let shown: string[] = [];
const sink: DisplaySink = { html: (s) => void shown.push(s), svg: () => {}, png: () => {}, text: () => {} };

beforeEach(() => {
  shown = [];
  resetPlotlyState();
});
afterEach(() => setDisplaySink(undefined));

const BUNDLE_MARK = '<script type="text/javascript">/**'; // the bundle starts with its licence comment
const hasBundle = (html: string) => html.length > 1_000_000 && html.includes(plotlyBundleScript());

test('the first displayed figure inlines the plotly.js bundle and later ones do not', () => {
  setDisplaySink(sink);
  assert.equal(showPlotly(fig), true);
  showPlotly(fig);
  showPlotly(fig);
  assert.equal(shown.length, 3);
  assert.ok(hasBundle(shown[0]), 'first output carries the bundle');
  assert.ok(shown.slice(1).every((h) => h.length < 10_000 && !h.includes(BUNDLE_MARK)));
});

test('figures get deterministic div ids from a counter', () => {
  setDisplaySink(sink);
  showPlotly(fig);
  showPlotly(fig);
  assert.match(shown[0], /<div id="sl-plot-1"/);
  assert.match(shown[1], /<div id="sl-plot-2"/);
  resetPlotlyState();
  showPlotly(fig);
  assert.match(shown[2], /<div id="sl-plot-1"/);
  assert.ok(hasBundle(shown[2]), 'after a reset the bundle is emitted again');
});

test('nothing displayed outside a kernel does not consume the bundle', () => {
  assert.equal(showPlotly(fig), false); // no sink, not in tslab
  setDisplaySink(sink);
  showPlotly(fig);
  assert.ok(hasBundle(shown[0]));
});

test('plotlyHtml includes the bundle only when asked and honours an explicit id', () => {
  const html = plotlyHtml(fig, { id: 'my-fig' });
  assert.ok(!html.includes(BUNDLE_MARK));
  assert.match(html, /getElementById\("my-fig"\)/);
  assert.ok(hasBundle(plotlyHtml(fig, { includeBundle: true })));
});

test('figure data cannot close the script tag', () => {
  const html = plotlyHtml(fig, { id: 'x' });
  assert.equal(html.match(/<\/script>/g)?.length, 1);
  assert.ok(html.includes('\\u003c/script>\\u003cb>x'));
  assert.equal(JSON.parse(scriptJson({ a: '</script>\u2028' })).a, '</script>\u2028');
});

test('initPlotly emits the bundle up front so no figure carries it', () => {
  setDisplaySink(sink);
  initPlotly();
  showPlotly(fig);
  assert.equal(shown[0], plotlyBundleScript());
  assert.ok(!shown[1].includes(BUNDLE_MARK));
  assert.match(shown[1], /<div id="sl-plot-1"/);
});

test("a sink that takes bundles gets one output with text/html and Plotly's own MIME type", () => {
  const bundles: Record<string, unknown>[] = [];
  setDisplaySink({ ...sink, bundle: (d) => void bundles.push({ ...d }) });
  showPlotly(fig);
  showPlotly(fig);
  assert.equal(shown.length, 0, 'nothing went to the html-only path');
  assert.equal(bundles.length, 2);
  assert.deepEqual(Object.keys(bundles[1]).sort(), ['application/vnd.plotly.v1+json', 'text/html']);
  const json = bundles[1]['application/vnd.plotly.v1+json'] as { data: unknown; layout: unknown; config: Record<string, unknown> };
  assert.deepEqual(json.data, fig.data);
  assert.deepEqual(json.layout, fig.layout);
  assert.equal(json.config.displaylogo, false);
  assert.ok(hasBundle(bundles[0]['text/html'] as string) && !hasBundle(bundles[1]['text/html'] as string));
});
