// Child process of native-signals.test.ts: the native path's matmuls and convolutions (forward and
// both gradients) run 10 times while the V8 profiler (`--cpu-prof`) interrupts the thread with
// SIGPROF every 100 µs. Prints one JSON line: the path, how many results differed in any bit from
// the first round, and the round's checksum. A heap a signal corrupted aborts the process instead.
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../../src/backend/select-backend';
import { conv } from '../../../src/autodiff/conv-ops';
import { seededRandn } from './stock-kernels';

const ROUNDS = 10;

(async () => {
  const info = await initBackend();
  const randn = seededRandn(5);
  const a = randn([512, 3072]);
  const w = randn([3072, 200]);
  const same: [[number, number], [number, number]] = [[1, 1], [1, 1]];
  // A conv net's first layer (3 channels) and a middle one, forward and both gradients.
  const layers = [[16, 32, 32, 3, 8], [16, 16, 16, 16, 32]].map(([b, h, wd, c, o]) =>
    ({ x: randn([b, h, wd, c]) as tf.Tensor4D, f: randn([3, 3, c, o]) as tf.Tensor4D, dy: randn([b, h, wd, o]) as tf.Tensor4D }));
  const round = (): Float32Array[] => tf.tidy(() => [
    tf.matMul(a, w), tf.matMul(a, tf.transpose(w), false, true),
    ...layers.flatMap(({ x, f, dy }) => [conv(x, f, [1, 1], [1, 1], same),
      ...tf.grads((xx: tf.Tensor, ff: tf.Tensor) => tf.sum(tf.mul(conv(xx as tf.Tensor4D, ff as tf.Tensor4D, [1, 1], [1, 1], same), dy)))([x, f])]),
  ].map((t) => t.dataSync() as Float32Array));
  const first = round();
  let differing = 0;
  for (let r = 1; r < ROUNDS; r++) {
    round().forEach((out, i) => { if (!out.every((v, j) => Object.is(v, first[i][j]))) differing++; });
  }
  const checksum = first.map((o) => o.reduce((s, v) => s + v, 0));
  console.log(JSON.stringify({ path: info.path, dnnl: info.blas?.dnnl ?? null, differing, checksum }));
})();
