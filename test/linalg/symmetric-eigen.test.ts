import { test } from 'node:test';
import assert from 'node:assert/strict';
import { symmetricEigen } from '../../src/linalg/symmetric-eigen';
import { matVec } from '../../src/linalg/dense-matrix';
import { axpy, norm } from '../../src/linalg/vector';
import { diagonal, orthonormalityError, spectrum, withSpectrum } from './fixtures';

test('symmetricEigen sorts a diagonal matrix\'s entries descending with unit eigenvectors', () => {
  const { values, vectors } = symmetricEigen(diagonal([1, -5, 3, 0]).data);
  assert.deepEqual(Array.from(values), [3, 1, 0, -5]);
  assert.deepEqual(vectors.map((v) => v.findIndex((x) => Math.abs(x) === 1)), [2, 0, 3, 1]);
});

test('symmetricEigen matches the closed form of a 2×2 matrix', () => {
  const [a, b, c] = [1.5, -0.7, 4];
  const mid = (a + c) / 2, rad = Math.hypot((a - c) / 2, b);
  const { values } = symmetricEigen([[a, b], [b, c]]);
  assert.ok(Math.abs(values[0] - (mid + rad)) < 1e-15 * 5);
  assert.ok(Math.abs(values[1] - (mid - rad)) < 1e-15 * 5);
});

test('symmetricEigen recovers the spectrum of Q·diag·Qᵀ (n = 60) to 1e-12 of ‖A‖', () => {
  const lambdas = spectrum([7, -9], 60, -2, 3, 1);
  const { a } = withSpectrum(lambdas, 11);
  const { values, vectors } = symmetricEigen(a.data);
  const sorted = [...lambdas].sort((x, y) => y - x);
  values.forEach((v, i) => assert.ok(Math.abs(v - sorted[i]) < 1e-12 * 9, `λ${i}: ${v} vs ${sorted[i]}`));
  assert.ok(orthonormalityError(vectors) < 1e-12);
  vectors.forEach((v, i) => {
    const r = axpy(-values[i], v, matVec(a, v));
    assert.ok(norm(r) < 1e-12 * 9);
  });
});

test('symmetricEigen returns an orthonormal basis for a repeated eigenvalue', () => {
  const { a } = withSpectrum([2, 2, 2, -1, 0.5], 4);
  const { values, vectors } = symmetricEigen(a.data);
  assert.ok(values.slice(0, 3).every((v) => Math.abs(v - 2) < 1e-14));
  assert.ok(orthonormalityError(vectors) < 1e-14);
});

test('symmetricEigen rejects a non-symmetric matrix and a non-square flat array', () => {
  assert.throws(() => symmetricEigen([[1, 2], [0, 1]]), /not symmetric/);
  assert.throws(() => symmetricEigen(new Float64Array(3)), /not a square/);
});
