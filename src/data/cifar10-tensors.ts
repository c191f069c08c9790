/**
 * Turns selected CIFAR-10 records into float32 tensors: bytes → [0,1] → optional per-channel
 * standardisation, reordered from the file's planar CHW layout to NHWC (flat = NHWC flattened).
 */
import * as tf from '@tensorflow/tfjs-core';
import { Cifar10Batch } from './cifar10-batch';
import { InputLayout } from './dataset';
import { oneHotTensor } from './one-hot';
import { recordLocator } from './cifar10-split';
import {
  CIFAR10_CHANNELS, CIFAR10_CLASSES, CIFAR10_FEATURES, CIFAR10_IMAGE_SIZE, CIFAR10_PLANE_BYTES,
} from './cifar10-format';

/** Per-channel affine map applied after scaling to [0,1]: (v − mean[c]) / std[c]. */
export interface ChannelNormalization {
  readonly mean: readonly number[];
  readonly std: readonly number[];
}

/**
 * Inputs, one-hot targets and labels for the given records.
 * @param batches the split's batches in order.
 * @param indices global record indices, in the order the rows should have.
 * @param normalization per-channel mean/std on the [0,1] scale; undefined keeps [0,1] values.
 * @param layout 'nhwc' → x [n,32,32,3]; 'flat' → x [n,3072] (the NHWC image flattened h→w→c).
 * @returns new tensors (caller disposes) and the labels.
 * @example const { x, y } = cifar10Tensors(train.batches, Int32Array.of(0, 1), stats, 'nhwc');
 */
export function cifar10Tensors(
  batches: readonly Cifar10Batch[],
  indices: ArrayLike<number>,
  normalization: ChannelNormalization | undefined,
  layout: InputLayout,
): { x: tf.Tensor; y: tf.Tensor2D; labels: Uint8Array } {
  const n = indices.length;
  const tables = byteTables(normalization);
  const pixels = new Float32Array(n * CIFAR10_FEATURES);
  const labels = new Uint8Array(n);
  const locate = recordLocator(batches);
  for (let i = 0; i < n; i++) {
    const [bytes, at] = locate(indices[i]);
    labels[i] = bytes[at];
    writeImageNhwc(bytes, at + 1, tables, pixels, i * CIFAR10_FEATURES);
  }
  const s = CIFAR10_IMAGE_SIZE;
  const x = layout === 'nhwc'
    ? tf.tensor4d(pixels, [n, s, s, CIFAR10_CHANNELS], 'float32')
    : tf.tensor2d(pixels, [n, CIFAR10_FEATURES], 'float32');
  return { x, y: oneHotTensor(labels, CIFAR10_CLASSES), labels };
}

/** One 256-entry lookup table per channel: byte → normalised float (cheaper than per-pixel arithmetic). */
function byteTables(normalization: ChannelNormalization | undefined): Float32Array[] {
  return Array.from({ length: CIFAR10_CHANNELS }, (_, c) => {
    const mean = normalization?.mean[c] ?? 0;
    const std = normalization?.std[c] ?? 1;
    return Float32Array.from({ length: 256 }, (_, v) => (v / 255 - mean) / std);
  });
}

function writeImageNhwc(bytes: Uint8Array, start: number, tables: Float32Array[], out: Float32Array, at: number): void {
  // Hot loop: imported constants are copied to locals (module-export lookups are slow per pixel).
  const channels = CIFAR10_CHANNELS;
  const planeBytes = CIFAR10_PLANE_BYTES;
  for (let c = 0; c < channels; c++) {
    const table = tables[c];
    const plane = start + c * planeBytes;
    // Planar index p = h*32 + w maps to interleaved (h*32 + w)*3 + c.
    for (let p = 0; p < planeBytes; p++) out[at + p * channels + c] = table[bytes[plane + p]];
  }
}
