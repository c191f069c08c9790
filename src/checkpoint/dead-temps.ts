/**
 * Clean-up of temp files and folders that a killed writer left behind. Temps are named
 * `.<target>.tmp-<pid>-<n>` (see atomic-file.ts and atomic-dir.ts); one whose PID no longer runs
 * can never be finished and is deleted. Live PIDs' temps may be in use and are left alone.
 */
import * as fs from 'fs';
import * as path from 'path';
import { isPidAlive } from './atomic-file';

const TEMP_NAME = /^\.(.+)\.tmp-(\d+)-\d+$/;

/**
 * Deletes temps of dead processes in `dir` (not recursive).
 * @param dir the folder to clean.
 * @param target only temps of this file/folder name; all temps when omitted.
 * @returns the names removed.
 * @example removeDeadTemps('/runs/ab12', 'checkpoint');
 */
export function removeDeadTemps(dir: string, target?: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const removed: string[] = [];
  for (const name of fs.readdirSync(dir)) {
    const m = TEMP_NAME.exec(name);
    if (m === null || (target !== undefined && m[1] !== target)) continue;
    const pid = Number(m[2]);
    if (pid === process.pid || isPidAlive(pid)) continue;
    fs.rmSync(path.join(dir, name), { recursive: true, force: true });
    removed.push(name);
  }
  return removed;
}
