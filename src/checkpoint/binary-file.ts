/**
 * The shared rules for the checkpoint's binary files: little-endian on disk whatever the host,
 * sha256 in the manifest, and a read that checks size and hash before anything is decoded.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import { CheckpointError } from './checkpoint-error';

/** True on little-endian hosts (all common ones); the files are little-endian everywhere. */
export const HOST_IS_LE = os.endianness() === 'LE';

/** Lower-case hex sha256 of `bytes`. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Converts between host order and little-endian in place (a no-op on little-endian hosts).
 * @param bytes a buffer of `width`-byte values.
 * @param width 4 (float32) or 8 (float64).
 */
export function toFromLittleEndian(bytes: Buffer, width: 4 | 8): Buffer {
  if (!HOST_IS_LE) {
    if (width === 4) bytes.swap32();
    else bytes.swap64();
  }
  return bytes;
}

/**
 * Reads a whole file, checking its size and sha256 against the manifest.
 * @param file the binary file.
 * @param byteLength the size the manifest records.
 * @param sha256 the hash the manifest records.
 * @throws CheckpointError naming `file` when it is missing, has the wrong size, or the wrong hash.
 */
export function readVerified(file: string, byteLength: number, sha256: string): Buffer {
  const bytes = readBytes(file);
  if (bytes.byteLength !== byteLength) {
    throw new CheckpointError(file, `is ${bytes.byteLength} bytes but checkpoint.json expects ${byteLength} (truncated, or from another checkpoint)`);
  }
  if (sha256Hex(bytes) !== sha256) {
    throw new CheckpointError(file, 'sha256 does not match checkpoint.json (the file is corrupt or from another checkpoint)');
  }
  return bytes;
}

/**
 * Reads a whole file.
 * @throws CheckpointError naming `file` when it is missing or unreadable.
 */
export function readBytes(file: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new CheckpointError(file, code === 'ENOENT' ? 'is missing; the checkpoint is incomplete' : `cannot be read (${code})`);
  }
}
