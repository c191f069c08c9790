/**
 * A small tar reader for the CIFAR-10 tarball: ustar/GNU/pax headers, regular files only (other
 * entry types are skipped), header checksums checked, and entries whose path would leave the
 * destination (absolute paths, `..` segments) rejected before anything is written.
 */
import * as fs from 'fs';
import * as path from 'path';
import { DataError } from './data-error';

const BLOCK = 512;

/** One regular file of an archive. */
export interface TarFile {
  /** Path inside the archive, '/'-separated. */
  readonly name: string;
  readonly data: Uint8Array;
}

/**
 * The regular files of an uncompressed tar archive, in archive order.
 * @param tar the archive bytes.
 * @param archiveName for error messages.
 * @returns files (views into `tar`, not copies); directories, links and devices are skipped.
 * @throws DataError on a corrupt header or a truncated archive.
 * @example readTar(zlib.gunzipSync(fs.readFileSync('x.tar.gz'))).map((f) => f.name)
 */
export function readTar(tar: Uint8Array, archiveName = 'archive'): TarFile[] {
  const files: TarFile[] = [];
  let longName: string | undefined;
  for (let at = 0; at + BLOCK <= tar.length;) {
    const header = tar.subarray(at, at + BLOCK);
    if (header.every((b) => b === 0)) break; // end-of-archive marker
    checkHeaderSum(header, at, archiveName);
    const size = readSize(header);
    const type = String.fromCharCode(header[156] || 48); // NUL typeflag means a regular file
    const dataStart = at + BLOCK;
    if (dataStart + size > tar.length) throw new DataError(`${archiveName} is truncated inside the entry at byte ${at}: re-download it`);
    const data = tar.subarray(dataStart, dataStart + size);
    at = dataStart + Math.ceil(size / BLOCK) * BLOCK;
    if (type === 'L') { longName = cString(data); continue; } // GNU long name for the next entry
    if (type === 'x') { longName = paxPath(data) ?? longName; continue; } // pax extended header
    const name = longName ?? headerName(header);
    longName = undefined;
    if (type === '0' || type === '7') files.push({ name, data });
  }
  return files;
}

/**
 * Writes an archive's regular files under `destDir` (each file written to a temp name, then renamed).
 * @param tar the uncompressed archive bytes.
 * @param destDir destination folder (created if needed).
 * @param archiveName for error messages.
 * @returns the written files' archive paths.
 * @throws DataError on a path-traversal entry (nothing is written then) or a corrupt archive.
 * @example extractTar(zlib.gunzipSync(bytes), 'data/cifar10') // ['cifar-10-batches-bin/data_batch_1.bin', ...]
 */
export function extractTar(tar: Uint8Array, destDir: string, archiveName = 'archive'): string[] {
  const root = path.resolve(destDir);
  const files = readTar(tar, archiveName);
  const targets = files.map((f) => safeTarget(root, f.name, archiveName)); // all checked before any write
  files.forEach((f, i) => {
    fs.mkdirSync(path.dirname(targets[i]), { recursive: true });
    const temp = `${targets[i]}.extract-${process.pid}`;
    fs.writeFileSync(temp, f.data);
    fs.renameSync(temp, targets[i]);
  });
  return files.map((f) => f.name);
}

function safeTarget(root: string, name: string, archiveName: string): string {
  const parts = name.split('/');
  const target = path.resolve(root, ...parts);
  if (name.startsWith('/') || parts.includes('..') || name.includes('\\') || !target.startsWith(root + path.sep)) {
    throw new DataError(`${archiveName} entry '${name}' would be written outside ${root}: refusing to extract it`);
  }
  return target;
}

function checkHeaderSum(header: Uint8Array, at: number, archiveName: string): void {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : header[i]; // checksum field counts as spaces
  const stored = parseInt(cString(header.subarray(148, 156)).trim() || 'NaN', 8);
  if (stored !== sum) throw new DataError(`${archiveName} has a corrupt tar header at byte ${at} (checksum mismatch): re-download it`);
}

function readSize(header: Uint8Array): number {
  const field = header.subarray(124, 136);
  if (field[0] & 0x80) { // GNU base-256 for sizes ≥ 8 GiB
    let size = field[0] & 0x7f;
    for (let i = 1; i < field.length; i++) size = size * 256 + field[i];
    return size;
  }
  return parseInt(cString(field).trim() || '0', 8);
}

function headerName(header: Uint8Array): string {
  const name = cString(header.subarray(0, 100));
  const isUstar = cString(header.subarray(257, 263)).startsWith('ustar');
  const prefix = isUstar ? cString(header.subarray(345, 500)) : '';
  return prefix ? `${prefix}/${name}` : name;
}

function paxPath(data: Uint8Array): string | undefined {
  // Records are "<len> key=value\n"; only the path matters here.
  const match = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(Buffer.from(data).toString('utf8'));
  return match?.[1];
}

function cString(bytes: Uint8Array): string {
  const end = bytes.indexOf(0);
  return Buffer.from(bytes.subarray(0, end === -1 ? bytes.length : end)).toString('utf8');
}
