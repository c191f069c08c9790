/**
 * The line-search variants of the paper's open questions, against closed forms on quadratics
 * f(w) = ½wᵀAw (along u = −g, f(w − ηg) = f − η‖g‖² + ½η²ρ_g‖g‖²): Goldstein accepts exactly
 * η·ρ_g ∈ [2c, 2(1 − c)] from starts too short and too long; non-monotone Armijo accepts the first
 * trial below max(f_k, …, f_{k−M+1}) + c·η·gᵀu and shifts its loss history; both leave the identity
 * of plain Armijo runs unchanged.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { armijoTuner, resolveArmijoConfig } from '../../src/tuners/armijo';
import { canonicalJson } from '../../src/store/canonical-json';
import { createRng } from '../../src/util/rng';
import { SymMatrix, quadraticContext, rotatedMatrix, stepper, useCpu } from './helpers';

before(useCpu);

const A: SymMatrix = rotatedMatrix([8, 4, 2, 1, 0.5, 0.25], 0.6);

test('Goldstein accepts η·ρ_g in [2c, 2(1 − c)] whether the first trial is too short or too long', async () => {
  const c = 0.25;
  const rng = createRng(31);
  let grew = 0, shrank = 0;
  for (let k = 0; k < 80; k++) {
    const w = Array.from({ length: A.n }, () => rng.normal());
    const q = quadraticContext(A, w);
    const etaInit = 10 ** (-2.5 + 3.5 * rng.uniform()) / q.rho * 2; // η·ρ_g from ≈ 0.006 to ≈ 20
    const tuner = stepper(armijoTuner({ kind: 'armijo', preset: 'sls', condition: 'goldstein', c, start: 'reset', etaInit, maxTrials: 60 }));
    const { stepSize: eta, diagnostics } = await tuner.step(q.ctx);
    assert.equal(diagnostics.armijo_fallback, false, `case ${k}: no pass`);
    const etaRho = eta * q.rho;
    assert.ok(etaRho >= 2 * c * (1 - 1e-5) && etaRho <= 2 * (1 - c) * (1 + 1e-5), `case ${k}: η·ρ_g = ${etaRho} outside [${2 * c}, ${2 * (1 - c)}] (start ${etaInit * q.rho})`);
    if (etaInit * q.rho < 2 * c) grew++;
    if (etaInit * q.rho > 2 * (1 - c)) shrank++;
    q.dispose();
  }
  assert.ok(grew >= 15 && shrank >= 15, `cases: ${grew} grew, ${shrank} shrank`);
});

test('Goldstein needs c < 1/2, and at etaMax takes a step that is only too short', async () => {
  assert.throws(() => armijoTuner({ kind: 'armijo', condition: 'goldstein', c: 0.5 }), /needs c < 1\/2/);
  const q = quadraticContext(A, [1, -1, 0.5, 2, -0.3, 0.1]);
  const etaMax = 0.05 / q.rho; // η·ρ_g = 0.05 < 2c: too short, but the cap
  const { stepSize, diagnostics } = await stepper(armijoTuner({ kind: 'armijo', condition: 'goldstein', c: 0.25, etaMax, etaInit: etaMax / 4, start: 'reset' })).step(q.ctx);
  assert.ok(Math.abs(stepSize - etaMax) < 1e-12 * etaMax, `${stepSize} vs ${etaMax}`);
  assert.equal(diagnostics.armijo_fallback, false);
  q.dispose();
});

test('non-monotone Armijo compares with the largest of the last M losses, and M = 1 is plain Armijo', async () => {
  const c = 0.1, beta = 0.5;
  const rng = createRng(47);
  for (let k = 0; k < 40; k++) {
    const w = Array.from({ length: A.n }, () => rng.normal());
    const q = quadraticContext(A, w);
    const f = q.ctx.loss, g2 = q.ctx.gradNormSq;
    const history = [f * (1 + 2 * rng.uniform()), f * rng.uniform()]; // one earlier loss above f, one below
    const reference = Math.max(f, ...history);
    const start = 8 / q.rho;
    const tuner = stepper(armijoTuner({ kind: 'armijo', preset: 'sls', c, beta, start: 'reset', etaInit: start, nonMonotone: 3 }));
    tuner.state = { etaPrev: start, recent0: history[0], recent1: history[1] };
    const { stepSize: eta, diagnostics } = await tuner.step(q.ctx);
    // First i with f − η‖g‖² + ½η²ρ‖g‖² ≤ R − cη‖g‖², η = start·βⁱ (float64 closed form).
    let expected = start;
    while (f - expected * g2 + 0.5 * expected ** 2 * q.rho * g2 > reference - c * expected * g2) expected *= beta;
    assert.ok(Math.abs(eta - expected) <= 1e-9 * expected, `case ${k}: η ${eta} vs ${expected}`);
    assert.equal(diagnostics.armijo_reference, reference);
    assert.deepEqual(tuner.state, { etaPrev: eta, recent0: f, recent1: history[0] });
    const plain = stepper(armijoTuner({ kind: 'armijo', preset: 'sls', c, beta, start: 'reset', etaInit: start }));
    const mono = stepper(armijoTuner({ kind: 'armijo', preset: 'sls', c, beta, start: 'reset', etaInit: start, nonMonotone: 1 }));
    assert.equal((await mono.step(q.ctx)).stepSize, (await plain.step(q.ctx)).stepSize);
    assert.deepEqual(mono.state, plain.state);
    q.dispose();
  }
});

test('plain Armijo configs resolve exactly as before (run identities unchanged); the variants appear only when used', () => {
  const before = '{"beta":0.8,"c":0.0001,"etaInit":1,"etaMax":1,"fallback":"last","increase":1.5,"kind":"armijo","maxTrials":15,"preset":"optax","start":"increase"}';
  assert.equal(canonicalJson(resolveArmijoConfig({ kind: 'armijo' })), before);
  assert.equal(canonicalJson(resolveArmijoConfig({ kind: 'armijo', condition: 'armijo', nonMonotone: 1 })), before);
  const variant = resolveArmijoConfig({ kind: 'armijo', condition: 'goldstein', nonMonotone: 5 });
  assert.equal(variant.condition, 'goldstein');
  assert.equal(variant.nonMonotone, 5);
  assert.deepEqual(armijoTuner({ kind: 'armijo', nonMonotone: 3 }).init(), { etaPrev: 1, recent0: -Infinity, recent1: -Infinity });
});
