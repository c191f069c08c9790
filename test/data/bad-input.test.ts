import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { initBackend } from '../../src/backend/select-backend';
import { loadCifar10 } from '../../src/data/cifar10-load';
import { DataError } from '../../src/data/data-error';
import { disposeDataset } from '../../src/data/dataset';
import { tempDir, writeCifarFixture } from './helpers/cifar-fixture';

/** An assert.rejects matcher: a one-line DataError whose message matches every pattern. */
function dataError(...patterns: RegExp[]) {
  return (err: unknown): boolean => {
    assert.ok(err instanceof DataError, `expected a DataError, got ${String(err)}`);
    assert.ok(!err.message.includes('\n'), 'the message is one line');
    for (const p of patterns) assert.match(err.message, p);
    return true;
  };
}

const dirs: string[] = [];
function fixture(options?: Parameters<typeof writeCifarFixture>[0]) {
  const f = writeCifarFixture(options);
  dirs.push(f.dir);
  return f;
}

describe('bad input gives a one-line DataError naming the file and the fix', () => {
  before(async () => { await initBackend(); });
  after(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  it('a missing folder names the folder and how to provide the data', async () => {
    const parent = tempDir();
    dirs.push(parent);
    const missing = path.join(parent, 'nope');
    await assert.rejects(loadCifar10({ dir: missing, split: 'train', layout: 'flat' }),
      dataError(new RegExp(`${missing} .*does not exist`), /CIFAR10_DIR/, /--download/));
  });

  it('a truncated file names the file, its size and the record size', async () => {
    const f = fixture();
    const file = path.join(f.dir, 'data_batch_3.bin');
    fs.truncateSync(file, 3073 * 20 - 100);
    await assert.rejects(loadCifar10({ dir: f.dir, expectedMd5: f.md5, split: 'train', layout: 'flat' }),
      dataError(/data_batch_3\.bin/, /61360 bytes, not a positive multiple of 3073/, /re-download/));
  });

  it('a label above 9 names the file and the record index', async () => {
    const f = fixture();
    const file = path.join(f.dir, 'data_batch_2.bin');
    const bytes = fs.readFileSync(file);
    bytes[7 * 3073] = 12;
    fs.writeFileSync(file, bytes);
    await assert.rejects(loadCifar10({ dir: f.dir, verifyMd5: false, split: 'train', layout: 'flat' }),
      dataError(/data_batch_2\.bin/, /record 7 .*has label 12/, /labels are 0\.\.9/));
  });

  it('an md5 mismatch is an error that names the file, both sums and the opt-out', async () => {
    const f = fixture();
    const wrong = { ...f.md5, 'data_batch_4.bin': '0'.repeat(32) };
    await assert.rejects(loadCifar10({ dir: f.dir, expectedMd5: wrong, split: 'train', layout: 'flat' }),
      dataError(/data_batch_4\.bin/, new RegExp(`md5 ${f.md5['data_batch_4.bin']}, expected 0{32}`), /CIFAR10_SKIP_MD5=1/));
  });

  it('the official md5 sums reject files that are not the official ones by default', async () => {
    const f = fixture();
    await assert.rejects(loadCifar10({ dir: f.dir, split: 'train', layout: 'flat' }),
      dataError(/data_batch_1\.bin/, /expected 5dd7e06a14cb22eb9f671a540d1b7c25/));
  });

  it('verifyMd5: false and CIFAR10_SKIP_MD5=1 both accept a mismatched file and record that md5 was off', async () => {
    const f = fixture();
    const viaOption = await loadCifar10({ dir: f.dir, verifyMd5: false, split: 'train', layout: 'flat' });
    assert.equal(viaOption.n, 100);
    assert.equal(viaOption.description.md5Verification, 'off');
    disposeDataset(viaOption);
    process.env.CIFAR10_SKIP_MD5 = '1';
    try {
      const viaEnv = await loadCifar10({ dir: f.dir, split: 'train', layout: 'flat' });
      assert.equal((viaEnv.description.filesRead as { md5: string }[])[0].md5, 'unchecked');
      disposeDataset(viaEnv);
    } finally {
      delete process.env.CIFAR10_SKIP_MD5;
    }
  });

  it('a folder without a test batch loads the training split and refuses the test split with a clear note', async () => {
    const f = fixture({ testFile: null });
    const train = await loadCifar10({ dir: f.dir, expectedMd5: f.md5, split: 'train', layout: 'flat' });
    assert.equal(train.n, 100);
    disposeDataset(train);
    await assert.rejects(loadCifar10({ dir: f.dir, expectedMd5: f.md5, split: 'test', layout: 'flat', normalize: 'none' }),
      dataError(/no test batch \(test_batch\.bin\)/, /train-only experiments can use split 'train'/));
  });

  it('a folder with no training batch names the expected files', async () => {
    const empty = tempDir();
    dirs.push(empty);
    await assert.rejects(loadCifar10({ dir: empty, split: 'train', layout: 'flat' }),
      dataError(/no training batch \(data_batch_1\.bin … data_batch_5\.bin\)/));
  });

  it('a subset larger than the split is a DataError, not a TF.js crash', async () => {
    const f = fixture({ testRecords: 12 });
    await assert.rejects(loadCifar10({ dir: f.dir, expectedMd5: f.md5, split: 'test', subset: { n: 500, rule: 'first' }, layout: 'flat' }),
      dataError(/500 records was requested but the data has only 12/));
  });
});
