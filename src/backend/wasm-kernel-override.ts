/**
 * How the kit replaces one of wasm's stock kernels: ours is registered in its place and keeps the
 * stock function, to hand back every case it does not take (wasm-fixes.ts, wasm-slice.ts, wasm-leading-sum.ts).
 */
import * as tf from '@tensorflow/tfjs-core';

/**
 * Registers `make(stock)` as wasm's `kernelName`, where `stock` is the kernel it replaces.
 * @throws when the wasm backend has no such kernel.
 * @example overrideWasmKernel(tf.Slice, (stock) => (args) => (isContiguous(args) ? copyRows(args) : stock(args)));
 */
export function overrideWasmKernel(kernelName: string, make: (stock: tf.KernelFunc) => tf.KernelFunc): void {
  const stock = tf.getKernel(kernelName, 'wasm')?.kernelFunc;
  if (!stock) throw new Error(`wasm backend lacks the ${kernelName} kernel`);
  const kernelFunc = make(stock);
  tf.unregisterKernel(kernelName, 'wasm');
  tf.registerKernel({ kernelName, backendName: 'wasm', kernelFunc });
}
