import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { BackendInfo, initBackend } from '../../src/backend/select-backend';
import { setBlasKernelsEnabled } from '../../src/backend/blas/install-blas';
import { loadBlas, Sgemm } from '../../src/backend/blas/blas-library';
import { convFilterGrad, convForward, convInputGrad } from '../../src/backend/blas/conv-kernels';
import { ConvSizes } from '../../src/backend/blas/tap-grid';
import { conv } from '../../src/autodiff/conv-ops';
import { createRng } from '../../src/util/rng';
import { MATMULS, assertMatMulsEqualStock } from './helpers/matmul-cases';

// Every native-BLAS kernel against wasm's stock kernels (XNNPACK, and the Conv2D-built gradients of
// src/autodiff/grads-conv.ts) on the same inputs, over tables of shapes. The stock side runs with the
// BLAS kernels switched off in the same process. The registered kernels are the BLAS ones here, not
// oneDNN's (test/backend/dnnl-kernels.test.ts).
process.env.SHARPNESS_LAB_DNNL = 'off';

let info: BackendInfo;
let sgemm: Sgemm | undefined;
let why = '';

before(async () => {
  info = await initBackend();
  const blas = loadBlas(1);
  if (typeof blas === 'string') why = blas;
  else sgemm = blas.sgemm;
  if (info.path !== 'wasm+blas') why = `the active path is ${info.path} (${info.reason})`;
});

/** Skips with the reason where the BLAS path is not active; under CI that is a failure. */
function needBlas(t: { skip: (m: string) => void }): boolean {
  if (!why) return true;
  assert.ok(!process.env.CI, `CI must run the native-BLAS path: ${why}`);
  t.skip(why);
  return false;
}

const rng = createRng(31);
const randn = (shape: number[]) => tf.tensor(Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng.normal()), shape);

function relErr(a: Float32Array | number[], b: Float32Array | number[]): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < a.length; i++) { num += (a[i] - b[i]) ** 2; den += b[i] ** 2; }
  return Math.sqrt(num) / Math.max(Math.sqrt(den), 1e-30);
}

function stock<T>(f: () => T): T {
  setBlasKernelsEnabled(false);
  try { return f(); } finally { setBlasKernelsEnabled(true); }
}

test('under CI the native-BLAS path is the one that runs', () => {
  if (process.env.CI) assert.equal(info.path, 'wasm+blas', `CI must run the native-BLAS path: ${info.reason}`);
  assert.equal(why === '', info.path === 'wasm+blas');
});

test('the run provenance names the BLAS library, its version and its threads', (t) => {
  if (!needBlas(t)) return;
  assert.ok(info.blas && info.blas.threads >= 1);
  assert.match(info.versions.blas, /\S/);
  assert.equal(info.versions['blas-threads'], String(info.blas!.threads));
  assert.match(info.reason, /BLAS/);
});

test('BatchMatMul equals the stock kernel (≤ 1e-5 relative): transposes, batches, broadcasts, tiny sizes', (t) => {
  if (!needBlas(t)) return;
  assertMatMulsEqualStock(MATMULS, randn, stock, relErr);
});

test('BatchMatMul with an empty dimension: zeros for an empty inner size, empty results otherwise', (t) => {
  if (!needBlas(t)) return;
  tf.tidy(() => {
    const k0 = tf.matMul(tf.zeros([3, 0]), tf.zeros([0, 4]));
    assert.deepEqual(k0.shape, [3, 4]);
    assert.deepEqual(Array.from(k0.dataSync()), new Array(12).fill(0));
    assert.deepEqual(tf.matMul(tf.zeros([0, 5]), randn([5, 4])).shape, [0, 4]);
    assert.deepEqual(tf.matMul(randn([2, 3, 5]), tf.zeros([5, 0])).shape, [2, 3, 0]);
  });
});

