/**
 * Sweeps on Slurm. The script is checked as text; then, as root on Debian (CI), a real single-node
 * Slurm runs the smoke-scale sweep through `reproduce --executor slurm`: a first submission is
 * cancelled while it runs, the same command with --wait resubmits only what did not complete, and
 * every run's records are byte-identical to the local executor's. Elsewhere the real-Slurm test
 * skips with the reason; under CI a skip is a failure.
 */
import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { sbatchScript, SbatchScriptOptions } from '../../src/cluster/sbatch-script';
import { submitBatch } from '../../src/cluster/slurm-cli';
import { initBackend } from '../../src/backend/select-backend';
import { planRun } from '../../src/store/plan-run';
import { runIdentity } from '../../src/train/run-identity';
import { RunConfig } from '../../src/train/run-config';
import { skipUnlessCi } from '../helpers/skip-unless-ci';
import { SlurmCluster, slurmUnavailable, startSlurmCluster } from '../helpers/slurm-cluster';

const ROOT = path.resolve(__dirname, '..', '..');

const OPTIONS: SbatchScriptOptions = {
  jobName: 'sharpness-lab-smoke-first-0a1b2c3d',
  tasks: [{ hash: '0a1b2c3d4e5f6a7b', label: 'mlp · constant η=0.025 · full batch · seed 0' }, { hash: 'ffeeddccbbaa9988', label: 'vgg11 · armijo-optax · full batch · seed 1' }],
  root: '/shared/runs', projectDir: '/shared/sharpness-lab', node: '/usr/bin/node', blasThreads: 1, cpusPerTask: 1,
  logDir: '/shared/sharpness-lab/scratch/slurm', comment: ['a test sweep'],
};

describe('sbatch array script', () => {
  it('has one task per run, addressed by its folder, with the planned threads and a log next to the run', () => {
    const s = sbatchScript({ ...OPTIONS, partition: 'cpu', time: '02:00:00', gpusPerTask: 1, cpusPerTask: 2 });
    for (const line of ['#SBATCH --array=0-1', '#SBATCH --cpus-per-task=2', '#SBATCH --partition=cpu', '#SBATCH --time=02:00:00',
      '#SBATCH --gpus-per-task=1', '#SBATCH --requeue', "ROOT='/shared/runs'", '  0a1b2c3d4e5f6a7b  # mlp · constant η=0.025 · full batch · seed 0',
      'export SHARPNESS_LAB_BLAS_THREADS=1', 'exec >> "$RUN/slurm-${SLURM_ARRAY_JOB_ID}_${SLURM_ARRAY_TASK_ID}.log" 2>&1']) {
      assert.ok(s.split('\n').includes(line), `missing line: ${line}\n${s}`);
    }
    assert.match(s, /bin\/sharpness-lab\.js run --run-dir "\$RUN" &/);
    assert.doesNotMatch(s, /--config/); // no config through the command line
    const r = spawnSync('bash', ['-n'], { input: s, encoding: 'utf8' });
    assert.equal(r.status, 0, `bash -n: ${r.stderr}`);
  });

  it('leaves out the optional directives and refuses what would break the script', () => {
    const s = sbatchScript(OPTIONS);
    assert.doesNotMatch(s, /--partition|--time|--gpus-per-task/);
    assert.throws(() => sbatchScript({ ...OPTIONS, tasks: [] }), /at least one run/);
    assert.throws(() => sbatchScript({ ...OPTIONS, root: "/runs/it's" }), /root .* holds a quote/);
    assert.throws(() => sbatchScript({ ...OPTIONS, tasks: [{ hash: '../etc', label: 'x' }] }), /not a run folder name/);
  });
});

function reproduce(args: string[], env: NodeJS.ProcessEnv): { status: number | null; out: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts', 'reproduce.ts'), '--scale', 'smoke', ...args],
    { cwd: ROOT, env, encoding: 'utf8', timeout: 600_000 });
  return { status: r.status, out: `${r.stdout}\n${r.stderr}` };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function queueOf(job: string, env: NodeJS.ProcessEnv): string {
  return spawnSync('squeue', ['--noheader', '--array', '--jobs', job, '--format=%i %T %r'], { env, encoding: 'utf8' }).stdout.trim();
}

