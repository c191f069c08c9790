import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { Params } from '../../src/model/params';
import * as H from '../oracle/hyperdual';
import { HD } from '../oracle/hyperdual';
import { HT } from '../oracle/hd-layers';
import { compareHvp } from '../oracle/compare';
import { randomParams, randomTensor, setup, valuesOf } from '../oracle/tf-harness';

// Broadcasting binary ops, reductions, AddN and matmul layouts: L = Σ C ⊙ tanh(op(A, b)) with
// A [4,3] and b [3] both parameters, against hyper-dual float64.
let C: number[];
let Ct: tf.Tensor;

before(async () => {
  await setup();
  Ct = randomTensor([4, 3], 31);
  C = valuesOf(Ct);
});

const SPECS = [{ name: 'A', shape: [4, 3] }, { name: 'b', shape: [3] }];
type Bin = [string, (a: tf.Tensor, b: tf.Tensor) => tf.Tensor, (a: HD, b: HD) => HD];
const BINARY: Bin[] = [
  ['Add', tf.add, H.add],
  ['Sub', tf.sub, H.sub],
  ['Multiply', tf.mul, H.mul],
  ['RealDiv', (a, b) => tf.div(a, tf.add(b, 3)), (a, b) => H.div(a, H.addConst(b, 3))],
  ['SquaredDifference', tf.squaredDifference, (a, b) => H.square(H.sub(a, b))],
  ['Maximum', tf.maximum, (a, b) => (a.a >= b.a ? a : b)],
  ['Minimum', tf.minimum, (a, b) => (a.a <= b.a ? a : b)],
];

function check(t: { diagnostic: (m: string) => void }, name: string, tfL: (p: Params) => tf.Scalar, oracle: (p: HT[]) => HD, seed: number): void {
  const params = randomParams(SPECS, seed);
  const { err, refNorm } = compareHvp(tfL, oracle, params, seed + 1);
  t.diagnostic(`relative error ${err.toExponential(2)}`);
  assert.ok(refNorm > 1e-3, `vacuous: ‖Hv‖ = ${refNorm}`);
  assert.ok(err < 1e-4, `${name}: relative error ${err.toExponential(2)}`);
}

const weighted = (vals: HD[]): HD => H.sum(vals.map((v, i) => H.mul(H.hd(C[i]), H.tanh(v))));

for (const [name, f, g] of BINARY) {
  test(`the ${name} gradient with broadcasting is differentiable again (HVP vs hyper-dual, 1e-4)`, (t) => {
    const tfL = (p: Params) => tf.sum(tf.mul(Ct, tf.tanh(f(p[0].value, p[1].value)))) as tf.Scalar;
    const oracle = ([A, b]: HT[]) => weighted(A.data.map((a, i) => g(a, b.data[i % 3])));
    check(t, name, tfL, oracle, 40);
  });
}

type Red = [string, (x: tf.Tensor) => tf.Tensor, (rows: HD[][]) => HD[]];
const cols = (rows: HD[][]) => rows[0].map((_, j) => rows.map((r) => r[j]));
const REDUCTIONS: Red[] = [
  ['Sum over axis 0', (x) => tf.sum(x, 0), (rows) => cols(rows).map(H.sum)],
  ['Mean over axis 1', (x) => tf.mean(x, 1), (rows) => rows.map((r) => H.scale(H.sum(r), 1 / 3))],
  ['Max over axis 1', (x) => tf.max(x, 1), (rows) => rows.map(H.max)],
  ['Min over axis 0 (keepDims)', (x) => tf.min(x, 0, true), (rows) => cols(rows).map((c) => c.reduce((m, v) => (v.a < m.a ? v : m)))],
  ['Sum of everything', (x) => tf.sum(x), (rows) => [H.sum(rows.flat())]],
  ['Mean of everything', (x) => tf.mean(x), (rows) => [H.scale(H.sum(rows.flat()), 1 / 12)]],
  ['AddN', (x) => tf.addN([x, tf.square(x), tf.tanh(x)]), (rows) => rows.flat().map((v) => H.add(H.add(v, H.square(v)), H.tanh(v)))],
];

for (const [name, f, g] of REDUCTIONS) {
  test(`the ${name} gradient is differentiable again (HVP vs hyper-dual, 1e-4)`, (t) => {
    // Inner tanh(A·b) makes the reduction's input curved in both parameters.
    const tfL = (p: Params) => {
      const r = f(tf.tanh(tf.mul(p[0].value, p[1].value)));
      return tf.sum(tf.mul(tf.slice(tf.reshape(Ct, [-1]), 0, r.size), tf.tanh(tf.reshape(r, [-1])))) as tf.Scalar;
    };
    const oracle = ([A, b]: HT[]) => {
      const inner = A.data.map((a, i) => H.tanh(H.mul(a, b.data[i % 3])));
      const rows = [0, 1, 2, 3].map((r) => inner.slice(3 * r, 3 * r + 3));
      return weighted(g(rows));
    };
    check(t, name, tfL, oracle, 50);
  });
}

for (const [tA, tB] of [[false, false], [false, true], [true, false], [true, true]]) {
  test(`the BatchMatMul gradient (transposeA=${tA}, transposeB=${tB}) is differentiable again (1e-4)`, (t) => {
    const sa = tA ? [3, 4] : [4, 3];
    const sb = tB ? [2, 3] : [3, 2];
    const params = randomParams([{ name: 'A', shape: sa }, { name: 'B', shape: sb }], 60);
    const tfL = (p: Params) => tf.sum(tf.tanh(tf.matMul(p[0].value as tf.Tensor2D, p[1].value as tf.Tensor2D, tA, tB))) as tf.Scalar;
    const oracle = ([A, B]: HT[]) => {
      const a = (i: number, k: number) => A.data[tA ? k * 4 + i : i * 3 + k];
      const bb = (k: number, j: number) => B.data[tB ? j * 3 + k : k * 2 + j];
      const out: HD[] = [];
      for (let i = 0; i < 4; i++) for (let j = 0; j < 2; j++) out.push(H.tanh(H.sum([0, 1, 2].map((k) => H.mul(a(i, k), bb(k, j))))));
      return H.sum(out);
    };
    const { err } = compareHvp(tfL, oracle, params, 61);
    t.diagnostic(`relative error ${err.toExponential(2)}`);
    assert.ok(err < 1e-4, `relative error ${err.toExponential(2)}`);
  });
}

test('the BatchMatMul gradient sums over broadcast batch dimensions ([2,4,3]·[3,2])', (t) => {
  const params = randomParams([{ name: 'A', shape: [2, 4, 3] }, { name: 'B', shape: [3, 2] }], 62);
  const tfL = (p: Params) => tf.sum(tf.tanh(tf.matMul(p[0].value as tf.Tensor3D, p[1].value as tf.Tensor2D))) as tf.Scalar;
  const oracle = ([A, B]: HT[]) => {
    const out: HD[] = [];
    for (let s = 0; s < 2; s++) for (let i = 0; i < 4; i++) for (let j = 0; j < 2; j++) {
      out.push(H.tanh(H.sum([0, 1, 2].map((k) => H.mul(A.data[s * 12 + i * 3 + k], B.data[k * 2 + j])))));
    }
    return H.sum(out);
  };
  const { err } = compareHvp(tfL, oracle, params, 63);
  t.diagnostic(`relative error ${err.toExponential(2)}`);
  assert.ok(err < 1e-4, `relative error ${err.toExponential(2)}`);
});
