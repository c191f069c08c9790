import './helpers/force-dnnl';
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { BackendInfo, initBackend } from '../../src/backend/select-backend';
import { setBlasKernelsEnabled } from '../../src/backend/blas/install-blas';
import { conv } from '../../src/autodiff/conv-ops';
import { createRng } from '../../src/util/rng';
import { MATMULS, assertMatMulsEqualStock } from './helpers/matmul-cases';

// oneDNN's kernels (SHARPNESS_LAB_DNNL=on) against wasm's stock ones (XNNPACK, and the Conv2D-built
// gradients of src/autodiff/grads-conv.ts) on the same inputs, through the registered kernels:
// BatchMatMul, Conv2D and the dedicated input- and filter-gradient kernels that tf.grads calls.

let info: BackendInfo;

before(async () => {
  info = await initBackend();
});

function needDnnl(t: { skip: (m: string) => void }): boolean {
  if (process.env.SHARPNESS_LAB_DNNL === 'on') return true;
  t.skip('oneDNN is not installed (Debian libdnnl2)');
  return false;
}

const rng = createRng(37);
const randn = (shape: number[]) => tf.tensor(Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng.normal()), shape);

function relErr(a: Float32Array, b: Float32Array): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < a.length; i++) { num += (a[i] - b[i]) ** 2; den += b[i] ** 2; }
  return Math.sqrt(num) / Math.max(Math.sqrt(den), 1e-30);
}

function stock<T>(f: () => T): T {
  setBlasKernelsEnabled(false);
  try { return f(); } finally { setBlasKernelsEnabled(true); }
}

test('the run provenance names oneDNN, its version and the ISA it compiled for', (t) => {
  if (!needDnnl(t)) return;
  assert.equal(info.path, 'wasm+blas');
  assert.match(info.blas!.dnnl!, /^oneDNN 2\.\d+\.\d+ \(.*ISA \w+\)$/);
  assert.equal(info.versions.dnnl, info.blas!.dnnl);
  assert.match(info.reason, /matmuls and convolutions by oneDNN/);
});

// The MLP's first layer (512 images) in its three products, beside the shared table.
const MLP_MATMULS: [number[], number[], boolean, boolean][] = [
  [[512, 3072], [3072, 200], false, false], [[512, 3072], [512, 200], true, false], [[512, 200], [3072, 200], false, true],
];

test('oneDNN BatchMatMul equals the stock kernel (≤ 1e-5 relative): transposes, batches, broadcasts, tiny and MLP sizes', (t) => {
  if (!needDnnl(t)) return;
  assertMatMulsEqualStock([...MATMULS, ...MLP_MATMULS], randn, stock, relErr);
});

/** [b, h, w, c, kh, kw, o, stride, dilation, pads [[t, b], [l, r]]] */
type ConvCase = [number, number, number, number, number, number, number, number, number, [[number, number], [number, number]]];
const CONVS: ConvCase[] = [
  [2, 5, 7, 3, 3, 3, 4, 1, 1, [[1, 1], [1, 1]]], // 'same', odd sizes
  [2, 6, 6, 2, 3, 3, 5, 2, 1, [[0, 1], [0, 1]]], // TF 'same' at stride 2: the extra zero after
  [1, 7, 6, 3, 3, 3, 2, 2, 1, [[1, 1], [1, 1]]], // stride 2, odd height
  [3, 8, 8, 4, 1, 1, 6, 2, 1, [[0, 0], [0, 0]]], // 1x1 projection, stride 2 (the last row and column unread)
  [2, 9, 8, 2, 3, 2, 3, 1, 2, [[0, 0], [0, 0]]], // dilation 2, non-square filter
  [2, 6, 5, 3, 3, 3, 2, 1, 2, [[2, 1], [0, 2]]], // dilation with uneven padding
  [1, 4, 4, 2, 4, 4, 3, 1, 1, [[0, 0], [0, 0]]], // filter as large as the input
  [2, 3, 3, 2, 3, 3, 2, 1, 1, [[2, 2], [2, 2]]], // padding larger than the input
  [1, 1, 1, 5, 1, 1, 7, 1, 1, [[0, 0], [0, 0]]], // one pixel
  [4, 16, 16, 16, 3, 3, 32, 1, 1, [[1, 1], [1, 1]]], // a VGG layer shape
  [2, 8, 8, 32, 3, 3, 64, 2, 1, [[0, 1], [0, 1]]], // a ResNet down-sampling shape
  [5, 32, 32, 3, 3, 3, 8, 1, 1, [[1, 1], [1, 1]]], // a first layer at width 1/8
  [3, 4, 4, 64, 3, 3, 64, 1, 1, [[1, 1], [1, 1]]], // a last stage at width 1/8
];

