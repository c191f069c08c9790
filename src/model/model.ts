/**
 * A model is a spec (JSON, stored in checkpoints), a seeded initialiser and a pure forward pass.
 * Nothing is hidden in layer objects, so line-search trial points and HVPs can evaluate the same
 * network at any parameter list.
 */
import * as tf from '@tensorflow/tfjs-core';
import { Params } from './params';
import { ActivationName } from '../nn/activations';
import { InitScheme } from './init';

export interface MlpSpec {
  readonly arch: 'mlp';
  /** Input features (3072 for flattened CIFAR-10). */
  readonly inputDim: number;
  /** Hidden layer widths, e.g. [200, 200]. */
  readonly hidden: readonly number[];
  readonly outputDim: number;
  readonly activation: ActivationName;
}

export interface ConvNetSpec {
  readonly arch: 'vgg11' | 'resnet34';
  /** Channels are round(multiplier × the standard widths 64/128/256/512), at least 1. */
  readonly widthMultiplier: number;
  /** Input [height, width, channels], NHWC; 32x32x3 for CIFAR-10. */
  readonly inputShape: readonly [number, number, number];
  readonly outputDim: number;
  readonly activation: ActivationName;
  /** ResNet only: fixed factor α on each residual branch, y = act(x + α·F(x)). Default 1. */
  readonly residualScale?: number;
  /** Initialisation scheme (src/model/init.ts). Default 'torch-default'. */
  readonly init?: InitScheme;
}

export type ModelSpec = MlpSpec | ConvNetSpec;

export interface Model {
  readonly spec: ModelSpec;
  /** The layout the forward pass expects: flat [n, d] or NHWC images. */
  readonly inputLayout: 'flat' | 'nhwc';
  /** Fresh parameters from a seed (same seed → same values on every backend). */
  init(seed: number): Params;
  /** Network outputs [n, outputDim]; pure in `params`. */
  forward(params: Params, x: tf.Tensor): tf.Tensor2D;
}
