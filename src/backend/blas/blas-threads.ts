/**
 * BLAS threads per process: `$SHARPNESS_LAB_BLAS_THREADS`, else 1.
 *
 * Why 1 and not cores / processes: OpenBLAS gives different last bits with 1 and 2 threads
 * (measured on every GEMM shape of the MLP), so the thread count is part of a run's identity. With
 * a default that depended on the number of processes, `reproduce --jobs 2` (1 thread each) and a
 * notebook or `npm run figures` (one process) would give the same config two identities and train
 * it twice. One thread per process also never oversubscribes `reproduce --jobs N` (N ≤ cores), and
 * leaves the wasm thread its core (idle OpenBLAS threads spin). More threads are an opt-in.
 */
import * as os from 'os';
import { positiveIntEnv } from '../../util/positive-int-env';

export const BLAS_THREADS_ENV = 'SHARPNESS_LAB_BLAS_THREADS';

/**
 * @throws on a value that is not a positive integer.
 * @example blasThreads() // 1 unless SHARPNESS_LAB_BLAS_THREADS says otherwise
 */
export function blasThreads(): number {
  return positiveIntEnv(BLAS_THREADS_ENV, 1);
}

/**
 * A warning when `processes` × BLAS threads exceed the cores, else undefined.
 * @example oversubscription(2) // undefined on 2 cores with the default 1 thread
 */
export function oversubscription(processes: number): string | undefined {
  const threads = blasThreads();
  const cores = os.cpus().length;
  if (processes * threads <= cores) return undefined;
  return `${processes} processes x ${threads} BLAS threads (${BLAS_THREADS_ENV}) exceed the ${cores} cores: expect a slowdown`;
}
