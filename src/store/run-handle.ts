/**
 * An open run: buffered record and timing appends, checkpoints through the run, and the final
 * status. Crash-consistency rule: buffered rows are made durable *before* each checkpoint, which
 * stores how many lines the files then had; on reopen the files are cut back to those counts. So
 * after `kill -9` at any moment a resumed run has each record exactly once.
 */
import { CheckpointInput, saveCheckpoint } from '../checkpoint/save-checkpoint';
import { LoadedCheckpoint, LoadOptions, loadCheckpoint, readCheckpointManifest } from '../checkpoint/load-checkpoint';
import { CanonicalJson } from './canonical-json';
import { readRecords } from './read-records';
import { LogPosition } from './resume-logs';
import { readJsonl } from './jsonl-file';
import { checkStepSequence } from './run-damaged-error';
import { RunPaths } from './run-files';
import { RowBuffer } from './row-buffer';
import { releaseLock } from './run-lock';
import { startHeartbeat } from './lock-lease';
import { FinalState, isCompleteState, RunStatus, writeStatus } from './run-status';

/**
 * One row of records.jsonl or timings.jsonl: a plain object of JSON fields, including an integer
 * `step` ≥ 0 (checked at append). Typed `object` so interface-typed rows are accepted too.
 */
export type RunRecord = object;

/** What `openRun` hands over to a handle. */
export interface RunHandleInit {
  readonly hash: string;
  readonly paths: RunPaths;
  readonly config: { [key: string]: CanonicalJson };
  readonly status: RunStatus;
  /** Step of the checkpoint training resumes from; null when it starts from scratch. */
  readonly resumeStep: number | null;
  readonly notes: readonly string[];
  /** False for a complete run opened for reading. */
  readonly writable: boolean;
  /** The files' state after the resume cut (writable handles). */
  readonly logs?: LogPosition;
  /** A complete run's records, already read (and verified) by openRun. */
  readonly records?: Record<string, unknown>[];
  /** One row per step: a repeated step is damage (OpenRunOptions.uniqueSteps). */
  readonly uniqueSteps?: boolean;
}

/** A run opened by `openRun`. Writable handles hold the run's lock until `finish` or `close`. */
export class RunHandle {
  /** The 16-hex config hash (the folder name). */
  readonly hash: string;
  /** The run folder. */
  readonly dir: string;
  readonly paths: RunPaths;
  /** The canonical config (sorted keys). */
  readonly config: { [key: string]: CanonicalJson };
  /** The checkpoint's step when resuming (its records are kept); null = start from scratch (or complete). */
  readonly resumeStep: number | null;
  /** What happened on open (stale lock taken over, lines dropped, …). */
  readonly notes: readonly string[];
  private current: RunStatus;
  private open: boolean;
  private checkpointStep: number | null;
  private readonly rows: { readonly records: RowBuffer; readonly timings: RowBuffer };
  private readonly sealedRecords?: Record<string, unknown>[];
  private readonly uniqueSteps: boolean;
  /** Stops the lock's heartbeat (writable handles). */
  private readonly stopHeartbeat: () => void;

  /** Use `openRun`; this constructor only wires up what it prepared. */
  constructor(init: RunHandleInit) {
    this.hash = init.hash;
    this.dir = init.paths.dir;
    this.paths = init.paths;
    this.config = init.config;
    this.resumeStep = init.resumeStep;
    this.notes = init.notes;
    this.current = init.status;
    this.open = init.writable;
    this.checkpointStep = init.resumeStep;
    this.sealedRecords = init.records;
    this.uniqueSteps = init.uniqueSteps ?? false;
    this.stopHeartbeat = init.writable ? startHeartbeat(init.paths.lock) : () => {};
    const logs = init.logs;
    this.rows = {
      records: new RowBuffer(init.paths.records, logs?.lines.records ?? 0, logs?.lastStep.records ?? 0),
      timings: new RowBuffer(init.paths.timings, logs?.lines.timings ?? 0, logs?.lastStep.timings ?? 0),
    };
  }

  /** The latest status (as last written by this handle, or as read on open). */
  get status(): RunStatus { return this.current; }
  /** True when the run is 'finished' or 'diverged': its records are final. */
  get isComplete(): boolean { return isCompleteState(this.current.state); }
  /** True while this handle may write (it holds the lock). */
  get writable(): boolean { return this.open; }

  /**
   * Buffers one record (written at the next flush, checkpoint or finish).
   * @param record fields chosen by the trainer, with an integer `step` that never decreases.
   * @example run.append({ step: 10, loss: 0.42, step_size: 0.01 });
   */
  append(record: RunRecord): void {
    this.requireOpen();
    this.rows.records.push(record);
  }

