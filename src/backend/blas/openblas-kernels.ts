/**
 * Which kernels OpenBLAS runs. Debian's OpenBLAS (DYNAMIC_ARCH) picks them by CPU model when it
 * loads, and kernels round differently: the float64 dgemv/ddot of the eigen-solvers gave λ₁ =
 * 74.03534003208057 with the Haswell kernels and 74.0353400320806 with the Cooperlake ones, for the
 * same run on two 2-core machines of this project (and OpenBLAS sgemm results differ the same way).
 * A run's identity names the kernels, so runs committed on one machine were not read on the other.
 * On any x86-64 CPU with AVX2 and FMA the kit therefore asks for the Haswell kernels, through
 * OpenBLAS's own OPENBLAS_CORETYPE, read when the library loads: every such machine computes the same
 * records. It costs nothing measurable here (sgemm [5000x3072]x[3072x200] on one thread of an AVX-512
 * EPYC: 93 GFLOP/s with the Haswell kernels, 90 with the Cooperlake ones it picked itself), and
 * oneDNN, not OpenBLAS, runs the float32 products when it is installed. A CORETYPE already set is kept.
 */
import * as fs from 'fs';
import * as os from 'os';

export const OPENBLAS_CORETYPE_ENV = 'OPENBLAS_CORETYPE';
/** The kernels every AVX2 + FMA machine can run (OpenBLAS's name for them). */
export const PORTABLE_OPENBLAS_CORE = 'Haswell';

/**
 * Sets OPENBLAS_CORETYPE to the portable kernels before OpenBLAS loads, unless it is set already or
 * the CPU cannot run them (then OpenBLAS picks, and the run's identity says what it picked).
 * @example pinOpenBlasKernels(); koffi.load('libopenblas.so.0');
 */
export function pinOpenBlasKernels(): void {
  if (process.env[OPENBLAS_CORETYPE_ENV]) return;
  if (os.platform() !== 'linux' || os.arch() !== 'x64' || !runsAvx2Fma()) return;
  process.env[OPENBLAS_CORETYPE_ENV] = PORTABLE_OPENBLAS_CORE;
}

function runsAvx2Fma(): boolean {
  try {
    const flags = /^flags\s*:(.*)$/m.exec(fs.readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? '';
    const has = new Set(flags.trim().split(/\s+/));
    return has.has('avx2') && has.has('fma');
  } catch {
    return false;
  }
}
