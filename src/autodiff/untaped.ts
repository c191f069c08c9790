/**
 * `untaped(f)`: runs f with the gradient tape off, so the tensors it returns are constants to
 * every order of differentiation and cost nothing in a backward pass. For piecewise-constant
 * masks (relu's step, a max-pool's selection) whose derivative is zero anyway: taped, a second
 * backward pass would still differentiate through them (an elementwise product and a zero
 * gradient per mask and pass).
 *
 * TF.js records an op when `engine.state.gradientDepth > 0 && kernelDepth === 0`; like a custom
 * gradient's forward function, f runs with kernelDepth raised. If the engine lacks that state
 * (another TF.js version), f runs taped: slower, still exact (the masks have zero gradients).
 */
import * as tf from '@tensorflow/tfjs-core';

interface EngineState { kernelDepth?: unknown }

/**
 * @param f computes tensors from tensors (inside the caller's tidy scope, as usual).
 * @returns what f returns, disconnected from the tape.
 * @example const mask = untaped(() => tf.step(x)); return tf.mul(dy, mask);
 */
export function untaped<T>(f: () => T): T {
  const state = (tf.engine() as unknown as { state?: EngineState }).state;
  if (!state || typeof state.kernelDepth !== 'number') return f();
  state.kernelDepth++;
  try {
    return f();
  } finally {
    (state.kernelDepth as number)--;
  }
}
