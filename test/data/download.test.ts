import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import { initBackend } from '../../src/backend/select-backend';
import { downloadCifar10 } from '../../src/data/cifar10-download';
import { downloadFile } from '../../src/data/download';
import { loadCifar10 } from '../../src/data/cifar10-load';
import { md5Hex } from '../../src/data/md5';
import { DataError } from '../../src/data/data-error';
import { disposeDataset } from '../../src/data/dataset';
import { formatProgress } from '../../src/data/progress-bar';
import { batchBytes, labelOf, tempDir } from './helpers/cifar-fixture';
import { writeTar } from './helpers/tar-writer';
import { closedPort, serveRoutes, TestServer } from './helpers/http-server';

// A tiny "official" tarball: 5 training batches of 4 records, a test batch of 6, and the meta file.
const members = [
  ...[1, 2, 3, 4, 5].map((b) => ({ name: `cifar-10-batches-bin/data_batch_${b}.bin`, data: batchBytes((b - 1) * 4, 4) })),
  { name: 'cifar-10-batches-bin/test_batch.bin', data: batchBytes(500, 6) },
  { name: 'cifar-10-batches-bin/batches.meta.txt', data: Buffer.from('airplane\nautomobile\n') },
];
const tarball = zlib.gzipSync(writeTar([{ name: 'cifar-10-batches-bin/', type: '5' }, ...members]));
const tarballMd5 = md5Hex(tarball);
const memberMd5 = Object.fromEntries(members.map((m) => [path.basename(m.name), md5Hex(m.data)]));

let server: TestServer;
const dirs: string[] = [];
const fresh = (): string => { const d = tempDir('download-test-'); dirs.push(d); return d; };
const progressSink = () => { const sink = { text: '', write: (t: string) => (sink.text += t) }; return sink; };

describe('downloading CIFAR-10', () => {
  before(async () => {
    await initBackend();
    server = await serveRoutes({
      '/cifar-10-binary.tar.gz': { body: tarball },
      '/mirror/latest': { redirect: '/cifar-10-binary.tar.gz' },
      '/gone.tar.gz': { status: 404 },
    });
  });
  after(async () => {
    await server.close();
    dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true }));
  });

  it('follows a redirect, verifies the tarball md5, extracts the batches and removes the archive', async () => {
    const dir = fresh();
    const sink = progressSink();
    const result = await downloadCifar10({ dir, url: `${server.baseUrl}/mirror/latest`, md5: tarballMd5, progress: sink });
    assert.deepEqual(server.requests.slice(-2), ['/mirror/latest', '/cifar-10-binary.tar.gz']);
    assert.equal(result.md5, tarballMd5);
    assert.equal(result.dir, path.join(dir, 'cifar-10-batches-bin'));
    for (const m of members) assert.ok(fs.readFileSync(path.join(dir, m.name)).equals(m.data), m.name);
    assert.deepEqual(fs.readdirSync(dir), ['cifar-10-batches-bin'], 'archive and temp files are gone');
    assert.match(sink.text, /100\.0%/);
    assert.match(sink.text, /MB\/s/);
    const data = await loadCifar10({ dir, expectedMd5: memberMd5, split: 'train', layout: 'flat', normalize: 'none' });
    assert.equal(data.n, 20);
    assert.deepEqual([...(data.labels ?? [])], Array.from({ length: 20 }, (_, i) => labelOf(i)));
    disposeDataset(data);
  });

  it('takes the URL from CIFAR10_URL when no option is given', async () => {
    const dir = fresh();
    process.env.CIFAR10_URL = `${server.baseUrl}/cifar-10-binary.tar.gz`;
    try {
      const result = await downloadCifar10({ dir, md5: tarballMd5, progress: null });
      assert.equal(result.url, process.env.CIFAR10_URL);
    } finally {
      delete process.env.CIFAR10_URL;
    }
  });

  it('rejects a tarball whose md5 is wrong and leaves nothing behind', async () => {
    const dir = fresh();
    await assert.rejects(
      downloadCifar10({ dir, url: `${server.baseUrl}/cifar-10-binary.tar.gz`, md5: '0'.repeat(32), progress: null }),
      (err: Error) => err instanceof DataError && new RegExp(`md5 ${tarballMd5}, expected 0{32}`).test(err.message));
    assert.deepEqual(fs.readdirSync(dir), []);
  });

  it('says "no network" with where to put the files when the host is unreachable', async () => {
    const dir = fresh();
    const url = `http://127.0.0.1:${await closedPort()}/cifar-10-binary.tar.gz`;
    await assert.rejects(downloadCifar10({ dir, url, progress: null }), (err: Error) =>
      err instanceof DataError && /^no network: cannot reach .*ECONNREFUSED.*; put the files in .* or set CIFAR10_DIR$/.test(err.message));
  });

  it('reports an HTTP error status and writes no file', async () => {
    const dest = path.join(fresh(), 'x.tar.gz');
    await assert.rejects(downloadFile(`${server.baseUrl}/gone.tar.gz`, dest, { progress: null }), /HTTP 404/);
    assert.equal(fs.existsSync(dest), false);
  });

  it('formats progress as bar, percent, bytes and rate', () => {
    assert.equal(formatProgress('f.tgz', 5e6, 1e7, 2), 'f.tgz [##########..........]  50.0%  5.0/10.0 MB  2.5 MB/s');
    assert.equal(formatProgress('f.tgz', 3e6, undefined, 1), 'f.tgz  3.0 MB  3.0 MB/s');
  });
});
