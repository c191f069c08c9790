/**
 * Puts the native kernels under the wasm backend: BatchMatMul, and Conv2D with the dedicated conv
 * gradient kernels of src/autodiff/conv-grad-kernels.ts, on oneDNN where it loads (its sgemm and
 * its convolutions), else on the BLAS (sgemm, and one GEMM per filter tap). Everything else stays on
 * wasm (XNNPACK): element-wise ops, reductions, pooling. The BLAS's dgemv and ddot also take the
 * eigen-solvers' float64 basis products (src/linalg/host-blas.ts).
 */
import * as tf from '@tensorflow/tfjs-core';
import { CONV2D_FILTER_GRAD, CONV2D_INPUT_GRAD } from '../../autodiff/conv-grad-kernels';
import { blasBatchMatMul } from './batch-matmul';
import { BlasLibrary, Sgemm, loadBlas } from './blas-library';
import { HostBlas, setHostBlas } from '../../linalg/host-blas';
import { blasThreads } from './blas-threads';
import { gemmConvEngine } from './conv-kernels';
import { setActiveConvLibrary } from '../conv-policy';
import { ConvEngine, nativeConv2D, nativeConvFilterGrad, nativeConvInputGrad } from '../conv-engine';
import { DNNL_ENV, loadDnnl, requestedDnnl } from '../dnnl/dnnl-library';
import { DnnlConv } from '../dnnl/dnnl-conv';

/** What the BLAS path runs on (recorded with every run: the kernels it picks change the last bits). */
export interface BlasInfo {
  readonly library: string;
  readonly version: string;
  readonly threads: number;
  /** oneDNN's version and ISA when it runs the matmuls and convolutions (then this BLAS runs only the eigen-solvers' float64 products). */
  readonly dnnl?: string;
  /** Why oneDNN does not run them although it was not switched off, e.g. it is not installed. */
  readonly dnnlNote?: string;
}

let installed: BlasInfo | undefined;
let host: HostBlas | undefined;
/** Stock (enabled = false) and BLAS (enabled = true) kernel functions, by kernel name. */
const kernels = new Map<string, { stock?: tf.KernelFunc; blas: tf.KernelFunc }>();
let enabled = false;

/**
 * Loads the BLAS library, and oneDNN unless `SHARPNESS_LAB_DNNL=off`, and registers the native
 * kernels for 'wasm' (once; call after the wasm backend is ready and its own fixes are installed).
 * @returns what runs, or the one-line reason the BLAS path cannot start.
 */
export function installBlasKernels(): BlasInfo | string {
  if (installed) return installed;
  const blas: BlasLibrary | string = loadBlas(blasThreads());
  if (typeof blas === 'string') return blas;
  const native = nativeLibraries(blas);
  if (typeof native === 'string') return native;
  const stock = (name: string) => {
    const k = tf.getKernel(name, 'wasm')?.kernelFunc;
    if (!k) throw new Error(`wasm backend lacks the ${name} kernel`);
    return k;
  };
  kernels.set(tf.BatchMatMul, { stock: stock(tf.BatchMatMul), blas: blasBatchMatMul(native.sgemm, stock(tf.BatchMatMul)) });
  kernels.set(tf.Conv2D, { stock: stock(tf.Conv2D), blas: nativeConv2D(native.conv, stock(tf.Conv2D)) });
  kernels.set(CONV2D_INPUT_GRAD, { blas: nativeConvInputGrad(native.conv) });
  kernels.set(CONV2D_FILTER_GRAD, { blas: nativeConvFilterGrad(native.conv) });
  setActiveConvLibrary(native.dnnl ? 'dnnl' : 'gemm');
  host = blas.host;
  setBlasKernelsEnabled(true);
  installed = { library: blas.path, version: blas.version, threads: blas.threads, dnnl: native.dnnl, dnnlNote: native.note };
  return installed;
}

/**
 * The sgemm and convolutions to register. Automatic: oneDNN's when it loads, else the BLAS's with
 * the reason; a forced oneDNN that cannot load is the reason the path cannot start, never a fallback.
 */
function nativeLibraries(blas: BlasLibrary): { sgemm: Sgemm; conv: ConvEngine; dnnl?: string; note?: string } | string {
  const plain = { sgemm: blas.sgemm, conv: gemmConvEngine(blas.sgemm) };
  const wanted = requestedDnnl();
  if (wanted === 'off') return plain;
  const dnnl = loadDnnl(blas.threads);
  if (typeof dnnl !== 'string') return { sgemm: dnnl.sgemm, conv: new DnnlConv(dnnl), dnnl: dnnl.version };
  return wanted === 'on' ? `${DNNL_ENV}=on: ${dnnl}` : { ...plain, note: dnnl };
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
  // The eigen-solvers' float64 products follow the same switch.
  setHostBlas(on ? host : undefined);
  enabled = on;
}
