/**
 * Trains (or reuses from the run store) every run the notebooks and the claims checker read at a
 * scale: `experiments.allFigureRuns(scale)` (the claim runs plus notebook 09's). With --jobs N it runs them in N
 * worker processes (one wasm thread and one BLAS thread each, unless SHARPNESS_LAB_BLAS_THREADS says otherwise) that
 * take the next run from one shared queue, longest estimated first, as each finishes one; every run lands in its own
 * run-store folder, so the processes never touch the same files. Ctrl-C (or SIGTERM) stops the runs in progress
 * after their current step, with a checkpoint, and exits 130; run the same command again to resume.
 *
 *   tsx scripts/reproduce.ts [--scale smoke|default|paper] [--jobs N] [--subset first|balanced:SEED] [--root DIR] [--list]
 *   tsx scripts/reproduce.ts --executor slurm [--partition P] [--time T] [--cpus-per-task C] [--gpus-per-task G]
 *                            [--root DIR] [--dry-run] [--wait] [--poll S]   (plus --scale, --subset)
 *
 * --executor slurm submits one sbatch array job, one task per run not yet complete, each addressed by
 * its run folder in the (shared) runs folder; --dry-run prints the script instead; --wait follows the
 * tasks from the run store and squeue/sacct until they end. Running the same command again resubmits
 * only what is not complete: interrupted runs resume from their checkpoints. docs/cluster.md.
 *
 * --subset balanced:SEED trains the same experiments on a class-balanced CIFAR-10 draw (n rounded down to
 * a multiple of 10), to see whether the claims' verdicts depend on the subset.
 *
 * Afterwards: `npm run figures -- --scale S` re-plots from the store, `npm run claims` checks.
 */
import { cluster, experiments, findProjectRoot, initBackend, oversubscription, resolveRunsRoot, stopOnSignals } from '../src';
import type { BackendInfo, RunConfig, ScalePreset } from '../src';

const { experimentScale, allFigureRuns, describeRun, runAll, uniqueConfigs, onSubset, parseSubsetChoice, subsetArg, subsetName } = experiments;
import { spawn } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { parseArgs } from 'util';

/** The exit code of a run stopped by Ctrl-C or SIGTERM (as `sharpness-lab run`'s). */
const INTERRUPTED = 130;

interface SlurmOptions { partition?: string; time?: string; cpusPerTask: number; gpusPerTask?: number; dryRun: boolean; wait: boolean; poll: number }
interface Options {
  scale: ScalePreset; jobs: number; worker?: [number, number]; list: boolean; subset: experiments.SubsetChoice; root?: string;
  slurm?: SlurmOptions;
}

const SLURM_ONLY = ['partition', 'time', 'cpus-per-task', 'gpus-per-task', 'dry-run', 'wait', 'poll'] as const;

// node's util.parseArgs: strict (unknown options are errors), no dependency.
function parseOptions(argv: string[]): Options {
  const { values: v } = parseArgs({
    args: argv, strict: true,
    options: {
      scale: { type: 'string', default: 'default' }, jobs: { type: 'string' }, worker: { type: 'string' }, list: { type: 'boolean', default: false },
      subset: { type: 'string', default: 'first' }, root: { type: 'string' }, executor: { type: 'string', default: 'local' },
      partition: { type: 'string' }, time: { type: 'string' }, 'cpus-per-task': { type: 'string' }, 'gpus-per-task': { type: 'string' },
      'dry-run': { type: 'boolean' }, wait: { type: 'boolean' }, poll: { type: 'string' },
    },
  });
  const scale = v.scale as ScalePreset;
  experimentScale(scale); // validates the name
  const jobs = positiveInt('--jobs', v.jobs ?? '1');
  const worker = v.worker ? v.worker.split('/').map(Number) as [number, number] : undefined;
  const base = { scale, jobs, worker, list: v.list ?? false, subset: parseSubsetChoice(v.subset ?? 'first'), root: v.root };
  if (v.executor === 'local') {
    const misplaced = SLURM_ONLY.filter((k) => v[k] !== undefined);
    if (misplaced.length > 0) throw new Error(`--${misplaced.join(', --')}: only with --executor slurm`);
    return base;
  }
  if (v.executor !== 'slurm') throw new Error(`--executor must be local or slurm, got '${v.executor}'`);
  if (v.jobs !== undefined) throw new Error('--jobs is for the local executor; Slurm runs one task per run (see --cpus-per-task)');
  return {
    ...base,
    slurm: {
      partition: v.partition, time: v.time, cpusPerTask: positiveInt('--cpus-per-task', v['cpus-per-task'] ?? '1'),
      gpusPerTask: v['gpus-per-task'] === undefined ? undefined : positiveInt('--gpus-per-task', v['gpus-per-task']),
      dryRun: v['dry-run'] ?? false, wait: v.wait ?? false, poll: positiveInt('--poll', v.poll ?? '15'),
    },
  };
}

function positiveInt(flag: string, value: string): number {
  const n = Number(value);
  if (!(Number.isInteger(n) && n >= 1)) throw new Error(`${flag} must be a positive integer, got ${value}`);
  return n;
}

