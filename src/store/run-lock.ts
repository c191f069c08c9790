/**
 * One writer per run: a lock file holding the writer's PID and host (and Slurm task, if any). It is
 * created complete and atomically (written to a temp file, then hard-linked into place, which fails
 * if a lock exists), so a killed writer never leaves an empty lock. A lock is stale, and is taken
 * over with a note saying so, when its PID is dead on this host; on another host, when its
 * heartbeat is older than the lease or it is an earlier incarnation of this same Slurm task
 * (lock-lease.ts).
 */
import * as fs from 'fs';
import * as os from 'os';
import { isPidAlive, tempSibling, writeFileDurable } from '../checkpoint/atomic-file';
import { isJsonObject } from '../checkpoint/json-codec';
import { withDiskFaults } from '../util/disk-fault';
import { heartbeatAge, leaseSeconds, slurmTaskId } from './lock-lease';

/** The content of a lock file. */
export interface LockInfo {
  readonly pid: number;
  readonly host: string;
  /** ISO-8601 time the lock was taken. */
  readonly acquired: string;
  /** The holder's Slurm task ("<array job>_<index>"), when it runs under Slurm. */
  readonly slurmTask?: string;
}

/** Thrown when another live process holds the run. */
export class RunLockedError extends Error {
  /** The holder, when the lock file is readable. */
  readonly holder: LockInfo;
  constructor(file: string, holder: LockInfo, why: string) {
    super(`${file}: run is locked by process ${holder.pid} on ${holder.host} since ${holder.acquired} (${why}); ` +
      'wait for it, or delete the lock file if you are sure it is not running');
    this.name = 'RunLockedError';
    this.holder = holder;
  }
}

const ATTEMPTS = 5;

/**
 * Takes the lock, or takes over a stale one.
 * @param file the lock file path.
 * @returns `note`: a sentence when a stale lock was taken over, else undefined.
 * @throws RunLockedError when a live process holds the lock (on another host: one whose heartbeat is within the lease).
 */
export function acquireLock(file: string): { note?: string } {
  let note: string | undefined;
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    if (withDiskFaults(file, 'taking the run lock', () => tryCreate(file))) return { note };
    const holder = readLock(file);
    if (holder === null) continue; // released meanwhile: try again
    const why = holder === undefined ? undefined : liveReason(file, holder);
    if (holder !== undefined && why !== undefined) throw new RunLockedError(file, holder, why);
    const reason = holder === undefined ? '' : staleReason(file, holder);
    if (moveAsideIfUnchanged(file, holder)) note = staleNote(holder, reason);
  }
  throw new Error(`${file}: could not take the lock after ${ATTEMPTS} attempts (other processes keep racing for it)`);
}

/**
 * Removes the lock if this process holds it (never someone else's).
 * @param file the lock file path.
 */
export function releaseLock(file: string): void {
  const holder = readLock(file);
  if (holder !== null && holder !== undefined && holder.pid === process.pid && holder.host === os.hostname()) {
    fs.rmSync(file, { force: true });
  }
}

/** The lock's holder; null when there is no lock; undefined when the file is unreadable. */
export function readLock(file: string): LockInfo | null | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  try {
    const json: unknown = JSON.parse(text);
    if (isJsonObject(json) && typeof json.pid === 'number' && typeof json.host === 'string') return json as unknown as LockInfo;
  } catch {
    // fall through: unreadable
  }
  return undefined;
}

function tryCreate(file: string): boolean {
  const tmp = tempSibling(file);
  const task = slurmTaskId();
  const info: LockInfo = { pid: process.pid, host: os.hostname(), acquired: new Date().toISOString(), ...(task && { slurmTask: task }) };
  const text = JSON.stringify(info) + '\n';
  writeFileDurable(tmp, text);
  try {
    fs.linkSync(tmp, file); // atomic create-if-absent, with the content already complete
    return true;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS') throw err;
    return createExclusive(file, text); // no hard links on this file system
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}

function createExclusive(file: string, text: string): boolean {
  try {
    fs.writeFileSync(file, text, { flag: 'wx' });
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
}

function staleNote(holder: LockInfo | undefined, why: string): string {
  if (holder === undefined) return 'replaced an unreadable lock file';
  return `took over a stale lock of process ${holder.pid} on ${holder.host} (taken ${holder.acquired}): ${why}`;
}

/** Why the holder counts as live, or undefined when it is stale (an unreadable lock is stale too). */
function liveReason(file: string, holder: LockInfo): string | undefined {
  if (holder.host === os.hostname()) {
    if (holder.pid === process.pid) return 'this process already has the run open';
    return isPidAlive(holder.pid) ? 'that process is alive' : undefined;
  }
  if (holder.slurmTask !== undefined && holder.slurmTask === slurmTaskId()) return undefined; // this task, requeued
  const age = heartbeatAge(file);
  if (age === undefined) return undefined; // released meanwhile
  const lease = leaseSeconds();
  return age <= lease ? `another host, heartbeat ${Math.round(age)} s ago (lease ${lease} s)` : undefined;
}

/** Why a lock judged stale by liveReason is stale, for the note. */
function staleReason(file: string, holder: LockInfo): string {
  if (holder.host === os.hostname()) return 'that process is no longer running';
  if (holder.slurmTask !== undefined && holder.slurmTask === slurmTaskId()) {
    return `it was an earlier run of this Slurm task ${holder.slurmTask} (requeued)`;
  }
  const age = heartbeatAge(file);
  return `its heartbeat stopped ${age === undefined ? 'a while' : `${Math.round(age)} s`} ago (lease ${leaseSeconds()} s, $SHARPNESS_LAB_LOCK_LEASE)`;
}

/** Renames the stale lock aside; if it turns out to be a newer lock, puts it back. */
function moveAsideIfUnchanged(file: string, stale: LockInfo | undefined): boolean {
  const aside = `${file}.stale-${process.pid}`;
  try {
    fs.renameSync(file, aside);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
  const moved = readLock(aside);
  const same = stale === undefined ? moved === undefined : moved?.pid === stale.pid && moved.acquired === stale.acquired;
  if (!same) {
    try { fs.linkSync(aside, file); } catch { /* someone else holds it now; they win */ }
  }
  fs.rmSync(aside, { force: true });
  return same;
}
