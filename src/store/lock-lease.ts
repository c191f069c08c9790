/**
 * A run lock's lease, for run stores shared by several hosts (a cluster's file system). A PID can
 * only be checked on its own host, so the holder renews its lock's modification time every quarter
 * lease (a heartbeat); another host treats the lock as stale once the heartbeat is older than the
 * lease. A Slurm task that is requeued after preemption or a node failure carries the same task id,
 * and Slurm never runs one task twice at once: its new incarnation may take its own old lock at once.
 *
 * Clocks: the heartbeat is the holder's clock, the check the reader's; hosts must agree to well
 * within the lease (NTP does), which is why the default lease is minutes, not seconds.
 */
import * as fs from 'fs';
import { positiveIntEnv } from '../util/positive-int-env';

/** Seconds without a heartbeat after which another host may take a lock over. */
export const LOCK_LEASE_ENV = 'SHARPNESS_LAB_LOCK_LEASE';
const DEFAULT_LEASE_SECONDS = 600;

/** The lease in seconds (`$SHARPNESS_LAB_LOCK_LEASE`, default 600). */
export function leaseSeconds(): number {
  return positiveIntEnv(LOCK_LEASE_ENV, DEFAULT_LEASE_SECONDS);
}

/**
 * This process's Slurm task ("<array job>_<index>", or the job id outside arrays); undefined outside Slurm.
 * @example slurmTaskId() // '1234_7' inside task 7 of array job 1234
 */
export function slurmTaskId(): string | undefined {
  const { SLURM_ARRAY_JOB_ID: array, SLURM_ARRAY_TASK_ID: index, SLURM_JOB_ID: job } = process.env;
  if (array && index) return `${array}_${index}`;
  return job || undefined;
}

/** Seconds since the lock file's last heartbeat; undefined when it is gone. */
export function heartbeatAge(file: string, now = Date.now()): number | undefined {
  try {
    return (now - fs.statSync(file).mtimeMs) / 1000;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/**
 * Renews the lock file's modification time every quarter lease until the returned stop is called.
 * The timer is unref'd (it never keeps the process alive); the training loop yields to the event
 * loop every step, so the heartbeat beats as long as training makes progress.
 * @returns stop (idempotent).
 */
export function startHeartbeat(file: string): () => void {
  const beat = () => {
    const now = new Date();
    try {
      fs.utimesSync(file, now, now);
    } catch {
      // the lock is gone (released, or taken over as stale): the next open or seal will tell
    }
  };
  const timer = setInterval(beat, (leaseSeconds() * 1000) / 4);
  timer.unref();
  return () => clearInterval(timer);
}
