import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as H from './hyperdual';
import * as O from './hd-layers';
import { HT } from './hd-layers';
import { oracleGrad, oracleHessian, oracleHvp, OracleParams } from './hessian-oracle';
import { jacobiEigenvalues } from './jacobi';
import { createRng } from '../../src/util/rng';

// The oracle is checked against things that do not depend on it: closed forms, float64 central
// differences of its own gradient (smooth functions), and known constants.

const rng = createRng(7);
const randn = (n: number, s = 1) => Float64Array.from({ length: n }, () => s * rng.normal());

test('erf matches reference values to 1e-14', () => {
  const known: [number, number][] = [[0.5, 0.5204998778130465], [1, 0.8427007929497149], [2, 0.9953222650189527], [3.5, 0.9999992569016276], [-1.3, -0.9340079449406524]];
  for (const [x, v] of known) assert.ok(Math.abs(H.erf(x) - v) < 1e-14, `erf(${x}) = ${H.erf(x)}`);
});

test('every smooth hyper-dual primitive has the first and second derivative of central differences', () => {
  const fns: [string, (x: H.HD) => H.HD][] = [
    ['tanh', H.tanh], ['sigmoid', H.sigmoid], ['softplus', H.softplus], ['gelu', H.gelu], ['exp', H.exp],
    ['log', (x) => H.log(H.addConst(x, 3))], ['elu(x−2)', (x) => H.elu(H.addConst(x, -2))], ['1/(x+3)', (x) => H.div(H.hd(1), H.addConst(x, 3))],
  ];
  for (const [name, f] of fns) {
    for (const x of [-1.7, -0.3, 0.4, 1.9]) {
      const r = f(H.hd(x, 1, 1, 0));
      const e = 1e-4;
      const v = (u: number) => f(H.hd(u)).a;
      const d1 = (v(x + e) - v(x - e)) / (2 * e);
      const d2 = (v(x + e) - 2 * v(x) + v(x - e)) / (e * e);
      assert.ok(Math.abs(r.b - d1) < 1e-7 * (1 + Math.abs(d1)), `${name}′(${x}) ${r.b} vs ${d1}`);
      assert.ok(Math.abs(r.d - d2) < 1e-5 * (1 + Math.abs(d2)), `${name}″(${x}) ${r.d} vs ${d2}`);
    }
  }
});

test('oracleHvp equals float64 central differences of oracleGrad on a smooth two-layer network', () => {
  const x = O.constant(randn(12), [4, 3]);
  const y = Array.from(randn(8));
  const loss = (p: HT[]) => O.softmaxCrossEntropySum(O.dense(O.activate('gelu', O.dense(x, p[0], p[1])), p[2], p[3]), y.map((v) => Math.abs(v) / 4));
  const shapes = [[3, 5], [5], [5, 2], [2]];
  const p: OracleParams = { values: shapes.map((s) => randn(s.reduce((a, b) => a * b, 1), 0.7)), shapes };
  const v = randn(32);
  const hv = oracleHvp(loss, p, v);
  const shifted = (t: number): OracleParams => {
    let k = 0;
    return { shapes, values: p.values.map((a) => a.map((w) => w + t * v[k++])) };
  };
  const e = 1e-5;
  const gp = oracleGrad(loss, shifted(e));
  const gm = oracleGrad(loss, shifted(-e));
  hv.forEach((h, i) => assert.ok(Math.abs(h - (gp[i] - gm[i]) / (2 * e)) < 1e-6 * (1 + Math.abs(h))));
  const dense = oracleHessian(loss, p);
  hv.forEach((h, i) => assert.ok(Math.abs(h - dense.slice(i * 32, i * 32 + 32).reduce((s, hij, j) => s + hij * v[j], 0)) < 1e-10 * (1 + Math.abs(h))));
});

test("the oracle convolution follows TensorFlow's 'same' padding (odd extra zero after)", () => {
  // 4x4 ones, 3x3 ones filter, stride 2: pad total 1, all of it after, so output (0,0) sees 9
  // pixels and output (1,1) sees 4.
  const out = O.conv2d(O.constant(new Array(16).fill(1), [1, 4, 4, 1]), O.constant(new Array(9).fill(1), [3, 3, 1, 1]), undefined, 2, 'same');
  assert.deepEqual(out.shape, [1, 2, 2, 1]);
  assert.deepEqual(out.data.map((v) => v.a), [9, 6, 6, 4]);
});

test('jacobiEigenvalues recovers the spectrum of Q·diag·Qᵀ to 1e-12', () => {
  const n = 12;
  const lambdas = Array.from({ length: n }, (_, i) => (i * 7) % 11 - 4 + 0.1 * i).sort((a, b) => b - a);
  const a = Float64Array.from({ length: n * n }, (_, k) => (Math.floor(k / n) === k % n ? lambdas[k % n] : 0));
  // Random orthogonal similarity from Givens rotations keeps the spectrum.
  for (let r = 0; r < 40; r++) {
    const p = rng.int(n);
    const q = (p + 1 + rng.int(n - 1)) % n;
    const th = rng.uniform() * Math.PI;
    const [c, s] = [Math.cos(th), Math.sin(th)];
    for (let k = 0; k < n; k++) { const [x1, x2] = [a[k * n + p], a[k * n + q]]; a[k * n + p] = c * x1 - s * x2; a[k * n + q] = s * x1 + c * x2; }
    for (let k = 0; k < n; k++) { const [x1, x2] = [a[p * n + k], a[q * n + k]]; a[p * n + k] = c * x1 - s * x2; a[q * n + k] = s * x1 + c * x2; }
  }
  jacobiEigenvalues(a, n).forEach((l, i) => assert.ok(Math.abs(l - lambdas[i]) < 1e-12, `${l} vs ${lambdas[i]}`));
});
