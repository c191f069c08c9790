/**
 * An activation's value and first two derivatives at the pre-activation z, in closed form: what
 * the R-operator HVPs (src/curvature/mlp-hvp.ts, program-passes.ts) keep once per parameter point. Values use
 * the same formulas as `activate` (tanh as 2σ(2z) − 1); the derivatives match what double
 * backprop through `activate` gives with the kit's gradients (ReLU: 1 for z > 0, else 0, and no
 * curvature; ELU: e^z for z ≤ 0).
 */
import * as tf from '@tensorflow/tfjs-core';
import { ActivationName, activate } from './activations';

/** h = σ(z), σ'(z) and σ''(z), each shaped like z (new tensors). */
export interface ActivationJet {
  readonly value: tf.Tensor;
  readonly first: tf.Tensor;
  readonly second: tf.Tensor;
}

/** The activations whose σ'' is zero wherever it exists. */
export type PiecewiseLinearActivation = 'relu' | 'linear';

/** σ'' is identically zero (ReLU's is taken as zero at its kink, as double backprop does). */
export function isPiecewiseLinear(activation: ActivationName): activation is PiecewiseLinearActivation {
  return activation === 'relu' || activation === 'linear';
}

const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

/**
 * σ, σ' and σ'' of an activation at z (call inside tf.tidy, or dispose the three tensors).
 * @example const { value, first, second } = activationJet('tanh', z); // first = 1 − value²
 */
export function activationJet(name: ActivationName, z: tf.Tensor): ActivationJet {
  switch (name) {
    case 'tanh': {
      // tanh = 2σ(2z) − 1 and tanh' = 4σ(2z)σ(−2z) (no cancellation in the tails), as the kit's gradients.
      const h = activate('tanh', z);
      const first = tf.mul(tf.mul(tf.sigmoid(tf.mul(z, 2)), tf.sigmoid(tf.mul(z, -2))), 4);
      return { value: h, first, second: tf.mul(tf.mul(h, -2), first) };
    }
    case 'sigmoid': {
      const s = tf.sigmoid(z);
      const first = tf.mul(s, tf.sigmoid(tf.neg(z)));
      return { value: s, first, second: tf.mul(first, tf.sub(1, tf.mul(s, 2))) };
    }
    case 'relu':
    case 'linear':
      return { ...piecewiseLinearJet(name, z), second: tf.zerosLike(z) };
    case 'softplus': {
      const s = tf.sigmoid(z);
      return { value: tf.softplus(z), first: s, second: tf.mul(s, tf.sigmoid(tf.neg(z))) };
    }
    case 'elu': {
      const e = tf.exp(tf.minimum(z, 0));
      const positive = tf.greater(z, 0);
      return { value: tf.elu(z), first: tf.where(positive, tf.onesLike(z), e), second: tf.where(positive, tf.zerosLike(z), e) };
    }
    case 'gelu': {
      // x·Φ(x): σ' = Φ + x·φ, σ'' = φ·(2 − x²), φ the standard normal density.
      const phi = tf.mul(tf.exp(tf.mul(tf.square(z), -0.5)), INV_SQRT_2PI);
      const cdf = tf.mul(tf.add(tf.erf(tf.mul(z, Math.SQRT1_2)), 1), 0.5);
      return { value: activate('gelu', z), first: tf.add(cdf, tf.mul(z, phi)), second: tf.mul(phi, tf.sub(2, tf.square(z))) };
    }
    default:
      throw new Error(`unknown activation '${name as string}'`);
  }
}

/**
 * σ and σ' of ReLU or the identity, without the σ'' = 0 that `activationJet` also builds. ReLU's
 * slope is `step` (1 for z > 0, else 0), the op the kit's ReLU gradient uses; on wasm it is a
 * sixteenth of the time of casting `greater`'s booleans, with the same values.
 * @example const { value, first } = piecewiseLinearJet('relu', z);
 */
export function piecewiseLinearJet(name: PiecewiseLinearActivation, z: tf.Tensor): Omit<ActivationJet, 'second'> {
  return name === 'relu' ? { value: tf.relu(z), first: tf.step(z) } : { value: tf.clone(z), first: tf.onesLike(z) };
}
