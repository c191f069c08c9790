import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyChecked, countMatvecs, denseOperator } from '../../src/curvature/symmetric-operator';
import { warmStart } from '../../src/curvature/eigen-start';
import { relativeResidual, resolveEigenOptions } from '../../src/curvature/eigen-result';
import { dot, norm } from '../../src/linalg/vector';
import { createRng } from '../../src/util/rng';

test('denseOperator multiplies by the matrix given as rows or flat row-major data', async () => {
  const v = Float64Array.of(1, -1);
  assert.deepEqual(Array.from(await denseOperator([[2, 1], [1, 3]]).apply(v)), [1, -2]);
  assert.deepEqual(Array.from(await denseOperator(Float64Array.of(2, 1, 1, 3)).apply(v)), [1, -2]);
  assert.deepEqual(Array.from(await denseOperator({ n: 2, data: Float64Array.of(2, 1, 1, 3) }).apply(v)), [1, -2]);
  assert.throws(() => denseOperator([[1, 2], [3, 4]]), /not symmetric/);
  await assert.rejects(denseOperator([[1]]).apply(Float64Array.of(1, 2)), /dim 1/);
});

test('countMatvecs counts every apply and forwards the result', async () => {
  const c = countMatvecs(denseOperator([[2]]));
  assert.equal(c.matvecs, 0);
  assert.deepEqual(Array.from(await c.apply(Float64Array.of(3))), [6]);
  await c.apply(Float64Array.of(1));
  assert.equal(c.matvecs, 2);
  assert.equal(c.dim, 1);
});

test('applyChecked returns a private copy unless the operator returns fresh vectors, and rejects wrong lengths or NaN', async () => {
  const buffer = Float64Array.of(1, 2);
  const shared = { dim: 2, apply: async () => buffer };
  const w = await applyChecked(shared, Float64Array.of(0, 0));
  w[0] = 99;
  assert.equal(buffer[0], 1);
  const fresh = { dim: 2, returnsFresh: true, apply: async (v: Float64Array) => Float64Array.from(v, (x) => 2 * x) };
  const counted = countMatvecs(fresh);
  assert.equal(counted.returnsFresh, true);
  assert.deepEqual(Array.from(await applyChecked(counted, Float64Array.of(1, 2))), [2, 4]);
  const identity = { dim: 2, returnsFresh: true, apply: async (v: Float64Array) => v }; // breaks its promise: still copied
  const u = Float64Array.of(3, 4);
  assert.notEqual(await applyChecked(identity, u), u);
  await assert.rejects(applyChecked({ dim: 3, apply: async () => buffer }, new Float64Array(3)), /length 2/);
  await assert.rejects(applyChecked({ dim: 1, apply: async () => Float64Array.of(Infinity) }, Float64Array.of(1)), /non-finite/);
});

test('warmStart mixes the previous vectors with the given relative noise into a unit vector', () => {
  const e0 = Float64Array.from({ length: 100 }, (_, i) => (i === 0 ? 1 : 0));
  const e1 = Float64Array.from({ length: 100 }, (_, i) => (i === 1 ? 2 : 0));
  const v = warmStart(100, [e0, e1], 1e-2, createRng(1));
  assert.ok(Math.abs(norm(v) - 1) < 1e-15);
  assert.ok(Math.abs(v[0] - v[1]) < 3e-2 && Math.abs(v[0] - Math.SQRT1_2) < 1e-2); // equal weights
  const cold = warmStart(100, [], 1e-2, createRng(1));
  assert.ok(Math.abs(norm(cold) - 1) < 1e-15 && Math.abs(dot(cold, e0)) < 0.5);
  assert.deepEqual(warmStart(100, [], 0, createRng(1)), cold); // seeded
});

test('resolveEigenOptions clamps k to dim and relativeResidual floors a zero eigenvalue', () => {
  assert.equal(resolveEigenOptions(4, { k: 9 }, 10).k, 4);
  assert.equal(resolveEigenOptions(4, {}, 10).tol, 1e-3);
  assert.throws(() => resolveEigenOptions(4, { tol: 0 }, 10), /tol/);
  assert.equal(relativeResidual(1e-3, 2, 2), 5e-4);
  assert.ok(relativeResidual(1e-16, 0, 1) < 1e-8);
});
