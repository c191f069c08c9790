/**
 * Shared fixtures for checkpoint and run-store tests: a tiny MLP-shaped parameter list with
 * awkward float values, its spec, and throwaway folders.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { MlpSpec } from '../../src/model/model';
import { Params } from '../../src/model/params';
import { ObjectiveInfo } from '../../src/checkpoint/format';

export const SPEC: MlpSpec = { arch: 'mlp', inputDim: 3, hidden: [4], outputDim: 2, activation: 'tanh' };
export const OBJECTIVE: ObjectiveInfo = { loss: 'mse', weightDecay: 5e-4 };
export const DATA = { source: 'synthetic', subset: { first: 8 }, normalisation: 'none' };

/** Selects the pure-JS backend (deterministic, no native dependency). */
export async function useCpu(): Promise<void> {
  await tf.setBackend('cpu');
  await tf.ready();
}

/** Values that stress a float32 round trip: signed zero, subnormal, extremes, fractions. */
export function awkward(i: number, salt: number): number {
  const specials = [-0, 1.4e-45, 3.4028234663852886e38, -1e-7, 1 / 3];
  return i % 7 < specials.length ? specials[i % 7] * (salt % 2 === 0 ? 1 : -1) : Math.sin(i * 12.9898 + salt) * 43758.5453;
}

/** MLP-shaped parameters [3,4], [4], [4,2], [2] filled from `awkward(·, salt)`. */
export function makeParams(salt = 0): Params {
  const shapes: [string, number[]][] = [['dense0/kernel', [3, 4]], ['dense0/bias', [4]], ['dense1/kernel', [4, 2]], ['dense1/bias', [2]]];
  let k = 0;
  return shapes.map(([name, shape]) => {
    const size = shape.reduce((a, b) => a * b, 1);
    const values = Float32Array.from({ length: size }, () => awkward(k++, salt));
    return { name, value: tf.tensor(values, shape, 'float32') };
  });
}

/** The float32 bytes of a parameter list (for bit-exact comparison). */
export function bytesOf(params: Params): Buffer[] {
  return params.map((p) => {
    const v = p.value.dataSync() as Float32Array;
    return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
  });
}

/** A fresh empty folder under the OS temp dir; removed by `cleanup`. */
export function tempDir(prefix = 'sharpness-lab-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Removes a folder made by `tempDir`. */
export function cleanup(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}
