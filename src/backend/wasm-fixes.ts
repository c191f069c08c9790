/**
 * Speed fix for the wasm backend: its BatchMatMul takes XNNPACK's fast path only when neither
 * operand is transposed, and every matMul gradient asks for a transposed operand (30–80x slower).
 * We wrap the kernel so a transposed operand is first made explicit with wasm's own Transpose
 * kernel; the arithmetic is the same, only the memory layout changes.
 */
import * as tf from '@tensorflow/tfjs-core';

let installed = false;

/** Installs the wasm kernel wrappers once; call after `tf.setBackend('wasm')`. */
export function installWasmFixes(): void {
  if (installed) return;
  const matMul = tf.getKernel(tf.BatchMatMul, 'wasm');
  const transpose = tf.getKernel(tf.Transpose, 'wasm');
  if (!matMul || !transpose) throw new Error('wasm backend lacks BatchMatMul or Transpose kernels');
  const original = matMul.kernelFunc;
  const transposeFn = transpose.kernelFunc;

  const kernelFunc: tf.KernelFunc = ({ inputs, backend, attrs }) => {
    const { a, b } = inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
    const { transposeA, transposeB } = attrs as unknown as tf.BatchMatMulAttrs;
    if (!transposeA && !transposeB) return original({ inputs, backend, attrs });
    const made: tf.TensorInfo[] = [];
    const explicit = (x: tf.TensorInfo): tf.TensorInfo => {
      const r = x.shape.length;
      const perm = [...Array(r - 2).keys(), r - 1, r - 2];
      const t = transposeFn({ inputs: { x }, backend, attrs: { perm } }) as tf.TensorInfo;
      made.push(t);
      return t;
    };
    const out = original({
      inputs: { a: transposeA ? explicit(a) : a, b: transposeB ? explicit(b) : b },
      backend,
      attrs: { ...attrs, transposeA: false, transposeB: false } as unknown as tf.NamedAttrMap,
    });
    for (const t of made) (backend as tf.KernelBackend).disposeData(t.dataId);
    return out;
  };

  tf.unregisterKernel(tf.BatchMatMul, 'wasm');
  tf.registerKernel({ kernelName: tf.BatchMatMul, backendName: 'wasm', kernelFunc });
  installed = true;
}
