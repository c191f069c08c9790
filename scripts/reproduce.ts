/**
 * Trains (or reuses from the run store) every run the figures and the claims checker read at a
 * scale: `experiments.claimRuns(scale)`. With --jobs N it splits the list over N processes (one
 * wasm thread and one BLAS thread each, unless SHARPNESS_LAB_BLAS_THREADS says otherwise), balanced by an estimate of each run's cost; every run lands in its own
 * run-store folder, so the processes never touch the same files. Interrupt and re-run to resume.
 *
 *   tsx scripts/reproduce.ts [--scale smoke|default|paper] [--jobs N] [--subset first|balanced:SEED] [--list]
 *
 * --subset balanced:SEED trains the same experiments on a class-balanced CIFAR-10 draw (n rounded down to
 * a multiple of 10), to see whether the claims' verdicts depend on the subset.
 *
 * Afterwards: `npm run figures -- --scale S` re-plots from the store, `npm run claims` checks.
 */
import { experiments, initBackend, oversubscription } from '../src';
import type { RunConfig, ScalePreset } from '../src';

const { experimentScale, claimRuns, describeRun, runAll, onSubset, parseSubsetChoice, subsetArg, subsetName } = experiments;
import { spawn } from 'child_process';
import { parseArgs } from 'util';

interface Options { scale: ScalePreset; jobs: number; shard?: [number, number]; list: boolean; subset: experiments.SubsetChoice }

// node's util.parseArgs: strict (unknown options are errors), no dependency.
function parseOptions(argv: string[]): Options {
  const { values: v } = parseArgs({
    args: argv, strict: true,
    options: { scale: { type: 'string', default: 'default' }, jobs: { type: 'string', default: '1' }, shard: { type: 'string' }, list: { type: 'boolean', default: false }, subset: { type: 'string', default: 'first' } },
  });
  const scale = v.scale as ScalePreset;
  experimentScale(scale); // validates the name
  const jobs = Number(v.jobs);
  if (!(Number.isInteger(jobs) && jobs >= 1)) throw new Error(`--jobs must be a positive integer, got ${v.jobs}`);
  const shard = v.shard ? v.shard.split('/').map(Number) as [number, number] : undefined;
  return { scale, jobs, shard, list: v.list ?? false, subset: parseSubsetChoice(v.subset ?? 'first') };
}

/** Relative cost: examples per update × updates, conv nets ≈ 20x the MLP per example, sharpness ≈ doubling. */
function estimatedCost(c: RunConfig): number {
  const n = c.data.n;
  const batch = c.batchSize === undefined || c.batchSize === 'full' ? n : c.batchSize;
  const perExample = c.model.arch === 'mlp' ? 1 : 20;
  const sharpness = c.sharpness.every > 0 ? (c.steps / c.sharpness.every) * 8 * 2 * n : 0;
  return perExample * (c.steps * batch + sharpness);
}

/** Greedy longest-first split into `jobs` lists of similar total cost (deterministic). */
function shards(configs: readonly RunConfig[], jobs: number): RunConfig[][] {
  const out: RunConfig[][] = Array.from({ length: jobs }, () => []);
  const load = new Array<number>(jobs).fill(0);
  const order = configs.map((c, i) => ({ c, i, cost: estimatedCost(c) })).sort((a, b) => b.cost - a.cost || a.i - b.i);
  for (const { c, cost } of order) {
    const k = load.indexOf(Math.min(...load));
    out[k].push(c);
    load[k] += cost;
  }
  return out;
}

async function main(): Promise<void> {
  const o = parseOptions(process.argv.slice(2));
  process.env.SHARPNESS_LAB_SCALE = o.scale; // runs of unpublished scales go to scratch/runs/<scale>/ (src/store/runs-root.ts)
  const all = claimRuns(experimentScale(o.scale)).map((c) => onSubset(c, o.subset));
  if (o.list) {
    for (const c of all) console.log(describeRun(c).label);
    console.log(`${all.length} runs at scale ${o.scale}`);
    return;
  }
  const t0 = performance.now();
  if (o.shard === undefined && o.jobs > 1) {
    const crowded = oversubscription(o.jobs);
    if (crowded) console.warn(`warning: ${crowded}`);
    const codes = await Promise.all(Array.from({ length: o.jobs }, (_, k) => new Promise<number>((resolve) => {
      const args = [...process.execArgv, __filename, '--scale', o.scale, '--subset', subsetArg(o.subset), '--shard', `${k}/${o.jobs}`];
      spawn(process.execPath, args, { stdio: 'inherit' }).on('exit', (code) => resolve(code ?? 1));
    })));
    console.log(`reproduce ${o.scale} (subset ${subsetName(o.subset)}): ${all.length} runs in ${o.jobs} processes, ${((performance.now() - t0) / 60000).toFixed(1)} min wall`);
    process.exit(codes.some((c) => c !== 0) ? 1 : 0);
  }
  const mine = o.shard ? shards(all, o.shard[1])[o.shard[0]] : all;
  const label = o.shard ? `[${o.shard[0] + 1}/${o.shard[1]}]` : 'reproduce';
  const backend = await initBackend();
  console.log(`${label} ${mine.length} of ${all.length} runs at scale ${o.scale} on ${backend.path}${backend.blas ? ` (BLAS ${backend.blas.threads} thread${backend.blas.threads > 1 ? 's' : ''})` : ''}`);
  const runs = await runAll(mine, { label });
  const failed = runs.filter((r) => r.status === 'aborted').length;
  console.log(`${label} done in ${((performance.now() - t0) / 60000).toFixed(1)} min${failed ? `, ${failed} aborted` : ''}`);
  process.exit(failed ? 1 : 0);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
