/**
 * Finds and loads a CBLAS library at run time through koffi (2.x ships its FFI binaries inside the
 * npm package, so nothing is downloaded): `$SHARPNESS_LAB_BLAS` (a path), else Linux's
 * `libopenblas.so.0` (Debian `libopenblas0-pthread`), else macOS Accelerate. OpenBLAS is asked for
 * the same kernels on every AVX2 machine (openblas-kernels.ts), so that records do not depend on the CPU model.
 */
import { firstLine } from '../../util/first-line';
import { loadKoffi } from '../ffi';
import { HostBlas } from '../../linalg/host-blas';
import * as os from 'os';
import { pinOpenBlasKernels } from './openblas-kernels';

/** cblas_sgemm's enums (CBLAS_ORDER, CBLAS_TRANSPOSE). */
const ROW_MAJOR = 101;
const COL_MAJOR = 102;
const NO_TRANS = 111;
const TRANS = 112;

export const BLAS_LIBRARY_ENV = 'SHARPNESS_LAB_BLAS';

/**
 * C = alpha·op(A)·op(B) + beta·C, row-major. A, B, C are Float32Array views whose first element is
 * the matrix's first element (subarrays for offsets); they must stay valid for the call only.
 */
export type Sgemm = (
  transA: boolean, transB: boolean, m: number, n: number, k: number,
  alpha: number, a: Float32Array, lda: number, b: Float32Array, ldb: number,
  beta: number, c: Float32Array, ldc: number,
) => void;

/** A loaded CBLAS. */
export interface BlasLibrary {
  readonly sgemm: Sgemm;
  /** cblas_dgemv and cblas_ddot, for the eigen-solvers' float64 vector work (src/linalg/host-blas.ts). */
  readonly host: HostBlas;
  /** Where it came from, e.g. 'libopenblas.so.0'. */
  readonly path: string;
  /** What it says of itself, e.g. 'OpenBLAS 0.3.21 … Haswell' (the kernels it picked change the last bits). */
  readonly version: string;
  /** Threads it uses per call. */
  readonly threads: number;
}

interface Candidate { readonly path: string; readonly kind: 'openblas' | 'accelerate' | 'unknown' }

function candidates(): Candidate[] {
  const forced = process.env[BLAS_LIBRARY_ENV];
  if (forced) return [{ path: forced, kind: /openblas/i.test(forced) ? 'openblas' : 'unknown' }];
  if (os.platform() === 'darwin') {
    return [{ path: '/System/Library/Frameworks/Accelerate.framework/Accelerate', kind: 'accelerate' }];
  }
  return [{ path: 'libopenblas.so.0', kind: 'openblas' }];
}

/**
 * Loads the first CBLAS that opens and sets its thread count.
 * @param threads BLAS threads per call (≥ 1).
 * @returns the library, or the one-line reason none could be loaded.
 * @example const blas = loadBlas(1); if (typeof blas !== 'string') console.log(blas.version);
 */
export function loadBlas(threads: number): BlasLibrary | string {
  const koffi = loadKoffi();
  if (typeof koffi === 'string') return koffi;
  const failures: string[] = [];
  for (const c of candidates()) {
    try {
      if (c.kind === 'openblas') pinOpenBlasKernels();
      const lib = koffi.load(c.path);
      const sgemm = lib.func('void cblas_sgemm(int, int, int, int, int, int, float, float *, int, float *, int, float, float *, int)');
      const dgemv = lib.func('void cblas_dgemv(int, int, int, int, double, double *, int, double *, int, double, double *, int)');
      const ddot = lib.func('double cblas_ddot(int, double *, int, double *, int)') as (n: number, x: Float64Array, incX: number, y: Float64Array, incY: number) => number;
      let version = c.kind === 'accelerate' ? 'Accelerate' : c.path;
      if (c.kind === 'openblas') {
        const config = lib.func('const char *openblas_get_config()') as () => string;
        const core = lib.func('const char *openblas_get_corename()') as () => string;
        lib.func('void openblas_set_num_threads(int)')(threads);
        version = `${config()} (kernels: ${core()})`;
      } else if (threads !== 1 && c.kind === 'unknown') {
        version += ' (thread count not settable)';
      }
      const call: Sgemm = (ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, cc, ldc) =>
        sgemm(ROW_MAJOR, ta ? TRANS : NO_TRANS, tb ? TRANS : NO_TRANS, m, n, k, alpha, a, lda, b, ldb, beta, cc, ldc);
      const host: HostBlas = {
        gemv: (t, rows, cols, alpha, a, x, beta, y) => dgemv(COL_MAJOR, t ? TRANS : NO_TRANS, rows, cols, alpha, a, rows, x, 1, beta, y, 1),
        dot: (x, y) => ddot(x.length, x, 1, y, 1),
      };
      return { sgemm: call, host, path: c.path, version, threads };
    } catch (err) {
      failures.push(`${c.path}: ${firstLine(err)}`);
    }
  }
  const hint = os.platform() === 'linux' ? '; install Debian/Ubuntu libopenblas0-pthread (npm run setup does)' : '';
  return `no BLAS library loaded (${failures.join('; ')})${hint}`;
}
