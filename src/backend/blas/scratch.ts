/**
 * Reusable host-memory buffers for the convolution kernels (outside the wasm heap, so they never
 * die when it grows, and do not count against its 4 GB). Kernels run one at a time, so one
 * buffer per role is enough; each grows to the largest request and is kept.
 */
const buffers = new Map<string, Float32Array>();

/** A buffer of at least `size` floats for `role`; its contents are whatever was there. */
export function scratch(role: string, size: number): Float32Array {
  let buf = buffers.get(role);
  if (!buf || buf.length < size) {
    buf = new Float32Array(size);
    buffers.set(role, buf);
  }
  return buf;
}

/** Bounds a kernel's scratch: images per chunk so that `floatsPerImage` × images ≤ 16M floats (64 MB). */
export function imagesPerChunk(floatsPerImage: number, images: number): number {
  return Math.max(1, Math.min(images, Math.floor((16 << 20) / Math.max(1, floatsPerImage))));
}
