/**
 * Gradients of the elementwise nonlinearities and Softmax.
 *
 * The fix that matters: tfjs-core's Tanh, Sigmoid, Exp, Softmax (and Elu) gradients save the op's
 * OUTPUT. The engine records the saved copy's tape node *before* the op's own node, so when the
 * gradient is differentiated again the forward sweep over the tape never learns that the saved
 * output depends on the input, and that path is silently dropped (second derivatives ≈ 50–100 %
 * wrong, no error). Every gradient here saves the INPUT and recomputes what it needs from it.
 */
import * as tf from '@tensorflow/tfjs-core';
import { single } from './grad-util';
import { untaped } from './untaped';

/** A config for y = f(x) whose gradient is dy · f′(x), with f′ built from differentiable ops. */
function unary(kernelName: string, derivative: (x: tf.Tensor) => tf.Tensor): tf.GradConfig {
  return {
    kernelName,
    inputsToSave: ['x'],
    gradFunc: (dy, [x]) => ({ x: () => tf.mul(single(dy), derivative(x)) }),
  };
}

const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

/** σ′(x) = σ(x)·σ(−x): accurate in both tails, unlike σ(1 − σ). */
function sigmoidPrime(x: tf.Tensor): tf.Tensor {
  return tf.mul(tf.sigmoid(x), tf.sigmoid(tf.neg(x)));
}

/** Gradients of Exp, Log, Sqrt, Tanh, Sigmoid, Softplus, Erf, Relu, Elu, Abs and Softmax. */
export const unaryGradients: readonly tf.GradConfig[] = [
  unary(tf.Exp, (x) => tf.exp(x)),
  unary(tf.Log, (x) => tf.div(1, x)),
  unary(tf.Sqrt, (x) => tf.div(0.5, tf.sqrt(x))),
  // tanh′(x) = 4σ(2x)σ(−2x), recomputed from x (the stock version reuses the saved output: wrong
  // H). Sigmoids rather than 1 − tanh²: no cancellation in the tails, and fast on wasm.
  unary(tf.Tanh, (x) => tf.mul(sigmoidPrime(tf.mul(x, 2)), 4)),
  // σ′(x) = σ(x)σ(−x), recomputed from x.
  unary(tf.Sigmoid, sigmoidPrime),
  // softplus′ = σ; its own second derivative then comes from the fixed Sigmoid gradient.
  unary(tf.Softplus, (x) => tf.sigmoid(x)),
  unary(tf.Erf, (x) => tf.mul(tf.exp(tf.neg(tf.square(x))), TWO_OVER_SQRT_PI)),
  // The step mask is piecewise constant (H is that of the active piece); untaped, a second
  // backward pass does not differentiate through it.
  unary(tf.Relu, (x) => untaped(() => tf.step(x))),
  // elu′(x) = 1 for x > 0 and eˣ otherwise, i.e. exp(min(x, 0)) (no overflow for large x).
  unary(tf.Elu, (x) => tf.exp(tf.minimum(x, 0))),
  unary(tf.Abs, (x) => tf.sign(x)),
  {
    kernelName: tf.Softmax,
    inputsToSave: ['logits'],
    gradFunc: (dy, [logits], attrs) => ({
      logits: () => {
        // J·dy = y ⊙ dy − y · Σ(y ⊙ dy), with y recomputed from the logits.
        const { dim } = attrs as unknown as tf.SoftmaxAttrs;
        const y = tf.softmax(logits, dim);
        const yDy = tf.mul(y, single(dy));
        return tf.sub(yDy, tf.mul(y, tf.sum(yDy, dim, true)));
      },
    }),
  },
];
