/**
 * The in-memory dataset every experiment trains on: inputs and one-hot targets as float32 tensors,
 * plus what is needed to say exactly which data it is (for run provenance and checkpoints).
 */
import * as tf from '@tensorflow/tfjs-core';

export type InputLayout = 'flat' | 'nhwc';

export interface Dataset {
  /** Inputs: [n, d] when layout is 'flat' (an NHWC image flattened h→w→c), [n, h, w, c] when 'nhwc'. */
  readonly x: tf.Tensor;
  /** Targets: [n, k] float32 (one-hot for classification). */
  readonly y: tf.Tensor2D;
  /** Integer class labels (classification) or undefined (regression). */
  readonly labels?: Uint8Array;
  readonly n: number;
  readonly layout: InputLayout;
  /** JSON-able description: source, subset, normalisation; enough to rebuild the same tensors. */
  readonly description: Readonly<Record<string, unknown>>;
}

/** Rows [start, start+size) of a dataset as tensors (views are copies in TF.js; caller disposes). */
export function sliceRows(data: Dataset, start: number, size: number): { x: tf.Tensor; y: tf.Tensor2D } {
  const end = Math.min(data.n, start + size);
  return tf.tidy(() => ({
    x: tf.slice(data.x, start, end - start),
    y: tf.slice(data.y, start, end - start) as tf.Tensor2D,
  }));
}

/** Frees the dataset's tensors. */
export function disposeDataset(data: Dataset): void {
  data.x.dispose();
  data.y.dispose();
}

/** The rows at `indices` as a new dataset (a mini-batch); the caller disposes it. */
export function gatherRows(data: Dataset, indices: Int32Array): Dataset {
  const idx = tf.tensor1d(indices, 'int32');
  const x = tf.gather(data.x, idx);
  const y = tf.gather(data.y, idx) as tf.Tensor2D;
  idx.dispose();
  const labels = data.labels ? Uint8Array.from(indices, (i) => data.labels![i]) : undefined;
  return { x, y, labels, n: indices.length, layout: data.layout, description: { ...data.description, rows: 'mini-batch' } };
}
