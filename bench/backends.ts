/**
 * Backend choice by numbers: the [5000x3072]x[3072x200] float32 matmul (the first layer of the
 * CIFAR MLP over 5000 images) on every backend that loads here, each in its own process because a
 * process initialises one backend. Prints GFLOP/s (median of the timed repeats after a warm-up).
 * Usage: npx tsx bench/backends.ts [--repeats 3]
 */
import { spawnSync } from 'child_process';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../src';
import type { BackendPath } from '../src';

const M = 5000, K = 3072, N = 200;
const FLOP = 2 * M * K * N;

async function measure(name: BackendPath, repeats: number): Promise<void> {
  const info = await initBackend(name);
  const a = tf.randomUniform([M, K], -1, 1, 'float32', 1);
  const b = tf.randomUniform([K, N], -1, 1, 'float32', 2);
  const times: number[] = [];
  for (let i = 0; i <= repeats; i++) {
    const t0 = performance.now();
    const c = tf.matMul(a, b);
    await c.data();
    c.dispose();
    if (i > 0) times.push((performance.now() - t0) / 1000);
  }
  times.sort((x, y) => x - y);
  const median = times[Math.floor(times.length / 2)];
  const threads = info.name === 'wasm' ? (require('@tensorflow/tfjs-backend-wasm') as { getThreadsCount(): number }).getThreadsCount() : undefined;
  const simd = info.name === 'wasm' ? await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT') : undefined;
  console.log(JSON.stringify({ backend: info.path, gflops: FLOP / median / 1e9, seconds: median, threads, simd, blasThreads: info.blas?.threads }));
}

function parent(repeats: number): void {
  console.log(`matmul [${M}x${K}]x[${K}x${N}] float32, median of ${repeats} after 1 warm-up`);
  console.log('backend      GFLOP/s   s/matmul   notes');
  for (const name of ['tensorflow', 'wasm+blas', 'wasm', 'cpu'] as BackendPath[]) {
    const child = spawnSync(process.execPath, [...process.execArgv, __filename, '--child', name, '--repeats', String(repeats)],
      { encoding: 'utf8', env: { ...process.env, SHARPNESS_LAB_BACKEND: name } });
    const line = child.stdout.split('\n').find((l) => l.startsWith('{'));
    if (!line) {
      const why = (child.stderr.match(/could not start: (.*)/)?.[1] ?? 'failed').slice(0, 90);
      console.log(`${name.padEnd(12)} ${'-'.padStart(7)}   ${'-'.padStart(8)}   unavailable: ${why}`);
      continue;
    }
    const r = JSON.parse(line) as { gflops: number; seconds: number; threads?: number; simd?: boolean; blasThreads?: number };
    const notes = r.blasThreads !== undefined ? `OpenBLAS sgemm, ${r.blasThreads} BLAS thread(s)`
      : r.threads !== undefined ? `SIMD ${r.simd ? 'on' : 'off'}, ${r.threads} thread(s)` : '';
    console.log(`${name.padEnd(12)} ${r.gflops.toFixed(1).padStart(7)}   ${r.seconds.toFixed(3).padStart(8)}   ${notes}`);
  }
}

const args = process.argv.slice(2);
const repeats = Number(args[args.indexOf('--repeats') + 1] ?? 3) || 3;
if (args[0] === '--child') {
  measure(args[1] as BackendPath, repeats).then(() => process.exit(0), (e) => { console.error(String(e?.message ?? e)); process.exit(1); });
} else {
  parent(repeats);
}
