import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import Ajv from 'ajv';
import { publishedSchema } from '../../src/config/published-schema';
import { validateRunConfig } from '../../src/config/validate-run-config';
import { claimRuns } from '../../src/experiments/figure-runs';
import { experimentScale } from '../../src/experiments/scale';

const ROOT = path.resolve(__dirname, '..', '..');
const CLI = path.join(ROOT, 'bin', 'sharpness-lab.js');
const GOOD = JSON.parse(fs.readFileSync(path.join(ROOT, 'configs', 'quick-eos.json'), 'utf8')) as Record<string, unknown>;
const CIFAR = JSON.parse(fs.readFileSync(path.join(ROOT, 'configs', 'cifar-mlp-eos.json'), 'utf8')) as Record<string, unknown>;
const VGG = { ...CIFAR, model: { arch: 'vgg11', widthMultiplier: 0.125, inputShape: [32, 32, 3], outputDim: 10, activation: 'relu' } };

/** `base` with `edit` applied at a dotted path (undefined deletes). */
function withChange(base: Record<string, unknown>, at: string, value: unknown): Record<string, unknown> {
  const copy = JSON.parse(JSON.stringify(base)) as Record<string, unknown>;
  const keys = at.split('.');
  let node = copy as Record<string, unknown>;
  for (const k of keys.slice(0, -1)) node = node[k] as Record<string, unknown>;
  if (value === undefined) delete node[keys[keys.length - 1]];
  else node[keys[keys.length - 1]] = value;
  return copy;
}

test('docs/run-config.schema.json is the schema the code validates with (npm run schema regenerates it)', () => {
  assert.equal(fs.readFileSync(path.join(ROOT, 'docs', 'run-config.schema.json'), 'utf8'), publishedSchema());
});

test('the example configs and every run the figures and claims train, at every scale, pass the schema', () => {
  const published = new Ajv({ strict: false }).compile(JSON.parse(publishedSchema()));
  for (const c of [GOOD, CIFAR]) {
    assert.doesNotThrow(() => validateRunConfig(c));
    assert.ok(published(c), JSON.stringify(published.errors));
  }
  for (const scale of ['smoke', 'default', 'paper'] as const) {
    for (const c of claimRuns(experimentScale(scale))) {
      assert.doesNotThrow(() => validateRunConfig(c), `${scale}: ${JSON.stringify(c)}`);
      assert.ok(published(c), `${scale}: ${JSON.stringify(published.errors)}`);
    }
  }
});

// Each wrong config and the one line it must produce (the cases a new user hit).
const REJECTED: [string, Record<string, unknown>, RegExp][] = [
  ['a typo at the top level', withChange(GOOD, 'stepz', 9), /^run config: unknown key 'stepz' \(did you mean 'steps'\?\); known keys: seed, data/],
  ['a typo in the tuner', withChange(GOOD, 'tuner.lr', 3), /^run config: tuner: unknown key 'lr'; known keys: kind, stepSize$/],
  ['a missing section', withChange(GOOD, 'sharpness', undefined), /^run config: missing 'sharpness' \(when and how the sharpness λ₁ is measured\)$/],
  ['an unknown data source', withChange(CIFAR, 'data.source', 'mnist'), /^run config: data\.source must be one of 'cifar10', 'synthetic', got 'mnist' \(a string\)$/],
  ['a batch larger than the data', withChange(CIFAR, 'batchSize', 6000), /^run config: batchSize 6000 exceeds data\.n = 5000 \(use 'full' for full batch\)$/],
  ['a zero width', withChange(VGG, 'model.widthMultiplier', 0), /^run config: model\.widthMultiplier must be > 0, got 0/],
  ['a negative width', withChange(VGG, 'model.widthMultiplier', -1), /^run config: model\.widthMultiplier must be > 0, got -1/],
  ['an unknown eigen-solver', withChange(GOOD, 'sharpness.method', 'qr'), /^run config: sharpness\.method must be one of 'lanczos', 'power', got 'qr' \(a string\)$/],
  ['an unknown tuner batch', withChange(GOOD, 'tunerBatch', 'other'), /^run config: tunerBatch must be one of 'same', 'independent', got 'other' \(a string\)$/],
  ['a negative checkpoint interval', withChange(GOOD, 'checkpointEvery', -1), /^run config: checkpointEvery must be >= 1, got -1/],
  ['a negative width of a hidden layer', withChange(GOOD, 'model.hidden', [-3]), /^run config: model\.hidden\.0 must be >= 1, got -3/],
  ['an empty hidden layer', withChange(GOOD, 'model.hidden', [0, 20]), /^run config: model\.hidden\.0 must be >= 1, got 0/],
  ['a step size given as a string', withChange(GOOD, 'tuner.stepSize', '0.1'), /^run config: tuner\.stepSize must be a number, got '0\.1' \(a string\)$/],
  ['an unknown Armijo preset', { ...GOOD, tuner: { kind: 'armijo', preset: 'foo' } }, /^run config: tuner\.preset must be one of 'optax', 'sls', got 'foo' \(a string\)$/],
  ['a negative loss bound', withChange(GOOD, 'lossBound', -1), /^run config: lossBound must be > 0, got -1/],
  ['an unknown tuner', withChange(GOOD, 'tuner.kind', 'polyack'), /^run config: tuner\.kind must be one of 'constant', 'armijo', 'polyak', 'cdat', 'oracle', got 'polyack' \(a string\) \(did you mean 'polyak'\?\)$/],
  ['a zero step size', withChange(GOOD, 'tuner.stepSize', 0), /^run config: tuner\.stepSize must be > 0, got 0/],
  ['a missing hidden list', withChange(GOOD, 'model.hidden', undefined), /^run config: model: missing 'hidden'/],
];

for (const [what, config, message] of REJECTED) {
  test(`the schema rejects ${what} in one line`, () => {
    assert.throws(() => validateRunConfig(config), (err: Error) => {
      assert.equal(err.name, 'ConfigError');
      assert.doesNotMatch(err.message, /\n/);
      assert.match(err.message, message);
      return true;
    });
  });
}

test('the CLI names the file (and line) of a bad config, prints one line, and writes no run folder', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sharpness-schema-'));
  try {
    const root = path.join(dir, 'runs');
    const bad = path.join(dir, 'bad.json');
    fs.writeFileSync(bad, JSON.stringify(withChange(GOOD, 'stepz', 9), null, 2));
    const r1 = spawnSync(process.execPath, [CLI, 'run', '--config', bad, '--root', root], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(r1.status, 1);
    assert.equal(r1.stderr.trim().split('\n').length, 1, r1.stderr);
    assert.match(r1.stderr, /bad\.json: unknown key 'stepz' \(did you mean 'steps'\?\)/);
    const broken = path.join(dir, 'broken.json');
    fs.writeFileSync(broken, '{\n  "seed": 0,\n  "steps": 10\n  "loss": "mse"\n}\n');
    const r2 = spawnSync(process.execPath, [CLI, 'run', '--config', broken, '--root', root], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(r2.status, 1);
    assert.match(r2.stderr, /broken\.json:4:3: not valid JSON/);
    assert.ok(!fs.existsSync(root), 'a rejected config created the run store');
    const help = spawnSync(process.execPath, [CLI, 'run', '--help'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(help.status, 0);
    for (const s of ['docs/run-config.schema.json', 'sharpness', 'tunerBatch', 'armijo', 'preset', 'polyak', 'etaMax', 'cdat', 'oracle', 'constant']) assert.match(help.stdout, new RegExp(s));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