/** [b, h, w, c, kh, kw, o, stride, dilation, pads [[t, b], [l, r]]] */
type ConvCase = [number, number, number, number, number, number, number, number, number, [[number, number], [number, number]]];
const CONVS: ConvCase[] = [
  [2, 5, 7, 3, 3, 3, 4, 1, 1, [[1, 1], [1, 1]]], // 'same', odd sizes
  [2, 6, 6, 2, 3, 3, 5, 2, 1, [[0, 1], [0, 1]]], // TF 'same' at stride 2: the extra zero after
  [1, 7, 6, 3, 3, 3, 2, 2, 1, [[1, 1], [1, 1]]], // stride 2, odd height
  [3, 8, 8, 4, 1, 1, 6, 2, 1, [[0, 0], [0, 0]]], // 1x1 projection, stride 2
  [2, 9, 8, 2, 3, 2, 3, 1, 2, [[0, 0], [0, 0]]], // dilation 2, non-square filter
  [2, 6, 5, 3, 3, 3, 2, 1, 2, [[2, 1], [0, 2]]], // dilation with uneven padding
  [1, 4, 4, 2, 4, 4, 3, 1, 1, [[0, 0], [0, 0]]], // filter as large as the input
  [2, 3, 3, 2, 3, 3, 2, 1, 1, [[2, 2], [2, 2]]], // padding larger than the input
  [1, 1, 1, 5, 1, 1, 7, 1, 1, [[0, 0], [0, 0]]], // one pixel
  [4, 16, 16, 16, 3, 3, 32, 1, 1, [[1, 1], [1, 1]]], // a VGG layer shape
  [2, 8, 8, 32, 3, 3, 64, 2, 1, [[0, 1], [0, 1]]], // a ResNet down-sampling shape
];

function sizesOf([b, h, w, c, kh, kw, o, s, d, p]: ConvCase): ConvSizes {
  const ho = Math.floor((h + p[0][0] + p[0][1] - d * (kh - 1) - 1) / s) + 1;
  const wo = Math.floor((w + p[1][0] + p[1][1] - d * (kw - 1) - 1) / s) + 1;
  return { b, h, w, c, kh, kw, o, sh: s, sw: s, dh: d, dw: d, pt: p[0][0], pl: p[1][0], ho, wo };
}

test('the GEMM convolution, its input gradient and its filter gradient equal the stock ones (≤ 1e-5 relative)', (t) => {
  if (!needBlas(t)) return;
  for (const k of CONVS) {
    const z = sizesOf(k);
    const [s, d, p] = [k[7], k[8], k[9]];
    tf.tidy(() => {
      const x = randn([z.b, z.h, z.w, z.c]) as tf.Tensor4D;
      const w = randn([z.kh, z.kw, z.c, z.o]) as tf.Tensor4D;
      const dy = randn([z.b, z.ho, z.wo, z.o]) as tf.Tensor4D;
      // Stock: XNNPACK's Conv2D, and the gradients as grads-conv.ts builds them from Conv2D.
      const [y0, dx0, dw0] = stock(() => {
        const f = (xx: tf.Tensor4D, ww: tf.Tensor4D) => tf.sum(tf.mul(conv(xx, ww, [s, s], [d, d], p), dy));
        const [gx, gw] = tf.grads((xx: tf.Tensor, ww: tf.Tensor) => f(xx as tf.Tensor4D, ww as tf.Tensor4D))([x, w]);
        return [conv(x, w, [s, s], [d, d], p).dataSync() as Float32Array, gx.dataSync() as Float32Array, gw.dataSync() as Float32Array];
      });
      const y1 = new Float32Array(y0.length);
      const dx1 = new Float32Array(dx0.length);
      const dw1 = new Float32Array(dw0.length);
      convForward(sgemm!, z, x.dataSync() as Float32Array, w.dataSync() as Float32Array, y1);
      convInputGrad(sgemm!, z, dy.dataSync() as Float32Array, w.dataSync() as Float32Array, dx1);
      convFilterGrad(sgemm!, z, x.dataSync() as Float32Array, dy.dataSync() as Float32Array, dw1);
      const label = `x [${x.shape}] w [${w.shape}] stride ${s} dilation ${d} pads ${JSON.stringify(p)}`;
      for (const [what, ours, ref] of [['forward', y1, y0], ['input gradient', dx1, dx0], ['filter gradient', dw1, dw0]] as const) {
        const e = relErr(ours, ref);
        assert.ok(e <= 1e-5, `${what}, ${label}: relative error ${e}`);
      }
    });
  }
});

