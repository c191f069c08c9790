/**
 * Registers this project's gradient set: correct to every order, for every kernel our networks,
 * losses and HVPs touch. Gradients live in tfjs-core's global registry, so they are backend
 * independent (cpu, wasm, tfjs-node).
 *
 * Why our own set, not the stock one:
 * - `@tensorflow/tfjs-core` alone registers NO gradients (the `@tensorflow/tfjs` bundle does, and
 *   we do not depend on it), so every `tf.grad` would throw "gradient function not found".
 * - The stock Tanh, Sigmoid, Exp, Softmax, Elu and Max gradients save the op's output, which the
 *   engine's tape order silently drops at second order (see grads-unary.ts); ours save inputs.
 * - Masks (Equal, Greater, Less, ...) have no stock gradient and break the second pass.
 * - Conv2D, MaxPool and AvgPool gradients need kernels that have no gradient (or, on wasm, no
 *   kernel at all: Conv2DBackpropFilter).
 * The set is closed: every op used inside a gradient has a gradient here, so any order works.
 *
 * Restricted: Conv2D (NHWC, 'valid' or explicit padding) and MaxPool/AvgPool (non-overlapping
 * 'valid' windows only) throw otherwise; src/nn/conv2d and src/nn/pool stay within those cases.
 * Inside an HVP, BatchMatMul and Conv2D weight gradients are directional (directional.ts).
 * Not covered (do not differentiate them twice): `tf.logSoftmax` and `tf.losses.*` (customGrad
 * with a saved output; use src/objective/cross-entropy), Pow, trig functions, depthwise/3-D conv.
 */
import * as tf from '@tensorflow/tfjs-core';
import { arithmeticGradients } from './grads-arithmetic';
import { convGradients } from './grads-conv';
import { matMulGradients } from './grads-matmul';
import { poolGradients } from './grads-pool';
import { reduceGradients } from './grads-reduce';
import { shapeGradients } from './grads-shape';
import { unaryGradients } from './grads-unary';
import { zeroGradients } from './grads-zero';

const ALL: readonly tf.GradConfig[] = [
  ...arithmeticGradients, ...unaryGradients, ...reduceGradients,
  ...shapeGradients, ...matMulGradients, ...convGradients, ...poolGradients, ...zeroGradients,
];

/**
 * Registers (or re-registers) every gradient of the set that is not already the registered one.
 * Idempotent and cheap (one map lookup per kernel), so callers may run it before each
 * differentiation: if another library re-registers stock gradients later (loading
 * `@tensorflow/tfjs` or tfjs-node does), the next call restores ours. Overriding is silent
 * (tfjs only warns in DEBUG mode).
 * @returns the number of kernels (re-)registered by this call (0 when already installed).
 * @example installSecondOrderGradients(); const h = tf.grad(tf.grad((x) => tf.sum(tf.tanh(x)))) ...
 */
export function installSecondOrderGradients(): number {
  let changed = 0;
  for (const config of ALL) {
    if (tf.getGradient(config.kernelName) !== config) {
      tf.registerGradient(config);
      changed++;
    }
  }
  return changed;
}

/**
 * Whether every gradient of the set is the registered one right now.
 * @returns true when `installSecondOrderGradients()` would change nothing.
 * @example if (!secondOrderGradientsInstalled()) installSecondOrderGradients();
 */
export function secondOrderGradientsInstalled(): boolean {
  return ALL.every((config) => tf.getGradient(config.kernelName) === config);
}

/**
 * Kernel names covered by the set, sorted (for diagnostics and run provenance).
 * @returns e.g. ['Abs', 'Add', 'AddN', 'BatchMatMul', ...].
 * @example console.log(secondOrderGradientKernels().join(' '));
 */
export function secondOrderGradientKernels(): string[] {
  return ALL.map((c) => c.kernelName).sort();
}
