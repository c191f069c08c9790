/**
 * A conv net written as data: the list of layers its forward pass runs, with the parameters each
 * reads. The forward pass of VGG11 and ResNet34 is this list run in order ({@link runLayers}),
 * and the curvature code walks the same list to write out the R-operator
 * (src/curvature/program-hvp.ts), so the network it differentiates is the network that trains.
 */
import * as tf from '@tensorflow/tfjs-core';
import { Params } from './params';
import { ActivationName, activate } from '../nn/activations';
import { conv2d } from '../nn/conv2d';
import { maxPool2x2, globalAvgPool } from '../nn/pool';
import { dense } from '../nn/dense';

/** A 'same'-padded convolution: kernel (and bias) by parameter index. */
export interface ConvLayer { readonly op: 'conv'; readonly kernel: number; readonly bias?: number; readonly stride: 1 | 2 }
/** x·W + b on [batch, features]. */
export interface DenseLayer { readonly op: 'dense'; readonly kernel: number; readonly bias?: number }
/** shortcut(x) + scale·branch(x); an empty shortcut is the identity. */
export interface ResidualLayer {
  readonly op: 'residual';
  readonly branch: readonly Layer[];
  readonly shortcut: readonly Layer[];
  readonly scale: number;
}

/** One step of a forward pass ('act' is the program's activation; pools are 2x2, stride 2). */
export type Layer =
  | ConvLayer | DenseLayer | ResidualLayer
  | { readonly op: 'act' } | { readonly op: 'maxpool' } | { readonly op: 'global-avg-pool' } | { readonly op: 'flatten' };

/** A network as its layers, applied in order to NHWC images. */
export interface LayerProgram {
  readonly activation: ActivationName;
  readonly layers: readonly Layer[];
}

// Forward passes made by programForward(), so curvature code can recognise a program network by its
// forward pass itself (a replaced forward is never mistaken for one), as mlpSpecOf does for MLPs.
const PROGRAM_FORWARDS = new WeakMap<object, LayerProgram>();

/**
 * The forward pass of `program`, registered so {@link programOf} finds the program from it.
 * @example const forward = programForward({ activation: 'relu', layers: [{ op: 'conv', kernel: 0, stride: 1 }, { op: 'global-avg-pool' }] });
 */
export function programForward(program: LayerProgram): (params: Params, x: tf.Tensor) => tf.Tensor2D {
  const forward = (params: Params, x: tf.Tensor): tf.Tensor2D => runLayers(program.layers, program.activation, params, x) as tf.Tensor2D;
  PROGRAM_FORWARDS.set(forward, program);
  return forward;
}

/**
 * The program whose forward pass this is, or undefined for any other function.
 * @example programOf(vgg11(spec).forward)?.layers.length // 22
 */
export function programOf(forward: object): LayerProgram | undefined {
  return PROGRAM_FORWARDS.get(forward);
}

/**
 * Runs layers in order (the network's own forward pass).
 * @returns the output (a new tensor; call inside tf.tidy as any forward pass).
 */
export function runLayers(layers: readonly Layer[], activation: ActivationName, params: Params, x: tf.Tensor): tf.Tensor {
  let a = x;
  for (const layer of layers) a = runLayer(layer, activation, params, a);
  return a;
}

function runLayer(layer: Layer, activation: ActivationName, params: Params, a: tf.Tensor): tf.Tensor {
  const at = (i: number | undefined) => (i === undefined ? undefined : params[i].value);
  switch (layer.op) {
    case 'conv':
      return conv2d(a as tf.Tensor4D, at(layer.kernel) as tf.Tensor4D, at(layer.bias) as tf.Tensor1D | undefined, { stride: layer.stride, padding: 'same' });
    case 'dense':
      return dense(a as tf.Tensor2D, at(layer.kernel) as tf.Tensor2D, at(layer.bias) as tf.Tensor1D | undefined);
    case 'act':
      return activate(activation, a);
    case 'maxpool':
      return maxPool2x2(a as tf.Tensor4D);
    case 'global-avg-pool':
      return globalAvgPool(a as tf.Tensor4D);
    case 'flatten':
      return tf.reshape(a, [a.shape[0], -1]);
    case 'residual': {
      const branch = runLayers(layer.branch, activation, params, a);
      const shortcut = layer.shortcut.length ? runLayers(layer.shortcut, activation, params, a) : a;
      return tf.add(shortcut, layer.scale === 1 ? branch : tf.mul(branch, layer.scale));
    }
    default:
      throw new Error(`unknown layer '${(layer as { op: string }).op}'`);
  }
}
