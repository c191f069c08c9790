/**
 * Opening a run by config: config → canonical JSON → sha256 → `<root>/<hash>/`. A complete run
 * (finished/diverged) is returned read-only so the trainer just reads its records; otherwise the
 * lock is taken, the checkpoint folder is repaired, the JSON-lines files are cut back to the
 * checkpoint's step, and the handle says where to resume.
 */
import * as fs from 'fs';
import { oldSibling, recoverDir } from '../checkpoint/atomic-dir';
import { writeFileAtomic } from '../checkpoint/atomic-file';
import { removeDeadTemps } from '../checkpoint/dead-temps';
import { readCheckpointManifest } from '../checkpoint/load-checkpoint';
import { CanonicalJson, prettyCanonicalJson } from './canonical-json';
import { cutLogsToCheckpoint } from './resume-logs';
import { RunPaths } from './run-files';
import { checkConfigFile, locateRun } from './run-location';
import { RunHandle } from './run-handle';
import { acquireLock, releaseLock } from './run-lock';
import { isCompleteState, readStatus, writeStatus } from './run-status';
import { verifyCompleteRun } from './verify-run';
import { mkdirWithFaults } from '../util/disk-fault';

/** Options for `openRun`. */
export interface OpenRunOptions {
  /** Runs folder; default `$SHARPNESS_LAB_RUNS`, else `<project root>/runs`. */
  readonly root?: string;
  /** Discard records, timings, checkpoint and status and start over (even for a complete run). */
  readonly restart?: boolean;
  /** The writer appends one row per step (the trainer does): a repeated step is then damage, refused on open and seal. */
  readonly uniqueSteps?: boolean;
}

/**
 * Opens (creating if needed) the run for `config`.
 * @param config a plain JSON object: seed, model spec, data subset, tuner, steps, backend and versions, …
 * @param options `root`, `restart`.
 * @returns a read-only handle when the run is complete, else a writable handle holding the lock,
 *   with `resumeStep` = the checkpoint's step (null: start from scratch).
 * @throws RunLockedError when a live process has the run open.
 * @example const run = openRun({ seed: 0, model, tuner, steps: 2000 });
 *   if (run.isComplete) return aq.from(run.records());
 */
export function openRun(config: object, options: OpenRunOptions = {}): RunHandle {
  const { canonical, hash, paths } = locateRun(config, options.root);
  if (!fs.existsSync(paths.dir)) mkdirWithFaults(paths.dir, 'creating the run folder');
  checkConfigFile(paths, canonical);
  const done = completeHandle(hash, paths, canonical, options);
  if (done) return done;
  const { note } = acquireLock(paths.lock);
  try {
    const finishedMeanwhile = completeHandle(hash, paths, canonical, options);
    if (finishedMeanwhile) releaseLock(paths.lock);
    return finishedMeanwhile ?? prepareWritable(hash, paths, canonical, options, note);
  } catch (err) {
    releaseLock(paths.lock);
    throw err;
  }
}

/** A read-only handle when the run is complete (and no restart was asked for), else undefined. */
function completeHandle(hash: string, paths: RunPaths, config: { [key: string]: CanonicalJson }, options: OpenRunOptions): RunHandle | undefined {
  const status = readStatus(paths.status);
  if (options.restart || status === undefined || !isCompleteState(status.state)) return undefined;
  // A damaged complete run is an error, never silently fewer records; the rows read to check it are kept.
  const { records } = verifyCompleteRun(paths, status, options.uniqueSteps);
  return new RunHandle({ hash, paths, config, status, resumeStep: null, notes: [], writable: false, records, uniqueSteps: options.uniqueSteps });
}

function prepareWritable(
  hash: string, paths: RunPaths, config: { [key: string]: CanonicalJson }, options: OpenRunOptions, lockNote?: string,
): RunHandle {
  const notes: string[] = lockNote ? [lockNote] : [];
  if (!fs.existsSync(paths.config)) writeFileAtomic(paths.config, prettyCanonicalJson(config));
  removeDeadTemps(paths.dir);
  if (options.restart) wipe(paths, notes);
  recoverDir(paths.checkpoint);
  const manifest = readCheckpointManifest(paths.checkpoint);
  const resumeStep = manifest?.step ?? null;
  const logs = cutLogsToCheckpoint(paths, manifest, options.uniqueSteps);
  notes.push(...logs.notes);
  if (resumeStep !== null) notes.push(`resuming from the checkpoint at step ${resumeStep}`);
  const status = writeStatus(paths.status, {
    state: 'running', step: resumeStep ?? 0, message: notes.length > 0 ? notes.join('; ') : undefined,
  });
  return new RunHandle({ hash, paths, config, status, resumeStep, notes, writable: true, logs, uniqueSteps: options.uniqueSteps });
}

function wipe(paths: RunPaths, notes: string[]): void {
  for (const file of [paths.records, paths.timings, paths.status]) fs.rmSync(file, { force: true });
  for (const dir of [paths.checkpoint, oldSibling(paths.checkpoint)]) fs.rmSync(dir, { recursive: true, force: true });
  notes.push('restarted from scratch: previous records, timings, checkpoint and status removed');
}
