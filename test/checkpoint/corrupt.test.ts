import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs-core';
import { CheckpointError } from '../../src/checkpoint/checkpoint-error';
import { loadCheckpoint } from '../../src/checkpoint/load-checkpoint';
import { saveCheckpoint } from '../../src/checkpoint/save-checkpoint';
import { disposeParams } from '../../src/model/params';
import { cleanup, DATA, makeParams, OBJECTIVE, SPEC, tempDir, useCpu } from './helpers';

describe('loadCheckpoint on broken checkpoints', () => {
  let root: string;
  let n = 0;
  before(async () => { await useCpu(); root = tempDir(); });
  after(() => cleanup(root));

  async function fresh(): Promise<string> {
    const dir = path.join(root, `c${n++}`);
    const params = makeParams(n);
    await saveCheckpoint(dir, { params, spec: SPEC, objective: OBJECTIVE, data: DATA, step: 5 });
    disposeParams(params);
    return dir;
  }

  function editManifest(dir: string, edit: (m: any) => void): void {
    const file = path.join(dir, 'checkpoint.json');
    const m = JSON.parse(fs.readFileSync(file, 'utf8'));
    edit(m);
    fs.writeFileSync(file, JSON.stringify(m));
  }

  async function failsWith(dir: string, file: string, message: RegExp, like?: ReturnType<typeof makeParams>): Promise<void> {
    await assert.rejects(loadCheckpoint(dir, { like }), (err: unknown) => {
      assert.ok(err instanceof CheckpointError, String(err));
      assert.equal(err.file, path.join(dir, file));
      assert.match(err.message, message);
      assert.ok(err.message.includes(path.join(dir, file)), 'the message names the file');
      return true;
    });
  }

  it('a truncated params.bin fails naming params.bin and both sizes', async () => {
    const dir = await fresh();
    fs.truncateSync(path.join(dir, 'params.bin'), 50);
    await failsWith(dir, 'params.bin', /is 50 bytes but checkpoint\.json expects 104 \(truncated/);
  });

  it('a flipped byte in params.bin fails the sha256 check', async () => {
    const dir = await fresh();
    const file = path.join(dir, 'params.bin');
    const bytes = fs.readFileSync(file);
    bytes[10] ^= 0xff;
    fs.writeFileSync(file, bytes);
    await failsWith(dir, 'params.bin', /sha256 does not match/);
  });

  it('a manifest shape that disagrees with the tensor size fails naming the tensor', async () => {
    const dir = await fresh();
    editManifest(dir, (m) => { m.params.tensors[2].shape = [2, 4, 2]; });
    await failsWith(dir, 'checkpoint.json', /'dense1\/kernel'.*size 8 does not match shape \[2,4,2\]/);
  });

  it('offsets that are not packed in order are rejected', async () => {
    const dir = await fresh();
    editManifest(dir, (m) => { m.params.tensors[1].byteOffset = 52; });
    await failsWith(dir, 'checkpoint.json', /byteOffset 52 should be 48/);
  });

  it('a model with other shapes is refused when `like` is given', async () => {
    const dir = await fresh();
    const other = [...makeParams(0)];
    other[2] = { name: 'dense1/kernel', value: tf.zeros([4, 3]) };
    await failsWith(dir, 'checkpoint.json', /'dense1\/kernel' has shape \[4,2\] but the model expects \[4,3\]/, other);
    const renamed = makeParams(0).map((p, i) => (i === 0 ? { name: 'conv0/kernel', value: p.value } : p));
    await failsWith(dir, 'checkpoint.json', /tensor 0 is 'dense0\/kernel' but the model expects 'conv0\/kernel'/, renamed);
  });

  it('missing, non-JSON and wrong-version manifests fail clearly', async () => {
    const missing = path.join(root, 'nothing-here');
    await failsWith(missing, 'checkpoint.json', /no checkpoint here/);
    const a = await fresh();
    fs.writeFileSync(path.join(a, 'checkpoint.json'), '{"format": "sharpness-lab/che');
    await failsWith(a, 'checkpoint.json', /not valid JSON/);
    const b = await fresh();
    editManifest(b, (m) => { m.version = 2; });
    await failsWith(b, 'checkpoint.json', /version is 2; this code reads version 1/);
    const c = await fresh();
    fs.rmSync(path.join(c, 'params.bin'));
    await failsWith(c, 'params.bin', /is missing/);
  });

  it('a truncated vectors.bin fails naming vectors.bin', async () => {
    const dir = path.join(root, 'with-vectors');
    const params = makeParams(3);
    await saveCheckpoint(dir, { params, spec: SPEC, objective: OBJECTIVE, data: DATA, step: 1, vectors: { v: new Float64Array(4) } });
    disposeParams(params);
    fs.truncateSync(path.join(dir, 'vectors.bin'), 31);
    await failsWith(dir, 'vectors.bin', /is 31 bytes but checkpoint\.json expects 32/);
  });

  it('an unknown loss in the manifest is rejected', async () => {
    const dir = await fresh();
    editManifest(dir, (m) => { m.objective.loss = 'hinge'; });
    await failsWith(dir, 'checkpoint.json', /objective\.loss is "hinge"/);
  });

  it('an edit that keeps the manifest valid (tanh → relu) is rejected by its checksum, naming checkpoint.json', async () => {
    const dir = await fresh();
    const file = path.join(dir, 'checkpoint.json');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('"activation": "tanh"', '"activation": "relu"'));
    await failsWith(dir, 'checkpoint.json', /does not match its sha256 in checkpoint\.sha256: it was edited after the checkpoint was saved/);
  });

  it('checkpoint.sha256 is sha256sum output: the tool verifies it, and a missing one says how to write it', async (t) => {
    const dir = await fresh();
    const sums = spawnSync('sha256sum', ['-c', 'checkpoint.sha256'], { cwd: dir, encoding: 'utf8' });
    if (sums.error) t.diagnostic('sha256sum not installed: format checked by the reader only');
    else assert.equal(sums.stdout.trim(), 'checkpoint.json: OK');
    fs.rmSync(path.join(dir, 'checkpoint.sha256'));
    await failsWith(dir, 'checkpoint.sha256', /is missing, so checkpoint\.json is unprotected; .*sha256sum checkpoint\.json > checkpoint\.sha256/);
    fs.writeFileSync(path.join(dir, 'checkpoint.sha256'), 'not a checksum\n');
    await failsWith(dir, 'checkpoint.sha256', /sha256sum format/);
  });
});
