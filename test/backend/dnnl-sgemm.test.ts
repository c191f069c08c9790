import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RawDnnlSgemm, dnnlSgemm, transposedAProductGoesThroughCt } from '../../src/backend/dnnl/dnnl-sgemm';

// The sgemm wrapper's detour (C = Aᵀ·B computed as Cᵀ = Bᵀ·A, then transposed) against a float64
// reference, with a plain row-major sgemm standing in for oneDNN's: the detour's index arithmetic
// (leading dimensions wider than the matrices, alpha) is checked on every machine. oneDNN's own
// results through it are checked against wasm's stock kernel in dnnl-kernels.test.ts.

const [N, T] = ['N'.charCodeAt(0), 'T'.charCodeAt(0)];

/** A row-major sgemm in float64, recording the transposes it was called with. */
function referenceSgemm(calls: string[]): RawDnnlSgemm {
  return (ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc) => {
    calls.push(`${String.fromCharCode(ta)}${String.fromCharCode(tb)} ${m}x${n}x${k}`);
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let p = 0; p < k; p++) s += (ta === T ? a[p * lda + i] : a[i * lda + p]) * (tb === T ? b[j * ldb + p] : b[p * ldb + j]);
        c[i * ldc + j] = alpha * s + (beta === 0 ? 0 : beta * c[i * ldc + j]);
      }
    }
    return 0;
  };
}

const noFailure = (status: number) => assert.equal(status, 0);
const values = (n: number, seed: number) => Float32Array.from({ length: n }, (_, i) => Math.sin(i * 0.731 + seed));

test('the detour takes exactly the tall, narrow Aᵀ·B products over a long inner dimension that it was measured to speed up', () => {
  assert.equal(transposedAProductGoesThroughCt(true, false, 3072, 200, 5000, 0), true); // an MLP's xᵀ·δ over 5000 images
  assert.equal(transposedAProductGoesThroughCt(true, false, 200, 10, 4096, 0), true);
  assert.equal(transposedAProductGoesThroughCt(true, false, 3072, 200, 512, 0), false); // 512 images: direct
  assert.equal(transposedAProductGoesThroughCt(true, false, 200, 200, 5000, 0), false); // square C
  assert.equal(transposedAProductGoesThroughCt(true, false, 8, 16, 64000, 0), false); // wide C (a 1x1 filter gradient)
  assert.equal(transposedAProductGoesThroughCt(false, false, 3072, 200, 5000, 0), false);
  assert.equal(transposedAProductGoesThroughCt(true, true, 3072, 200, 5000, 0), false);
  assert.equal(transposedAProductGoesThroughCt(true, false, 3072, 200, 5000, 1), false); // accumulates into C
});

test('a detoured product equals the direct one: C = alpha·Aᵀ·B with leading dimensions wider than the matrices', () => {
  const [m, n, k, lda, ldb, ldc] = [40, 5, 4100, 43, 7, 9];
  const a = values(k * lda, 1);
  const b = values(k * ldb, 2);
  const calls: string[] = [];
  const detoured = new Float32Array(m * ldc).fill(-7);
  dnnlSgemm(referenceSgemm(calls), noFailure)(true, false, m, n, k, 0.5, a, lda, b, ldb, 0, detoured, ldc);
  assert.deepEqual(calls, [`TN ${n}x${m}x${k}`], 'computed as Cᵀ = Bᵀ·A');
  const direct = new Float32Array(m * ldc).fill(-7);
  referenceSgemm([])(T, N, m, n, k, 0.5, a, lda, b, ldb, 0, direct, ldc);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < ldc; j++) {
      const at = i * ldc + j;
      if (j >= n) assert.equal(detoured[at], -7, `C's padding column ${j} of row ${i} was written`);
      else assert.ok(Math.abs(detoured[at] - direct[at]) <= 1e-6 * Math.max(1, Math.abs(direct[at])), `C[${i}][${j}]: ${detoured[at]} vs ${direct[at]}`);
    }
  }
});

test('a product outside the rule is one direct call with the caller\'s arguments', () => {
  const calls: string[] = [];
  const [m, n, k] = [6, 4, 5];
  const c = new Float32Array(m * n).fill(1);
  dnnlSgemm(referenceSgemm(calls), noFailure)(true, false, m, n, k, 1, values(m * k, 3), m, values(k * n, 4), n, 2, c, n);
  assert.deepEqual(calls, [`TN ${m}x${n}x${k}`]);
});
