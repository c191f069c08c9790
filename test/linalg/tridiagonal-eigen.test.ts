import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tridiagonalEigen } from '../../src/linalg/tridiagonal-eigen';
import { symmetricEigen } from '../../src/linalg/symmetric-eigen';
import { createRng } from '../../src/util/rng';
import { orthonormalityError } from './fixtures';

function dense(d: number[], e: number[]): number[][] {
  return d.map((_, i) => d.map((__, j) => (i === j ? d[i] : Math.abs(i - j) === 1 ? e[Math.min(i, j)] : 0)));
}

test('tridiagonalEigen matches the closed form of tridiag(-1, 2, -1)', () => {
  const n = 50;
  const { values, vectors } = tridiagonalEigen(new Array(n).fill(2), new Array(n - 1).fill(-1));
  values.forEach((v, i) => assert.ok(Math.abs(v - (2 - 2 * Math.cos(((n - i) * Math.PI) / (n + 1)))) < 1e-13));
  assert.ok(orthonormalityError(vectors) < 1e-13);
});

test('tridiagonalEigen agrees with Jacobi on a random tridiagonal matrix, vectors up to sign', () => {
  const rng = createRng(5);
  const d = Array.from({ length: 40 }, () => rng.normal());
  const e = Array.from({ length: 39 }, () => rng.normal());
  const ql = tridiagonalEigen(d, e);
  const jac = symmetricEigen(dense(d, e));
  ql.values.forEach((v, i) => assert.ok(Math.abs(v - jac.values[i]) < 1e-13));
  ql.vectors.forEach((v, i) => {
    const c = v.reduce((s, x, k) => s + x * jac.vectors[i][k], 0);
    assert.ok(Math.abs(Math.abs(c) - 1) < 1e-10);
  });
});

test('tridiagonalEigen handles zero off-diagonals (a split T) and a 1×1 matrix', () => {
  const split = tridiagonalEigen([1, 5, -2, 3], [0.5, 0, 0.25]);
  const jac = symmetricEigen(dense([1, 5, -2, 3], [0.5, 0, 0.25]));
  split.values.forEach((v, i) => assert.ok(Math.abs(v - jac.values[i]) < 1e-14));
  const one = tridiagonalEigen([4], []);
  assert.deepEqual([Array.from(one.values), Array.from(one.vectors[0])], [[4], [1]]);
});
