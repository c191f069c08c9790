/**
 * Files the PyTorch reference reads (bench/torch_reference.py): the case, the weights as a
 * sharpness-lab checkpoint, the exact float32 inputs, targets and HVP direction, and our loss,
 * gradient and HVP on the first crossN images for the cross-check.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs-core';
import { Dataset, sliceRows } from '../../src';
import { Objective } from '../../src';
import { Params, disposeParams, flatten } from '../../src';
import { objectiveHvp, objectiveValueAndGrad } from '../../src';
import { saveCheckpoint } from '../../src';
import { BenchCase } from './cases';

function writeFloat32(file: string, values: Float32Array): void {
  fs.writeFileSync(file, Buffer.from(values.buffer, values.byteOffset, values.byteLength));
}

/**
 * Writes everything the reference needs into `dir` (created).
 * @example await writeExchange(dir, c, obj, params, data, v);
 */
export async function writeExchange(dir: string, c: BenchCase, obj: Objective, params: Params, data: Dataset, v: Params): Promise<void> {
  fs.mkdirSync(path.join(dir, 'cross'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'case.json'), JSON.stringify({ name: c.name, n: c.n, chunk: c.chunk, reps: c.reps, lanczos: c.lanczos, torchLanczos: c.torchLanczos, warmStep: c.warmStep ?? 1, crossN: c.crossN, only: c.only }));
  await saveCheckpoint(path.join(dir, 'checkpoint'), {
    params, spec: { ...c.spec }, objective: { loss: 'mse', weightDecay: obj.weightDecay }, data: data.description, step: 0,
  });
  writeFloat32(path.join(dir, 'x.bin'), data.x.dataSync() as Float32Array);
  writeFloat32(path.join(dir, 'y.bin'), data.y.dataSync() as Float32Array);
  writeFloat32(path.join(dir, 'v.bin'), flatten(v));
  if (c.crossN > 0) writeCross(dir, c.crossN, obj, params, data, v);
}

/** Our loss, gradient and HVP on the first m images, in one chunk. */
function writeCross(dir: string, m: number, obj: Objective, params: Params, data: Dataset, v: Params): void {
  const { x, y } = sliceRows(data, 0, m);
  const sub: Dataset = { ...data, x, y, n: m };
  const { loss, grad } = objectiveValueAndGrad(obj, params, sub, { chunkSize: m });
  const hv = objectiveHvp(obj, params, sub, v, { chunkSize: m });
  fs.writeFileSync(path.join(dir, 'cross', 'ours.json'), JSON.stringify({ loss, n: m }));
  writeFloat32(path.join(dir, 'cross', 'grad.bin'), flatten(grad));
  writeFloat32(path.join(dir, 'cross', 'hvp.bin'), flatten(hv));
  disposeParams(grad);
  disposeParams(hv);
  tf.dispose([x, y]);
}
