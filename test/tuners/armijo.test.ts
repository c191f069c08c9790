/**
 * Armijo backtracking against oracles: the sufficient-decrease inequality recomputed in float64
 * on a tanh MLP, the exact trial count and the (2β(1−c), 2(1−c)] band of η·ρ_g on quadratics,
 * the start-value rules, the fallbacks and the state round trip of both presets.
 */
import * as tf from '@tensorflow/tfjs-core';
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { armijoTuner, resolveArmijo } from '../../src/tuners/armijo';
import { createTuner } from '../../src/tuners/create-tuner';
import { Tuner, TunerContext } from '../../src/tuners/tuner';
import { mlp } from '../../src/model/mlp';
import { MlpSpec } from '../../src/model/model';
import { Params, axpy, disposeParams, dot, flatten } from '../../src/model/params';
import { objectiveValueAndGrad } from '../../src/curvature/hvp';
import { objectiveValue } from '../../src/objective/objective-value';
import { squaredLossSum } from '../../src/objective/squared-loss';
import { Objective } from '../../src/objective/objective';
import { syntheticDataset } from '../../src/data/synthetic-dataset';
import { disposeDataset } from '../../src/data/dataset';
import { createRng } from '../../src/util/rng';
import { StepResult, SymMatrix, quadraticContext, rotatedMatrix, relErr, stepper, useCpu } from './helpers';

const PRESETS = ['optax', 'sls'] as const;
const CONSTANTS = { optax: { c: 1e-4, beta: 0.8 }, sls: { c: 0.1, beta: 0.9 } } as const;

before(useCpu);

/** Loss scale: makes the problem sharp enough (λ > 2) that optax's η ≤ 1 has to backtrack. */
const SCALE = 10;

/** (S/2n) Σ (f(xᵢ) − yᵢ)² of a one-hidden-layer tanh MLP, in float64, from flat float32 params. */
function mlpLoss64(flat: Float32Array, x: Float32Array, y: Float32Array, din: number, h: number): number {
  const n = y.length;
  const b1 = din * h, k2 = b1 + h, b2 = k2 + h;
  let total = 0;
  for (let r = 0; r < n; r++) {
    let out = flat[b2];
    for (let j = 0; j < h; j++) {
      let z = flat[b1 + j];
      for (let i = 0; i < din; i++) z += x[r * din + i] * flat[i * h + j];
      out += Math.tanh(z) * flat[k2 + j];
    }
    total += 0.5 * SCALE * (out - y[r]) ** 2;
  }
  return total / n;
}

describe('Armijo on a tanh MLP', () => {
  for (const preset of PRESETS) {
    test(`every accepted ${preset} step satisfies f(w − ηg) ≤ f(w) − c·η·‖g‖², recomputed in float64, over 80 steps`, async () => {
      const { c } = CONSTANTS[preset];
      const spec: MlpSpec = { arch: 'mlp', inputDim: 4, hidden: [8], outputDim: 1, activation: 'tanh' };
      const model = mlp(spec);
      const data = syntheticDataset('teacher', 32, 11, { inputDim: 4, hiddenWidths: '6' });
      const obj: Objective = { forward: model.forward, lossSum: (o, t) => tf.mul(squaredLossSum(o, t), SCALE) as tf.Scalar, weightDecay: 0 };
      const x = data.x.dataSync() as Float32Array;
      const y = data.y.dataSync() as Float32Array;
      const tuner = stepper(armijoTuner({ kind: 'armijo', preset }));
      let params: Params = model.init(5);
      const f0 = mlpLoss64(flatten(params), x, y, 4, 8);
      let backtracked = 0;
      let worstSlack = -Infinity;
      for (let step = 0; step < 80; step++) {
        const { loss, grad } = objectiveValueAndGrad(obj, params, data);
        const gradNormSq = dot(grad, grad);
        const trials: { f64: number }[] = [];
        const ctx: TunerContext = {
          step, batchesPerEpoch: 1, params, loss, grad, gradNormSq,
          lossAt: async (p) => {
            trials.push({ f64: mlpLoss64(flatten(p), x, y, 4, 8) });
            return objectiveValue(obj, p, data);
          },
          hvp: async () => { throw new Error('unused'); },
          sharpness: async () => { throw new Error('unused'); },
        };
        const { stepSize: eta, diagnostics } = await tuner.step(ctx);
        assert.equal(diagnostics.armijo_fallback, false, `step ${step}: no trial passed`);
        assert.equal(diagnostics.armijo_trials, trials.length);
        if (trials.length > 1) backtracked++;
        const next = axpy(-eta, grad, params);
        const fw = mlpLoss64(flatten(params), x, y, 4, 8);
        const fNext = mlpLoss64(flatten(next), x, y, 4, 8);
        assert.equal(fNext, trials[trials.length - 1].f64, 'the accepted point is the last trial point');
        const slack = fNext - (fw - c * eta * gradNormSq);
        worstSlack = Math.max(worstSlack, slack / fw);
        assert.ok(slack <= 1e-6 * fw, `step ${step}: f64 ${fNext} > ${fw} − ${c}·${eta}·${gradNormSq}`);
        // every rejected trial violated the inequality (to float32 accuracy)
        trials.slice(0, -1).forEach((t, i) => {
          const trialEta = (diagnostics.armijo_start as number) * CONSTANTS[preset].beta ** i;
          assert.ok(t.f64 > fw - c * trialEta * gradNormSq - 1e-6 * fw, `step ${step}: trial ${i} should have passed`);
        });
        disposeParams(grad);
        disposeParams(params);
        params = next;
      }
      const fEnd = mlpLoss64(flatten(params), x, y, 4, 8);
      disposeParams(params);
      disposeDataset(data);
      assert.ok(backtracked >= 10, `only ${backtracked} steps backtracked: the test would not exercise the search`);
      assert.ok(fEnd < 0.5 * f0, `loss ${f0} → ${fEnd}: the line search should make progress`);
      assert.ok(worstSlack <= 1e-6, `${worstSlack}`);
    });
  }
});

