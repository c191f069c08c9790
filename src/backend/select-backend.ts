/**
 * Picks the compute path once per process and says why.
 *
 * Order: tfjs-node (native libtensorflow, when it installed) → wasm + BLAS (matmuls and
 * convolutions on oneDNN where it loads, src/backend/dnnl/, else on a native CBLAS,
 * src/backend/blas/, which the path needs either way; the rest on wasm) → wasm (XNNPACK, SIMD;
 * ships in the npm package, so it installs everywhere) → cpu (pure JS, tests only).
 * `SHARPNESS_LAB_BACKEND=tensorflow|wasm+blas|wasm|cpu` forces one; a forced path that cannot
 * start is an error, never a silent fallback. wasm runs one thread unless
 * `SHARPNESS_LAB_WASM_THREADS=n` opts in to the threaded build (src/backend/wasm-threads.ts).
 * Host memory is kept by the allocator (host-malloc.ts) and the wasm heap asks for huge pages
 * (wasm-huge-pages.ts): both only spare page faults.
 */
import { firstLine } from '../util/first-line';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as nodePath from 'path';
import { installWasmFixes } from './wasm-fixes';
import { prepareWasmThreads, requestedWasmThreads, WASM_THREADS_ENV } from './wasm-threads';
import { installSecondOrderGradients } from '../autodiff/second-order-gradients';
import { BlasInfo, installBlasKernels } from './blas/install-blas';
import { keepHostMemory } from './host-malloc';
import { adviseHugePages } from './wasm-huge-pages';
import { blasThreads } from './blas/blas-threads';
import { DNNL_ENV, requestedDnnl } from './dnnl/dnnl-library';

/** A TensorFlow.js backend. */
export type BackendName = 'tensorflow' | 'wasm' | 'cpu';
/** A compute path: a backend, and for wasm whether native libraries (oneDNN or a BLAS) run its matmuls and convolutions. */
export type BackendPath = 'tensorflow' | 'wasm+blas' | 'wasm' | 'cpu';

export interface BackendInfo {
  /** The TensorFlow.js backend that runs. */
  readonly name: BackendName;
  /** The compute path (part of every run's identity: paths differ in the last bits). */
  readonly path: BackendPath;
  /** One sentence on why this path was chosen. */
  readonly reason: string;
  /** Versions that determine the numbers (for run provenance), the BLAS library and its threads included. */
  readonly versions: Readonly<Record<string, string>>;
  /** The BLAS library, its version and threads, on the wasm+blas path. */
  readonly blas?: BlasInfo;
}

export const BACKEND_ENV = 'SHARPNESS_LAB_BACKEND';
const ORDER: readonly BackendPath[] = ['tensorflow', 'wasm+blas', 'wasm', 'cpu'];
let chosen: Promise<BackendInfo> | undefined;

/**
 * Initialises the backend (idempotent) and returns which one runs and why.
 * @param prefer a backend to force; defaults to `$SHARPNESS_LAB_BACKEND`, else automatic.
 * @example const { name, reason } = await initBackend(); console.log(name, reason);
 */
