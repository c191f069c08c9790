/**
 * VGG11 (configuration "A") for 32x32 inputs, without batch norm or dropout: eight 3x3 conv
 * layers with biases, five 2x2 max-pools, then one linear layer C→outputDim (the CIFAR variant of
 * kuangliu/pytorch-cifar). At width multiplier 1: 9,225,610 parameters.
 */
import * as tf from '@tensorflow/tfjs-core';
import { ConvNetSpec, Model } from './model';
import { initParams, ParamShape } from './init';
import { Params } from './params';
import { conv2d } from '../nn/conv2d';
import { maxPool2x2 } from '../nn/pool';
import { dense } from '../nn/dense';
import { activate } from '../nn/activations';

const CONFIG_A: readonly (number | 'M')[] = [64, 'M', 128, 'M', 256, 256, 'M', 512, 512, 'M', 512, 512, 'M'];

/** Channels after applying a width multiplier (at least one). */
export function scaledWidth(base: number, multiplier: number): number {
  return Math.max(1, Math.round(base * multiplier));
}

/**
 * A VGG11 from its spec; parameters `conv{i}/kernel` [3,3,in,out], `conv{i}/bias`, `head/kernel`, `head/bias`.
 * @example vgg11({ arch: 'vgg11', widthMultiplier: 0.125, inputShape: [32, 32, 3], outputDim: 10, activation: 'relu' })
 */
export function vgg11(spec: ConvNetSpec): Model {
  const [h, w, c0] = spec.inputShape;
  const pools = CONFIG_A.filter((l) => l === 'M').length;
  if (h % 2 ** pools || w % 2 ** pools) throw new Error(`vgg11 needs height and width divisible by ${2 ** pools}, got ${h}x${w}`);
  const shapes: ParamShape[] = [];
  let cin = c0;
  let conv = 0;
  for (const layer of CONFIG_A) {
    if (layer === 'M') continue;
    const cout = scaledWidth(layer, spec.widthMultiplier);
    shapes.push({ name: `conv${conv}/kernel`, shape: [3, 3, cin, cout], fanIn: 9 * cin, conv: 'kernel' });
    shapes.push({ name: `conv${conv}/bias`, shape: [cout], fanIn: 9 * cin, conv: 'bias' });
    cin = cout;
    conv++;
  }
  const features = cin * (h / 2 ** pools) * (w / 2 ** pools);
  shapes.push({ name: 'head/kernel', shape: [features, spec.outputDim], fanIn: features });
  shapes.push({ name: 'head/bias', shape: [spec.outputDim], fanIn: features });

  const forward = (params: Params, x: tf.Tensor): tf.Tensor2D => {
    let a = x as tf.Tensor4D;
    let i = 0;
    for (const layer of CONFIG_A) {
      if (layer === 'M') {
        a = maxPool2x2(a);
        continue;
      }
      a = conv2d(a, params[i].value as tf.Tensor4D, params[i + 1].value as tf.Tensor1D, { stride: 1, padding: 'same' });
      a = activate(spec.activation, a) as tf.Tensor4D;
      i += 2;
    }
    const flat = tf.reshape(a, [a.shape[0], -1]) as tf.Tensor2D;
    return dense(flat, params[i].value as tf.Tensor2D, params[i + 1].value as tf.Tensor1D);
  };
  return { spec, inputLayout: 'nhwc', init: (seed) => initParams(shapes, seed, spec.init), forward };
}
