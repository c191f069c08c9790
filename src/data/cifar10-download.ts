/**
 * Fetches the official CIFAR-10 binary tarball into the data folder: download (md5-checked,
 * atomic), gunzip with node's zlib, extract with our tar reader, then delete the archive.
 * The batches end up in `<dir>/cifar-10-batches-bin/`, which `resolveCifar10Dir` accepts.
 */
import * as fs from 'fs';
import * as path from 'path';
import { promisify } from 'util';
import * as zlib from 'zlib';
import { cifar10DirRequest } from './cifar10-dir';
import { DataError } from './data-error';
import { downloadFile } from './download';
import { extractTar } from './tar-reader';
import { ProgressSink } from './progress-bar';
import { CIFAR10_ENV, CIFAR10_TARBALL_FOLDER, CIFAR10_TARBALL_MD5, CIFAR10_TARBALL_URL } from './cifar10-format';

const gunzip = promisify(zlib.gunzip);

/** Options of `downloadCifar10`. */
export interface DownloadCifar10Options {
  /** Destination folder; default `$CIFAR10_DIR`, else `<project>/data/cifar10`. */
  readonly dir?: string;
  /** Tarball URL; default `$CIFAR10_URL`, else the official Toronto URL. */
  readonly url?: string;
  /** Expected md5 of the tarball; default the official one. */
  readonly md5?: string;
  /** Progress bar destination; default process.stderr; null for none. */
  readonly progress?: ProgressSink | null;
}

/** What a download produced. */
export interface DownloadCifar10Result {
  /** The folder holding the extracted batches (`<dir>/cifar-10-batches-bin`). */
  readonly dir: string;
  /** Extracted archive paths. */
  readonly files: readonly string[];
  readonly url: string;
  readonly md5: string;
}

/**
 * Downloads and extracts the CIFAR-10 binary tarball.
 * @param options folder, URL, md5 and progress sink (all optional).
 * @returns where the batches are and what was extracted.
 * @throws DataError "no network: …" when offline, or on an md5 mismatch or a corrupt archive (nothing is left behind then).
 * @example const { dir } = await downloadCifar10(); await loadCifar10({ dir, split: 'train', layout: 'flat' });
 */
export async function downloadCifar10(options: DownloadCifar10Options = {}): Promise<DownloadCifar10Result> {
  const { dir } = cifar10DirRequest(options.dir);
  const url = options.url ?? (process.env[CIFAR10_ENV.url] || CIFAR10_TARBALL_URL);
  const expectedMd5 = options.md5 ?? CIFAR10_TARBALL_MD5;
  const archive = path.join(dir, path.basename(new URL(url).pathname) || 'cifar-10-binary.tar.gz');
  const md5 = await downloadFile(url, archive, {
    expectedMd5,
    progress: options.progress,
    offlineHint: `put the files in ${dir} or set ${CIFAR10_ENV.dir}`,
  });
  try {
    const tar = await gunzip(fs.readFileSync(archive)).catch((err: Error) => {
      throw new DataError(`${path.basename(archive)} is not a valid .tar.gz (${err.message}): re-download it`, archive);
    });
    const files = extractTar(tar, dir, path.basename(archive));
    return { dir: path.join(dir, CIFAR10_TARBALL_FOLDER), files, url, md5 };
  } finally {
    fs.rmSync(archive, { force: true }); // extracted or unusable: either way the 170 MB archive is not needed
  }
}
