import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../src/backend/select-backend';
import { firstMaxMaskKernel } from '../../src/autodiff/pool-mask-kernel';
import { createRng } from '../../src/util/rng';

// The wasm max-pool selection mask against a host loop: 1 at the FIRST maximum of each window in
// row-major order (ties are common on real images), 0 elsewhere and in rows/columns no window covers.

before(async () => { await initBackend(); });

function hostMask(x: Float32Array, [b, h, w, c]: number[], [kh, kw]: [number, number]): Float32Array {
  const m = new Float32Array(x.length);
  for (let n = 0; n < b; n++) for (let u = 0; u + kh <= h; u += kh) for (let v = 0; v + kw <= w; v += kw) for (let ch = 0; ch < c; ch++) {
    let at = -1;
    for (let i = 0; i < kh; i++) for (let j = 0; j < kw; j++) {
      const k = ((n * h + u + i) * w + v + j) * c + ch;
      if (at < 0 || x[k] > x[at]) at = k;
    }
    m[at] = 1;
  }
  return m;
}

test('the one-pass max-pool mask kernel picks the first maximum of each window, ties and odd sizes included', (t) => {
  if (tf.getBackend() !== 'wasm') return t.skip(`the kernel is a wasm kernel; the backend is ${tf.getBackend()}`);
  const rng = createRng(12);
  for (const [shape, window] of [[[2, 6, 6, 3], [2, 2]], [[1, 7, 5, 2], [2, 2]], [[3, 4, 9, 1], [2, 3]], [[1, 2, 2, 4], [2, 2]]] as [number[], [number, number]][]) {
    // Values from {−1, 0, 1}: most windows tie.
    const x = Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => Math.floor(rng.uniform() * 3) - 1);
    const mask = tf.tidy(() => firstMaxMaskKernel(tf.tensor4d(x, shape as [number, number, number, number]), window)!.dataSync());
    assert.deepEqual(Array.from(mask), Array.from(hostMask(x, shape, window)), `x [${shape}], window ${window}`);
  }
});
