/**
 * Runs a figure's configs one after the other through the run store (finished runs are read
 * back, interrupted ones resume), with one progress line, and tags every result with a readable
 * label and method so notebooks can table and plot them directly (`StoredRun`, as `storedRuns` returns).
 */
import { canonicalJson } from '../store/canonical-json';
import { RunConfig } from '../train/run-config';
import { runExperiment } from '../train/run-experiment';
import { runProgress } from '../display/run-progress';
import { progressDisplay, ProgressDisplay } from '../display/progress';
import { describeRun } from './describe-run';
import { StoredRun, trainingSeconds } from './stored-run';


/** Options of {@link runAll}. */
export interface RunAllOptions {
  /** Prefix of the progress and log lines (e.g. the notebook's name). */
  readonly label?: string;
  /** Stops cleanly (the current run checkpoints and stays resumable; later runs are not started). */
  readonly signal?: AbortSignal;
  /** Runs folder (default `$SHARPNESS_LAB_RUNS`, else `<project>/runs`). */
  readonly root?: string;
  /** Where the one-line-per-run log goes (default console.log; `() => {}` silences it). */
  readonly log?: (line: string) => void;
  /** Progress output (default: a notebook output updated in place, or stderr). */
  readonly display?: ProgressDisplay;
}

/** Drops repeated configs (figures share runs), keeping the first occurrence's order. */
export function uniqueConfigs(configs: readonly RunConfig[]): RunConfig[] {
  const seen = new Set<string>();
  return configs.filter((c) => {
    const key = canonicalJson(c);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Runs (or reuses) each config in turn and returns the tagged results, in input order.
 * Interrupting (signal) returns the runs done so far and logs how to resume.
 * @example const runs = await runAll(edgeOfStabilityRuns(experimentScale('smoke')), { label: '01' });
 */
export async function runAll(configs: readonly RunConfig[], options: RunAllOptions = {}): Promise<StoredRun[]> {
  const log = options.log ?? ((s: string) => console.log(s));
  // One update a second: long cells otherwise send thousands of iopub messages.
  const display = options.display ?? progressDisplay({ minIntervalMs: 1000 });
  const prefix = options.label ? `${options.label} ` : '';
  const list = uniqueConfigs(configs);
  const out: StoredRun[] = [];
  const t0 = performance.now();
  for (const [i, config] of list.entries()) {
    if (options.signal?.aborted) break;
    const d = describeRun(config);
    const counter = list.length > 1 ? `[${i + 1}/${list.length}] ` : '';
    const progress = runProgress(`${prefix}${counter}${d.label}`, display);
    const t = performance.now();
    const r = await runExperiment(config, { root: options.root, signal: options.signal, onProgress: progress.onProgress });
    const seconds = (performance.now() - t) / 1000;
    progress.done(r.reused ? 'reused' : r.status);
    log(`${prefix}${d.label}: ${r.reused ? `reused (${r.status})` : `${r.status} in ${seconds.toFixed(1)} s`}  [${r.hash}]`);
    out.push({ ...d, config, hash: r.hash, dir: r.dir, status: r.status, reused: r.reused, seconds: trainingSeconds(r.dir), records: r.records });
    if (r.status === 'aborted') break;
  }
  const trained = out.filter((r) => !r.reused).length;
  const summary = `${prefix}${out.length}/${list.length} runs (${trained} trained, ${out.length - trained} reused) in ${((performance.now() - t0) / 1000).toFixed(1)} s`;
  // One run: its own final progress line already says it all.
  if (list.length !== 1) display.done(summary);
  if (out.length < list.length) log(`${summary}: interrupted; run the cell again to resume where it stopped`);
  return out;
}
