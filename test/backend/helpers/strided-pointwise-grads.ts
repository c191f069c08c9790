// Child of dnnl-kernels.test.ts: ResNet34's first projection shortcut (1x1, stride 2, 8 → 16 channels
// at 32x32, width 1/8) on an odd batch, its filter gradient 40 times with the process's BLAS threads,
// then against the stock kernel. oneDNN's own kernel for it overran its workspace (dnnl-conv.ts) and
// glibc aborted this process within a few repetitions on 2 threads. Prints the relative error.
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../../src/backend/select-backend';
import { conv } from '../../../src/autodiff/conv-ops';
import { relErr, seededRandn, stock } from './stock-kernels';

(async () => {
  const info = await initBackend();
  const randn = seededRandn(5);
  const x = randn([9, 32, 32, 8]) as tf.Tensor4D;
  const f = randn([1, 1, 8, 16]) as tf.Tensor4D;
  const dy = randn([9, 16, 16, 16]);
  const grad = () => tf.grad((ff: tf.Tensor) => tf.sum(tf.mul(conv(x, ff as tf.Tensor4D, [2, 2], [1, 1], [[0, 0], [0, 0]]), dy)))(f);
  let last: tf.Tensor | undefined;
  for (let i = 0; i < 40; i++) {
    last?.dispose();
    last = grad();
    Buffer.alloc(1 << 16).fill(i); // allocator traffic between kernels, where glibc checks its heap
  }
  const ref = stock(grad);
  console.log(JSON.stringify({ dnnl: info.blas?.dnnl ?? null, threads: info.blas?.threads, err: relErr(last!.dataSync() as Float32Array, ref.dataSync() as Float32Array) }));
})();
