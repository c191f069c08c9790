import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { Params } from '../../src/model/params';
import { stopGradient } from '../../src/autodiff/stop-gradient';
import { randomDirection } from '../oracle/compare';
import { randomParams, randomTensor, relErr, setup, tfHvp, valuesOf } from '../oracle/tf-harness';

// Data-movement kernels are linear maps S: the forward kernels move values without arithmetic,
// so S can be read off exactly, column by column, from the forward pass alone. For
// L(w) = Σ c ⊙ tanh(S·w) the Hessian is Sᵀ·diag(c ⊙ tanh″(S·w))·S, computed here in float64:
// an oracle that shares nothing with the gradients under test.
const N = 24;
let rowMask: tf.Tensor;

before(async () => {
  await setup();
  rowMask = tf.greater(randomTensor([4, 6], 71), 0);
});

type Move = [string, (w: tf.Tensor) => tf.Tensor];
const as46 = (w: tf.Tensor) => tf.reshape(w, [4, 6]);
const MOVES: Move[] = [
  ['Reshape', (w) => tf.reshape(w, [2, 3, 4])],
  ['Transpose', (w) => tf.transpose(tf.reshape(w, [2, 3, 4]), [2, 0, 1])],
  ['Slice', (w) => tf.slice(as46(w), [1, 2], [2, 3])],
  ['PadV2', (w) => tf.pad(as46(w), [[1, 0], [2, 1]])],
  ['Concat', (w) => tf.concat([tf.slice(as46(w), [0, 0], [4, 2]), as46(w), tf.slice(as46(w), [2, 1], [2, 5])].map((t) => tf.reshape(t, [-1, 2])), 0)],
  ['SplitV', (w) => { const [a, b] = tf.split(as46(w), [2, 4], 1); return tf.concat([b, tf.mul(a, 1)], 1); }],
  ['Pack', (w) => tf.stack([as46(w), tf.reverse(as46(w), [1])], 1)],
  ['Unpack', (w) => { const rows = tf.unstack(as46(w), 0); return tf.concat([rows[3], rows[0]], 0); }],
  ['Tile', (w) => tf.tile(tf.reshape(w, [2, 3, 4]), [2, 1, 3])],
  ['ExpandDims', (w) => tf.expandDims(as46(w), 1)],
  ['Reverse', (w) => tf.reverse(as46(w), [0, 1])],
  ['Select', (w) => tf.where(rowMask, as46(w), tf.reverse(as46(w), [0]))],
  ['Cast and Identity', (w) => tf.clone(tf.cast(as46(w), 'float32'))],
];

const basis = (i: number): Float32Array => Float32Array.from({ length: N }, (_, k) => (k === i ? 1 : 0));

/** The matrix of a linear map, row-major m×n, from its action on basis vectors. */
function matrixOf(move: (w: tf.Tensor) => tf.Tensor): { m: number; a: Float64Array } {
  const columns = Array.from({ length: N }, (_, i) => valuesOf(tf.tidy(() => move(tf.tensor1d(basis(i))))));
  const m = columns[0].length;
  const a = new Float64Array(m * N);
  columns.forEach((col, i) => col.forEach((v, r) => { a[r * N + i] = v; }));
  return { m, a };
}

function mat(a: Float64Array, m: number, x: ArrayLike<number>, transpose = false): Float64Array {
  const out = new Float64Array(transpose ? N : m);
  for (let r = 0; r < m; r++) for (let i = 0; i < N; i++) {
    if (transpose) out[i] += a[r * N + i] * x[r];
    else out[r] += a[r * N + i] * x[i];
  }
  return out;
}

for (const [name, move] of MOVES) {
  test(`the ${name} gradient is differentiable again: HVP matches Sᵀ·diag·S in float64 to 1e-4`, (t) => {
    const { m, a } = matrixOf(move);
    const c = valuesOf(randomTensor([m], 72));
    const params = randomParams([{ name: 'w', shape: [N] }], 73);
    const v = randomDirection(params, 74);
    const loss = (p: Params) => tf.sum(tf.mul(tf.tensor(c), tf.reshape(tf.tanh(move(p[0].value)), [-1]))) as tf.Scalar;
    const ours = tfHvp(loss, params, v);
    const z = mat(a, m, valuesOf(params[0].value));
    const sv = mat(a, m, valuesOf(v[0].value));
    const curv = Array.from(z, (zi, r) => { const th = Math.tanh(zi); return c[r] * -2 * th * (1 - th * th) * sv[r]; });
    const ref = mat(a, m, curv, true);
    const err = relErr(ours, ref);
    t.diagnostic(`relative error ${err.toExponential(2)}`);
    assert.ok(err < 1e-4, `${name}: relative error ${err.toExponential(2)}`);
  });
}

test('stopGradient passes values through and has zero derivatives of every order', () => {
  const w = randomTensor([5], 75);
  const f = (x: tf.Tensor) => tf.sum(tf.mul(tf.tanh(x), stopGradient(tf.square(x))));
  const sg = valuesOf(tf.tidy(() => stopGradient(w)));
  assert.deepEqual(sg, valuesOf(w));
  // d/dx [tanh(x)·c] with c = x² frozen: c·tanh′(x); second derivative c·tanh″(x).
  const g = valuesOf(tf.tidy(() => tf.grad(f)(w)));
  const h = valuesOf(tf.tidy(() => tf.grad((x: tf.Tensor) => tf.sum(tf.grad(f)(x)))(w)));
  valuesOf(w).forEach((x, i) => {
    const th = Math.tanh(x);
    assert.ok(Math.abs(g[i] - x * x * (1 - th * th)) < 1e-5 * (1 + x * x));
    assert.ok(Math.abs(h[i] - x * x * -2 * th * (1 - th * th)) < 1e-5 * (1 + x * x));
  });
});
