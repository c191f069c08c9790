import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { BackendInfo, initBackend } from '../../src/backend/select-backend';
import { loadBlas, Sgemm } from '../../src/backend/blas/blas-library';
import { convFilterGrad, convForward, convInputGrad } from '../../src/backend/blas/conv-kernels';
import { ConvSizes } from '../../src/backend/blas/tap-grid';
import { conv } from '../../src/autodiff/conv-ops';
import { MATMULS, assertMatMulsEqualStock } from './helpers/matmul-cases';
import { relErr, seededRandn, stock } from './helpers/stock-kernels';
import { CONVS, ConvCase } from './helpers/conv-cases';
import { assertDoubleBackpropLeaksNothing } from './helpers/double-backprop-leak';
import { assertExactAcrossHeapGrowth } from './helpers/heap-growth';

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

const randn = seededRandn(31);

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
  assertMatMulsEqualStock(MATMULS, randn);
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
  assertExactAcrossHeapGrowth(randn, 3000, (a, b) => tf.matMul(a, b));
});

test('the BLAS kernels leak no tensor over 200 gradient + HVP-style double backprops of a conv + matmul net', (t) => {
  if (!needBlas(t)) return;
  const x = randn([4, 8, 8, 16]) as tf.Tensor4D;
  const w = tf.variable(randn([3, 3, 16, 16]));
  const m = tf.variable(randn([16, 5]));
  const loss = (ww: tf.Tensor, mm: tf.Tensor) => tf.sum(tf.tanh(tf.matMul(tf.mean(conv(x, ww as tf.Tensor4D, [1, 1], [1, 1], [[1, 1], [1, 1]]), [1, 2]), mm))) as tf.Scalar;
  assertDoubleBackpropLeaksNothing(loss, w, m, 200);
  tf.dispose([x, w, m]);
});
