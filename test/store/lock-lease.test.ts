/**
 * A run store shared by several hosts: a lock held on another host is respected while its heartbeat
 * is within the lease, and recovered once the holder is dead for longer than the lease (or at once
 * by a requeued incarnation of the same Slurm task). The last test uses a real second host name: a
 * process in its own UTS namespace (`unshare --uts`, root only) holds the run, is killed with -9,
 * and the run is taken over once its heartbeat is older than the lease.
 */
import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { openRun } from '../../src/store/open-run';
import { LockInfo, readLock, RunLockedError } from '../../src/store/run-lock';
import { LOCK_LEASE_ENV } from '../../src/store/lock-lease';
import { cleanup, tempDir } from '../checkpoint/helpers';
import { skipUnlessCi } from '../helpers/skip-unless-ci';

const ROOT = path.resolve(__dirname, '..', '..');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A lock as another host's process would write it, with its heartbeat `ageSeconds` old. */
function foreignLock(file: string, ageSeconds: number, extra: Partial<LockInfo> = {}): void {
  const info: LockInfo = { pid: 4242, host: 'node-b.cluster', acquired: '2026-01-01T00:00:00.000Z', ...extra };
  fs.writeFileSync(file, JSON.stringify(info) + '\n');
  const t = new Date(Date.now() - ageSeconds * 1000);
  fs.utimesSync(file, t, t);
}

function setEnv(vars: Record<string, string | undefined>): void {
  for (const [k, v] of Object.entries(vars)) if (v === undefined) delete process.env[k]; else process.env[k] = v;
}

/** Runs f (sync or async) with the variables set, and restores them when it has ended. */
async function withEnv<T>(vars: Record<string, string | undefined>, f: () => T | Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  setEnv(vars);
  try {
    return await f();
  } finally {
    setEnv(saved);
  }
}

describe('run lock lease (shared run stores)', () => {
  let root: string;
  before(() => { root = tempDir(); });
  after(() => cleanup(root));

  it("respects another host's lock while its heartbeat is within the lease", () => {
    const probe = openRun({ test: 'lease-live' }, { root });
    probe.close();
    foreignLock(probe.paths.lock, 30);
    assert.throws(() => openRun({ test: 'lease-live' }, { root }), (err: unknown) => {
      assert.ok(err instanceof RunLockedError);
      assert.match(err.message, /on node-b\.cluster .*another host, heartbeat 30 s ago \(lease 600 s\)/);
      return true;
    });
  });

  it("takes over another host's lock once its heartbeat is older than the lease, with a note", () => {
    const probe = openRun({ test: 'lease-expired' }, { root });
    probe.close();
    foreignLock(probe.paths.lock, 601);
    const run = openRun({ test: 'lease-expired' }, { root });
    assert.equal(readLock(run.paths.lock)?.host, os.hostname());
    assert.ok(run.notes.some((n) => /stale lock of process 4242 on node-b\.cluster .*heartbeat stopped 601 s ago \(lease 600 s/.test(n)), run.notes.join('; '));
    run.close();
  });

  it('lets a requeued Slurm task take its own earlier lock at once, but not another task\'s', async () => {
    const probe = openRun({ test: 'requeue' }, { root });
    probe.close();
    await withEnv({ SLURM_ARRAY_JOB_ID: '77', SLURM_ARRAY_TASK_ID: '3', SLURM_JOB_ID: '80' }, () => {
      foreignLock(probe.paths.lock, 5, { slurmTask: '77_4' });
      assert.throws(() => openRun({ test: 'requeue' }, { root }), RunLockedError);
      foreignLock(probe.paths.lock, 5, { slurmTask: '77_3' });
      const run = openRun({ test: 'requeue' }, { root });
      assert.equal(readLock(run.paths.lock)?.slurmTask, '77_3');
      assert.ok(run.notes.some((n) => n.includes('earlier run of this Slurm task 77_3 (requeued)')), run.notes.join('; '));
      run.close();
    });
  });

  it('renews the heartbeat while the run is open, and stops when it is closed', async () => {
    await withEnv({ [LOCK_LEASE_ENV]: '1' }, async () => {
      const run = openRun({ test: 'heartbeat' }, { root }); // beats every 250 ms
      const old = new Date(Date.now() - 3600_000);
      fs.utimesSync(run.paths.lock, old, old);
      await sleep(600);
      const age = (Date.now() - fs.statSync(run.paths.lock).mtimeMs) / 1000;
      assert.ok(age < 1, `heartbeat ${age.toFixed(1)} s old while open`);
      run.close();
      assert.equal(fs.existsSync(run.paths.lock), false);
    });
  });

  it('a real second host: its live lock is refused; after kill -9 and one lease, it is taken over', async (t) => {
    const why = process.getuid?.() !== 0 ? 'needs root (unshare --uts)'
      : spawnSync('unshare', ['--uts', 'true']).status !== 0 ? 'unshare --uts is not available' : undefined;
    if (why) return skipUnlessCi(t, why);
    const holderCode = `
      const { openRun } = require(${JSON.stringify(path.join(ROOT, 'dist', 'store', 'open-run.js'))});
      openRun({ test: 'two-hosts' }, { root: ${JSON.stringify(root)} });
      console.log(require('os').hostname()); setInterval(() => {}, 1000);`;
    const holder = spawn('unshare', ['--uts', 'sh', '-c', `hostname node-b && exec "${process.execPath}" -e "$0"`, holderCode],
      { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, [LOCK_LEASE_ENV]: '2' } });
    try {
      const host = await new Promise<string>((resolve, reject) => {
        holder.stdout.once('data', (d: Buffer) => resolve(d.toString().trim()));
        holder.once('exit', (code) => reject(new Error(`the holder exited (${code}) before taking the lock`)));
      });
      assert.equal(host, 'node-b');
      await withEnv({ [LOCK_LEASE_ENV]: '2' }, async () => {
        await sleep(2500); // longer than the lease: only the heartbeat keeps the lock live
        assert.throws(() => openRun({ test: 'two-hosts' }, { root }), /locked by process \d+ on node-b .*heartbeat \d s ago \(lease 2 s\)/);
        holder.kill('SIGKILL');
        await new Promise((resolve) => holder.once('exit', resolve));
        assert.throws(() => openRun({ test: 'two-hosts' }, { root }), RunLockedError, 'a lock just killed is still within its lease');
        await sleep(2500);
        const run = openRun({ test: 'two-hosts' }, { root });
        assert.ok(run.notes.some((n) => /stale lock of process \d+ on node-b .*heartbeat stopped \d s ago/.test(n)), run.notes.join('; '));
        run.close();
      });
    } finally {
      holder.kill('SIGKILL');
    }
  });
});
