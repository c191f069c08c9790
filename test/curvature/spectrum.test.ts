/**
 * Curvature beyond λ₁, against oracles: Hutchinson's trace (exact on diagonal matrices, its
 * variance formula and its 95% interval's coverage on a dense matrix, and the trace of a real
 * network's Hessian from the float64 hyper-dual oracle), stochastic Lanczos quadrature (Gauss
 * quadrature exact on moments up to 2m − 1, the whole spectrum when m = n, the network Hessian's
 * eigenvalues), and the loss along the top eigenvectors (its second difference is λ₁, λ₂).
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { createRng } from '../../src/util/rng';
import { denseOperator, SymmetricOperator } from '../../src/curvature/symmetric-operator';
import { hutchinsonTrace } from '../../src/curvature/hutchinson-trace';
import { densityOnGrid, densityTrace, lanczosQuadrature, spectralDensity } from '../../src/curvature/spectral-density';
import { lossLandscape } from '../../src/curvature/loss-landscape';
import { sharpness } from '../../src/curvature/sharpness';
import { matVec } from '../../src/linalg/dense-matrix';
import { dense } from '../../src/nn/dense';
import { activate } from '../../src/nn/activations';
import { squaredLossSum } from '../../src/objective/squared-loss';
import { objectiveValue } from '../../src/objective/objective-value';
import { Objective } from '../../src/objective/objective';
import { Dataset } from '../../src/data/dataset';
import { disposeParams, Params, paramCount, unflatten } from '../../src/model/params';
import * as O from '../oracle/hd-layers';
import { HT } from '../oracle/hd-layers';
import { oracleHessian } from '../oracle/hessian-oracle';
import { jacobiEigenvalues } from '../oracle/jacobi';
import { randomParams, randomTensor, setup, tfHvp, toOracle, valuesOf } from '../oracle/tf-harness';

before(async () => {
  await setup();
});

/** A random symmetric n×n matrix with the given eigenvalues (Q diag(λ) Qᵀ, Q from Gram–Schmidt). */
function withSpectrum(eigenvalues: readonly number[], seed: number): Float64Array {
  const n = eigenvalues.length;
  const rng = createRng(seed);
  const q: Float64Array[] = [];
  while (q.length < n) {
    const v = Float64Array.from({ length: n }, () => rng.normal());
    for (let pass = 0; pass < 2; pass++) for (const u of q) { let d = 0; for (let i = 0; i < n; i++) d += u[i] * v[i]; for (let i = 0; i < n; i++) v[i] -= d * u[i]; }
    const norm = Math.hypot(...v);
    q.push(v.map((x) => x / norm));
  }
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) a[i * n + j] = q.reduce((s, u, k) => s + eigenvalues[k] * u[i] * u[j], 0);
  return a;
}

test('Hutchinson is exact on a diagonal matrix (zero variance), whatever the probes', async () => {
  const diag = [3, -1, 0.5, 7, 2];
  const m = new Float64Array(25);
  diag.forEach((d, i) => { m[i * 5 + i] = d; });
  const r = await hutchinsonTrace(denseOperator(m), { samples: 5, seed: 9 });
  assert.equal(r.estimate, 11.5);
  assert.equal(r.stdError, 0);
  assert.deepEqual(r.ci95, [11.5, 11.5]);
  assert.equal(r.matvecs, 5);
});

test("Hutchinson's samples have mean tr(A) and variance 2·Σ_{i≠j} a_ij², and its 95% interval covers tr(A) 95% of the time", async (t) => {
  const eig = Array.from({ length: 30 }, (_, i) => (i < 2 ? 40 - 10 * i : Math.sin(i) * 3));
  const a = withSpectrum(eig, 21);
  const op = denseOperator(a);
  const trace = eig.reduce((s, x) => s + x, 0);
  let off = 0;
  for (let i = 0; i < 30; i++) for (let j = 0; j < 30; j++) if (i !== j) off += a[i * 30 + j] ** 2;
  const big = await hutchinsonTrace(op, { samples: 4000, seed: 1 });
  const variance = big.stdError ** 2 * 4000;
  assert.ok(Math.abs(variance / (2 * off) - 1) < 0.1, `sample variance ${variance.toFixed(1)} vs 2Σa_ij² = ${(2 * off).toFixed(1)}`);
  assert.ok(Math.abs(big.estimate - trace) < 4 * big.stdError, `${big.estimate} vs ${trace} ± ${big.stdError}`);
  let covered = 0;
  const runs = 400;
  for (let seed = 100; seed < 100 + runs; seed++) {
    const r = await hutchinsonTrace(op, { samples: 10, seed });
    if (r.ci95[0] <= trace && trace <= r.ci95[1]) covered++;
  }
  t.diagnostic(`95% intervals of 10 probes covered tr(A) in ${covered} of ${runs} draws`);
  assert.ok(covered / runs > 0.91 && covered / runs < 0.99, `coverage ${covered}/${runs}`);
});

