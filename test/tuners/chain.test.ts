/**
 * Tuners are transformations of the update direction, and `chain` composes them: a line search or
 * CDAT wraps ANY direction, not only −∇f. Checked on quadratics f(w) = ½wᵀAw with a user-written
 * diagonal preconditioner d = P·u in front: Armijo's accepted step satisfies the sufficient decrease
 * along d (recomputed in float64), CDAT σ = 1 lands on the exact minimiser along d, and a chain's
 * state survives a JSON round trip.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { disposeParams, Params, scale } from '../../src/model/params';
import { armijoTuner } from '../../src/tuners/armijo';
import { cdatTuner } from '../../src/tuners/cdat';
import { chain } from '../../src/tuners/chain';
import { constantTuner } from '../../src/tuners/constant';
import { Tuner } from '../../src/tuners/tuner';
import { createRng } from '../../src/util/rng';
import { dot64, matVec, quadraticContext, quadValue, relErr, rotatedMatrix, useCpu } from './helpers';

before(useCpu);

const A = rotatedMatrix([9, 4, 2, 1, 0.5, 0.1], 0.7);
const P = [0.5, 2, 1, 0.25, 3, 1.5];

/** A transformation a user writes in a cell: u ↦ P·u with a fixed positive diagonal P. */
function precondition(diagonal: readonly number[]): Tuner {
  return {
    name: 'precondition',
    init: () => ({}),
    update: async (direction: Params, state) => ({
      direction: direction.map((p) => ({ name: p.name, value: tf.mul(p.value, tf.tensor1d(diagonal as number[], 'float32')) })),
      state, info: { diagnostics: {} },
    }),
  };
}

const values = (p: Params): number[] => Array.from(p[0].value.dataSync());

async function stepAlong(tuner: Tuner, q: ReturnType<typeof quadraticContext>, state = tuner.init()) {
  const descent = scale(-1, q.ctx.grad);
  const out = await tuner.update(descent, state, q.ctx);
  const d = Array.from(q.g, (g, i) => -P[i] * g); // the preconditioned direction, in float64
  const result = { eta: out.info.stepSize!, moved: values(out.direction), d, state: out.state, diagnostics: out.info.diagnostics };
  disposeParams(descent);
  disposeParams(out.direction);
  return result;
}

test('Armijo after a preconditioner: f(w + ηd) ≤ f(w) + c·η·gᵀd along d = −P∇f, and the direction is η·d', async () => {
  const rng = createRng(3);
  const tuner = chain(precondition(P), armijoTuner({ kind: 'armijo', preset: 'sls' }));
  let backtracked = 0;
  for (let k = 0; k < 20; k++) {
    const q = quadraticContext(A, Array.from({ length: A.n }, () => rng.normal()));
    const { eta, moved, d, diagnostics } = await stepAlong(tuner, q, { '1/etaPrev': 1 + rng.uniform() });
    const slope = dot64(q.g, d);
    assert.ok(slope < 0, 'd is a descent direction');
    const fNew = quadValue(A, Array.from(q.w, (w, i) => w + eta * d[i]));
    assert.ok(fNew <= q.ctx.loss + 0.1 * eta * slope + 1e-6 * Math.abs(q.ctx.loss), `case ${k}: ${fNew} vs ${q.ctx.loss + 0.1 * eta * slope}`);
    moved.forEach((m, i) => assert.ok(Math.abs(m - eta * d[i]) <= 1e-6 * Math.abs(eta * d[i]) + 1e-12, `case ${k}: direction[${i}]`));
    if ((diagnostics.armijo_trials ?? 0) > 1) backtracked++;
    q.dispose();
  }
  assert.ok(backtracked > 0, 'some cases backtracked (the check is not vacuous)');
});

test('CDAT σ = 1 after a preconditioner: η = −gᵀd / dᵀAd, the exact minimiser along d (new gradient ⟂ d)', async () => {
  const rng = createRng(4);
  const tuner = chain(precondition(P), cdatTuner({ kind: 'cdat', sigma: 1 }));
  for (let k = 0; k < 10; k++) {
    const q = quadraticContext(A, Array.from({ length: A.n }, () => rng.normal()));
    const { eta, d, diagnostics } = await stepAlong(tuner, q);
    const dAd = dot64(d, matVec(A, d));
    assert.ok(relErr(eta, -dot64(q.g, d) / dAd) < 1e-5, `case ${k}`);
    assert.ok(relErr(diagnostics.cdat_gHg as number, dAd) < 1e-5, 'cdat_gHg is the curvature along the direction');
    const gNext = matVec(A, Array.from(q.w, (w, i) => w + eta * d[i]));
    assert.ok(Math.abs(dot64(gNext, d)) < 1e-4 * Math.sqrt(dot64(gNext, gNext) * dot64(d, d)) + 1e-9, `case ${k}`);
    q.dispose();
  }
});

test('a chain keeps each piece\'s state under its index, multiplies the step sizes, and resumes from JSON', async () => {
  const tuner = chain(constantTuner({ kind: 'constant', stepSize: 0.5 }), armijoTuner({ kind: 'armijo', preset: 'optax' }));
  assert.deepEqual(tuner.init(), { '1/etaPrev': 1 });
  const q = quadraticContext(A, [1, -2, 0.5, 3, -1, 0.7]);
  const first = await stepAlong(tuner, q);
  const armijoAlone = await stepAlong(armijoTuner({ kind: 'armijo', preset: 'optax' }), q);
  assert.deepEqual(Object.keys(first.state), ['1/etaPrev']);
  assert.equal(first.eta, 0.5 * first.state['1/etaPrev'], 'the recorded step size is the product of the pieces');
  assert.ok(Number.isFinite(armijoAlone.eta));
  const resumed = await stepAlong(tuner, q, JSON.parse(JSON.stringify(first.state)));
  const continued = await stepAlong(tuner, q, first.state);
  assert.deepEqual(resumed.state, continued.state);
  assert.equal(chain(constantTuner({ kind: 'constant', stepSize: 1 })).name, 'constant', 'a chain of one is that tuner');
  q.dispose();
});
