/**
 * One-hot target rows for integer class labels (the squared-loss targets of the paper's setup).
 */
import * as tf from '@tensorflow/tfjs-core';

/**
 * One-hot encodes labels as a float32 [n, k] tensor: row i has 1 at column labels[i], 0 elsewhere.
 * @param labels class indices in 0..k-1.
 * @param classes k, the number of columns.
 * @returns a new [n, k] float32 tensor (caller disposes).
 * @throws RangeError when a label is outside 0..k-1.
 * @example oneHotTensor(Uint8Array.of(2, 0), 3) // [[0,0,1],[1,0,0]]
 */
export function oneHotTensor(labels: ArrayLike<number>, classes: number): tf.Tensor2D {
  const rows = new Float32Array(labels.length * classes);
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i];
    if (!Number.isInteger(label) || label < 0 || label >= classes) {
      throw new RangeError(`label ${label} at row ${i} is outside 0..${classes - 1}`);
    }
    rows[i * classes + label] = 1;
  }
  return tf.tensor2d(rows, [labels.length, classes], 'float32');
}