test('SLQ: one probe of m steps integrates λ^k exactly for k ≤ 2m − 1, and m = n gives the whole spectrum with weights summing to 1', async () => {
  const eig = [50, 20, 3, 2.5, 2, 1, 0.5, 0, -0.5, -2, -4, 1.5];
  const a = { n: eig.length, data: withSpectrum(eig, 5) };
  const op = denseOperator(a);
  const rng = createRng(3);
  const v = Float64Array.from({ length: a.n }, () => rng.normal());
  const nv = Math.hypot(...v);
  v.forEach((x, i) => { v[i] = x / nv; });
  const m = 4;
  const q = await lanczosQuadrature(op, v, m);
  let akv = Float64Array.from(v);
  for (let k = 0; k <= 2 * m - 1; k++) {
    const exact = akv.reduce((s, x, i) => s + x * v[i], 0);
    const quad = q.nodes.reduce((s, th, i) => s + q.weights[i] * th ** k, 0);
    assert.ok(Math.abs(quad - exact) <= 1e-9 * Math.max(1, 50 ** k), `moment ${k}: ${quad} vs ${exact}`);
    akv = matVec(a, akv);
  }
  const full = await lanczosQuadrature(op, v, a.n);
  const sorted = [...eig].sort((x, y) => y - x);
  full.nodes.forEach((th, i) => assert.ok(Math.abs(th - sorted[i]) < 1e-9 * 50, `node ${i}: ${th} vs ${sorted[i]}`));
  assert.ok(Math.abs(full.weights.reduce((s, w) => s + w, 0) - 1) < 1e-12);
});

test('SLQ: the density integrates to 1, its trace equals Hutchinson with the same probes, and its top node finds the outlier', async () => {
  const eig = Array.from({ length: 60 }, (_, i) => (i === 0 ? 100 : i === 1 ? 60 : Math.cos(i)));
  const op = denseOperator(withSpectrum(eig, 8));
  const d = await spectralDensity(op, { probes: 3, steps: 20, seed: 4 });
  assert.equal(d.matvecs, 60);
  const h = await hutchinsonTrace(op, { samples: 3, seed: 4 });
  assert.ok(Math.abs(densityTrace(d) - h.estimate) < 1e-9 * Math.abs(h.estimate), `${densityTrace(d)} vs ${h.estimate}`);
  const grid = Array.from({ length: 2401 }, (_, i) => -10 + i * 0.05);
  const mass = densityOnGrid(d, grid, 0.5).reduce((s, p) => s + p * 0.05, 0);
  assert.ok(Math.abs(mass - 1) < 1e-3, `mass ${mass}`);
  for (const q of d.quadratures) {
    assert.ok(Math.abs(q.nodes[0] - 100) < 1e-6, `top node ${q.nodes[0]}`);
    assert.ok(Math.abs(q.nodes[1] - 60) < 1e-3, `second node ${q.nodes[1]}`);
  }
});

// A softplus MLP 3 → 4 → 2 with squared loss (26 parameters), as in the HVP oracle tests.
const SPECS = [{ name: 'd0/k', shape: [3, 4] }, { name: 'd0/b', shape: [4], std: 0.3 }, { name: 'd1/k', shape: [4, 2] }, { name: 'd1/b', shape: [2], std: 0.3 }];
const forward = (p: Params, x: tf.Tensor) => dense(activate('softplus', dense(x as tf.Tensor2D, p[0].value as tf.Tensor2D, p[1].value as tf.Tensor1D)), p[2].value as tf.Tensor2D, p[3].value as tf.Tensor1D);

