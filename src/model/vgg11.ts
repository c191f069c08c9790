/**
 * VGG11 (configuration "A") for 32x32 inputs, without batch norm or dropout: eight 3x3 conv
 * layers with biases, five 2x2 max-pools, then one linear layer C→outputDim (the CIFAR variant of
 * kuangliu/pytorch-cifar). At width multiplier 1: 9,225,610 parameters.
 */
import { ConvNetSpec, Model } from './model';
import { initParams, ParamShape } from './init';
import { Layer, programForward } from './layer-program';

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

  const layers: Layer[] = [];
  let i = 0;
  for (const layer of CONFIG_A) {
    if (layer === 'M') {
      layers.push({ op: 'maxpool' });
      continue;
    }
    layers.push({ op: 'conv', kernel: i, bias: i + 1, stride: 1 }, { op: 'act' });
    i += 2;
  }
  layers.push({ op: 'flatten' }, { op: 'dense', kernel: i, bias: i + 1 });
  const forward = programForward({ activation: spec.activation, layers });
  return { spec, inputLayout: 'nhwc', init: (seed) => initParams(shapes, seed, spec.init), forward };
}
