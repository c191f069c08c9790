/**
 * The oracle tuner η = θ·2/λ, with λ from the context's sharpness().
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { oracleTuner } from '../../src/tuners/oracle';
import { createTuner } from '../../src/tuners/create-tuner';
import { diagMatrix, quadraticContext, relErr, stepper, useCpu } from './helpers';

before(useCpu);

function contextWithSharpness(lambda: number) {
  let calls = 0;
  const q = quadraticContext(diagMatrix([3, 1]), [1, 1], { sharpness: () => { calls++; return lambda; } });
  return { q, calls: () => calls };
}

test('oracle gives η = θ·2/λ for a known λ (θ = 0.9, λ = 8 → 0.225) with one sharpness call per step', async () => {
  const { q, calls } = contextWithSharpness(8);
  const { stepSize, diagnostics } = await stepper(oracleTuner({ kind: 'oracle', theta: 0.9 })).step(q.ctx);
  assert.ok(relErr(stepSize, 0.225) < 1e-15);
  assert.deepEqual(diagnostics, { oracle_lambda: 8 });
  assert.equal(calls(), 1);
  q.dispose();
});

test('oracle with θ = 1 puts η·λ exactly at 2 for several λ', async () => {
  const tuner = stepper(createTuner({ kind: 'oracle', theta: 1 }));
  for (const lambda of [0.37, 2, 19.5, 1234]) {
    const { q } = contextWithSharpness(lambda);
    const { stepSize } = await tuner.step(q.ctx);
    assert.ok(Math.abs(stepSize * lambda - 2) < 1e-14, `λ = ${lambda}`);
    q.dispose();
  }
});

test('oracle caps at etaMax, and takes etaMax when λ ≤ 0', async () => {
  const capped = contextWithSharpness(0.5);
  assert.equal((await stepper(oracleTuner({ kind: 'oracle', theta: 1, etaMax: 3 })).step(capped.q.ctx)).stepSize, 3);
  capped.q.dispose();
  const flat = contextWithSharpness(-0.2);
  assert.equal((await stepper(oracleTuner({ kind: 'oracle', theta: 1, etaMax: 0.7 })).step(flat.q.ctx)).stepSize, 0.7);
  flat.q.dispose();
});

test('oracle rejects θ ≤ 0', () => {
  assert.throws(() => oracleTuner({ kind: 'oracle', theta: 0 }), /theta/);
});
