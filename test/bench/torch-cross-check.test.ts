import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../src/backend/select-backend';
import { createModel } from '../../src/model/create-model';
import { ModelSpec } from '../../src/model/model';
import { disposeParams } from '../../src/model/params';
import { squaredLossSum } from '../../src/objective/squared-loss';
import { disposeDataset } from '../../src/data/dataset';
import { createRng } from '../../src/util/rng';
import { benchData } from '../../bench/lib/bench-data';
import { writeExchange } from '../../bench/lib/exchange';
import { BenchCase } from '../../bench/lib/cases';
import { PYTHON, probeTorch, runTorch } from '../../bench/lib/torch';

// The bench's cross-check as a test: our loss, gradient and HVP on the default backend against
// PyTorch float64 (bench/torch_reference.py), on the first CIFAR-10 images when available (their
// flat regions tie max-pool windows). The probe runs the reference's imports and a tiny float64
// HVP; where it fails (set up with --no-torch, or no apt) the tests skip with the reason, except
// under CI, where the strongest oracle must run and a skip is a failure.

let skip: string | undefined;

before(async () => {
  await initBackend();
  const probe = probeTorch();
  if (!probe.available) skip = probe.reason ?? 'probe failed without a reason';
});

/** Why setup left PyTorch out (--no-torch, or no way to install), if it did. */
function optedOut(): string | undefined {
  const file = path.join(__dirname, '..', '..', 'scratch', 'torch-skipped.txt');
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trim() : undefined;
}

test('the PyTorch reference can run (unless setup left it out; under CI it must)', (t) => {
  if (!skip) return;
  assert.ok(!process.env.CI, `the PyTorch cross-check cannot run under CI: ${skip}`);
  const why = optedOut();
  assert.ok(why, `the PyTorch reference does not run (${skip}) although npm run setup did not leave it out: run npm run setup (or npm run setup -- --no-torch to opt out)`);
  t.skip(`PyTorch left out by ${why}: ${skip}`);
});

const SPECS: [string, ModelSpec, number][] = [
  ['mlp-tanh', { arch: 'mlp', inputDim: 3072, hidden: [20, 20], outputDim: 10, activation: 'tanh' }, 32],
  ['vgg11', { arch: 'vgg11', widthMultiplier: 0.0625, inputShape: [32, 32, 3], outputDim: 10, activation: 'relu' }, 8],
  ['resnet34', { arch: 'resnet34', widthMultiplier: 0.0625, inputShape: [32, 32, 3], outputDim: 10, activation: 'relu' }, 4],
];

for (const [name, spec, n] of SPECS) {
  test(`${name}: loss, gradient and HVP agree with PyTorch float64 to 1e-4 (worst parameter tensor)`, async (t) => {
    if (skip) return t.skip(`PyTorch unavailable at ${PYTHON}: ${skip}`); // the probe test above fails under CI
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `sharpness-cross-${name}-`));
    const { data, source } = await benchData(n, spec.arch === 'mlp' ? 'flat' : 'nhwc');
    const model = createModel(spec);
    const params = model.init(1);
    const rng = createRng(5);
    const v = params.map((p) => ({ name: p.name, value: tf.tensor(Float32Array.from({ length: p.value.size }, () => rng.normal()), p.value.shape) }));
    const c: BenchCase = { name, spec, n, chunk: n, reps: 1, lanczos: false, torchLanczos: false, crossN: n };
    try {
      await writeExchange(dir, c, { forward: model.forward, lossSum: squaredLossSum, weightDecay: 0 }, params, data, v);
      const r = runTorch(dir, 1, true);
      assert.ok(r.available && r.cross, `reference failed: ${r.reason}`);
      t.diagnostic(`${source}; ours vs float64 ${JSON.stringify(r.cross.oursVsTorch64)}; PyTorch float32 ${JSON.stringify(r.cross.torch32VsTorch64)}`);
      assert.ok(r.cross.pass, `cross-check failed: ${JSON.stringify(r.cross)}`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
      disposeParams(params);
      disposeParams(v);
      disposeDataset(data);
    }
  });
}
