/**
 * A real `kill -9`: a child process writes records and checkpoints in a loop and is SIGKILLed at
 * a seeded random moment; the run must then be consistent, both as a reader finds it (before
 * any repair) and after reopening. Repeated, so the run resumes across several kills.
 */
import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { loadCheckpoint } from '../../src/checkpoint/load-checkpoint';
import { readableDir } from '../../src/checkpoint/atomic-dir';
import { encodeLine } from '../../src/store/jsonl-file';
import { openRun } from '../../src/store/open-run';
import { readRecords, readTimings } from '../../src/store/read-records';
import { createRng } from '../../src/util/rng';
import { disposeParams, Params } from '../../src/model/params';
import { bytesOf, cleanup, tempDir, useCpu } from '../checkpoint/helpers';
import { CRASH_CONFIG, paramsAt, recordAt, tunerStateAt, vectorsAt } from './fixtures/crash-plan';
import { range1, steps } from './helpers';

const WRITER = path.join(__dirname, 'fixtures', 'crash-writer.ts');
const PROJECT_ROOT = path.resolve(__dirname, '..', '..'); // where `--import tsx` resolves
const KILLS = 4;
const SEED = 20231;

/** Starts the writer and resolves once it reports `ready`. */
function startWriter(root: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', WRITER, root], { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (d: Buffer) => { out += d; if (out.includes('ready')) resolve(child); });
    child.stderr?.on('data', (d: Buffer) => { err += d; });
    child.on('exit', (code) => reject(new Error(`writer exited early (${code}): ${err}`)));
  });
}

function killAndWait(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.removeAllListeners('exit');
    child.on('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

/** Whether `params` are bit-identical to the plan's parameters at `step`. */
function sameParams(params: Params, step: number): boolean {
  const expected = paramsAt(step);
  const want = bytesOf(expected);
  disposeParams(expected);
  return bytesOf(params).every((b, i) => b.equals(want[i]));
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** What a reader sees right after the kill, before anyone repairs anything. */
async function checkAsReaderSees(dir: string): Promise<number | null> {
  const ckptDir = path.join(dir, 'checkpoint');
  const rows = readRecords(dir);
  assert.deepEqual(steps(rows), range1(rows.length), 'records form a gap-free prefix');
  rows.forEach((r) => assert.deepEqual(r, recordAt(r.step as number)));
  if (readableDir(ckptDir) === undefined) return null;
  const ckpt = await loadCheckpoint(ckptDir);
  assert.ok(sameParams(ckpt.params, ckpt.step), 'params bit-identical');
  assert.deepEqual(ckpt.state, { tuner: tunerStateAt(ckpt.step), trainer: { step: ckpt.step } });
  assert.deepEqual(ckpt.vectors, vectorsAt(ckpt.step));
  assert.ok(rows.length >= ckpt.step, `records reach the checkpoint (${rows.length} < ${ckpt.step})`);
  disposeParams(ckpt.params);
  return ckpt.step;
}

describe('kill -9 of a writing process', () => {
  let root: string;
  before(async () => { await useCpu(); root = tempDir(); });
  after(() => cleanup(root));

  it('leaves a readable checkpoint and records that resume without duplicates', { timeout: 120_000 }, async (t) => {
    const rng = createRng(SEED);
    let lastResume = 0;
    for (let kill = 0; kill < KILLS; kill++) {
      const child = await startWriter(root);
      const delay = 50 + Math.floor(rng.uniform() * 400);
      await sleep(delay);
      await killAndWait(child);
      const dir = openRunDir(root);
      const left = fs.readdirSync(dir).filter((f) => f.startsWith('.')).join(', ') || 'none';
      const seen = await checkAsReaderSees(dir);
      const run = openRun(CRASH_CONFIG, { root });
      t.diagnostic(`kill ${kill}: after ${delay} ms; leftovers: ${left}; checkpoint step ${seen}; resume ${run.resumeStep}`);
      assert.equal(run.resumeStep, seen);
      assert.deepEqual(steps(readRecords(run.dir)), range1(seen ?? 0));
      assert.deepEqual(steps(readTimings(run.dir)), range1(seen ?? 0));
      assert.ok(run.notes.some((n) => /stale lock/.test(n)), run.notes.join('; '));
      assert.ok((seen ?? 0) >= lastResume, 'progress is never lost');
      lastResume = seen ?? 0;
      run.close();
    }
    const run = openRun(CRASH_CONFIG, { root });
    const end = (run.resumeStep ?? 0) + 3;
    for (let step = (run.resumeStep ?? 0) + 1; step <= end; step++) run.append(recordAt(step));
    run.finish('finished');
    const expected = range1(end).map((s) => encodeLine(recordAt(s))).join('');
    assert.equal(fs.readFileSync(run.paths.records, 'utf8'), expected);
    assert.ok(lastResume > 0, 'at least one checkpoint was written across the kills');
  });
});

describe('reading a run while it is written', () => {
  let root: string;
  before(async () => { await useCpu(); root = tempDir(); });
  after(() => cleanup(root));

  it('a reader polling the checkpoint of a live run always gets a complete, consistent one', { timeout: 60_000 }, async (t) => {
    const child = await startWriter(root);
    let loads = 0;
    const seenSteps = new Set<number>();
    try {
      const dir = path.join(openRunDir(root), 'checkpoint');
      const until = Date.now() + 1500;
      while (Date.now() < until) {
        if (readableDir(dir) !== undefined) {
          const ckpt = await loadCheckpoint(dir);
          assert.ok(sameParams(ckpt.params, ckpt.step), `params of step ${ckpt.step}`);
          assert.deepEqual(ckpt.vectors, vectorsAt(ckpt.step));
          disposeParams(ckpt.params);
          seenSteps.add(ckpt.step);
          loads++;
        }
        await sleep(2);
      }
    } finally {
      await killAndWait(child);
    }
    t.diagnostic(`${loads} loads, ${seenSteps.size} distinct checkpoints`);
    assert.ok(seenSteps.size >= 2, `the reader saw several checkpoints (${loads} loads, steps ${[...seenSteps].join(',')})`);
  });
});

function openRunDir(root: string): string {
  const [hash] = fs.readdirSync(root).filter((f) => /^[0-9a-f]{16}$/.test(f));
  return path.join(root, hash);
}