test('oneDNN convolution, input gradient and filter gradient equal the stock ones (≤ 1e-5 relative)', (t) => {
  if (!needDnnl(t)) return;
  for (const [b, h, w, c, kh, kw, o, s, d, p] of CONVS) {
    tf.tidy(() => {
      const x = randn([b, h, w, c]) as tf.Tensor4D;
      const f = randn([kh, kw, c, o]) as tf.Tensor4D;
      const y = conv(x, f, [s, s], [d, d], p);
      const dy = randn(y.shape) as tf.Tensor4D;
      const grads = () => tf.grads((xx: tf.Tensor, ff: tf.Tensor) => tf.sum(tf.mul(conv(xx as tf.Tensor4D, ff as tf.Tensor4D, [s, s], [d, d], p), dy)))([x, f]);
      const [gx, gf] = grads();
      const [y0, gx0, gf0] = stock(() => [conv(x, f, [s, s], [d, d], p), ...grads()]);
      const label = `x [${x.shape}] w [${f.shape}] stride ${s} dilation ${d} pads ${JSON.stringify(p)}`;
      for (const [what, ours, ref] of [['forward', y, y0], ['input gradient', gx, gx0], ['filter gradient', gf, gf0]] as const) {
        assert.deepEqual(ours.shape, ref.shape, `${what}, ${label}`);
        const e = relErr(ours.dataSync() as Float32Array, ref.dataSync() as Float32Array);
        assert.ok(e <= 1e-5, `${what}, ${label}: relative error ${e}`);
      }
    });
  }
});

test('oneDNN matmuls and convolutions are bitwise repeatable (same inputs, same thread count → same bits)', (t) => {
  if (!needDnnl(t)) return;
  tf.tidy(() => {
    const a = randn([300, 257]);
    const b = randn([257, 130]);
    assert.deepEqual(Array.from(tf.matMul(a, b, false, false).dataSync()), Array.from(tf.matMul(a, b, false, false).dataSync()));
    const x = randn([6, 12, 12, 16]) as tf.Tensor4D;
    const f = randn([3, 3, 16, 24]) as tf.Tensor4D;
    const dy = randn([6, 12, 12, 24]) as tf.Tensor4D;
    const all = () => {
      const [gx, gf] = tf.grads((xx: tf.Tensor, ff: tf.Tensor) => tf.sum(tf.mul(conv(xx as tf.Tensor4D, ff as tf.Tensor4D, [1, 1], [1, 1], [[1, 1], [1, 1]]), dy)))([x, f]);
      return [conv(x, f, [1, 1], [1, 1], [[1, 1], [1, 1]]), gx, gf].map((r) => Array.from(r.dataSync()));
    };
    assert.deepEqual(all(), all());
  });
});

test('no stale heap view: a convolution whose output grows the wasm memory is still exact', (t) => {
  if (!needDnnl(t)) return;
  const backend = tf.backend() as unknown as { wasm: { HEAPU8: Uint8Array } };
  const before = backend.wasm.HEAPU8.buffer.byteLength;
  // A 1x1 convolution to many channels: its output alone is larger than the whole current heap.
  const o = Math.ceil((before + (64 << 20)) / 4 / (2 * 16 * 16));
  const x = randn([2, 16, 16, 3]) as tf.Tensor4D;
  const f = randn([1, 1, 3, o]) as tf.Tensor4D;
  const y = conv(x, f, [1, 1], [1, 1], [[0, 0], [0, 0]]);
  const after = backend.wasm.HEAPU8.buffer.byteLength;
  assert.ok(after > before, `the heap did not grow (${before} → ${after} bytes): the test proves nothing`);
  const [xv, fv, yv] = [x.dataSync(), f.dataSync(), y.dataSync()];
  for (const [pix, k] of [[0, 0], [511, o - 1], [300, o >> 1], [17, 12345 % o]]) {
    const want = xv[pix * 3] * fv[k] + xv[pix * 3 + 1] * fv[o + k] + xv[pix * 3 + 2] * fv[2 * o + k];
    assert.ok(Math.abs(yv[pix * o + k] - want) <= 1e-5 * (1 + Math.abs(want)), `y[${pix}, ${k}] = ${yv[pix * o + k]}, want ${want}`);
  }
  tf.dispose([x, f, y]);
});

test('oneDNN kernels leak no tensor over 200 HVP-style double backprops of a conv + matmul net', (t) => {
  if (!needDnnl(t)) return;
  const x = randn([4, 8, 8, 3]) as tf.Tensor4D;
  const w0 = tf.variable(randn([3, 3, 3, 8]));
  const w1 = tf.variable(randn([3, 3, 8, 8]));
  const m = randn([8, 5]);
  const loss = (a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.tanh(tf.matMul(tf.mean(conv(tf.relu(conv(x, a as tf.Tensor4D, [1, 1], [1, 1], [[1, 1], [1, 1]])), b as tf.Tensor4D, [2, 2], [1, 1], [[0, 1], [0, 1]]), [1, 2]), m)));
  const g = tf.grads(loss);
  const hv = tf.grads((a: tf.Tensor, b: tf.Tensor) => { const [ga, gb] = g([a, b]); return tf.add(tf.sum(ga), tf.sum(gb)); });
  const step = () => tf.tidy(() => { hv([w0, w1]).forEach((r) => r.dataSync()); });
  step();
  const live = tf.memory().numTensors;
  for (let i = 0; i < 200; i++) step();
  assert.equal(tf.memory().numTensors, live);
  tf.dispose([x, w0, w1, m]);
});
