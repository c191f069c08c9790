import { after, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { extractTar, readTar } from '../../src/data/tar-reader';
import { DataError } from '../../src/data/data-error';
import { tempDir } from './helpers/cifar-fixture';
import { writeTar } from './helpers/tar-writer';

const dirs: string[] = [];
const fresh = (): string => { const d = tempDir('tar-test-'); dirs.push(d); return d; };
const bytes = (n: number, seed: number): Buffer => Buffer.from(Array.from({ length: n }, (_, i) => (i * seed + 7) % 256));

describe('tar reader', () => {
  after(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  it('reads regular files with their exact bytes, including sizes that are not multiples of 512', () => {
    const a = bytes(3073 * 2, 13);
    const b = bytes(0, 1);
    const files = readTar(writeTar([{ name: 'dir/', type: '5' }, { name: 'dir/a.bin', data: a }, { name: 'dir/empty', data: b }]));
    assert.deepEqual(files.map((f) => f.name), ['dir/a.bin', 'dir/empty']);
    assert.ok(Buffer.from(files[0].data).equals(a));
    assert.equal(files[1].data.length, 0);
  });

  it('joins the ustar prefix field for long paths', () => {
    const long = `${'p'.repeat(60)}/${'q'.repeat(60)}/file.bin`;
    assert.deepEqual(readTar(writeTar([{ name: long, data: bytes(10, 3) }])).map((f) => f.name), [long]);
  });

  it('extracts regular files under the destination and skips symlinks', () => {
    const dest = fresh();
    const data = bytes(5000, 31);
    const written = extractTar(writeTar([
      { name: 'cifar-10-batches-bin/data_batch_1.bin', data },
      { name: 'cifar-10-batches-bin/link', type: '2', linkName: '/etc/passwd' },
    ]), dest);
    assert.deepEqual(written, ['cifar-10-batches-bin/data_batch_1.bin']);
    assert.ok(fs.readFileSync(path.join(dest, 'cifar-10-batches-bin', 'data_batch_1.bin')).equals(data));
    assert.equal(fs.existsSync(path.join(dest, 'cifar-10-batches-bin', 'link')), false);
    assert.deepEqual(fs.readdirSync(path.join(dest, 'cifar-10-batches-bin')), ['data_batch_1.bin'], 'no temp files left');
  });

  it('rejects path traversal and absolute paths before writing anything', () => {
    for (const evil of ['../escape.txt', 'ok/../../escape.txt', '/tmp/absolute.txt']) {
      const dest = fresh();
      const tar = writeTar([{ name: 'good.txt', data: bytes(4, 1) }, { name: evil, data: bytes(4, 2) }]);
      assert.throws(() => extractTar(tar, dest), (err: Error) => err instanceof DataError && /would be written outside/.test(err.message));
      assert.deepEqual(fs.readdirSync(dest), [], `nothing extracted for ${evil}`);
    }
  });

  it('detects a corrupted header and a truncated archive', () => {
    const tar = writeTar([{ name: 'a.bin', data: bytes(2000, 5) }]);
    const corrupt = Buffer.from(tar);
    corrupt[10] ^= 0xff;
    assert.throws(() => readTar(corrupt, 'x.tar'), /x\.tar has a corrupt tar header at byte 0/);
    assert.throws(() => readTar(tar.subarray(0, 1024), 'x.tar'), /x\.tar is truncated/);
  });
});
