/** A model from its JSON spec (the form stored in run configs and checkpoints). */
import { Model, ModelSpec } from './model';
import { mlp } from './mlp';
import { vgg11 } from './vgg11';
import { resnet34 } from './resnet34';

/**
 * @example createModel({ arch: 'mlp', inputDim: 3072, hidden: [200, 200], outputDim: 10, activation: 'tanh' })
 */
export function createModel(spec: ModelSpec): Model {
  switch (spec.arch) {
    case 'mlp': return mlp(spec);
    case 'vgg11': return vgg11(spec);
    case 'resnet34': return resnet34(spec, spec.residualScale ?? 1);
    default: throw new Error(`unknown architecture '${(spec as { arch: string }).arch}'`);
  }
}
