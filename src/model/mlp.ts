/** Fully connected network: dense → activation, repeated, then a linear read-out. */
import * as tf from '@tensorflow/tfjs-core';
import { MlpSpec, Model } from './model';
import { initParams, ParamShape } from './init';
import { Params } from './params';
import { dense } from '../nn/dense';
import { activate } from '../nn/activations';

// Forward functions made by mlp(), so curvature code can recognise an MLP objective by its
// forward pass itself (a replaced forward is never mistaken for an MLP).
const MLP_FORWARDS = new WeakMap<object, MlpSpec>();

/**
 * An MLP from its spec; parameters `dense{i}/kernel` [in, out] and `dense{i}/bias` [out].
 * @example const m = mlp({ arch: 'mlp', inputDim: 3072, hidden: [200, 200], outputDim: 10, activation: 'tanh' });
 */
export function mlp(spec: MlpSpec): Model {
  const widths = [spec.inputDim, ...spec.hidden, spec.outputDim];
  const shapes: ParamShape[] = [];
  for (let i = 0; i + 1 < widths.length; i++) {
    shapes.push({ name: `dense${i}/kernel`, shape: [widths[i], widths[i + 1]], fanIn: widths[i] });
    shapes.push({ name: `dense${i}/bias`, shape: [widths[i + 1]], fanIn: widths[i] });
  }
  const forward = (params: Params, x: tf.Tensor): tf.Tensor2D => {
    let h = x as tf.Tensor2D;
    const layers = widths.length - 1;
    for (let i = 0; i < layers; i++) {
      h = dense(h, params[2 * i].value as tf.Tensor2D, params[2 * i + 1].value as tf.Tensor1D);
      if (i + 1 < layers) h = activate(spec.activation, h) as tf.Tensor2D;
    }
    return h;
  };
  MLP_FORWARDS.set(forward, spec);
  return { spec, inputLayout: 'flat', init: (seed) => initParams(shapes, seed), forward };
}

/**
 * The spec of the MLP whose forward pass this is, or undefined for any other function.
 * @example mlpSpecOf(mlp(spec).forward) === spec
 */
export function mlpSpecOf(forward: object): MlpSpec | undefined {
  return MLP_FORWARDS.get(forward);
}
