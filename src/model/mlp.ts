/** Fully connected network: dense → activation, repeated, then a linear read-out. */
import * as tf from '@tensorflow/tfjs-core';
import { MlpSpec, Model } from './model';
import { initParams, ParamShape } from './init';
import { Params } from './params';
import { dense } from '../nn/dense';
import { activate } from '../nn/activations';

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
  return {
    spec,
    inputLayout: 'flat',
    init: (seed) => initParams(shapes, seed),
    forward: (params: Params, x: tf.Tensor) => {
      let h = x as tf.Tensor2D;
      const layers = widths.length - 1;
      for (let i = 0; i < layers; i++) {
        h = dense(h, params[2 * i].value as tf.Tensor2D, params[2 * i + 1].value as tf.Tensor1D);
        if (i + 1 < layers) h = activate(spec.activation, h) as tf.Tensor2D;
      }
      return h;
    },
  };
}
