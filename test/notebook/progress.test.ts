import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { progressBar, progressDisplay } from '../../src/display/progress';
import type { DisplaySink } from '../../src/display/kernel';

function fakeStream(isTTY: boolean): { stream: Writable & { isTTY?: boolean }; out: string[] } {
  const out: string[] = [];
  const stream = new Writable({ write(chunk, _enc, cb) { out.push(String(chunk)); cb(); } }) as Writable & { isTTY?: boolean };
  stream.isTTY = isTTY;
  return { stream: stream, out: out };
}

test('progressBar draws a fixed-width bar with a percentage', () => {
  assert.equal(progressBar(0.5, 10), '[#####-----]  50%');
  assert.equal(progressBar(2, 4), '[####] 100%');
  assert.equal(progressBar(NaN, 4), '[----]   0%');
});

test('on a terminal, updates rewrite one line and done() ends it', () => {
  const { stream, out } = fakeStream(true);
  const p = progressDisplay({ sink: stream, minIntervalMs: 0, barWidth: 4 });
  p.update('step 1/2', 0.5);
  p.update('s 2', 1);
  p.done();
  assert.equal(out.join(''), '\r[##--]  50% step 1/2\r[####] 100% s 2     \r[####] 100% s 2     \n');
});

test('in logs (no TTY), updates are throttled to separate lines', () => {
  const { stream, out } = fakeStream(false);
  const p = progressDisplay({ sink: stream, minIntervalMs: 60_000 });
  for (let i = 0; i < 100; i++) p.update(`step ${i}`);
  p.done('finished');
  assert.deepEqual(out, ['step 0\n', 'finished\n']);
});

test('inside a kernel-like sink, updates go to one updatable text output', () => {
  const texts: string[] = [];
  const sink: DisplaySink = { text: (s) => void texts.push(s), html: () => {}, svg: () => {}, png: () => {} };
  const p = progressDisplay({ sink: sink, minIntervalMs: 0 });
  p.update('a');
  p.update('b');
  p.done();
  assert.deepEqual(texts, ['a', 'b', 'b']);
});
