import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lanczos } from '../../src/curvature/lanczos';
import { denseOperator } from '../../src/curvature/symmetric-operator';
import {
  diagonal, float32Operator, orthonormalityError, perturbed, relErr, spectrum, topOf, trueResidual, withSpectrum,
} from '../linalg/fixtures';

// Hessian-like: a few outliers above a bulk near zero (seeded).
const nnLike = spectrum([100, 60, 40, 25], 300, -2, 5, 1);
const nnMatrix = withSpectrum(nnLike, 2).a;

for (const k of [1, 2, 3]) {
  test(`lanczos recovers the top k=${k} eigenvalues of a 500×500 diagonal matrix to 1e-8`, async () => {
    const lambdas = spectrum([5, 4.5, 4], 500, 0, 3, 10 + k);
    const r = await lanczos(denseOperator(diagonal(lambdas)), { k, tol: 1e-9 });
    assert.equal(r.converged, true);
    assert.equal(r.method, 'lanczos');
    topOf(lambdas, k).forEach((l, i) => assert.ok(relErr(r.values[i], l) < 1e-8, `λ${i + 1} ${r.values[i]} vs ${l}`));
  });

  test(`lanczos recovers the top k=${k} eigenvalues and eigenvectors of a random Q·diag·Qᵀ to 1e-8`, async () => {
    const { a, q } = withSpectrum(nnLike, 2);
    const r = await lanczos(denseOperator(a), { k, tol: 1e-9 });
    assert.equal(r.converged, true);
    topOf(nnLike, k).forEach((l, i) => {
      assert.ok(relErr(r.values[i], l) < 1e-8, `λ${i + 1} ${r.values[i]} vs ${l}`);
      const overlap = r.vectors[i].reduce((s, x, j) => s + x * q[i][j], 0); // q[i] is λ = nnLike[i]
      assert.ok(1 - Math.abs(overlap) < 1e-8);
    });
  });
}

test('lanczos reports the top ALGEBRAIC eigenvalue (+3), not the dominant-magnitude one (−10)', async () => {
  const lambdas = spectrum([-10, 3, 2], 200, -5, 1, 5);
  const r = await lanczos(denseOperator(withSpectrum(lambdas, 6).a), { k: 2, tol: 1e-9 });
  assert.ok(relErr(r.values[0], 3) < 1e-8 && relErr(r.values[1], 2) < 1e-8, `${r.values}`);
});

test('lanczos separates a tight cluster of top eigenvalues (10, 9.999, 9.998)', async () => {
  const lambdas = spectrum([10, 9.999, 9.998], 200, 0, 5, 7);
  const r = await lanczos(denseOperator(withSpectrum(lambdas, 8).a), { k: 3, tol: 1e-9 });
  assert.equal(r.converged, true);
  [10, 9.999, 9.998].forEach((l, i) => assert.ok(relErr(r.values[i], l) < 1e-8, `λ${i + 1} ${r.values[i]}`));
});

test('lanczos stops exactly at breakdown on a rank-3 matrix and restarts when k exceeds the Krylov space', async () => {
  const lambdas = [5, 3, 1, ...new Array(97).fill(0)];
  const op = denseOperator(withSpectrum(lambdas, 9).a);
  const two = await lanczos(op, { k: 2, tol: 1e-12 });
  assert.ok(two.converged && two.matvecs <= 4, `matvecs ${two.matvecs}`);
  assert.ok(relErr(two.values[0], 5) < 1e-12 && relErr(two.values[1], 3) < 1e-12);
  const five = await lanczos(op, { k: 5, tol: 1e-12 });
  assert.ok(five.converged && five.matvecs <= 6, `matvecs ${five.matvecs}`);
  [5, 3, 1, 0, 0].forEach((l, i) => assert.ok(Math.abs(five.values[i] - l) < 1e-12, `${five.values}`));
  assert.ok(orthonormalityError(five.vectors) < 1e-10);
});

test('lanczos with k > dim returns all dim eigenpairs exactly', async () => {
  const lambdas = [4, -1, 2.5, 0.5, -3, 1];
  const r = await lanczos(denseOperator(withSpectrum(lambdas, 3).a), { k: 10 });
  assert.equal(r.values.length, 6);
  assert.ok(r.converged && r.matvecs <= 6);
  topOf(lambdas, 6).forEach((l, i) => assert.ok(Math.abs(r.values[i] - l) < 1e-12));
});

test('a warm start from the previous eigenvectors of a slightly perturbed matrix needs ≤ 10 matvecs and fewer than cold', async () => {
  const before = await lanczos(denseOperator(nnMatrix), { k: 3, tol: 1e-10 });
  const after = denseOperator(perturbed(nnMatrix, 1, 13)); // ‖E‖_F = 1% of λ₁
  for (const k of [1, 3]) {
    const cold = await lanczos(after, { k, tol: 1e-3 });
    const warm = await lanczos(after, { k, tol: 1e-3, start: before.vectors.slice(0, k) });
    assert.ok(warm.converged && warm.residuals.every((r) => r <= 1e-3));
    assert.ok(warm.matvecs <= 10 && warm.matvecs < cold.matvecs, `k=${k}: warm ${warm.matvecs}, cold ${cold.matvecs}`);
    assert.ok(relErr(warm.values[0], cold.values[0]) < 1e-3);
  }
});

