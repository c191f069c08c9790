/**
 * One call runs an experiment end to end through the run store: a finished config is reused
 * (its records are read back), an interrupted one resumes from its last checkpoint, a new one
 * starts from the seeded initialisation. The run is found by its identity (run-identity.ts: the
 * resolved config, compute path, versions and numerics version), so numbers computed on another
 * path or by older code never mix with this one's.
 */
import { BackendInfo, initBackend } from '../backend/select-backend';
import { disposeParams } from '../model/params';
import { openRun } from '../store/open-run';
import { RunHandle } from '../store/run-handle';
import { RunState } from '../store/run-status';
import { createTuner } from '../tuners/create-tuner';
import { Experiment, buildExperiment } from './experiment';
import { LoopProgress, LoopState, trainLoop } from './train-loop';
import { RunConfig, resolveRunConfig } from './run-config';
import { runIdentity } from './run-identity';
import { wasmMemoryPlan } from './wasm-memory-plan';
import type { Run } from './run';
import type { StepRecord } from './step-record';

export interface RunOptions {
  /** Runs folder (default `$SHARPNESS_LAB_RUNS`, else `<project>/runs`). */
  readonly root?: string;
  /** Discard any stored result for this config and run again. */
  readonly restart?: boolean;
  /** Stops the run cleanly (checkpoint + status `aborted`, resumable). */
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: LoopProgress) => void;
}

/** A run as `runExperiment` obtained it: the run, the compute path, and whether it was trained or read. */
export interface RunResult extends Run {
  readonly backend: BackendInfo;
  /** True when the records came from the store without training. */
  readonly reused: boolean;
  /** The run store's notes (resumed from step k, stale lock taken over, …). */
  readonly notes: readonly string[];
}

/**
 * Runs (or reuses, or resumes) the experiment a config describes.
 * @example const { records, status } = await runExperiment(config, { onProgress: (p) => console.log(p.step) });
 */
export async function runExperiment(config: RunConfig, options: RunOptions = {}): Promise<RunResult> {
  const backend = await initBackend();
  const identity = runIdentity(config, backend);
  const resolved = identity.run;
  const run = openRun(identity, { root: options.root, restart: options.restart, uniqueSteps: true });
  const result = (status: RunState, reused: boolean): RunResult => ({
    config, hash: run.hash, dir: run.dir, status, records: run.records() as unknown as StepRecord[], backend, reused, notes: run.notes,
  });
  if (run.isComplete) return result(run.status.state, true);

  let exp: Experiment | undefined;
  let start: LoopState | undefined;
  try {
    // Inside the try: a data error here must leave the run 'failed' with its lock released.
    const built = await buildExperiment(resolved);
    exp = built;
    const tuner = createTuner(resolved.tuner);
    start = await startState(run, built, resolved.seed, tuner.init());
    // wasm32 stops at 4 GiB, and running out aborts the module mid-pass: check the chunks fit first.
    const memory = backend.name === 'wasm' ? wasmMemoryPlan(built, resolved, start.params) : {};
    const { status, state } = await trainLoop(built, resolved, tuner, start, {
      onRecord: (row) => run.append(row),
      onTiming: (t) => run.appendTiming(t),
      onCheckpoint: (s) => checkpoint(run, built, resolved, s),
      onProgress: options.onProgress,
      signal: options.signal,
    }, memory);
    if (status !== 'aborted') await checkpoint(run, built, resolved, state);
    if (state.params !== start.params) disposeParams(state.params);
    run.finish(status, status === 'diverged' ? `loss left the bound ${resolved.lossBound} or was not finite at step ${state.step}` : undefined);
    return result(status, false);
  } catch (err) {
    if (run.writable) markFailed(run, err); // finish itself may have failed (damaged records)
    throw err;
  } finally {
    if (start) disposeParams(start.params);
    exp?.dispose();
  }
}

/** Status 'failed' with the cause; when even that cannot be written (a full disk), the run keeps
 * status 'running' without a lock, which resumes like a killed run: the cause is still thrown. */
function markFailed(run: RunHandle, cause: unknown): void {
  try {
    run.finish('failed', (cause as Error).message);
  } catch {
    // the lock is released by finish; the caller reports the cause
  }
}

async function startState(run: RunHandle, exp: Experiment, seed: number, tunerState: Record<string, number>): Promise<LoopState> {
  const init = exp.model.init(seed);
  const saved = await run.latestCheckpoint({ like: init });
  if (!saved) return { step: 0, params: init, tunerState };
  disposeParams(init);
  const state = saved.state as { tuner?: Record<string, number>; lastEtaLambda?: number | null; recentStepSizes?: [number, number] };
  const warm = Object.keys(saved.vectors).sort().map((k) => saved.vectors[k]);
  return {
    step: saved.step, params: saved.params, tunerState: state.tuner ?? tunerState,
    warmStart: warm.length ? warm : undefined, lastEtaLambda: state.lastEtaLambda ?? NaN,
    recentStepSizes: state.recentStepSizes,
  };
}

function checkpoint(run: RunHandle, exp: Experiment, config: ReturnType<typeof resolveRunConfig>, s: LoopState): Promise<void> {
  const vectors: Record<string, Float64Array> = {};
  (s.warmStart ?? []).forEach((v, i) => { vectors[`warmStart/${String(i).padStart(3, '0')}`] = v; });
  return run.saveCheckpoint({
    step: s.step, params: s.params, spec: config.model,
    objective: { loss: config.loss, weightDecay: config.weightDecay },
    data: { config: config.data, seed: config.seed, description: exp.train.description },
    state: {
      tuner: s.tunerState, lastEtaLambda: Number.isFinite(s.lastEtaLambda) ? s.lastEtaLambda! : null,
      ...(s.recentStepSizes && { recentStepSizes: [...s.recentStepSizes] }), // NaN survives as "NaN" (json-codec)
    },
    vectors,
  });
}
