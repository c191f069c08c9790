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
