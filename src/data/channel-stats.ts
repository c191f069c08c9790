/**
 * Per-channel mean and std of CIFAR-10 pixels scaled to [0,1], in one pass over the raw bytes.
 * Pixel sums and sums of squares are accumulated as exact integers (int32 per plane, float64
 * across records), so the result does not depend on summation order; full-training-set results
 * are cached per process.
 */
import { Cifar10Batch } from './cifar10-batch';
import { CIFAR10_CHANNELS, CIFAR10_PLANE_BYTES, CIFAR10_RECORD_BYTES } from './cifar10-format';
import { fingerprint } from './md5';

/** Per-channel statistics (R, G, B) of pixel values in [0,1]; std is the population std. */
export interface ChannelStats {
  readonly mean: readonly number[];
  readonly std: readonly number[];
  /** Images the statistics cover. */
  readonly images: number;
}

const cache = new Map<string, ChannelStats>();

/**
 * Per-channel mean/std over all records of the batches, or over the given global indices.
 * @param batches a split's batches in order.
 * @param indices global record indices to include (default: all records).
 * @returns mean and population std per channel, on the [0,1] scale.
 * @example channelStats(train.batches).mean // ≈ [0.4914, 0.4822, 0.4465] on the full training set
 */
export function channelStats(batches: readonly Cifar10Batch[], indices?: ArrayLike<number>): ChannelStats {
  const acc = new Float64Array(2 * CIFAR10_CHANNELS); // per-channel pixel sums, then sums of squares
  if (indices === undefined) {
    for (const b of batches) for (let r = 0; r < b.records; r++) countRecord(acc, b.bytes, r * CIFAR10_RECORD_BYTES);
    return statsFromSums(acc, batches.reduce((s, b) => s + b.records, 0));
  }
  const starts = batches.map((_, i) => batches.slice(0, i).reduce((s, b) => s + b.records, 0));
  for (let i = 0; i < indices.length; i++) {
    const g = indices[i];
    let k = batches.length - 1;
    while (g < starts[k]) k--;
    countRecord(acc, batches[k].bytes, (g - starts[k]) * CIFAR10_RECORD_BYTES);
  }
  return statsFromSums(acc, indices.length);
}

/**
 * `channelStats` over all records of the given files, cached per process by each file's path,
 * size and mtime: the 50000-image pass runs once per process, and a cache hit reads nothing.
 * @param paths the files, in order (their fingerprints form the cache key).
 * @param read loads the batches on a cache miss.
 * @returns the same as channelStats(await read()).
 * @example const stats = await cachedChannelStats(paths, () => readSplit(dir, 'train', {}).then((s) => s.batches));
 */
export async function cachedChannelStats(
  paths: readonly string[],
  read: () => Promise<readonly Cifar10Batch[]>,
): Promise<ChannelStats> {
  const key = paths.map(fingerprint).join('|');
  let stats = cache.get(key);
  if (!stats) {
    stats = channelStats(await read());
    cache.set(key, stats);
  }
  return stats;
}

/** Adds one record's per-channel pixel sums and sums of squares (exact integers) to the accumulators. */
function countRecord(acc: Float64Array, bytes: Uint8Array, labelOffset: number): void {
  const channels = CIFAR10_CHANNELS; // locals: module-export lookups are slow in hot loops
  const planeBytes = CIFAR10_PLANE_BYTES;
  for (let c = 0; c < channels; c++) {
    const start = labelOffset + 1 + c * planeBytes;
    // Per plane the sums stay below 2^31 (1024 · 255² ≈ 6.7e7), so int32 arithmetic is exact and fastest.
    let sum = 0;
    let squares = 0;
    for (let p = start, end = start + planeBytes; p < end; p++) {
      const v = bytes[p];
      sum = (sum + v) | 0;
      squares = (squares + v * v) | 0;
    }
    acc[c] += sum;
    acc[channels + c] += squares;
  }
}

function statsFromSums(acc: Float64Array, images: number): ChannelStats {
  const pixels = images * CIFAR10_PLANE_BYTES;
  const mean: number[] = [];
  const std: number[] = [];
  for (let c = 0; c < CIFAR10_CHANNELS; c++) {
    // Totals are exact in float64 (< 2^53 up to ~10^8 images); the variance is formed from them once.
    const m = acc[c] / pixels;
    const variance = Math.max(0, acc[CIFAR10_CHANNELS + c] / pixels - m * m);
    mean.push(m / 255);
    std.push(Math.sqrt(variance) / 255);
  }
  return { mean, std, images };
}
