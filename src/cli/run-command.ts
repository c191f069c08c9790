/**
 * `npx sharpness-lab run --config FILE.json [--steps N] [--seed S] [--root DIR] [--restart]`:
 * runs (or reuses, or resumes) one experiment through the run store, with a progress line, and
 * prints where the results went. Ctrl-C stops cleanly (checkpoint, status `aborted`; run the same
 * command again to resume).
 */
import { parseArgs } from 'util';
import { configHelp } from '../config/config-help';
import { readConfigFile } from '../config/read-config-file';
import { runExperiment } from '../train/run-experiment';
import { runProgress } from '../display/run-progress';
import { RunConfig } from '../train/run-config';

const USAGE = [
  'usage: sharpness-lab run --config FILE.json [--steps N] [--seed S] [--root DIR] [--restart]',
  '',
  '  --config FILE   the run config (below); checked against its schema before anything is written',
  '  --steps N       override steps          --seed S   override seed',
  '  --root DIR      run store folder (default $SHARPNESS_LAB_RUNS, else runs/)',
  '  --restart       discard a stored result of this config and train again',
  'A finished config is reused, an interrupted one resumes; Ctrl-C stops cleanly (run again to resume).',
].join('\n');

/** Runs the command; resolves to the exit code (0 finished or reused, 1 diverged/failed, 130 aborted). */
export async function runRunCommand(argv: string[]): Promise<number> {
  const { values: a } = parseArgs({
    args: argv,
    options: {
      config: { type: 'string' }, steps: { type: 'string' }, seed: { type: 'string' },
      root: { type: 'string' }, restart: { type: 'boolean' }, help: { type: 'boolean' },
    },
  });
  if (a.help) { console.log(`${USAGE}\n\n${configHelp()}`); return 0; }
  if (!a.config) throw new Error('--config FILE.json is required (see run --help)');
  let config: RunConfig = readConfigFile(a.config);
  if (a.steps !== undefined) config = { ...config, steps: Number(a.steps) };
  if (a.seed !== undefined) config = { ...config, seed: Number(a.seed) };

  const controller = new AbortController();
  const onSigint = () => {
    console.error('\ninterrupt: stopping after this step (press Ctrl-C again to kill)');
    process.off('SIGINT', onSigint);
    controller.abort();
  };
  process.on('SIGINT', onSigint);
  const progress = runProgress(a.config);
  try {
    const result = await runExperiment(config, { root: a.root, restart: a.restart, signal: controller.signal, onProgress: progress.onProgress });
    progress.done(result.status);
    for (const note of result.notes) console.error(`note: ${note}`);
    console.log(`${result.reused ? 'reused' : result.status}: ${result.records.length} records on ${result.backend.path}`);
    console.log(`results: ${result.dir} (config.json, records.jsonl, timings.jsonl, checkpoint/)`);
    return result.status === 'finished' ? 0 : result.status === 'aborted' ? 130 : 1;
  } finally {
    process.off('SIGINT', onSigint);
  }
}
