import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as aq from 'arquero';
import { openRun } from '../../src/store/open-run';
import { readRecords, readTimings } from '../../src/store/read-records';
import { cleanup, tempDir } from '../checkpoint/helpers';
import { range1, steps } from './helpers';

describe('run records', () => {
  let root: string;
  before(() => { root = tempDir(); });
  after(() => cleanup(root));

  it('buffers appends until flush, then reads them back in order', () => {
    const run = openRun({ test: 'buffer' }, { root });
    run.append({ step: 1, loss: 0.5 });
    run.append({ step: 2, loss: 0.25 });
    assert.deepEqual(readRecords(run.dir), []);
    run.flush();
    assert.deepEqual(readRecords(run.dir), [{ step: 1, loss: 0.5 }, { step: 2, loss: 0.25 }]);
    run.finish('finished');
  });

  it('writes one JSON object per line and keeps timings out of records.jsonl', () => {
    const run = openRun({ test: 'lines' }, { root });
    run.append({ step: 0, loss: 1, lr: 0.01 });
    run.appendTiming({ step: 0, seconds: 0.123 });
    run.finish('finished');
    assert.equal(fs.readFileSync(run.paths.records, 'utf8'), '{"step":0,"loss":1,"lr":0.01}\n');
    assert.deepEqual(readTimings(run.dir), [{ step: 0, seconds: 0.123 }]);
  });

  it('keeps NaN and ±Infinity, including inside arrays', () => {
    const run = openRun({ test: 'non-finite' }, { root });
    run.append({ step: 1, loss: NaN, grad: Infinity, eigs: [1.5, -Infinity] });
    run.finish('diverged', 'loss is NaN');
    const [row] = readRecords(run.dir);
    assert.ok(Number.isNaN(row.loss));
    assert.equal(row.grad, Infinity);
    assert.deepEqual(row.eigs, [1.5, -Infinity]);
  });

  it('loads directly into an Arquero table', () => {
    const run = openRun({ test: 'arquero' }, { root });
    for (const step of range1(4)) run.append({ step, metric: 'loss', value: 1 / step });
    run.finish('finished');
    const table = aq.from(readRecords(run.dir));
    assert.equal(table.numRows(), 4);
    assert.deepEqual(table.columnNames(), ['step', 'metric', 'value']);
    assert.equal(table.rollup({ total: aq.op.sum('value') }).get('total', 0), 1 + 1 / 2 + 1 / 3 + 1 / 4);
  });

  it('allows several rows per step but refuses a decreasing or missing step', () => {
    const run = openRun({ test: 'steps' }, { root });
    run.append({ step: 3, metric: 'loss', value: 1 });
    run.append({ step: 3, metric: 'lr', value: 0.1 });
    assert.throws(() => run.append({ step: 2, metric: 'loss', value: 1 }), /steps must not decrease/);
    assert.throws(() => run.append({ step: 1.5 }), /integer step/);
    assert.throws(() => run.append({ loss: 1 }), /integer step/);
    assert.throws(() => run.append([1, 2]), /plain object/);
    run.finish('finished');
    assert.deepEqual(steps(readRecords(run.dir)), [3, 3]);
  });

  it('skips a torn last line when reading a run that is still being written', () => {
    const run = openRun({ test: 'torn-read' }, { root });
    run.append({ step: 1, loss: 2 });
    run.flush();
    fs.appendFileSync(run.paths.records, '{"step":2,"lo');
    assert.deepEqual(readRecords(run.dir), [{ step: 1, loss: 2 }]);
    run.close();
  });

  it('a corrupt complete line is an error naming the file and line', () => {
    const run = openRun({ test: 'corrupt-line' }, { root });
    run.append({ step: 1, loss: 2 });
    run.flush();
    fs.appendFileSync(run.paths.records, 'garbage\n');
    assert.throws(() => readRecords(run.dir), /records\.jsonl:2: not valid JSON/);
    run.close();
  });
});
