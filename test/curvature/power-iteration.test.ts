import { test } from 'node:test';
import assert from 'node:assert/strict';
import { powerIteration } from '../../src/curvature/power-iteration';
import { lanczos } from '../../src/curvature/lanczos';
import { denseOperator } from '../../src/curvature/symmetric-operator';
import {
  diagonal, float32Operator, orthonormalityError, perturbed, relErr, spectrum, topOf, trueResidual, withSpectrum,
} from '../linalg/fixtures';

const nnLike = spectrum([100, 60, 40, 25], 300, -2, 5, 1);
const nnMatrix = withSpectrum(nnLike, 2).a;

for (const k of [1, 2, 3]) {
  test(`powerIteration recovers the top k=${k} eigenvalues of a 300×300 diagonal matrix to 1e-8`, async () => {
    const lambdas = spectrum([5, 4, 3.2], 300, 0, 2.5, 20 + k);
    const r = await powerIteration(denseOperator(diagonal(lambdas)), { k, tol: 1e-9 });
    assert.equal(r.converged, true);
    assert.equal(r.method, 'power');
    topOf(lambdas, k).forEach((l, i) => assert.ok(relErr(r.values[i], l) < 1e-8, `λ${i + 1} ${r.values[i]} vs ${l}`));
  });

  test(`powerIteration recovers the top k=${k} eigenvalues and eigenvectors of a random Q·diag·Qᵀ to 1e-8`, async () => {
    const { a, q } = withSpectrum(nnLike, 2);
    const r = await powerIteration(denseOperator(a), { k, tol: 1e-9 });
    assert.equal(r.converged, true);
    topOf(nnLike, k).forEach((l, i) => {
      assert.ok(relErr(r.values[i], l) < 1e-8, `λ${i + 1} ${r.values[i]} vs ${l}`);
      const overlap = r.vectors[i].reduce((s, x, j) => s + x * q[i][j], 0);
      assert.ok(1 - Math.abs(overlap) < 1e-8);
    });
  });
}

test('powerIteration reports the top ALGEBRAIC eigenvalue (+3), not the dominant-magnitude one (−10)', async () => {
  const lambdas = spectrum([-10, 3, 2], 100, -5, 1, 5);
  const op = denseOperator(withSpectrum(lambdas, 6).a);
  const one = await powerIteration(op, { tol: 1e-9 });
  assert.ok(one.converged && relErr(one.values[0], 3) < 1e-8, `${one.values}`);
  const two = await powerIteration(op, { k: 2, tol: 1e-9 });
  assert.ok(two.converged && relErr(two.values[0], 3) < 1e-8 && relErr(two.values[1], 2) < 1e-8, `${two.values}`);
});

test('powerIteration shifts for pair 2 when the deflated operator is dominated by a negative eigenvalue', async () => {
  const lambdas = spectrum([10, -9, 3], 80, -2, 2, 12);
  const r = await powerIteration(denseOperator(withSpectrum(lambdas, 13).a), { k: 2, tol: 1e-9 });
  assert.ok(r.converged && relErr(r.values[0], 10) < 1e-8 && relErr(r.values[1], 3) < 1e-8, `${r.values}`);
});

test('powerIteration finds the top eigenvalue of a negative definite matrix', async () => {
  const lambdas = spectrum([-1, -1.5], 60, -8, -2, 3);
  const r = await powerIteration(denseOperator(withSpectrum(lambdas, 4).a), { k: 2, tol: 1e-9 });
  assert.ok(r.converged && relErr(r.values[0], -1) < 1e-8 && relErr(r.values[1], -1.5) < 1e-8, `${r.values}`);
});

test('powerIteration resolves a moderately clustered top (10, 9.9, 9.8) given enough iterations', async () => {
  const lambdas = spectrum([10, 9.9, 9.8], 100, 0, 5, 7);
  const r = await powerIteration(denseOperator(withSpectrum(lambdas, 8).a), { k: 3, tol: 1e-7, maxIter: 5000 });
  assert.equal(r.converged, true);
  [10, 9.9, 9.8].forEach((l, i) => assert.ok(relErr(r.values[i], l) < 1e-8, `λ${i + 1} ${r.values[i]}`));
});

test('powerIteration handles a rank-deficient matrix with k beyond its rank', async () => {
  const r = await powerIteration(denseOperator(withSpectrum([5, 3, ...new Array(48).fill(0)], 9).a), { k: 3, tol: 1e-7 });
  assert.ok(r.converged);
  [5, 3, 0].forEach((l, i) => assert.ok(Math.abs(r.values[i] - l) < 1e-8, `${r.values}`));
});

test('a warm-started powerIteration on a slightly perturbed matrix needs ≤ 10 matvecs and fewer than cold', async () => {
  const before = await powerIteration(denseOperator(nnMatrix), { tol: 1e-10 });
  const after = denseOperator(perturbed(nnMatrix, 1, 13));
  const cold = await powerIteration(after, { tol: 1e-3 });
  const warm = await powerIteration(after, { tol: 1e-3, start: before.vectors });
  assert.ok(warm.converged && warm.matvecs <= 10 && warm.matvecs < cold.matvecs, `warm ${warm.matvecs}, cold ${cold.matvecs}`);
});

test('powerIteration on a float32-rounded operator still gives λ₁ to 1e-5', async () => {
  const r = await powerIteration(float32Operator(nnMatrix), { k: 2, tol: 1e-5 });
  assert.equal(r.converged, true);
  topOf(nnLike, 2).forEach((l, i) => assert.ok(relErr(r.values[i], l) < 1e-5, `λ${i + 1} ${r.values[i]}`));
});

test('powerIteration reports true residuals ‖Av − λv‖/|λ| and orthonormal vectors', async () => {
  const r = await powerIteration(denseOperator(nnMatrix), { k: 3, tol: 1e-8 });
  r.vectors.forEach((v, i) => {
    const truth = trueResidual(nnMatrix, v, r.values[i]);
    assert.ok(Math.abs(r.residuals[i] - truth) <= 1e-6 * truth + 1e-13, `${r.residuals[i]} vs ${truth}`);
    assert.ok(r.residuals[i] <= 1e-8);
  });
  assert.ok(orthonormalityError(r.vectors) < 1e-8);
});

test('powerIteration agrees with lanczos on the same operator', async () => {
  const p = await powerIteration(denseOperator(nnMatrix), { k: 3, tol: 1e-8 });
  const l = await lanczos(denseOperator(nnMatrix), { k: 3, tol: 1e-8 });
  p.values.forEach((v, i) => assert.ok(relErr(v, l.values[i]) < 1e-10));
  assert.ok(l.matvecs < p.matvecs);
});

test('powerIteration reports converged=false at maxIter and rejects when aborted', async () => {
  const r = await powerIteration(denseOperator(nnMatrix), { tol: 1e-12, maxIter: 5 });
  assert.equal(r.converged, false);
  assert.equal(r.matvecs, 5);
  const ctl = new AbortController();
  await assert.rejects(
    powerIteration(denseOperator(nnMatrix), { tol: 1e-12, signal: ctl.signal, onIteration: (p) => { if (p.iteration === 3) ctl.abort(); } }),
    { name: 'AbortError' },
  );
});
