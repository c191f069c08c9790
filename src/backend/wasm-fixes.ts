/**
 * Speed fixes for the wasm backend of TF.js 4.22; each keeps the arithmetic, changing only layout
 * or copies:
 * - BatchMatMul takes XNNPACK's fast path only when neither operand is transposed, and every
 *   matMul gradient asks for a transposed operand (30–80x slower). We make a transposed operand
 *   explicit first with wasm's own Transpose kernel.
 * - Identity copies its input, and the engine clones (Identity) every tensor it saves for the
 *   backward pass: a double-backprop HVP copied each activation several times. Like the cpu
 *   backend's and like wasm's own Reshape, ours shares the buffer (tensors are immutable).
 * - The max-pool gradient's selection mask gets a one-pass kernel (wasm-pool-mask.ts).
 * - A contiguous Slice (a chunk of rows) copies only the slice (wasm-slice.ts).
 * - A Sum over leading axes (every bias gradient) adds rows in place instead of transposing its
 *   input first, in the stock kernel's order (wasm-leading-sum.ts).
 */
import * as tf from '@tensorflow/tfjs-core';
import { installWasmPoolMask } from './wasm-pool-mask';
import { installContiguousSlice } from './wasm-slice';
import { installLeadingAxesSum } from './wasm-leading-sum';
import { overrideWasmKernel } from './wasm-kernel-override';

let installed = false;

/** Installs the wasm kernel wrappers once; call after `tf.setBackend('wasm')`. */
export function installWasmFixes(): void {
  if (installed) return;
  installMatMulFix();
  installSharedIdentity();
  installWasmPoolMask();
  installContiguousSlice();
  installLeadingAxesSum();
  installed = true;
}

function installMatMulFix(): void {
  const transposeFn = tf.getKernel(tf.Transpose, 'wasm')?.kernelFunc;
  if (!transposeFn) throw new Error('wasm backend lacks the Transpose kernel');
  overrideWasmKernel(tf.BatchMatMul, (original) => ({ inputs, backend, attrs }) => {
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
  });
}

function installSharedIdentity(): void {
  overrideWasmKernel(tf.Identity, (copy) => (args) => {
    const { x } = args.inputs as { x: tf.TensorInfo };
    if (x.dtype === 'string') return copy(args);
    // A new handle on the same buffer: the backend frees it when the last handle goes.
    (args.backend as tf.KernelBackend).incRef(x.dataId);
    return { dataId: x.dataId, shape: x.shape.slice(), dtype: x.dtype };
  });
}
