/**
 * A random-teacher task: Gaussian inputs, targets from a random tanh MLP (regression), or the
 * one-hot argmax of its outputs (classification). Everything is computed in float64 JS from the
 * seed, then stored as float32, so the tensors are bit-identical on every backend and machine.
 */
import * as tf from '@tensorflow/tfjs-core';
import { createRng, Rng } from '../util/rng';
import { Dataset } from './dataset';
import { oneHotTensor } from './one-hot';

/** Options of `makeTeacherTask`. */
export interface TeacherTaskOptions {
  /** Examples. */
  readonly n: number;
  /** Input dimension d (inputs ~ N(0, 1) per coordinate). */
  readonly inputDim: number;
  /** Teacher outputs k (= classes for classification). */
  readonly outputDim: number;
  /** Hidden layer widths of the teacher; default [16]. */
  readonly hiddenWidths?: readonly number[];
  /** Integer seed; the teacher and the inputs come from separate streams derived from it. */
  readonly seed: number;
  /** 'regression' (targets = outputs) or 'classification' (one-hot argmax); default 'regression'. */
  readonly task?: 'regression' | 'classification';
  /** Std of Gaussian noise added to regression targets; default 0. */
  readonly noiseStd?: number;
}

/**
 * A teacher-student dataset (layout 'flat'): x [n, d], y [n, k].
 * @param options sizes, teacher widths, seed, task, noise.
 * @returns a Dataset; classification also sets `labels`. Caller disposes.
 * @example const data = makeTeacherTask({ n: 64, inputDim: 8, outputDim: 3, seed: 0, task: 'classification' });
 */
export function makeTeacherTask(options: TeacherTaskOptions): Dataset {
  const { n, inputDim: d, outputDim: k, seed } = options;
  const widths = options.hiddenWidths ?? [16];
  const task = options.task ?? 'regression';
  const noiseStd = options.noiseStd ?? 0;
  requirePositiveInteger({ n, inputDim: d, outputDim: k });
  if (!Number.isInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
  widths.forEach((w, i) => requirePositiveInteger({ [`hiddenWidths[${i}]`]: w }));
  const teacher = randomTeacher([d, ...widths, k], createRng(2 * seed + 1));
  const inputRng = createRng(2 * seed);
  const x = Float64Array.from({ length: n * d }, () => inputRng.normal());
  const outputs = teacherForward(teacher, x, n);
  const description = {
    dataset: 'teacher-mlp', task, n, inputDim: d, outputDim: k, hiddenWidths: [...widths], activation: 'tanh',
    teacherInit: 'W ~ N(0, 1/fan_in), b = 0', inputs: 'N(0, 1)', seed, noiseStd, layout: 'flat',
  };
  const xTensor = tf.tensor2d(Float32Array.from(x), [n, d], 'float32');
  if (task === 'classification') {
    const labels = argmaxRows(outputs, n, k);
    return { x: xTensor, y: oneHotTensor(labels, k), labels, n, layout: 'flat', description };
  }
  const noiseRng = createRng(2 * seed + 1e6); // its own stream: noise level does not change inputs or teacher
  const y = Float32Array.from(outputs, (v) => v + (noiseStd > 0 ? noiseStd * noiseRng.normal() : 0));
  return { x: xTensor, y: tf.tensor2d(y, [n, k], 'float32'), n, layout: 'flat', description };
}

function requirePositiveInteger(values: Record<string, number>): void {
  for (const [name, v] of Object.entries(values)) {
    if (!Number.isInteger(v) || v < 1) throw new RangeError(`${name} must be a positive integer, got ${v}`);
  }
}

interface DenseLayer { readonly w: Float64Array; readonly fanIn: number; readonly fanOut: number }

function randomTeacher(sizes: readonly number[], rng: Rng): DenseLayer[] {
  return sizes.slice(1).map((fanOut, l) => {
    const fanIn = sizes[l];
    const scale = 1 / Math.sqrt(fanIn); // keeps pre-activations O(1), so tanh is neither linear nor saturated
    return { w: Float64Array.from({ length: fanIn * fanOut }, () => scale * rng.normal()), fanIn, fanOut };
  });
}

function teacherForward(layers: readonly DenseLayer[], x: Float64Array, n: number): Float64Array {
  let h = x;
  layers.forEach((layer, l) => {
    const out = new Float64Array(n * layer.fanOut);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < layer.fanOut; j++) {
        let s = 0;
        for (let p = 0; p < layer.fanIn; p++) s += h[i * layer.fanIn + p] * layer.w[p * layer.fanOut + j];
        out[i * layer.fanOut + j] = l < layers.length - 1 ? Math.tanh(s) : s; // linear output layer
      }
    }
    h = out;
  });
  return h;
}

function argmaxRows(values: Float64Array, n: number, k: number): Uint8Array {
  if (k > 256) throw new RangeError(`classification supports at most 256 classes, got ${k}`);
  return Uint8Array.from({ length: n }, (_, i) => {
    let best = 0;
    for (let j = 1; j < k; j++) if (values[i * k + j] > values[i * k + best]) best = j;
    return best;
  });
}
