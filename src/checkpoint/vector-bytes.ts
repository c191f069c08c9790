/**
 * Named float64 vectors ↔ the bytes of vectors.bin: concatenated in the order given, little-endian
 * float64. For state too large or too exact for JSON, e.g. Lanczos warm-start eigenvectors
 * (a resumed run must warm-start from the very same vectors to reproduce its records).
 */
import { toFromLittleEndian } from './binary-file';
import { VectorEntry } from './format';

const BYTES = 8;

/**
 * Lays out vectors as vectors.bin.
 * @param vectors name → values, in the order to store them (e.g. `warmStart/0`, `warmStart/1`).
 * @returns the manifest entries and the file bytes.
 * @example encodeVectors({ 'warmStart/0': v0 })
 */
export function encodeVectors(vectors: Readonly<Record<string, Float64Array>>): { entries: VectorEntry[]; bytes: Buffer } {
  let byteOffset = 0;
  const entries = Object.keys(vectors).map((name) => {
    const v = vectors[name];
    if (!(v instanceof Float64Array)) throw new Error(`vector '${name}' must be a Float64Array`);
    const entry: VectorEntry = { name, length: v.length, byteOffset, byteLength: v.length * BYTES };
    byteOffset += entry.byteLength;
    return entry;
  });
  const bytes = Buffer.alloc(byteOffset);
  entries.forEach((e) => {
    const v = vectors[e.name];
    Buffer.from(v.buffer, v.byteOffset, v.byteLength).copy(bytes, e.byteOffset);
  });
  return { entries, bytes: toFromLittleEndian(bytes, BYTES) };
}

/**
 * Splits vectors.bin bytes back into named Float64Arrays (copies, host order).
 * @param bytes the whole (verified) file.
 * @param entries the manifest's entries.
 */
export function decodeVectors(bytes: Uint8Array, entries: readonly VectorEntry[]): Record<string, Float64Array> {
  const out: Record<string, Float64Array> = {};
  for (const e of entries) {
    const v = new Float64Array(e.length);
    const view = Buffer.from(v.buffer, v.byteOffset, v.byteLength);
    view.set(bytes.subarray(e.byteOffset, e.byteOffset + e.byteLength));
    toFromLittleEndian(view, BYTES);
    out[e.name] = v;
  }
  return out;
}