function states(root: string): Record<string, string> {
  if (!fs.existsSync(root)) return {};
  return Object.fromEntries(fs.readdirSync(root).filter((d) => fs.existsSync(path.join(root, d, 'status.json')))
    .map((d) => [d, JSON.parse(fs.readFileSync(path.join(root, d, 'status.json'), 'utf8')).state]));
}

describe('a smoke sweep on a real single-node Slurm', () => {
  let cluster: SlurmCluster | undefined;
  let dir: string;
  before(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sharpness-sweep-')); });
  after(() => {
    cluster?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('resubmits what a cancelled job left, and its records equal the local executor\'s byte for byte', async (t) => {
    const why = slurmUnavailable();
    if (why) return skipUnlessCi(t, why);
    cluster = await startSlurmCluster();
    const env = { ...cluster.env, SHARPNESS_LAB_SCALE: undefined };
    const slurmRoot = path.join(dir, 'slurm'), localRoot = path.join(dir, 'local');

    const dry = reproduce(['--executor', 'slurm', '--dry-run', '--root', slurmRoot], env);
    assert.equal(dry.status, 0, dry.out);
    const tasks = Number(/#SBATCH --array=0-(\d+)/.exec(dry.out)?.[1]) + 1;
    assert.ok(tasks >= 20, dry.out);
    assert.equal(fs.existsSync(slurmRoot), false, 'a dry run wrote the runs folder');

    const first = reproduce(['--executor', 'slurm', '--root', slurmRoot], env);
    assert.equal(first.status, 0, first.out);
    const job = /submitted Slurm array job (\d+): (\d+) tasks/.exec(first.out);
    assert.ok(job, first.out);
    assert.equal(Number(job[2]), tasks);
    const t0 = Date.now();
    const midway = () => { const s = Object.values(states(slurmRoot)); return s.includes('finished') && s.includes('running'); };
    while (!midway() && Date.now() - t0 < 120_000) await sleep(100);
    spawnSync('scancel', [job[1]], { env }); // SIGTERM to the running tasks: they checkpoint and stop
    while (queueOf(job[1], env) !== '') await sleep(500);
    const cancelled = Object.values(states(slurmRoot));
    const left = cancelled.filter((s) => s !== 'finished' && s !== 'diverged').length + tasks - cancelled.length;
    t.diagnostic(`after scancel: ${JSON.stringify(cancelled.reduce<Record<string, number>>((m, s) => ({ ...m, [s]: (m[s] ?? 0) + 1 }), {}))}, ${left} to resubmit`);
    assert.ok(!cancelled.includes('running'), 'a cancelled task left its run running (killed before its checkpoint)');

    const t1 = performance.now();
    const second = reproduce(['--executor', 'slurm', '--wait', '--poll', '1', '--root', slurmRoot], env);
    t.diagnostic(`resubmitted ${left} runs and waited: ${((performance.now() - t1) / 1000).toFixed(1)} s`);
    assert.equal(second.status, 0, second.out);
    assert.match(second.out, new RegExp(`submitted Slurm array job \\d+: ${left} tasks`));
    assert.match(second.out, new RegExp(`${left}/${left} runs complete`));

    const again = reproduce(['--executor', 'slurm', '--root', slurmRoot], env);
    assert.equal(again.status, 0, again.out);
    assert.match(again.out, /nothing to submit/);

    const local = reproduce(['--jobs', '2', '--root', localRoot], env);
    assert.equal(local.status, 0, local.out);
    const runs = Object.keys(states(localRoot)).sort();
    assert.deepEqual(Object.keys(states(slurmRoot)).sort(), runs, 'the executors stored different runs');
    assert.equal(runs.length, tasks);
    for (const run of runs) {
      const a = fs.readFileSync(path.join(slurmRoot, run, 'records.jsonl'));
      const b = fs.readFileSync(path.join(localRoot, run, 'records.jsonl'));
      assert.ok(a.equals(b), `${run}: records differ between Slurm and local`);
      assert.ok(fs.readdirSync(path.join(slurmRoot, run)).some((f) => /^slurm-\d+_\d+\.log$/.test(f)), `${run}: no task log next to the run`);
    }
  });

  it('a preempted task (scontrol requeue) resumes its run from the checkpoint, to the records of an uninterrupted run', async (t) => {
    const why = slurmUnavailable();
    if (why) return skipUnlessCi(t, why);
    cluster ??= await startSlurmCluster();
    const env = cluster.env;
    const config: RunConfig = {
      seed: 3, data: { source: 'synthetic', task: 'chebyshev', n: 20, options: { degree: 4 } },
      model: { arch: 'mlp', inputDim: 1, hidden: [64, 64], outputDim: 1, activation: 'tanh' },
      loss: 'mse', weightDecay: 0, tuner: { kind: 'constant', stepSize: 0.05 }, steps: 8000,
      sharpness: { every: 25, k: 2, tol: 1e-7, maxIter: 60 }, checkpointEvery: 100,
    };
    const root = path.join(dir, 'preempt');
    const run = planRun(runIdentity(config, await initBackend()), { root, write: true });
    const script = sbatchScript({
      jobName: 'sharpness-lab-preempt-test', tasks: [{ hash: run.hash, label: 'synthetic, 8000 steps' }], root, projectDir: ROOT,
      node: process.execPath, blasThreads: 1, cpusPerTask: 1, logDir: dir, comment: ['preemption test'],
    });
    const saved = process.env.SLURM_CONF;
    process.env.SLURM_CONF = env.SLURM_CONF; // submitBatch talks to the test cluster
    let job: string;
    try {
      job = submitBatch(script);
    } finally {
      if (saved === undefined) delete process.env.SLURM_CONF; else process.env.SLURM_CONF = saved;
    }
    const status = () => fs.existsSync(path.join(run.dir, 'status.json')) ? JSON.parse(fs.readFileSync(path.join(run.dir, 'status.json'), 'utf8')) : { state: 'new', step: 0 };
    const t0 = Date.now();
    while (!(status().state === 'running' && status().step >= 1000) && Date.now() - t0 < 120_000) await sleep(100);
    const requeue = spawnSync('scontrol', ['requeue', `${job}_0`], { env, encoding: 'utf8' });
    assert.equal(requeue.status, 0, requeue.stderr);
    while (!/PENDING/.test(queueOf(job, env)) && Date.now() - t0 < 180_000) await sleep(200);
    const stopped = status();
    t.diagnostic(`requeued at step ${stopped.step}: run ${stopped.state}`);
    assert.equal(stopped.state, 'aborted', 'the preempted task did not checkpoint and stop on SIGTERM');
    assert.ok(stopped.step < config.steps);
    while (queueOf(job, env) !== '' && Date.now() - t0 < 300_000) await sleep(500);
    const log = fs.readFileSync(path.join(run.dir, `slurm-${job}_0.log`), 'utf8');
    assert.equal(status().state, 'finished', `${queueOf(job, env)}\n${log.replace(/\r[^\n]*/g, '')}\n${fs.readFileSync(path.join(cluster.dir, 'log', 'slurmctld.log'), 'utf8').split('\n').slice(-25).join('\n')}`);
    assert.match(log, /restart 1/);
    assert.match(log, new RegExp(`resuming from the checkpoint at step ${stopped.step}`));

    const localRoot = path.join(dir, 'preempt-local');
    const configFile = path.join(dir, 'preempt.json');
    fs.writeFileSync(configFile, JSON.stringify(config));
    const local = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'sharpness-lab.js'), 'run', '--config', configFile, '--root', localRoot], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(local.status, 0, local.stderr);
    const a = fs.readFileSync(path.join(run.dir, 'records.jsonl'));
    const b = fs.readFileSync(path.join(localRoot, run.hash, 'records.jsonl'));
    assert.equal(a.toString().split('\n').length - 1, config.steps + 1);
    assert.ok(a.equals(b), 'the preempted and resumed run differs from an uninterrupted one');
  });
});
