/**
 * Puts the native kernels under the wasm backend: BatchMatMul through BLAS, and Conv2D with the
 * dedicated conv gradient kernels of src/autodiff/conv-grad-kernels.ts through BLAS GEMMs or,
 * with `SHARPNESS_LAB_CONV=dnnl`, oneDNN. Everything else stays on wasm (XNNPACK): element-wise
 * ops, reductions, pooling.
 */
import * as tf from '@tensorflow/tfjs-core';
import { CONV2D_FILTER_GRAD, CONV2D_INPUT_GRAD } from '../../autodiff/conv-grad-kernels';
import { blasBatchMatMul } from './batch-matmul';
import { BlasLibrary, loadBlas } from './blas-library';
import { blasThreads } from './blas-threads';
import { gemmConvEngine } from './conv-kernels';
import { ConvLibrary, requestedConvLibrary, setActiveConvLibrary } from '../conv-policy';
import { ConvEngine, nativeConv2D, nativeConvFilterGrad, nativeConvInputGrad } from '../conv-engine';
import { loadDnnl } from '../dnnl/dnnl-library';
import { DnnlConv } from '../dnnl/dnnl-conv';

/** What the BLAS path runs on (recorded with every run: the kernels it picks change the last bits). */
export interface BlasInfo {
  readonly library: string;
  readonly version: string;
  readonly threads: number;
  /** What runs the convolutions: 'gemm' (this BLAS), or oneDNN's version and ISA. */
  readonly conv: 'gemm' | string;
  /** Why the GEMMs run the convolutions when oneDNN was not forced away, e.g. oneDNN missing. */
  readonly convNote?: string;
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
  const conv = convEngine(requestedConvLibrary(), blas);
  if (typeof conv === 'string') return conv;
  const stock = (name: string) => {
    const k = tf.getKernel(name, 'wasm')?.kernelFunc;
    if (!k) throw new Error(`wasm backend lacks the ${name} kernel`);
    return k;
  };
  kernels.set(tf.BatchMatMul, { stock: stock(tf.BatchMatMul), blas: blasBatchMatMul(blas.sgemm, stock(tf.BatchMatMul)) });
  kernels.set(tf.Conv2D, { stock: stock(tf.Conv2D), blas: nativeConv2D(conv.engine, stock(tf.Conv2D)) });
  kernels.set(CONV2D_INPUT_GRAD, { blas: nativeConvInputGrad(conv.engine) });
  kernels.set(CONV2D_FILTER_GRAD, { blas: nativeConvFilterGrad(conv.engine) });
  setActiveConvLibrary(conv.name === 'gemm' ? 'gemm' : 'dnnl');
  setBlasKernelsEnabled(true);
  installed = { library: blas.path, version: blas.version, threads: blas.threads, conv: conv.name, convNote: conv.note };
  return installed;
}

/**
 * The convolution library asked for. Automatic: oneDNN when it loads, else the GEMMs with the
 * reason; a forced oneDNN that cannot load is the reason the path cannot start, never a fallback.
 */
function convEngine(library: ConvLibrary | 'auto', blas: BlasLibrary): { engine: ConvEngine; name: string; note?: string } | string {
  const gemm = { engine: gemmConvEngine(blas.sgemm), name: 'gemm' };
  if (library === 'gemm') return gemm;
  const dnnl = loadDnnl(blas.threads);
  if (typeof dnnl !== 'string') return { engine: new DnnlConv(dnnl), name: dnnl.version };
  return library === 'dnnl' ? `SHARPNESS_LAB_CONV=dnnl: ${dnnl}` : { ...gemm, note: dnnl };
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
