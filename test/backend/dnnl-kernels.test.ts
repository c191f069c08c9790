import './helpers/force-dnnl';
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { BackendInfo, initBackend } from '../../src/backend/select-backend';
import { conv } from '../../src/autodiff/conv-ops';
import { MATMULS, assertMatMulsEqualStock } from './helpers/matmul-cases';
import { relErr, seededRandn, stock } from './helpers/stock-kernels';
import { CONVS } from './helpers/conv-cases';
import { assertDoubleBackpropLeaksNothing } from './helpers/double-backprop-leak';
import { assertExactAcrossHeapGrowth } from './helpers/heap-growth';
import { spawnSync } from 'child_process';
import * as path from 'path';

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

const randn = seededRandn(37);

test('the run provenance names oneDNN, its version and the ISA it compiled for', (t) => {
  if (!needDnnl(t)) return;
  assert.equal(info.path, 'wasm+blas');
  assert.match(info.blas!.dnnl!, /^oneDNN 2\.\d+\.\d+ \(.*ISA \w+\)$/);
  assert.equal(info.versions.dnnl, info.blas!.dnnl);
  assert.match(info.reason, /matmuls and convolutions by oneDNN/);
});

// The MLP's first layer (512 images) in its three products, beside the shared table, and its weight
// gradient over 5000 images, which oneDNN's sgemm wrapper computes as its transpose (dnnl-sgemm.ts).
const MLP_MATMULS: [number[], number[], boolean, boolean][] = [
  [[512, 3072], [3072, 200], false, false], [[512, 3072], [512, 200], true, false], [[512, 200], [3072, 200], false, true],
  [[5000, 3072], [5000, 200], true, false],
];

test('oneDNN BatchMatMul equals the stock kernel (≤ 1e-5 relative): transposes, batches, broadcasts, tiny and MLP sizes', (t) => {
  if (!needDnnl(t)) return;
  assertMatMulsEqualStock([...MATMULS, ...MLP_MATMULS], randn);
});


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

test('the strided 1x1 filter gradient (oneDNN#6035 territory) runs 40 times on 2 threads with an odd batch, ≤ 1e-5 from stock', (t) => {
  if (!needDnnl(t)) return;
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(__dirname, 'helpers', 'strided-pointwise-grads.ts')], {
    cwd: path.resolve(__dirname, '../..'), encoding: 'utf8',
    env: { ...process.env, SHARPNESS_LAB_BACKEND: '', SHARPNESS_LAB_DNNL: 'on', SHARPNESS_LAB_BLAS_THREADS: '2' },
  });
  const said = r.stderr.split('\n').filter((l) => l.length < 500).slice(-6).join('\n'); // not the wasm glue's one-line source
  assert.equal(r.status, 0, `the child ended with status ${r.status}, signal ${r.signal}:\n${said}`);
  const out = JSON.parse(r.stdout.trim().split('\n').pop()!) as { dnnl: string | null; threads: number; err: number };
  assert.match(out.dnnl ?? '', /^oneDNN /);
  assert.equal(out.threads, 2);
  assert.ok(out.err <= 1e-5, `relative error ${out.err}`);
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

test('no stale heap view: a matmul and a convolution whose outputs grow the wasm memory are still exact', (t) => {
  if (!needDnnl(t)) return;
  assertExactAcrossHeapGrowth(randn, 3000, (a, b) => tf.matMul(a, b));
  // A 1x1 convolution of 2 images of 16x16 pixels is the same product with 512 rows.
  assertExactAcrossHeapGrowth(randn, 512, (a, b) => conv(tf.reshape(a, [2, 16, 16, 3]), tf.reshape(b, [1, 1, 3, b.shape[1]]), [1, 1], [1, 1], [[0, 0], [0, 0]]));
});

test('oneDNN kernels leak no tensor over 200 HVP-style double backprops of a conv + matmul net', (t) => {
  if (!needDnnl(t)) return;
  const x = randn([4, 8, 8, 3]) as tf.Tensor4D;
  const w0 = tf.variable(randn([3, 3, 3, 8]));
  const w1 = tf.variable(randn([3, 3, 8, 8]));
  const m = randn([8, 5]);
  const loss = (a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.tanh(tf.matMul(tf.mean(conv(tf.relu(conv(x, a as tf.Tensor4D, [1, 1], [1, 1], [[1, 1], [1, 1]])), b as tf.Tensor4D, [2, 2], [1, 1], [[0, 1], [0, 1]]), [1, 2]), m))) as tf.Scalar;
  assertDoubleBackpropLeaksNothing(loss, w0, w1, 200);
  tf.dispose([x, w0, w1, m]);
});
