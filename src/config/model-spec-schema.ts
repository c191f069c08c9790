/** The model part of a run config: MLP or conv net (src/model/). */
import { Static, Type } from '@sinclair/typebox';
import { oneOf, Positive, PositiveInt } from './schema-types';
import { ACTIVATIONS } from '../nn/activations';

const Activation = oneOf(ACTIVATIONS, 'the hidden-layer nonlinearity');

export const MlpSpecSchema = Type.Object({
  arch: Type.Literal('mlp'),
  inputDim: PositiveInt('input features (3072 for flattened CIFAR-10)'),
  hidden: Type.Array(PositiveInt('a hidden layer width'), { description: 'hidden layer widths, e.g. [200, 200]' }),
  outputDim: PositiveInt('outputs (10 classes for CIFAR-10)'),
  activation: Activation,
}, { additionalProperties: false, description: 'fully connected network' });

export const ConvNetSpecSchema = Type.Object({
  arch: oneOf(['vgg11', 'resnet34'] as const, 'VGG11 (configuration A, no batch norm) or ResNet34 (CIFAR layout, no batch norm)'),
  widthMultiplier: Positive('channels are round(multiplier x 64/128/256/512), at least 1'),
  inputShape: Type.Tuple([PositiveInt('height'), PositiveInt('width'), PositiveInt('channels')], { description: 'input [height, width, channels], NHWC' }),
  outputDim: PositiveInt('outputs'),
  activation: Activation,
  residualScale: Type.Optional(Positive('ResNet only: fixed factor on each residual branch (default 1)')),
  init: Type.Optional(oneOf(['torch-default', 'he-fan-out'] as const, "initialisation (default 'torch-default')")),
}, { additionalProperties: false, description: 'convolutional network' });

export const ModelSpecSchema = Type.Union([MlpSpecSchema, ConvNetSpecSchema], { description: 'the network' });

export type MlpSpecConfig = Static<typeof MlpSpecSchema>;
export type ConvNetSpecConfig = Static<typeof ConvNetSpecSchema>;
