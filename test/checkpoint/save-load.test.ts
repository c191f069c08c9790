import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs-core';
import { loadCheckpoint, readCheckpointManifest } from '../../src/checkpoint/load-checkpoint';
import { saveCheckpoint } from '../../src/checkpoint/save-checkpoint';
import { oldSibling } from '../../src/checkpoint/atomic-dir';
import { disposeParams } from '../../src/model/params';
import { bytesOf, cleanup, DATA, makeParams, OBJECTIVE, SPEC, tempDir, useCpu } from './helpers';

describe('saveCheckpoint / loadCheckpoint', () => {
  let root: string;
  before(async () => { await useCpu(); root = tempDir(); });
  after(() => cleanup(root));

  it('loads back bit-identical parameters, names, step, spec, objective and data', async () => {
    const dir = path.join(root, 'roundtrip', 'checkpoint');
    const params = makeParams(1);
    await saveCheckpoint(dir, { params, spec: SPEC, objective: OBJECTIVE, data: DATA, step: 42 });
    const loaded = await loadCheckpoint(dir, { like: params });
    assert.deepEqual(loaded.params.map((p) => p.name), params.map((p) => p.name));
    assert.deepEqual(loaded.params.map((p) => p.value.shape), params.map((p) => p.value.shape));
    assert.ok(loaded.params.every((p) => p.value.dtype === 'float32'));
    bytesOf(loaded.params).forEach((b, i) => assert.ok(b.equals(bytesOf(params)[i]), `tensor ${i} differs`));
    assert.equal(loaded.step, 42);
    assert.deepEqual(loaded.spec, SPEC);
    assert.deepEqual(loaded.objective, OBJECTIVE);
    assert.deepEqual(loaded.data, DATA);
    assert.deepEqual(loaded.state, {});
    disposeParams(params);
    disposeParams(loaded.params);
  });

  it('writes a manifest with packed byte offsets and lengths in parameter order', async () => {
    const dir = path.join(root, 'manifest', 'checkpoint');
    const params = makeParams(2);
    await saveCheckpoint(dir, { params, spec: SPEC, objective: OBJECTIVE, data: DATA, step: 0 });
    const m = readCheckpointManifest(dir);
    assert.ok(m);
    assert.deepEqual(m.params.tensors.map((t) => [t.name, t.shape, t.size, t.byteOffset, t.byteLength]), [
      ['dense0/kernel', [3, 4], 12, 0, 48],
      ['dense0/bias', [4], 4, 48, 16],
      ['dense1/kernel', [4, 2], 8, 64, 32],
      ['dense1/bias', [2], 2, 96, 8],
    ]);
    assert.equal(m.params.byteLength, 104);
    assert.equal(fs.statSync(path.join(dir, 'params.bin')).size, 104);
    assert.equal(m.format, 'sharpness-lab/checkpoint');
    assert.equal(m.version, 1);
    disposeParams(params);
  });

  it('keeps tuner and trainer state exactly, including NaN and ±Infinity', async () => {
    const dir = path.join(root, 'state', 'checkpoint');
    const params = makeParams(3);
    const state = { tuner: { eta: 0.1 + 0.2, best: Infinity, last: NaN, low: -Infinity, trials: [1, 2] }, trainer: { batch: 7 } };
    await saveCheckpoint(dir, { params, spec: SPEC, objective: OBJECTIVE, data: DATA, step: 9, state });
    const loaded = await loadCheckpoint(dir);
    assert.deepEqual(loaded.state, state);
    disposeParams(params);
    disposeParams(loaded.params);
  });

  it('keeps named float64 vectors bit-exactly, in order, in vectors.bin', async () => {
    const dir = path.join(root, 'vectors', 'checkpoint');
    const params = makeParams(8);
    const v0 = Float64Array.from([Math.PI, -0, 5e-324, Number.MAX_VALUE, NaN]);
    const v1 = Float64Array.from({ length: 3 }, (_, i) => 1 / (i + 3));
    await saveCheckpoint(dir, { params, spec: SPEC, objective: OBJECTIVE, data: DATA, step: 1, vectors: { 'warmStart/0': v0, 'warmStart/1': v1 } });
    const loaded = await loadCheckpoint(dir);
    assert.deepEqual(Object.keys(loaded.vectors), ['warmStart/0', 'warmStart/1']);
    assert.ok(Buffer.from(loaded.vectors['warmStart/0'].buffer).equals(Buffer.from(v0.buffer)));
    assert.ok(Buffer.from(loaded.vectors['warmStart/1'].buffer).equals(Buffer.from(v1.buffer)));
    const m = loaded.manifest.vectors;
    assert.deepEqual(m?.entries.map((e) => [e.name, e.length, e.byteOffset, e.byteLength]), [['warmStart/0', 5, 0, 40], ['warmStart/1', 3, 40, 24]]);
    const bin = fs.readFileSync(path.join(dir, 'vectors.bin'));
    assert.equal(bin.readDoubleLE(40 + 8), 1 / 4);
    [params, loaded.params].forEach(disposeParams);
  });

  it('writes no vectors.bin when there are no vectors', async () => {
    const dir = path.join(root, 'no-vectors', 'checkpoint');
    const params = makeParams(9);
    await saveCheckpoint(dir, { params, spec: SPEC, objective: OBJECTIVE, data: DATA, step: 1, vectors: {} });
    assert.deepEqual(fs.readdirSync(dir).sort(), ['checkpoint.json', 'checkpoint.sha256', 'params.bin']);
    assert.deepEqual((await loadCheckpoint(dir)).vectors, {});
    disposeParams(params);
  });

  it('replaces an existing checkpoint and leaves no temp or old folders behind', async () => {
    const dir = path.join(root, 'replace', 'checkpoint');
    const a = makeParams(4);
    const b = makeParams(5);
    await saveCheckpoint(dir, { params: a, spec: SPEC, objective: OBJECTIVE, data: DATA, step: 1 });
    await saveCheckpoint(dir, { params: b, spec: SPEC, objective: OBJECTIVE, data: DATA, step: 2 });
    const loaded = await loadCheckpoint(dir);
    assert.equal(loaded.step, 2);
    assert.ok(bytesOf(loaded.params)[0].equals(bytesOf(b)[0]));
    assert.deepEqual(fs.readdirSync(path.dirname(dir)), ['checkpoint']);
    [a, b, loaded.params].forEach(disposeParams);
  });

  it('still loads the previous checkpoint when the writer died between its two renames', async () => {
    const dir = path.join(root, 'mid-swap', 'checkpoint');
    const a = makeParams(6);
    await saveCheckpoint(dir, { params: a, spec: SPEC, objective: OBJECTIVE, data: DATA, step: 10 });
    // The state after rename(dir → .old) with the new folder still a temp of a dead writer.
    fs.renameSync(dir, oldSibling(dir));
    const deadTemp = path.join(path.dirname(dir), '.checkpoint.tmp-999999999-1');
    fs.mkdirSync(deadTemp);
    fs.writeFileSync(path.join(deadTemp, 'params.bin'), Buffer.alloc(7));
    const seen = await loadCheckpoint(dir);
    assert.equal(seen.step, 10);
    const b = makeParams(7);
    await saveCheckpoint(dir, { params: b, spec: SPEC, objective: OBJECTIVE, data: DATA, step: 20 });
    assert.equal((await loadCheckpoint(dir)).step, 20);
    assert.deepEqual(fs.readdirSync(path.dirname(dir)), ['checkpoint']);
    [a, b, seen.params].forEach(disposeParams);
  });

  it('rejects int32 tensors and duplicate names', async () => {
    const dir = path.join(root, 'reject', 'checkpoint');
    const ints = [{ name: 'w', value: tf.tensor([1, 2], [2], 'int32') }];
    await assert.rejects(saveCheckpoint(dir, { params: ints, spec: SPEC, objective: OBJECTIVE, data: DATA, step: 0 }), /float32 only/);
    const dup = [{ name: 'w', value: tf.zeros([1]) }, { name: 'w', value: tf.zeros([1]) }];
    await assert.rejects(saveCheckpoint(dir, { params: dup, spec: SPEC, objective: OBJECTIVE, data: DATA, step: 0 }), /duplicate/);
    assert.equal(fs.existsSync(dir), false);
  });
});
