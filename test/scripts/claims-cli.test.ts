/**
 * `npm run claims` end to end: smoke-scale runs trained into a temporary store are found by their
 * identity on this compute path (as runExperiment finds them), the claims that need them are evaluated, the rest are n/a, and the exit code is 0
 * (2 for a bad argument).
 */
import { cifar10DirRequest } from '../../src/data/cifar10-dir';
import { skipUnlessCi } from '../helpers/skip-unless-ci';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { initBackend } from '../../src/backend/select-backend';
import { claimRuns } from '../../src/experiments/figure-runs';
import { experimentScale } from '../../src/experiments/scale';
import { storedRuns } from '../../src/experiments/stored-runs';
import { runExperiment } from '../../src/train/run-experiment';

const ROOT = path.resolve(__dirname, '../..');
const store = fs.mkdtempSync(path.join(os.tmpdir(), 'claims-cli-'));
const smoke = experimentScale('smoke');
// The deterministic MLP runs: enough for C1–C4 and C9.
const trained = claimRuns(smoke).filter((c) => c.model.arch === 'mlp' && c.batchSize === 'full' && c.tuner.kind !== 'cdat');
let skip: string | undefined;

before(async () => {
  if (!fs.existsSync(path.join(cifar10DirRequest().dir, 'data_batch_1.bin'))) {
    skip = `CIFAR-10 not available (no data_batch_1.bin in ${cifar10DirRequest().dir}; set CIFAR10_DIR or run npm run setup with it set)`;
    return;
  }
  await initBackend();
  for (const c of trained) await runExperiment(c, { root: store });
});

after(() => fs.rmSync(store, { recursive: true, force: true }));

function claims(...args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts/claims.ts'), '--scale', 'smoke', '--runs', store, ...args],
    { cwd: ROOT, encoding: 'utf8' }); // the same compute path as the training above: runs are found by identity
}

test('the checker finds the stored runs by identity and reports every claim, exit code 0', async (t) => {
  if (skip) return skipUnlessCi(t, skip);
  const r = claims('--json');
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { runs: { wanted: number; found: number; missing: string[] }; claims: { id: string; pass: boolean | null; parts: unknown[] }[]; trainingSeconds: number };
  assert.equal(out.runs.found, trained.length);
  assert.equal(out.runs.wanted, claimRuns(smoke).length);
  assert.equal(out.runs.missing.length, out.runs.wanted - trained.length);
  assert.deepEqual(out.claims.map((c) => c.id), ['C1', 'C2', 'C3', 'C4', 'C5', 'C6', 'C8', 'C9', 'CDAT']);
  const byId = Object.fromEntries(out.claims.map((c) => [c.id, c]));
  for (const id of ['C1', 'C2', 'C4']) assert.notEqual(byId[id].pass, null, `${id} evaluated on the stored runs`);
  for (const id of ['C5', 'C6', 'CDAT']) assert.equal(byId[id].pass, null, `${id} needs runs that were not trained`);
  assert.ok(out.trainingSeconds >= 0);
  // The same rows as the library computes from the same store.
  assert.equal(storedRuns(claimRuns(smoke), await initBackend(), store).found.length, trained.length);
});

test('the table lists every claim with its threshold and the missing runs; a bad argument exits 2', (t) => {
  if (skip) return skipUnlessCi(t, skip);
  const r = claims();
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, new RegExp(`Claims at scale smoke: ${trained.length}/${claimRuns(smoke).length} runs in the store`));
  assert.match(r.stdout, /^C1 +(pass|FAIL) +full batch: Armijo ends above the best constant step$/m);
  assert.match(r.stdout, /threshold: final loss \/ best constant's > 1/);
  assert.match(r.stdout, /missing \d+ runs \(train them: npm run reproduce -- --scale smoke\)/);
  assert.equal(claims('--bogus').status, 2);
});