describe('Armijo on quadratics f(w) = ½wᵀAw', () => {
  const A: SymMatrix = rotatedMatrix([8, 4, 2, 1, 0.5, 0.25], 0.6);

  for (const preset of PRESETS) {
    const { c, beta } = CONSTANTS[preset];
    test(`after a backtrack the accepted ${preset} η·ρ_g lies in (2β(1−c), 2(1−c)] = (${(2 * beta * (1 - c)).toFixed(4)}, ${(2 * (1 - c)).toFixed(4)}], with the exact trial count`, async () => {
      const rng = createRng(preset === 'optax' ? 101 : 202);
      let backtracked = 0;
      for (let k = 0; k < 60; k++) {
        const w = Array.from({ length: A.n }, () => rng.normal());
        const q = quadraticContext(A, w);
        const tuner = stepper(armijoTuner({ kind: 'armijo', preset }));
        tuner.state = { etaPrev: 0.5 + 2 * rng.uniform() };
        const { stepSize: eta, diagnostics } = await tuner.step(q.ctx);
        const start = diagnostics.armijo_start as number;
        const trials = diagnostics.armijo_trials as number;
        // On a quadratic the test passes iff η·ρ_g ≤ 2(1−c): the first passing trial is known in closed form.
        const expected = start * q.rho <= 2 * (1 - c) ? 0 : Math.ceil(Math.log((start * q.rho) / (2 * (1 - c))) / Math.log(1 / beta));
        assert.equal(trials - 1, expected, `case ${k}: start ${start}, ρ_g ${q.rho}`);
        assert.equal(q.trialCount(), trials);
        q.trialEtas.forEach((t, i) => assert.ok(relErr(t, start * beta ** i) < 1e-5, `trial ${i}: η ${t} vs ${start * beta ** i}`));
        assert.ok(relErr(eta, start * beta ** (trials - 1)) < 1e-12);
        const etaRho = eta * q.rho;
        assert.ok(etaRho <= 2 * (1 - c) * (1 + 1e-6), `case ${k}: η·ρ_g = ${etaRho} above 2(1−c)`);
        if (trials > 1) {
          backtracked++;
          assert.ok(etaRho > 2 * beta * (1 - c) * (1 - 1e-6), `case ${k}: η·ρ_g = ${etaRho} not above 2β(1−c)`);
        }
        q.dispose();
      }
      assert.ok(backtracked >= 40, `only ${backtracked}/60 cases backtracked`);
    });
  }
});

/** Accepts every first trial (lossAt = −∞), so stepSize = the start value. */
async function acceptAt(tuner: Tuner | ReturnType<typeof stepper>, batchesPerEpoch = 1): Promise<StepResult> {
  const q = quadraticContext(rotatedMatrix([2, 1], 0.3), [1, -1], { batchesPerEpoch, lossAt: () => -Infinity });
  const out = await ('update' in tuner ? stepper(tuner) : tuner).step(q.ctx);
  q.dispose();
  assert.equal(out.diagnostics.armijo_trials, 1);
  assert.equal(out.stepSize, out.diagnostics.armijo_start);
  return out;
}

describe('Armijo start values', () => {
  test('optax starts at min(1.5·η_prev, η_max = 1): η_prev = 1 initially, then ×1.5 per accepted step up to the cap', async () => {
    assert.equal((await acceptAt(armijoTuner({ kind: 'armijo', preset: 'optax' }))).stepSize, 1);
    const tuner = stepper(armijoTuner({ kind: 'armijo', preset: 'optax' }));
    tuner.state = { etaPrev: 0.01 };
    let expected = 0.01;
    for (let k = 0; k < 14; k++) {
      expected = Math.min(1, 1.5 * expected);
      assert.ok(relErr((await acceptAt(tuner)).stepSize, expected) < 1e-14, `step ${k}`);
    }
    assert.equal(expected, 1, 'the chain reached the cap');
    tuner.state = { etaPrev: 0.9 };
    assert.equal((await acceptAt(tuner)).stepSize, 1);
  });

  test('sls starts at η_prev·2^(1/batchesPerEpoch), uncapped: it doubles per epoch without backtracks', async () => {
    assert.equal((await acceptAt(armijoTuner({ kind: 'armijo', preset: 'sls' }), 1)).stepSize, 2);
    assert.ok(relErr((await acceptAt(armijoTuner({ kind: 'armijo', preset: 'sls' }), 4)).stepSize, 2 ** 0.25) < 1e-15);
    const tuner = stepper(armijoTuner({ kind: 'armijo', preset: 'sls' }));
    tuner.state = { etaPrev: 5 };
    assert.equal((await acceptAt(tuner, 1)).stepSize, 10, 'no cap at η_max = 1 (or anywhere)');
    tuner.state = { etaPrev: 0.3 };
    let last = 0;
    for (let k = 0; k < 8; k++) last = (await acceptAt(tuner, 4)).stepSize;
    assert.ok(relErr(last, 1.2) < 1e-12, `two epochs of 4 batches: 0.3·2² = 1.2, got ${last}`);
  });
});

