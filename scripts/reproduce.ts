/**
 * Trains (or reuses from the run store) every run the figures and the claims checker read at a
 * scale: `experiments.claimRuns(scale)`. With --jobs N it splits the list over N processes (one
 * wasm thread and one BLAS thread each, unless SHARPNESS_LAB_BLAS_THREADS says otherwise), balanced by an estimate of each run's cost; every run lands in its own
 * run-store folder, so the processes never touch the same files. Interrupt and re-run to resume.
 *
 *   tsx scripts/reproduce.ts [--scale smoke|default|paper] [--jobs N] [--list]
 *
 * Afterwards: `npm run figures -- --scale S` re-plots from the store, `npm run claims` checks.
 */
import { experiments, initBackend, oversubscription } from '../src';
import type { RunConfig, ScalePreset } from '../src';

const { experimentScale, claimRuns, describeRun, runAll } = experiments;
import { spawn } from 'child_process';

interface Options { scale: ScalePreset; jobs: number; shard?: [number, number]; list: boolean }

function parseArgs(argv: readonly string[]): Options {
  const o: Options = { scale: 'default', jobs: 1, list: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--scale') o.scale = value() as ScalePreset;
    else if (a === '--jobs') o.jobs = Number(value());
    else if (a === '--shard') {
      const [k, n] = value().split('/').map(Number);
      o.shard = [k, n];
    } else if (a === '--list') o.list = true;
    else throw new Error(`unknown argument ${a} (see the header of scripts/reproduce.ts)`);
  }
  experimentScale(o.scale); // validates the name
  if (!(Number.isInteger(o.jobs) && o.jobs >= 1)) throw new Error(`--jobs must be a positive integer, got ${o.jobs}`);
  return o;
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
  const o = parseArgs(process.argv.slice(2));
  process.env.SHARPNESS_LAB_SCALE = o.scale; // runs of unpublished scales go to scratch/runs/<scale>/ (src/store/runs-root.ts)
  const all = claimRuns(experimentScale(o.scale));
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
      const args = [...process.execArgv, __filename, '--scale', o.scale, '--shard', `${k}/${o.jobs}`];
      spawn(process.execPath, args, { stdio: 'inherit' }).on('exit', (code) => resolve(code ?? 1));
    })));
    console.log(`reproduce ${o.scale}: ${all.length} runs in ${o.jobs} processes, ${((performance.now() - t0) / 60000).toFixed(1)} min wall`);
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
