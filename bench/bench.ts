/**
 * Performance bench: exact curvature on the active backend, side by side with PyTorch.
 *
 * For each network (MLP 3072-200-200-10 tanh and relu on 5000 CIFAR-10 images; VGG11 and ResNet34
 * at width 0.125 on 1000): the loss, gradient and exact HVP over all images (chunked), their ratio
 * from interleaved pairs, the HVP inside an eigen-solve, one Armijo and one Polyak step, the sharpness by Lanczos cold and warm-started, peak RSS; medians after a
 * warm-up. Each case runs in its own process (peak RSS per case; one backend per process), then
 * bench/torch_reference.py measures the same on the same weights and inputs, on as many threads
 * (--threads: both sides on the same cores), and cross-checks our
 * loss, gradient and HVP against PyTorch float64. Prints a table; writes JSON to bench/results/.
 * Options: see bench/lib/options.ts (e.g. --quick, --models mlp-tanh,vgg11, --full-batch).
 * Usage: npx tsx bench/bench.ts [--quick]
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseOptions, BenchOptions } from './lib/options';
import { BenchCase, benchCases } from './lib/cases';
import { CaseResult, runCase } from './lib/run-case';
import { runTorch, TorchResult, PYTHON } from './lib/torch';
import { CaseReport, summaryLines, tableLines } from './lib/report';
import { BLAS_THREADS_ENV } from '../src';

/** Our side of one case in its own process, on `threads` BLAS threads. */
function child(c: BenchCase, dir: string, threads: number): CaseResult {
  const run = spawnSync(process.execPath, [...process.execArgv, __filename, '--child', JSON.stringify(c), dir],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 26, env: { ...process.env, [BLAS_THREADS_ENV]: String(threads) } });
  const line = run.stdout.trim().split('\n').filter((l) => l.startsWith('{')).pop();
  if (run.status !== 0 || !line) throw new Error(`bench child for ${c.name} failed (exit ${run.status})`);
  return JSON.parse(line) as CaseResult;
}

function machine(): string {
  const load = os.loadavg().map((l) => l.toFixed(1)).join(' ');
  return `${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? '?'}), load average ${load}`;
}

async function main(o: BenchOptions): Promise<void> {
  const started = new Date();
  const startMachine = machine();
  console.log(`sharpness-lab bench, ${started.toISOString()}; machine: ${startMachine}; ${o.threads} thread(s) on each side (--threads)`);
  const reports: CaseReport[] = [];
  for (const c of benchCases(o)) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `sharpness-bench-${c.name}-`));
    try {
      process.stdout.write(`  ${c.name}: ours... `);
      const ours = child(c, dir, o.threads);
      process.stdout.write(`done (${ours.backend.path}); PyTorch... `);
      const torch: TorchResult = o.torch ? runTorch(dir, o.threads) : { available: false, reason: '--no-torch' };
      console.log(torch.available ? 'done' : `skipped: ${torch.reason}`);
      reports.push({ ours, torch });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  const first = reports[0];
  if (!first) return;
  const b = first.ours.backend;
  const t = reports.find((r) => r.torch.available)?.torch;
  console.log('');
  console.log(`ours: ${b.path} (${b.reason})${b.threads !== undefined ? `, ${b.threads} wasm thread(s), SIMD ${b.simd ? 'on' : 'off'}` : ''}; ${Object.entries(b.versions).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  console.log(t ? `PyTorch ${t.torch}, ${t.threads} threads (OpenBLAS ${t.blasThreads ?? '?'}), OpenBLAS core ${t.openblasCore}${t.openblasDetected !== t.openblasCore ? ` (auto-detected ${t.openblasDetected}: forced, see torch_reference.py)` : ''}, OMP_WAIT_POLICY=${t.ompWaitPolicy}; ${PYTHON}`
    : `PyTorch: ${first.torch.reason}`);
  console.log(`data: ${first.ours.dataSource.replace(/first \d+ images/, 'first n images')}; loss ½‖f(x) − y‖² averaged over n; times are wall-clock medians`);
  console.log(`machine at the end: ${machine()}`);
  const mm = first.torch.timings?.matmulGflops;
  console.log(`matmul [5000x3072]x[3072x200]: ours ${first.ours.matmulGflops.toFixed(1)} GFLOP/s, PyTorch ${mm ? mm.toFixed(1) : '-'} GFLOP/s\n`);
  tableLines(reports).forEach((l) => console.log(l));
  console.log('\ntargets (measured on this run):');
  summaryLines(reports).forEach((l) => console.log(`  ${l}`));
  const out = o.out ?? path.join(__dirname, 'results', `${b.path}-${o.threads}t-${started.toISOString().replace(/[:.]/g, '-')}.json`);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, JSON.stringify({ started: started.toISOString(), machine: { start: startMachine, end: machine() }, options: o, reports }, null, 2) + '\n');
  console.log(`\nJSON: ${path.relative(process.cwd(), out)}`);
}

const argv = process.argv.slice(2);
if (argv[0] === '--child') {
  runCase(JSON.parse(argv[1]) as BenchCase, argv[2]).then(
    (r) => { console.log(JSON.stringify(r)); process.exit(0); },
    (e) => { console.error(e?.stack ?? String(e)); process.exit(1); },
  );
} else {
  main(parseOptions(argv)).catch((e) => { console.error(e?.stack ?? String(e)); process.exit(1); });
}
