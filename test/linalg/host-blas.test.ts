import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { BackendInfo, initBackend } from '../../src/backend/select-backend';
import { setBlasKernelsEnabled } from '../../src/backend/blas/install-blas';
import { hostBlas } from '../../src/linalg/host-blas';
import { addCombination, basisStore, contiguousRuns, projectionsOnto } from '../../src/linalg/basis-products';
import { orthogonalizeTwice } from '../../src/linalg/gram-schmidt';
import { axpyMany, dot, dotMany, norm } from '../../src/linalg/vector';
import { lanczos } from '../../src/curvature/lanczos';
import { createRng } from '../../src/util/rng';

// The eigen-solvers' float64 basis products on the host BLAS (dgemv, ddot) against the JavaScript
// loops they replace on the native-BLAS path.

let info: BackendInfo;
before(async () => {
  info = await initBackend();
});

function needBlas(t: { skip: (m: string) => void }): boolean {
  if (info.path === 'wasm+blas') return true;
  assert.ok(!process.env.CI, `CI must run the native-BLAS path: ${info.reason}`);
  t.skip(`the active path is ${info.path}`);
  return false;
}

/** Blocked storage like the Lanczos basis: `count` unit-ish vectors of length `dim`. */
function storedBasis(dim: number, count: number, seed: number): Float64Array[] {
  const rng = createRng(seed);
  const store = basisStore(dim);
  return Array.from({ length: count }, () => {
    const q = store.next();
    for (let i = 0; i < dim; i++) q[i] = rng.normal();
    return q;
  });
}

test('basis storage keeps vectors back to back in blocks of at most 24 MB (one gemv each), separate arrays stay separate runs', () => {
  const small = storedBasis(1000, 19, 1);
  assert.deepEqual(contiguousRuns(small), [{ start: 0, count: 8 }, { start: 8, count: 8 }, { start: 16, count: 3 }]);
  const large = storedBasis(1_000_000, 5, 2); // 8 MB per vector: 3 per block
  assert.deepEqual(contiguousRuns(large), [{ start: 0, count: 3 }, { start: 3, count: 2 }]);
  assert.deepEqual(contiguousRuns([new Float64Array(4), new Float64Array(4)]), [{ start: 0, count: 1 }, { start: 1, count: 1 }]);
});

test('on the BLAS path Qᵀv and v + Q·a by dgemv equal the JavaScript loops to 1e-13, on blocked and on separate vectors', (t) => {
  if (!needBlas(t)) return;
  assert.ok(hostBlas(), 'the BLAS path installs the host BLAS');
  const dim = 30_011;
  const rng = createRng(3);
  for (const basis of [storedBasis(dim, 11, 4), Array.from({ length: 5 }, () => Float64Array.from({ length: dim }, () => rng.normal()))]) {
    const v = Float64Array.from({ length: dim }, () => rng.normal());
    const ours = new Float64Array(basis.length);
    const size = projectionsOnto(basis, v, ours);
    const loops = new Float64Array(basis.length);
    dotMany(basis, v, loops);
    ours.forEach((h, j) => assert.ok(Math.abs(h - loops[j]) <= 1e-13 * norm(basis[j]) * norm(v), `projection ${j}`));
    assert.ok(Math.abs(size - norm(v)) <= 1e-14 * norm(v));
    const a = Float64Array.from(ours, (h) => -h / dim);
    const y = Float64Array.from(v);
    const after = addCombination(a, basis, y);
    const ref = Float64Array.from(v);
    axpyMany(a, basis, ref);
    let worst = 0;
    for (let i = 0; i < dim; i++) worst = Math.max(worst, Math.abs(y[i] - ref[i]));
    assert.ok(worst <= 1e-13 * norm(ref), `combination differs by ${worst}`);
    assert.ok(Math.abs(after - norm(y)) <= 1e-14 * norm(y));
  }
});

test('Gram–Schmidt on the host BLAS leaves a vector orthogonal to the basis to 1e-15 relative', (t) => {
  if (!needBlas(t)) return;
  const dim = 20_000;
  const basis: Float64Array[] = [];
  for (const q of storedBasis(dim, 9, 5)) { // orthonormalise in place, as Lanczos does
    orthogonalizeTwice(q, basis);
    const n = norm(q);
    for (let i = 0; i < dim; i++) q[i] /= n;
    basis.push(q);
  }
  const v = storedBasis(dim, 1, 6)[0];
  const { normBefore, normAfter } = orthogonalizeTwice(v, basis);
  assert.ok(normAfter > 0.5 * normBefore);
  for (const q of basis) assert.ok(Math.abs(dot(q, v)) <= 1e-15 * normBefore, `⟨q, v⟩ = ${dot(q, v)}`);
});

test('switching the BLAS kernels off switches the host BLAS off too; Lanczos gives the same eigenvalue either way (1e-10)', async (t) => {
  if (!needBlas(t)) return;
  // A diagonal operator with a known top eigenvalue 50 and a gap.
  const dim = 5000;
  const d = Float64Array.from({ length: dim }, (_, i) => (i === 7 ? 50 : 40 * ((i * 7919) % dim) / dim));
  const op = { dim, apply: (v: Float64Array) => Promise.resolve(Float64Array.from(v, (x, i) => d[i] * x)) };
  const native = await lanczos(op, { k: 1, tol: 1e-10, seed: 1 });
  setBlasKernelsEnabled(false);
  try {
    assert.equal(hostBlas(), undefined);
    const loops = await lanczos(op, { k: 1, tol: 1e-10, seed: 1 });
    assert.ok(Math.abs(native.values[0] - 50) < 1e-8 && Math.abs(loops.values[0] - 50) < 1e-8, `${native.values[0]} vs ${loops.values[0]}`);
    assert.ok(Math.abs(native.values[0] - loops.values[0]) <= 1e-10 * 50);
  } finally {
    setBlasKernelsEnabled(true);
  }
  assert.ok(hostBlas());
});