test('the registered Conv2D kernel takes both routes (channel rule) and equals the stock kernel', (t) => {
  if (!needBlas(t)) return;
  for (const [c, o] of [[3, 8], [16, 16], [32, 24]]) {
    tf.tidy(() => {
      const x = randn([3, 9, 9, c]) as tf.Tensor4D;
      const w = randn([3, 3, c, o]) as tf.Tensor4D;
      const ours = tf.conv2d(x, w, 1, [[0, 0], [1, 1], [1, 1], [0, 0]]);
      const ref = stock(() => tf.conv2d(x, w, 1, [[0, 0], [1, 1], [1, 1], [0, 0]]));
      const e = relErr(ours.dataSync() as Float32Array, ref.dataSync() as Float32Array);
      assert.ok(e <= 1e-5, `${c} → ${o} channels: relative error ${e}`);
    });
  }
});

test('no stale heap view: a matmul whose output grows the wasm memory is still exact', (t) => {
  if (!needBlas(t)) return;
  const backend = tf.backend() as unknown as { wasm: { HEAPU8: Uint8Array } };
  const before = backend.wasm.HEAPU8.buffer.byteLength;
  // An output larger than the whole current heap forces a grow inside makeOutput, after the
  // inputs were written: views taken before it would point into a detached buffer.
  const n = Math.ceil((before + (64 << 20)) / 4 / 3000);
  const a = randn([3000, 3]);
  const b = randn([3, n]);
  const out = tf.matMul(a, b);
  const after = backend.wasm.HEAPU8.buffer.byteLength;
  assert.ok(after > before, `the heap did not grow (${before} → ${after} bytes): the test proves nothing`);
  const [av, bv, ov] = [a.dataSync(), b.dataSync(), out.dataSync()];
  for (const [i, j] of [[0, 0], [2999, n - 1], [1234, 4321 % n], [17, n >> 1]]) {
    const want = av[i * 3] * bv[j] + av[i * 3 + 1] * bv[n + j] + av[i * 3 + 2] * bv[2 * n + j];
    assert.ok(Math.abs(ov[i * n + j] - want) <= 1e-5 * (1 + Math.abs(want)), `out[${i}, ${j}] = ${ov[i * n + j]}, want ${want}`);
  }
  tf.dispose([a, b, out]);
});

test('the BLAS kernels leak no tensor over 200 gradient + HVP-style double backprops of a conv + matmul net', (t) => {
  if (!needBlas(t)) return;
  const x = randn([4, 8, 8, 16]) as tf.Tensor4D;
  const w = tf.variable(randn([3, 3, 16, 16]));
  const m = tf.variable(randn([16, 5]));
  const loss = (ww: tf.Tensor, mm: tf.Tensor) => tf.sum(tf.tanh(tf.matMul(tf.mean(conv(x, ww as tf.Tensor4D, [1, 1], [1, 1], [[1, 1], [1, 1]]), [1, 2]), mm)));
  const g = tf.grads(loss);
  const hv = tf.grads((ww: tf.Tensor, mm: tf.Tensor) => { const [a, b] = g([ww, mm]); return tf.add(tf.sum(a), tf.sum(b)); });
  const step = () => tf.tidy(() => { hv([w, m]).forEach((r) => r.dataSync()); });
  step();
  const live = tf.memory().numTensors;
  for (let i = 0; i < 200; i++) step();
  assert.equal(tf.memory().numTensors, live);
  tf.dispose([x, w, m]);
});
