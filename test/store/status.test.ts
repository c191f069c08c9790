import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import { openRun } from '../../src/store/open-run';
import { readStatus } from '../../src/store/run-status';
import { readRecords } from '../../src/store/read-records';
import { cleanup, tempDir } from '../checkpoint/helpers';
import { steps } from './helpers';

describe('run status', () => {
  let root: string;
  before(() => { root = tempDir(); });
  after(() => cleanup(root));

  it('a new run is running at step 0 and writes its canonical config', () => {
    const run = openRun({ z: 1, a: { y: 2, b: 3 } }, { root });
    assert.equal(run.status.state, 'running');
    assert.equal(run.status.step, 0);
    assert.equal(run.isComplete, false);
    assert.equal(readStatus(run.paths.status)?.state, 'running');
    assert.equal(fs.readFileSync(run.paths.config, 'utf8'), '{\n  "a": {\n    "b": 3,\n    "y": 2\n  },\n  "z": 1\n}\n');
    assert.deepEqual(run.config, { a: { b: 3, y: 2 }, z: 1 });
    run.close();
  });

  it('finished runs are complete: reopening reuses them read-only', () => {
    const config = { test: 'finished' };
    const run = openRun(config, { root });
    run.append({ step: 1, loss: 0.3 });
    run.finish('finished', 'reached 1 step');
    const status = readStatus(run.paths.status);
    assert.deepEqual([status?.state, status?.step, status?.message], ['finished', 1, 'reached 1 step']);
    assert.match(status?.updated ?? '', /^\d{4}-\d\d-\d\dT/);
    assert.equal(fs.existsSync(run.paths.lock), false);

    const again = openRun({ ...config }, { root });
    assert.equal(again.dir, run.dir);
    assert.equal(again.isComplete, true);
    assert.equal(again.writable, false);
    assert.deepEqual(steps(again.records()), [1]);
    assert.throws(() => again.append({ step: 2 }), /is finished; its records are final/);
    assert.equal(fs.existsSync(again.paths.lock), false, 'reading a complete run takes no lock');
  });

  it('diverged runs are complete too', () => {
    const run = openRun({ test: 'diverged' }, { root });
    run.append({ step: 4, loss: Infinity });
    run.finish('diverged', 'loss was Infinity at step 4');
    assert.equal(openRun({ test: 'diverged' }, { root }).isComplete, true);
  });

  it('aborted and failed runs resume writable', () => {
    for (const state of ['aborted', 'failed'] as const) {
      const run = openRun({ test: state }, { root });
      run.finish(state, 'stopped');
      const again = openRun({ test: state }, { root });
      assert.equal(again.isComplete, false);
      assert.equal(again.writable, true);
      assert.equal(again.status.state, 'running');
      again.close();
    }
  });

  it('restart discards a complete run and starts over', () => {
    const config = { test: 'restart' };
    const run = openRun(config, { root });
    run.append({ step: 1 });
    run.finish('finished');
    const fresh = openRun(config, { root, restart: true });
    assert.equal(fresh.writable, true);
    assert.equal(fresh.resumeStep, null);
    assert.deepEqual(readRecords(fresh.dir), []);
    assert.ok(fresh.notes.some((n) => /restarted from scratch/.test(n)));
    fresh.close();
  });

  it('a config.json that does not match the hash is refused', () => {
    const run = openRun({ test: 'tampered' }, { root });
    run.close();
    fs.writeFileSync(run.paths.config, '{"test": "something else"}');
    assert.throws(() => openRun({ test: 'tampered' }, { root }), /holds a different config/);
  });
});
