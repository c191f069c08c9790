/**
 * The main CIFAR-10 entry point: a split (or a subset of it) as a `Dataset` of float32 tensors,
 * scaled to [0,1], optionally standardised per channel, with a description that says exactly
 * which files, records and statistics produced it.
 */
import { Dataset, InputLayout } from './dataset';
import { Md5Policy, shouldVerifyMd5 } from './cifar10-batch';
import { CIFAR10_CLASSES, CIFAR10_CLASS_NAMES } from './cifar10-format';
import { resolveCifar10Dir } from './cifar10-dir';
import { Cifar10Split, Cifar10SplitData, locateSplitFiles, readSplit } from './cifar10-split';
import { cachedChannelStats, channelStats, ChannelStats } from './channel-stats';
import { selectSubset, SubsetSpec } from './subset';
import { cifar10Tensors } from './cifar10-tensors';

/** train-stats = mean/std of the whole training set; subset-stats = of the selected records; none = [0,1] values. */
export type Cifar10Normalize = 'train-stats' | 'subset-stats' | 'none';

/** Options of `loadCifar10`. */
export interface LoadCifar10Options extends Md5Policy {
  /** Folder with the batches; default `$CIFAR10_DIR`, else `<project>/data/cifar10`. */
  readonly dir?: string;
  readonly split: Cifar10Split;
  /** Which records; default all of the split. */
  readonly subset?: SubsetSpec;
  /** Per-channel standardisation; default 'train-stats'. */
  readonly normalize?: Cifar10Normalize;
  /** 'nhwc' → x [n,32,32,3] for conv nets; 'flat' → x [n,3072] (NHWC flattened) for MLPs. */
  readonly layout: InputLayout;
}

/**
 * Loads CIFAR-10 as a Dataset (x float32, y one-hot float32 [n,10], labels).
 * @param options split, subset, normalisation, layout, folder and md5 policy (verified by default).
 * @returns the dataset; dispose it with `disposeDataset`.
 * @throws DataError with a one-line message on a missing folder or split, a corrupt file or an md5 mismatch.
 * @example
 * const data = await loadCifar10({ split: 'train', subset: { n: 5000, rule: 'first' }, layout: 'flat' });
 * data.x.shape // [5000, 3072]
 */
export async function loadCifar10(options: LoadCifar10Options): Promise<Dataset> {
  const { dir } = resolveCifar10Dir(options.dir);
  const mode = options.normalize ?? 'train-stats';
  // 'first n' needs only the leading batches (the statistics are cached separately).
  const prefix = options.subset?.rule === 'first' ? options.subset.n : undefined;
  const data = await readSplit(dir, options.split, options, prefix);
  const indices = selectSubset(data.labels, options.subset, CIFAR10_CLASSES, CIFAR10_CLASS_NAMES);
  const { stats, over, notes } = await normalizationStats(dir, mode, data, indices, options);
  const { x, y, labels } = cifar10Tensors(data.batches, indices, stats, options.layout);
  const description = {
    dataset: 'cifar10',
    split: options.split,
    sourceDir: dir,
    filesRead: data.batches.map((b) => ({ file: b.file, records: b.records, md5: b.md5Status })),
    missingFiles: data.missing,
    subset: describeSubset(options.subset, data.n),
    order: 'ascending record index (training batches 1..5 in order)',
    scaling: 'pixel byte / 255, then per-channel (v - mean) / std',
    normalization: stats ? { mode, over, mean: stats.mean, std: stats.std } : { mode },
    md5Verification: shouldVerifyMd5(options) ? 'on' : 'off',
    layout: options.layout,
    targets: 'one-hot float32, 10 classes',
    notes: [...data.notes, ...notes],
  };
  return { x, y, labels, n: indices.length, layout: options.layout, description };
}

async function normalizationStats(
  dir: string, mode: Cifar10Normalize, data: Cifar10SplitData, indices: Int32Array, policy: Md5Policy,
): Promise<{ stats?: ChannelStats; over?: string; notes: string[] }> {
  if (mode === 'none') return { notes: [] };
  if (mode === 'subset-stats') {
    return { stats: channelStats(data.batches, indices), over: `the ${indices.length} selected records`, notes: [] };
  }
  if (mode !== 'train-stats') throw new RangeError(`normalize must be 'train-stats', 'subset-stats' or 'none', got '${String(mode)}'`);
  const train = locateSplitFiles(dir, 'train');
  const haveAllTrain = data.split === 'train' && data.batches.length === train.paths.length;
  const stats = await cachedChannelStats(train.paths, async () =>
    (haveAllTrain ? data : await readSplit(dir, 'train', policy)).batches);
  const notes = data.split === 'train' ? [] : train.notes.map((n) => `statistics: ${n}`);
  return { stats, over: `the training set (${stats.images} images)`, notes };
}

function describeSubset(subset: SubsetSpec | undefined, available: number): Record<string, unknown> {
  if (subset === undefined) return { rule: 'all', n: available };
  if (subset.rule === 'first') return { rule: 'first', n: subset.n };
  return { rule: 'balanced', n: subset.n, perClass: subset.n / CIFAR10_CLASSES, seed: subset.seed ?? 0 };
}
