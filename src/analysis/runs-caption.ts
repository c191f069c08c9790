/**
 * What a figure's runs are, in one line under its title: the scale preset (when every run has its
 * data size and steps), the data size, the steps and the seeds, read from the runs' configs, so a
 * reader of a lone PNG knows what it was made from.
 */
import type { RunLike } from './run-like';
import type { RunConfig } from '../train/run-config';
import { experimentScale } from '../experiments/scale';
import { SCALE_PRESETS, ScalePreset } from '../config/scale-preset';

/** Distinct values, in order, as "a", "a, b" or "a–c" for a run of integers. */
function list(values: readonly number[]): string {
  const v = [...new Set(values)].sort((a, b) => a - b);
  if (v.length > 2 && v.every((x, i) => i === 0 || x === v[i - 1] + 1)) return `${v[0]}–${v[v.length - 1]}`;
  return v.join(', ');
}

/** The preset whose (data size, steps) every run has for its architecture, if one does. */
export function inferScale(configs: readonly RunConfig[]): ScalePreset | undefined {
  return SCALE_PRESETS.find((name) => configs.length > 0 && configs.every((c) => {
    const a = (experimentScale(name).arch as Record<string, { n: number; steps: number } | undefined>)[c.model.arch];
    return a !== undefined && a.n === c.data.n && a.steps === c.steps;
  }));
}

/**
 * @returns e.g. "default scale · CIFAR-10, first 512 images · 300 steps · seed 0", or '' when no run has a config.
 * @example runsCaption(runs) // 'CIFAR-10, first 512 images · 300 steps · seeds 0, 1'
 */
export function runsCaption(runs: readonly RunLike[]): string {
  const configs = runs.map((r) => r.config).filter((c): c is RunConfig => c !== undefined);
  if (configs.length === 0) return '';
  const sources = [...new Set(configs.map((c) => (c.data.source === 'cifar10' ? 'CIFAR-10' : c.data.source)))];
  const seeds = configs.map((c) => c.seed);
  const scale = inferScale(configs);
  return [
    ...(scale ? [`${scale} scale`] : []),
    `${sources.join(' / ')}, ${configs.some((c) => c.data.source === 'cifar10') ? 'first ' : ''}${list(configs.map((c) => c.data.n))} ${sources.includes('CIFAR-10') ? 'images' : 'examples'}`,
    `${list(configs.map((c) => c.steps))} steps`,
    `seed${new Set(seeds).size > 1 ? 's' : ''} ${list(seeds)}`,
  ].join(' · ');
}

/** The title with the caption as a smaller second line (Plotly title HTML). */
export function withCaption(title: string, caption: string): string {
  return caption ? `${title}<br><sup>${caption}</sup>` : title;
}
