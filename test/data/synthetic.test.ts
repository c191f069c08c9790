import { before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../src/backend/select-backend';
import { makeTeacherTask } from '../../src/data/synthetic-teacher';
import { chebyshevT, makeChebyshevTask } from '../../src/data/synthetic-chebyshev';
import { syntheticDataset } from '../../src/data/synthetic-dataset';
import { disposeDataset } from '../../src/data/dataset';

const f32 = (t: tf.Tensor): Float32Array => t.dataSync() as Float32Array;

describe('random-teacher task', () => {
  before(async () => { await initBackend(); });

  it('has x [n, d] and y [n, k] float32 and is identical for the same seed', () => {
    const a = makeTeacherTask({ n: 50, inputDim: 6, outputDim: 3, hiddenWidths: [8, 8], seed: 5 });
    const b = makeTeacherTask({ n: 50, inputDim: 6, outputDim: 3, hiddenWidths: [8, 8], seed: 5 });
    assert.deepEqual(a.x.shape, [50, 6]);
    assert.deepEqual(a.y.shape, [50, 3]);
    assert.equal(a.layout, 'flat');
    assert.deepEqual(f32(a.x), f32(b.x));
    assert.deepEqual(f32(a.y), f32(b.y));
    [a, b].forEach(disposeDataset);
  });

  it('a different seed gives different inputs and a different teacher', () => {
    const a = makeTeacherTask({ n: 20, inputDim: 4, outputDim: 2, seed: 1 });
    const b = makeTeacherTask({ n: 20, inputDim: 4, outputDim: 2, seed: 2 });
    assert.notDeepEqual(f32(a.x), f32(b.x));
    assert.notDeepEqual(f32(a.y), f32(b.y));
    [a, b].forEach(disposeDataset);
  });

  it('inputs are standard normal and targets are a non-trivial, nonlinear function of them', () => {
    const data = makeTeacherTask({ n: 4000, inputDim: 5, outputDim: 1, hiddenWidths: [32], seed: 0 });
    const x = f32(data.x);
    const y = f32(data.y);
    const mean = x.reduce((s, v) => s + v, 0) / x.length;
    const variance = x.reduce((s, v) => s + (v - mean) ** 2, 0) / x.length;
    assert.ok(Math.abs(mean) < 0.03 && Math.abs(variance - 1) < 0.05, `mean ${mean}, var ${variance}`);
    const yVar = y.reduce((s, v) => s + v * v, 0) / y.length;
    assert.ok(yVar > 0.05 && yVar < 5, `target variance ${yVar}`);
    const r2 = linearFitR2(x, y, 4000, 5);
    assert.ok(r2 < 0.98, `a linear model explains R² = ${r2}: the teacher should be nonlinear`);
    disposeDataset(data);
  });

  it('classification gives one-hot targets of the teacher argmax, and several classes occur', () => {
    const data = makeTeacherTask({ n: 300, inputDim: 10, outputDim: 4, seed: 3, task: 'classification' });
    const labels = data.labels ?? new Uint8Array();
    const y = f32(data.y);
    assert.equal(labels.length, 300);
    for (let i = 0; i < 300; i++) {
      assert.equal(y[i * 4 + labels[i]], 1);
      assert.equal(y.slice(i * 4, i * 4 + 4).reduce((s, v) => s + v, 0), 1);
    }
    assert.ok(new Set(labels).size >= 3);
    assert.equal(data.description.task, 'classification');
    disposeDataset(data);
  });

  it('noise changes only the targets', () => {
    const clean = makeTeacherTask({ n: 30, inputDim: 3, outputDim: 2, seed: 9 });
    const noisy = makeTeacherTask({ n: 30, inputDim: 3, outputDim: 2, seed: 9, noiseStd: 0.1 });
    assert.deepEqual(f32(clean.x), f32(noisy.x));
    const diff = f32(clean.y).map((v, i) => v - f32(noisy.y)[i]);
    const rms = Math.sqrt(diff.reduce((s, v) => s + v * v, 0) / diff.length);
    assert.ok(rms > 0.05 && rms < 0.2, `noise rms ${rms}`);
    [clean, noisy].forEach(disposeDataset);
  });
});

describe('Chebyshev task', () => {
  it('chebyshevT matches cos(p·arccos x) on [-1, 1]', () => {
    for (const p of [0, 1, 2, 3, 5, 8]) {
      for (const x of [-1, -0.73, 0, 0.2, 0.99, 1]) assert.ok(Math.abs(chebyshevT(p, x) - Math.cos(p * Math.acos(x))) < 1e-12);
    }
  });

  it('chebyshev-4-20 has 20 evenly spaced points on [-1, 1] labelled by T_4', () => {
    const data = makeChebyshevTask({ degree: 4 });
    assert.deepEqual(data.x.shape, [20, 1]);
    assert.deepEqual(data.y.shape, [20, 1]);
    const x = f32(data.x);
    const y = f32(data.y);
    assert.equal(x[0], -1);
    assert.equal(x[19], 1);
    for (let i = 0; i < 20; i++) {
      assert.ok(Math.abs(x[i] - (-1 + (2 * i) / 19)) < 1e-7);
      assert.ok(Math.abs(y[i] - (8 * x[i] ** 4 - 8 * x[i] ** 2 + 1)) < 1e-5);
    }
    assert.equal(data.description.dataset, 'chebyshev-4-20');
    assert.equal(data.labels, undefined);
    disposeDataset(data);
  });

  it('lifted features are the powers x, x², x³ and the same seed gives identical noisy tensors', () => {
    const a = makeChebyshevTask({ degree: 5, n: 11, features: 3, noiseStd: 0.01, seed: 4 });
    const b = makeChebyshevTask({ degree: 5, n: 11, features: 3, noiseStd: 0.01, seed: 4 });
    assert.deepEqual(a.x.shape, [11, 3]);
    const x = f32(a.x);
    for (let i = 0; i < 11; i++) {
      assert.ok(Math.abs(x[i * 3 + 1] - x[i * 3] ** 2) < 1e-6 && Math.abs(x[i * 3 + 2] - x[i * 3] ** 3) < 1e-6);
    }
    assert.deepEqual(f32(a.y), f32(b.y));
    const c = makeChebyshevTask({ degree: 5, n: 11, features: 3, noiseStd: 0.01, seed: 5 });
    assert.notDeepEqual(f32(a.y), f32(c.y));
    [a, b, c].forEach(disposeDataset);
  });
});

/** R² of the least-squares linear fit y ≈ x·β (normal equations, Gaussian elimination). */
function linearFitR2(x: ArrayLike<number>, y: ArrayLike<number>, n: number, d: number): number {
  const a = Array.from({ length: d }, (_, i) => Array.from({ length: d + 1 }, (_, j) => {
    let s = 0;
    for (let r = 0; r < n; r++) s += x[r * d + i] * (j < d ? x[r * d + j] : y[r]);
    return s;
  }));
  for (let c = 0; c < d; c++) {
    for (let r = c + 1; r < d; r++) {
      const f = a[r][c] / a[c][c];
      for (let j = c; j <= d; j++) a[r][j] -= f * a[c][j];
    }
  }
  const beta = new Array<number>(d).fill(0);
  for (let c = d - 1; c >= 0; c--) {
    let s = a[c][d];
    for (let j = c + 1; j < d; j++) s -= a[c][j] * beta[j];
    beta[c] = s / a[c][c];
  }
  let rss = 0, tss = 0, mean = 0;
  for (let r = 0; r < n; r++) mean += y[r] / n;
  for (let r = 0; r < n; r++) {
    let fit = 0;
    for (let j = 0; j < d; j++) fit += x[r * d + j] * beta[j];
    rss += (y[r] - fit) ** 2;
    tss += (y[r] - mean) ** 2;
  }
  return 1 - rss / tss;
}

describe('syntheticDataset (run-config entry point)', () => {
  it('builds the same tensors as the task functions from JSON options', () => {
    const viaConfig = syntheticDataset('teacher', 40, 7, { inputDim: 5, outputDim: 3, hiddenWidths: '8,4', classification: true });
    const direct = makeTeacherTask({ n: 40, inputDim: 5, outputDim: 3, hiddenWidths: [8, 4], seed: 7, task: 'classification' });
    assert.deepEqual(f32(viaConfig.y), f32(direct.y));
    assert.deepEqual(viaConfig.description, direct.description);
    const cheb = syntheticDataset('chebyshev', 20, 0, { degree: 5 });
    assert.equal(cheb.description.dataset, 'chebyshev-5-20');
    [viaConfig, direct, cheb].forEach(disposeDataset);
  });

  it('rejects unknown options and mistyped values by name', () => {
    assert.throws(() => syntheticDataset('chebyshev', 20, 0, { degre: 5 }), /unknown chebyshev option\(s\) degre; valid: degree/);
    assert.throws(() => syntheticDataset('teacher', 20, 0, { inputDim: '5' }), /option inputDim must be a number/);
    assert.throws(() => syntheticDataset('teacher', 20, 0, { hiddenWidths: '8,x' }), /hiddenWidths\[1\] must be a positive integer/);
  });
});
