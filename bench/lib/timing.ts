/** Timing helpers: medians of wall-clock and process CPU time after one warm-up run. */

/** Seconds of one measurement: wall clock and this process's CPU (user + system). */
export interface Timing {
  readonly wall: number;
  readonly cpu: number;
}

/**
 * Runs `f` once to warm up, then `reps` times; returns the median wall and CPU seconds.
 * CPU time is the steadier number on a shared machine for single-threaded code.
 * @example const t = await medianTime(3, () => objectiveValue(obj, params, data));
 */
export async function medianTime(reps: number, f: () => unknown): Promise<Timing> {
  await f();
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < reps; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await f();
    wall.push((performance.now() - t0) / 1000);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1e6);
  }
  return { wall: median(wall), cpu: median(cpu) };
}

/** A time ratio a/b from interleaved runs: the median of the per-pair ratios and their range. */
export interface PairedRatio {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly pairs: number;
}

/**
 * The ratio of `a`'s wall time to `b`'s, from `pairs` back-to-back runs of b then a after one warm-up of
 * each. Two medians taken seconds apart move with the machine's load (ResNet34's HVP / gradient read
 * 2.32, 2.59 and 3.09 in three bench runs in a row); a pair's two runs see nearly the same load.
 * @example const r = await pairedRatio(5, () => hvp(), () => gradient()); // r.median ≈ 2.6
 */
export async function pairedRatio(pairs: number, a: () => unknown, b: () => unknown): Promise<PairedRatio> {
  await b();
  await a();
  const ratios: number[] = [];
  for (let i = 0; i < pairs; i++) {
    const t0 = performance.now();
    await b();
    const t1 = performance.now();
    await a();
    ratios.push((performance.now() - t1) / (t1 - t0));
  }
  return { median: median(ratios), min: Math.min(...ratios), max: Math.max(...ratios), pairs };
}

/** Median of a non-empty list. */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Peak resident set size of this process so far, in GB. */
export function peakRssGB(): number {
  return process.resourceUsage().maxRSS / 1e6;
}
