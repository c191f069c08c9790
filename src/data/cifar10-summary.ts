/**
 * An inventory of a CIFAR-10 folder for `sharpness-lab data check`: every expected file's status
 * (verified / mismatch / missing / partial / unchecked / corrupt), record and class counts, and
 * the training set's per-channel statistics. Problems are collected, not thrown.
 */
import * as fs from 'fs';
import * as path from 'path';
import { DataError } from './data-error';
import { md5File } from './md5';
import { channelStats, ChannelStats } from './channel-stats';
import { Cifar10Batch, expectedMd5For, Md5Policy, readCifar10Batch, shouldVerifyMd5 } from './cifar10-batch';
import { CIFAR10_CLASSES, CIFAR10_TEST_FILE, CIFAR10_TEST_PREFIX_FILE, CIFAR10_TRAIN_FILES } from './cifar10-format';

/** partial = the test prefix file (usable, no published md5); corrupt = unreadable as CIFAR-10 binary. */
export type FileStatus = 'verified' | 'mismatch' | 'missing' | 'partial' | 'unchecked' | 'corrupt';

/** The state of one expected file. */
export interface FileReport {
  readonly file: string;
  readonly status: FileStatus;
  readonly records?: number;
  readonly md5?: string;
  /** Why a file is corrupt or mismatched, or what a partial file is. */
  readonly detail?: string;
}

/** Counts of one split. */
export interface SplitSummary {
  readonly records: number;
  readonly classCounts: readonly number[];
  readonly files: readonly string[];
}

/** Everything `data check` prints. */
export interface Cifar10Summary {
  readonly dir: string;
  readonly files: readonly FileReport[];
  readonly train: SplitSummary;
  /** Per-channel stats over the readable training batches, or undefined if there are none. */
  readonly trainStats?: ChannelStats;
  readonly test: SplitSummary;
  readonly notes: readonly string[];
  /** False when no training batch is readable or a file is corrupt or mismatched. */
  readonly usable: boolean;
}

/**
 * Inspects every expected file in `dir` (reads all of them; about 1 s for the full set).
 * @param dir folder with the batches (see resolveCifar10Dir).
 * @param policy md5 handling; mismatches are reported, not thrown.
 * @returns per-file statuses, counts, training statistics, notes, and whether the folder is usable.
 * @example const s = await summarizeCifar10('/data/cifar10'); s.train.records // 50000
 */
export async function summarizeCifar10(dir: string, policy: Md5Policy = {}): Promise<Cifar10Summary> {
  const hasFullTest = fs.existsSync(path.join(dir, CIFAR10_TEST_FILE));
  const hasPrefix = fs.existsSync(path.join(dir, CIFAR10_TEST_PREFIX_FILE));
  const names = [...CIFAR10_TRAIN_FILES, CIFAR10_TEST_FILE, ...(hasPrefix && !hasFullTest ? [CIFAR10_TEST_PREFIX_FILE] : [])];
  const files: FileReport[] = [];
  const readable = new Map<string, Cifar10Batch>();
  for (const file of names) {
    const { report, batch } = await inspectFile(path.join(dir, file), policy);
    files.push(report);
    if (batch) readable.set(file, batch);
  }
  const trainBatches = CIFAR10_TRAIN_FILES.flatMap((f) => readable.get(f) ?? []);
  const testBatches = [CIFAR10_TEST_FILE, CIFAR10_TEST_PREFIX_FILE].flatMap((f) => readable.get(f) ?? []).slice(0, 1);
  const notes = summaryNotes(files, hasFullTest, hasPrefix);
  const broken = files.some((f) => f.status === 'corrupt' || f.status === 'mismatch');
  return {
    dir,
    files,
    train: splitSummary(trainBatches),
    trainStats: trainBatches.length ? channelStats(trainBatches) : undefined,
    test: splitSummary(testBatches),
    notes,
    usable: trainBatches.length > 0 && !broken,
  };
}

async function inspectFile(filePath: string, policy: Md5Policy): Promise<{ report: FileReport; batch?: Cifar10Batch }> {
  const file = path.basename(filePath);
  if (!fs.existsSync(filePath)) return { report: { file, status: 'missing' } };
  let batch: Cifar10Batch;
  try {
    batch = await readCifar10Batch(filePath, { ...policy, verifyMd5: false });
  } catch (err) {
    if (!(err instanceof DataError)) throw err;
    return { report: { file, status: 'corrupt', detail: err.message } };
  }
  const expected = expectedMd5For(file, policy);
  if (batch.md5Status === 'partial') {
    return { report: { file, status: 'partial', records: batch.records, detail: 'unverified prefix of the official test batch' }, batch };
  }
  if (!shouldVerifyMd5(policy) || expected === undefined) return { report: { file, status: 'unchecked', records: batch.records }, batch };
  const md5 = await md5File(filePath, batch.bytes);
  if (md5 === expected) return { report: { file, status: 'verified', records: batch.records, md5 }, batch };
  return { report: { file, status: 'mismatch', records: batch.records, md5, detail: `expected md5 ${expected}` }, batch };
}

function splitSummary(batches: readonly Cifar10Batch[]): SplitSummary {
  const classCounts = new Array<number>(CIFAR10_CLASSES).fill(0);
  for (const b of batches) for (const label of b.labels) classCounts[label]++;
  return { records: batches.reduce((s, b) => s + b.records, 0), classCounts, files: batches.map((b) => b.file) };
}

function summaryNotes(files: readonly FileReport[], hasFullTest: boolean, hasPrefix: boolean): string[] {
  const notes: string[] = [];
  const missingTrain = files.filter((f) => f.status === 'missing' && CIFAR10_TRAIN_FILES.includes(f.file));
  if (missingTrain.length) notes.push(`training set incomplete: ${missingTrain.map((f) => f.file).join(', ')} missing`);
  if (!hasFullTest && hasPrefix) {
    notes.push(`${CIFAR10_TEST_FILE} missing: the test split uses ${CIFAR10_TEST_PREFIX_FILE} (a prefix of the official test set, unverified)`);
  }
  if (!hasFullTest && !hasPrefix) notes.push('no test batch: fine for train-only experiments; the test split is unavailable');
  return notes;
}
