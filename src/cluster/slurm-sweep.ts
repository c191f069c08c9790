/**
 * A sweep on Slurm: plan every run in the shared run store (folder and config.json, so each task
 * is addressed by its folder), submit one array job for the runs not yet complete, and follow it
 * from the run store and the queue until every task has ended. Resubmitting the same sweep skips
 * complete runs and resumes the others from their checkpoints.
 */
import * as path from 'path';
import { BackendInfo } from '../backend/select-backend';
import { planRun, PlannedRun } from '../store/plan-run';
import { isCompleteState, readStatus, RunState } from '../store/run-status';
import { runIdentity } from '../train/run-identity';
import { RunConfig } from '../train/run-config';
import { describeRun } from '../experiments/describe-run';
import { uniqueConfigs } from '../experiments/run-all';
import { endedTasks, queuedTasks, TaskState } from './slurm-cli';

/** A run of the sweep, planned. */
export interface SweepRun extends PlannedRun {
  readonly config: RunConfig;
  readonly label: string;
}

/**
 * Plans each config's run folder on `backend` (the path the tasks will compute on).
 * @param write create the folders and config.json of the runs not yet complete (false: a dry run).
 * @example planSweep(claimRuns(experimentScale('smoke')), backend, { root: '/shared/runs', write: true })
 */
export function planSweep(configs: readonly RunConfig[], backend: BackendInfo, options: { root?: string; write: boolean }): SweepRun[] {
  return uniqueConfigs(configs).map((config) => ({
    ...planRun(runIdentity(config, backend), { root: options.root, write: options.write }),
    config, label: `${describeRun(config).label} · seed ${config.seed}`,
  }));
}

/** The runs a submission must still train (anything not finished or diverged). */
export function unfinished(runs: readonly SweepRun[]): SweepRun[] {
  return runs.filter((r) => !isComplete(r.state));
}

/** A run's state as the sweep sees it: the store's, 'new' before its first start, 'damaged' when unreadable. */
type SweepState = RunState | 'new' | 'damaged';

const isComplete = (state: SweepState): boolean => state !== 'new' && state !== 'damaged' && isCompleteState(state);

/** Options of {@link waitForSweep}. */
export interface WaitOptions {
  /** Seconds between looks at the queue and the store (default 15). */
  readonly pollSeconds?: number;
  readonly log?: (line: string) => void;
}

/**
 * Follows array job `jobId`, whose task i trains `tasks[i]`, until no task is queued; prints a line
 * whenever the counts change, then one line per run that did not complete, with its log.
 * @returns the runs that did not complete (empty: the sweep is done).
 */
export async function waitForSweep(jobId: string, tasks: readonly SweepRun[], options: WaitOptions = {}): Promise<SweepRun[]> {
  const log = options.log ?? ((s: string) => console.log(s));
  const poll = (options.pollSeconds ?? 15) * 1000;
  const t0 = Date.now();
  let last = '';
  for (;;) {
    const queued = queuedTasks(jobId);
    const line = `${countStates(queued.map((t) => t.state.toLowerCase()))} in the queue · runs: ${countStates(tasks.map(storeState))}`;
    if (line !== last) log(`[slurm ${jobId} ${minutes(Date.now() - t0)}] ${line}`);
    last = line;
    if (queued.length === 0) break;
    await new Promise((resolve) => setTimeout(resolve, poll));
  }
  const ended = new Map(endedTasks(jobId).map((t): [number, TaskState] => [t.index, t]));
  const incomplete = tasks.filter((t) => !isComplete(storeState(t)));
  for (const r of incomplete) {
    const i = tasks.indexOf(r);
    const task = ended.get(i);
    log(`  not complete: ${r.label} [${r.hash}]: run ${storeState(r)}${task ? `, task ${jobId}_${i} ${task.state} (${task.detail})` : ''}; log: ${path.join(r.dir, `slurm-${jobId}_${i}.log`)}`);
  }
  log(`[slurm ${jobId}] ${tasks.length - incomplete.length}/${tasks.length} runs complete in ${minutes(Date.now() - t0)}`);
  return incomplete;
}

/** The run's state in the store now ('damaged' when its status cannot be read). */
function storeState(run: SweepRun): SweepState {
  try {
    return readStatus(path.join(run.dir, 'status.json'))?.state ?? 'new';
  } catch {
    return 'damaged';
  }
}

function countStates(states: readonly string[]): string {
  if (states.length === 0) return 'none';
  const counts = new Map<string, number>();
  for (const s of states) counts.set(s, (counts.get(s) ?? 0) + 1);
  return [...counts].sort(([a], [b]) => a.localeCompare(b)).map(([s, n]) => `${n} ${s}`).join(', ');
}

function minutes(ms: number): string {
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}