export function initBackend(prefer?: BackendPath): Promise<BackendInfo> {
  let forced: BackendPath | undefined;
  try {
    forced = prefer ?? parseBackendEnv(process.env[BACKEND_ENV]);
    blasThreads(); // a bad SHARPNESS_LAB_BLAS_THREADS is an error, not a reason to fall back
    requestedDnnl(); // so is a bad SHARPNESS_LAB_DNNL
  } catch (err) {
    return Promise.reject(err);
  }
  if (chosen) {
    return chosen.then((info) => {
      if (forced && forced !== info.path) {
        throw new Error(`backend already initialised as '${info.path}'; cannot switch to '${forced}' in the same process`);
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

function parseBackendEnv(value: string | undefined): BackendPath | undefined {
  if (value === undefined || value === '' || value === 'auto') return undefined;
  if ((ORDER as readonly string[]).includes(value)) return value as BackendPath;
  throw new Error(`${BACKEND_ENV}=${value} is not a backend; use one of ${ORDER.join(', ')} or auto`);
}

async function pickBackend(requested: BackendPath | undefined): Promise<BackendInfo> {
  installSecondOrderGradients();
  keepHostMemory();
  // oneDNN runs on the wasm+blas path only: asking for it forces that path.
  const dnnl = requestedDnnl() === 'on';
  if (dnnl && requested && requested !== 'wasm+blas') {
    throw new Error(`${DNNL_ENV}=on runs on the wasm+blas path; ${prefer(requested)} asks for ${requested}`);
  }
  const forced = dnnl ? 'wasm+blas' : requested;
  const failures: string[] = [];
  for (const path of forced ? [forced] : ORDER) {
    try {
      const blas = await activate(path);
      const reason = forced
        ? `forced by ${prefer(forced)}`
        : failures.length === 0
          ? `${path} loaded (first choice)`
          : `${path} loaded; ${failures.join('; ')}`;
      const name = backendOf(path);
      // Threads are not a version (the run hash includes versions; XNNPACK's results do not change).
      const threads = name === 'wasm' && requestedWasmThreads() > 1 ? `; ${requestedWasmThreads()} threads by ${WASM_THREADS_ENV}` : '';
      const blasNote = blas ? `; BLAS ${blas.library}, ${blas.threads} thread${blas.threads > 1 ? 's' : ''}` : '';
      const dnnlNote = !blas ? '' : blas.dnnl ? `; matmuls and convolutions by ${blas.dnnl}`
        : blas.dnnlNote ? `; matmuls and convolutions by the BLAS (${blas.dnnlNote})` : '';
      return { name, path, reason: reason + threads + blasNote + dnnlNote, versions: versions(name, blas), blas };
    } catch (err) {
      if (forced) throw new Error(`backend '${path}' (forced by ${prefer(forced)}) could not start: ${(err as Error).message}`);
      failures.push(`${path} unavailable (${firstLine(err)})`);
    }
  }
  throw new Error(`no TensorFlow.js backend could start: ${failures.join('; ')}`);
}

function backendOf(path: BackendPath): BackendName {
  return path === 'wasm+blas' ? 'wasm' : path;
}

function prefer(name: BackendPath): string {
  if (process.env[BACKEND_ENV] === name) return `${BACKEND_ENV}=${name}`;
  return requestedDnnl() === 'on' && name === 'wasm+blas' ? `${DNNL_ENV}=on` : `initBackend('${name}')`;
}

/** Starts a path; throws when it cannot. Returns the BLAS in use on the wasm+blas path. */
async function activate(path: BackendPath): Promise<BlasInfo | undefined> {
  const name = backendOf(path);
  if (name === 'tensorflow') {
    // Loading the package registers the native backend; it throws when libtensorflow is absent.
    require('@tensorflow/tfjs-node');
  } else if (name === 'wasm') {
    const wasm = require('@tensorflow/tfjs-backend-wasm') as typeof import('@tensorflow/tfjs-backend-wasm');
    const dist = nodePath.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
    wasm.setWasmPaths(dist + nodePath.sep);
  }
  const threads = name === 'wasm' ? requestedWasmThreads() : 1;
  const threadsReady = threads > 1 ? prepareWasmThreads(threads) : undefined;
  try {
    if (!(await tf.setBackend(name))) throw new Error(`tf.setBackend('${name}') returned false`);
    await tf.ready();
  } finally {
    threadsReady?.();
  }
  if (name === 'wasm') {
    installWasmFixes();
    adviseHugePages((tf.backend() as unknown as { wasm: { HEAPU8: Uint8Array } }).wasm.HEAPU8);
  }
  // Loading tfjs-node pulls in @tensorflow/tfjs, which registers the stock gradients over ours.
  if (name === 'tensorflow') installSecondOrderGradients();
  if (path !== 'wasm+blas') return undefined;
  // Registers nothing when the library does not load, so plain wasm can still follow.
  const blas = installBlasKernels();
  if (typeof blas === 'string') throw new Error(blas);
  return blas;
}

function versions(name: BackendName, blas: BlasInfo | undefined): Record<string, string> {
  const v: Record<string, string> = { 'tfjs-core': tf.version_core, node: process.versions.node };
  if (name === 'wasm') v['tfjs-backend-wasm'] = packageVersion('@tensorflow/tfjs-backend-wasm');
  if (name === 'tensorflow') v['tfjs-node'] = packageVersion('@tensorflow/tfjs-node');
  if (blas) {
    v.blas = blas.version;
    v['blas-threads'] = String(blas.threads);
    // Absent without oneDNN, as in the run identities made before oneDNN came in.
    if (blas.dnnl) v.dnnl = blas.dnnl;
  }
  return v;
}

function packageVersion(pkg: string): string {
  try {
    return (require(`${pkg}/package.json`) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}
