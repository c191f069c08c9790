/**
 * Asks Linux to back the wasm heap with transparent huge pages (madvise MADV_HUGEPAGE).
 *
 * The heap grows to gigabytes (a ResNet34 eigen-solve at width 1/8 keeps 1.5 GB of passes), and
 * every fresh 4 KB page is a page fault: on the 2-core VM ~4 ms per MB, so a process's first
 * gradients, HVPs and solves paid seconds for memory. With 2 MB pages a ResNet34 gradient's 550 MB
 * of growth took 16k faults instead of 135k. Debian's default THP mode is `madvise`, which backs
 * only regions that ask; V8 reserves the wasm memory's whole address range up front, so one call
 * at start covers every later growth. The numbers computed do not change. Where THP is `never`,
 * off Linux, or without koffi nothing is done and the reason is returned.
 */
import * as fs from 'fs';
import * as os from 'os';
import { loadKoffi } from './ffi';
import { firstLine } from '../util/first-line';

const MADV_HUGEPAGE = 14;
/** A wasm32 memory never exceeds 4 GiB. */
const WASM32_MAX_BYTES = 2n ** 32n;
const THP_MODE_FILE = '/sys/kernel/mm/transparent_hugepage/enabled';

/** Whether the heap was advised, its base address, and why not when it was not. */
export interface HugePagesResult {
  readonly advised: boolean;
  readonly base?: bigint;
  readonly note?: string;
}

/**
 * The system's THP mode (`always`, `madvise` or `never`: the bracketed word of the sysfs file).
 * @returns undefined where the file does not exist (not Linux, or a kernel without THP).
 */
export function transparentHugePageMode(): string | undefined {
  try {
    return /\[(\w+)\]/.exec(fs.readFileSync(THP_MODE_FILE, 'utf8'))?.[1];
  } catch {
    return undefined;
  }
}

let last: HugePagesResult | undefined;

/** What `adviseHugePages` did in this process (undefined before the wasm backend started). */
export function wasmHugePages(): HugePagesResult | undefined {
  return last;
}

/**
 * Advises huge pages for the wasm memory whose current view is `heap` (call once, before the heap
 * grows much; the base address does not move when it grows).
 * @example adviseHugePages((tf.backend() as { wasm: { HEAPU8: Uint8Array } }).wasm.HEAPU8);
 */
export function adviseHugePages(heap: Uint8Array): HugePagesResult {
  last = advise(heap);
  return last;
}

function advise(heap: Uint8Array): HugePagesResult {
  if (os.platform() !== 'linux') return { advised: false, note: 'huge pages are advised on Linux only' };
  const mode = transparentHugePageMode();
  if (mode === undefined || mode === 'never') return { advised: false, note: `transparent huge pages are ${mode ?? 'not available'} on this kernel` };
  const koffi = loadKoffi();
  if (typeof koffi === 'string') return { advised: false, note: koffi };
  try {
    const libc = koffi.load('libc.so.6');
    // memmove(p, p, 0) returns p: the way to read a typed array's address through koffi 2.
    const memmove = libc.func('void *memmove(void *dst, const void *src, size_t n)') as (d: Uint8Array, s: Uint8Array, n: number) => unknown;
    const madvise = libc.func('int madvise(uint64_t addr, size_t len, int advice)') as (a: bigint, len: bigint, advice: number) => number;
    const base = koffi.address(memmove(heap, heap, 0));
    // Past the memory's end the range is reserved but unmapped or absent: madvise still marks
    // every mapping it covers, so only a failure on the first page (EINVAL) counts.
    if (madvise(base, WASM32_MAX_BYTES, MADV_HUGEPAGE) !== 0 && madvise(base, BigInt(heap.byteLength), MADV_HUGEPAGE) !== 0) {
      return { advised: false, base, note: `madvise(MADV_HUGEPAGE) failed (errno ${koffi.errno()})` };
    }
    return { advised: true, base };
  } catch (err) {
    // Not glibc (musl names its libc differently): nothing is changed.
    return { advised: false, note: `huge pages not advised (${firstLine(err)})` };
  }
}