test('a warm start that is exactly a non-top eigenvector still finds the top eigenvalue', async () => {
  const { a, q } = withSpectrum(nnLike, 2);
  const r = await lanczos(denseOperator(a), { start: q[1], tol: 1e-6 }); // q[1] has λ = 60
  assert.ok(relErr(r.values[0], 100) < 1e-9, `${r.values[0]}`);
  const trapped = await lanczos(denseOperator(a), { start: q[1], startNoise: 0, tol: 1e-6 });
  assert.ok(relErr(trapped.values[0], 60) < 1e-12 && trapped.matvecs === 1); // why the noise exists
});

test('lanczos on a float32-rounded operator still gives λ₁ to 1e-5', async () => {
  const r = await lanczos(float32Operator(nnMatrix), { k: 3, tol: 1e-5 });
  assert.equal(r.converged, true);
  topOf(nnLike, 3).forEach((l, i) => assert.ok(relErr(r.values[i], l) < 1e-5, `λ${i + 1} ${r.values[i]}`));
});

test('the reported residuals are the true residuals ‖Av − λv‖/|λ|', async () => {
  const r = await lanczos(denseOperator(nnMatrix), { k: 3, tol: 1e-3 });
  r.vectors.forEach((v, i) => {
    const truth = trueResidual(nnMatrix, v, r.values[i]);
    assert.ok(Math.abs(r.residuals[i] - truth) <= 1e-6 * truth + 1e-13, `${r.residuals[i]} vs ${truth}`);
    assert.ok(r.residuals[i] <= 1e-3);
  });
});

test('verify recomputes the residuals with k extra matvecs', async () => {
  const plain = await lanczos(denseOperator(nnMatrix), { k: 2 });
  const checked = await lanczos(denseOperator(nnMatrix), { k: 2, verify: true });
  assert.equal(checked.matvecs, plain.matvecs + 2);
  checked.vectors.forEach((v, i) => assert.ok(relErr(checked.residuals[i], trueResidual(nnMatrix, v, checked.values[i])) < 1e-9));
});

test('lanczos returns k eigenvectors orthonormal to 1e-8', async () => {
  const r = await lanczos(denseOperator(nnMatrix), { k: 5, tol: 1e-8 });
  assert.equal(r.vectors.length, 5);
  assert.ok(orthonormalityError(r.vectors) < 1e-8);
});

test('lanczos is deterministic for a seed and aligns vector signs with the warm start', async () => {
  const a = await lanczos(denseOperator(nnMatrix), { k: 2, seed: 4 });
  const b = await lanczos(denseOperator(nnMatrix), { k: 2, seed: 4 });
  assert.deepEqual(a.values, b.values);
  assert.equal(a.matvecs, b.matvecs);
  const flipped = a.vectors.map((v) => v.map((x) => -x));
  const c = await lanczos(denseOperator(nnMatrix), { k: 2, start: flipped });
  c.vectors.forEach((v, i) => assert.ok(v.reduce((s, x, j) => s + x * flipped[i][j], 0) > 0.99));
});

test('lanczos reports progress every iteration and rejects when aborted', async () => {
  const seen: number[] = [];
  await lanczos(denseOperator(nnMatrix), { onIteration: (p) => seen.push(p.matvecs) });
  assert.deepEqual(seen, seen.map((_, i) => i + 1));
  const ctl = new AbortController();
  await assert.rejects(
    lanczos(denseOperator(nnMatrix), { tol: 1e-12, signal: ctl.signal, onIteration: (p) => { if (p.iteration === 2) ctl.abort(); } }),
    { name: 'AbortError' },
  );
});

test('lanczos reports converged=false when maxIter is too small, with the best estimates so far', async () => {
  const r = await lanczos(denseOperator(nnMatrix), { k: 1, tol: 1e-12, maxIter: 3 });
  assert.equal(r.converged, false);
  assert.equal(r.matvecs, 3);
  assert.ok(r.values[0] <= 100 + 1e-9 && r.values[0] > 50);
});

test('lanczos rejects invalid options and a non-finite operator output', async () => {
  await assert.rejects(lanczos(denseOperator(nnMatrix), { k: 0 }), /k must be/);
  await assert.rejects(lanczos(denseOperator(nnMatrix), { start: new Float64Array(3) }), /start\[0\] has length 3/);
  await assert.rejects(lanczos({ dim: 2, apply: async () => Float64Array.of(NaN, 0) }), /non-finite/);
});
