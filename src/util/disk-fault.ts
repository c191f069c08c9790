/**
 * Disk faults as one-line errors. Node reports a full disk as "ENOSPC: no space left on device,
 * write" without the file (writes go through a descriptor), and a recursive mkdir on a read-only
 * file system as ENOENT; a researcher needs the path, the cause and what to do next.
 */
import * as fs from 'fs';
import * as path from 'path';

/** The error codes that are disk faults rather than bugs. */
const FAULTS: Readonly<Record<string, string>> = {
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EROFS: 'the file system is read-only',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
};

const FIX: Readonly<Record<string, string>> = {
  ENOSPC: 'free some space, then run the same command again (it resumes from the last checkpoint)',
  EDQUOT: 'free some space, then run the same command again (it resumes from the last checkpoint)',
  EROFS: 'use a writable runs folder (--root DIR or $SHARPNESS_LAB_RUNS)',
  EACCES: 'make it writable for this user, or use another runs folder (--root DIR or $SHARPNESS_LAB_RUNS)',
  EPERM: 'make it writable for this user, or use another runs folder (--root DIR or $SHARPNESS_LAB_RUNS)',
};

/** A write that failed because of the disk (full, read-only, no permission): path, cause and fix in one line. */
export class DiskFaultError extends Error {
  /** The errno code, e.g. 'ENOSPC'. */
  readonly code: string;
  /** The file or folder that could not be written. */
  readonly path: string;
  constructor(code: string, file: string, doing: string) {
    super(`${file}: ${FAULTS[code]} while ${doing}; ${FIX[code]}`);
    this.name = 'DiskFaultError';
    this.code = code;
    this.path = file;
  }
}

/**
 * Runs a write, turning a disk fault into a DiskFaultError naming `file` (other errors pass through).
 * @param file the file or folder being written (named in the message).
 * @param doing what was being done, e.g. 'appending records'.
 * @example withDiskFaults(file, 'writing the status', () => fs.writeFileSync(file, text));
 */
export function withDiskFaults<T>(file: string, doing: string, write: () => T): T {
  try {
    return write();
  } catch (err) {
    throw asDiskFault(err, file, doing);
  }
}

/**
 * `err` as a DiskFaultError naming `file` when it is a disk fault (the outermost caller names the
 * path the user knows, e.g. the checkpoint folder rather than its temp file), else `err` itself.
 * @param file the path to name.
 * @param doing what was being done.
 */
export function asDiskFault(err: unknown, file: string, doing: string): unknown {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return code !== undefined && code in FAULTS ? new DiskFaultError(code, file, doing) : err;
}

/**
 * `mkdir -p` that reports why it failed: Node's recursive mkdir says ENOENT on a read-only file
 * system, so on failure the nearest existing ancestor is probed for write access.
 * @param dir the folder to create (with its parents).
 * @param doing what it is for, e.g. 'creating the run folder' (the folder is appended when an ancestor is named).
 * @throws DiskFaultError for a disk fault, else the original error.
 */
export function mkdirWithFaults(dir: string, doing: string): void {
  try {
    fs.mkdirSync(dir, { recursive: true });
  } catch (err) {
    const ancestor = nearestExisting(dir);
    const probe = probeWritable(ancestor);
    throw probe === undefined ? asDiskFault(err, dir, doing) : asDiskFault(probe, ancestor, `${doing} ${dir}`);
  }
}

function nearestExisting(dir: string): string {
  let at = path.resolve(dir);
  while (!fs.existsSync(at) && path.dirname(at) !== at) at = path.dirname(at);
  return at;
}

/** The error a write into `dir` gives, or undefined when it is writable. */
function probeWritable(dir: string): unknown {
  try {
    fs.accessSync(dir, fs.constants.W_OK);
    return undefined;
  } catch (err) {
    return err;
  }
}