/**
 * Relative cost, so the queue hands out the long runs first and the short ones last: examples per update × updates,
 * per example 5x the MLP for VGG11 and 20x for ResNet34, plus the λ₁ measurements at ~16 passes over the data each,
 * taken four times as often as `every` (the dense rule near the edge). Calibrated on the default preset's timings,
 * where λ₁ is most of an MLP run, mini-batch runs included.
 */
function estimatedCost(c: RunConfig): number {
  const n = c.data.n;
  const batch = c.batchSize === undefined || c.batchSize === 'full' ? n : c.batchSize;
  const perExample = c.model.arch === 'mlp' ? 1 : c.model.arch === 'vgg11' ? 5 : 20;
  const sharpness = c.sharpness.every > 0 ? (4 * c.steps / c.sharpness.every) * 16 * n : 0;
  return perExample * (c.steps * batch + sharpness);
}

/** The runs in the order workers take them: longest estimated first (deterministic), repeats dropped. */
function queueOrder(configs: readonly RunConfig[]): RunConfig[] {
  return uniqueConfigs(configs).map((c, i) => ({ c, i, cost: estimatedCost(c) }))
    .sort((a, b) => b.cost - a.cost || a.i - b.i).map(({ c }) => c);
}

/** What a worker asks for and what it is told (over the child-process IPC channel). */
type WorkerRequest = { next: true };
type WorkerOrder = { index: number } | { done: true };

/**
 * Spawns `jobs` workers and hands each the next run of the queue whenever it asks, so no worker idles
 * while another still has a list (a static split left the two ending 0.7 min apart).
 * @returns every worker's exit code.
 */
function runQueue(o: Options, queue: readonly RunConfig[], stopping: AbortSignal): Promise<number[]> {
  let next = 0;
  return Promise.all(Array.from({ length: o.jobs }, (_, k) => new Promise<number>((resolve) => {
    // One GC thread per worker: V8's helper threads otherwise take the cores from the other worker's
    // kernels (a default Armijo run on a pinned core: 34.5–37.2 s → 31.5 s; no number changes).
    const args = [...process.execArgv, '--single-threaded-gc', __filename, '--scale', o.scale, '--subset', subsetArg(o.subset), '--worker', `${k}/${o.jobs}`, ...(o.root ? ['--root', o.root] : [])];
    const child = spawn(process.execPath, args, { stdio: ['inherit', 'inherit', 'inherit', 'ipc'] });
    child.on('message', (m: WorkerRequest) => {
      if (!m.next) return;
      // Once interrupted, no more runs: each worker ends with the one it has.
      const order: WorkerOrder = next < queue.length && !stopping.aborted ? { index: next++ } : { done: true };
      child.send(order);
    });
    child.on('exit', (code) => resolve(code ?? 1));
  })));
}

/** A worker: asks the parent for runs until it says done and trains each; false once a run was interrupted. */
async function work(queue: readonly RunConfig[], label: string, root: string | undefined, signal: AbortSignal): Promise<boolean> {
  if (!process.send) throw new Error('--worker is internal: `--jobs N` starts the workers and hands them runs');
  const ask = () => new Promise<WorkerOrder>((resolve) => {
    process.once('message', (m: WorkerOrder) => resolve(m));
    process.send!({ next: true } satisfies WorkerRequest);
  });
  for (let order = await ask(); 'index' in order; order = await ask()) {
    const [run] = await runAll([queue[order.index]], { label: `${label} [${order.index + 1}/${queue.length}]`, root, signal });
    if (run === undefined || run.status === 'aborted') return false;
  }
  return true;
}

