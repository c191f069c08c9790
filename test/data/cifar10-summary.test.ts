import { after, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { summarizeCifar10 } from '../../src/data/cifar10-summary';
import { runDataCheck } from '../../src/cli/data-check';
import { tempDir, writeCifarFixture } from './helpers/cifar-fixture';
import { closedPort } from './helpers/http-server';

const dirs: string[] = [];
function fixture(options?: Parameters<typeof writeCifarFixture>[0]) {
  const f = writeCifarFixture(options);
  dirs.push(f.dir);
  return f;
}

/** Runs the CLI with collected output. */
async function check(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runDataCheck(argv, { out: { write: (t: string) => (out += t) }, err: { write: (t: string) => (err += t) } });
  return { code, out, err };
}

const statusOf = (files: readonly { file: string; status: string }[], name: string) => files.find((f) => f.file === name)?.status;

after(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

describe('md5 status reporting', () => {
  it('reports verified, mismatch, missing and partial files', async () => {
    const f = fixture({ testFile: 'test_batch_first1000.bin', testRecords: 10 });
    fs.rmSync(path.join(f.dir, 'data_batch_5.bin'));
    const expected = { ...f.md5, 'data_batch_2.bin': 'f'.repeat(32) };
    delete (expected as Record<string, string>)['test_batch_first1000.bin'];
    const s = await summarizeCifar10(f.dir, { expectedMd5: expected });
    assert.equal(statusOf(s.files, 'data_batch_1.bin'), 'verified');
    assert.equal(statusOf(s.files, 'data_batch_2.bin'), 'mismatch');
    assert.equal(statusOf(s.files, 'data_batch_5.bin'), 'missing');
    assert.equal(statusOf(s.files, 'test_batch.bin'), 'missing');
    assert.equal(statusOf(s.files, 'test_batch_first1000.bin'), 'partial');
    assert.equal(s.train.records, 80);
    assert.equal(s.test.records, 10);
    assert.equal(s.usable, false, 'a mismatched file makes the folder unusable');
    assert.match(s.notes.join('\n'), /training set incomplete: data_batch_5\.bin missing/);
  });

  it('reports a truncated file as corrupt with the reason, and unchecked files when md5 is off', async () => {
    const f = fixture();
    fs.truncateSync(path.join(f.dir, 'data_batch_1.bin'), 5000);
    const s = await summarizeCifar10(f.dir, { verifyMd5: false });
    const bad = s.files.find((r) => r.file === 'data_batch_1.bin');
    assert.equal(bad?.status, 'corrupt');
    assert.match(bad?.detail ?? '', /5000 bytes/);
    assert.equal(statusOf(s.files, 'data_batch_2.bin'), 'unchecked');
    assert.equal(s.usable, false);
  });

  it('counts classes and computes training statistics over the readable batches', async () => {
    const f = fixture();
    const s = await summarizeCifar10(f.dir, { expectedMd5: f.md5 });
    assert.deepEqual(s.train.classCounts, new Array(10).fill(10));
    assert.equal(s.trainStats?.images, 100);
    assert.equal(s.usable, true);
  });
});

describe('sharpness-lab data check', () => {
  it('prints per-file status, counts and 4-decimal statistics and exits 0 on a usable folder', async () => {
    const f = fixture({ testFile: null });
    process.env.CIFAR10_SKIP_MD5 = '1';
    try {
      const { code, out } = await check(['--dir', f.dir]);
      assert.equal(code, 0);
      assert.match(out, /data_batch_1\.bin +unchecked +20 records/);
      assert.match(out, /test_batch\.bin +missing/);
      assert.match(out, /training set: 100 records from 5 of 5 batches/);
      assert.match(out, /airplane 10, automobile 10/);
      assert.match(out, /per-channel mean \(R G B\): \d\.\d{4} \d\.\d{4} \d\.\d{4}\n/);
      assert.match(out, /note: no test batch: fine for train-only experiments/);
      assert.match(out, /status: usable/);
    } finally {
      delete process.env.CIFAR10_SKIP_MD5;
    }
  });

  it('exits 1 with mismatch lines when the files are not the official ones', async () => {
    const f = fixture();
    const { code, out } = await check([`--dir=${f.dir}`]);
    assert.equal(code, 1);
    assert.match(out, /data_batch_3\.bin +mismatch .*expected md5 942cd6a4bcdd0dd3c604fbe906cb4421/);
    assert.match(out, /status: NOT usable/);
  });

  it('exits 1 with a one-line error for a missing folder and 2 for unknown arguments', async () => {
    const parent = tempDir();
    dirs.push(parent);
    const missing = path.join(parent, 'absent');
    const r1 = await check(['--dir', missing]);
    assert.equal(r1.code, 1);
    assert.match(r1.err, /^error: CIFAR-10 folder .*absent.* does not exist.*\n$/);
    const r2 = await check(['--frobnicate']);
    assert.equal(r2.code, 2);
    assert.match(r2.err, /unknown argument '--frobnicate'/);
  });

  it('--download reports a failed download on stderr and exits 1', async () => {
    const dir = tempDir();
    dirs.push(dir);
    process.env.CIFAR10_URL = `http://127.0.0.1:${await closedPort()}/cifar-10-binary.tar.gz`;
    try {
      const { code, out, err } = await check(['--dir', dir, '--download']);
      assert.equal(code, 1);
      assert.match(err, /download failed: no network: cannot reach http:\/\/127\.0\.0\.1:\d+\/cifar-10-binary\.tar\.gz/);
      assert.match(out, /training set: 0 records from 0 of 5 batches[\s\S]*status: NOT usable/);
    } finally {
      delete process.env.CIFAR10_URL;
    }
  });
});
