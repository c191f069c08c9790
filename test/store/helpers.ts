/** Shared helpers for run-store tests. */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import { LockInfo } from '../../src/store/run-lock';

/** A PID that just exited (spawned and reaped), so it is dead on this host. */
export function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '0']);
  if (typeof child.pid !== 'number') throw new Error('could not spawn a child process');
  return child.pid;
}

/** Writes a lock file as if process `pid` on this host had taken the run. */
export function fakeLock(file: string, pid: number): LockInfo {
  const info: LockInfo = { pid, host: os.hostname(), acquired: '2020-01-01T00:00:00.000Z' };
  fs.writeFileSync(file, JSON.stringify(info) + '\n');
  return info;
}

/** The `step` fields of rows, in order. */
export function steps(rows: readonly Record<string, unknown>[]): unknown[] {
  return rows.map((r) => r.step);
}

/** 1, 2, …, n. */
export function range1(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i + 1);
}