async function main(): Promise<void> {
  const o = parseOptions(process.argv.slice(2));
  process.env.SHARPNESS_LAB_SCALE = o.scale; // runs of unpublished scales go to scratch/runs/<scale>/ (src/store/runs-root.ts)
  const all = allFigureRuns(experimentScale(o.scale)).map((c) => onSubset(c, o.subset));
  if (o.list) {
    for (const c of all) console.log(describeRun(c).label);
    console.log(`${all.length} runs at scale ${o.scale}`);
    return;
  }
  if (o.slurm) process.exit(await onSlurm(all, o, o.slurm));
  const t0 = performance.now();
  const queue = queueOrder(all);
  if (o.worker === undefined && o.jobs > 1) {
    const crowded = oversubscription(o.jobs);
    if (crowded) console.warn(`warning: ${crowded}`);
    // The terminal's Ctrl-C reaches the workers too: they stop their runs, this hands out no more.
    const stop = stopOnSignals('no more runs; the workers stop theirs after this step, with a checkpoint');
    const codes = await runQueue(o, queue, stop.signal);
    const minutes = ((performance.now() - t0) / 60000).toFixed(1);
    if (stop.signal.aborted) {
      console.log(`reproduce ${o.scale}: interrupted after ${minutes} min; run the same command again to resume`);
      process.exit(INTERRUPTED);
    }
    console.log(`reproduce ${o.scale} (subset ${subsetName(o.subset)}): ${queue.length} runs in ${o.jobs} processes, ${minutes} min wall`);
    process.exit(codes.some((c) => c !== 0) ? 1 : 0);
  }
  const backend = await initBackend();
  const threads = backend.blas ? ` (BLAS ${backend.blas.threads} thread${backend.blas.threads > 1 ? 's' : ''})` : '';
  if (o.worker) {
    const label = `[${o.worker[0] + 1}/${o.worker[1]}]`;
    console.log(`${label} worker for ${queue.length} runs at scale ${o.scale} on ${backend.path}${threads}`);
    const stop = stopOnSignals(`${label} stopping its run after this step, with a checkpoint`);
    const ok = await work(queue, label, o.root, stop.signal);
    console.log(`${label} done in ${((performance.now() - t0) / 60000).toFixed(1)} min${ok ? '' : ', stopped at an interrupted run'}`);
    process.exit(ok ? 0 : stop.signal.aborted ? INTERRUPTED : 1);
  }
  console.log(`reproduce: ${queue.length} runs at scale ${o.scale} on ${backend.path}${threads}`);
  const stop = stopOnSignals('stopping after this step, with a checkpoint');
  const runs = await runAll(all, { label: 'reproduce', root: o.root, signal: stop.signal });
  const failed = runs.filter((r) => r.status === 'aborted').length;
  console.log(`reproduce done in ${((performance.now() - t0) / 60000).toFixed(1)} min${failed ? `, ${failed} aborted` : ''}`);
  process.exit(stop.signal.aborted ? INTERRUPTED : failed ? 1 : 0);
}

/** Plans the runs in the shared store, writes and submits (or prints) the array script, and waits if asked. */
async function onSlurm(all: readonly RunConfig[], o: Options, s: SlurmOptions): Promise<number> {
  // The thread count is part of each run's identity: the tasks must use the one the plan is made with.
  process.env.SHARPNESS_LAB_BLAS_THREADS ??= String(s.cpusPerTask);
  const backend: BackendInfo = await initBackend();
  const root = resolveRunsRoot(o.root);
  const planned = cluster.planSweep(all, backend, { root, write: false });
  const todo = cluster.unfinished(planned);
  const where = `${root} (${planned.length - todo.length} of ${planned.length} runs already complete)`;
  if (todo.length === 0) {
    console.log(`reproduce ${o.scale}: all ${planned.length} runs are complete in ${root}; nothing to submit`);
    return 0;
  }
  // One name per sweep (scale, subset, runs folder): a second submission while one is queued is refused
  // before any run folder is written.
  const jobName = `sharpness-lab-${o.scale}-${subsetName(o.subset)}-${createHash('sha256').update(root).digest('hex').slice(0, 8)}`;
  const active = s.dryRun ? [] : cluster.activeJobs(jobName);
  if (active.length > 0) {
    throw new Error(`Slurm job ${active.join(', ')} of this sweep (${jobName}) is still queued or running; ` +
      `let it end (squeue -j ${active[0]}) or cancel it (scancel ${active[0]}), then run this command again to resubmit what did not complete`);
  }
  if (!s.dryRun) cluster.planSweep(todo.map((r) => r.config), backend, { root, write: true }); // each task's folder and config.json
  const project = findProjectRoot(__dirname);
  const logDir = path.join(project, 'scratch', 'slurm');
  const script = cluster.sbatchScript({
    jobName, tasks: todo, root, projectDir: project, node: process.execPath, logDir,
    blasThreads: backend.blas?.threads ?? 1, cpusPerTask: s.cpusPerTask, partition: s.partition, time: s.time, gpusPerTask: s.gpusPerTask,
    comment: [
      `sharpness-lab: npm run reproduce -- --scale ${o.scale} --subset ${subsetArg(o.subset)} --executor slurm`,
      `${todo.length} runs not yet complete of ${planned.length}, planned on ${backend.path}${backend.blas ? ` (BLAS ${backend.blas.threads} thread${backend.blas.threads > 1 ? 's' : ''})` : ''}`,
      `runs folder ${root}; each task's log: <run folder>/slurm-<job>_<task>.log`,
    ],
  });
  if (s.dryRun) {
    process.stdout.write(script);
    console.error(`dry run: nothing written or submitted; runs folder ${where}`);
    return 0;
  }
  fs.mkdirSync(logDir, { recursive: true });
  const file = path.join(logDir, `${jobName}-${new Date().toISOString().replace(/[:.]/g, '-')}.sbatch`);
  fs.writeFileSync(file, script);
  const job = cluster.submitBatch(script);
  console.log(`submitted Slurm array job ${job}: ${todo.length} tasks, runs folder ${where}; script ${file}`);
  if (!s.wait) {
    console.log(`follow it with 'squeue -j ${job}'; once it has ended, run this command again to resubmit whatever did not complete`);
    return 0;
  }
  const left = await cluster.waitForSweep(job, todo, { pollSeconds: s.poll });
  if (left.length > 0) console.log(`${left.length} runs did not complete: run the same command again to resubmit them (they resume from their checkpoints)`);
  return left.length > 0 ? 1 : 0;
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
