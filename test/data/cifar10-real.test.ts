/**
 * Checks on the real CIFAR-10 files; runs when the usual lookup ($CIFAR10_DIR, else data/cifar10,
 * which `npm run setup` links to where the data is) finds the five training batches, skips with a
 * message otherwise, and fails under CI, where the data must be found.
 */
import { before, describe, it, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { initBackend } from '../../src/backend/select-backend';
import { summarizeCifar10 } from '../../src/data/cifar10-summary';
import { loadCifar10 } from '../../src/data/cifar10-load';
import { resolveCifar10Dir } from '../../src/data/cifar10-dir';
import { disposeDataset } from '../../src/data/dataset';
import { CIFAR10_TRAIN_FILES } from '../../src/data/cifar10-format';
import { skipUnlessCi } from '../helpers/skip-unless-ci';

function realDataDir(): string | undefined {
  try {
    const { dir } = resolveCifar10Dir();
    return CIFAR10_TRAIN_FILES.every((f) => fs.existsSync(path.join(dir, f))) ? dir : undefined;
  } catch {
    return undefined;
  }
}

const dir = realDataDir();
const skip = dir ? false : 'no data_batch_1..5.bin found ($CIFAR10_DIR, else data/cifar10/): run npm run setup with CIFAR10_DIR set, or put the batches in data/cifar10/';

test('the real CIFAR-10 training set is found (under CI it must be)', (t) => {
  if (skip) return skipUnlessCi(t, skip);
});

describe('the real CIFAR-10 training set', { skip }, () => {
  before(async () => { await initBackend(); });

  it('has 5 verified batches, 50000 records, 5000 per class and the known channel mean/std', async () => {
    const s = await summarizeCifar10(dir as string);
    for (const f of CIFAR10_TRAIN_FILES) assert.equal(s.files.find((r) => r.file === f)?.status, 'verified', f);
    assert.equal(s.train.records, 50000);
    assert.deepEqual(s.train.classCounts, new Array(10).fill(5000));
    const expectedMean = [0.4914, 0.4822, 0.4465];
    const expectedStd = [0.2470, 0.2435, 0.2616];
    for (let c = 0; c < 3; c++) {
      assert.ok(Math.abs((s.trainStats?.mean[c] ?? NaN) - expectedMean[c]) < 1e-3, `mean[${c}]`);
      assert.ok(Math.abs((s.trainStats?.std[c] ?? NaN) - expectedStd[c]) < 1e-3, `std[${c}]`);
    }
    assert.ok(s.usable);
  });

  it('loads the first 5000 images with the official first labels and train-stats standardisation', async () => {
    const data = await loadCifar10({ dir, split: 'train', subset: { n: 5000, rule: 'first' }, layout: 'flat' });
    assert.deepEqual(data.x.shape, [5000, 3072]);
    assert.deepEqual([...(data.labels ?? []).slice(0, 10)], [6, 9, 9, 4, 1, 1, 2, 7, 8, 3]);
    const norm = data.description.normalization as { mean: number[]; over: string };
    assert.ok(Math.abs(norm.mean[0] - 0.4914) < 1e-3);
    assert.match(norm.over, /50000 images/);
    disposeDataset(data);
  });
});
