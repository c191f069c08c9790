/**
 * `npx sharpness-lab run --config FILE.json [--steps N] [--seed S] [--root DIR] [--restart]`:
 * runs (or reuses, or resumes) one experiment through the run store, with a progress line, and
 * prints where the results went. `run --run-dir DIR` runs the run a folder was planned for (a
 * Slurm task's command). Ctrl-C or SIGTERM (Slurm's time limit, preemption) stops cleanly
 * (checkpoint, status `aborted`; run the same command again to resume).
 */
import { parseArgs } from 'util';
import { configHelp } from '../config/config-help';
import { readConfigFile } from '../config/read-config-file';
import { runExperiment } from '../train/run-experiment';
import { runProgress } from '../display/run-progress';
import { RunConfig } from '../train/run-config';
import { initBackend } from '../backend/select-backend';
import { readPlannedRun } from '../train/planned-run';
import { stopOnSignals } from './stop-on-signals';

const USAGE = [
  'usage: sharpness-lab run --config FILE.json [--steps N] [--seed S] [--root DIR] [--restart]',
  '       sharpness-lab run --run-dir DIR',
  '',
  '  --config FILE   the run config (below); checked against its schema before anything is written',
  '  --steps N       override steps          --seed S   override seed',
  '  --root DIR      run store folder (default $SHARPNESS_LAB_RUNS, else runs/)',
  '  --restart       discard a stored result of this config and train again',
  '  --run-dir DIR   run the run planned in this run folder (its config.json; what Slurm tasks run)',
  'A finished config is reused, an interrupted one resumes; Ctrl-C or SIGTERM stops cleanly (run again to resume).',
].join('\n');

/** Runs the command; resolves to the exit code (0 finished or reused, 1 diverged/failed, 130 aborted). */
export async function runRunCommand(argv: string[]): Promise<number> {
  const { values: a } = parseArgs({
    args: argv,
    options: {
      config: { type: 'string' }, steps: { type: 'string' }, seed: { type: 'string' },
      root: { type: 'string' }, restart: { type: 'boolean' }, help: { type: 'boolean' }, 'run-dir': { type: 'string' },
    },
  });
  if (a.help) { console.log(`${USAGE}\n\n${configHelp()}`); return 0; }
  const runDir = a['run-dir'];
  if (runDir !== undefined && (a.config || a.root || a.steps || a.seed)) throw new Error('--run-dir takes no --config, --root, --steps or --seed: the folder is the run');
  if (!a.config && runDir === undefined) throw new Error('--config FILE.json (or --run-dir DIR) is required (see run --help)');
  let config: RunConfig;
  let root = a.root;
  if (runDir !== undefined) {
    ({ config, root } = readPlannedRun(runDir, await initBackend()));
  } else {
    config = readConfigFile(a.config!);
    if (a.steps !== undefined) config = { ...config, steps: Number(a.steps) };
    if (a.seed !== undefined) config = { ...config, seed: Number(a.seed) };
  }

  const stop = stopOnSignals('stopping after this step, with a checkpoint');
  const progress = runProgress(runDir ?? a.config!);
  try {
    const result = await runExperiment(config, { root, restart: a.restart, signal: stop.signal, onProgress: progress.onProgress });
    progress.done(result.status);
    for (const note of result.notes) console.error(`note: ${note}`);
    console.log(`${result.reused ? 'reused' : result.status}: ${result.records.length} records on ${result.backend.path}`);
    console.log(`results: ${result.dir} (config.json, records.jsonl, timings.jsonl, checkpoint/)`);
    return result.status === 'finished' ? 0 : result.status === 'aborted' ? 130 : 1;
  } finally {
    stop.release();
  }
}
