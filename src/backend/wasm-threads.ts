/**
 * Opt-in multithreaded wasm in Node (`SHARPNESS_LAB_WASM_THREADS=2`), tied to the internals of
 * @tensorflow/tfjs-backend-wasm 4.22.0 (the version package.json pins). Without help its threaded
 * build cannot start in Node:
 * - the backend reports WASM_HAS_MULTITHREAD_SUPPORT = false under Node (we force it on);
 * - Emscripten starts its pthread workers from `blob:` URLs, which Node's worker_threads refuses,
 *   and hands them the main script as a Blob they cannot import: we record the text of the Blobs
 *   created during start-up and give the workers temp files instead;
 * - the main script is the bundled factory's source, which refers to the bundle's own variables
 *   (its `require`d modules, `commonjsGlobal`): the file declares them first;
 * - the worker pool would keep Node alive: the workers are unref'ed once the backend is ready.
 * The XNNPACK pool size is set with `setThreadsCount` (the default is cores / 2: 1 on 2 cores).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs-core';
import { positiveIntEnv } from '../util/positive-int-env';

/** The environment variable that opts in (a thread count ≥ 2; 1 or unset: single-threaded). */
export const WASM_THREADS_ENV = 'SHARPNESS_LAB_WASM_THREADS';

// The bundle's names for the modules its factory uses (tf-backend-wasm.node.js, 4.22.0).
const PRELUDE = [
  "var require$$0 = require('fs'), require$$1 = require('path'), require$$3 = require('perf_hooks'), require$$4 = require('os');",
  'var commonjsGlobal = globalThis;',
].join('\n');

/**
 * Threads requested by `$SHARPNESS_LAB_WASM_THREADS` (1 when unset or 1).
 * @throws on a value that is not a positive integer.
 * @example requestedWasmThreads() // 2 with SHARPNESS_LAB_WASM_THREADS=2
 */
export function requestedWasmThreads(): number {
  return positiveIntEnv(WASM_THREADS_ENV, 1);
}

/**
 * Prepares the threaded wasm build; call before `tf.setBackend('wasm')`, then `done()` after it.
 * @param threads XNNPACK threads (≥ 2).
 * @returns `done`, which restores the patched globals (workers keep their files until exit).
 * @example const done = prepareWasmThreads(2); await tf.setBackend('wasm'); done();
 */
export function prepareWasmThreads(threads: number): () => void {
  const wasm = require('@tensorflow/tfjs-backend-wasm') as { setThreadsCount(n: number): void; version_wasm: string };
  if (wasm.version_wasm !== '4.22.0') throw new Error(`wasm threads shim is for tfjs-backend-wasm 4.22.0, found ${wasm.version_wasm}`);
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', true);
  wasm.setThreadsCount(threads);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sharpness-lab-wasm-'));
  process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  const texts = new WeakMap<Blob, string>();
  const files = new Map<string, string>();
  const fileOf = (blob: Blob): string | undefined => {
    const text = texts.get(blob);
    if (text === undefined) return undefined;
    const isMain = text.startsWith('var WasmBackendModuleThreadedSimd');
    let file = files.get(text);
    if (!file) {
      file = path.join(dir, `${isMain ? 'main' : 'worker'}-${files.size}.js`);
      const names = `var _scriptDir = ${JSON.stringify(file)}, __filename = _scriptDir, __dirname = ${JSON.stringify(dir)};`;
      fs.writeFileSync(file, isMain ? `${PRELUDE}\n${names}\n${text}\n` : text);
      files.set(text, file);
    }
    return file;
  };
  const OriginalBlob = globalThis.Blob;
  const createObjectURL = URL.createObjectURL;
  class RecordingBlob extends OriginalBlob {
    constructor(...args: ConstructorParameters<typeof Blob>) {
      super(...args);
      const parts = args[0] as unknown[] | undefined;
      if (parts && parts.every((p) => typeof p === 'string')) texts.set(this, (parts as string[]).join(''));
    }
  }
  globalThis.Blob = RecordingBlob as typeof Blob;
  URL.createObjectURL = (obj: Blob) => fileOf(obj) ?? createObjectURL(obj);
  const workers: { unref(): void }[] = [];
  wrapWorkerAssignment(fileOf, workers);
  // The pool is capped at half the logical cores Emscripten reports (os.cpus()): report enough.
  const osModule = require('os') as typeof os; // the module object itself (the import is a read-only view)
  const cpus = osModule.cpus;
  const cores = cpus();
  osModule.cpus = () => Array.from({ length: Math.max(cores.length, 2 * threads) }, (_, i) => cores[i % cores.length]);
  return () => {
    // After start-up (the pool's threads are running), so they no longer keep Node alive.
    for (const w of workers) w.unref();
    globalThis.Blob = OriginalBlob;
    URL.createObjectURL = createObjectURL;
    osModule.cpus = cpus;
  };
}

/** The factory assigns `global.Worker`; wrap what it assigns so Blob scripts become files. */
function wrapWorkerAssignment(fileOf: (b: Blob) => string | undefined, created: { unref(): void }[]): void {
  type WorkerClass = new (file: string, options?: object) => { postMessage(msg: unknown, transfer?: unknown): void; unref(): void };
  let current: WorkerClass | undefined;
  Object.defineProperty(globalThis, 'Worker', {
    configurable: true,
    get: () => current,
    set: (Base: WorkerClass) => {
      current = class extends Base {
        constructor(file: string, options?: object) {
          super(file, options);
          created.push(this);
        }
        postMessage(msg: unknown, transfer?: unknown): void {
          const m = msg as { cmd?: string; urlOrBlob?: unknown };
          if (m && m.cmd === 'load' && m.urlOrBlob instanceof Blob) {
            super.postMessage({ ...m, urlOrBlob: fileOf(m.urlOrBlob) ?? m.urlOrBlob }, transfer);
          } else {
            super.postMessage(msg, transfer);
          }
        }
      };
    },
  });
}
