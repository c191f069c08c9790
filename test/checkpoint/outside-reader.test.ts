/**
 * Reads a checkpoint the way outside code would: only JSON.parse, Buffer reads and the rules in
 * docs/checkpoint-format.md (row-major, little-endian float32, packed in manifest order).
 */
import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs-core';
import { saveCheckpoint } from '../../src/checkpoint/save-checkpoint';
import { disposeParams } from '../../src/model/params';
import { cleanup, DATA, makeParams, OBJECTIVE, SPEC, tempDir, useCpu } from './helpers';

interface OutsideEntry { name: string; shape: number[]; byteOffset: number; byteLength: number }

/** Element [i0, i1, …] of a row-major tensor: flat index Σ i_k · stride_k, last axis fastest. */
function readElement(bin: Buffer, entry: OutsideEntry, index: number[]): number {
  let flat = 0;
  for (let k = 0; k < index.length; k++) flat = flat * entry.shape[k] + index[k];
  return bin.readFloatLE(entry.byteOffset + 4 * flat);
}

describe('checkpoint files read by outside code', () => {
  let root: string;
  before(async () => { await useCpu(); root = tempDir(); });
  after(() => cleanup(root));

  it('params.bin holds every tensor row-major, little-endian float32, at the manifest offsets', async () => {
    const dir = path.join(root, 'checkpoint');
    const params = makeParams(11);
    await saveCheckpoint(dir, { params, spec: SPEC, objective: OBJECTIVE, data: DATA, step: 3 });
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'checkpoint.json'), 'utf8'));
    const bin = fs.readFileSync(path.join(dir, manifest.params.file));
    assert.equal(bin.length, manifest.params.byteLength);
    const kernel = manifest.params.tensors[0] as OutsideEntry;
    const nested = params[0].value.arraySync() as number[][]; // [in=3, out=4], independent of the flat buffer
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 4; j++) assert.ok(Object.is(readElement(bin, kernel, [i, j]), nested[i][j]), `kernel[${i}][${j}]`);
    }
    const bias = manifest.params.tensors[3] as OutsideEntry;
    const biasValues = params[3].value.arraySync() as number[];
    assert.deepEqual([readElement(bin, bias, [0]), readElement(bin, bias, [1])], biasValues);
    assert.equal(bias.byteOffset + bias.byteLength, bin.length);
    disposeParams(params);
  });

  it('a 4-d conv kernel [kh, kw, cin, cout] is stored with cout varying fastest', async () => {
    const dir = path.join(root, 'conv');
    const values = Float32Array.from({ length: 2 * 2 * 3 * 5 }, (_, i) => i);
    const conv = [{ name: 'conv0/kernel', value: tf.tensor(values, [2, 2, 3, 5], 'float32') }];
    await saveCheckpoint(dir, { params: conv, spec: SPEC, objective: OBJECTIVE, data: DATA, step: 0 });
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'checkpoint.json'), 'utf8'));
    const bin = fs.readFileSync(path.join(dir, 'params.bin'));
    const entry = manifest.params.tensors[0] as OutsideEntry;
    const nested = conv[0].value.arraySync() as number[][][][];
    assert.equal(readElement(bin, entry, [1, 0, 2, 4]), nested[1][0][2][4]);
    assert.equal(readElement(bin, entry, [1, 0, 2, 4]), ((1 * 2 + 0) * 3 + 2) * 5 + 4);
    disposeParams(conv);
  });

  it('checkpoint.json names the format, objective, data and step in plain JSON', async () => {
    const dir = path.join(root, 'json');
    const params = makeParams(12);
    await saveCheckpoint(dir, { params, spec: SPEC, objective: OBJECTIVE, data: DATA, step: 77, state: { tuner: { eta: 0.5 } } });
    const m = JSON.parse(fs.readFileSync(path.join(dir, 'checkpoint.json'), 'utf8'));
    assert.equal(m.format, 'sharpness-lab/checkpoint');
    assert.deepEqual([m.step, m.objective, m.data, m.model, m.state], [77, OBJECTIVE, DATA, SPEC, { tuner: { eta: 0.5 } }]);
    assert.deepEqual([m.params.dtype, m.params.byteOrder, m.params.order], ['float32', 'little-endian', 'row-major']);
    const sha = createHash('sha256').update(fs.readFileSync(path.join(dir, 'params.bin'))).digest('hex');
    assert.equal(m.params.sha256, sha);
    disposeParams(params);
  });
});
