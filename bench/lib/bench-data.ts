/**
 * The bench's data: the first n CIFAR-10 training images (train-stats normalisation, one-hot
 * targets), or, when CIFAR-10 is not available, seeded Gaussian images with random labels of the
 * same shapes (the timings do not depend on the pixel values; the table says which was used).
 */
import * as tf from '@tensorflow/tfjs-core';
import { Dataset } from '../../src';
import { loadCifar10 } from '../../src';
import { createRng } from '../../src';

/**
 * @param n images.
 * @param layout 'flat' for MLPs, 'nhwc' for conv nets.
 * @returns the dataset and a one-line description of its source.
 * @example const { data, source } = await benchData(5000, 'flat');
 */
export async function benchData(n: number, layout: 'flat' | 'nhwc'): Promise<{ data: Dataset; source: string }> {
  try {
    const data = await loadCifar10({ split: 'train', subset: { n, rule: 'first' }, layout });
    return { data, source: `CIFAR-10 train, first ${n} images, train-stats normalisation` };
  } catch (err) {
    const why = String((err as Error).message ?? err).split('\n')[0];
    return { data: synthetic(n, layout), source: `synthetic N(0,1) images (CIFAR-10 unavailable: ${why})` };
  }
}

function synthetic(n: number, layout: 'flat' | 'nhwc'): Dataset {
  const rng = createRng(12345);
  const pixels = Float32Array.from({ length: n * 3072 }, () => rng.normal());
  const labels = Uint8Array.from({ length: n }, () => rng.int(10));
  const onehot = new Float32Array(n * 10);
  labels.forEach((c, i) => { onehot[i * 10 + c] = 1; });
  const x = layout === 'flat' ? tf.tensor2d(pixels, [n, 3072]) : tf.tensor4d(pixels, [n, 32, 32, 3]);
  return { x, y: tf.tensor2d(onehot, [n, 10]), labels, n, layout, description: { dataset: 'synthetic', n } };
}
