/**
 * docs/checkpoint-format.md and the code agree: the documented checkpoint.json, written with its
 * binary files the way outside code would (plain Buffers, createHash, the sha256sum line), loads
 * and is evaluated by `sharpness --checkpoint`. And a real run's checkpoint whose manifest is edited
 * (tanh → relu, still valid JSON) is refused in one line naming checkpoint.json.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..', '..');
const CLI = path.join(ROOT, 'bin', 'sharpness-lab.js');

function cli(args: string[]) {
  return spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8' });
}

/** The first ```json block after the "## checkpoint.json" heading. */
function documentedManifest(): Record<string, any> {
  const doc = fs.readFileSync(path.join(ROOT, 'docs', 'checkpoint-format.md'), 'utf8');
  const section = doc.slice(doc.indexOf('## checkpoint.json'));
  const m = /```json\n([\s\S]*?)\n```/.exec(section);
  assert.ok(m, 'docs/checkpoint-format.md has a json example under "## checkpoint.json"');
  return JSON.parse(m[1]);
}

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

describe('the documented checkpoint', () => {
  let dir: string;
  before(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ckpt-doc-')); });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('written as outside code would, it is read and evaluated by sharpness --checkpoint', () => {
    const manifest = documentedManifest();
    const folder = path.join(dir, 'documented');
    fs.mkdirSync(folder);
    const scalars = manifest.params.byteLength / 4;
    const params = Buffer.alloc(manifest.params.byteLength);
    for (let i = 0; i < scalars; i++) params.writeFloatLE(0.8 * Math.sin(1.7 * i + 0.3), 4 * i);
    const v = manifest.vectors.entries[0];
    assert.equal(v.length, scalars, 'a warm start has one entry per parameter');
    const vectors = Buffer.alloc(manifest.vectors.byteLength);
    for (let i = 0; i < v.length; i++) vectors.writeDoubleLE(Math.cos(i), 8 * i);
    manifest.params.sha256 = sha256(params);
    manifest.vectors.sha256 = sha256(vectors);
    fs.writeFileSync(path.join(folder, 'params.bin'), params);
    fs.writeFileSync(path.join(folder, 'vectors.bin'), vectors);
    const text = JSON.stringify(manifest, null, 2) + '\n';
    fs.writeFileSync(path.join(folder, 'checkpoint.json'), text);
    fs.writeFileSync(path.join(folder, 'checkpoint.sha256'), `${sha256(Buffer.from(text))}  checkpoint.json\n`);

    const r = cli(['sharpness', '--checkpoint', folder, '--k', '2', '--tol', '1e-4']);
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.step, 42);
    assert.equal(out.examples, manifest.data.config.n);
    assert.ok(out.values[0] >= out.values[1] && out.values[0] > 0, r.stdout);
  });

  it('a run checkpoint with an edited manifest is refused by name; the original is evaluated', () => {
    const config = path.join(dir, 'teacher.json');
    const manifest = documentedManifest();
    fs.writeFileSync(config, JSON.stringify({
      seed: 0, data: manifest.data.config, model: manifest.model, loss: 'mse', weightDecay: manifest.objective.weightDecay,
      tuner: { kind: 'constant', stepSize: 0.1 }, steps: 42, sharpness: { every: 0 },
    }));
    const trained = cli(['run', '--config', config, '--root', path.join(dir, 'runs')]);
    assert.equal(trained.status, 0, trained.stderr);
    const run = /results: (\S+)/.exec(trained.stdout)![1];
    const ok = cli(['sharpness', '--checkpoint', run]);
    assert.equal(ok.status, 0, ok.stderr);

    const file = path.join(run, 'checkpoint', 'checkpoint.json');
    const original = fs.readFileSync(file, 'utf8');
    const edited = original.replace('"activation": "tanh"', '"activation": "relu"');
    assert.notEqual(edited, original);
    fs.writeFileSync(file, edited);
    const refused = cli(['sharpness', '--checkpoint', run]);
    assert.equal(refused.status, 1);
    assert.equal(refused.stdout, '');
    assert.equal(refused.stderr.trim().split('\n').length, 1, refused.stderr);
    assert.match(refused.stderr, new RegExp(`^sharpness-lab sharpness: ${file}: does not match its sha256 in checkpoint\\.sha256: it was edited after the checkpoint was saved`));
  });
});
