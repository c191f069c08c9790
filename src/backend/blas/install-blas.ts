/**
 * Puts the native-BLAS kernels under the wasm backend: BatchMatMul, Conv2D and the dedicated conv
 * gradient kernels of src/autodiff/conv-grad-kernels.ts. Everything else stays on wasm (XNNPACK):
 * element-wise ops, reductions, pooling.
 */
import * as tf from '@tensorflow/tfjs-core';
import { CONV2D_FILTER_GRAD, CONV2D_INPUT_GRAD } from '../../autodiff/conv-grad-kernels';
import { blasBatchMatMul } from './batch-matmul';
import { BlasLibrary, loadBlas } from './blas-library';
import { blasThreads } from './blas-threads';
import { blasConv2D, blasConvFilterGrad, blasConvInputGrad } from './conv-kernels';

/** What the BLAS path runs on (recorded with every run: the kernels it picks change the last bits). */
export interface BlasInfo {
  readonly library: string;
  readonly version: string;
  readonly threads: number;
}

let installed: BlasInfo | undefined;
/** Stock (enabled = false) and BLAS (enabled = true) kernel functions, by kernel name. */
const kernels = new Map<string, { stock?: tf.KernelFunc; blas: tf.KernelFunc }>();
let enabled = false;

/**
 * Loads the BLAS library and registers its kernels for 'wasm' (once; call after the wasm backend
 * is ready and its own fixes are installed).
 * @returns what runs, or the one-line reason the BLAS path cannot start.
 */
export function installBlasKernels(): BlasInfo | string {
  if (installed) return installed;
  const blas: BlasLibrary | string = loadBlas(blasThreads());
  if (typeof blas === 'string') return blas;
  for (const [name, make] of [[tf.BatchMatMul, blasBatchMatMul], [tf.Conv2D, blasConv2D]] as const) {
    const stock = tf.getKernel(name, 'wasm')?.kernelFunc;
    if (!stock) throw new Error(`wasm backend lacks the ${name} kernel`);
    kernels.set(name, { stock, blas: make(blas.sgemm, stock) });
  }
  kernels.set(CONV2D_INPUT_GRAD, { blas: blasConvInputGrad(blas.sgemm) });
  kernels.set(CONV2D_FILTER_GRAD, { blas: blasConvFilterGrad(blas.sgemm) });
  setBlasKernelsEnabled(true);
  installed = { library: blas.path, version: blas.version, threads: blas.threads };
  return installed;
}

/**
 * Switches between the BLAS kernels and wasm's stock ones (with the conv gradients built from
 * Conv2D): for side-by-side checks and benches in one process. A no-op before installation.
 * @example setBlasKernelsEnabled(false); const ref = f(); setBlasKernelsEnabled(true);
 */
export function setBlasKernelsEnabled(on: boolean): void {
  if (on === enabled) return;
  for (const [kernelName, k] of kernels) {
    if (tf.getKernel(kernelName, 'wasm')) tf.unregisterKernel(kernelName, 'wasm');
    const kernelFunc = on ? k.blas : k.stock;
    if (kernelFunc) tf.registerKernel({ kernelName, backendName: 'wasm', kernelFunc });
  }
  enabled = on;
}
