/**
 * Crash-safe file writes: write a temp file in the same folder, fsync it, rename it over the
 * target, fsync the folder. rename(2) within one file system is atomic, so a reader (or a process
 * restarted after `kill -9` or a power cut) sees the old file or the new one, never a mix.
 */
import * as fs from 'fs';
import * as path from 'path';
import { asDiskFault, withDiskFaults } from '../util/disk-fault';

let counter = 0;

/**
 * A fresh temp path next to `target` (same folder, so the final rename stays on one file system).
 * The name embeds the PID so stale temps of dead writers can be recognised.
 * @example tempSibling('/runs/ab/status.json') // '/runs/ab/.status.json.tmp-4242-1'
 */
export function tempSibling(target: string): string {
  counter += 1;
  return path.join(path.dirname(target), `.${path.basename(target)}.tmp-${process.pid}-${counter}`);
}

/**
 * Writes `data` to `file` atomically and durably (old or new content after any crash).
 * @param file target path; its folder must exist.
 * @param data the full new content.
 * @example writeFileAtomic('status.json', JSON.stringify(status));
 */
export function writeFileAtomic(file: string, data: string | Uint8Array): void {
  const tmp = tempSibling(file);
  try {
    writeAndSync(tmp, data);
    fs.renameSync(tmp, file);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw asDiskFault(err, file, 'writing it'); // name the target, not the temp
  }
  fsyncDir(path.dirname(file));
}

/**
 * Writes a whole file and fsyncs it before returning (the data is on disk, not only in the page cache).
 * @param file path to create or overwrite.
 * @param data the content.
 */
export function writeFileDurable(file: string, data: string | Uint8Array): void {
  withDiskFaults(file, 'writing it', () => writeAndSync(file, data));
}

function writeAndSync(file: string, data: string | Uint8Array): void {
  const fd = fs.openSync(file, 'w');
  try {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    let done = 0;
    while (done < bytes.byteLength) done += fs.writeSync(fd, bytes, done, bytes.byteLength - done);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Flushes a folder's entries (new names from create/rename) to disk. Best effort: some platforms
 * (Windows) cannot open a folder for fsync; there the rename is still atomic, only less durable.
 * @param dir the folder whose entries changed.
 */
export function fsyncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch {
    // not supported here; atomicity does not depend on it
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/**
 * Whether a process with this PID exists on this machine (EPERM means it exists but is not ours).
 * @example isPidAlive(process.pid) // true
 */
export function isPidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
