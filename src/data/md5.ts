/**
 * MD5 digests of buffers and files (the checksums CIFAR-10 publishes), with a per-process cache
 * keyed by path, size and mtime so re-loading the same 150 MB of batches does not hash it again.
 */
import * as crypto from 'crypto';
import * as fs from 'fs';

const cache = new Map<string, string>();

/**
 * Hex md5 of bytes.
 * @param bytes the data.
 * @returns 32 lower-case hex digits.
 * @example md5Hex(Buffer.from('')) // 'd41d8cd98f00b204e9800998ecf8427e'
 */
export function md5Hex(bytes: Uint8Array): string {
  return crypto.createHash('md5').update(bytes).digest('hex');
}

/**
 * Hex md5 of a file, streamed (constant memory), cached per process by path + size + mtime.
 * @param filePath the file.
 * @param bytes its contents when already in memory (hashed instead of re-reading the file).
 * @returns 32 lower-case hex digits.
 * @example const sum = await md5File('data/cifar10/data_batch_1.bin');
 */
export async function md5File(filePath: string, bytes?: Uint8Array): Promise<string> {
  const key = fingerprint(filePath);
  const known = cache.get(key);
  if (known !== undefined) return known;
  const sum = bytes ? md5Hex(bytes) : await streamMd5(filePath);
  cache.set(key, sum);
  return sum;
}

/**
 * A string that changes when the file changes (path, size, mtime): a cache key for derived data.
 * @param filePath the file.
 * @returns e.g. `/data/data_batch_1.bin:30730000:1700000000000`.
 * @example statsCache.get(fingerprint(file));
 */
export function fingerprint(filePath: string): string {
  const st = fs.statSync(filePath);
  return `${filePath}:${st.size}:${st.mtimeMs}:${st.ctimeMs}:${st.ino}`;
}

function streamMd5(filePath: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = crypto.createHash('md5');
    fs.createReadStream(filePath)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('hex')));
  });
}
