/**
 * Determinism and resume through runExperiment and the run store: identical configs give
 * byte-identical records.jsonl; a run stopped by an AbortSignal or by a real SIGKILL resumes from
 * its checkpoint to the same bytes as an uninterrupted run; a finished config is reused. One
 * trainLoop-level case aborts inside the oracle tuner's own eigen-solve (not reachable from
 * runExperiment's hooks deterministically) and checks the resumed rows.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { initBackend } from '../../src/backend/select-backend';
import { runExperiment, RunResult } from '../../src/train/run-experiment';
import { RunConfig, resolveRunConfig } from '../../src/train/run-config';
import { buildExperiment } from '../../src/train/experiment';
import { LoopState, trainLoop } from '../../src/train/train-loop';
import { createTuner } from '../../src/tuners/create-tuner';
import { Tuner } from '../../src/tuners/tuner';
import { disposeParams } from '../../src/model/params';
import { FULL, MINI } from './fixtures/resume-configs';
import { collectingHooks, initialState, recordBytes, removeDir, tempRoot } from './helpers';

const PROJECT_ROOT = path.resolve(__dirname, '..', '..');
const CHILD = path.join(__dirname, 'fixtures', 'slow-run.ts');

const roots: string[] = [];
function root(tag: string): string {
  const r = tempRoot(tag);
  roots.push(r);
  return r;
}

let baseline: RunResult;
let baselineBytes: Buffer;

before(async () => {
  await initBackend();
  baseline = await runExperiment(MINI, { root: root('base') });
  baselineBytes = recordBytes(baseline.dir);
});
after(() => roots.forEach(removeDir));

const lineCount = (buf: Buffer): number => buf.toString('utf8').split('\n').filter((l) => l.length > 0).length;
const readStatus = (dir: string): { state: string; message?: string } =>
  JSON.parse(fs.readFileSync(path.join(dir, 'status.json'), 'utf8'));

describe('determinism', () => {
  test('the baseline mini-batch run is non-trivial: 81 rows, varying Armijo steps, λ₁ every 10 steps', () => {
    assert.equal(baseline.status, 'finished');
    assert.equal(baseline.records.length, 81);
    assert.equal(lineCount(baselineBytes), 81);
    const etas = new Set(baseline.records.slice(0, 80).map((r) => r.step_size));
    assert.ok(etas.size > 10, `${etas.size} distinct step sizes`);
    assert.equal(baseline.records.filter((r) => typeof r.lambda_1 === 'number').length, 9);
    assert.ok(baseline.records.some((r) => (r.armijo_trials as number) > 1), 'some steps backtracked');
  });

  test('the same mini-batch Armijo config in another root gives a byte-identical records.jsonl', async () => {
    const again = await runExperiment(MINI, { root: root('mini2') });
    assert.equal(again.hash, baseline.hash);
    assert.equal(again.reused, false);
    assert.ok(recordBytes(again.dir).equals(baselineBytes));
  });

  test('the same full-batch Polyak config run twice gives byte-identical records.jsonl', async () => {
    const a = await runExperiment(FULL, { root: root('full1') });
    const b = await runExperiment(FULL, { root: root('full2') });
    assert.equal(a.status, 'finished');
    assert.equal(a.records.length, 61);
    assert.ok(new Set(a.records.map((r) => r.step_size)).size > 5, 'Polyak steps vary');
    assert.ok(recordBytes(a.dir).equals(recordBytes(b.dir)));
    assert.ok(!recordBytes(a.dir).equals(baselineBytes));
  });
});

describe('resume', () => {
  test('an AbortSignal fired after step 23 leaves status aborted; re-running resumes at step 24 to the uninterrupted bytes', async () => {
    const r = root('abort');
    const controller = new AbortController();
    const stopped = await runExperiment(MINI, {
      root: r, signal: controller.signal, onProgress: (p) => { if (p.step === 23) controller.abort(); },
    });
    assert.equal(stopped.status, 'aborted');
    assert.equal(readStatus(stopped.dir).state, 'aborted');
    assert.deepEqual(stopped.records.map((row) => row.step), Array.from({ length: 24 }, (_, i) => i));
    const steps: number[] = [];
    const resumed = await runExperiment(MINI, { root: r, onProgress: (p) => steps.push(p.step) });
    assert.equal(resumed.status, 'finished');
    assert.ok(resumed.notes.some((n) => n.includes('resuming from the checkpoint at step 24')), `${resumed.notes}`);
    assert.equal(steps[0], 24, 'training restarted at step 24, not 0');
    assert.ok(recordBytes(resumed.dir).equals(baselineBytes));
  });

  test('an abort that lands during a sharpness measurement ends as aborted (not failed) and resumes to the same bytes', async () => {
    // checkpointEvery 7: no checkpoint await between step 29's progress and step 30's measurement,
    // so the abort (queued as a microtask) fires inside Lanczos. Records do not depend on checkpointEvery.
    const config: RunConfig = { ...MINI, checkpointEvery: 7 };
    const r = root('abort-mid');
    const controller = new AbortController();
    const outcome = await runExperiment(config, {
      root: r, signal: controller.signal,
      onProgress: (p) => { if (p.step === 29) queueMicrotask(() => controller.abort()); },
    }).then((res) => res, (err: Error) => err);
    const dir = outcome instanceof Error ? path.join(r, fs.readdirSync(r)[0]) : outcome.dir;
    const stateAfterAbort = readStatus(dir).state;
    const resumed = await runExperiment(config, { root: r });
    assert.equal(resumed.status, 'finished');
    assert.ok(recordBytes(resumed.dir).equals(baselineBytes), 'resumed records equal the uninterrupted run');
    assert.ok(!(outcome instanceof Error), `runExperiment threw ${outcome instanceof Error ? `${outcome.name}: ${outcome.message}` : ''}`);
    assert.equal(outcome.status, 'aborted');
    assert.equal(stateAfterAbort, 'aborted');
  });

  test('a child process killed with SIGKILL mid-run resumes in-process to the uninterrupted bytes', { timeout: 60_000 }, async () => {
    const r = root('kill9');
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, r, '20'], { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => { stderr += d; });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
      child.on('exit', (code, signal) => resolve({ code, signal }));
    });
    const linesAtKill = await killAfterLines(child, r, 30, exited, () => stderr);
    const { signal } = await exited;
    assert.equal(signal, 'SIGKILL', 'the child was killed, not finished');
    const dir = path.join(r, baseline.hash);
    assert.equal(readStatus(dir).state, 'running', 'a killed run is left running');
    assert.ok(linesAtKill >= 30 && linesAtKill < 81, `${linesAtKill} lines at the kill`);

    const resumed = await runExperiment(MINI, { root: r });
    assert.equal(resumed.status, 'finished');
    assert.ok(resumed.notes.some((n) => /stale lock/.test(n)), `notes: ${resumed.notes}`);
    const from = resumed.notes.map((n) => /resuming from the checkpoint at step (\d+)/.exec(n)).find(Boolean);
    // the checkpoint of step k covers rows 0…k−1; the kill may land before the one for the lines seen
    assert.ok(from && Number(from[1]) >= 25 && Number(from[1]) % 5 === 0, `notes: ${resumed.notes}`);
    assert.ok(recordBytes(resumed.dir).equals(baselineBytes), 'resumed records equal the uninterrupted run');
  });

  test('re-running a finished config reuses it: reused true, same records, no training step, files untouched', async () => {
    const files = ['records.jsonl', 'timings.jsonl', 'status.json'].map((f) => path.join(baseline.dir, f));
    const saved = files.map((f) => ({ bytes: fs.readFileSync(f), mtime: fs.statSync(f).mtimeMs }));
    let progress = 0;
    const again = await runExperiment(MINI, { root: path.dirname(baseline.dir), onProgress: () => { progress++; } });
    assert.equal(again.reused, true);
    assert.equal(again.status, 'finished');
    assert.equal(progress, 0, 'no step was trained');
    assert.deepEqual(again.records, baseline.records);
    files.forEach((f, i) => {
      assert.ok(fs.readFileSync(f).equals(saved[i].bytes), `${path.basename(f)} changed`);
      assert.equal(fs.statSync(f).mtimeMs, saved[i].mtime, `${path.basename(f)} rewritten`);
    });
  });
});

describe('tuner batch', () => {
  test("tunerBatch 'independent' runs to the end and differs from 'same' only from the tuner's decisions on", async () => {
    const indep = await runExperiment({ ...MINI, tunerBatch: 'independent' }, { root: root('indep') });
    assert.equal(indep.status, 'finished');
    assert.notEqual(indep.hash, baseline.hash);
    assert.equal(indep.records.length, 81);
    const [a, b] = [indep.records[0], baseline.records[0]];
    assert.equal(a.loss, b.loss, 'same init and same update batch at step 0');
    assert.equal(a.grad_norm, b.grad_norm);
    assert.notEqual(a.step_size, b.step_size, "the tuner saw another batch's loss");
    assert.ok(indep.records.slice(0, 80).every((r) => (r.step_size as number) > 0 && Number.isFinite(r.step_size)));
    assert.ok(!recordBytes(indep.dir).equals(baselineBytes));
  });
});

/** Polls the child's records.jsonl and SIGKILLs it once it has ≥ `lines` lines; returns the count. */
async function killAfterLines(
  child: ChildProcess, runRoot: string, lines: number,
  exited: Promise<unknown>, stderr: () => string,
): Promise<number> {
  let done = false;
  void exited.then(() => { done = true; });
  const deadline = Date.now() + 45_000;
  while (Date.now() < deadline) {
    if (done) throw new Error(`the child exited before it was killed: ${stderr()}`);
    const dirs = fs.existsSync(runRoot) ? fs.readdirSync(runRoot) : [];
    const file = dirs.length ? path.join(runRoot, dirs[0], 'records.jsonl') : '';
    const count = file && fs.existsSync(file) ? lineCount(fs.readFileSync(file)) : 0;
    if (count >= lines) {
      child.kill('SIGKILL');
      return count;
    }
    await new Promise((res) => setTimeout(res, 10));
  }
  child.kill('SIGKILL');
  throw new Error(`the child wrote fewer than ${lines} lines in 45 s: ${stderr()}`);
}