  /** Buffers one wall-clock row for timings.jsonl (same `step` rule as `append`). */
  appendTiming(row: RunRecord): void {
    this.requireOpen();
    this.rows.timings.push(row);
  }

  /**
   * Writes buffered rows to disk (rows past the last checkpoint are cut again on resume).
   * @param durable fsync before returning (done automatically before checkpoints and at the end).
   */
  flush(durable = false): void {
    if (!this.open) return;
    this.rows.records.flush(durable);
    this.rows.timings.flush(durable);
  }

  /** All records so far (flushes first when writable), as plain objects for `aq.from`. */
  records(): Record<string, unknown>[] {
    if (this.sealedRecords) return this.sealedRecords.slice();
    this.flush();
    return readRecords(this.dir);
  }

  /**
   * Makes the buffered rows durable, then saves the checkpoint atomically (with the line counts
   * it covers), then the status. Either convention works: checkpoint k saved before or after
   * the record of step k, as long as the trainer resumes consistently with it.
   * @param input as for `saveCheckpoint` (without `logLines`, which the run sets).
   * @example await run.saveCheckpoint({ step, params, spec, objective, data: ds.description, state: { tuner } });
   */
  async saveCheckpoint(input: Omit<CheckpointInput, 'logLines'>): Promise<void> {
    this.requireOpen();
    if (this.checkpointStep !== null && input.step < this.checkpointStep) {
      throw new Error(`checkpoint step ${input.step} is behind the previous checkpoint (step ${this.checkpointStep}) of run ${this.hash}`);
    }
    this.flush(true); // rows first: a checkpoint never exists without the rows it covers
    const logLines = { records: this.rows.records.lines, timings: this.rows.timings.lines };
    await saveCheckpoint(this.paths.checkpoint, { ...input, logLines });
    this.checkpointStep = input.step;
    this.current = writeStatus(this.paths.status, { state: 'running', step: Math.max(input.step, this.rows.records.lastStep) });
  }

  /**
   * The run's checkpoint, or null when none was saved.
   * @param options e.g. `{ like: model.init(0) }` to check names and shapes.
   */
  async latestCheckpoint(options: LoadOptions = {}): Promise<LoadedCheckpoint | null> {
    if (readCheckpointManifest(this.paths.checkpoint) === undefined) return null;
    return loadCheckpoint(this.paths.checkpoint, options);
  }

  /**
   * Flushes durably, writes the final status atomically and releases the lock.
   * @param state 'finished' | 'diverged' (complete) or 'aborted' | 'failed' (resumable).
   * @param message why, in a sentence (e.g. the divergence criterion that fired).
   * @example run.finish('diverged', 'loss was NaN at step 812');
   */
  finish(state: FinalState, message?: string): void {
    this.requireOpen();
    try {
      if (isCompleteState(state)) this.seal(state, message);
      else this.stop(state, message);
    } finally {
      this.release(); // whatever failed above, the lock never outlives this process's hold on the run
    }
  }

  /**
   * Flushes and releases the lock without changing the status (the run stays resumable).
   * @throws DiskFaultError when the last rows cannot be written (they are cut again on resume).
   */
  close(): void {
    if (!this.open) return;
    try {
      this.flush(true);
    } finally {
      this.release();
    }
  }

  /** 'finished' / 'diverged': written only after the records are verified to be the whole sequence. */
  private seal(state: FinalState, message?: string): void {
    this.flush(true);
    const step = this.lastStep();
    try {
      // Looser than the reader's check (verify-run.ts): the generic store may seal a run with no records.
      for (const file of [this.paths.records, this.paths.timings]) checkStepSequence(file, readJsonl(file).lines.map((l) => l.step), this.uniqueSteps);
    } catch (err) {
      this.current = writeStatus(this.paths.status, { state: 'failed', step, message: (err as Error).message });
      throw err;
    }
    this.current = writeStatus(this.paths.status, { state, step, message });
  }

  /**
   * 'aborted' / 'failed': the rows past the checkpoint are cut on resume anyway, so a flush that
   * fails (the disk that failed the run is still full) must not keep the status from being written.
   */
  private stop(state: FinalState, message?: string): void {
    try {
      this.flush(true);
    } catch {
      // resumable either way; the status below says why the run stopped
    }
    this.current = writeStatus(this.paths.status, { state, step: this.lastStep(), message });
  }

  private lastStep(): number {
    return Math.max(this.rows.records.lastStep, this.checkpointStep ?? 0);
  }

  private release(): void {
    this.open = false;
    this.stopHeartbeat();
    releaseLock(this.paths.lock);
  }

  private requireOpen(): void {
    if (this.open) return;
    const why = this.isComplete
      ? `is ${this.current.state}; its records are final (open it with { restart: true } to run it again)`
      : 'was closed';
    throw new Error(`run ${this.hash} ${why}`);
  }
}
