/**
 * Lost records as they happen in life: a run killed mid-way, then its records.jsonl cut short (a
 * bad copy, a torn sync). Resuming must refuse, naming the file, what is missing and the fix,
 * instead of sealing a run `finished` with a gap; --restart trains it again in full.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { openRun } from '../../src/store/open-run';
import { RunDamagedError } from '../../src/store/run-damaged-error';
import { claimRuns } from '../../src/experiments/figure-runs';
import { experimentScale } from '../../src/experiments/scale';
import { canonicalJson } from '../../src/store/canonical-json';
import { resolveRunConfig } from '../../src/train/run-config';
import { initBackend } from '../../src/backend/select-backend';
import { runIdentity } from '../../src/train/run-identity';
import { configHash } from '../../src/store/config-hash';

const ROOT = path.resolve(__dirname, '..', '..');
const CLI = path.join(ROOT, 'bin', 'sharpness-lab.js');

/**
 * A committed run is stored under the identity of the machine that computed it (its BLAS kernels,
 * oneDNN's ISA), which another CPU may not share. Re-keyed to this machine's, copies of them test
 * what is meant (how the checker reads damage) on any CPU; where the identities agree it changes nothing.
 */
async function asThisMachine(dir: string): Promise<void> {
  const backend = await initBackend();
  for (const d of fs.readdirSync(dir)) {
    const file = path.join(dir, d, 'config.json');
    if (!fs.existsSync(file)) continue;
    const identity = runIdentity(JSON.parse(fs.readFileSync(file, 'utf8')).run, backend);
    const hash = configHash(identity);
    if (hash === d) continue;
    fs.writeFileSync(file, `${JSON.stringify(identity, null, 2)}\n`);
    fs.renameSync(path.join(dir, d), path.join(dir, hash));
  }
}

const lineCount = (file: string) => fs.readFileSync(file, 'utf8').split('\n').length - 1;