describe('Armijo fallback when no trial passes', () => {
  for (const bad of [Infinity, NaN]) {
    test(`sls takes η = 1e-6 after 100 trials and reports armijo_fallback when every trial loss is ${bad}`, async () => {
      const tuner = stepper(armijoTuner({ kind: 'armijo', preset: 'sls' }));
      const q = quadraticContext(rotatedMatrix([2, 1], 0.3), [1, -1], { lossAt: () => bad });
      const { stepSize, diagnostics } = await tuner.step(q.ctx);
      assert.equal(stepSize, 1e-6);
      assert.equal(diagnostics.armijo_fallback, true);
      assert.equal(diagnostics.armijo_trials, 100);
      assert.equal(q.trialCount(), 100);
      q.dispose();
    });

    test(`optax takes its last (15th) trial η = start·0.8^14 and reports armijo_fallback when every trial loss is ${bad}`, async () => {
      const tuner = stepper(armijoTuner({ kind: 'armijo', preset: 'optax' }));
      tuner.state = { etaPrev: 0.4 };
      const q = quadraticContext(rotatedMatrix([2, 1], 0.3), [1, -1], { lossAt: () => bad });
      const { stepSize, diagnostics } = await tuner.step(q.ctx);
      assert.ok(relErr(stepSize, 0.6 * 0.8 ** 14) < 1e-12, `${stepSize}`);
      assert.equal(diagnostics.armijo_fallback, true);
      assert.equal(diagnostics.armijo_trials, 15);
      assert.equal(q.trialCount(), 15);
      q.dispose();
    });
  }

  test('a step whose trial passes reports armijo_fallback: false', async () => {
    const q = quadraticContext(rotatedMatrix([2, 1], 0.3), [1, -1]);
    const { diagnostics } = await stepper(armijoTuner({ kind: 'armijo', preset: 'sls' })).step(q.ctx);
    q.dispose();
    assert.equal(diagnostics.armijo_fallback, false);
  });
});

describe('Armijo state', () => {
  for (const preset of PRESETS) {
    test(`${preset}: state → JSON → a new tuner resumes with identical steps and diagnostics`, async () => {
      const A = rotatedMatrix([6, 3, 1, 0.2], 0.5);
      const config = { kind: 'armijo' as const, preset };
      const original = stepper(createTuner(config));
      const ws: number[][] = [[1, -2, 0.5, 3]];
      const outs: StepResult[] = [];
      let saved: Record<string, number> = {};
      for (let k = 0; k < 12; k++) {
        if (k === 6) saved = JSON.parse(JSON.stringify(original.state));
        const q = quadraticContext(A, ws[k], { step: k, batchesPerEpoch: 3 });
        const out = await original.step(q.ctx);
        outs.push(out);
        ws.push(Array.from(q.w, (x, i) => x - out.stepSize * q.g[i]));
        q.dispose();
      }
      const resumed = stepper(createTuner(config));
      resumed.state = saved;
      const fresh = stepper(createTuner(config));
      let differs = false;
      for (let k = 6; k < 12; k++) {
        const q = quadraticContext(A, ws[k], { step: k, batchesPerEpoch: 3 });
        assert.deepEqual(await resumed.step(q.ctx), outs[k], `step ${k}`);
        if (k === 6) differs = (await fresh.step(q.ctx)).stepSize !== outs[k].stepSize;
        q.dispose();
      }
      assert.ok(differs, 'a fresh tuner would have stepped differently (so the state matters)');
      assert.deepEqual(resumed.state, original.state);
    });
  }

  test('the presets resolve to the documented constants', () => {
    const optax = resolveArmijo({ kind: 'armijo', preset: 'optax' });
    const sls = resolveArmijo({ kind: 'armijo', preset: 'sls' });
    assert.deepEqual([optax.c, optax.beta, optax.increase, optax.etaMax, optax.maxTrials, optax.fallback], [1e-4, 0.8, 1.5, 1, 15, 'last']);
    assert.deepEqual([sls.c, sls.beta, sls.etaMax, sls.maxTrials, sls.fallback, sls.start], [0.1, 0.9, Infinity, 100, 1e-6, 'sls']);
  });
});