describe('resume of an abort inside a tuner solve', () => {
  test('an abort inside the oracle tuner’s eigen-solve, at a step that already measured λ, resumes to the rows of an uninterrupted loop', async () => {
    const config = resolveRunConfig({
      ...FULL, tuner: { kind: 'oracle', theta: 0.9 }, steps: 16, sharpness: { every: 5 }, checkpointEvery: 1000,
    });
    const exp = await buildExperiment(config);
    const run = async (tuner: Tuner, start: LoopState, signal?: AbortSignal) => {
      let saved: LoopState | undefined;
      const { hooks, rows } = collectingHooks({ signal, onCheckpoint: async (s) => { saved = s; } });
      const out = await trainLoop(exp, config, tuner, start, hooks);
      return { ...out, rows, saved };
    };
    const fresh = createTuner(config.tuner);
    const full = await run(fresh, initialState(exp, config.seed, fresh.init()));
    assert.equal(full.status, 'finished');
    disposeParams(full.state.params);

    // step 10 measures λ (due), then the oracle solves again: the abort lands in that second solve
    const controller = new AbortController();
    const oracle = createTuner(config.tuner);
    const aborting: Tuner = {
      ...oracle,
      update: (direction, state, ctx) => { if (ctx.step === 10) controller.abort(); return oracle.update(direction, state, ctx); },
    };
    const first = await run(aborting, initialState(exp, config.seed, aborting.init()), controller.signal);
    assert.equal(first.status, 'aborted');
    assert.equal(first.rows.length, 10);
    assert.ok(first.saved && first.saved.step === 10);
    const resumed = await run(createTuner(config.tuner), first.saved!);
    assert.equal(resumed.status, 'finished');
    disposeParams(resumed.state.params);
    disposeParams(first.saved!.params);
    exp.dispose();
    assert.deepEqual([...first.rows, ...resumed.rows], full.rows);
  });
});