test('a run that lost records refuses to resume, says which and how to fix it, and is never sealed finished', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sharpness-lost-'));
  try {
    const config = path.join(dir, 'config.json');
    fs.writeFileSync(config, JSON.stringify({
      seed: 1, data: { source: 'synthetic', task: 'chebyshev', n: 20, options: { degree: 4 } },
      model: { arch: 'mlp', inputDim: 1, hidden: [32], outputDim: 1, activation: 'tanh' },
      loss: 'mse', weightDecay: 0, tuner: { kind: 'constant', stepSize: 0.05 }, steps: 6000,
      sharpness: { every: 0 }, checkpointEvery: 100,
    }));
    const root = path.join(dir, 'runs');
    // Kill -9 once the run is well past a few checkpoints.
    const child = spawn(process.execPath, [CLI, 'run', '--config', config, '--root', root], { cwd: ROOT, stdio: 'ignore' });
    await new Promise<void>((resolve) => {
      const poll = setInterval(() => {
        const runs = fs.existsSync(root) ? fs.readdirSync(root) : [];
        const records = runs.length === 1 ? path.join(root, runs[0], 'records.jsonl') : '';
        if (records && fs.existsSync(records) && lineCount(records) >= 1500) { clearInterval(poll); child.kill('SIGKILL'); }
      }, 20);
      child.on('exit', () => { clearInterval(poll); resolve(); });
    });
    const [hash] = fs.readdirSync(root);
    const records = path.join(root, hash, 'records.jsonl');
    // The bad copy: only the first 1000 lines survive.
    const text = fs.readFileSync(records, 'utf8');
    fs.writeFileSync(records, text.split('\n').slice(0, 1000).join('\n') + '\n');

    const resumed = spawnSync(process.execPath, [CLI, 'run', '--config', config, '--root', root], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(resumed.status, 1);
    assert.equal(resumed.stderr.trim().split('\n').length, 1, resumed.stderr);
    assert.match(resumed.stderr, /records\.jsonl: the checkpoint at step \d+ covers \d+ lines but only 1000 exist \(\d+ line\(s\) from step 1000 on are missing\).*--restart/);
    assert.notEqual(JSON.parse(fs.readFileSync(path.join(root, hash, 'status.json'), 'utf8')).state, 'finished');
    assert.equal(lineCount(records), 1000, 'the refused resume must not touch the surviving records');
    assert.ok(!fs.existsSync(path.join(root, hash, 'run.lock')), 'the refused resume left its lock');

    const restarted = spawnSync(process.execPath, [CLI, 'run', '--config', config, '--root', root, '--restart'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(restarted.status, 0, restarted.stderr);
    assert.equal(lineCount(records), 6001);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a gap in the records is refused when the run is sealed, and the run ends failed instead of finished', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sharpness-gap-'));
  try {
    const run = openRun({ test: 'gap' }, { root: dir });
    for (const step of [0, 1, 2]) run.append({ step, loss: 1 });
    run.flush(true);
    fs.appendFileSync(run.paths.records, '{"step":7,"loss":1}\n'); // a splice from elsewhere
    assert.throws(() => run.finish('finished'), (err: Error) => err instanceof RunDamagedError && /steps 3–6 are missing \(before line 4\)/.test(err.message));
    assert.equal(JSON.parse(fs.readFileSync(run.paths.status, 'utf8')).state, 'failed');
    assert.ok(!fs.existsSync(run.paths.lock));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a duplicated line is damage for one-row-per-step runs (the trainer\'s), on reuse and on seal', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sharpness-dup-'));
  try {
    const config = { test: 'dup' };
    const run = openRun(config, { root: dir, uniqueSteps: true });
    for (let step = 0; step <= 5; step++) run.append({ step, loss: 1 / (step + 1) });
    run.finish('finished');
    const lines = fs.readFileSync(run.paths.records, 'utf8').split('\n');
    fs.writeFileSync(run.paths.records, [...lines.slice(0, 3), lines[2], ...lines.slice(3)].join('\n')); // line 3 copied twice
    assert.throws(() => openRun(config, { root: dir, uniqueSteps: true }),
      (err: Error) => err instanceof RunDamagedError && /records\.jsonl: step 2 appears twice \(lines 3 and 4; the run writes one row per step\)/.test(err.message));
    assert.equal(openRun(config, { root: dir }).records().length, 7, 'the generic store allows several rows per step');

    const open = openRun({ test: 'dup-seal' }, { root: dir, uniqueSteps: true });
    for (const step of [0, 1]) open.append({ step });
    open.flush(true);
    fs.appendFileSync(open.paths.records, '{"step":1}\n');
    assert.throws(() => open.finish('finished'), /step 1 appears twice/);
    assert.equal(JSON.parse(fs.readFileSync(open.paths.status, 'utf8')).state, 'failed');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a complete run whose records lost their tail is an error on reuse, never silently fewer records', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sharpness-tail-'));
  try {
    for (const cut of ['torn', 'whole line'] as const) {
      const config = { test: 'tail', cut };
      const run = openRun(config, { root: dir });
      for (let step = 0; step <= 5; step++) { run.append({ step, loss: 1 / (step + 1) }); run.appendTiming({ step, seconds: 0.1 }); }
      run.finish('finished');
      const text = fs.readFileSync(run.paths.records, 'utf8');
      fs.writeFileSync(run.paths.records, cut === 'torn' ? text.slice(0, -5) : text.split('\n').slice(0, 5).join('\n') + '\n');
      const expected = cut === 'torn' ? /records\.jsonl: the run is finished but the file ends in a torn line/ : /records\.jsonl: the run was finished at step 5 but its last record is step 4/;
      assert.throws(() => openRun(config, { root: dir }), (err: Error) => err instanceof RunDamagedError && expected.test(err.message) && /--restart/.test(err.message));
      const again = openRun(config, { root: dir, restart: true });
      assert.equal(again.isComplete, false, 'restart opens the damaged run for training again');
      again.close();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the claims checker lists damaged and corrupt runs in one line each, without a stack trace, and goes on with the rest', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sharpness-claims-damaged-'));
  try {
    fs.cpSync(path.join(ROOT, 'runs'), dir, { recursive: true });
    await asThisMachine(dir);
    // Only runs the claims read (not notebook 09's variants, nor the second subset): damage elsewhere goes unseen.
    const read = new Set(claimRuns(experimentScale('default')).map((c) => canonicalJson(resolveRunConfig(c))));
    const find = (want: (run: any) => boolean): string => {
      const hit = fs.readdirSync(dir).find((d) => want(JSON.parse(fs.readFileSync(path.join(dir, d, 'config.json'), 'utf8')).run));
      assert.ok(hit, 'no committed run of that kind to damage');
      return path.join(dir, hit!);
    };
    const claimRead = (run: any) => read.has(canonicalJson(run));
    const mlpFull = (run: any) => claimRead(run) && run?.model?.arch === 'mlp' && run?.seed === 0 && run?.batchSize === 'full';
    const torn = find((r) => mlpFull(r) && r.tuner.kind === 'armijo');
    const records = path.join(torn, 'records.jsonl');
    fs.writeFileSync(records, fs.readFileSync(records, 'utf8').slice(0, -3)); // the last line cut short
    const badStatus = find((r) => mlpFull(r) && r.tuner.kind === 'polyak');
    fs.writeFileSync(path.join(badStatus, 'status.json'), '{"state": "finis');
    const badConfig = find((r) => claimRead(r) && r?.model?.arch === 'vgg11');
    fs.writeFileSync(path.join(badConfig, 'config.json'), 'garbage');

    const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts', 'claims.ts'), '--scale', 'default', '--runs', dir],
      { cwd: ROOT, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stderr.trim(), '');
    const damaged = r.stdout.split('\n').filter((l) => l.startsWith('damaged: '));
    assert.equal(damaged.length, 2, r.stdout);
    assert.match(damaged.join('\n'), /^damaged: mlp · armijo-\w+ · full batch: .*records\.jsonl: the run is \w+ but the file ends in a torn line .*--restart/m);
    assert.match(damaged.join('\n'), /^damaged: mlp · polyak.*status\.json: not valid JSON .*; delete it and run the config again \(the run resumes from its last checkpoint\)$/m);
    const corrupt = r.stdout.split('\n').filter((l) => l.startsWith('corrupt: '));
    assert.deepEqual(corrupt.map((l) => l.split(': ')[1]), [path.join(badConfig, 'config.json')]);
    assert.match(corrupt[0], /not valid JSON .*the run cannot be identified; move its folder away/);
    assert.match(r.stdout, /Claims at scale default: 48\/51 runs in the store/);
    assert.match(r.stdout, /\d+ pass, \d+ fail, \d+ n\/a/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
