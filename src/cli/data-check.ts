/**
 * `npx sharpness-lab data check [--dir DIR] [--download] [--no-md5]`: says whether the CIFAR-10
 * files are there and intact (per-file md5 status), how many records and classes they hold, and
 * the training set's per-channel statistics. Exit code 0 = usable, 1 = not usable, 2 = bad arguments.
 */
import * as fs from 'fs';
import * as path from 'path';
import { DataError } from '../data/data-error';
import { cifar10DirRequest, resolveCifar10Dir } from '../data/cifar10-dir';
import { downloadCifar10 } from '../data/cifar10-download';
import { Cifar10Summary, summarizeCifar10, SplitSummary } from '../data/cifar10-summary';
import { CIFAR10_CLASS_NAMES, CIFAR10_TARBALL_FOLDER, CIFAR10_TEST_FILE, CIFAR10_TRAIN_FILES } from '../data/cifar10-format';

const USAGE = 'usage: sharpness-lab data check [--dir DIR] [--download] [--no-md5]';

/** Where the command writes (process streams by default; tests collect the text). */
export interface CheckOutput {
  readonly out: { write(text: string): unknown };
  readonly err: { write(text: string): unknown; readonly isTTY?: boolean };
}

/**
 * Runs `data check`.
 * @param argv arguments after `data check`: `--dir DIR` (default $CIFAR10_DIR, else data/cifar10),
 *   `--download` (fetch the official tarball when files are missing), `--no-md5` (skip checksums).
 * @param io output streams; default process.stdout / process.stderr.
 * @returns exit code: 0 usable, 1 unusable (no readable training batch, a corrupt or mismatched file, a failed download), 2 usage error.
 * @example process.exitCode = await runDataCheck(['--dir', '/data/cifar10']);
 */
export async function runDataCheck(argv: string[], io: CheckOutput = { out: process.stdout, err: process.stderr }): Promise<number> {
  const args = parseArgs(argv);
  if (typeof args === 'string') { io.err.write(`${args}\n${USAGE}\n`); return 2; }
  if (args.help) { io.out.write(`${USAGE}\n`); return 0; }
  let downloadFailed = false;
  try {
    if (args.download && needsDownload(args.dir)) downloadFailed = !(await tryDownload(args.dir, io));
    const { dir } = resolveCifar10Dir(args.dir);
    const summary = await summarizeCifar10(dir, args.noMd5 ? { verifyMd5: false } : {});
    io.out.write(formatSummary(summary));
    return summary.usable && !downloadFailed ? 0 : 1;
  } catch (err) {
    if (!(err instanceof DataError)) throw err;
    io.err.write(`error: ${err.message}\n`);
    return 1;
  }
}

interface CheckArgs { dir?: string; download: boolean; noMd5: boolean; help: boolean }

function parseArgs(argv: string[]): CheckArgs | string {
  const args: CheckArgs = { download: false, noMd5: false, help: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--download') args.download = true;
    else if (a === '--no-md5') args.noMd5 = true;
    else if (a === '--help' || a === '-h') args.help = true;
    else if (a.startsWith('--dir=')) args.dir = a.slice('--dir='.length);
    else if (a === '--dir' && i + 1 < argv.length) args.dir = argv[++i];
    else return a === '--dir' ? '--dir needs a folder' : `unknown argument '${a}'`;
  }
  return args;
}

// Only a missing training batch triggers the 163 MB download: a folder with the full training set
// but no test batch (train-only experiments; the shared CI copy) is usable as it is.
function needsDownload(dir: string | undefined): boolean {
  const root = cifar10DirRequest(dir).dir;
  const has = (f: string): boolean => [root, path.join(root, CIFAR10_TARBALL_FOLDER)].some((d) => fs.existsSync(path.join(d, f)));
  return !CIFAR10_TRAIN_FILES.every(has);
}

async function tryDownload(dir: string | undefined, io: CheckOutput): Promise<boolean> {
  try {
    const result = await downloadCifar10({ dir, progress: io.err });
    io.out.write(`downloaded ${result.url} (md5 ${result.md5} verified) into ${result.dir}\n`);
    return true;
  } catch (err) {
    if (!(err instanceof DataError)) throw err;
    io.err.write(`download failed: ${err.message}\n`);
    return false;
  }
}

/**
 * The report text of a summary (what `data check` prints on stdout).
 * @param s the folder summary.
 * @returns lines ending in '\n'; statistics with 4 decimals.
 * @example process.stdout.write(formatSummary(await summarizeCifar10(dir)));
 */
export function formatSummary(s: Cifar10Summary): string {
  const lines = [`CIFAR-10 folder: ${s.dir}`];
  for (const f of s.files) {
    const records = f.records === undefined ? '' : `${f.records} records`;
    lines.push(`  ${f.file.padEnd(26)}${f.status.padEnd(11)}${records.padEnd(15)}${f.detail ? `(${f.detail})` : ''}`.trimEnd());
  }
  lines.push(`training set: ${s.train.records} records from ${s.train.files.length} of ${CIFAR10_TRAIN_FILES.length} batches`);
  if (s.train.records) lines.push(classLine(s.train));
  if (s.trainStats) {
    lines.push(`  per-channel mean (R G B): ${s.trainStats.mean.map((v) => v.toFixed(4)).join(' ')}`);
    lines.push(`  per-channel std  (R G B): ${s.trainStats.std.map((v) => v.toFixed(4)).join(' ')}`);
  }
  lines.push(`test set: ${s.test.records} records${s.test.files.length ? ` (${s.test.files.join(', ')})` : ''}`);
  if (s.test.records) lines.push(classLine(s.test));
  for (const note of s.notes) lines.push(`note: ${note}`);
  lines.push(`status: ${s.usable ? 'usable' : 'NOT usable (no readable training batch, or a corrupt or mismatched file)'}`);
  return lines.join('\n') + '\n';
}

function classLine(split: SplitSummary): string {
  return `  class counts: ${split.classCounts.map((c, i) => `${CIFAR10_CLASS_NAMES[i]} ${c}`).join(', ')}`;
}
