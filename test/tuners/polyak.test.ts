/**
 * Polyak's step size (SPS_max) against hand-computed values: η = min(η_max, (f − f*)₊ / (c‖g‖² + ε)).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { polyakTuner, polyakRatio } from '../../src/tuners/polyak';
import { createTuner } from '../../src/tuners/create-tuner';
import { relErr, scalarContext, stepper } from './helpers';

test('polyak gives (0.9 − 0.1)/(0.5·4) = 0.4 exactly for f = 0.9, f* = 0.1, ‖g‖² = 4, c = 0.5, ε = 0', async () => {
  const { stepSize, diagnostics } = await stepper(polyakTuner({ kind: 'polyak', fStar: 0.1, c: 0.5, eps: 0 })).step(scalarContext(0.9, 4));
  assert.equal(stepSize, 0.4);
  assert.deepEqual(diagnostics, { polyak_raw: 0.4, polyak_capped: false });
});

test('polyak with c = 1 takes half the step of c = 0.5', async () => {
  const half = await stepper(polyakTuner({ kind: 'polyak', fStar: 0.1, c: 0.5, eps: 0 })).step(scalarContext(0.9, 4));
  const one = await stepper(polyakTuner({ kind: 'polyak', fStar: 0.1, c: 1, eps: 0 })).step(scalarContext(0.9, 4));
  assert.equal(one.stepSize, 0.2);
  assert.equal(half.stepSize, 2 * one.stepSize);
});

test('polyak defaults are f* = 0, c = 1, η_max = 1, ε = 1e-12 (optax polyak_sgd): f = 0.9, ‖g‖² = 4 → 0.225', async () => {
  const { stepSize } = await stepper(createTuner({ kind: 'polyak' })).step(scalarContext(0.9, 4));
  assert.ok(relErr(stepSize, 0.9 / (4 + 1e-12)) < 1e-15);
  assert.ok(relErr(stepSize, 0.225) < 1e-12);
});

test('polyak caps at η_max and says so with polyak_capped; a raw value equal to the cap is not capped', async () => {
  const capped = await stepper(polyakTuner({ kind: 'polyak', fStar: 0.1, c: 0.5, eps: 0, etaMax: 0.25 })).step(scalarContext(0.9, 4));
  assert.equal(capped.stepSize, 0.25);
  assert.deepEqual(capped.diagnostics, { polyak_raw: 0.4, polyak_capped: true });
  const atCap = await stepper(polyakTuner({ kind: 'polyak', fStar: 0.1, c: 0.5, eps: 0, etaMax: 0.4 })).step(scalarContext(0.9, 4));
  assert.equal(atCap.stepSize, 0.4);
  assert.equal(atCap.diagnostics.polyak_capped, false);
  const below = await stepper(polyakTuner({ kind: 'polyak', fStar: 0.1, c: 0.5, eps: 0, etaMax: 0.41 })).step(scalarContext(0.9, 4));
  assert.equal(below.stepSize, 0.4);
  assert.equal(below.diagnostics.polyak_capped, false);
});

test('polyak takes η = 0 when f < f* (the positive part), and when f = f*', async () => {
  const under = await stepper(polyakTuner({ kind: 'polyak', fStar: 0.5, c: 0.5 })).step(scalarContext(0.3, 4));
  assert.equal(under.stepSize, 0);
  assert.equal(under.diagnostics.polyak_raw, 0);
  assert.equal(under.diagnostics.polyak_capped, false);
  assert.equal((await stepper(polyakTuner({ kind: 'polyak', fStar: 0.3 })).step(scalarContext(0.3, 4))).stepSize, 0);
});

test('polyak at a zero gradient with f > f* takes the cap, never ∞ or NaN (ε keeps the ratio finite)', async () => {
  const { stepSize, diagnostics } = await stepper(polyakTuner({ kind: 'polyak', etaMax: 2 })).step(scalarContext(0.5, 0));
  assert.equal(stepSize, 2);
  assert.equal(diagnostics.polyak_raw, 0.5 / 1e-12);
  assert.equal(diagnostics.polyak_capped, true);
});

test('polyakRatio is the uncapped formula and the tuner has no state to carry', () => {
  assert.equal(polyakRatio(0.9, 4, { fStar: 0.1, c: 0.5, eps: 0 }), 0.4);
  assert.equal(polyakRatio(2.5, 10, { fStar: 0, c: 0.5, eps: 0 }), 0.5);
  const tuner = stepper(polyakTuner({ kind: 'polyak' }));
  assert.deepEqual(tuner.state, {});
});

test('polyak rejects a non-positive c or η_max', () => {
  assert.throws(() => polyakTuner({ kind: 'polyak', c: 0 }), /c must be > 0/);
  assert.throws(() => polyakTuner({ kind: 'polyak', etaMax: -1 }), /etaMax/);
});
