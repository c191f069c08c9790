/**
 * Cohen et al.'s baseline (docs/claims.md, C9): constant-η GD on a squared loss sharpens
 * progressively until λ₁ ≈ 2/η, then stays within 10% of 2/η for the rest of training while the
 * loss keeps decreasing non-monotonically. Chebyshev-4-20, tanh MLP [20, 20], η = 0.1.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { runExperiment } from '../../src/train/run-experiment';
import { RunConfig } from '../../src/train/run-config';
import { removeDir, tempRoot } from './helpers';

const ETA = 0.1;
const EDGE = 2 / ETA;

const CONFIG: RunConfig = {
  seed: 0,
  data: { source: 'synthetic', task: 'chebyshev', n: 20, options: { degree: 4 } },
  model: { arch: 'mlp', inputDim: 1, hidden: [20, 20], outputDim: 1, activation: 'tanh' },
  loss: 'mse', weightDecay: 0,
  tuner: { kind: 'constant', stepSize: ETA },
  steps: 2500,
  sharpness: { every: 25 },
};

let root = '';
before(() => { root = tempRoot('eos'); });
after(() => removeDir(root));

test('constant GD sharpens progressively (≥ 3× λ₁ at init), then λ₁ stays within 10% of 2/η from the first time it reaches 0.9·2/η, with a non-monotone but decreasing loss', { timeout: 120_000 }, async () => {
  const { status, records } = await runExperiment(CONFIG, { root });
  assert.equal(status, 'finished');
  assert.equal(records.length, CONFIG.steps + 1);
  const measured = records.filter((r) => r.lambda_1 !== undefined).map((r) => ({ step: r.step as number, lambda: r.lambda_1 as number }));
  assert.equal(measured.length, CONFIG.steps / 25 + 1);
  const lambda0 = measured[0].lambda;
  assert.ok(lambda0 < 0.5 * EDGE, `λ₁ at init ${lambda0} should start well below 2/η = ${EDGE}`);

  // Phase 1: progressive sharpening up to the edge.
  const reach = measured.findIndex((m) => m.lambda >= 0.9 * EDGE);
  assert.ok(reach > 0, `λ₁ never reached 0.9·2/η: max ${Math.max(...measured.map((m) => m.lambda))}`);
  const edgeStep = measured[reach].step;
  assert.ok(measured[reach].lambda >= 3 * lambda0, `λ₁ ${measured[reach].lambda} at step ${edgeStep} vs 3× ${lambda0}`);
  assert.ok(measured.length - reach >= 20, `only ${measured.length - reach} measurements after the edge at step ${edgeStep}`);

  // Phase 2: edge of stability for the rest of the run.
  for (const m of measured.slice(reach)) {
    assert.ok(Math.abs(m.lambda - EDGE) <= 0.1 * EDGE, `step ${m.step}: λ₁ = ${m.lambda}, outside 2/η ± 10% (edge reached at ${edgeStep})`);
  }
  const post = records.slice(edgeStep).map((r) => r.loss as number);
  const rises = post.filter((f, k) => k > 0 && f > post[k - 1]).length;
  assert.ok(rises >= 1, 'the loss never increased after the edge');
  assert.ok(post[post.length - 1] < post[0], `the loss did not decrease overall after the edge: ${post[0]} → ${post[post.length - 1]}`);
});
