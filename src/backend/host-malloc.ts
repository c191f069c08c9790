/**
 * Keeps freed host memory in the process instead of handing it back to the OS (glibc's mallopt).
 * Every HVP, gradient and eigen-solve allocates and frees host buffers of megabytes (TF.js reads,
 * oneDNN's packing buffers, Lanczos vectors). By default glibc maps each one of 128 KB or more
 * afresh (later up to 32 MB) and returns it on free, so each is touched again page by page: on the
 * 2-core VM a fresh megabyte costs ~3 ms in page faults, as much as a 512-image matmul. With these
 * settings buffers below 32 MB come from the heap and freed heap is not trimmed, so resident memory
 * stays at its peak. The numbers computed do not change. Only glibc has mallopt; elsewhere nothing
 * is done.
 */
import * as os from 'os';
import { loadKoffi } from './ffi';

const M_TRIM_THRESHOLD = -1;
const M_MMAP_THRESHOLD = -3;
/** glibc's largest mmap threshold (HEAP_MAX_SIZE / 2 on 64-bit). */
const MMAP_BELOW = 32 << 20;
/** Free memory at the heap's top kept before trimming (mallopt takes an int): 2 GB, effectively never. */
const TRIM_ABOVE = 2 ** 31 - 1;

let applied: boolean | undefined;

/**
 * Applies the settings once per process.
 * @returns whether glibc took them (false off Linux, on musl, or without koffi).
 * @example keepHostMemory();
 */
export function keepHostMemory(): boolean {
  if (applied !== undefined) return applied;
  applied = false;
  if (os.platform() !== 'linux') return applied;
  const koffi = loadKoffi();
  if (typeof koffi === 'string') return applied;
  try {
    const mallopt = koffi.load('libc.so.6').func('int mallopt(int, int)') as (param: number, value: number) => number;
    applied = mallopt(M_MMAP_THRESHOLD, MMAP_BELOW) === 1 && mallopt(M_TRIM_THRESHOLD, TRIM_ABOVE) === 1;
  } catch {
    // Not glibc (musl has no mallopt): the defaults stay.
  }
  return applied;
}
