/**
 * Tiny CIFAR-10 folders in the official binary format, written to a temp dir, with known labels
 * and a known pixel formula so tests can check where every byte ends up.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { md5Hex } from '../../../src/data/md5';

export const RECORD = 3073;

/** The pixel byte of global record i at row h, column w, channel c (deterministic, varied). */
export function pixelValue(i: number, h: number, w: number, c: number): number {
  return (i * 37 + h * 11 + w * 5 + c * 83 + ((h * w) % 7)) % 256;
}

/** The label of global record i: every class appears once in each run of 10 consecutive records. */
export function labelOf(i: number): number {
  return (i * 7) % 10;
}

/** Official-format bytes for records [first, first + count) of the fixture formula. */
export function batchBytes(first: number, count: number, label: (i: number) => number = labelOf): Buffer {
  const bytes = Buffer.alloc(count * RECORD);
  for (let r = 0; r < count; r++) {
    const i = first + r;
    bytes[r * RECORD] = label(i);
    for (let c = 0; c < 3; c++) {
      for (let h = 0; h < 32; h++) {
        for (let w = 0; w < 32; w++) bytes[r * RECORD + 1 + c * 1024 + h * 32 + w] = pixelValue(i, h, w, c);
      }
    }
  }
  return bytes;
}

export interface Fixture {
  readonly dir: string;
  /** md5 of every file written, by name (pass as `expectedMd5` to treat them as official). */
  readonly md5: Record<string, string>;
  readonly trainRecords: number;
}

/** A fresh temp folder. */
export function tempDir(prefix = 'cifar-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/**
 * Writes 5 training batches of `perBatch` records (global indices continue across files) and,
 * optionally, a test file (`test_batch.bin` or the 1000-prefix name) of `testRecords` records.
 */
export function writeCifarFixture(options: {
  perBatch?: number; testFile?: 'test_batch.bin' | 'test_batch_first1000.bin' | null; testRecords?: number; dir?: string;
} = {}): Fixture {
  const dir = options.dir ?? tempDir();
  const perBatch = options.perBatch ?? 20;
  const md5: Record<string, string> = {};
  const write = (name: string, bytes: Buffer): void => {
    fs.writeFileSync(path.join(dir, name), bytes);
    md5[name] = md5Hex(bytes);
  };
  for (let b = 0; b < 5; b++) write(`data_batch_${b + 1}.bin`, batchBytes(b * perBatch, perBatch));
  const testFile = options.testFile === undefined ? 'test_batch.bin' : options.testFile;
  if (testFile) write(testFile, batchBytes(100000, options.testRecords ?? 30));
  return { dir, md5, trainRecords: 5 * perBatch };
}
