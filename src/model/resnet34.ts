/**
 * ResNet34 for 32x32 inputs (kuangliu/pytorch-cifar layout: 3x3 stem, BasicBlocks [3, 4, 6, 3] at
 * 64/128/256/512 channels, strides 1/2/2/2, 1x1 projection shortcuts, global average pool, linear
 * head) WITHOUT batch norm: nothing replaces it, convolutions have no biases as in the standard
 * model, and each residual branch is multiplied by a fixed, untrained `residualScale`
 * (default 1, i.e. the plain sum). At width multiplier 1: 21,265,098 parameters
 * (the standard model's 21,282,122 minus its 17,024 batch-norm parameters).
 */
import { ConvNetSpec, Model } from './model';
import { initParams, ParamShape } from './init';
import { scaledWidth } from './vgg11';
import { Layer, programForward } from './layer-program';

const STAGES: readonly { base: number; blocks: number; stride: 1 | 2 }[] = [
  { base: 64, blocks: 3, stride: 1 }, { base: 128, blocks: 4, stride: 2 },
  { base: 256, blocks: 6, stride: 2 }, { base: 512, blocks: 3, stride: 2 },
];

interface Block { readonly stride: 1 | 2; readonly first: number; readonly projected: boolean }

/**
 * A ResNet34 without batch norm.
 * @param residualScale fixed factor α in y = act(shortcut(x) + α·branch(x)).
 * @example resnet34({ arch: 'resnet34', widthMultiplier: 0.125, inputShape: [32, 32, 3], outputDim: 10, activation: 'relu' })
 */
export function resnet34(spec: ConvNetSpec, residualScale = 1): Model {
  const shapes: ParamShape[] = [];
  const convShape = (name: string, k: number, cin: number, cout: number): void => {
    shapes.push({ name, shape: [k, k, cin, cout], fanIn: k * k * cin, conv: 'kernel' });
  };
  let cin = scaledWidth(64, spec.widthMultiplier);
  convShape('stem/kernel', 3, spec.inputShape[2], cin);
  const blocks: Block[] = [];
  STAGES.forEach((stage, s) => {
    const cout = scaledWidth(stage.base, spec.widthMultiplier);
    for (let b = 0; b < stage.blocks; b++) {
      const stride = b === 0 ? stage.stride : 1;
      const projected = stride !== 1 || cin !== cout;
      blocks.push({ stride, first: shapes.length, projected });
      convShape(`stage${s}/block${b}/conv0/kernel`, 3, cin, cout);
      convShape(`stage${s}/block${b}/conv1/kernel`, 3, cout, cout);
      if (projected) convShape(`stage${s}/block${b}/shortcut/kernel`, 1, cin, cout);
      cin = cout;
    }
  });
  shapes.push({ name: 'head/kernel', shape: [cin, spec.outputDim], fanIn: cin });
  shapes.push({ name: 'head/bias', shape: [spec.outputDim], fanIn: cin });

  // act(shortcut(a) + α·branch(a)) per block, after an activated stem; average pool, linear head.
  const layers: Layer[] = [{ op: 'conv', kernel: 0, stride: 1 }, { op: 'act' }];
  for (const b of blocks) {
    layers.push({
      op: 'residual',
      branch: [{ op: 'conv', kernel: b.first, stride: b.stride }, { op: 'act' }, { op: 'conv', kernel: b.first + 1, stride: 1 }],
      shortcut: b.projected ? [{ op: 'conv', kernel: b.first + 2, stride: b.stride }] : [],
      scale: residualScale,
    }, { op: 'act' });
  }
  const n = shapes.length;
  layers.push({ op: 'global-avg-pool' }, { op: 'dense', kernel: n - 2, bias: n - 1 });
  const forward = programForward({ activation: spec.activation, layers });
  return { spec, inputLayout: 'nhwc', init: (seed) => initParams(shapes, seed, spec.init), forward };
}
