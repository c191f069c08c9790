/**
 * A model is a spec (JSON, stored in checkpoints), a seeded initialiser and a pure forward pass.
 * Nothing is hidden in layer objects, so line-search trial points and HVPs can evaluate the same
 * network at any parameter list.
 */
import * as tf from '@tensorflow/tfjs-core';
import { Params } from './params';
import { ConvNetSpecConfig, MlpSpecConfig } from '../config/model-spec-schema';

/** An MLP (src/config/model-spec-schema.ts: the schema is the definition). */
export type MlpSpec = MlpSpecConfig;
/** VGG11 or ResNet34; channels are round(multiplier × 64/128/256/512), at least 1. */
export type ConvNetSpec = ConvNetSpecConfig;

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
