/**
 * Picks the TensorFlow.js backend once per process and says why.
 *
 * Order: tfjs-node (native libtensorflow, when it installed) → wasm (XNNPACK, SIMD; ships in
 * the npm package, so it installs everywhere) → cpu (pure JS, ≈ 1 GFLOP/s, tests only).
 * `SHARPNESS_LAB_BACKEND=tensorflow|wasm|cpu` forces one; a forced backend that cannot load is
 * an error, never a silent fallback. wasm runs one thread unless `SHARPNESS_LAB_WASM_THREADS=n`
 * opts in to the threaded build (src/backend/wasm-threads.ts; a shim tied to tfjs 4.22 internals).
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as path from 'path';
import { installWasmFixes } from './wasm-fixes';
import { prepareWasmThreads, requestedWasmThreads, WASM_THREADS_ENV } from './wasm-threads';
import { installSecondOrderGradients } from '../autodiff/second-order-gradients';

export type BackendName = 'tensorflow' | 'wasm' | 'cpu';

export interface BackendInfo {
  /** The backend that runs. */
  readonly name: BackendName;
  /** One sentence on why this backend was chosen. */
  readonly reason: string;
  /** Versions that determine the numbers (for run provenance). */
  readonly versions: Readonly<Record<string, string>>;
}

export const BACKEND_ENV = 'SHARPNESS_LAB_BACKEND';
const ORDER: readonly BackendName[] = ['tensorflow', 'wasm', 'cpu'];
let chosen: Promise<BackendInfo> | undefined;

/**
 * Initialises the backend (idempotent) and returns which one runs and why.
 * @param prefer a backend to force; defaults to `$SHARPNESS_LAB_BACKEND`, else automatic.
 * @example const { name, reason } = await initBackend(); console.log(name, reason);
 */
export function initBackend(prefer?: BackendName): Promise<BackendInfo> {
  const forced = prefer ?? parseBackendEnv(process.env[BACKEND_ENV]);
  if (chosen) {
    return chosen.then((info) => {
      if (forced && forced !== info.name) {
        throw new Error(`backend already initialised as '${info.name}'; cannot switch to '${forced}' in the same process`);
      }
      return info;
    });
  }
  chosen = pickBackend(forced);
  chosen.catch(() => { chosen = undefined; });
  return chosen;
}

/** The backend info if `initBackend` has completed, else undefined. */
export async function currentBackend(): Promise<BackendInfo | undefined> {
  return chosen;
}

function parseBackendEnv(value: string | undefined): BackendName | undefined {
  if (value === undefined || value === '' || value === 'auto') return undefined;
  if ((ORDER as readonly string[]).includes(value)) return value as BackendName;
  throw new Error(`${BACKEND_ENV}=${value} is not a backend; use one of ${ORDER.join(', ')} or auto`);
}

async function pickBackend(forced: BackendName | undefined): Promise<BackendInfo> {
  installSecondOrderGradients();
  const failures: string[] = [];
  for (const name of forced ? [forced] : ORDER) {
    try {
      await activate(name);
      const reason = forced
        ? `forced by ${prefer(forced)}`
        : failures.length === 0
          ? `${name} loaded (first choice)`
          : `${name} loaded; ${failures.join('; ')}`;
      // Threads are not a version (the run hash includes versions; XNNPACK's results do not change).
      const threads = name === 'wasm' && requestedWasmThreads() > 1 ? `; ${requestedWasmThreads()} threads by ${WASM_THREADS_ENV}` : '';
      return { name, reason: reason + threads, versions: versions(name) };
    } catch (err) {
      if (forced) throw new Error(`backend '${name}' ${prefer(forced)} could not start: ${(err as Error).message}`);
      failures.push(`${name} unavailable (${firstLine(err)})`);
    }
  }
  throw new Error(`no TensorFlow.js backend could start: ${failures.join('; ')}`);
}

function prefer(name: BackendName): string {
  return process.env[BACKEND_ENV] === name ? `${BACKEND_ENV}=${name}` : `initBackend('${name}')`;
}

async function activate(name: BackendName): Promise<void> {
  if (name === 'tensorflow') {
    // Loading the package registers the native backend; it throws when libtensorflow is absent.
    require('@tensorflow/tfjs-node');
  } else if (name === 'wasm') {
    const wasm = require('@tensorflow/tfjs-backend-wasm') as typeof import('@tensorflow/tfjs-backend-wasm');
    const dist = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
    wasm.setWasmPaths(dist + path.sep);
  }
  const threads = name === 'wasm' ? requestedWasmThreads() : 1;
  const threadsReady = threads > 1 ? prepareWasmThreads(threads) : undefined;
  try {
    if (!(await tf.setBackend(name))) throw new Error(`tf.setBackend('${name}') returned false`);
    await tf.ready();
  } finally {
    threadsReady?.();
  }
  if (name === 'wasm') installWasmFixes();
  // Loading tfjs-node pulls in @tensorflow/tfjs, which registers the stock gradients over ours.
  if (name === 'tensorflow') installSecondOrderGradients();
}

function versions(name: BackendName): Record<string, string> {
  const v: Record<string, string> = { 'tfjs-core': tf.version_core, node: process.versions.node };
  if (name === 'wasm') v['tfjs-backend-wasm'] = packageVersion('@tensorflow/tfjs-backend-wasm');
  if (name === 'tensorflow') v['tfjs-node'] = packageVersion('@tensorflow/tfjs-node');
  return v;
}

function packageVersion(pkg: string): string {
  try {
    return (require(`${pkg}/package.json`) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

function firstLine(err: unknown): string {
  return String((err as Error)?.message ?? err).split('\n')[0];
}
