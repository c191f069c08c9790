/**
 * Atomic replacement of a whole folder. POSIX cannot rename a folder over a non-empty one, so a
 * swap is two renames: `dir` → `.dir.old`, then the finished temp folder → `dir`. Between them a
 * reader finds the complete old version at `.dir.old`; `readableDir` looks there, and
 * `recoverDir` (run by the next writer) puts it back. A `kill -9` at any moment therefore leaves
 * either the old or the new folder readable, never a half-written one.
 */
import * as fs from 'fs';
import * as path from 'path';
import { fsyncDir } from './atomic-file';
import { removeDeadTemps } from './dead-temps';

let counter = 0;

/** The name the previous version has while a swap is in flight. */
export function oldSibling(dir: string): string {
  return path.join(path.dirname(dir), `.${path.basename(dir)}.old`);
}

/**
 * Creates an empty temp folder next to `dir` (same file system) for the new version.
 * @example const tmp = makeTempDir('/runs/ab/checkpoint'); // '/runs/ab/.checkpoint.tmp-4242-1'
 */
export function makeTempDir(dir: string): string {
  counter += 1;
  const tmp = path.join(path.dirname(dir), `.${path.basename(dir)}.tmp-${process.pid}-${counter}`);
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.mkdirSync(tmp, { recursive: true });
  return tmp;
}

/**
 * Replaces `dir` by the complete folder `tmp` (old or new survives any crash). Single writer only.
 * @param tmp a folder from `makeTempDir(dir)` whose files are written and fsynced.
 * @param dir the destination; may not exist yet.
 */
export function swapInDir(tmp: string, dir: string): void {
  recoverDir(dir);
  const parent = path.dirname(dir);
  const old = oldSibling(dir);
  if (fs.existsSync(dir)) {
    fs.renameSync(dir, old);
    fsyncDir(parent);
  }
  fs.renameSync(tmp, dir);
  fsyncDir(parent);
  fs.rmSync(old, { recursive: true, force: true });
}

/**
 * Repairs what a crash mid-swap left: restores `.dir.old` when `dir` is missing, removes it when
 * the swap had finished, and deletes temp folders of dead writers. Call with the writer lock held.
 * @param dir the folder that `swapInDir` maintains.
 */
export function recoverDir(dir: string): void {
  const old = oldSibling(dir);
  if (fs.existsSync(old)) {
    if (fs.existsSync(dir)) fs.rmSync(old, { recursive: true, force: true });
    else fs.renameSync(old, dir);
    fsyncDir(path.dirname(dir));
  }
  removeDeadTemps(path.dirname(dir), path.basename(dir));
}

/**
 * Where a reader finds the current complete version: `dir`, else `.dir.old` (a swap is in
 * flight or was interrupted), else undefined (nothing saved yet). Never modifies anything.
 */
export function readableDir(dir: string): string | undefined {
  if (fs.existsSync(dir)) return dir;
  const old = oldSibling(dir);
  return fs.existsSync(old) ? old : undefined;
}
