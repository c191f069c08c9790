/** Runs bench/torch_reference.py on an exchange folder (Debian's /usr/bin/python3 by default). */
import { spawnSync } from 'child_process';
import * as path from 'path';

/** The reference's JSON (see bench/torch_reference.py), or why it did not run. */
export interface TorchResult {
  readonly available: boolean;
  readonly reason?: string;
  readonly torch?: string;
  readonly threads?: number;
  /** OpenBLAS's own thread count (its matmuls), which torch.set_num_threads does not set. */
  readonly blasThreads?: number;
  readonly openblasCore?: string;
  readonly openblasDetected?: string;
  readonly ompWaitPolicy?: string;
  readonly timings?: Record<string, number>;
  readonly peakRssGB?: number;
  readonly cross?: {
    n: number; tolerance: number; pass: boolean; measure: string;
    oursVsTorch64: Record<string, number>; torch32VsTorch64: Record<string, number>;
    worstTensor: Record<string, { gradient: string; hvp: string }>;
  };
}

/** `$SHARPNESS_LAB_PYTHON`, else /usr/bin/python3 (Debian's python3-torch lives there). */
export const PYTHON = process.env.SHARPNESS_LAB_PYTHON || '/usr/bin/python3';

/**
 * @param dir the exchange folder written by the child.
 * @param threads PyTorch's intra-op threads and OpenBLAS's (default 2).
 * @param crossOnly only the cross-check, no timings (for tests).
 * @example const r = runTorch('/tmp/bench-x'); if (r.available) console.log(r.timings!.hvp);
 */
export function runTorch(dir: string, threads = 2, crossOnly = false): TorchResult {
  const script = path.join(__dirname, '..', 'torch_reference.py');
  const args = [script, '--dir', dir, '--threads', String(threads), ...(crossOnly ? ['--cross-only'] : [])];
  const child = spawnSync(PYTHON, args, { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (child.error) return { available: false, reason: `${PYTHON} could not start (${child.error.message})` };
  const line = child.stdout.trim().split('\n').filter((l) => l.startsWith('{')).pop();
  if (child.status !== 0 || !line) {
    const err = child.stderr.trim().split('\n').slice(-3).join(' | ');
    return { available: false, reason: `torch_reference.py failed (exit ${child.status}): ${err}` };
  }
  return JSON.parse(line) as TorchResult;
}

/**
 * Whether the reference can run here: runs its imports (numpy, torch, its own modules) and a tiny
 * float64 double-backward HVP (`torch_reference.py --probe`).
 * @example const p = probeTorch(); if (!p.available) console.log(p.reason);
 */
export function probeTorch(): TorchResult {
  const script = path.join(__dirname, '..', 'torch_reference.py');
  const child = spawnSync(PYTHON, [script, '--probe'], { encoding: 'utf8' });
  if (child.error) return { available: false, reason: `${PYTHON} could not start (${child.error.message})` };
  const line = child.stdout.trim().split('\n').filter((l) => l.startsWith('{')).pop();
  if (child.status !== 0 || !line) {
    const err = child.stderr.trim().split('\n').slice(-3).join(' | ');
    return { available: false, reason: `torch_reference.py --probe failed (exit ${child.status}): ${err}` };
  }
  return JSON.parse(line) as TorchResult;
}
