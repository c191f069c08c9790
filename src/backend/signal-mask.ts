/**
 * Holds back the calling thread's asynchronous signals while a native kernel runs. oneDNN 2.x's
 * JIT GEMM kernels (AVX2 and AVX-512, f32) point the stack pointer into a heap workspace while they
 * run, so a signal arriving then (a profiler's SIGPROF, a Jupyter interrupt's SIGINT, a terminal's
 * SIGWINCH, Slurm's warnings) pushes its frame onto the heap: glibc aborts later on the corrupted
 * heap, or the kernel's packed operands are overwritten. oneDNN fixed this in 2026 (issue #4845,
 * PR #4855), after the 2.x series Debian ships. Its direct convolutions survived signals when tried,
 * but a primitive may run on the GEMM kernels, so every oneDNN call that computes is held. A held
 * signal is delivered when the call returns. One hold costs ~5 µs (two FFI calls).
 */
import * as os from 'os';
import { firstLine } from '../util/first-line';
import type { Koffi } from './ffi';

/** Runs functions with asynchronous signals held back in the calling thread. */
export interface SignalMask {
  hold<T>(run: () => T): T;
}

interface Platform {
  readonly libc: string;
  readonly block: number;
  readonly setMask: number;
  /** Fault signals stay deliverable: the kernel cannot hold them back (a held fault kills the process unreported). */
  readonly faults: readonly number[];
}

const PLATFORMS: Partial<Record<NodeJS.Platform, Platform>> = {
  // SIGILL, SIGTRAP, SIGBUS, SIGFPE, SIGSEGV, SIGSYS
  linux: { libc: 'libc.so.6', block: 0, setMask: 2, faults: [4, 5, 7, 8, 11, 31] },
  darwin: { libc: 'libSystem.B.dylib', block: 1, setMask: 3, faults: [4, 5, 10, 8, 11, 12] },
};

// sigset_t is 128 bytes in glibc and 4 in macOS: 128 holds either.
const SIGSET_BYTES = 128;

/**
 * Binds pthread_sigmask from the C library.
 * @returns the mask, or the one-line reason it could not be bound (then oneDNN is not used).
 * @example const mask = loadSignalMask(koffi); if (typeof mask !== 'string') mask.hold(() => sgemm(...));
 */
export function loadSignalMask(koffi: Koffi): SignalMask | string {
  const p = PLATFORMS[os.platform()];
  if (!p) return `holding signals during native kernels is not implemented on ${os.platform()}`;
  try {
    const libc = koffi.load(p.libc);
    const sigfillset = libc.func('int sigfillset(void *)') as (set: Buffer) => number;
    const sigdelset = libc.func('int sigdelset(void *, int)') as (set: Buffer, sig: number) => number;
    const sigmask = libc.func('int pthread_sigmask(int, void *, void *)') as (how: number, set: Buffer | null, old: Buffer | null) => number;
    const held = Buffer.alloc(SIGSET_BYTES);
    if (sigfillset(held) !== 0 || p.faults.some((s) => sigdelset(held, s) !== 0)) throw new Error('building the signal set failed');
    const saved = Buffer.alloc(SIGSET_BYTES);
    let depth = 0; // a nested hold must not overwrite the mask the outermost one restores
    return {
      hold<T>(run: () => T): T {
        if (depth === 0 && sigmask(p.block, held, saved) !== 0) throw new Error('pthread_sigmask failed to hold signals back');
        depth++;
        try {
          return run();
        } finally {
          if (--depth === 0) sigmask(p.setMask, saved, null);
        }
      },
    };
  } catch (err) {
    return `pthread_sigmask could not be bound from ${p.libc} (${firstLine(err)})`;
  }
}
