// The leak check the native-kernel tests share: HVP-style double backprops of a two-parameter
// loss, repeated, must leave the live tensor count where one warm-up left it.
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';

/** Runs ∇⟨∇loss, 1⟩ at (p, q) once, then `repeats` times, and asserts that no tensor is left behind. */
export function assertDoubleBackpropLeaksNothing(loss: (p: tf.Tensor, q: tf.Tensor) => tf.Scalar, p: tf.Variable, q: tf.Tensor, repeats: number): void {
  const g = tf.grads(loss);
  const hv = tf.grads((a: tf.Tensor, b: tf.Tensor) => { const [ga, gb] = g([a, b]); return tf.add(tf.sum(ga), tf.sum(gb)); });
  const step = () => tf.tidy(() => { hv([p, q]).forEach((r) => r.dataSync()); });
  step();
  const live = tf.memory().numTensors;
  for (let i = 0; i < repeats; i++) step();
  assert.equal(tf.memory().numTensors, live);
}
