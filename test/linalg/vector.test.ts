import { test } from 'node:test';
import assert from 'node:assert/strict';
import { allFinite, axpy, axpyMany, combine, dot, dotMany, norm, normFromSquares, normalize } from '../../src/linalg/vector';
import { orthogonalizeTwice } from '../../src/linalg/gram-schmidt';
import { createRng } from '../../src/util/rng';
import { orthonormalityError } from './fixtures';

test('dot, axpy and combine match hand-computed values', () => {
  assert.equal(dot(Float64Array.of(1, 2, 3), Float64Array.of(4, 5, 6)), 32);
  assert.deepEqual(Array.from(axpy(2, Float64Array.of(1, 1), Float64Array.of(0, 1))), [2, 3]);
  assert.deepEqual(Array.from(combine([Float64Array.of(1, 0), Float64Array.of(0, 1)], [2, 3])), [2, 3]);
});

test('dotMany and axpyMany are bitwise the per-vector dot and axpy loops, for every basis size', () => {
  // Lanczos' records must not move when its re-orthogonalisation is blocked four vectors at a time
  // and the norms before and after ride along.
  const rng = createRng(11);
  const n = 1001;
  const vec = () => Float64Array.from({ length: n }, () => rng.normal() * 10 ** rng.normal());
  for (let m = 0; m <= 9; m++) {
    const basis = Array.from({ length: m }, vec);
    const v = vec();
    const a = Float64Array.from({ length: m }, () => rng.normal());
    const dots = new Float64Array(m);
    const squaresBefore = dotMany(basis, v, dots);
    basis.forEach((q, j) => assert.ok(Object.is(dots[j], dot(q, v)), `dot ${j} of ${m}`));
    if (m > 0) assert.ok(Object.is(normFromSquares(squaresBefore, v), norm(v)), `norm before, ${m} vectors`);
    const fused = Float64Array.from(v);
    const squaresAfter = axpyMany(a, basis, fused);
    const looped = Float64Array.from(v);
    basis.forEach((q, j) => axpy(a[j], q, looped));
    assert.ok(fused.every((x, i) => Object.is(x, looped[i])), `axpy with ${m} vectors`);
    assert.ok(Object.is(normFromSquares(squaresAfter, fused), norm(looped)), `norm after, ${m} vectors`);
  }
});

test('norm neither overflows nor underflows for extreme magnitudes', () => {
  assert.ok(Math.abs(norm(Float64Array.of(3e200, 4e200)) / 5e200 - 1) < 1e-15);
  assert.ok(Math.abs(norm(Float64Array.of(3e-200, 4e-200)) / 5e-200 - 1) < 1e-15);
  assert.equal(norm(new Float64Array(3)), 0);
});

test('normalize returns the old norm and leaves a zero vector unchanged', () => {
  const v = Float64Array.of(3, 4);
  assert.equal(normalize(v), 5);
  assert.ok(Math.abs(v[0] - 0.6) < 1e-15 && Math.abs(v[1] - 0.8) < 1e-15);
  const z = new Float64Array(2);
  assert.equal(normalize(z), 0);
  assert.deepEqual(Array.from(z), [0, 0]);
});

test('Gram-Schmidt twice leaves a nearly dependent vector orthogonal to 1e-14', () => {
  const rng = createRng(3);
  const n = 200;
  const basis: Float64Array[] = [];
  for (let j = 0; j < 30; j++) {
    const g = Float64Array.from({ length: n }, () => rng.normal());
    orthogonalizeTwice(g, basis);
    normalize(g);
    basis.push(g);
  }
  // v = Σ basis + 1e-10·noise: one CGS pass would leave O(1e-16/1e-10) ≈ 1e-6 of non-orthogonality.
  const v = combine(basis, basis.map(() => 1));
  for (let i = 0; i < n; i++) v[i] += 1e-10 * rng.normal();
  const { coeffs, normBefore, normAfter } = orthogonalizeTwice(v, basis);
  normalize(v);
  assert.ok(orthonormalityError([...basis, v]) < 1e-14);
  assert.ok(coeffs.every((c) => Math.abs(c - 1) < 1e-9));
  assert.ok(normAfter / normBefore < 1e-9);
});

test('fillUniform draws the same numbers as repeated uniform() calls, and the stream continues after it', () => {
  const one = createRng(77);
  const many = createRng(77);
  const filled = many.fillUniform(new Float64Array(1001));
  const called = Float64Array.from({ length: 1001 }, () => one.uniform());
  assert.deepEqual(filled, called);
  assert.equal(many.uniform(), one.uniform());
  assert.deepEqual(many.fillUniform(new Float64Array(5)), Float64Array.from({ length: 5 }, () => one.uniform()));
  assert.ok(filled.every((u) => u >= 0 && u < 1));
});

test('allFinite finds a NaN or ±∞ at any position (each of the four partial sums and the tail) and passes extremes', () => {
  for (const n of [0, 1, 3, 4, 7, 8, 13]) {
    const x = Float64Array.from({ length: n }, (_, i) => (i % 2 ? -1 : 1) * 10 ** (300 - 60 * (i % 11)));
    x[0 % Math.max(n, 1)] = n > 0 ? -0 : 0;
    assert.equal(allFinite(x), true, `n ${n}: finite, from ±0 to ±1e300`);
    for (let at = 0; at < n; at++) {
      for (const bad of [NaN, Infinity, -Infinity]) {
        const y = Float64Array.from(x);
        y[at] = bad;
        assert.equal(allFinite(y), false, `n ${n}: ${bad} at ${at}`);
      }
    }
  }
  assert.equal(allFinite(Float64Array.of(Number.MAX_VALUE, -Number.MAX_VALUE, Number.MIN_VALUE)), true, 'the largest and smallest doubles');
});
