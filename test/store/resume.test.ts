/**
 * Simulated crashes: a handle is abandoned mid-run (its lock rewritten to a dead PID, as a killed
 * process leaves it) after records were flushed past the last checkpoint and a line was torn.
 */
import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import { saveCheckpoint } from '../../src/checkpoint/save-checkpoint';
import { openRun } from '../../src/store/open-run';
import { RunHandle } from '../../src/store/run-handle';
import { readRecords, readTimings } from '../../src/store/read-records';
import { disposeParams } from '../../src/model/params';
import { bytesOf, cleanup, DATA, makeParams, OBJECTIVE, SPEC, tempDir, useCpu } from '../checkpoint/helpers';
import { deadPid, fakeLock, range1, steps } from './helpers';

function appendSteps(run: RunHandle, from: number, to: number): void {
  for (let step = from; step <= to; step++) {
    run.append({ step, loss: 1 / step, lr: 0.1 });
    run.appendTiming({ step, seconds: step * 0.01 });
  }
}

async function checkpoint(run: RunHandle, step: number): Promise<void> {
  const params = makeParams(step);
  await run.saveCheckpoint({ step, params, spec: SPEC, objective: OBJECTIVE, data: DATA, state: { tuner: { eta: step / 10 } } });
  disposeParams(params);
}

/** What a `kill -9` leaves: unflushed rows lost, the lock naming a dead PID. */
function crash(run: RunHandle): void {
  fakeLock(run.paths.lock, deadPid());
}

describe('resuming after a crash', () => {
  let root: string;
  before(async () => { await useCpu(); root = tempDir(); });
  after(() => cleanup(root));

  it('resumes at the checkpoint step with exactly the records up to it, then appends without duplicates', async () => {
    const config = { test: 'crash', seed: 1 };
    const first = openRun(config, { root });
    assert.equal(first.resumeStep, null);
    appendSteps(first, 1, 5);
    await checkpoint(first, 5);
    appendSteps(first, 6, 8);
    first.flush();
    fs.appendFileSync(first.paths.records, '{"step":9,"loss":0.1');
    const durable = fs.readFileSync(first.paths.records, 'utf8').split('\n').slice(0, 5).map((l) => l + '\n').join('');
    crash(first);

    const second = openRun(config, { root });
    assert.equal(second.resumeStep, 5);
    assert.equal(second.status.state, 'running');
    assert.equal(fs.readFileSync(second.paths.records, 'utf8'), durable);
    assert.deepEqual(steps(readTimings(second.dir)), range1(5));
    assert.ok(second.notes.some((n) => /took over a stale lock/.test(n)), second.notes.join('; '));
    assert.ok(second.notes.some((n) => /dropped 3 line\(s\) of records\.jsonl/.test(n)), second.notes.join('; '));
    const ckpt = await second.latestCheckpoint({ like: makeParams(0) });
    assert.ok(ckpt);
    assert.equal(ckpt.step, 5);
    assert.deepEqual(ckpt.state, { tuner: { eta: 0.5 } });
    assert.ok(bytesOf(ckpt.params)[0].equals(bytesOf(makeParams(5))[0]));

    appendSteps(second, 6, 8);
    second.finish('finished');
    assert.deepEqual(steps(readRecords(second.dir)), range1(8));
    assert.deepEqual(steps(readTimings(second.dir)), range1(8));
  });

  it('writes records.jsonl byte-identical to an uninterrupted run', async () => {
    const straight = openRun({ test: 'straight' }, { root });
    appendSteps(straight, 1, 7);
    await checkpoint(straight, 7);
    appendSteps(straight, 8, 12);
    straight.finish('finished');

    const config = { test: 'interrupted' };
    const a = openRun(config, { root });
    appendSteps(a, 1, 4);
    await checkpoint(a, 4);
    appendSteps(a, 5, 6);
    a.flush();
    crash(a);
    const b = openRun(config, { root });
    appendSteps(b, 5, 7);
    await checkpoint(b, 7);
    appendSteps(b, 8, 10);
    b.flush();
    fs.appendFileSync(b.paths.records, '{"st');
    crash(b);
    const c = openRun(config, { root });
    assert.equal(c.resumeStep, 7);
    appendSteps(c, 8, 12);
    c.finish('finished');
    assert.equal(fs.readFileSync(c.paths.records, 'utf8'), fs.readFileSync(straight.paths.records, 'utf8'));
  });

  it('without a checkpoint, a crashed run restarts from scratch with no records', () => {
    const config = { test: 'no-checkpoint' };
    const first = openRun(config, { root });
    appendSteps(first, 0, 3);
    first.flush();
    crash(first);
    const second = openRun(config, { root });
    assert.equal(second.resumeStep, null);
    assert.deepEqual(readRecords(second.dir), []);
    assert.deepEqual(readTimings(second.dir), []);
    second.close();
  });

  it('also resumes exactly when checkpoint k is saved before the record of step k (the train loop convention)', async () => {
    const config = { test: 'checkpoint-first' };
    const first = openRun(config, { root });
    appendSteps(first, 0, 3);
    await checkpoint(first, 4); // w_4 saved; row 4 not yet written
    appendSteps(first, 4, 6);
    first.flush();
    crash(first);
    const second = openRun(config, { root });
    assert.equal(second.resumeStep, 4);
    assert.deepEqual(steps(readRecords(second.dir)), [0, 1, 2, 3]);
    appendSteps(second, 4, 6); // the loop restarts with row 4
    second.finish('finished');
    assert.deepEqual(steps(readRecords(second.dir)), [0, 1, 2, 3, 4, 5, 6]);
  });

  it('a checkpoint saved without line counts keeps the records with step ≤ its step', async () => {
    const config = { test: 'standalone-checkpoint' };
    const first = openRun(config, { root });
    appendSteps(first, 1, 6);
    first.flush();
    const params = makeParams(0);
    await saveCheckpoint(first.paths.checkpoint, { step: 4, params, spec: SPEC, objective: OBJECTIVE, data: DATA });
    disposeParams(params);
    crash(first);
    const second = openRun(config, { root });
    assert.equal(second.resumeStep, 4);
    assert.deepEqual(steps(readRecords(second.dir)), [1, 2, 3, 4]);
    second.close();
  });

  it('refuses decreasing record steps and a checkpoint behind the previous one', async () => {
    const run = openRun({ test: 'guards' }, { root });
    appendSteps(run, 1, 3);
    await checkpoint(run, 3);
    assert.throws(() => run.append({ step: 2, loss: 1 }), /steps must not decrease/);
    await assert.rejects(checkpoint(run, 2), /checkpoint step 2 is behind the previous checkpoint \(step 3\)/);
    run.close();
  });

  it('records after a resume may not go back before the last kept record', async () => {
    const config = { test: 'guard-after-resume' };
    const first = openRun(config, { root });
    appendSteps(first, 1, 5);
    await checkpoint(first, 5);
    crash(first);
    const second = openRun(config, { root });
    assert.throws(() => second.append({ step: 4 }), /steps must not decrease/);
    second.close();
  });
});
