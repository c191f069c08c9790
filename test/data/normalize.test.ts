import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import { initBackend } from '../../src/backend/select-backend';
import { loadCifar10 } from '../../src/data/cifar10-load';
import { channelStats } from '../../src/data/channel-stats';
import { readSplit } from '../../src/data/cifar10-split';
import { disposeDataset } from '../../src/data/dataset';
import { pixelValue, writeCifarFixture } from './helpers/cifar-fixture';

const fixture = writeCifarFixture({ perBatch: 20 });
const base = { dir: fixture.dir, expectedMd5: fixture.md5, split: 'train' as const };

/** Per-channel mean/std (float64, population) of NHWC float32 values. */
function measured(x: Float32Array | Int32Array | Uint8Array): { mean: number[]; std: number[] } {
  const mean = [0, 1, 2].map((c) => { let s = 0, k = 0; for (let i = c; i < x.length; i += 3) { s += x[i]; k++; } return s / k; });
  const std = [0, 1, 2].map((c) => { let s = 0, k = 0; for (let i = c; i < x.length; i += 3) { s += (x[i] - mean[c]) ** 2; k++; } return Math.sqrt(s / k); });
  return { mean, std };
}

/** Oracle: naive per-pixel float64 statistics of records [0, n) from the fixture formula. */
function oracleStats(indices: number[]): { mean: number[]; std: number[] } {
  const values: number[][] = [[], [], []];
  for (const i of indices) for (let h = 0; h < 32; h++) for (let w = 0; w < 32; w++) for (let c = 0; c < 3; c++) values[c].push(pixelValue(i, h, w, c) / 255);
  const mean = values.map((v) => v.reduce((s, a) => s + a, 0) / v.length);
  const std = values.map((v, c) => Math.sqrt(v.reduce((s, a) => s + (a - mean[c]) ** 2, 0) / v.length));
  return { mean, std };
}

describe('per-channel standardisation', () => {
  before(async () => { await initBackend(); });
  after(() => fs.rmSync(fixture.dir, { recursive: true, force: true }));

  it('channel statistics match a naive float64 computation over all pixels', async () => {
    const train = await readSplit(fixture.dir, 'train', { expectedMd5: fixture.md5 });
    const oracle = oracleStats(Array.from({ length: 100 }, (_, i) => i));
    const stats = channelStats(train.batches);
    for (let c = 0; c < 3; c++) {
      assert.ok(Math.abs(stats.mean[c] - oracle.mean[c]) < 1e-12);
      assert.ok(Math.abs(stats.std[c] - oracle.std[c]) < 1e-12);
    }
    const some = [3, 17, 42, 99];
    const sub = channelStats(train.batches, some);
    assert.ok(Math.abs(sub.mean[2] - oracleStats(some).mean[2]) < 1e-12);
    assert.equal(sub.images, 4);
  });

  it('subset statistics give every channel of the subset mean 0 and std 1 to 1e-5', async () => {
    const data = await loadCifar10({ ...base, subset: { n: 40, rule: 'balanced', seed: 2 }, normalize: 'subset-stats', layout: 'nhwc' });
    const { mean, std } = measured(data.x.dataSync() as Float32Array);
    for (let c = 0; c < 3; c++) {
      assert.ok(Math.abs(mean[c]) < 1e-5, `mean[${c}] = ${mean[c]}`);
      assert.ok(Math.abs(std[c] - 1) < 1e-5, `std[${c}] = ${std[c]}`);
    }
    disposeDataset(data);
  });

  it('training-set statistics (the default) are those of all training records, applied to the subset', async () => {
    const data = await loadCifar10({ ...base, subset: { n: 10, rule: 'first' }, layout: 'flat' });
    const oracle = oracleStats(Array.from({ length: 100 }, (_, i) => i));
    const norm = data.description.normalization as { mode: string; mean: number[]; std: number[] };
    assert.equal(norm.mode, 'train-stats');
    const x = data.x.dataSync();
    for (const [i, h, w, c] of [[0, 0, 0, 0], [9, 20, 13, 2]]) {
      const expected = (pixelValue(i, h, w, c) / 255 - oracle.mean[c]) / oracle.std[c];
      assert.ok(Math.abs(x[i * 3072 + (h * 32 + w) * 3 + c] - expected) < 1e-5);
      assert.ok(Math.abs(norm.mean[c] - oracle.mean[c]) < 1e-12);
    }
    disposeDataset(data);
  });

  it('the test split is standardised with training statistics', async () => {
    const train = await loadCifar10({ ...base, subset: { n: 1, rule: 'first' }, layout: 'flat' });
    const test = await loadCifar10({ ...base, split: 'test', layout: 'flat' });
    assert.deepEqual(test.description.normalization, train.description.normalization);
    disposeDataset(train);
    disposeDataset(test);
  });

  it("'none' keeps pixel values in [0, 1]", async () => {
    const data = await loadCifar10({ ...base, normalize: 'none', layout: 'flat' });
    const x = data.x.dataSync();
    let lo = Infinity, hi = -Infinity;
    for (const v of x) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
    assert.equal(lo, 0);
    assert.equal(hi, 1);
    assert.deepEqual(data.description.normalization, { mode: 'none' });
    disposeDataset(data);
  });
});