function networkHessian(): { op: SymmetricOperator; oracle: Float64Array; n: number; dispose: () => void } {
  const x = randomTensor([6, 3], 160);
  const y = randomTensor([6, 2], 161);
  const params = randomParams(SPECS, 162);
  const n = paramCount(params);
  const loss = (p: Params) => squaredLossSum(forward(p, x), y);
  const op: SymmetricOperator = {
    dim: n,
    apply: async (v) => {
      const vp = unflatten(v, params);
      const hv = tfHvp(loss, params, vp);
      disposeParams(vp);
      return hv;
    },
  };
  const xs = O.constant(valuesOf(x), x.shape);
  const ys = valuesOf(y);
  const oracle = oracleHessian((p: HT[]) => O.squaredLossSum(O.dense(O.activate('softplus', O.dense(xs, p[0], p[1])), p[2], p[3]), ys), toOracle(params));
  return { op, oracle, n, dispose: () => { disposeParams(params); x.dispose(); y.dispose(); } };
}

test("a network's Hessian: Hutchinson's 95% interval covers the oracle trace, and full SLQ gives the oracle eigenvalues (1e-4)", async (t) => {
  const { op, oracle, n, dispose } = networkHessian();
  try {
    const trace = Array.from({ length: n }, (_, i) => oracle[i * n + i]).reduce((s, x) => s + x, 0);
    const h = await hutchinsonTrace(op, { samples: 300, seed: 2 });
    t.diagnostic(`trace ${trace.toFixed(4)}: Hutchinson ${h.estimate.toFixed(4)} ± ${h.stdError.toFixed(4)} (300 HVPs)`);
    assert.ok(h.ci95[0] <= trace && trace <= h.ci95[1], `${trace} outside [${h.ci95}]`);
    const eig = jacobiEigenvalues(oracle, n).sort((a, b) => b - a);
    const d = await spectralDensity(op, { probes: 1, steps: n, seed: 7 });
    const nodes = d.quadratures[0].nodes;
    const scale = Math.max(Math.abs(eig[0]), Math.abs(eig[n - 1]));
    const worst = Math.max(...eig.map((e, i) => Math.abs(e - nodes[i])));
    t.diagnostic(`λ ∈ [${eig[n - 1].toFixed(4)}, ${eig[0].toFixed(4)}]; worst node error ${(worst / scale).toExponential(2)} relative`);
    assert.equal(nodes.length, n);
    assert.ok(worst <= 1e-4 * scale, `worst node error ${worst}`);
  } finally {
    dispose();
  }
});

test('the loss along the top two eigenvectors: the curve passes through L(w) and its second difference is λ₁ (resp. λ₂); the surface is the grid', async (t) => {
  const x = randomTensor([32, 3], 170);
  const y = randomTensor([32, 2], 171);
  const data: Dataset = { x, y: y as tf.Tensor2D, n: 32, layout: 'flat', description: { dataset: 'test' } };
  const obj: Objective = { forward: (p, xb) => forward(p, xb), lossSum: squaredLossSum, weightDecay: 0 };
  const params = randomParams(SPECS, 172);
  try {
    const top = await sharpness(obj, params, data, { k: 2, tol: 1e-9, maxIter: 26 });
    const h = 0.05;
    const l0 = objectiveValue(obj, params, data);
    for (const i of [0, 1]) {
      const curve = await lossLandscape(obj, params, data, [top.vectors[i]], [-h, 0, h]);
      assert.equal(curve[1].loss, l0);
      const second = (curve[0].loss - 2 * curve[1].loss + curve[2].loss) / h ** 2;
      t.diagnostic(`λ${i + 1} = ${top.values[i].toFixed(5)}, second difference ${second.toFixed(5)}`);
      assert.ok(Math.abs(second - top.values[i]) < 0.02 * Math.abs(top.values[0]), `${second} vs ${top.values[i]}`);
    }
    const alphas = [-0.1, 0, 0.1], betas = [-0.2, 0, 0.2];
    const surface = await lossLandscape(obj, params, data, top.vectors.slice(0, 2), alphas, { betas });
    assert.deepEqual(surface.map((p) => [p.alpha, p.beta]), alphas.flatMap((a) => betas.map((b) => [a, b])));
    assert.equal(surface[4].loss, l0);
    await assert.rejects(lossLandscape(obj, params, data, [top.vectors[0]], [0], { betas }), /betas need a second direction/);
  } finally {
    disposeParams(params);
    x.dispose();
    y.dispose();
  }
});
