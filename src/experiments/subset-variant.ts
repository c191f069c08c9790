/**
 * The same experiments on another CIFAR-10 subset: verdicts that hold only on the first n images
 * are not science. `balanced:SEED` draws n/10 images per class with that seed (n rounded down to a
 * multiple of 10, which the balanced rule needs); `first` is the default subset. Synthetic data is
 * left alone.
 */
import { RunConfig } from '../train/run-config';

/** A CIFAR-10 subset choice: the first n images, or a class-balanced draw with a seed. */
export type SubsetChoice = { readonly rule: 'first' } | { readonly rule: 'balanced'; readonly seed: number };

/**
 * @example parseSubsetChoice('balanced:1') // { rule: 'balanced', seed: 1 }
 * @throws Error naming the accepted forms.
 */
export function parseSubsetChoice(text: string): SubsetChoice {
  if (text === 'first') return { rule: 'first' };
  const m = /^balanced:(\d+)$/.exec(text);
  if (m) return { rule: 'balanced', seed: Number(m[1]) };
  throw new Error(`--subset must be 'first' or 'balanced:SEED' (e.g. balanced:1), got '${text}'`);
}

/** The command-line form `parseSubsetChoice` reads back: "first" or "balanced:1". */
export function subsetArg(choice: SubsetChoice): string {
  return choice.rule === 'first' ? 'first' : `balanced:${choice.seed}`;
}

/** A short name for labels and folders: "first" or "balanced-1". */
export function subsetName(choice: SubsetChoice): string {
  return choice.rule === 'first' ? 'first' : `balanced-${choice.seed}`;
}

/** `config` on the chosen subset (unchanged for 'first' and for synthetic data). */
export function onSubset(config: RunConfig, choice: SubsetChoice): RunConfig {
  if (choice.rule === 'first' || config.data.source !== 'cifar10') return config;
  const n = Math.floor(config.data.n / 10) * 10;
  return { ...config, data: { ...config.data, n, subset: 'balanced', subsetSeed: choice.seed } };
}
