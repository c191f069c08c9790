/**
 * Runs that differ only in their seed are one setting: a figure draws their mean with a min–max
 * band instead of one line per seed (what a reader can compare across settings).
 */
import { canonicalJson } from '../store/canonical-json';
import type { RunLike, Row } from './run-like';
import { series } from './run-like';

/** One setting: its runs (one per seed) and, for several seeds, the per-step mean and range. */
export interface SeedGroup {
  /** The first run's label without its " · seed N" part. */
  readonly label: string;
  readonly runs: readonly RunLike[];
}

/** Groups runs by their config without the seed (runs without a config stay alone), in first-seen order. */
export function seedGroups(runs: readonly RunLike[]): SeedGroup[] {
  const groups = new Map<string, RunLike[]>();
  runs.forEach((r, i) => {
    const key = r.config ? canonicalJson({ ...r.config, seed: 0 }) : `#${i}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  });
  return [...groups.values()].map((rs) => ({ label: rs[0].label.replace(/ · seed \d+$/, ''), runs: rs }));
}

/**
 * The mean and min–max of `key` over a group's seeds, at the steps every seed recorded it.
 * @example seedBand(group.runs, 'lambda_1') // { x: [0, 25, …], mean: […], lo: […], hi: […] }
 */
export function seedBand(runs: readonly RunLike[], key: string | ((records: readonly Row[]) => string)): { x: number[]; mean: number[]; lo: number[]; hi: number[] } {
  const per = runs.map((r) => {
    const s = series(r.records, typeof key === 'string' ? key : key(r.records));
    return new Map(s.x.map((x, i) => [x, s.y[i]]));
  });
  const x = [...per[0].keys()].filter((step) => per.every((m) => Number.isFinite(m.get(step)))).sort((a, b) => a - b);
  const values = x.map((step) => per.map((m) => m.get(step) as number));
  return {
    x, mean: values.map((v) => v.reduce((a, b) => a + b, 0) / v.length),
    lo: values.map((v) => Math.min(...v)), hi: values.map((v) => Math.max(...v)),
  };
}
