/**
 * CDAT on quadratics with a known Hessian A: σ = 1 is the exact line minimiser along −g, σ = 2
 * puts η·ρ_g at 2, and the bias-corrected EMA of numerator and denominator behaves as documented.
 */
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cdatTuner } from '../../src/tuners/cdat';
import { createTuner } from '../../src/tuners/create-tuner';
import { createRng } from '../../src/util/rng';
import { dot64, matVec, quadraticContext, quadValue, relErr, rotatedMatrix, StepResult, stepper, useCpu } from './helpers';

before(useCpu);

const A = rotatedMatrix([9, 4, 2, 1, 0.5, 0.1], 0.7);

describe('CDAT step size', () => {
  test('σ = 1 gives η = ‖g‖²/gᵀAg, the exact minimiser of f(w − ηg): the new gradient is orthogonal to g', async () => {
    const rng = createRng(7);
    for (let k = 0; k < 20; k++) {
      const q = quadraticContext(A, Array.from({ length: A.n }, () => rng.normal()));
      const { stepSize: eta, diagnostics } = await stepper(cdatTuner({ kind: 'cdat', sigma: 1 })).step(q.ctx);
      const gAg = dot64(q.g, matVec(A, q.g));
      assert.ok(relErr(eta, dot64(q.g, q.g) / gAg) < 1e-6, `case ${k}: ${eta}`);
      assert.ok(relErr(diagnostics.cdat_gHg as number, gAg) < 1e-6);
      assert.ok(relErr(diagnostics.cdat_rayleigh as number, q.rho) < 1e-6);
      // oracle independent of the formula: at the minimiser along −g the gradient A(w − ηg) ⟂ g
      const wNext = Array.from(q.w, (x, i) => x - eta * q.g[i]);
      const gNext = matVec(A, wNext);
      assert.ok(Math.abs(dot64(gNext, q.g)) < 1e-5 * Math.sqrt(dot64(gNext, gNext) * dot64(q.g, q.g)) + 1e-12, `case ${k}`);
      // and it beats nearby step sizes
      const f = (e: number): number => quadValue(A, Array.from(q.w, (x, i) => x - e * q.g[i]));
      assert.ok(f(eta) <= f(eta * 1.01) && f(eta) <= f(eta * 0.99));
      q.dispose();
    }
  });

  test('σ = 2 gives twice the σ = 1 step, so η·ρ_g = 2 (on edge)', async () => {
    const rng = createRng(8);
    for (let k = 0; k < 10; k++) {
      const q = quadraticContext(A, Array.from({ length: A.n }, () => rng.normal()));
      const one = await stepper(cdatTuner({ kind: 'cdat', sigma: 1 })).step(q.ctx);
      const two = await stepper(cdatTuner({ kind: 'cdat', sigma: 2 })).step(q.ctx);
      assert.equal(two.stepSize, 2 * one.stepSize);
      assert.ok(Math.abs(two.stepSize * q.rho - 2) < 1e-5, `η·ρ_g = ${two.stepSize * q.rho}`);
      q.dispose();
    }
  });

  test('negative curvature along g uses |gᵀHg|: η = σ‖g‖²/|gᵀAg|, and etaMax caps', async () => {
    const indefinite = rotatedMatrix([-3, 1, -0.5, 0.2], 0.4);
    const q = quadraticContext(indefinite, [2, 0.1, 1, 0.3]);
    const gAg = dot64(q.g, matVec(indefinite, q.g));
    assert.ok(gAg < 0, 'the case has negative curvature along g');
    const { stepSize, diagnostics } = await stepper(cdatTuner({ kind: 'cdat', sigma: 2 })).step(q.ctx);
    assert.ok(relErr(stepSize, (2 * dot64(q.g, q.g)) / -gAg) < 1e-6);
    assert.ok((diagnostics.cdat_rayleigh as number) < 0);
    const capped = await stepper(cdatTuner({ kind: 'cdat', sigma: 2, etaMax: stepSize / 2 })).step(q.ctx);
    assert.equal(capped.stepSize, stepSize / 2);
    q.dispose();
  });
});

describe('CDAT smoothing', () => {
  /** Runs a tuner over the GD path w ← w − η_k g_k and returns per-step (‖g‖², |gᵀAg|, result). */
  async function path(config: { sigma: number; ema?: number }, steps: number) {
    const tuner = stepper(createTuner({ kind: 'cdat', ...config }));
    let w: number[] = [1, -2, 0.5, 3, -1, 0.7];
    const rows: { num: number; den: number; out: StepResult }[] = [];
    for (let k = 0; k < steps; k++) {
      const q = quadraticContext(A, w, { step: k });
      const out = await tuner.step(q.ctx);
      rows.push({ num: dot64(q.g, q.g), den: Math.abs(dot64(q.g, matVec(A, q.g))), out });
      // a fixed, non-greedy step so consecutive gradients differ a lot
      w = Array.from(q.w, (x, i) => x - 0.15 * q.g[i]);
      q.dispose();
    }
    return { tuner, rows };
  }

  test('with ema = 0.9 the first step is exact (bias correction) and step t is σ·Σβ^(t−s)‖g_s‖² / Σβ^(t−s)|g_sᵀAg_s|', async () => {
    const beta = 0.9;
    const { rows } = await path({ sigma: 2, ema: beta }, 8);
    assert.ok(relErr(rows[0].out.stepSize, (2 * rows[0].num) / rows[0].den) < 1e-6, 'first step exact');
    rows.forEach((r, t) => {
      let num = 0, den = 0;
      for (let s = 0; s <= t; s++) { num += beta ** (t - s) * rows[s].num; den += beta ** (t - s) * rows[s].den; }
      assert.ok(relErr(r.out.stepSize, (2 * num) / den) < 1e-6, `step ${t}: ${r.out.stepSize} vs ${(2 * num) / den}`);
    });
    const unsmoothed = rows.map((r) => (2 * r.num) / r.den);
    assert.ok(unsmoothed.some((u, t) => relErr(rows[t].out.stepSize, u) > 0.05), 'the smoothing changed some steps');
  });

  test('with ema = 0 every step is the instantaneous σ‖g‖²/|gᵀAg|', async () => {
    const { rows } = await path({ sigma: 1 }, 6);
    rows.forEach((r, t) => assert.ok(relErr(r.out.stepSize, r.num / r.den) < 1e-6, `step ${t}`));
  });

  test('state → JSON → a new tuner resumes the EMA exactly', async () => {
    const config = { sigma: 2, ema: 0.8 };
    const full = await path(config, 6);
    const first = await path(config, 3);
    const resumed = stepper(createTuner({ kind: 'cdat', ...config }));
    resumed.state = JSON.parse(JSON.stringify(first.tuner.state));
    let w: number[] = [1, -2, 0.5, 3, -1, 0.7];
    for (let k = 0; k < 6; k++) {
      const q = quadraticContext(A, w, { step: k });
      if (k >= 3) assert.deepEqual(await resumed.step(q.ctx), full.rows[k].out, `step ${k}`);
      w = Array.from(q.w, (x, i) => x - 0.15 * q.g[i]);
      q.dispose();
    }
    assert.deepEqual(resumed.state, full.tuner.state);
  });

  test('cdat rejects σ ≤ 0 and an EMA factor outside [0, 1)', () => {
    assert.throws(() => cdatTuner({ kind: 'cdat', sigma: 0 }), /sigma/);
    assert.throws(() => cdatTuner({ kind: 'cdat', sigma: 1, ema: 1 }), /ema/);
  });
});
