import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import { initBackend } from '../../src/backend/select-backend';
import { selectSubset } from '../../src/data/subset';
import { loadCifar10 } from '../../src/data/cifar10-load';
import { disposeDataset } from '../../src/data/dataset';
import { DataError } from '../../src/data/data-error';
import { labelOf, writeCifarFixture } from './helpers/cifar-fixture';

// 200 labels, 20 per class, in a scrambled but known order (i → 37i mod 200 is a bijection).
const labels = Uint8Array.from({ length: 200 }, (_, i) => labelOf((i * 37) % 200));

function classCounts(indices: Int32Array): number[] {
  const counts = new Array<number>(10).fill(0);
  for (const i of indices) counts[labels[i]]++;
  return counts;
}

describe('subsets', () => {
  it('first n keeps records 0..n-1 in order', () => {
    assert.deepEqual([...selectSubset(labels, { n: 7, rule: 'first' })], [0, 1, 2, 3, 4, 5, 6]);
  });

  it('no subset keeps every record', () => {
    assert.equal(selectSubset(labels, undefined).length, 200);
  });

  it('balanced keeps n/10 records of each class, without duplicates, in ascending order', () => {
    const idx = selectSubset(labels, { n: 50, rule: 'balanced', seed: 3 });
    assert.equal(idx.length, 50);
    assert.deepEqual(classCounts(idx), new Array(10).fill(5));
    assert.equal(new Set(idx).size, 50);
    for (let i = 1; i < idx.length; i++) assert.ok(idx[i] > idx[i - 1]);
  });

  it('balanced with the same seed picks the same indices and a different seed picks different ones', () => {
    const a = selectSubset(labels, { n: 50, rule: 'balanced', seed: 3 });
    const b = selectSubset(labels, { n: 50, rule: 'balanced', seed: 3 });
    const c = selectSubset(labels, { n: 50, rule: 'balanced', seed: 4 });
    assert.deepEqual(a, b);
    assert.notDeepEqual(a, c);
    assert.deepEqual(classCounts(c), new Array(10).fill(5));
  });

  it('balanced without a seed uses seed 0', () => {
    assert.deepEqual(selectSubset(labels, { n: 30, rule: 'balanced' }), selectSubset(labels, { n: 30, rule: 'balanced', seed: 0 }));
  });

  it('balanced with every record of each class returns all records', () => {
    assert.deepEqual([...selectSubset(labels, { n: 200, rule: 'balanced', seed: 9 })], Array.from({ length: 200 }, (_, i) => i));
  });

  it('rejects a balanced n not divisible by 10, a class with too few records and n beyond the data', () => {
    assert.throws(() => selectSubset(labels, { n: 55, rule: 'balanced' }), /divisible by 10/);
    const others = [0, 1, 2, 4, 5, 6, 7, 8, 9];
    const skewed = Uint8Array.from({ length: 100 }, (_, i) => (i < 5 ? 3 : others[i % 9])); // 5 cats, ≥ 10 of the rest
    assert.throws(() => selectSubset(skewed, { n: 100, rule: 'balanced' }, 10, ['a', 'b', 'c', 'cat']), (err: Error) =>
      err instanceof DataError && /cat has only \d+ records, fewer than the 10 per class/.test(err.message));
    assert.throws(() => selectSubset(labels, { n: 201, rule: 'first' }), /only 200/);
    assert.throws(() => selectSubset(labels, { n: 0, rule: 'first' }), /positive integer/);
  });
});

describe('loadCifar10 subsets', () => {
  const fixture = writeCifarFixture({ perBatch: 20 });
  before(async () => { await initBackend(); });
  after(() => fs.rmSync(fixture.dir, { recursive: true, force: true }));

  it('a balanced subset across batch files holds the records the indices name, and records its seed', async () => {
    const subset = { n: 30, rule: 'balanced' as const, seed: 11 };
    const data = await loadCifar10({ dir: fixture.dir, expectedMd5: fixture.md5, split: 'train', subset, layout: 'flat', normalize: 'none' });
    const allLabels = Uint8Array.from({ length: 100 }, (_, i) => labelOf(i));
    const idx = selectSubset(allLabels, subset);
    assert.deepEqual([...(data.labels ?? [])], [...idx].map((i) => allLabels[i]));
    assert.ok(idx[idx.length - 1] >= 40, 'the subset reaches past the first two batches');
    assert.deepEqual(data.description.subset, { rule: 'balanced', n: 30, perClass: 3, seed: 11 });
    disposeDataset(data);
  });
});
