/**
 * `npx sharpness-lab run --config FILE.json [--steps N] [--seed S] [--root DIR] [--restart]`:
 * runs (or reuses, or resumes) one experiment through the run store, with a progress line, and
 * prints where the results went. Ctrl-C stops cleanly (checkpoint, status `aborted`; run the same
 * command again to resume).
 */
import * as fs from 'fs';
import { parseArgs } from 'util';
import { runExperiment } from '../train/run-experiment';
import { runProgress } from '../train/run-progress';
import { RunConfig } from '../train/run-config';

const USAGE = 'usage: sharpness-lab run --config FILE.json [--steps N] [--seed S] [--root DIR] [--restart]';

/** Runs the command; resolves to the exit code (0 finished or reused, 1 diverged/failed, 130 aborted). */
export async function runRunCommand(argv: string[]): Promise<number> {
  const { values: a } = parseArgs({
    args: argv,
    options: {
      config: { type: 'string' }, steps: { type: 'string' }, seed: { type: 'string' },
      root: { type: 'string' }, restart: { type: 'boolean' }, help: { type: 'boolean' },
    },
  });
  if (a.help) { console.log(USAGE); return 0; }
  if (!a.config) throw new Error(`--config FILE.json is required\n${USAGE}`);
  let config = JSON.parse(fs.readFileSync(a.config, 'utf8')) as RunConfig;
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
