/**
 * Which files make a split, and the split read as one sequence of records: training = the five
 * data batches in order (global index 0..49999), test = test_batch.bin, else its 1000-image prefix.
 */
import * as fs from 'fs';
import * as path from 'path';
import { DataError } from './data-error';
import { Cifar10Batch, Md5Policy, readCifar10Batch } from './cifar10-batch';
import {
  CIFAR10_ENV, CIFAR10_RECORD_BYTES, CIFAR10_TEST_FILE, CIFAR10_TEST_PREFIX_FILE, CIFAR10_TRAIN_FILES,
} from './cifar10-format';

/** The official splits: 50000 training images (five batches) and 10000 test images. */
export type Cifar10Split = 'train' | 'test';

/** A split read into memory: its batches in order, all labels, and notes on anything partial. */
export interface Cifar10SplitData {
  readonly split: Cifar10Split;
  /** The batches read, in order (all of the split's files unless a prefix was asked for). */
  readonly batches: readonly Cifar10Batch[];
  /** Labels of all records, in global order. */
  readonly labels: Uint8Array;
  readonly n: number;
  /** Expected files that are absent (allowed, but recorded). */
  readonly missing: readonly string[];
  /** Human-readable caveats (missing batches, unverified prefix, ...). */
  readonly notes: readonly string[];
}

/**
 * The files of a split that exist in `dir`, the expected ones that are missing, and notes.
 * @param dir folder with the batches (see resolveCifar10Dir).
 * @param split 'train' or 'test'.
 * @returns existing paths in global order, missing names, notes.
 * @throws DataError when the split has no file at all.
 * @example locateSplitFiles('/data/cifar10', 'test').paths // ['/data/cifar10/test_batch_first1000.bin']
 */
export function locateSplitFiles(dir: string, split: Cifar10Split): { paths: string[]; missing: string[]; notes: string[] } {
  const exists = (f: string): boolean => fs.existsSync(path.join(dir, f));
  if (split === 'train') {
    const present = CIFAR10_TRAIN_FILES.filter(exists);
    const missing = CIFAR10_TRAIN_FILES.filter((f) => !exists(f));
    if (present.length === 0) {
      throw new DataError(
        `no training batch (data_batch_1.bin … data_batch_5.bin) in ${dir}: put the CIFAR-10 binary files there, ` +
          `set ${CIFAR10_ENV.dir}, or run \`npx sharpness-lab data check --download\``,
        dir,
      );
    }
    const notes = missing.length ? [`training set incomplete: ${missing.join(', ')} missing`] : [];
    return { paths: present.map((f) => path.join(dir, f)), missing, notes };
  }
  if (exists(CIFAR10_TEST_FILE)) return { paths: [path.join(dir, CIFAR10_TEST_FILE)], missing: [], notes: [] };
  if (exists(CIFAR10_TEST_PREFIX_FILE)) {
    const note = `${CIFAR10_TEST_FILE} missing: using ${CIFAR10_TEST_PREFIX_FILE}, a prefix of the official test images (unverified, no published md5)`;
    return { paths: [path.join(dir, CIFAR10_TEST_PREFIX_FILE)], missing: [CIFAR10_TEST_FILE], notes: [note] };
  }
  throw new DataError(
    `no test batch (${CIFAR10_TEST_FILE}) in ${dir}: the test split is unavailable; train-only experiments can use ` +
      `split 'train', or add the file (\`npx sharpness-lab data check --download\`)`,
    dir,
  );
}

/**
 * Reads and validates the files of a split (all of them, or just enough for a prefix of records).
 * @param dir folder with the batches.
 * @param split 'train' or 'test'.
 * @param policy md5 handling.
 * @param prefixRecords read only the leading files that hold this many records (default: every file).
 * @returns the records and labels read, in global order.
 * @throws DataError on a missing split or any bad file.
 * @example const train = await readSplit(dir, 'train', {}); train.n // 50000
 */
export async function readSplit(
  dir: string, split: Cifar10Split, policy: Md5Policy, prefixRecords = Infinity,
): Promise<Cifar10SplitData> {
  const { paths, missing, notes } = locateSplitFiles(dir, split);
  const batches: Cifar10Batch[] = [];
  for (let i = 0, read = 0; i < paths.length && read < prefixRecords; i++) {
    batches.push(await readCifar10Batch(paths[i], policy));
    read += batches[i].records;
  }
  const n = batches.reduce((s, b) => s + b.records, 0);
  const labels = new Uint8Array(n);
  let at = 0;
  for (const b of batches) { labels.set(b.labels, at); at += b.records; }
  return { split, batches, labels, n, missing, notes };
}

/**
 * A function from a global record index to its bytes and the offset of its label byte.
 * @param batches the split's batches in order.
 * @returns locate(i) → [bytes, offset]; pixels start at offset + 1.
 * @example const [bytes, at] = recordLocator(train.batches)(12345); bytes[at] // label of record 12345
 */
export function recordLocator(batches: readonly Cifar10Batch[]): (index: number) => [Uint8Array, number] {
  const starts = new Int32Array(batches.length + 1);
  batches.forEach((b, i) => { starts[i + 1] = starts[i] + b.records; });
  return (index) => {
    let k = 0;
    while (index >= starts[k + 1]) k++; // ≤ 5 batches: a linear scan beats a binary search
    if (k >= batches.length || index < 0) throw new RangeError(`record ${index} is outside 0..${starts[batches.length] - 1}`);
    return [batches[k].bytes, (index - starts[k]) * CIFAR10_RECORD_BYTES];
  };
}
