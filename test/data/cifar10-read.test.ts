import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { initBackend } from '../../src/backend/select-backend';
import { loadCifar10 } from '../../src/data/cifar10-load';
import { resolveCifar10Dir, cifar10DirRequest } from '../../src/data/cifar10-dir';
import { readCifar10Batch } from '../../src/data/cifar10-batch';
import { findProjectRoot } from '../../src/util/project-root';
import { disposeDataset } from '../../src/data/dataset';
import { labelOf, pixelValue, tempDir, writeCifarFixture } from './helpers/cifar-fixture';

const fixture = writeCifarFixture({ perBatch: 20, testRecords: 30 });
const noStats = { dir: fixture.dir, normalize: 'none' as const, expectedMd5: fixture.md5 };

describe('reading CIFAR-10 binary batches', () => {
  before(async () => { await initBackend(); });
  after(() => fs.rmSync(fixture.dir, { recursive: true, force: true }));

  it('reads labels and record counts of one batch file', async () => {
    const batch = await readCifar10Batch(path.join(fixture.dir, 'data_batch_2.bin'), { expectedMd5: fixture.md5 });
    assert.equal(batch.records, 20);
    assert.deepEqual([...batch.labels], Array.from({ length: 20 }, (_, r) => labelOf(20 + r)));
    assert.equal(batch.md5Status, 'verified');
  });

  it('reads a batch once per process, and again when the file changes or a checksum is asked for', async () => {
    const dir = tempDir();
    try {
      const fx = writeCifarFixture({ perBatch: 20, testRecords: 30, dir });
      const file = path.join(dir, 'data_batch_1.bin');
      const first = await readCifar10Batch(file, { verifyMd5: false });
      assert.equal(await readCifar10Batch(file, { verifyMd5: false }), first); // the same checked object
      const verified = await readCifar10Batch(file, { expectedMd5: fx.md5 });
      assert.notEqual(verified, first);
      assert.equal(verified.md5Status, 'verified');
      const bytes = fs.readFileSync(file);
      bytes[0] = 12; // the first record's label: out of 0..9
      fs.writeFileSync(file, bytes);
      fs.utimesSync(file, new Date(), new Date(Date.now() + 5000)); // a new modification time even on a coarse clock
      await assert.rejects(readCifar10Batch(file, { verifyMd5: false }), /label 12/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('puts the pixel of plane c, row h, column w at [i, h, w, c] in NHWC and at (h*32+w)*3+c in flat', async () => {
    const nhwc = await loadCifar10({ ...noStats, split: 'train', layout: 'nhwc' });
    const flat = await loadCifar10({ ...noStats, split: 'train', layout: 'flat' });
    assert.deepEqual(nhwc.x.shape, [100, 32, 32, 3]);
    assert.deepEqual(flat.x.shape, [100, 3072]);
    const xs = nhwc.x.dataSync();
    const xf = flat.x.dataSync();
    for (const [i, h, w, c] of [[0, 0, 0, 0], [0, 31, 0, 1], [57, 5, 30, 2], [99, 31, 31, 2], [41, 17, 3, 0]]) {
      const expected = pixelValue(i, h, w, c) / 255;
      assert.ok(Math.abs(xs[((i * 32 + h) * 32 + w) * 3 + c] - expected) < 1e-7, `nhwc [${i},${h},${w},${c}]`);
      assert.ok(Math.abs(xf[i * 3072 + (h * 32 + w) * 3 + c] - expected) < 1e-7, `flat [${i},${h},${w},${c}]`);
    }
    assert.deepEqual(xs, xf); // flat is exactly the NHWC image flattened
    disposeDataset(nhwc);
    disposeDataset(flat);
  });

  it('concatenates the five training batches in order with one-hot targets that match the labels', async () => {
    const data = await loadCifar10({ ...noStats, split: 'train', layout: 'flat' });
    assert.equal(data.n, 100);
    assert.deepEqual([...(data.labels ?? [])], Array.from({ length: 100 }, (_, i) => labelOf(i)));
    const y = await data.y.array();
    y.forEach((row, i) => {
      assert.equal(row.reduce((s, v) => s + v, 0), 1);
      assert.equal(row[labelOf(i)], 1);
    });
    assert.equal(data.y.dtype, 'float32');
    assert.equal(data.x.dtype, 'float32');
    disposeDataset(data);
  });

  it('reads the test split from test_batch.bin', async () => {
    const data = await loadCifar10({ ...noStats, split: 'test', layout: 'flat' });
    assert.equal(data.n, 30);
    assert.equal(data.labels?.[3], labelOf(100003));
    assert.ok(Math.abs(data.x.dataSync()[2 * 3072 + 1] - pixelValue(100002, 0, 0, 1) / 255) < 1e-7);
    assert.equal(data.description.split, 'test');
    disposeDataset(data);
  });

  it('falls back to the 1000-image test prefix with a note saying it is partial and unverified', async () => {
    const f = writeCifarFixture({ testFile: 'test_batch_first1000.bin', testRecords: 12 });
    const { ['test_batch_first1000.bin']: _prefix, ...trainMd5 } = f.md5; // no published md5 for the prefix
    const data = await loadCifar10({ dir: f.dir, expectedMd5: trainMd5, split: 'test', layout: 'flat', normalize: 'none' });
    assert.equal(data.n, 12);
    const notes = data.description.notes as string[];
    assert.match(notes.join(' '), /test_batch_first1000\.bin.*unverified/);
    assert.deepEqual(data.description.filesRead, [{ file: 'test_batch_first1000.bin', records: 12, md5: 'partial' }]);
    disposeDataset(data);
    fs.rmSync(f.dir, { recursive: true, force: true });
  });

  it('accepts a folder that holds the extracted cifar-10-batches-bin subfolder', () => {
    const outer = tempDir();
    const inner = path.join(outer, 'cifar-10-batches-bin');
    fs.mkdirSync(inner);
    writeCifarFixture({ dir: inner, perBatch: 1 });
    assert.equal(resolveCifar10Dir(outer).dir, inner);
    fs.rmSync(outer, { recursive: true, force: true });
  });

  it('takes the folder from CIFAR10_DIR when no option is given, else data/cifar10 under the project root', () => {
    const saved = process.env.CIFAR10_DIR;
    try {
      process.env.CIFAR10_DIR = fixture.dir;
      assert.deepEqual(cifar10DirRequest(), { dir: fixture.dir, source: 'env' });
      delete process.env.CIFAR10_DIR;
      const root = findProjectRoot();
      assert.equal(JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).name, 'sharpness-lab');
      assert.deepEqual(cifar10DirRequest(), { dir: path.join(root, 'data', 'cifar10'), source: 'default' });
      // the root comes from the module location, not the working directory
      const cwd = process.cwd();
      process.chdir(fixture.dir);
      try { assert.equal(findProjectRoot(), root); } finally { process.chdir(cwd); }
    } finally {
      if (saved === undefined) delete process.env.CIFAR10_DIR; else process.env.CIFAR10_DIR = saved;
    }
  });

  it('records source folder, files, subset rule, normalisation and split in the description', async () => {
    const data = await loadCifar10({ ...noStats, normalize: 'train-stats', split: 'train', subset: { n: 30, rule: 'first' }, layout: 'nhwc' });
    const d = data.description as Record<string, any>;
    assert.equal(d.sourceDir, fixture.dir);
    assert.equal(d.split, 'train');
    assert.deepEqual(d.subset, { rule: 'first', n: 30 });
    assert.deepEqual(d.filesRead.map((f: { file: string }) => f.file), ['data_batch_1.bin', 'data_batch_2.bin']);
    assert.equal(d.normalization.mode, 'train-stats');
    assert.equal(d.normalization.mean.length, 3);
    disposeDataset(data);
  });
});
