/**
 * Reads one CIFAR-10 binary batch file and checks it before anything reaches TF.js: size is a
 * whole number of 3073-byte records, every label is 0..9, and (optionally) the md5 is the official one.
 */
import * as fs from 'fs';
import * as path from 'path';
import { DataError } from './data-error';
import { md5File } from './md5';
import {
  CIFAR10_CLASSES, CIFAR10_ENV, CIFAR10_OFFICIAL_MD5, CIFAR10_RECORD_BYTES, CIFAR10_TEST_PREFIX_FILE,
} from './cifar10-format';

/** verified = official md5; mismatch = differs; partial = known prefix file without a published md5; unchecked = not hashed. */
export type Md5Status = 'verified' | 'mismatch' | 'partial' | 'unchecked';

/** One validated batch: raw records plus their labels. */
export interface Cifar10Batch {
  /** Base name, e.g. `data_batch_1.bin`. */
  readonly file: string;
  readonly path: string;
  /** The whole file: records of [label, 1024 R, 1024 G, 1024 B] (shared by every read of it in the process: do not modify). */
  readonly bytes: Uint8Array;
  readonly records: number;
  readonly labels: Uint8Array;
  readonly md5Status: Md5Status;
  /** The file's md5 when it was computed. */
  readonly md5?: string;
}

/** How to treat checksums. */
export interface Md5Policy {
  /** Hash files and reject mismatches; default true unless `$CIFAR10_SKIP_MD5=1`. */
  readonly verifyMd5?: boolean;
  /** Expected sums by file name, merged over the official ones (tests use tiny files). */
  readonly expectedMd5?: Readonly<Record<string, string>>;
}

/**
 * Reads and validates a batch file.
 * @param filePath path of a `.bin` batch.
 * @param policy md5 handling (default: verify against the official sums).
 * @returns the bytes, the labels and the md5 status.
 * @throws DataError on a missing file, a size that is not a multiple of 3073, a label above 9, or an md5 mismatch.
 * @example const batch = await readCifar10Batch('data/cifar10/data_batch_1.bin'); batch.labels[0] // 6
 */
export async function readCifar10Batch(filePath: string, policy: Md5Policy = {}): Promise<Cifar10Batch> {
  const file = path.basename(filePath);
  if (!fs.existsSync(filePath)) {
    throw new DataError(`${file} is missing in ${path.dirname(filePath)}: put the CIFAR-10 binary batches there`, filePath);
  }
  // A process that trains run after run (reproduce, a notebook) reads the same batch each time: reading,
  // hashing and checking 30 MB took ~1 s per run. The key holds the file's size and modification time
  // and the checksum asked for, so a changed file or a stricter policy reads it again.
  const stat = fs.statSync(filePath);
  const key = [path.resolve(filePath), stat.size, stat.mtimeMs, stat.ino, shouldVerifyMd5(policy), expectedMd5For(file, policy)].join('|');
  const cached = checkedBatches.get(key);
  if (cached) return cached;
  const bytes = fs.readFileSync(filePath);
  const records = checkedRecordCount(filePath, bytes.length);
  const labels = checkedLabels(filePath, bytes, records);
  const { md5Status, md5 } = await checkMd5(filePath, bytes, policy);
  const batch: Cifar10Batch = { file, path: filePath, bytes, records, labels, md5Status, md5 };
  checkedBatches.set(key, batch);
  return batch;
}

/** Batches read and checked in this process, by file identity and checksum policy (see readCifar10Batch). */
const checkedBatches = new Map<string, Cifar10Batch>();

/**
 * Whether md5 verification is on for a policy (option, else `$CIFAR10_SKIP_MD5`, else on).
 * @param policy the caller's policy.
 * @returns true when files must match their expected md5.
 * @example shouldVerifyMd5({}) // true unless CIFAR10_SKIP_MD5=1
 */
export function shouldVerifyMd5(policy: Md5Policy): boolean {
  return policy.verifyMd5 ?? process.env[CIFAR10_ENV.skipMd5] !== '1';
}

/**
 * The expected md5 of a file name under a policy, or undefined when none is published.
 * @param file base name, e.g. `test_batch.bin`.
 * @param policy may override the official sums.
 * @returns 32 hex digits or undefined.
 * @example expectedMd5For('data_batch_1.bin', {}) // '5dd7e06a14cb22eb9f671a540d1b7c25'
 */
export function expectedMd5For(file: string, policy: Md5Policy): string | undefined {
  return policy.expectedMd5?.[file] ?? CIFAR10_OFFICIAL_MD5[file];
}

function checkedRecordCount(filePath: string, size: number): number {
  if (size === 0 || size % CIFAR10_RECORD_BYTES !== 0) {
    throw new DataError(
      `${path.basename(filePath)} in ${path.dirname(filePath)} has ${size} bytes, not a positive multiple of ` +
        `${CIFAR10_RECORD_BYTES} (1 label + 3072 pixel bytes per record): it is truncated or not CIFAR-10 binary; re-download it`,
      filePath,
    );
  }
  return size / CIFAR10_RECORD_BYTES;
}

function checkedLabels(filePath: string, bytes: Uint8Array, records: number): Uint8Array {
  const labels = new Uint8Array(records);
  for (let r = 0; r < records; r++) {
    const label = bytes[r * CIFAR10_RECORD_BYTES];
    if (label >= CIFAR10_CLASSES) {
      throw new DataError(
        `${path.basename(filePath)} in ${path.dirname(filePath)}: record ${r} (byte ${r * CIFAR10_RECORD_BYTES}) has label ` +
          `${label}, but labels are 0..9: the file is corrupt or not CIFAR-10 binary; re-download it`,
        filePath,
      );
    }
    labels[r] = label;
  }
  return labels;
}

async function checkMd5(filePath: string, bytes: Uint8Array, policy: Md5Policy): Promise<{ md5Status: Md5Status; md5?: string }> {
  const file = path.basename(filePath);
  const expected = expectedMd5For(file, policy);
  if (expected === undefined && file === CIFAR10_TEST_PREFIX_FILE) return { md5Status: 'partial' };
  if (!shouldVerifyMd5(policy) || expected === undefined) return { md5Status: 'unchecked' };
  const md5 = await md5File(filePath, bytes);
  if (md5 === expected) return { md5Status: 'verified', md5 };
  throw new DataError(
    `${file} in ${path.dirname(filePath)} has md5 ${md5}, expected ${expected} (official CIFAR-10): re-download it ` +
      `(\`npx sharpness-lab data check --download\`), or set ${CIFAR10_ENV.skipMd5}=1 / verifyMd5: false to use it anyway`,
    filePath,
  );
}
