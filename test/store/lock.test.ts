import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawn } from 'child_process';
import * as fs from 'fs';
import { openRun } from '../../src/store/open-run';
import { readLock, RunLockedError } from '../../src/store/run-lock';
import { cleanup, tempDir } from '../checkpoint/helpers';
import { deadPid, fakeLock } from './helpers';

describe('run lock', () => {
  let root: string;
  before(() => { root = tempDir(); });
  after(() => cleanup(root));

  it('holds the writer PID while open and is released on finish', () => {
    const run = openRun({ test: 'pid' }, { root });
    assert.equal(readLock(run.paths.lock)?.pid, process.pid);
    run.finish('finished');
    assert.equal(fs.existsSync(run.paths.lock), false);
  });

  it('refuses a second writer in the same process', () => {
    const run = openRun({ test: 'twice' }, { root });
    assert.throws(() => openRun({ test: 'twice' }, { root }), RunLockedError);
    run.close();
    openRun({ test: 'twice' }, { root }).close();
  });

  it('refuses a run locked by another live process', async () => {
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'], { stdio: 'ignore' });
    try {
      const probe = openRun({ test: 'live' }, { root });
      probe.close();
      fakeLock(probe.paths.lock, child.pid as number);
      assert.throws(() => openRun({ test: 'live' }, { root }), (err: unknown) => {
        assert.ok(err instanceof RunLockedError);
        assert.equal(err.holder.pid, child.pid);
        assert.match(err.message, /locked by process \d+ .*that process is alive/);
        return true;
      });
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('takes over a stale lock from a dead PID, with a note', () => {
    const probe = openRun({ test: 'stale' }, { root });
    probe.close();
    const dead = deadPid();
    fakeLock(probe.paths.lock, dead);
    const run = openRun({ test: 'stale' }, { root });
    assert.equal(readLock(run.paths.lock)?.pid, process.pid);
    assert.ok(run.notes.some((n) => n.includes(`stale lock of process ${dead}`)), run.notes.join('; '));
    assert.match(run.status.message ?? '', /stale lock/);
    assert.deepEqual(fs.readdirSync(run.dir).filter((f) => f.includes('lock')), ['run.lock']);
    run.close();
  });

  it('replaces an unreadable lock file', () => {
    const probe = openRun({ test: 'garbage-lock' }, { root });
    probe.close();
    fs.writeFileSync(probe.paths.lock, '');
    const run = openRun({ test: 'garbage-lock' }, { root });
    assert.ok(run.notes.includes('replaced an unreadable lock file'));
    run.close();
  });
});
